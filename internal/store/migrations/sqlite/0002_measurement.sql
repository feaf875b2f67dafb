-- Measurement-based care: questionnaire links, the delivery outbox, safety
-- alerts and API idempotency keys. Times are fixed-width UTC text.

-- A single-use, expiring questionnaire link. Only the SHA-256 of the token
-- is kept. schedule_key names the schedule slot a link was made for, so a
-- schedule run never makes the same link twice.
CREATE TABLE questionnaire_links (
    id             INTEGER PRIMARY KEY,
    clinic_id      INTEGER NOT NULL REFERENCES clinics(id),
    patient_id     INTEGER NOT NULL REFERENCES patients(id),
    course_id      INTEGER REFERENCES courses(id),
    instrument     TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    reason         TEXT NOT NULL DEFAULT '',
    schedule_key   TEXT,
    created_by     INTEGER REFERENCES users(id),
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    used_at        TEXT,
    assessment_id  INTEGER REFERENCES assessments(id),
    UNIQUE (clinic_id, patient_id, schedule_key)
);
CREATE INDEX questionnaire_links_patient ON questionnaire_links (clinic_id, patient_id, created_at);

-- Messages waiting to be delivered (email or SMS). token holds the link's
-- token only until the message is sent or cancelled, then it is blanked.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    patient_id  INTEGER NOT NULL REFERENCES patients(id),
    link_id     INTEGER NOT NULL REFERENCES questionnaire_links(id),
    kind        TEXT NOT NULL,
    channel     TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    token       TEXT NOT NULL DEFAULT '',
    due_at      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    sent_at     TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox (status, due_at);

CREATE TABLE safety_alerts (
    id               INTEGER PRIMARY KEY,
    clinic_id        INTEGER NOT NULL REFERENCES clinics(id),
    patient_id       INTEGER NOT NULL REFERENCES patients(id),
    assessment_id    INTEGER NOT NULL REFERENCES assessments(id),
    kind             TEXT NOT NULL,
    detail           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    acknowledged_at  TEXT,
    acknowledged_by  INTEGER REFERENCES users(id),
    note             TEXT NOT NULL DEFAULT ''
);
CREATE INDEX safety_alerts_open ON safety_alerts (clinic_id, acknowledged_at, created_at);
CREATE INDEX safety_alerts_patient ON safety_alerts (patient_id, created_at);

-- A retried API submission with the same key from the same user is stored once.
CREATE TABLE idempotency_keys (
    id             INTEGER PRIMARY KEY,
    clinic_id      INTEGER NOT NULL REFERENCES clinics(id),
    user_id        INTEGER NOT NULL REFERENCES users(id),
    idem_key       TEXT NOT NULL,
    fingerprint    TEXT NOT NULL,
    assessment_id  INTEGER NOT NULL REFERENCES assessments(id),
    created_at     TEXT NOT NULL,
    UNIQUE (user_id, idem_key)
);
