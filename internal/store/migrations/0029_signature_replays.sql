-- The signatures of accepted AK/SK-signed requests, each kept until its
-- request's time leaves the clock-skew window: a captured request sent again
-- within the window finds its signature here and is refused as a replay,
-- whichever replica it reaches. The retention purge deletes expired rows.
CREATE TABLE signature_replays (
    signature  TEXT PRIMARY KEY, -- access key ID ":" hex signature
    expires_at BIGINT NOT NULL
);
CREATE INDEX signature_replays_expires ON signature_replays (expires_at);
