-- 016_docs_work_index.sql - a person's open work ("Cần xử lý", "Quá
-- hạn") read from one index: the person's assignments by done, role and
-- receipt, so that the list reads no assignment row; the documents'
-- urgency then comes from the person's rows of doc_access (covered by
-- doc_access_doc), not from the wide documents table. It replaces the
-- index on (person_id, done_at), which it begins with.
DROP INDEX doc_assignments_person;
CREATE INDEX doc_assignments_work ON doc_assignments(person_id, done_at,
	role, receipt_id);
