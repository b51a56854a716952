-- 022_exchange_lean_indexes.sql - the package table's indexes hold only
-- the rows their lookups find. Each received package writes two rows
-- (the package, and the status 01 it answers with), and each row wrote
-- an entry into five indexes: in a burst, 11 of the 51 pages each
-- package wrote to the log.
--
-- A package is recognised by its hash only when it arrives (a repeat is
-- answered again, not registered twice): packages sent from here need no
-- unique hash. The lookups by DocumentId are for document packages
-- (kind 'doc'), never for statuses.
DROP INDEX exchange_packages_sha;
CREATE UNIQUE INDEX exchange_packages_sha ON exchange_packages(sha256)
	WHERE direction = 'in' AND state <> 'refused';
DROP INDEX exchange_packages_docid;
CREATE INDEX exchange_packages_docid ON exchange_packages(document_id,
	direction) WHERE kind = 'doc';
-- The lists by state (the outbox, the refused inbox) are of packages
-- still under way or refused, a few among millions: the others (sent,
-- received, registered) are left out. The index was not used by the list
-- at all (its filters are optional parameters, so SQLite read the whole
-- table for every page of the outbox); the list now names these states.
DROP INDEX exchange_packages_state;
CREATE INDEX exchange_packages_open ON exchange_packages(state, id)
	WHERE state IN ('queued', 'sending', 'failed', 'refused');
-- No query reads packages by receipt (exchange_receipts links them), and
-- receipts are never deleted, so the foreign key needs no index either.
DROP INDEX exchange_packages_receipt;
