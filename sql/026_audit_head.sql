-- 026_audit_head.sql - the audit chain's newest hash in a table of its
-- own.
--
-- It was the row 'audit.head' of settings, written by every audited
-- action. The settings, read by many requests (the limits of a filing,
-- its text extraction's), are now remembered by the server while the
-- table does not change (core/memo); with the head in it, every action
-- ended what was remembered.
CREATE TABLE audit_head (
	id	INTEGER PRIMARY KEY CHECK (id = 1),
	hash	TEXT NOT NULL
) STRICT;
INSERT INTO audit_head (id, hash)
	SELECT 1, value FROM settings WHERE key = 'audit.head';
DELETE FROM settings WHERE key = 'audit.head';
