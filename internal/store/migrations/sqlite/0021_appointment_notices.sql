-- A patient is told when an appointment is booked, moved or cancelled
-- (the reminder 48 hours ahead is appointment_reminders'). The text is
-- written when it is sent, from the appointment as it then stands.
CREATE TABLE appointment_notices (
    id                INTEGER PRIMARY KEY,
    clinic_id         INTEGER NOT NULL REFERENCES clinics(id),
    patient_id        INTEGER NOT NULL REFERENCES patients(id),
    appointment_id    INTEGER NOT NULL REFERENCES appointments(id),
    kind              TEXT NOT NULL CHECK (kind IN ('booked', 'moved', 'cancelled')),
    appointment_start TEXT NOT NULL,
    channel           TEXT NOT NULL,
    recipient         TEXT NOT NULL,
    due_at            TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'pending',
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT NOT NULL DEFAULT '',
    sent_at           TEXT,
    created_at        TEXT NOT NULL
);
CREATE INDEX appointment_notices_due ON appointment_notices (status, due_at);
CREATE INDEX appointment_notices_patient ON appointment_notices (clinic_id, patient_id);
