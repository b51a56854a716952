-- 027_svc_sort_key.sql - the catalogue in Vietnamese alphabetical order.
-- sort_key = vi_key(field, name) (core/collate.c): ICU's sort
-- keys, whose byte order is the Vietnamese order of field, then name.
-- Written with the row; filled, and made anew when ICU's collation
-- changes, by the services module at start-up (db_sort_keys, called by
-- svc_register). A row written by other means sorts first until then.

ALTER TABLE svc_procedures ADD COLUMN sort_key BLOB;
