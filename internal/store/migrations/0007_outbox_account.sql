-- The account each outbox row concerns, so that an account's administrators
-- can list its undelivered (dead) notifications and retry them. Rows queued
-- before this migration, and notifications no account owns, keep ''.
ALTER TABLE outbox ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_account ON outbox (account_id, status, created_at);
