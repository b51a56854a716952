-- 004_docs.sql - official documents (Nghị định 30/2020): document types,
-- registers and their yearly number series, outgoing documents from draft
-- to issue, incoming documents from receipt to done, attachments, search,
-- deadlines, notifications and work files.
-- Dates are ISO 'YYYY-MM-DD'; instants are Unix seconds.

-- Types of administrative documents and their abbreviations. Công văn has
-- none (abbr ''): its notation is body - drafting division.
CREATE TABLE doc_types (
	id		INTEGER PRIMARY KEY,
	code		TEXT NOT NULL UNIQUE,	-- stable key: the abbreviation, CV
	name		TEXT NOT NULL UNIQUE,
	abbr		TEXT NOT NULL,
	position	INTEGER NOT NULL DEFAULT 0,
	active		INTEGER NOT NULL DEFAULT 1
) STRICT;
INSERT INTO doc_types (code, name, abbr, position) VALUES
	('CV', 'Công văn', '', 1),
	('NQ', 'Nghị quyết', 'NQ', 2),
	('QĐ', 'Quyết định', 'QĐ', 3),
	('CT', 'Chỉ thị', 'CT', 4),
	('QC', 'Quy chế', 'QC', 5),
	('QyĐ', 'Quy định', 'QyĐ', 6),
	('TC', 'Thông cáo', 'TC', 7),
	('TB', 'Thông báo', 'TB', 8),
	('HD', 'Hướng dẫn', 'HD', 9),
	('CTr', 'Chương trình', 'CTr', 10),
	('KH', 'Kế hoạch', 'KH', 11),
	('PA', 'Phương án', 'PA', 12),
	('ĐA', 'Đề án', 'ĐA', 13),
	('DA', 'Dự án', 'DA', 14),
	('BC', 'Báo cáo', 'BC', 15),
	('BB', 'Biên bản', 'BB', 16),
	('TTr', 'Tờ trình', 'TTr', 17),
	('HĐ', 'Hợp đồng', 'HĐ', 18),
	('CĐ', 'Công điện', 'CĐ', 19),
	('BGN', 'Bản ghi nhớ', 'BGN', 20),
	('BTT', 'Bản thỏa thuận', 'BTT', 21),
	('GUQ', 'Giấy ủy quyền', 'GUQ', 22),
	('GM', 'Giấy mời', 'GM', 23),
	('GGT', 'Giấy giới thiệu', 'GGT', 24),
	('GNP', 'Giấy nghỉ phép', 'GNP', 25),
	('PG', 'Phiếu gửi', 'PG', 26),
	('PC', 'Phiếu chuyển', 'PC', 27),
	('PB', 'Phiếu báo', 'PB', 28),
	('SY', 'Bản sao y', 'SY', 29),
	('TrS', 'Bản trích sao', 'TrS', 30),
	('SL', 'Bản sao lục', 'SL', 31);

-- Whether a unit's administrative documents share one number series
-- (the head of the body decides; default: one series per type).
CREATE TABLE doc_unit_settings (
	unit_id		INTEGER PRIMARY KEY REFERENCES units(id),
	shared_series	INTEGER NOT NULL DEFAULT 0,
	updated_at	INTEGER NOT NULL
) STRICT;

