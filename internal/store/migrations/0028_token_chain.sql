-- Keystone's token method re-scopes a token into a new one that keeps the
-- audit chain of the first token it descends from (audit_ids [new, first]):
-- chain_id is that first token's session ID, empty for a token obtained
-- by signing in.

ALTER TABLE token_scopes ADD COLUMN chain_id TEXT NOT NULL DEFAULT '';
