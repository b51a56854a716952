-- 012_exchange.sql - document exchange (liên thông văn bản, QCVN 102):
-- the peers that answer for other agency codes, every edXML package sent
-- or received (the file itself is a blob), the statuses each recipient
-- of a document sent from here reported, and the recall, update and
-- replace requests waiting for a receiving clerk. Instants are Unix
-- seconds.

-- Who answers for agency codes outside this instance. `match` is an
-- exact code (000.00.00.H41), a suffix (H41) or '*' (the default
-- upstream); the most specific match wins. kind 'direct' posts to
-- <url>/api/v1/exchange/packages, 'hub' to <url>/api/v1/hub/packages
-- with `api_key` as a bearer token. `cert_sha256` pins the certificate
-- that must sign the packages coming from the codes of this peer;
-- `cert_pem` is its PEM (optional) and `ca_file` the CA bundle checked
-- for an https URL (NULL: the system's).
CREATE TABLE exchange_peers (
	id		INTEGER PRIMARY KEY,
	match		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL DEFAULT '',
	url		TEXT NOT NULL,
	kind		TEXT NOT NULL DEFAULT 'direct'
			CHECK (kind IN ('direct','hub')),
	api_key		TEXT NOT NULL DEFAULT '',
	cert_sha256	TEXT NOT NULL DEFAULT '',
	ca_file		TEXT NOT NULL DEFAULT '',
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
) STRICT;

-- A package sent (direction 'out') or received ('in'), identified by the
-- SHA-256 of its bytes, which is also its blob. kind 'doc' or 'status'.
-- Out: queued → sending → sent, or failed (4xx, or attempts spent);
-- in: received (document or status taken), registered (a document made
-- a receipt), refused (kept for the admin page with its reason; the blob
-- may be absent when the file was not kept).
CREATE TABLE exchange_packages (
	id		INTEGER PRIMARY KEY,
	direction	TEXT NOT NULL CHECK (direction IN ('out','in')),
	kind		TEXT NOT NULL CHECK (kind IN ('doc','status')),
	sha256		TEXT NOT NULL,
	doc_id		INTEGER REFERENCES documents(id),
	receipt_id	INTEGER REFERENCES doc_receipts(id),
	from_code	TEXT NOT NULL DEFAULT '',
	to_code		TEXT NOT NULL DEFAULT '',
	document_id	TEXT NOT NULL DEFAULT '',	-- edXML DocumentId
	notation	TEXT NOT NULL DEFAULT '',
	doc_date	TEXT NOT NULL DEFAULT '',	-- yyyy/MM/dd as written
	business	INTEGER NOT NULL DEFAULT 0 CHECK (business BETWEEN 0 AND 3),
	status_code	TEXT NOT NULL DEFAULT '',
	size		INTEGER NOT NULL DEFAULT 0,
	state		TEXT NOT NULL CHECK (state IN ('queued','sending','sent',
			'failed','received','registered','refused')),
	attempts	INTEGER NOT NULL DEFAULT 0,
	last_error	TEXT NOT NULL DEFAULT '',
	peer_url	TEXT NOT NULL DEFAULT '',
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	sent_at		INTEGER
) STRICT;
CREATE UNIQUE INDEX exchange_packages_sha ON exchange_packages(direction,
	sha256) WHERE state <> 'refused';
CREATE INDEX exchange_packages_state ON exchange_packages(direction, state,
	id);
CREATE INDEX exchange_packages_doc ON exchange_packages(doc_id);
CREATE INDEX exchange_packages_receipt ON exchange_packages(receipt_id);
CREATE INDEX exchange_packages_docid ON exchange_packages(document_id,
	direction);

-- The receipts a document package received here made (one per unit of
-- this instance among its receivers): whose statuses go back to whom.
CREATE TABLE exchange_receipts (
	receipt_id	INTEGER PRIMARY KEY REFERENCES doc_receipts(id),
	package_id	INTEGER NOT NULL REFERENCES exchange_packages(id)
) STRICT;
CREATE INDEX exchange_receipts_package ON exchange_receipts(package_id);

-- What each recipient of a document sent from here reported, in order
-- (01 arrived ... 06 finished, 13 recalled by us, 15/16 answers).
CREATE TABLE exchange_statuses (
	id		INTEGER PRIMARY KEY,
	doc_id		INTEGER NOT NULL REFERENCES documents(id),
	recipient_code	TEXT NOT NULL,
	status_code	TEXT NOT NULL,
	description	TEXT NOT NULL DEFAULT '',
	staff		TEXT NOT NULL DEFAULT '',
	department	TEXT NOT NULL DEFAULT '',
	at		INTEGER NOT NULL,
	package_id	INTEGER REFERENCES exchange_packages(id)
) STRICT;
CREATE INDEX exchange_statuses_doc ON exchange_statuses(doc_id,
	recipient_code, id);

-- Statuses a receipt here has reported back (so 05 goes once).
CREATE TABLE exchange_receipt_sent (
	receipt_id	INTEGER NOT NULL REFERENCES doc_receipts(id),
	status_code	TEXT NOT NULL,
	at		INTEGER NOT NULL,
	PRIMARY KEY (receipt_id, status_code)
) STRICT, WITHOUT ROWID;

-- A recall (1), update (2) or replace (3) asked by the sender of a
-- received document, waiting for the receiving clerk: agreed (15) or
-- refused (16).
CREATE TABLE exchange_requests (
	id		INTEGER PRIMARY KEY,
	package_id	INTEGER NOT NULL REFERENCES exchange_packages(id),
	receipt_id	INTEGER NOT NULL REFERENCES doc_receipts(id),
	business	INTEGER NOT NULL CHECK (business BETWEEN 1 AND 3),
	reason		TEXT NOT NULL DEFAULT '',
	state		TEXT NOT NULL DEFAULT 'pending'
			CHECK (state IN ('pending','agreed','refused')),
	answer		TEXT NOT NULL DEFAULT '',
	decided_by	INTEGER,
	created_at	INTEGER NOT NULL,
	decided_at	INTEGER
) STRICT;
CREATE INDEX exchange_requests_receipt ON exchange_requests(receipt_id,
	state);

-- A receipt whose document its sender recalled (with the receiver's
-- agreement) leaves every queue.
ALTER TABLE doc_receipts ADD COLUMN recalled_at INTEGER;
