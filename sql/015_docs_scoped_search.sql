-- 015_docs_scoped_search.sql - search reads only what the reader may see.
--
-- Before, a search matched the words in one column and the reader's
-- tokens ("u41", "p764") in another, and FTS5 intersected the list of
-- every word (hundreds of thousands of documents for "chuyen") with the
-- reader's: tens of milliseconds at 2.2 million documents. Now the row is
-- "<readers>\x1f<folded text>" and the tokenizer "scoped"
-- (src/core/fts_scope.c) indexes each word once per reader ("u41xchuyen"),
-- so each list a search reads holds only that reader's documents. No
-- positions are kept (detail=none): searches are words ANDed, the last a
-- prefix, never phrases.
DROP TRIGGER doc_access_fts_add;
DROP TRIGGER doc_access_fts_drop;
CREATE VIRTUAL TABLE docs_fts_new USING fts5(t, tokenize='scoped',
	detail=none);
INSERT INTO docs_fts_new (rowid, t)
	SELECT rowid, access || char(31) || body FROM docs_fts;
DROP TABLE docs_fts;
ALTER TABLE docs_fts_new RENAME TO docs_fts;

-- A reader gained or lost: rewrite the document's readers (a no-op
-- while the document has no full-text row yet; docs_reindex writes it).
CREATE TRIGGER doc_access_fts_add AFTER INSERT ON doc_access BEGIN
	UPDATE docs_fts SET t = (SELECT group_concat(iif(v.viewer > 0,
	    'u' || v.viewer, 'p' || -v.viewer), ' ') FROM doc_access v
	    WHERE v.doc_id = NEW.doc_id) || substr(t, instr(t, char(31)))
	    WHERE rowid = NEW.doc_id;
END;

CREATE TRIGGER doc_access_fts_drop AFTER DELETE ON doc_access BEGIN
	UPDATE docs_fts SET t = ifnull((SELECT group_concat(iif(
	    v.viewer > 0, 'u' || v.viewer, 'p' || -v.viewer), ' ')
	    FROM doc_access v WHERE v.doc_id = OLD.doc_id), '')
	    || substr(t, instr(t, char(31)))
	    WHERE rowid = OLD.doc_id;
END;
