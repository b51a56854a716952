-- 002_directory.sql - units of the province and the people in them.
-- Dates are ISO 'YYYY-MM-DD'; effective_until is exclusive (NULL: open).

CREATE TABLE units (
	id		INTEGER PRIMARY KEY,
	code		TEXT NOT NULL UNIQUE,	-- QCVN 102 agency code
	name		TEXT NOT NULL,
	short_name	TEXT NOT NULL,		-- used in notations: UBND, STTTT
	level		INTEGER NOT NULL CHECK (level BETWEEN 1 AND 9),
	kind		TEXT NOT NULL,		-- province, department, district, commune, division, party
	parent_id	INTEGER REFERENCES units(id),
	address		TEXT NOT NULL DEFAULT '',
	email		TEXT NOT NULL DEFAULT '',
	phone		TEXT NOT NULL DEFAULT '',
	effective_from	TEXT NOT NULL,
	effective_until	TEXT,
	successor_id	INTEGER REFERENCES units(id),
	name_folded	TEXT NOT NULL,		-- fold(name || ' ' || short_name || ' ' || code)
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
) STRICT;
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_kind ON units(kind);

-- Name and place of a unit over time: the tree as it stood on a date.
CREATE TABLE unit_versions (
	id		INTEGER PRIMARY KEY,
	unit_id		INTEGER NOT NULL REFERENCES units(id),
	name		TEXT NOT NULL,
	short_name	TEXT NOT NULL,
	parent_id	INTEGER REFERENCES units(id),
	valid_from	TEXT NOT NULL,
	valid_until	TEXT
) STRICT;
CREATE INDEX unit_versions_unit ON unit_versions(unit_id, valid_from);
CREATE INDEX unit_versions_parent ON unit_versions(parent_id);

-- Roles are a bit set: see directory.h (DIR_ROLE_*).
CREATE TABLE people (
	id		INTEGER PRIMARY KEY,
	username	TEXT NOT NULL UNIQUE,
	full_name	TEXT NOT NULL,
	unit_id		INTEGER NOT NULL REFERENCES units(id),
	position	TEXT NOT NULL DEFAULT '',
	roles		INTEGER NOT NULL DEFAULT 0,
	email		TEXT NOT NULL DEFAULT '',
	phone		TEXT NOT NULL DEFAULT '',
	password_hash	TEXT,			-- NULL: cannot sign in yet
	active		INTEGER NOT NULL DEFAULT 1,
	failed_logins	INTEGER NOT NULL DEFAULT 0,
	last_failed_at	INTEGER NOT NULL DEFAULT 0,
	locked_until	INTEGER NOT NULL DEFAULT 0,
	name_folded	TEXT NOT NULL,		-- fold(full_name || ' ' || username || ' ' || email)
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
) STRICT;
CREATE INDEX people_unit ON people(unit_id, full_name);
CREATE UNIQUE INDEX people_email ON people(email) WHERE email <> '';

-- Which unit a person belonged to over time.
CREATE TABLE person_units (
	person_id	INTEGER NOT NULL REFERENCES people(id),
	unit_id		INTEGER NOT NULL REFERENCES units(id),
	valid_from	TEXT NOT NULL,
	valid_until	TEXT
) STRICT;
CREATE INDEX person_units_person ON person_units(person_id);

CREATE TABLE reorganisations (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('merge','split','rename','abolish')),
	effective	TEXT NOT NULL,
	note		TEXT NOT NULL DEFAULT '',
	created_by	INTEGER,
	created_at	INTEGER NOT NULL
) STRICT;
CREATE TABLE reorganisation_units (
	reorg_id	INTEGER NOT NULL REFERENCES reorganisations(id),
	unit_id		INTEGER NOT NULL REFERENCES units(id),
	role		TEXT NOT NULL CHECK (role IN ('from','to'))
) STRICT;
CREATE INDEX reorganisation_units_unit ON reorganisation_units(unit_id);

-- Substring search over folded names (trigram: "dong hy" finds "Đồng Hỷ").
CREATE VIRTUAL TABLE people_fts USING fts5(name_folded, content='people',
	content_rowid='id', tokenize='trigram');
CREATE TRIGGER people_fts_ai AFTER INSERT ON people BEGIN
	INSERT INTO people_fts (rowid, name_folded) VALUES (new.id, new.name_folded);
END;
CREATE TRIGGER people_fts_ad AFTER DELETE ON people BEGIN
	INSERT INTO people_fts (people_fts, rowid, name_folded)
	VALUES ('delete', old.id, old.name_folded);
END;
CREATE TRIGGER people_fts_au AFTER UPDATE OF name_folded ON people BEGIN
	INSERT INTO people_fts (people_fts, rowid, name_folded)
	VALUES ('delete', old.id, old.name_folded);
	INSERT INTO people_fts (rowid, name_folded) VALUES (new.id, new.name_folded);
END;
