-- 019_docs_access_own.sql - the total of "Tất cả văn bản" read, not
-- counted. A person sees what their body (their unit, or its parent when
-- the unit is a division: docs_body_of) sees, plus their own rows of
-- doc_access (assigned, shared). The total counted the person's rows
-- whose document the body does not also see, at every request (300
-- lookups for 300 open items: half of a cold "all" list). n_out keeps
-- that number for each person (viewer < 0), by triggers on doc_access,
-- on a person's move to another unit and on a unit's kind or parent.

ALTER TABLE doc_access_counts ADD COLUMN n_out INTEGER NOT NULL DEFAULT 0;

-- The counting triggers of 017 name their columns now.
DROP TRIGGER doc_access_count_i;
DROP TRIGGER doc_access_count_u;
CREATE TRIGGER doc_access_count_i AFTER INSERT ON doc_access BEGIN
	INSERT INTO doc_access_counts (viewer, n, n_in) VALUES (NEW.viewer, 1,
	    (NEW.via & 2) != 0) ON CONFLICT DO UPDATE SET n = n + 1,
	    n_in = n_in + ((NEW.via & 2) != 0);
END;
CREATE TRIGGER doc_access_count_u AFTER UPDATE ON doc_access BEGIN
	UPDATE doc_access_counts SET n = n - 1,
	    n_in = n_in - ((OLD.via & 2) != 0) WHERE viewer = OLD.viewer;
	INSERT INTO doc_access_counts (viewer, n, n_in) VALUES (NEW.viewer, 1,
	    (NEW.via & 2) != 0) ON CONFLICT DO UPDATE SET n = n + 1,
	    n_in = n_in + ((NEW.via & 2) != 0);
END;

-- A person's body, as docs_body_of() computes it.
CREATE VIEW doc_person_body (person_id, body_id) AS
	SELECT p.id, CASE WHEN u.kind = 'division' AND u.parent_id IS NOT NULL
	    THEN u.parent_id ELSE u.id END
	FROM people p JOIN units u ON u.id = p.unit_id;

UPDATE doc_access_counts SET n_out = (SELECT count(*) FROM doc_access v
    WHERE v.viewer = doc_access_counts.viewer AND NOT EXISTS (SELECT 1
    FROM doc_access b JOIN doc_person_body pb ON pb.body_id = b.viewer
    WHERE pb.person_id = -doc_access_counts.viewer
    AND b.doc_id = v.doc_id))
    WHERE viewer < 0;

-- The person gains or loses a row: it counts while the body lacks the
-- document. (The counts row may not exist yet: the order in which
-- SQLite runs this and doc_access_count_i is not given.)
CREATE TRIGGER doc_access_own_i AFTER INSERT ON doc_access
WHEN NEW.viewer < 0 BEGIN
	INSERT INTO doc_access_counts (viewer, n, n_in, n_out)
	    SELECT NEW.viewer, 0, 0, 1 WHERE NOT EXISTS (SELECT 1
	    FROM doc_access b JOIN doc_person_body pb ON pb.body_id = b.viewer
	    WHERE pb.person_id = -NEW.viewer AND b.doc_id = NEW.doc_id)
	    ON CONFLICT DO UPDATE SET n_out = n_out + 1;
END;
CREATE TRIGGER doc_access_own_d AFTER DELETE ON doc_access
WHEN OLD.viewer < 0 BEGIN
	UPDATE doc_access_counts SET n_out = n_out - 1
	    WHERE viewer = OLD.viewer AND NOT EXISTS (SELECT 1
	    FROM doc_access b JOIN doc_person_body pb ON pb.body_id = b.viewer
	    WHERE pb.person_id = -OLD.viewer AND b.doc_id = OLD.doc_id);
END;

-- A body gains or loses a document: its people who hold a row of their
-- own for it stop or start counting it.
CREATE TRIGGER doc_access_own_body_i AFTER INSERT ON doc_access
WHEN NEW.viewer > 0 BEGIN
	UPDATE doc_access_counts SET n_out = n_out - 1
	    WHERE viewer IN (SELECT v.viewer FROM doc_access v
	    JOIN doc_person_body pb ON pb.person_id = -v.viewer
	    WHERE v.doc_id = NEW.doc_id AND v.viewer < 0
	    AND pb.body_id = NEW.viewer);
END;
CREATE TRIGGER doc_access_own_body_d AFTER DELETE ON doc_access
WHEN OLD.viewer > 0 BEGIN
	UPDATE doc_access_counts SET n_out = n_out + 1
	    WHERE viewer IN (SELECT v.viewer FROM doc_access v
	    JOIN doc_person_body pb ON pb.person_id = -v.viewer
	    WHERE v.doc_id = OLD.doc_id AND v.viewer < 0
	    AND pb.body_id = OLD.viewer);
END;

-- The person's body changes: count again.
CREATE TRIGGER doc_access_own_moved AFTER UPDATE OF unit_id ON people
WHEN OLD.unit_id IS NOT NEW.unit_id BEGIN
	UPDATE doc_access_counts SET n_out = (SELECT count(*)
	    FROM doc_access v WHERE v.viewer = -NEW.id AND NOT EXISTS
	    (SELECT 1 FROM doc_access b JOIN doc_person_body pb
	    ON pb.body_id = b.viewer WHERE pb.person_id = NEW.id
	    AND b.doc_id = v.doc_id))
	    WHERE viewer = -NEW.id;
END;
CREATE TRIGGER doc_access_own_unit AFTER UPDATE OF kind, parent_id ON units
WHEN OLD.kind IS NOT NEW.kind OR OLD.parent_id IS NOT NEW.parent_id BEGIN
	UPDATE doc_access_counts SET n_out = (SELECT count(*)
	    FROM doc_access v WHERE v.viewer = doc_access_counts.viewer
	    AND NOT EXISTS (SELECT 1 FROM doc_access b JOIN doc_person_body pb
	    ON pb.body_id = b.viewer WHERE pb.person_id = -doc_access_counts.viewer
	    AND b.doc_id = v.doc_id))
	    WHERE viewer IN (SELECT -id FROM people WHERE unit_id = NEW.id);
END;
