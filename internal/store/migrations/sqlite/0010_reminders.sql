-- Appointment reminders with pre-visit instructions (issue 4). One reminder
-- per appointment and start time (a moved appointment gets a new one); the
-- text is written when it is sent, from the appointment as it then stands.
CREATE TABLE appointment_reminders (
    id                INTEGER PRIMARY KEY,
    clinic_id         INTEGER NOT NULL REFERENCES clinics(id),
    patient_id        INTEGER NOT NULL REFERENCES patients(id),
    appointment_id    INTEGER NOT NULL REFERENCES appointments(id),
    appointment_start TEXT NOT NULL,
    channel           TEXT NOT NULL,
    recipient         TEXT NOT NULL,
    due_at            TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'pending',
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT NOT NULL DEFAULT '',
    sent_at           TEXT,
    created_at        TEXT NOT NULL,
    UNIQUE (clinic_id, appointment_id, appointment_start)
);
CREATE INDEX appointment_reminders_due ON appointment_reminders (status, due_at);
CREATE INDEX appointment_reminders_patient ON appointment_reminders (clinic_id, patient_id);
