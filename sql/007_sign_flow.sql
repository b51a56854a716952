-- 007_sign_flow.sql - signing on the signer's own PC: requests to sign a
-- stored PDF with the signing tool (the VGCA plugin flow), the
-- certificates each person signs with, and the PDFs people send for
-- signing themselves. Instants are Unix seconds; person ids are the
-- directory's people.id (not a foreign key: the sign module stands
-- below the directory).

-- One request: `person_id` must sign the blob `blob_hash` (`size`
-- bytes, handed out as they are) for the owner (`owner_kind`,
-- `owner_id`: the module and row whose file the signed PDF replaces).
-- `token_hash` is the SHA-256 (hex) of the one-time secret in the
-- tool's URLs; a new secret replaces the old. A request past
-- `expires_at` while 'open' is read as expired. Once 'signed', `signed_hash` is the
-- accepted PDF and `cert_sha256` the certificate that signed it.
CREATE TABLE sign_requests (
	id		INTEGER PRIMARY KEY,
	blob_hash	TEXT NOT NULL REFERENCES blobs(hash),
	size		INTEGER NOT NULL,
	person_id	INTEGER NOT NULL,
	role		TEXT NOT NULL CHECK (role IN ('leader','seal')),
	owner_kind	TEXT NOT NULL,
	owner_id	INTEGER NOT NULL,
	state		TEXT NOT NULL DEFAULT 'open'
			CHECK (state IN ('open','signed','expired','cancelled')),
	token_hash	TEXT NOT NULL UNIQUE,
	created_by	INTEGER NOT NULL DEFAULT 0,	-- 0: a module
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL,
	closed_at	INTEGER,
	signed_hash	TEXT REFERENCES blobs(hash),
	cert_sha256	TEXT,
	signer		TEXT			-- the certificate's CN
) STRICT;
CREATE INDEX sign_requests_person ON sign_requests (person_id, id);
CREATE INDEX sign_requests_creator ON sign_requests (created_by, id);
CREATE INDEX sign_requests_owner ON sign_requests (owner_kind, owner_id);

-- The certificates a person signs with, by SHA-256 of the DER: an
-- upload is accepted only when its new signature's certificate is one
-- of the person's. A certificate belongs to one person.
CREATE TABLE sign_person_certs (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL,
	sha256		TEXT NOT NULL UNIQUE,
	subject		TEXT NOT NULL,
	issuer		TEXT NOT NULL,
	serial		TEXT NOT NULL,
	not_before	INTEGER,
	not_after	INTEGER,
	der		BLOB NOT NULL,
	added_at	INTEGER NOT NULL,
	added_by	TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sign_person_certs_person ON sign_person_certs (person_id);

-- A PDF a person sends for signing themselves (owner kind 'sign.self'):
-- `blob_hash` is the current file, replaced by the signed one.
CREATE TABLE sign_self_files (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL,
	filename	TEXT NOT NULL,
	original_hash	TEXT NOT NULL REFERENCES blobs(hash),
	blob_hash	TEXT NOT NULL REFERENCES blobs(hash),
	created_at	INTEGER NOT NULL,
	signed_at	INTEGER
) STRICT;
