-- The front desk marks a patient arrived; the Today board shows them
-- waiting until a nurse checks them in.
ALTER TABLE appointments ADD COLUMN arrived_at TEXT;
