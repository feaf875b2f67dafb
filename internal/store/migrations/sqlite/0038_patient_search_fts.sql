-- The patient search (store/patients.searchPatients) looks for the typed
-- text anywhere in a patient's name (either order), MRN, email and phone
-- digits: LIKE '%text%', which no B-tree serves. SQLite's FTS5 trigram
-- index does (its LIKE is answered from the index for three characters or
-- more): patient_search holds each patient's searchable text, one line a
-- field, kept by the triggers below in the patient's own transaction.
-- Without it each search read the clinic's every patient: 54–80 ms a
-- search at 20,000 patients a clinic in the load test, its costliest
-- request. PostgreSQL's 0037 is its trigram index.
CREATE VIRTUAL TABLE patient_search USING fts5(body, tokenize = 'trigram');

CREATE TRIGGER patient_search_insert AFTER INSERT ON patients BEGIN
  INSERT INTO patient_search (rowid, body) VALUES (NEW.id,
    LOWER(NEW.given_name || ' ' || NEW.family_name) || char(10) || LOWER(NEW.family_name || ', ' || NEW.given_name) || char(10) ||
    LOWER(NEW.mrn) || char(10) || LOWER(COALESCE(NEW.email, '')) || char(10) ||
    REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(COALESCE(NEW.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', ''));
END;

CREATE TRIGGER patient_search_update AFTER UPDATE OF given_name, family_name, mrn, email, phone ON patients BEGIN
  UPDATE patient_search SET body =
    LOWER(NEW.given_name || ' ' || NEW.family_name) || char(10) || LOWER(NEW.family_name || ', ' || NEW.given_name) || char(10) ||
    LOWER(NEW.mrn) || char(10) || LOWER(COALESCE(NEW.email, '')) || char(10) ||
    REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(COALESCE(NEW.phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '')
  WHERE rowid = NEW.id;
END;

CREATE TRIGGER patient_search_delete AFTER DELETE ON patients BEGIN
  DELETE FROM patient_search WHERE rowid = OLD.id;
END;

INSERT INTO patient_search (rowid, body) SELECT id,
    LOWER(given_name || ' ' || family_name) || char(10) || LOWER(family_name || ', ' || given_name) || char(10) ||
    LOWER(mrn) || char(10) || LOWER(COALESCE(email, '')) || char(10) ||
    REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(COALESCE(phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '')
  FROM patients;
