-- How each patient wants to be reached (email, text, both, none, or
-- automatic), recorded with who recorded it, how and when. Append-only:
-- the newest choice is in force and the history is the record of the
-- patient's consent to texts.
CREATE TABLE contact_preferences (
    id               INTEGER PRIMARY KEY,
    clinic_id        INTEGER NOT NULL REFERENCES clinics(id),
    patient_id       INTEGER NOT NULL REFERENCES patients(id),
    preference       TEXT NOT NULL CHECK (preference IN ('', 'email', 'sms', 'both', 'none')),
    source           TEXT NOT NULL,
    recorded_by      INTEGER REFERENCES users(id),
    recorded_by_name TEXT NOT NULL,
    recorded_at      TEXT NOT NULL
);
CREATE INDEX contact_preferences_patient ON contact_preferences (clinic_id, patient_id, id);
CREATE TRIGGER contact_preferences_no_update BEFORE UPDATE ON contact_preferences
BEGIN SELECT RAISE(ABORT, 'contact preferences are append-only: record a new one'); END;
CREATE TRIGGER contact_preferences_no_delete BEFORE DELETE ON contact_preferences
BEGIN SELECT RAISE(ABORT, 'contact preferences are append-only: record a new one'); END;
