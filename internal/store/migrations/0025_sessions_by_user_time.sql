-- A user's sessions are listed newest first, a keyset page at a time: an
-- index on (user_id, created_at) reads a page in order instead of sorting
-- every session of the user for each page. It serves the lookups by user_id
-- alone as well, so it replaces the index on user_id.
DROP INDEX sessions_user;
CREATE INDEX sessions_user_created ON sessions (user_id, created_at);
