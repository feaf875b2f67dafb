-- PostgreSQL's 0037 adds a trigram index for the patient search; on
-- SQLite the search reads the clinic's patients (LIKE '%text%'), and only
-- a birth date is looked up through an index.
CREATE INDEX patients_birth_date ON patients (clinic_id, birth_date);
