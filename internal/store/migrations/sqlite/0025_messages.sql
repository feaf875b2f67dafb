-- Secure messages between a patient (the portal) and their care team:
-- threads per patient, assignable to a staff member; each message's text
-- is kept as written and never deleted, and is read once by the other side
-- (read_at, read_by). A patient's message with self-harm wording raises a
-- safety alert like a questionnaire's suicide item, so a safety alert now
-- comes from an assessment or from a message.

CREATE TABLE message_threads (
    id               INTEGER PRIMARY KEY,
    clinic_id        INTEGER NOT NULL REFERENCES clinics(id),
    patient_id       INTEGER NOT NULL REFERENCES patients(id),
    subject          TEXT NOT NULL DEFAULT '',
    assigned_to      INTEGER REFERENCES users(id),
    created_by       INTEGER REFERENCES users(id),
    created_at       TEXT NOT NULL,
    last_message_at  TEXT NOT NULL
);
CREATE INDEX message_threads_clinic ON message_threads (clinic_id, last_message_at);
CREATE INDEX message_threads_patient ON message_threads (clinic_id, patient_id, last_message_at);

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    thread_id   INTEGER NOT NULL REFERENCES message_threads(id),
    patient_id  INTEGER NOT NULL REFERENCES patients(id),
    sender      TEXT NOT NULL CHECK (sender IN ('patient', 'staff')),
    author_id   INTEGER REFERENCES users(id),
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    read_at     TEXT,
    read_by     INTEGER REFERENCES users(id)
);
CREATE INDEX messages_thread ON messages (thread_id, id);
CREATE INDEX messages_unread ON messages (clinic_id, sender, read_at);
CREATE TRIGGER messages_no_delete BEFORE DELETE ON messages
BEGIN SELECT RAISE(ABORT, 'messages are kept'); END;
CREATE TRIGGER messages_text_kept BEFORE UPDATE OF clinic_id, thread_id, patient_id, sender, author_id, body, created_at ON messages
BEGIN SELECT RAISE(ABORT, 'a message is kept as written'); END;
CREATE TRIGGER messages_read_once BEFORE UPDATE OF read_at, read_by ON messages WHEN OLD.read_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a message is read once'); END;

-- The patient is told that a message waits in the portal, by each way they
-- chose to be reached; the notice names no word of it.
CREATE TABLE message_notices (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    patient_id  INTEGER NOT NULL REFERENCES patients(id),
    thread_id   INTEGER NOT NULL REFERENCES message_threads(id),
    channel     TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    sent_at     TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX message_notices_due ON message_notices (status, due_at);
CREATE INDEX message_notices_patient ON message_notices (clinic_id, patient_id, status);

-- A safety alert comes from an assessment or from a message, never both.
-- SQLite cannot drop a NOT NULL, so the table is rebuilt (nothing refers
-- to it).
CREATE TABLE safety_alerts_new (
    id               INTEGER PRIMARY KEY,
    clinic_id        INTEGER NOT NULL REFERENCES clinics(id),
    patient_id       INTEGER NOT NULL REFERENCES patients(id),
    assessment_id    INTEGER REFERENCES assessments(id),
    message_id       INTEGER REFERENCES messages(id),
    kind             TEXT NOT NULL,
    detail           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    acknowledged_at  TEXT,
    acknowledged_by  INTEGER REFERENCES users(id),
    note             TEXT NOT NULL DEFAULT '',
    CHECK ((assessment_id IS NULL) <> (message_id IS NULL))
);
INSERT INTO safety_alerts_new (id, clinic_id, patient_id, assessment_id, kind, detail, created_at, acknowledged_at, acknowledged_by, note)
    SELECT id, clinic_id, patient_id, assessment_id, kind, detail, created_at, acknowledged_at, acknowledged_by, note FROM safety_alerts;
DROP TABLE safety_alerts;
ALTER TABLE safety_alerts_new RENAME TO safety_alerts;
CREATE INDEX safety_alerts_open ON safety_alerts (clinic_id, acknowledged_at, created_at);
CREATE INDEX safety_alerts_patient ON safety_alerts (patient_id, created_at);
CREATE INDEX safety_alerts_message ON safety_alerts (message_id);
