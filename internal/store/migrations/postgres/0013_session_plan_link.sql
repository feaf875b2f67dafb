-- A treatment session belongs to the appointment it was booked as and to
-- the plan session it gives; a clinician's override of the dose spacing
-- (one treatment a day, the plan's minimum days apart) is kept with it.
ALTER TABLE treatment_sessions ADD COLUMN appointment_id BIGINT REFERENCES appointments(id);
ALTER TABLE treatment_sessions ADD COLUMN plan_session INTEGER NOT NULL DEFAULT 0;
ALTER TABLE treatment_sessions ADD COLUMN spacing_override TEXT NOT NULL DEFAULT '';
ALTER TABLE treatment_sessions ADD COLUMN spacing_override_by BIGINT REFERENCES users(id);
ALTER TABLE treatment_sessions ADD COLUMN spacing_override_by_name TEXT NOT NULL DEFAULT '';
CREATE INDEX treatment_sessions_appointment ON treatment_sessions (clinic_id, appointment_id);
