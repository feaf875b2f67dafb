-- The clinic's note templates (issue 16): the starting text of a progress,
-- consultation or therapy note, which the clinic edits. A clinic without
-- any uses the defaults (record.DefaultNoteTemplates), stored with its
-- first edit.
CREATE TABLE note_templates (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    kind        TEXT NOT NULL CHECK (kind IN ('therapy', 'progress', 'consultation')),
    name        TEXT NOT NULL,
    body        TEXT NOT NULL,
    updated_by  INTEGER REFERENCES users(id),
    updated_at  TEXT NOT NULL,
    UNIQUE (clinic_id, name)
);
CREATE UNIQUE INDEX note_templates_id_clinic ON note_templates (id, clinic_id);

-- The worklist's overdue questionnaires: a clinic's unanswered links by
-- when they were made, without reading the answered ones.
CREATE INDEX questionnaire_links_open ON questionnaire_links (clinic_id, created_at) WHERE used_at IS NULL;

-- The worklist's sessions to sign: a clinic's unsigned sessions by
-- check-in, without reading the signed ones.
CREATE INDEX treatment_sessions_unsigned ON treatment_sessions (clinic_id, checked_in_at) WHERE signed_at IS NULL;
