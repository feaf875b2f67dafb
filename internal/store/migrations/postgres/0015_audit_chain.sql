-- The audit trail is tamper-evident (internal/auditchain): each row
-- carries its place in its clinic's chain (seq), the previous row's hash
-- and its own, written in the transaction of the write it records. The
-- clinic's head (latest seq and hash) is the checkpoint a verification
-- compares the trail's end against; it only ever moves one step forward.
-- Rows written before this migration keep seq NULL: counted, not covered.
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
-- No index on seq: the head row (locked on PostgreSQL; SQLite has one writer)
-- already gives each row its place, and verification reads by id.

CREATE TABLE audit_heads (
    clinic_id  BIGINT PRIMARY KEY REFERENCES clinics(id),
    seq        BIGINT NOT NULL,
    hash       TEXT NOT NULL
);
INSERT INTO audit_heads (clinic_id, seq, hash) SELECT id, 0, '' FROM clinics;
CREATE FUNCTION audit_heads_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'the audit head cannot be deleted'; END IF;
  IF NEW.seq <> OLD.seq + 1 OR NEW.clinic_id <> OLD.clinic_id THEN
    RAISE EXCEPTION 'the audit head only moves one step forward';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_heads_forward BEFORE UPDATE OR DELETE ON audit_heads
FOR EACH ROW EXECUTE FUNCTION audit_heads_forward();

-- TRUNCATE skips row triggers: refuse it on every append-only table.
CREATE FUNCTION refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only: TRUNCATE is refused', TG_TABLE_NAME; END $$;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER audit_heads_no_truncate BEFORE TRUNCATE ON audit_heads FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER treatment_sessions_no_truncate BEFORE TRUNCATE ON treatment_sessions FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER session_doses_no_truncate BEFORE TRUNCATE ON session_doses FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER session_vitals_no_truncate BEFORE TRUNCATE ON session_vitals FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER session_alerts_no_truncate BEFORE TRUNCATE ON session_alerts FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER session_side_effects_no_truncate BEFORE TRUNCATE ON session_side_effects FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rems_forms_no_truncate BEFORE TRUNCATE ON rems_forms FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER session_addenda_no_truncate BEFORE TRUNCATE ON session_addenda FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rems_enrolments_no_truncate BEFORE TRUNCATE ON rems_enrolments FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER intakes_no_truncate BEFORE TRUNCATE ON intakes FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER screening_overrides_no_truncate BEFORE TRUNCATE ON screening_overrides FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_containers_no_truncate BEFORE TRUNCATE ON ledger_containers FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER protocol_templates_no_truncate BEFORE TRUNCATE ON protocol_templates FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER clinic_session_settings_no_truncate BEFORE TRUNCATE ON clinic_session_settings FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
