-- 005_services.sql - public services and the one-stop shop (Nghị định
-- 61/2018, 107/2021, 118/2025; Thông tư 01/2018/TT-VPCP): the catalogue of
-- administrative procedures with their application forms as data,
-- citizens and their sessions, dossiers from draft to result returned,
-- the per-unit daily sequence of dossier codes, history (every handover,
-- the control slip Mẫu 05), files, fees paid.
-- Dates are ISO 'YYYY-MM-DD'; instants are Unix seconds.

-- One administrative procedure. level: where it is carried out; unit_id
-- names the implementing unit when it is one unit (province level), else
-- NULL: any unit of that level receives it. mode: 'full' toàn trình,
-- 'partial' một phần. components and form are JSON arrays checked on
-- import (svc_form.c): the required papers, and the application form.
CREATE TABLE svc_procedures (
	id		INTEGER PRIMARY KEY,
	code		TEXT NOT NULL UNIQUE,	-- national code, 2.000815
	name		TEXT NOT NULL,
	field		TEXT NOT NULL,		-- lĩnh vực
	level		TEXT NOT NULL CHECK (level IN ('province','district',
			'commune')),
	agency		TEXT NOT NULL,		-- cơ quan thực hiện
	unit_id		INTEGER REFERENCES units(id),
	mode		TEXT NOT NULL CHECK (mode IN ('full','partial')),
	days		INTEGER NOT NULL CHECK (days BETWEEN 0 AND 365),
	fee		INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0),	-- VND
	fee_text	TEXT NOT NULL DEFAULT '',
	result		TEXT NOT NULL DEFAULT '',
	legal_basis	TEXT NOT NULL DEFAULT '',
	components	TEXT NOT NULL DEFAULT '[]',
	form		TEXT NOT NULL DEFAULT '[]',
	search		TEXT NOT NULL DEFAULT '',	-- folded words
	active		INTEGER NOT NULL DEFAULT 1,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
) STRICT;
CREATE INDEX svc_procedures_level ON svc_procedures(level, active);

-- Citizens sign in with their e-mail and a code sent to it.
CREATE TABLE svc_citizens (
	id		INTEGER PRIMARY KEY,
	email		TEXT NOT NULL UNIQUE,		-- lowercased
	full_name	TEXT NOT NULL DEFAULT '',
	phone		TEXT NOT NULL DEFAULT '',
	created_at	INTEGER NOT NULL,
	verified_at	INTEGER NOT NULL
) STRICT;

-- One pending code an address; the code is stored hashed.
CREATE TABLE svc_citizen_codes (
	email		TEXT PRIMARY KEY,
	code_hash	TEXT NOT NULL,
	attempts	INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL
) STRICT;

-- Citizens' sessions, apart from staff sessions (their own cookie).
CREATE TABLE svc_citizen_sessions (
	token_hash	TEXT PRIMARY KEY,
	citizen_id	INTEGER NOT NULL REFERENCES svc_citizens(id),
	kind		TEXT NOT NULL CHECK (kind IN ('web','api')),
	csrf		TEXT NOT NULL,
	ip		TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL
) STRICT;
CREATE INDEX svc_citizen_sessions_citizen ON svc_citizen_sessions(citizen_id);

-- The last sequence number given by a unit on a day (local date): codes
-- are taken inside the submitting transaction, so they never repeat.
CREATE TABLE svc_sequences (
	unit_id		INTEGER NOT NULL REFERENCES units(id),
	day		TEXT NOT NULL,
	last		INTEGER NOT NULL,
	PRIMARY KEY (unit_id, day)
) STRICT, WITHOUT ROWID;

