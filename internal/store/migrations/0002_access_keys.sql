-- Access keys: AK/SK pairs of a user. The secret key is sealed (AES-GCM, with
-- the key ID as associated data) because request signatures need it back.
-- expires_at is Unix microseconds, 0 for a key that never expires.

CREATE TABLE access_keys (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    state         TEXT NOT NULL DEFAULT 'ACTIVE',
    tag           TEXT NOT NULL DEFAULT '',
    sealed_secret TEXT NOT NULL,
    expires_at    BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX access_keys_user ON access_keys (user_id, created_at);
