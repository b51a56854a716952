-- 025_docs_fts_merge.sql - the search index's segments are merged by a
-- job, not by the filings that write them.
--
-- FTS5 writes the words of each group of documents filed together as a
-- small segment, and with its automatic merging ("automerge", 4) each such
-- write also merged older segments: in proportion to the pages written
-- and to the index's depth, under the write lock, while the next filings
-- waited. On the 2.2-million-document index that was a quarter of the
-- server's work per filing. The job "docs.index_merge" now does the same
-- merges (four segments of a level into one, the "usermerge" rule) in
-- short steps when it runs; "crisismerge" (16 segments on a level, merged
-- at once) still bounds the index should filings never pause.
INSERT INTO docs_fts (docs_fts, rank) VALUES ('automerge', 0);
INSERT INTO docs_fts (docs_fts, rank) VALUES ('usermerge', 4);
INSERT INTO docs_fts (docs_fts, rank) VALUES ('crisismerge', 16);
