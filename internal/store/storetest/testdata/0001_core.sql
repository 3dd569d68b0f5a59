-- Rows as schema 0001 stored them; later migrations must keep them readable.
INSERT INTO accounts (id, name, email, additional_emails, password_policy, created_at, updated_at)
VALUES ('100000000009', 'legacy', 'root@legacy.test', '["b@legacy.test"]', '{"min_length":10,"max_length":64}', 1764064800000000, 1764064800000000);
INSERT INTO users (id, account_id, name, is_root, is_admin, email, password_origin, password_hash, password_changed_at, created_at, updated_at)
VALUES ('legacy-root', '100000000009', 'legacy', TRUE, TRUE, 'root@legacy.test', 'local', '$2a$10$abcdefghijklmnopqrstuu', 1764064800000000, 1764064800000000, 1764064800000000);
INSERT INTO users (id, account_id, name, email, password_origin, created_at, updated_at)
VALUES ('legacy-iam', '100000000009', 'bob', 'bob@legacy.test', 'unset', 1764064800000000, 1764064800000000);
INSERT INTO sessions (id, token_hash, kind, user_id, account_id, method, created_at, last_seen_at, expires_at, idle_until)
VALUES ('legacy-session', 'legacy-hash', 'user', 'legacy-root', '100000000009', 'password', 1764064800000000, 1764064800000000, 1764151200000000, 1764151200000000);
INSERT INTO outbox (id, channel, recipient, template, data, next_attempt_at, created_at)
VALUES ('legacy-note', 'email', 'root@legacy.test', 'reset_link', '{"link":"http://x/reset/abc"}', 1764064800000000, 1764064800000000);
