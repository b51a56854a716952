-- 023_docs_work_counts.sql - how many documents each person has open to
-- handle, kept by triggers beside doc_work (sql/018), so that the total
-- of "Cần xử lý" is read, not counted: counting 300 open items at every
-- request was a sixth of a cold page. A document counts once however
-- many of its receipts the person handles: n is the number of distinct
-- (urgency, doc_id) of the person's rows, as WORK_COUNT in
-- src/docs/docs_query_db.c counts them.
CREATE TABLE doc_work_counts (
	person_id	INTEGER PRIMARY KEY,
	n		INTEGER NOT NULL
) STRICT;
INSERT INTO doc_work_counts (person_id, n)
	SELECT person_id, count(*) FROM (SELECT DISTINCT person_id, urgency,
	    doc_id FROM doc_work) GROUP BY person_id;

-- A row adds a document when no other row has it.
CREATE TRIGGER doc_work_count_i AFTER INSERT ON doc_work
WHEN NOT EXISTS (SELECT 1 FROM doc_work w WHERE w.person_id = NEW.person_id
    AND w.urgency = NEW.urgency AND w.doc_id = NEW.doc_id
    AND w.receipt_id != NEW.receipt_id) BEGIN
	INSERT INTO doc_work_counts VALUES (NEW.person_id, 1)
	    ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- A row gone takes its document when no row has it any more.
CREATE TRIGGER doc_work_count_d AFTER DELETE ON doc_work
WHEN NOT EXISTS (SELECT 1 FROM doc_work w WHERE w.person_id = OLD.person_id
    AND w.urgency = OLD.urgency AND w.doc_id = OLD.doc_id) BEGIN
	UPDATE doc_work_counts SET n = n - 1 WHERE person_id = OLD.person_id;
END;
-- A row that changes what it counts (a document's urgency): both.
CREATE TRIGGER doc_work_count_u AFTER UPDATE OF person_id, urgency, doc_id
ON doc_work WHEN (OLD.person_id, OLD.urgency, OLD.doc_id) IS NOT
    (NEW.person_id, NEW.urgency, NEW.doc_id) BEGIN
	UPDATE doc_work_counts SET n = n - 1 WHERE person_id = OLD.person_id
	    AND NOT EXISTS (SELECT 1 FROM doc_work w
	    WHERE w.person_id = OLD.person_id AND w.urgency = OLD.urgency
	    AND w.doc_id = OLD.doc_id);
	INSERT INTO doc_work_counts SELECT NEW.person_id, 1
	    WHERE NOT EXISTS (SELECT 1 FROM doc_work w
	    WHERE w.person_id = NEW.person_id AND w.urgency = NEW.urgency
	    AND w.doc_id = NEW.doc_id AND w.receipt_id != NEW.receipt_id)
	    ON CONFLICT DO UPDATE SET n = n + 1;
END;
