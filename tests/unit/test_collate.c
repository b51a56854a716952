/* test_collate.c - Vietnamese alphabetical order in SQLite's ORDER BY
 * (src/core/collate.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/collate.h"

/* `names` (NULL-ended) sorted by SQLite by `order` (an expression of
 * the column s), joined by '|'. */
static void
expect_order(const char *order, const char *const *names,
    const char *want)
{
	struct buf out = BUF_INIT;
	sqlite3_stmt *st;
	sqlite3 *h;
	char sql[128];
	int i;

	assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
	assert_int_equal(collate_register(h), 0);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE t (s TEXT)", NULL,
	    NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "INSERT INTO t VALUES (?1)",
	    -1, &st, NULL), SQLITE_OK);
	for (i = 0; names[i] != NULL; i++) {
		sqlite3_bind_text(st, 1, names[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	snprintf(sql, sizeof(sql), "SELECT s FROM t ORDER BY %s", order);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	for (i = 0; sqlite3_step(st) == SQLITE_ROW; i++) {
		if (i > 0)
			buf_adds(&out, "|");
		buf_adds(&out, (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	assert_string_equal(out.data, want);
	buf_release(&out);
}

static void
test_letters_in_the_vietnamese_alphabet(void **state)
{
	static const char *const names[] = { "Đất đai", "Xây dựng", "Ân",
	    "Ăn", "An", "Dân tộc", "Ơn", "Ôn", "On", "Ưu", "Uyên", "Ê", "E",
	    "Giáo dục", "Giải quyết", NULL };

	(void)state;
	/* Byte order puts Ă, Â, Đ, Ê, Ô, Ơ, Ư and every accented first
	 * letter after Z, and "Giáo" before "Giải". */
	expect_order("s COLLATE VI", names, "An|Ăn|Ân|Dân tộc|Đất đai|E|Ê|Giải quyết|"
	    "Giáo dục|On|Ôn|Ơn|Uyên|Ưu|Xây dựng");
}

static void
test_tones_after_letters_in_dictionary_order(void **state)
{
	static const char *const names[] = { "Mạ", "Má", "Mã", "Mả", "Mà",
	    "Ma", "Mai", NULL };

	(void)state;
	/* none, huyền, hỏi, ngã, sắc, nặng; a tone weighs less than a
	 * letter ("Mạ" before "Mai"). */
	expect_order("s COLLATE VI", names, "Ma|Mà|Mả|Mã|Má|Mạ|Mai");
}

static void
test_case_is_the_last_difference(void **state)
{
	static const char *const names[] = { "đức", "Đức", "Dung", "dung",
	    NULL };

	(void)state;
	expect_order("s COLLATE VI", names, "dung|Dung|đức|Đức");
}

static void
test_people_by_given_name_then_whole_name(void **state)
{
	static const char *const names[] = { "Nguyễn Văn Đức", "Trần Thị An",
	    "Đỗ Thị An", "Lê Minh Bình", "Hoàng Văn Dũng", "Dương An", NULL };

	(void)state;
	expect_order("s COLLATE VI_NAME", names, "Dương An|Đỗ Thị An|Trần Thị An|"
	    "Lê Minh Bình|Hoàng Văn Dũng|Nguyễn Văn Đức");
	expect_order("vi_name_key(s)", names, "Dương An|Đỗ Thị An|"
	    "Trần Thị An|Lê Minh Bình|Hoàng Văn Dũng|Nguyễn Văn Đức");
}

static void
test_one_word_and_trailing_spaces(void **state)
{
	static const char *const names[] = { "Bình ", "An", "", NULL };

	(void)state;
	expect_order("s COLLATE VI_NAME", names, "|An|Bình ");
}

static void
test_stored_keys_sort_as_the_collation(void **state)
{
	static const char *const names[] = { "Đất đai", "Xây dựng", "Ân",
	    "Ăn", "An", "Dân tộc", "Giáo dục", "Giải quyết", "Mạ", "Má", "Ma",
	    "đức", "Đức", "", NULL };
	static const char *const want = "|An|Ăn|Ân|Dân tộc|Đất đai|đức|Đức|"
	    "Giải quyết|Giáo dục|Ma|Má|Mạ|Xây dựng";

	(void)state;
	expect_order("s COLLATE VI", names, want);
	expect_order("vi_key(s)", names, want);
}

static void
test_keys_of_two_texts_order_by_the_first_then_the_second(void **state)
{
	static const char *const names[] = { "Đất đai/Giao đất", "Đất/Z",
	    "Dân tộc/Đặt tên", "Đất đai/Cấp sổ", "Dân tộc/Chính sách", NULL };

	(void)state;
	/* "Đất" before "Đất đai" whatever follows: the first text's key
	 * ends before the second's begins. */
	expect_order("vi_key(substr(s, 1, instr(s, '/') - 1),"
	    " substr(s, instr(s, '/') + 1))", names, "Dân tộc/Chính sách|"
	    "Dân tộc/Đặt tên|Đất/Z|Đất đai/Cấp sổ|Đất đai/Giao đất");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letters_in_the_vietnamese_alphabet),
		cmocka_unit_test(test_tones_after_letters_in_dictionary_order),
		cmocka_unit_test(test_case_is_the_last_difference),
		cmocka_unit_test(test_people_by_given_name_then_whole_name),
		cmocka_unit_test(test_one_word_and_trailing_spaces),
		cmocka_unit_test(test_stored_keys_sort_as_the_collation),
		cmocka_unit_test(
		    test_keys_of_two_texts_order_by_the_first_then_the_second),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
