-- 010_docs_import.sql - bringing documents in from an old system
-- (`congso doc import`): how far each import file got, so that a run
-- stopped half way resumes after the last committed line, and the lines
-- it refused with their reasons.

-- One row per import file, keyed by a SHA-256 of its path, size and the
-- hash of its first line: the same file run again resumes; a changed
-- file is a new import.
CREATE TABLE doc_imports (
	key		TEXT PRIMARY KEY,
	path		TEXT NOT NULL,
	size		INTEGER NOT NULL,
	last_line	INTEGER NOT NULL DEFAULT 0,	-- last committed line
	accepted	INTEGER NOT NULL DEFAULT 0,
	rejected	INTEGER NOT NULL DEFAULT 0,
	started_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	finished_at	INTEGER
) STRICT;

CREATE TABLE doc_import_rejects (
	import_key	TEXT NOT NULL REFERENCES doc_imports(key),
	line		INTEGER NOT NULL,
	reason		TEXT NOT NULL,
	PRIMARY KEY (import_key, line)
) STRICT, WITHOUT ROWID;

-- A document already in a register is found by its notation and date,
-- so that a line brought in twice is refused rather than duplicated.
CREATE INDEX documents_notation ON documents(notation, doc_date);
