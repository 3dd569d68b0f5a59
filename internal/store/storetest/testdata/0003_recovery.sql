-- Rows as schema 0003 stored them; later migrations must keep them readable.
INSERT INTO verification_codes (id, user_id, purpose, channel, target, hash, attempts, expires_at, voided, created_at)
VALUES ('legacy-code', 'legacy-root', 'reset', 'sms', '+33600000009', 'legacy-code-hash', 2, 4102444800000000, FALSE, 1764064800000000);
INSERT INTO one_time_tokens (hash, user_id, purpose, expires_at, used_at, voided, created_at)
VALUES ('legacy-token-hash', 'legacy-root', 'reset_link', 4102444800000000, 1764064900000000, FALSE, 1764064800000000);
INSERT INTO captchas (id, answer, answer_hash, expires_at, created_at)
VALUES ('legacy-captcha', '123456', 'legacy-answer-hash', 4102444800000000, 1764064800000000);
INSERT INTO rate_limits (key, window_start, window_end, count)
VALUES ('legacy:key', 1764064800000000, 4102444800000000, 4);
