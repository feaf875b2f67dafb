-- The audit trail is tamper-evident (internal/auditchain): each row
-- carries its place in its clinic's chain (seq), the previous row's hash
-- and its own, written in the transaction of the write it records. The
-- clinic's head (latest seq and hash) is the checkpoint a verification
-- compares the trail's end against; it only ever moves one step forward.
-- Rows written before this migration keep seq NULL: counted, not covered.
ALTER TABLE audit_log ADD COLUMN seq INTEGER;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
-- No index on seq: the head row (locked on PostgreSQL; SQLite has one writer)
-- already gives each row its place, and verification reads by id.

CREATE TABLE audit_heads (
    clinic_id  INTEGER PRIMARY KEY REFERENCES clinics(id),
    seq        INTEGER NOT NULL,
    hash       TEXT NOT NULL
);
INSERT INTO audit_heads (clinic_id, seq, hash) SELECT id, 0, '' FROM clinics;
CREATE TRIGGER audit_heads_forward BEFORE UPDATE ON audit_heads WHEN NEW.seq <> OLD.seq + 1 OR NEW.clinic_id <> OLD.clinic_id
BEGIN SELECT RAISE(ABORT, 'the audit head only moves one step forward'); END;
CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON audit_heads
BEGIN SELECT RAISE(ABORT, 'the audit head cannot be deleted'); END;
