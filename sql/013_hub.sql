-- 013_hub.sql - the hub (LGSP): client systems registered as members,
-- the agency codes each answers for, the packages that came in (the
-- message log, refused ones included) and their deliveries out. Instants
-- are Unix seconds.

-- A member: a client system that sends packages through the hub and
-- receives those addressed to its codes, pushed to `url` (a congso
-- instance: POST <url>/api/v1/exchange/packages) or, when `url` is '',
-- waiting in its list until it fetches and acknowledges them. Its API
-- key is "hub_" + 8 hex (key_prefix, to find the row) + 32 hex secret;
-- only the SHA-256 (hex) of the whole key is kept. `cert_sha256`, when
-- not '', is the certificate (SHA-256 of the DER) that must sign its
-- packages. A removed member keeps its row for the log.
CREATE TABLE hub_members (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	url		TEXT NOT NULL DEFAULT '',
	key_prefix	TEXT NOT NULL UNIQUE,
	key_hash	TEXT NOT NULL,
	cert_sha256	TEXT NOT NULL DEFAULT '',
	cert_subject	TEXT NOT NULL DEFAULT '',
	created_at	INTEGER NOT NULL,
	removed_at	INTEGER
) STRICT;

-- The codes a live member answers for: an exact agency code
-- (000.00.00.H41) or a suffix at a segment boundary (H41, 12.H55). A
-- code belongs to one member; a removed member's codes are deleted.
CREATE TABLE hub_member_codes (
	code		TEXT PRIMARY KEY,
	member_id	INTEGER NOT NULL REFERENCES hub_members(id)
) STRICT;
CREATE INDEX hub_member_codes_member ON hub_member_codes (member_id);

-- Every package that came in: accepted (stored, routed) or refused
-- (with the reason). An accepted package is stored once by its SHA-256;
-- sending the same bytes again counts in `repeats`. `blob` is the stored
-- file, NULL once dropped (setting hub.keep_packages = '0') or for a
-- refused package. Signature: present, intact, trusted (0/1), signer's
-- subject and certificate hash.
CREATE TABLE hub_messages (
	id		INTEGER PRIMARY KEY,
	received_at	INTEGER NOT NULL,
	member_id	INTEGER NOT NULL REFERENCES hub_members(id),
	ip		TEXT NOT NULL DEFAULT '',
	kind		TEXT NOT NULL CHECK (kind IN ('doc','status','')),
	from_code	TEXT NOT NULL DEFAULT '',
	to_codes	TEXT NOT NULL DEFAULT '',	-- comma-separated
	document_id	TEXT NOT NULL DEFAULT '',
	status_code	TEXT,
	sha256		TEXT NOT NULL,
	size		INTEGER NOT NULL,
	sig_present	INTEGER NOT NULL DEFAULT 0,
	sig_intact	INTEGER NOT NULL DEFAULT 0,
	sig_trusted	INTEGER NOT NULL DEFAULT 0,
	signer		TEXT NOT NULL DEFAULT '',
	cert_sha256	TEXT NOT NULL DEFAULT '',
	outcome		TEXT NOT NULL CHECK (outcome IN ('accepted','refused')),
	reason		TEXT NOT NULL DEFAULT '',
	status		INTEGER NOT NULL DEFAULT 200,	-- HTTP status answered
	repeats		INTEGER NOT NULL DEFAULT 0,
	blob		TEXT
) STRICT;
CREATE UNIQUE INDEX hub_messages_sha ON hub_messages (sha256)
	WHERE outcome = 'accepted';
CREATE INDEX hub_messages_at ON hub_messages (received_at);
CREATE INDEX hub_messages_doc ON hub_messages (document_id);
CREATE INDEX hub_messages_from ON hub_messages (from_code);

-- One delivery per accepted package and receiving member: `codes` the
-- receivers it answers for, `mode` push or pull (fixed when routed),
-- `state` waiting (queued to push, or in the pull list), delivered, or
-- failed with `reason`. `attempts` counts pushes tried.
CREATE TABLE hub_deliveries (
	id		INTEGER PRIMARY KEY,
	message_id	INTEGER NOT NULL REFERENCES hub_messages(id),
	member_id	INTEGER NOT NULL REFERENCES hub_members(id),
	codes		TEXT NOT NULL,
	mode		TEXT NOT NULL CHECK (mode IN ('push','pull')),
	state		TEXT NOT NULL DEFAULT 'waiting'
			CHECK (state IN ('waiting','delivered','failed')),
	reason		TEXT NOT NULL DEFAULT '',
	attempts	INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	UNIQUE (message_id, member_id)
) STRICT;
CREATE INDEX hub_deliveries_waiting ON hub_deliveries
	(member_id, state, message_id);
CREATE INDEX hub_deliveries_codes ON hub_deliveries (codes);
-- Pushes not tried yet, which a push job takes along with its own.
CREATE INDEX hub_deliveries_fresh ON hub_deliveries (id)
	WHERE state = 'waiting' AND mode = 'push' AND attempts = 0;