-- Registers (sổ văn bản) of a unit. type_id NULL: shared by every type.
-- Secret series are kept apart (secret = 1), though congso refuses state
-- secrets and never numbers into them.
CREATE TABLE doc_registers (
	id		INTEGER PRIMARY KEY,
	unit_id		INTEGER NOT NULL REFERENCES units(id),
	direction	TEXT NOT NULL CHECK (direction IN ('out','in')),
	type_id		INTEGER REFERENCES doc_types(id),
	secret		INTEGER NOT NULL DEFAULT 0,
	name		TEXT NOT NULL,
	created_at	INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX doc_registers_key ON doc_registers(unit_id, direction,
	ifnull(type_id, 0), secret);

-- The last number given in a register in a year: numbers start at 1 on
-- 1 January and are taken inside the issuing transaction.
CREATE TABLE doc_register_years (
	register_id	INTEGER NOT NULL REFERENCES doc_registers(id),
	year		INTEGER NOT NULL,
	last_number	INTEGER NOT NULL,
	PRIMARY KEY (register_id, year)
) STRICT, WITHOUT ROWID;

-- A document: issued here (origin internal, from draft to issued) or
-- filed from outside (origin external).
CREATE TABLE documents (
	id		INTEGER PRIMARY KEY,
	origin		TEXT NOT NULL CHECK (origin IN ('internal','external')),
	unit_id		INTEGER REFERENCES units(id),	-- issuing body here
	issuer_name	TEXT NOT NULL,
	issuer_code	TEXT NOT NULL DEFAULT '',
	type_id		INTEGER NOT NULL REFERENCES doc_types(id),
	summary		TEXT NOT NULL,
	content		TEXT NOT NULL DEFAULT '',
	urgency		INTEGER NOT NULL DEFAULT 0 CHECK (urgency BETWEEN 0 AND 3),
	reply_due	TEXT,
	state		TEXT NOT NULL CHECK (state IN ('draft','review',
			'returned','approved','issued','external')),
	version		INTEGER NOT NULL DEFAULT 1,
	drafter_id	INTEGER REFERENCES people(id),
	division	TEXT NOT NULL DEFAULT '',	-- drafting division short name
	signer_id	INTEGER REFERENCES people(id),
	signer_name	TEXT NOT NULL DEFAULT '',
	register_id	INTEGER REFERENCES doc_registers(id),
	year		INTEGER,
	number		INTEGER,
	notation	TEXT NOT NULL DEFAULT '',
	doc_date	TEXT,
	issued_at	INTEGER,
	reply_to	INTEGER REFERENCES documents(id),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX documents_number ON documents(register_id, year, number)
	WHERE register_id IS NOT NULL;
CREATE INDEX documents_unit ON documents(unit_id, state);
CREATE INDEX documents_drafter ON documents(drafter_id, state);
CREATE INDEX documents_reply ON documents(reply_to);

-- Whom an outgoing document is addressed to: a unit here, or a body
-- outside (name and agency code) kept for the exchange to send.
CREATE TABLE doc_recipients (
	id		INTEGER PRIMARY KEY,
	doc_id		INTEGER NOT NULL REFERENCES documents(id),
	unit_id		INTEGER REFERENCES units(id),
	name		TEXT NOT NULL,
	code		TEXT NOT NULL DEFAULT '',
	state		TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft',
			'delivered','pending_exchange','sent'))
) STRICT;
CREATE INDEX doc_recipients_doc ON doc_recipients(doc_id);

-- A document as received by a unit: its incoming register entry,
-- direction (bút phê), deadline and state.
CREATE TABLE doc_receipts (
	id		INTEGER PRIMARY KEY,
	doc_id		INTEGER NOT NULL REFERENCES documents(id),
	unit_id		INTEGER NOT NULL REFERENCES units(id),
	state		TEXT NOT NULL CHECK (state IN ('received','registered',
			'refused','directed','done')),
	register_id	INTEGER REFERENCES doc_registers(id),
	year		INTEGER,
	number		INTEGER,
	received_on	TEXT,
	refused_reason	TEXT NOT NULL DEFAULT '',
	direction	TEXT NOT NULL DEFAULT '',
	deadline	TEXT,
	directed_by	INTEGER REFERENCES people(id),
	finished_at	INTEGER,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	UNIQUE (doc_id, unit_id)
) STRICT;
CREATE INDEX doc_receipts_unit ON doc_receipts(unit_id, state);
CREATE UNIQUE INDEX doc_receipts_number ON doc_receipts(register_id, year,
	number) WHERE register_id IS NOT NULL;