-- A dossier. unit_id receives it (its one-stop section); handler_unit_id
-- processes it after the transfer. due is the appointment date in force
-- (moved by an apology, Mẫu 04); first_due the one given at receipt.
CREATE TABLE svc_dossiers (
	id		INTEGER PRIMARY KEY,
	code		TEXT UNIQUE,			-- NULL while a draft
	procedure_id	INTEGER NOT NULL REFERENCES svc_procedures(id),
	unit_id		INTEGER NOT NULL REFERENCES units(id),
	citizen_id	INTEGER REFERENCES svc_citizens(id),
	channel		TEXT NOT NULL CHECK (channel IN ('online','counter')),
	state		TEXT NOT NULL CHECK (state IN ('draft','submitted',
			'supplement','refused','received','transferred',
			'processing','approved','returned')),
	supplemented	INTEGER NOT NULL DEFAULT 0,	-- asked once already
	applicant_name	TEXT NOT NULL DEFAULT '',
	applicant_email	TEXT NOT NULL DEFAULT '',
	applicant_phone	TEXT NOT NULL DEFAULT '',
	applicant_idno	TEXT NOT NULL DEFAULT '',
	applicant_addr	TEXT NOT NULL DEFAULT '',
	data		TEXT NOT NULL DEFAULT '{}',	-- form values
	note		TEXT NOT NULL DEFAULT '',	-- last request or reason
	submitted_at	INTEGER,
	received_at	INTEGER,
	received_by	INTEGER REFERENCES people(id),
	first_due	TEXT,
	due		TEXT,
	apologies	INTEGER NOT NULL DEFAULT 0,
	handler_unit_id	INTEGER REFERENCES units(id),
	handler_id	INTEGER REFERENCES people(id),
	result_text	TEXT NOT NULL DEFAULT '',
	approved_by	INTEGER REFERENCES people(id),
	finished_at	INTEGER,			-- returned or refused
	finished_on	TEXT,
	fee		INTEGER NOT NULL DEFAULT 0,
	paid_at		INTEGER,
	rating		INTEGER CHECK (rating BETWEEN 1 AND 5),
	rating_comment	TEXT NOT NULL DEFAULT '',
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
) STRICT;
CREATE INDEX svc_dossiers_unit ON svc_dossiers(unit_id, state);
CREATE INDEX svc_dossiers_handler ON svc_dossiers(handler_unit_id, state);
CREATE INDEX svc_dossiers_citizen ON svc_dossiers(citizen_id);
CREATE INDEX svc_dossiers_procedure ON svc_dossiers(procedure_id);
CREATE INDEX svc_dossiers_updated ON svc_dossiers(updated_at);

-- Files of a dossier: form fields of type file. round 0: the application,
-- 1: the supplement.
CREATE TABLE svc_dossier_files (
	id		INTEGER PRIMARY KEY,
	dossier_id	INTEGER NOT NULL REFERENCES svc_dossiers(id),
	field		TEXT NOT NULL,
	filename	TEXT NOT NULL,
	mime		TEXT NOT NULL,
	hash		TEXT NOT NULL REFERENCES blobs(hash),
	size		INTEGER NOT NULL,
	round		INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL
) STRICT;
CREATE INDEX svc_dossier_files_dossier ON svc_dossier_files(dossier_id);

-- Every step of a dossier; with from/to units it is the control slip
-- (Mẫu 05). actor_name is a person's name, never shown on the public
-- tracking page, which shows action, state, units and times only.
CREATE TABLE svc_history (
	id		INTEGER PRIMARY KEY,
	dossier_id	INTEGER NOT NULL REFERENCES svc_dossiers(id),
	at		INTEGER NOT NULL,
	actor_kind	TEXT NOT NULL CHECK (actor_kind IN ('citizen','staff',
			'system')),
	actor_id	INTEGER,
	actor_name	TEXT NOT NULL,
	action		TEXT NOT NULL,
	state		TEXT NOT NULL,			-- after the step
	from_unit_id	INTEGER REFERENCES units(id),
	to_unit_id	INTEGER REFERENCES units(id),
	comment		TEXT NOT NULL DEFAULT '',
	due		TEXT
) STRICT;
CREATE INDEX svc_history_dossier ON svc_history(dossier_id, id);

-- Fees paid: at the counter (the officer records the receipt) or through
-- a payment provider.
CREATE TABLE svc_payments (
	id		INTEGER PRIMARY KEY,
	dossier_id	INTEGER NOT NULL REFERENCES svc_dossiers(id),
	amount		INTEGER NOT NULL CHECK (amount >= 0),
	method		TEXT NOT NULL,
	receipt_no	TEXT NOT NULL,
	provider_ref	TEXT NOT NULL DEFAULT '',
	recorded_by	INTEGER REFERENCES people(id),
	paid_at		INTEGER NOT NULL
) STRICT;
CREATE INDEX svc_payments_dossier ON svc_payments(dossier_id);
