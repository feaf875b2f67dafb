-- Import of historical data and outcome analytics.
--
-- import_keys remembers which record each imported spreadsheet row became,
-- by the row's external id (kind "patient": the file's patient column;
-- "administration": patient|given_at|route; "assessment":
-- patient|instrument|taken_at), so a re-import finds it and changes nothing.
CREATE TABLE import_keys (
    clinic_id    BIGINT NOT NULL REFERENCES clinics(id),
    kind         TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    record_id    BIGINT NOT NULL,
    PRIMARY KEY (clinic_id, kind, external_id)
);

-- Outcome analytics read a whole clinic ordered by patient, one pass per
-- table (courses, administrations, one instrument's assessments).
CREATE INDEX courses_clinic_patient ON courses (clinic_id, patient_id, started_at);
CREATE INDEX administrations_clinic_patient ON administrations (clinic_id, patient_id, given_at);
CREATE INDEX assessments_clinic_instrument_patient ON assessments (clinic_id, instrument, patient_id, taken_at);