-- Who handles a received document: the main handler, co-handlers and
-- people informed.
CREATE TABLE doc_assignments (
	receipt_id	INTEGER NOT NULL REFERENCES doc_receipts(id),
	person_id	INTEGER NOT NULL REFERENCES people(id),
	role		TEXT NOT NULL CHECK (role IN ('main','co','info')),
	done_at		INTEGER,
	PRIMARY KEY (receipt_id, person_id)
) STRICT;
CREATE INDEX doc_assignments_person ON doc_assignments(person_id, done_at);

CREATE TABLE doc_shares (
	doc_id		INTEGER NOT NULL REFERENCES documents(id),
	person_id	INTEGER NOT NULL REFERENCES people(id),
	by_id		INTEGER,
	at		INTEGER NOT NULL,
	PRIMARY KEY (doc_id, person_id)
) STRICT;
CREATE INDEX doc_shares_person ON doc_shares(person_id);

-- Every step of a document, for its history.
CREATE TABLE doc_history (
	id		INTEGER PRIMARY KEY,
	doc_id		INTEGER NOT NULL REFERENCES documents(id),
	unit_id		INTEGER,
	at		INTEGER NOT NULL,
	actor_id	INTEGER,
	actor		TEXT NOT NULL,
	action		TEXT NOT NULL,
	comment		TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX doc_history_doc ON doc_history(doc_id, id);

-- Versions of a draft: each save keeps the text it replaced.
CREATE TABLE doc_versions (
	doc_id		INTEGER NOT NULL REFERENCES documents(id),
	version		INTEGER NOT NULL,
	type_id		INTEGER NOT NULL,
	summary		TEXT NOT NULL,
	content		TEXT NOT NULL,
	by_id		INTEGER,
	at		INTEGER NOT NULL,
	PRIMARY KEY (doc_id, version)
) STRICT;

CREATE TABLE doc_attachments (
	id		INTEGER PRIMARY KEY,
	doc_id		INTEGER NOT NULL REFERENCES documents(id),
	hash		TEXT NOT NULL REFERENCES blobs(hash),
	filename	TEXT NOT NULL,
	mime		TEXT NOT NULL,
	size		INTEGER NOT NULL,
	text		TEXT NOT NULL DEFAULT '',
	text_state	TEXT NOT NULL DEFAULT 'none' CHECK (text_state IN
			('none','pending','done','failed')),
	by_id		INTEGER,
	created_at	INTEGER NOT NULL
) STRICT;
CREATE INDEX doc_attachments_doc ON doc_attachments(doc_id);

-- Full text of each document, folded (no diacritics, đ → d): summary,
-- notation, issuing body, attachment text. rowid = documents.id.
CREATE VIRTUAL TABLE docs_fts USING fts5(body, tokenize='unicode61');

CREATE TABLE doc_notifications (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES people(id),
	doc_id		INTEGER NOT NULL REFERENCES documents(id),
	kind		TEXT NOT NULL,
	message		TEXT NOT NULL,
	day		TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	read_at		INTEGER,
	UNIQUE (person_id, doc_id, kind, day)
) STRICT;

-- Work files (hồ sơ công việc).
CREATE TABLE doc_workfiles (
	id		INTEGER PRIMARY KEY,
	unit_id		INTEGER NOT NULL REFERENCES units(id),
	code		TEXT NOT NULL,
	title		TEXT NOT NULL,
	owner_id	INTEGER NOT NULL REFERENCES people(id),
	retention	TEXT NOT NULL,
	state		TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','closed')),
	created_at	INTEGER NOT NULL,
	closed_at	INTEGER,
	UNIQUE (unit_id, code)
) STRICT;
CREATE TABLE doc_workfile_docs (
	workfile_id	INTEGER NOT NULL REFERENCES doc_workfiles(id),
	doc_id		INTEGER NOT NULL REFERENCES documents(id),
	added_by	INTEGER,
	added_at	INTEGER NOT NULL,
	PRIMARY KEY (workfile_id, doc_id)
) STRICT;
