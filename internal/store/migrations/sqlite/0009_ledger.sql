-- Controlled-substance ledger (issue 5, item 7; clinical-reference.md §5.4).
-- A container row names one vial or package of devices; its receipt and
-- every later movement are rows of ledger_entries, each holding the full
-- entry (internal/ledger.Entry) as JSON. Both tables are append-only: the
-- triggers refuse UPDATE and DELETE. A correction is a new entry whose
-- corrects column names the entry it replaces.
CREATE TABLE ledger_containers (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    drug        TEXT NOT NULL,
    form        TEXT NOT NULL,
    ndc         TEXT NOT NULL,
    lot         TEXT NOT NULL,
    expires     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX ledger_containers_clinic ON ledger_containers (clinic_id, id);
CREATE TRIGGER ledger_containers_no_update BEFORE UPDATE ON ledger_containers
BEGIN SELECT RAISE(ABORT, 'ledger_containers is append-only'); END;
CREATE TRIGGER ledger_containers_no_delete BEFORE DELETE ON ledger_containers
BEGIN SELECT RAISE(ABORT, 'ledger_containers is append-only'); END;

CREATE TABLE ledger_entries (
    id                INTEGER PRIMARY KEY,
    clinic_id         INTEGER NOT NULL REFERENCES clinics(id),
    container_id      INTEGER NOT NULL REFERENCES ledger_containers(id),
    kind              TEXT NOT NULL,
    at                TEXT NOT NULL,
    actor_id          INTEGER REFERENCES users(id),
    corrects          INTEGER REFERENCES ledger_entries(id),
    administration_id INTEGER REFERENCES administrations(id),
    patient_id        INTEGER REFERENCES patients(id),
    data              TEXT NOT NULL,
    created_at        TEXT NOT NULL
);
CREATE INDEX ledger_entries_container ON ledger_entries (clinic_id, container_id, id);
CREATE INDEX ledger_entries_administration ON ledger_entries (administration_id);
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
