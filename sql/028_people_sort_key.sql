-- 028_people_sort_key.sql - people in Vietnamese alphabetical order, by
-- given name, then the whole name: sort_key = vi_name_key(full_name)
-- (core/collate.c), ICU's sort keys, written with the row. Filled, and
-- made anew when ICU's collation changes, by the directory module at
-- start-up (db_sort_keys). The index serves lists in that order.

ALTER TABLE people ADD COLUMN sort_key BLOB;
CREATE INDEX people_sort ON people (sort_key, id);
