-- Keystone / Huawei IAM face: the scope a token was issued with (a Keystone
-- domain scope is always the token's own account), and the descriptive user
-- fields only Keystone and Huawei IAM show.

CREATE TABLE token_scopes (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    scope      TEXT NOT NULL
);

CREATE TABLE user_attributes (
    user_id     TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    description TEXT NOT NULL DEFAULT '',
    xuser_id    TEXT NOT NULL DEFAULT '',
    xuser_type  TEXT NOT NULL DEFAULT '',
    updated_at  BIGINT NOT NULL
);
