-- Core schema: accounts, users, credentials, sessions, API clients, audit, outbox.
-- Times are Unix microseconds (BIGINT) so both dialects read them alike.

CREATE TABLE accounts (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE,
    first_name        TEXT NOT NULL DEFAULT '',
    last_name         TEXT NOT NULL DEFAULT '',
    company_name      TEXT NOT NULL DEFAULT '',
    job_title         TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    additional_emails TEXT NOT NULL DEFAULT '[]',
    mobile_number     TEXT NOT NULL DEFAULT '',
    phone_number      TEXT NOT NULL DEFAULT '',
    city              TEXT NOT NULL DEFAULT '',
    state_province    TEXT NOT NULL DEFAULT '',
    country           TEXT NOT NULL DEFAULT '',
    zip_code          TEXT NOT NULL DEFAULT '',
    vat_number        TEXT NOT NULL DEFAULT '',
    password_policy   TEXT NOT NULL DEFAULT '{}',
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);

CREATE TABLE users (
    id                    TEXT PRIMARY KEY,
    account_id            TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name                  TEXT NOT NULL,
    is_root               BOOLEAN NOT NULL DEFAULT FALSE,
    is_admin              BOOLEAN NOT NULL DEFAULT FALSE,
    display_name          TEXT NOT NULL DEFAULT '',
    email                 TEXT NOT NULL DEFAULT '',
    email_verified        BOOLEAN NOT NULL DEFAULT FALSE,
    mobile                TEXT NOT NULL DEFAULT '',
    mobile_verified       BOOLEAN NOT NULL DEFAULT FALSE,
    locale                TEXT NOT NULL DEFAULT '',
    theme                 TEXT NOT NULL DEFAULT '',
    password_origin       TEXT NOT NULL DEFAULT 'unset',
    password_hash         TEXT NOT NULL DEFAULT '',
    password_changed_at   BIGINT NOT NULL DEFAULT 0,
    force_password_change BOOLEAN NOT NULL DEFAULT FALSE,
    login_verification    TEXT NOT NULL DEFAULT 'off',
    enabled               BOOLEAN NOT NULL DEFAULT TRUE,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL,
    UNIQUE (account_id, name)
);
CREATE UNIQUE INDEX users_email ON users (email) WHERE email <> '';

CREATE TABLE password_history (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    hash       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, created_at);

CREATE TABLE api_clients (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    user_id      TEXT REFERENCES users(id) ON DELETE CASCADE,
    client_id    TEXT REFERENCES api_clients(id) ON DELETE CASCADE,
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    method       TEXT NOT NULL,
    restricted   TEXT NOT NULL DEFAULT '',
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    idle_until   BIGINT NOT NULL,
    revoked_at   BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_client ON sessions (client_id);

CREATE TABLE audit_events (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL DEFAULT '',
    user_id    TEXT NOT NULL DEFAULT '',
    actor_id   TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    ip         TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL
);
CREATE INDEX audit_events_account ON audit_events (account_id, created_at);

CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    channel         TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    template        TEXT NOT NULL,
    locale          TEXT NOT NULL DEFAULT '',
    theme           TEXT NOT NULL DEFAULT '',
    data            TEXT NOT NULL DEFAULT '{}',
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_until     BIGINT NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
