-- An account's user groups and their members. display_key is the display
-- name folded by the core (strings.ToLower), so uniqueness per account is
-- case-insensitive the same way on SQLite and PostgreSQL. builtin names a
-- group the service defines ('admin'), '' for the account's own groups.
--
-- The built-in admin group has no rows in user_group_members: its members
-- are the account's users with is_root or is_admin, so administrator rights
-- have one source of truth and a group change writes is_admin itself. Its
-- ID is 'admin-' followed by the account's ID.
CREATE TABLE user_groups (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    display_name TEXT NOT NULL,
    display_key  TEXT NOT NULL,
    external_id  TEXT NOT NULL DEFAULT '',
    builtin      TEXT NOT NULL DEFAULT '',
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    UNIQUE (account_id, display_key)
);

CREATE TABLE user_group_members (
    group_id   TEXT NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    added_at   BIGINT NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX user_group_members_user ON user_group_members (user_id);

INSERT INTO user_groups (id, account_id, display_name, display_key, builtin, created_at, updated_at)
    SELECT 'admin-' || id, id, 'admin', 'admin', 'admin', created_at, created_at FROM accounts;
