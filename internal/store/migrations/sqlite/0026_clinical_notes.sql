-- Clinical notes by the care team (therapy, progress, consultation): a
-- draft its author may edit, then signed and locked; addenda after.
CREATE TABLE clinical_notes (
    id            INTEGER PRIMARY KEY,
    clinic_id     INTEGER NOT NULL REFERENCES clinics(id),
    patient_id    INTEGER NOT NULL REFERENCES patients(id),
    kind          TEXT NOT NULL CHECK (kind IN ('therapy', 'progress', 'consultation')),
    session       TEXT NOT NULL DEFAULT '',
    intentions    TEXT NOT NULL DEFAULT '',
    themes        TEXT NOT NULL DEFAULT '',
    observations  TEXT NOT NULL DEFAULT '',
    plan          TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL DEFAULT '',
    author_id     INTEGER NOT NULL REFERENCES users(id),
    author_name   TEXT NOT NULL,
    author_role   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    signed_at     TEXT
);
CREATE INDEX clinical_notes_patient ON clinical_notes (clinic_id, patient_id);
CREATE TABLE note_addenda (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    note_id     INTEGER NOT NULL REFERENCES clinical_notes(id),
    body        TEXT NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES users(id),
    author_name TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX note_addenda_note ON note_addenda (note_id);
-- A signed note does not change (the store also updates drafts only).
CREATE TRIGGER clinical_notes_locked BEFORE UPDATE ON clinical_notes
WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed'); END;
CREATE TRIGGER note_addenda_no_update BEFORE UPDATE ON note_addenda
BEGIN SELECT RAISE(ABORT, 'addenda cannot be changed'); END;
