-- Recovery and verification: one-time codes, one-time tokens (reset links and
-- the short-lived tickets a verified code or identity check hands out),
-- CAPTCHA challenges and rate-limit counters. Codes and tokens are stored only
-- as hashes. Times are Unix microseconds.

-- A code sent by email or SMS. hash is an HMAC under a server key that is not
-- in the database; attempts is counted before each check.
CREATE TABLE verification_codes (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    channel    TEXT NOT NULL,
    target     TEXT NOT NULL DEFAULT '',
    hash       TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    voided     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);
CREATE INDEX verification_codes_user ON verification_codes (user_id, purpose, created_at);
CREATE INDEX verification_codes_expiry ON verification_codes (expires_at);

-- A high-entropy token (reset link, reset ticket, contact-change ticket),
-- looked up by its SHA-256.
CREATE TABLE one_time_tokens (
    hash       TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    voided     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);
CREATE INDEX one_time_tokens_user ON one_time_tokens (user_id, purpose);
CREATE INDEX one_time_tokens_expiry ON one_time_tokens (expires_at);

-- A CAPTCHA challenge. The answer is kept so that any replica can render the
-- image and audio on request; a challenge is deleted when answered.
CREATE TABLE captchas (
    id          TEXT PRIMARY KEY,
    answer      TEXT NOT NULL,
    answer_hash TEXT NOT NULL,
    expires_at  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX captchas_expiry ON captchas (expires_at);

-- Fixed-window request counters shared by every replica.
CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    window_end   BIGINT NOT NULL,
    count        INTEGER NOT NULL
);
CREATE INDEX rate_limits_end ON rate_limits (window_end);

-- Recovery by mobile number looks users up by it.
CREATE INDEX users_mobile ON users (mobile) WHERE mobile <> '';
