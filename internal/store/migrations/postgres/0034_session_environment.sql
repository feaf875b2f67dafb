-- The session's environment (issue 15): music played, an eyeshade worn, a
-- support person present. NULL: not recorded (every session before this
-- migration, and imported history).
ALTER TABLE treatment_sessions ADD COLUMN env_music BOOLEAN;
ALTER TABLE treatment_sessions ADD COLUMN env_eyeshade BOOLEAN;
ALTER TABLE treatment_sessions ADD COLUMN env_support BOOLEAN;
