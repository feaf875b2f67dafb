-- What may change how fast ketamine works for a patient (issue 15), kept
-- with each intake version: years ill, the current episode, treatment
-- resistance, medications that change ketamine's effect (benzodiazepine
-- dose in diazepam equivalents, lamotrigine, naltrexone, stimulants) and
-- coexisting conditions, as one JSON object (clinic.IntakeFactors) whose
-- null members were not recorded. NULL: an intake saved before this
-- column, or without any of them. Missing is missing, never zero.
ALTER TABLE intakes ADD COLUMN factors TEXT;
