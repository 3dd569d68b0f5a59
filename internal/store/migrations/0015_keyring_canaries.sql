-- One canary per key that has been the keyring's current key: a fixed text
-- sealed with that key. A server whose keyring cannot open them refuses to
-- start, so that a replica with a keyring of its own fails at once instead
-- of starting healthy and failing on every sealed secret.
CREATE TABLE keyring_canaries (
    key_id TEXT PRIMARY KEY,
    sealed TEXT NOT NULL
);
