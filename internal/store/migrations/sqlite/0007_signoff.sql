-- Session sign-off and lock, addenda, and Spravato REMS patient enrolment
-- (issue 5, items 6 and 8). A signed session is locked: the triggers
-- below refuse any change to it or to the rows recorded in it, as a
-- backstop to the service's own check. Addenda and enrolments are
-- append-only.
ALTER TABLE treatment_sessions ADD COLUMN signed_by INTEGER REFERENCES users(id);
ALTER TABLE treatment_sessions ADD COLUMN signed_by_name TEXT NOT NULL DEFAULT '';
ALTER TABLE treatment_sessions ADD COLUMN signed_at TEXT;

CREATE TRIGGER treatment_sessions_locked_update BEFORE UPDATE ON treatment_sessions
WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER treatment_sessions_locked_delete BEFORE DELETE ON treatment_sessions
WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;

CREATE TRIGGER session_doses_locked_insert BEFORE INSERT ON session_doses
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = NEW.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_doses_locked_update BEFORE UPDATE ON session_doses
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_doses_locked_delete BEFORE DELETE ON session_doses
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;

CREATE TRIGGER session_vitals_locked_insert BEFORE INSERT ON session_vitals
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = NEW.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_vitals_locked_update BEFORE UPDATE ON session_vitals
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_vitals_locked_delete BEFORE DELETE ON session_vitals
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;

CREATE TRIGGER session_alerts_locked_insert BEFORE INSERT ON session_alerts
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = NEW.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_alerts_locked_update BEFORE UPDATE ON session_alerts
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_alerts_locked_delete BEFORE DELETE ON session_alerts
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;

CREATE TRIGGER session_side_effects_locked_insert BEFORE INSERT ON session_side_effects
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = NEW.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_side_effects_locked_update BEFORE UPDATE ON session_side_effects
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER session_side_effects_locked_delete BEFORE DELETE ON session_side_effects
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;

CREATE TRIGGER rems_forms_locked_insert BEFORE INSERT ON rems_forms
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = NEW.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER rems_forms_locked_update BEFORE UPDATE ON rems_forms
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;
CREATE TRIGGER rems_forms_locked_delete BEFORE DELETE ON rems_forms
WHEN EXISTS (SELECT 1 FROM treatment_sessions WHERE id = OLD.session_id AND signed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'treatment session is signed and locked'); END;

-- An addendum: a new note on a closed session, signed by its author. Never edited.
CREATE TABLE session_addenda (
    id           INTEGER PRIMARY KEY,
    clinic_id    INTEGER NOT NULL REFERENCES clinics(id),
    session_id   INTEGER NOT NULL REFERENCES treatment_sessions(id),
    body         TEXT NOT NULL,
    author_id    INTEGER REFERENCES users(id),
    author_name  TEXT NOT NULL,
    author_role  TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX session_addenda_session ON session_addenda (clinic_id, session_id, id);
CREATE TRIGGER session_addenda_no_update BEFORE UPDATE ON session_addenda
BEGIN SELECT RAISE(ABORT, 'session_addenda is append-only'); END;
CREATE TRIGGER session_addenda_no_delete BEFORE DELETE ON session_addenda
BEGIN SELECT RAISE(ABORT, 'session_addenda is append-only'); END;

-- Spravato REMS patient enrolment: each record is a new row; the latest
-- is the patient's status.
CREATE TABLE rems_enrolments (
    id              INTEGER PRIMARY KEY,
    clinic_id       INTEGER NOT NULL REFERENCES clinics(id),
    patient_id      INTEGER NOT NULL REFERENCES patients(id),
    enrolled        INTEGER NOT NULL,
    enrolled_on     TEXT,
    rems_patient_id TEXT NOT NULL DEFAULT '',
    recorded_by     INTEGER REFERENCES users(id),
    recorded_by_name TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);
CREATE INDEX rems_enrolments_patient ON rems_enrolments (clinic_id, patient_id, id);
CREATE TRIGGER rems_enrolments_no_update BEFORE UPDATE ON rems_enrolments
BEGIN SELECT RAISE(ABORT, 'rems_enrolments is append-only'); END;
CREATE TRIGGER rems_enrolments_no_delete BEFORE DELETE ON rems_enrolments
BEGIN SELECT RAISE(ABORT, 'rems_enrolments is append-only'); END;
