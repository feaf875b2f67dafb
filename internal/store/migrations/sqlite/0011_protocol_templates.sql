-- A clinic's own protocol templates (copied from the built-in ones and
-- edited), versioned and append-only; and each plan's template snapshot, so
-- a signed plan keeps the spacing and ceilings it was made with.
CREATE TABLE protocol_templates (
    id               INTEGER PRIMARY KEY,
    clinic_id        INTEGER NOT NULL REFERENCES clinics(id),
    template_id      TEXT NOT NULL,
    version          INTEGER NOT NULL,
    body             TEXT NOT NULL,
    created_by       INTEGER REFERENCES users(id),
    created_by_name  TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    UNIQUE (clinic_id, template_id, version)
);
CREATE TRIGGER protocol_templates_no_update BEFORE UPDATE ON protocol_templates
BEGIN SELECT RAISE(ABORT, 'protocol templates are append-only: save a new version'); END;
CREATE TRIGGER protocol_templates_no_delete BEFORE DELETE ON protocol_templates
BEGIN SELECT RAISE(ABORT, 'protocol templates are append-only: save a new version'); END;

ALTER TABLE treatment_plans ADD COLUMN template_json TEXT NOT NULL DEFAULT '';
