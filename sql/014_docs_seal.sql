-- 014_docs_seal.sql - where signatures and the number and date go on a
-- document of each type, and the body's seal key for signing at issue.

-- Places on the page per document type (Nghị định 30/2020 lets the body
-- lay out its forms): `what` is the leader's signature, the body's seal
-- signature, the number stamp or the date stamp; page 0 is the last page
-- for signatures and the first for stamps; rectangles in PDF points
-- (x1 y1 x2 y2 from the bottom left). A type without a row uses the
-- decree's usual places.
CREATE TABLE doc_type_sign_places (
	type_id		INTEGER NOT NULL REFERENCES doc_types(id),
	what		TEXT NOT NULL CHECK (what IN ('leader','seal','number',
			'date')),
	page		INTEGER NOT NULL DEFAULT 0 CHECK (page >= 0),
	x1		REAL NOT NULL,
	y1		REAL NOT NULL,
	x2		REAL NOT NULL,
	y2		REAL NOT NULL,
	updated_at	INTEGER NOT NULL,
	PRIMARY KEY (type_id, what),
	CHECK (x2 > x1 AND y2 > y1)
) STRICT, WITHOUT ROWID;

-- The body's own signature applied by the server when a document is
-- issued: a key in a token or HSM (a pkcs11: URI, never a key file, and
-- never its PIN: that comes from the CONGSO_PIN environment of the
-- server or a pin-source file), its certificate, chain and seal image
-- (files the operator keeps, as paths).
CREATE TABLE doc_seal_keys (
	unit_id		INTEGER PRIMARY KEY REFERENCES units(id),
	key_uri		TEXT NOT NULL,
	module		TEXT NOT NULL,
	cert_path	TEXT NOT NULL,
	chain_path	TEXT NOT NULL DEFAULT '',
	image_path	TEXT NOT NULL DEFAULT '',
	updated_at	INTEGER NOT NULL
) STRICT;

-- Attachments sealed at issue: a job run again skips them.
CREATE TABLE doc_seals (
	file_id		INTEGER PRIMARY KEY REFERENCES doc_attachments(id),
	doc_id		INTEGER NOT NULL REFERENCES documents(id),
	signed_hash	TEXT NOT NULL,
	at		INTEGER NOT NULL
) STRICT;
