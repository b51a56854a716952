-- 029_people_search_local_part.sql - a person's search text keeps the
-- local part of the e-mail address, not its domain: every address of
-- the province is @thainguyen.gov.vn, so a search for "nguyen" (the
-- commonest family name) found everyone. The same text as
-- person_folded() in src/directory/directory_people_db.c writes; the
-- trigger people_fts_au keeps the full-text index in step.

UPDATE people SET name_folded = fold(full_name) || ' ' || username || ' '
    || fold(CASE WHEN instr(email, '@') > 0
        THEN substr(email, 1, instr(email, '@') - 1) ELSE email END)
WHERE instr(email, '@') > 0;
