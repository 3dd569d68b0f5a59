-- Login security: each account's login policy, virtual MFA devices, login
-- challenges (and codes for changing the login verification method), failed
-- sign-in counters with lockouts, and avatars.
-- Times are Unix microseconds; 0 means "never" where a column allows it.

ALTER TABLE accounts ADD COLUMN login_policy TEXT NOT NULL DEFAULT '{}';

-- One virtual MFA device per user. The TOTP secret (and, while pending, its
-- otpauth URI) is sealed with the server keyring, the user ID as associated
-- data. last_step is the last TOTP time step accepted: no code works twice.
CREATE TABLE mfa_devices (
    user_id       TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    serial_number TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    state         TEXT NOT NULL,
    sealed_secret TEXT NOT NULL,
    sealed_uri    TEXT NOT NULL DEFAULT '',
    last_step     BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    bound_at      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX mfa_devices_account ON mfa_devices (account_id, created_at);

-- A login's pending second step (id = SHA-256 of the receipt handed to the
-- client), or a code proving a change of login verification method. Codes
-- are stored only as keyed hashes.
CREATE TABLE login_challenges (
    id                  TEXT PRIMARY KEY,
    purpose             TEXT NOT NULL,
    user_id             TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    account_id          TEXT NOT NULL,
    method              TEXT NOT NULL,
    target              TEXT NOT NULL DEFAULT '',
    code_hash           TEXT NOT NULL DEFAULT '',
    password_changed_at BIGINT NOT NULL DEFAULT 0,
    restricted          TEXT NOT NULL DEFAULT '',
    ip                  TEXT NOT NULL DEFAULT '',
    attempts            INTEGER NOT NULL DEFAULT 0,
    created_at          BIGINT NOT NULL,
    expires_at          BIGINT NOT NULL,
    used_at             BIGINT,
    voided              BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX login_challenges_user ON login_challenges (user_id, purpose, created_at);

-- Failed sign-ins per key ("user:<id>", "ip:<address>"), shared by every
-- replica: failures in the window starting at window_start, the lock, and
-- how many lockouts since the last success (each doubles the next).
CREATE TABLE login_throttles (
    throttle_key TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL DEFAULT 0,
    window_start BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0,
    lockouts     INTEGER NOT NULL DEFAULT 0,
    updated_at   BIGINT NOT NULL
);

-- A user's avatar: a server-made 256×256 PNG, base64, with its ETag.
CREATE TABLE avatars (
    user_id    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    png        TEXT NOT NULL,
    etag       TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
