/* test_fts_scope.c - the FTS5 tokenizer "scoped" (src/core/fts_scope.c):
 * each word is found through its readers' tokens and no other way. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "core/fts_scope.h"

static sqlite3 *db;

static int
setup(void **state)
{
	(void)state;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    fts_scope_register(db) != 0)
		return -1;
	return sqlite3_exec(db, "CREATE VIRTUAL TABLE f USING fts5(t,"
	    " tokenize='scoped', detail=none);"
	    "INSERT INTO f (rowid, t) VALUES"
	    " (1, 'u41 p764' || char(31) || 'ke hoach chuyen doi so'),"
	    " (2, 'u41' || char(31) || 'bao cao ket qua chuyen doi'),"
	    " (3, 'u7' || char(31) || 'chuyen doi so cua xa'),"
	    " (4, '' || char(31) || 'chuyen doi so nobody sees');",
	    NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	sqlite3_close(db);
	return 0;
}

/* The rowids matching `q`, as "1,2". */
static void
expect(const char *q, const char *want)
{
	sqlite3_stmt *st;
	char got[64] = "";
	size_t n = 0;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid FROM f WHERE f"
	    " MATCH ?1 ORDER BY rowid", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%lld",
		    n ? "," : "", sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	assert_string_equal(got, want);
}

static void
words_are_found_only_through_a_reader(void **state)
{
	(void)state;
	expect("\"u41xchuyen\" \"u41xso\"*", "1");
	expect("\"u41xchuyen\" \"u41xdoi\"", "1,2");
	expect("\"p764xke\" \"p764xhoach\"", "1");
	expect("\"u7xchuyen\"", "3");
	/* No reader's token, no match; a row nobody reads is found by no
	 * one. */
	expect("\"chuyen\"", "");
	expect("\"xchuyen\"", "");
	expect("\"u4xchuyen\"", "");
	expect("\"u41xcua\"", "");
}

static void
a_new_reader_finds_the_row_after_it_is_rewritten(void **state)
{
	(void)state;
	assert_int_equal(sqlite3_exec(db, "UPDATE f SET t = 'u41 u9' ||"
	    " substr(t, instr(t, char(31))) WHERE rowid = 2", NULL, NULL, NULL),
	    SQLITE_OK);
	expect("\"u9xbao\" \"u9xcao\"", "2");
	expect("\"u41xbao\"", "2");
	assert_int_equal(sqlite3_exec(db, "UPDATE f SET t = 'u9' ||"
	    " substr(t, instr(t, char(31))) WHERE rowid = 2", NULL, NULL, NULL),
	    SQLITE_OK);
	expect("\"u41xbao\"", "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_are_found_only_through_a_reader),
		cmocka_unit_test(a_new_reader_finds_the_row_after_it_is_rewritten),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
