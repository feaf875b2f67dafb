-- Each whole-clinic export (service/export): who took the clinic's data
-- out, when, in which format, and how many rows of each file. The
-- export's audit row names it (record_type clinic_export). Append-only.
CREATE TABLE clinic_exports (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    format      TEXT NOT NULL,
    counts      TEXT NOT NULL,   -- FILE=ROWS separated by spaces, e.g. "patients.csv=120 courses.csv=131"
    user_id     INTEGER REFERENCES users(id),
    user_name   TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX clinic_exports_clinic ON clinic_exports (clinic_id, id);
CREATE TRIGGER clinic_exports_no_update BEFORE UPDATE ON clinic_exports
BEGIN SELECT RAISE(ABORT, 'clinic_exports is append-only'); END;
CREATE TRIGGER clinic_exports_no_delete BEFORE DELETE ON clinic_exports
BEGIN SELECT RAISE(ABORT, 'clinic_exports is append-only'); END;
