-- Booking (issue 4 items 5-6): the clinic's scheduling set-up, its chairs
-- and rooms, its providers, appointments and the waitlist.
--
-- booking_settings has one row per clinic. Besides the clinic's hours, time
-- zone and cancellation policy it is the clinic's booking lock: every
-- booking transaction first updates the row's lock_version, so on
-- PostgreSQL concurrent bookings of one clinic queue on that row lock and
-- each reads the bookings committed before it (READ COMMITTED takes a new
-- snapshot per statement). SQLite has one writer and BEGIN IMMEDIATE, so
-- booking transactions are serial there anyway.
CREATE TABLE booking_settings (
    clinic_id       INTEGER PRIMARY KEY REFERENCES clinics(id),
    timezone        TEXT NOT NULL DEFAULT '',
    hours           TEXT NOT NULL DEFAULT '',
    notice_hours    INTEGER NOT NULL DEFAULT 24,
    max_reschedules INTEGER NOT NULL DEFAULT 2,
    within_days     INTEGER NOT NULL DEFAULT 7,
    lock_version    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE booking_resources (
    id        INTEGER PRIMARY KEY,
    clinic_id INTEGER NOT NULL REFERENCES clinics(id),
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('chair', 'room')),
    hosts     TEXT NOT NULL DEFAULT '',
    UNIQUE (clinic_id, name)
);

CREATE TABLE booking_providers (
    id        INTEGER PRIMARY KEY,
    clinic_id INTEGER NOT NULL REFERENCES clinics(id),
    user_id   INTEGER NOT NULL REFERENCES users(id),
    name      TEXT NOT NULL,
    kinds     TEXT NOT NULL DEFAULT '',
    hours     TEXT NOT NULL DEFAULT '',
    UNIQUE (clinic_id, user_id)
);

CREATE TABLE appointments (
    id              INTEGER PRIMARY KEY,
    clinic_id       INTEGER NOT NULL REFERENCES clinics(id),
    patient_id      INTEGER NOT NULL REFERENCES patients(id),
    kind            TEXT NOT NULL,
    start_at        TEXT NOT NULL,
    end_at          TEXT NOT NULL,
    provider_end_at TEXT NOT NULL,
    resource_id     INTEGER NOT NULL REFERENCES booking_resources(id),
    provider_id     INTEGER NOT NULL REFERENCES booking_providers(id),
    status          TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'attended')),
    plan_id         INTEGER REFERENCES treatment_plans(id),
    plan_session    INTEGER,
    reschedules     INTEGER NOT NULL DEFAULT 0,
    late_change     INTEGER NOT NULL DEFAULT 0,
    note            TEXT NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES users(id),
    created_at      TEXT NOT NULL,
    cancelled_at    TEXT
);
CREATE INDEX appointments_time ON appointments (clinic_id, start_at);
CREATE INDEX appointments_patient ON appointments (clinic_id, patient_id, start_at);
-- A second guard under the service's checks: one live booking per chair
-- and start, and one per plan session.
CREATE UNIQUE INDEX appointments_resource_start ON appointments (resource_id, start_at) WHERE status <> 'cancelled';
CREATE UNIQUE INDEX appointments_plan_session ON appointments (plan_id, plan_session) WHERE status <> 'cancelled' AND plan_id IS NOT NULL;

CREATE TABLE booking_waitlist (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    patient_id  INTEGER NOT NULL REFERENCES patients(id),
    kind        TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    priority    INTEGER NOT NULL DEFAULT 0,
    earliest    TEXT,
    latest      TEXT,
    days        TEXT NOT NULL DEFAULT '',
    after_min   INTEGER NOT NULL DEFAULT 0,
    before_min  INTEGER NOT NULL DEFAULT 0,
    provider_id INTEGER REFERENCES booking_providers(id),
    note        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('waiting', 'booked', 'removed'))
);
CREATE INDEX booking_waitlist_open ON booking_waitlist (clinic_id, status, added_at);
