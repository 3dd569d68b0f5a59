-- Secrets of queued notifications (codes, reset links) are sealed with the
-- keyring into sealed, never stored in data, and erased once a row is sent or
-- dead. secret_erased remembers that a dead row carried one, so that it is
-- not retried without it.
ALTER TABLE outbox ADD COLUMN sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN secret_erased BOOLEAN NOT NULL DEFAULT FALSE;
-- Rows queued before this migration hold their secrets in data, in clear.
-- A sent row is never rendered again: it keeps nothing. A dead row of a
-- template that carries a code or a link loses its data, as it would now.
-- Pending rows keep theirs until they are delivered (then erased as sent).
UPDATE outbox SET data = '{}' WHERE status = 'sent';
UPDATE outbox SET data = '{}', secret_erased = TRUE
    WHERE status = 'dead' AND template IN ('reset_link', 'reset_code', 'verification_code');
-- Sent rows are purged after the retention by sent_at.
CREATE INDEX outbox_sent ON outbox (status, sent_at);
