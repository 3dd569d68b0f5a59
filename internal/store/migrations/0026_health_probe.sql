-- One row that /readyz updates: a write probe that fails the way real writes
-- would (disk full, read-only database, lost connection) without touching
-- anything that matters.
CREATE TABLE health_probe (
    id         INTEGER PRIMARY KEY,
    checked_at BIGINT NOT NULL
);
INSERT INTO health_probe (id, checked_at) VALUES (1, 0);
