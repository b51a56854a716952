-- 011_docs_speed.sql - who may see each document, as rows an index can
-- walk: lists and queues read a reader's rows in page order instead of
-- testing every document, and full-text search carries the same readers
-- as tokens so that a query only matches documents its reader may see.
--
-- A document is visible to its issuing body, to every body that received
-- it, to the people assigned to handle it or be informed, and to the
-- people it was shared with (DOCS_VISIBLE in src/docs/docs_int.h says the
-- same in SQL). Triggers keep doc_access equal to that rule on every
-- change; nothing writes it directly.

-- One row per reader and document. viewer > 0 is a unit id, viewer < 0
-- the negated id of a person. via: 1 issuing body, 2 receipt (a unit's
-- incoming document), 4 assignment, 8 share; never 0. urgency is a copy
-- of documents.urgency so that a reader's rows come in page order
-- (urgency, then newest first) straight from the key.
CREATE TABLE doc_access (
	viewer		INTEGER NOT NULL,
	urgency		INTEGER NOT NULL,
	doc_id		INTEGER NOT NULL REFERENCES documents(id),
	via		INTEGER NOT NULL CHECK (via BETWEEN 1 AND 15),
	PRIMARY KEY (viewer, urgency, doc_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX doc_access_doc ON doc_access(doc_id, viewer);

-- Backfill from the rows that decide visibility.
INSERT INTO doc_access (viewer, urgency, doc_id, via)
SELECT viewer, urgency, doc_id, sum(via) FROM (
	SELECT d.unit_id AS viewer, d.urgency, d.id AS doc_id, 1 AS via
	  FROM documents d WHERE d.unit_id IS NOT NULL
	UNION
	SELECT r.unit_id, d.urgency, d.id, 2 FROM doc_receipts r
	  JOIN documents d ON d.id = r.doc_id
	UNION
	SELECT -a.person_id, d.urgency, d.id, 4 FROM doc_assignments a
	  JOIN doc_receipts r ON r.id = a.receipt_id
	  JOIN documents d ON d.id = r.doc_id
	UNION
	SELECT -s.person_id, d.urgency, d.id, 8 FROM doc_shares s
	  JOIN documents d ON d.id = s.doc_id
) GROUP BY viewer, urgency, doc_id;

-- Queues of a person that do not go through doc_access.
CREATE INDEX doc_receipts_unit_doc ON doc_receipts(unit_id, state, doc_id);

CREATE TRIGGER doc_access_issuer AFTER INSERT ON documents
WHEN NEW.unit_id IS NOT NULL BEGIN
	INSERT INTO doc_access VALUES (NEW.unit_id, NEW.urgency, NEW.id, 1)
	    ON CONFLICT DO UPDATE SET via = via | 1;
END;

CREATE TRIGGER doc_access_issuer_moved AFTER UPDATE OF unit_id ON documents
WHEN OLD.unit_id IS NOT NEW.unit_id BEGIN
	UPDATE doc_access SET via = via & ~1
	    WHERE viewer = OLD.unit_id AND doc_id = OLD.id;
	DELETE FROM doc_access WHERE viewer = OLD.unit_id AND doc_id = OLD.id
	    AND via = 0;
	INSERT INTO doc_access SELECT NEW.unit_id, NEW.urgency, NEW.id, 1
	    WHERE NEW.unit_id IS NOT NULL
	    ON CONFLICT DO UPDATE SET via = via | 1;
END;

CREATE TRIGGER doc_access_urgency AFTER UPDATE OF urgency ON documents
WHEN OLD.urgency IS NOT NEW.urgency BEGIN
	UPDATE doc_access SET urgency = NEW.urgency WHERE doc_id = NEW.id;
END;

CREATE TRIGGER doc_access_receipt AFTER INSERT ON doc_receipts BEGIN
	INSERT INTO doc_access SELECT NEW.unit_id, d.urgency, d.id, 2
	    FROM documents d WHERE d.id = NEW.doc_id
	    ON CONFLICT DO UPDATE SET via = via | 2;
END;

CREATE TRIGGER doc_access_assign AFTER INSERT ON doc_assignments BEGIN
	INSERT INTO doc_access SELECT -NEW.person_id, d.urgency, d.id, 4
	    FROM doc_receipts r JOIN documents d ON d.id = r.doc_id
	    WHERE r.id = NEW.receipt_id
	    ON CONFLICT DO UPDATE SET via = via | 4;
END;

-- An assignment taken back: the person keeps the document only through
-- another assignment on it or a share.
CREATE TRIGGER doc_access_unassign AFTER DELETE ON doc_assignments BEGIN
	UPDATE doc_access SET via = via & ~4
	    WHERE viewer = -OLD.person_id
	    AND doc_id = (SELECT doc_id FROM doc_receipts WHERE id = OLD.receipt_id)
	    AND NOT EXISTS (SELECT 1 FROM doc_assignments a JOIN doc_receipts r
		ON r.id = a.receipt_id WHERE a.person_id = OLD.person_id
		AND r.doc_id = doc_access.doc_id);
	DELETE FROM doc_access WHERE viewer = -OLD.person_id AND via = 0
	    AND doc_id = (SELECT doc_id FROM doc_receipts WHERE id = OLD.receipt_id);
END;

CREATE TRIGGER doc_access_share AFTER INSERT ON doc_shares BEGIN
	INSERT INTO doc_access SELECT -NEW.person_id, d.urgency, d.id, 8
	    FROM documents d WHERE d.id = NEW.doc_id
	    ON CONFLICT DO UPDATE SET via = via | 8;
END;

CREATE TRIGGER doc_access_unshare AFTER DELETE ON doc_shares BEGIN
	UPDATE doc_access SET via = via & ~8
	    WHERE viewer = -OLD.person_id AND doc_id = OLD.doc_id;
	DELETE FROM doc_access WHERE viewer = -OLD.person_id
	    AND doc_id = OLD.doc_id AND via = 0;
END;

-- Full text with the readers: column access holds "u<unit id>" and
-- "p<person id>" for every row of doc_access, and a search ANDs
-- "access : (u<body> OR p<person>)" into its MATCH (docs_list). The
-- last word of every search is a prefix ("chuyen d" finds "dich", "doi"):
-- prefix indexes of one to six letters (nearly every folded Vietnamese
-- syllable) make such a word one list to read, which the AND with the
-- reader's tokens can skip through, instead of the lists of every word
-- it begins merged in memory first.
CREATE VIRTUAL TABLE docs_fts_new USING fts5(body, access,
	tokenize='unicode61', prefix='1 2 3 4 5 6');
INSERT INTO docs_fts_new (rowid, body, access)
SELECT f.rowid, f.body, ifnull((SELECT group_concat(iif(v.viewer > 0,
	'u' || v.viewer, 'p' || -v.viewer), ' ') FROM doc_access v
	WHERE v.doc_id = f.rowid), '')
FROM docs_fts f;
DROP TABLE docs_fts;
ALTER TABLE docs_fts_new RENAME TO docs_fts;

-- A reader gained or lost: rewrite the document's access tokens (a no-op
-- while the document has no full-text row yet; docs_reindex writes them).
CREATE TRIGGER doc_access_fts_add AFTER INSERT ON doc_access BEGIN
	UPDATE docs_fts SET access = (SELECT group_concat(iif(v.viewer > 0,
	    'u' || v.viewer, 'p' || -v.viewer), ' ') FROM doc_access v
	    WHERE v.doc_id = NEW.doc_id) WHERE rowid = NEW.doc_id;
END;

CREATE TRIGGER doc_access_fts_drop AFTER DELETE ON doc_access BEGIN
	UPDATE docs_fts SET access = ifnull((SELECT group_concat(iif(
	    v.viewer > 0, 'u' || v.viewer, 'p' || -v.viewer), ' ')
	    FROM doc_access v WHERE v.doc_id = OLD.doc_id), '')
	    WHERE rowid = OLD.doc_id;
END;

-- What a reader's lists may show changes only when one of the documents
-- they see changes, or when they gain or lose one: each reader (viewer as
-- in doc_access) has a generation, bumped in the same transaction by every
-- such change, so that an answer cached for a reader (src/core/cache.h)
-- is never served once stale. docs.generation covers what every list
-- shows (type names).
CREATE TABLE doc_reader_gen (
	viewer		INTEGER PRIMARY KEY,
	gen		INTEGER NOT NULL
) STRICT;
INSERT INTO settings (key, value) VALUES ('docs.generation', '1')
	ON CONFLICT (key) DO NOTHING;

CREATE TRIGGER doc_gen_access_i AFTER INSERT ON doc_access BEGIN
	INSERT INTO doc_reader_gen VALUES (NEW.viewer, 1)
	    ON CONFLICT DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER doc_gen_access_u AFTER UPDATE ON doc_access BEGIN
	INSERT INTO doc_reader_gen VALUES (NEW.viewer, 1)
	    ON CONFLICT DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER doc_gen_access_d AFTER DELETE ON doc_access BEGIN
	INSERT INTO doc_reader_gen VALUES (OLD.viewer, 1)
	    ON CONFLICT DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER doc_gen_documents_u AFTER UPDATE ON documents BEGIN
	INSERT INTO doc_reader_gen SELECT viewer, 1 FROM doc_access
	    WHERE doc_id = NEW.id ON CONFLICT DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER doc_gen_receipts_i AFTER INSERT ON doc_receipts BEGIN
	INSERT INTO doc_reader_gen SELECT viewer, 1 FROM doc_access
	    WHERE doc_id = NEW.doc_id ON CONFLICT DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER doc_gen_receipts_u AFTER UPDATE ON doc_receipts BEGIN
	INSERT INTO doc_reader_gen SELECT viewer, 1 FROM doc_access
	    WHERE doc_id = NEW.doc_id ON CONFLICT DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER doc_gen_assign_i AFTER INSERT ON doc_assignments BEGIN
	INSERT INTO doc_reader_gen SELECT v.viewer, 1 FROM doc_access v
	    JOIN doc_receipts r ON r.doc_id = v.doc_id WHERE r.id = NEW.receipt_id
	    ON CONFLICT DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER doc_gen_assign_u AFTER UPDATE ON doc_assignments BEGIN
	INSERT INTO doc_reader_gen SELECT v.viewer, 1 FROM doc_access v
	    JOIN doc_receipts r ON r.doc_id = v.doc_id WHERE r.id = NEW.receipt_id
	    ON CONFLICT DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER doc_gen_assign_d AFTER DELETE ON doc_assignments BEGIN
	INSERT INTO doc_reader_gen SELECT v.viewer, 1 FROM doc_access v
	    JOIN doc_receipts r ON r.doc_id = v.doc_id WHERE r.id = OLD.receipt_id
	    ON CONFLICT DO UPDATE SET gen = gen + 1;
	INSERT INTO doc_reader_gen VALUES (-OLD.person_id, 1)
	    ON CONFLICT DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER doc_gen_shares_i AFTER INSERT ON doc_shares BEGIN
	INSERT INTO doc_reader_gen SELECT viewer, 1 FROM doc_access
	    WHERE doc_id = NEW.doc_id ON CONFLICT DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER doc_gen_shares_d AFTER DELETE ON doc_shares BEGIN
	INSERT INTO doc_reader_gen SELECT viewer, 1 FROM doc_access
	    WHERE doc_id = OLD.doc_id ON CONFLICT DO UPDATE SET gen = gen + 1;
	INSERT INTO doc_reader_gen VALUES (-OLD.person_id, 1)
	    ON CONFLICT DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER doc_gen_files_i AFTER INSERT ON doc_attachments BEGIN
	INSERT INTO doc_reader_gen SELECT viewer, 1 FROM doc_access
	    WHERE doc_id = NEW.doc_id ON CONFLICT DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER doc_gen_files_u AFTER UPDATE ON doc_attachments BEGIN
	INSERT INTO doc_reader_gen SELECT viewer, 1 FROM doc_access
	    WHERE doc_id = NEW.doc_id ON CONFLICT DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER doc_gen_types_u AFTER UPDATE ON doc_types BEGIN
	UPDATE settings SET value = value + 1 WHERE key = 'docs.generation';
END;
