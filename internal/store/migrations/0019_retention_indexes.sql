-- Indexes for the retention purges, so that each batch finds the rows past
-- keeping without scanning the table. A session is purged by its absolute
-- expiry or its revocation (never by idle_until, which every request moves:
-- indexing it would make each touch write an index entry).
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_revoked ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX audit_events_created ON audit_events (created_at);
CREATE INDEX login_throttles_updated ON login_throttles (updated_at);
CREATE INDEX login_challenges_expiry ON login_challenges (expires_at);
