-- A clinic's own settings: its name, address and phone as patients see
-- them, its time zone, how its email is signed, the crisis text patients
-- see, and its quiet hours. Versioned and append-only: the latest row is
-- in force, and every version stays to be read.
CREATE TABLE clinic_settings (
    id               INTEGER PRIMARY KEY,
    clinic_id        INTEGER NOT NULL REFERENCES clinics(id),
    body             TEXT NOT NULL,
    created_by       INTEGER REFERENCES users(id),
    created_by_name  TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX clinic_settings_clinic ON clinic_settings (clinic_id, id);
CREATE TRIGGER clinic_settings_no_update BEFORE UPDATE ON clinic_settings
BEGIN SELECT RAISE(ABORT, 'clinic settings are append-only: save new ones'); END;
CREATE TRIGGER clinic_settings_no_delete BEFORE DELETE ON clinic_settings
BEGIN SELECT RAISE(ABORT, 'clinic settings are append-only: save new ones'); END;
