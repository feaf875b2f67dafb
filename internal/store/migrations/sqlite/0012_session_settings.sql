-- A clinic's own session rules (hold thresholds, alert limits, discharge
-- minimum, vitals interval), set by its medical director; versioned and
-- append-only: the latest row is in force.
CREATE TABLE clinic_session_settings (
    id               INTEGER PRIMARY KEY,
    clinic_id        INTEGER NOT NULL REFERENCES clinics(id),
    body             TEXT NOT NULL,
    created_by       INTEGER REFERENCES users(id),
    created_by_name  TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX clinic_session_settings_clinic ON clinic_session_settings (clinic_id, id);
CREATE TRIGGER clinic_session_settings_no_update BEFORE UPDATE ON clinic_session_settings
BEGIN SELECT RAISE(ABORT, 'session settings are append-only: save new ones'); END;
CREATE TRIGGER clinic_session_settings_no_delete BEFORE DELETE ON clinic_session_settings
BEGIN SELECT RAISE(ABORT, 'session settings are append-only: save new ones'); END;
