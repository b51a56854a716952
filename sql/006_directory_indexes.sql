-- 006_directory_indexes.sql - indexes for the directory's hot queries:
-- people in force per unit (counted on every unit shown), units in
-- force per parent, and the tree as it stood on a date.
CREATE INDEX people_unit_active ON people(unit_id) WHERE active;
CREATE INDEX units_parent_current ON units(parent_id)
	WHERE effective_until IS NULL;
CREATE INDEX unit_versions_tree ON unit_versions(parent_id, valid_from,
	valid_until, unit_id);

-- The directory's generation: bumped by every change that can alter an
-- answer about units or people, in the same transaction, so cached
-- answers (src/core/cache.h) built from an older generation are never
-- served. Sign-in bookkeeping (failed_logins, ...) does not count.
INSERT INTO settings (key, value) VALUES ('directory.generation', '1')
	ON CONFLICT (key) DO NOTHING;
CREATE TRIGGER units_gen_i AFTER INSERT ON units BEGIN
	UPDATE settings SET value = value + 1 WHERE key = 'directory.generation';
END;
CREATE TRIGGER units_gen_u AFTER UPDATE ON units BEGIN
	UPDATE settings SET value = value + 1 WHERE key = 'directory.generation';
END;
CREATE TRIGGER unit_versions_gen_i AFTER INSERT ON unit_versions BEGIN
	UPDATE settings SET value = value + 1 WHERE key = 'directory.generation';
END;
CREATE TRIGGER unit_versions_gen_u AFTER UPDATE ON unit_versions BEGIN
	UPDATE settings SET value = value + 1 WHERE key = 'directory.generation';
END;
CREATE TRIGGER reorg_gen_i AFTER INSERT ON reorganisation_units BEGIN
	UPDATE settings SET value = value + 1 WHERE key = 'directory.generation';
END;
CREATE TRIGGER people_gen_i AFTER INSERT ON people BEGIN
	UPDATE settings SET value = value + 1 WHERE key = 'directory.generation';
END;
CREATE TRIGGER people_gen_u AFTER UPDATE OF username, full_name, unit_id,
	position, roles, email, phone, active, password_hash ON people BEGIN
	UPDATE settings SET value = value + 1 WHERE key = 'directory.generation';
END;
CREATE TRIGGER people_gen_d AFTER DELETE ON people BEGIN
	UPDATE settings SET value = value + 1 WHERE key = 'directory.generation';
END;
CREATE TRIGGER units_gen_d AFTER DELETE ON units BEGIN
	UPDATE settings SET value = value + 1 WHERE key = 'directory.generation';
END;
