-- 001_core.sql - what every system uses: settings, audit log, jobs,
-- blobs, sessions and API tokens, the working-day calendar.

CREATE TABLE settings (
	key	TEXT PRIMARY KEY,
	value	TEXT NOT NULL
) STRICT;

-- Append-only, hash-chained: hash = SHA-256(prev_hash | id | at | actor_id
-- | actor | ip | action | object | detail), hex.
CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		TEXT NOT NULL,
	actor_id	INTEGER,
	actor		TEXT NOT NULL,
	ip		TEXT NOT NULL,
	action		TEXT NOT NULL,
	object		TEXT NOT NULL,
	detail		TEXT NOT NULL,
	prev_hash	TEXT NOT NULL,
	hash		TEXT NOT NULL
) STRICT;
CREATE INDEX audit_object ON audit(object);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;

CREATE TABLE jobs (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL,
	payload		TEXT NOT NULL,
	state		TEXT NOT NULL DEFAULT 'queued'
			CHECK (state IN ('queued','running','done','failed')),
	attempts	INTEGER NOT NULL DEFAULT 0,
	max_attempts	INTEGER NOT NULL DEFAULT 8,
	run_at		INTEGER NOT NULL,
	last_error	TEXT NOT NULL DEFAULT '',
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
) STRICT;
CREATE INDEX jobs_due ON jobs(state, run_at);

CREATE TABLE blobs (
	hash		TEXT PRIMARY KEY,
	size		INTEGER NOT NULL,
	mime		TEXT NOT NULL,
	created_at	INTEGER NOT NULL
) STRICT;

-- Tokens are stored as SHA-256 hex of the secret, never the secret.
CREATE TABLE sessions (
	token_hash	TEXT PRIMARY KEY,
	person_id	INTEGER NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('web','api')),
	csrf		TEXT NOT NULL,
	ip		TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_person ON sessions(person_id);

CREATE TABLE api_tokens (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	token_hash	TEXT NOT NULL UNIQUE,
	person_id	INTEGER NOT NULL,
	created_at	INTEGER NOT NULL,
	revoked_at	INTEGER,
	last_used_at	INTEGER
) STRICT;

-- Days that differ from the plain rule "Monday to Friday work": holidays
-- ('off') and make-up Saturdays ('work'). A year is seeded from the rules
-- (calendar_years) the first time it is needed, then edited freely.
CREATE TABLE calendar_days (
	day	TEXT PRIMARY KEY,
	kind	TEXT NOT NULL CHECK (kind IN ('off','work')),
	name	TEXT NOT NULL
) STRICT;
CREATE TABLE calendar_years (
	year		INTEGER PRIMARY KEY,
	seeded_at	INTEGER NOT NULL
) STRICT;
