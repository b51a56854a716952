-- 017_docs_access_counts.sql - how many documents each reader sees, and
-- how many of them the reader (a unit) received, kept by triggers beside
-- doc_access, so that a queue's total is read, not counted: the list of
-- "all" and "incoming" then costs its page alone (counting a body's
-- 4,230 rows of doc_access at every request was most of a cold list).
CREATE TABLE doc_access_counts (
	viewer		INTEGER PRIMARY KEY,
	n		INTEGER NOT NULL,	-- rows of doc_access
	n_in		INTEGER NOT NULL	-- of which received (via & 2)
) STRICT;
INSERT INTO doc_access_counts (viewer, n, n_in)
	SELECT viewer, count(*), sum((via & 2) != 0) FROM doc_access
	GROUP BY viewer;

CREATE TRIGGER doc_access_count_i AFTER INSERT ON doc_access BEGIN
	INSERT INTO doc_access_counts VALUES (NEW.viewer, 1,
	    (NEW.via & 2) != 0) ON CONFLICT DO UPDATE SET n = n + 1,
	    n_in = n_in + ((NEW.via & 2) != 0);
END;
CREATE TRIGGER doc_access_count_d AFTER DELETE ON doc_access BEGIN
	UPDATE doc_access_counts SET n = n - 1,
	    n_in = n_in - ((OLD.via & 2) != 0) WHERE viewer = OLD.viewer;
END;
CREATE TRIGGER doc_access_count_u AFTER UPDATE ON doc_access BEGIN
	UPDATE doc_access_counts SET n = n - 1,
	    n_in = n_in - ((OLD.via & 2) != 0) WHERE viewer = OLD.viewer;
	INSERT INTO doc_access_counts VALUES (NEW.viewer, 1,
	    (NEW.via & 2) != 0) ON CONFLICT DO UPDATE SET n = n + 1,
	    n_in = n_in + ((NEW.via & 2) != 0);
END;
