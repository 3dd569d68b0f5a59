-- Rows as the outbox held them before secrets were sealed (0011): a sent code
-- and a dead reset link, both in clear in data.
INSERT INTO outbox (id, channel, recipient, template, data, status, attempts, next_attempt_at, created_at, sent_at, account_id)
VALUES ('legacy-sent', 'sms', '+33612345678', 'reset_code', '{"code":"493817"}', 'sent', 1, 1764064800000000, 1764064800000000, 1764064800000000, '100000000009');
INSERT INTO outbox (id, channel, recipient, template, data, status, attempts, next_attempt_at, created_at, account_id, last_error)
VALUES ('legacy-dead', 'email', 'bob@legacy.test', 'reset_link', '{"link":"http://x/reset/def"}', 'dead', 12, 1764064800000000, 1764064800000000, '100000000009', '550 no such user');
