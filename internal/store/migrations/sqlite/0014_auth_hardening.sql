-- Every check of a typed secret (a password at sign-in or for a ledger
-- witness, a two-step code) first reserves a row here, in its own
-- transaction, and then counts the rows of its keys in the window: so a
-- burst of concurrent guesses cannot all pass the limit before any of
-- them is recorded. A successful check deletes its rows; a failed one
-- leaves them. Keys (account, address, requesting user) are stored only
-- as SHA-256 hashes.
CREATE TABLE auth_attempts (
    id        INTEGER PRIMARY KEY,
    key_hash  TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX auth_attempts_key ON auth_attempts (key_hash, at);
CREATE INDEX auth_attempts_at ON auth_attempts (at); -- expired rows go at each reservation

-- The last accepted TOTP time step: a code is accepted only for a later
-- step, so each code works once (RFC 6238 §5.2).
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
