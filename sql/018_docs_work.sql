-- 018_docs_work.sql - a person's open work ("Cần xử lý", "Quá hạn") as
-- rows in page order. A document is open work for a person while they
-- are its main or co-handler (doc_assignments.role), have not finished
-- (done_at IS NULL) and the receipt is directed (doc_receipts.state);
-- WORK_IDS in src/docs/docs_query_db.c says the same in SQL. Before, a
-- queue page joined every open assignment of the person to its receipt
-- and the person's access row to sort them by urgency (300 open items:
-- 900 lookups for each page, most of a cold page's time); now the page is
-- the first rows of the key. Triggers keep the table equal to the rule on
-- every change; nothing writes it directly. urgency and deadline are
-- copies of documents.urgency and doc_receipts.deadline.
CREATE TABLE doc_work (
	person_id	INTEGER NOT NULL,
	urgency		INTEGER NOT NULL,
	doc_id		INTEGER NOT NULL,
	receipt_id	INTEGER NOT NULL,
	deadline	TEXT,
	PRIMARY KEY (person_id, urgency, doc_id, receipt_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX doc_work_receipt ON doc_work(receipt_id, person_id);

INSERT INTO doc_work (person_id, urgency, doc_id, receipt_id, deadline)
SELECT a.person_id, d.urgency, y.doc_id, y.id, y.deadline
  FROM doc_assignments a
  JOIN doc_receipts y ON y.id = a.receipt_id
  JOIN documents d ON d.id = y.doc_id
 WHERE a.done_at IS NULL AND a.role IN ('main', 'co')
   AND y.state = 'directed';

CREATE TRIGGER doc_work_assign AFTER INSERT ON doc_assignments
WHEN NEW.done_at IS NULL AND NEW.role IN ('main', 'co') BEGIN
	INSERT OR IGNORE INTO doc_work
	    SELECT NEW.person_id, d.urgency, y.doc_id, y.id, y.deadline
	    FROM doc_receipts y JOIN documents d ON d.id = y.doc_id
	    WHERE y.id = NEW.receipt_id AND y.state = 'directed';
END;

CREATE TRIGGER doc_work_assign_changed AFTER UPDATE OF receipt_id,
    person_id, role, done_at ON doc_assignments BEGIN
	DELETE FROM doc_work WHERE receipt_id = OLD.receipt_id
	    AND person_id = OLD.person_id;
	INSERT OR IGNORE INTO doc_work
	    SELECT NEW.person_id, d.urgency, y.doc_id, y.id, y.deadline
	    FROM doc_receipts y JOIN documents d ON d.id = y.doc_id
	    WHERE y.id = NEW.receipt_id AND y.state = 'directed'
	    AND NEW.done_at IS NULL AND NEW.role IN ('main', 'co');
END;

CREATE TRIGGER doc_work_unassign AFTER DELETE ON doc_assignments BEGIN
	DELETE FROM doc_work WHERE receipt_id = OLD.receipt_id
	    AND person_id = OLD.person_id;
END;

CREATE TRIGGER doc_work_receipt_changed AFTER UPDATE OF doc_id, state,
    deadline ON doc_receipts BEGIN
	DELETE FROM doc_work WHERE receipt_id = OLD.id;
	INSERT OR IGNORE INTO doc_work
	    SELECT a.person_id, d.urgency, NEW.doc_id, NEW.id, NEW.deadline
	    FROM doc_assignments a JOIN documents d ON d.id = NEW.doc_id
	    WHERE a.receipt_id = NEW.id AND a.done_at IS NULL
	    AND a.role IN ('main', 'co') AND NEW.state = 'directed';
END;

CREATE TRIGGER doc_work_receipt_gone AFTER DELETE ON doc_receipts BEGIN
	DELETE FROM doc_work WHERE receipt_id = OLD.id;
END;

CREATE TRIGGER doc_work_urgency AFTER UPDATE OF urgency ON documents
WHEN OLD.urgency IS NOT NEW.urgency BEGIN
	UPDATE doc_work SET urgency = NEW.urgency WHERE receipt_id IN
	    (SELECT id FROM doc_receipts WHERE doc_id = NEW.id);
END;
