-- Setting a password by email: a reset a person asked for, or a portal
-- invitation staff sent. Only the SHA-256 of the token is kept; a token
-- works once, before it expires.
CREATE TABLE password_tokens (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    purpose     TEXT NOT NULL CHECK (purpose IN ('reset', 'invite')),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX password_tokens_user ON password_tokens (user_id, created_at);

-- Messages about an account (a reset link, an invitation), delivered by
-- the outbox run like questionnaire links. The raw token is kept only
-- until the message is sent or given up.
CREATE TABLE account_messages (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL,
    channel     TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    token       TEXT NOT NULL DEFAULT '',
    due_at      TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    sent_at     TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX account_messages_due ON account_messages (status, due_at);
