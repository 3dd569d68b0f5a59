-- One-time recovery codes of users with a virtual MFA device, stored as
-- keyed hashes only (bound to their user). A login finds a code by
-- (user_id, code_hash); a new set deletes the old one.
CREATE TABLE mfa_recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at    BIGINT,
    PRIMARY KEY (user_id, code_hash)
);
