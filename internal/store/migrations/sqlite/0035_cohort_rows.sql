-- Outcome analytics read courses, not every assessment (issue 15): each
-- patient's course rows on each instrument (outcomes.CourseRow in a compact binary form,
-- without the clinic's minimum baseline), computed when an analysis finds
-- them missing or behind, and the mark they were computed at. A cache the
-- database keeps: deleting its rows only makes the next analysis slower.
CREATE TABLE cohort_rows (
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    instrument  TEXT NOT NULL,
    patient_id  INTEGER NOT NULL,
    body        BLOB NOT NULL,
    PRIMARY KEY (clinic_id, instrument, patient_id)
) WITHOUT ROWID; -- read in key order, each row beside its key

-- What a clinic's rows on an instrument were computed from: the rows'
-- version (outcomes.RowsVersion) and the tables' mark (outcomes.Mark).
CREATE TABLE cohort_rows_state (
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    instrument  TEXT NOT NULL,
    version     TEXT NOT NULL,
    mark_courses BIGINT NOT NULL,
    mark_doses   BIGINT NOT NULL,
    mark_scores  BIGINT NOT NULL,
    mark_changes BIGINT NOT NULL,
    built_at    TEXT NOT NULL,
    PRIMARY KEY (clinic_id, instrument)
);

-- A patient whose outcome rows changed other than by a new course, dose
-- or score (those are found by their IDs): noted by the triggers below in
-- the changing transaction, so no code path can forget it.
CREATE TABLE outcome_changes (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    patient_id  INTEGER NOT NULL
);

CREATE TRIGGER outcome_change_patient AFTER UPDATE OF birth_date ON patients
WHEN OLD.birth_date IS NOT NEW.birth_date
BEGIN INSERT INTO outcome_changes (clinic_id, patient_id) VALUES (NEW.clinic_id, NEW.id); END;
CREATE TRIGGER outcome_change_course AFTER UPDATE ON courses
BEGIN INSERT INTO outcome_changes (clinic_id, patient_id) VALUES (NEW.clinic_id, NEW.patient_id); END;
CREATE TRIGGER outcome_change_course_deleted AFTER DELETE ON courses
BEGIN INSERT INTO outcome_changes (clinic_id, patient_id) VALUES (OLD.clinic_id, OLD.patient_id); END;
CREATE TRIGGER outcome_change_dose AFTER UPDATE ON administrations
BEGIN INSERT INTO outcome_changes (clinic_id, patient_id) VALUES (NEW.clinic_id, NEW.patient_id); END;
CREATE TRIGGER outcome_change_dose_deleted AFTER DELETE ON administrations
BEGIN INSERT INTO outcome_changes (clinic_id, patient_id) VALUES (OLD.clinic_id, OLD.patient_id); END;
CREATE TRIGGER outcome_change_score AFTER UPDATE ON assessments
BEGIN INSERT INTO outcome_changes (clinic_id, patient_id) VALUES (NEW.clinic_id, NEW.patient_id); END;
CREATE TRIGGER outcome_change_score_deleted AFTER DELETE ON assessments
BEGIN INSERT INTO outcome_changes (clinic_id, patient_id) VALUES (OLD.clinic_id, OLD.patient_id); END;
-- A dose recorded in a treatment session names its provider.
CREATE TRIGGER outcome_change_session_dose AFTER INSERT ON session_doses
BEGIN INSERT INTO outcome_changes (clinic_id, patient_id)
  SELECT clinic_id, patient_id FROM administrations WHERE id = NEW.administration_id; END;
CREATE TRIGGER outcome_change_session_dose_edited AFTER UPDATE ON session_doses
BEGIN INSERT INTO outcome_changes (clinic_id, patient_id)
  SELECT clinic_id, patient_id FROM administrations WHERE id = NEW.administration_id; END;
CREATE TRIGGER outcome_change_session_dose_deleted AFTER DELETE ON session_doses
BEGIN INSERT INTO outcome_changes (clinic_id, patient_id)
  SELECT clinic_id, patient_id FROM administrations WHERE id = OLD.administration_id; END;
