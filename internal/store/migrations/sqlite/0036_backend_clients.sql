-- SMART Backend Services (issue 14): systems registered by a clinic's
-- admin that sign in with a signed JWT (client credentials, RS384 or
-- ES384) to read the clinic's records in bulk (FHIR $export). Reference
-- tables, like users and api_tokens: the token endpoint finds a client by
-- client_id before it knows the clinic.
CREATE TABLE backend_clients (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    client_id   TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    jwks        TEXT NOT NULL,
    created_by  INTEGER,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
CREATE INDEX backend_clients_clinic ON backend_clients (clinic_id);

-- Access tokens issued to clients: only their hash, each for five minutes.
CREATE TABLE backend_tokens (
    token_hash  TEXT PRIMARY KEY,
    client      INTEGER NOT NULL REFERENCES backend_clients(id),
    scope       TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

-- Each assertion's jti is taken once: a replayed assertion is refused
-- while it could still be valid.
CREATE TABLE backend_assertions (
    client      INTEGER NOT NULL REFERENCES backend_clients(id),
    jti         TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    PRIMARY KEY (client, jti)
);
