-- 021_docs_partial_indexes.sql - indexes that hold only the rows they
-- find. A document filed from outside has no issuing unit here, no
-- drafter and nothing it replies to, yet each filing wrote an entry of
-- NULL into the three indexes on those columns, at the same place every
-- time: a page of each written again by every commit of a burst of
-- filings. The lookups these indexes serve (a unit's, a drafter's, the
-- replies to a document) all compare the column with a value, which
-- implies it is not NULL, so the partial indexes serve them unchanged.
-- doc_receipts_unit (unit_id, state) begins doc_receipts_unit_doc
-- (unit_id, state, doc_id), which serves every lookup it did.
DROP INDEX documents_unit;
CREATE INDEX documents_unit ON documents(unit_id, state)
	WHERE unit_id IS NOT NULL;
DROP INDEX documents_drafter;
CREATE INDEX documents_drafter ON documents(drafter_id, state)
	WHERE drafter_id IS NOT NULL;
DROP INDEX documents_reply;
CREATE INDEX documents_reply ON documents(reply_to)
	WHERE reply_to IS NOT NULL;
DROP INDEX doc_receipts_unit;
