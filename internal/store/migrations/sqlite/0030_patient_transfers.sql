-- A patient moved to another clinic of the organization (issue 17). The
-- receiving clinic gets a new record with the patient's details and
-- outcome history (clinic_id, patient_id: the new record); the sending
-- clinic keeps its record, its notes, sessions and ledger, marked as
-- transferred (from_clinic_id, from_patient_id). The two patient columns
-- carry no foreign key: each names a record of a different clinic, which
-- a schema distributed by clinic cannot check.
CREATE TABLE patient_transfers (
    id               INTEGER PRIMARY KEY,
    clinic_id        INTEGER NOT NULL REFERENCES clinics(id),
    patient_id       INTEGER NOT NULL,
    from_clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    from_patient_id  INTEGER NOT NULL,
    by_user          INTEGER NOT NULL,
    at               TEXT NOT NULL,
    reason           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX patient_transfers_to ON patient_transfers (clinic_id, patient_id);
CREATE INDEX patient_transfers_from ON patient_transfers (from_clinic_id, from_patient_id);
CREATE TRIGGER patient_transfers_no_update BEFORE UPDATE ON patient_transfers
BEGIN SELECT RAISE(ABORT, 'patient_transfers is append-only'); END;
CREATE TRIGGER patient_transfers_no_delete BEFORE DELETE ON patient_transfers
BEGIN SELECT RAISE(ABORT, 'patient_transfers is append-only'); END;
