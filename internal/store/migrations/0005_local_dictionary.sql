-- Per-account local password dictionary (IBM Verify's "custom password intelligence").
CREATE TABLE dictionary_words (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    word       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, word)
);
