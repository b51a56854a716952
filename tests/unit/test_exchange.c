/* test_exchange.c - the exchange's rules: which peer answers for an
 * agency code (the most specific match wins), which status a step on a
 * received document reports, dates and lengths as edXML writes them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "exchange/exchange.h"

static void
exact_code_beats_suffix_and_default(void **state)
{
	const char *m[] = { "*", "H41", "000.00.00.H41", "00.H41" };

	(void)state;
	assert_int_equal(exchange_match_pick(m, 4, "000.00.00.H41"), 2);
}

static void
longest_suffix_beats_shorter_suffix(void **state)
{
	const char *m[] = { "H41", "*", "12.H41" };

	(void)state;
	assert_int_equal(exchange_match_pick(m, 3, "000.00.12.H41"), 2);
	assert_int_equal(exchange_match_pick(m, 3, "000.00.13.H41"), 0);
}

static void
default_answers_when_nothing_else_does(void **state)
{
	const char *m[] = { "H41", "*", "000.00.00.H55" };

	(void)state;
	assert_int_equal(exchange_match_pick(m, 3, "000.00.00.G12"), 1);
}

static void
no_match_without_a_default(void **state)
{
	const char *m[] = { "H41", "000.00.00.H55" };

	(void)state;
	assert_int_equal(exchange_match_pick(m, 2, "000.00.00.G12"), -1);
	assert_int_equal(exchange_match_pick(m, 0, "000.00.00.G12"), -1);
}

static void
suffix_matches_only_at_a_dot(void **state)
{
	(void)state;
	assert_true(exchange_match_rank("H41", "000.00.00.H41") > 0);
	assert_int_equal(exchange_match_rank("41", "000.00.00.H41"), -1);
	assert_int_equal(exchange_match_rank("H41", "000.00.00.XH41"), -1);
	assert_int_equal(exchange_match_rank("H41", "H41"), 1000);
	assert_int_equal(exchange_match_rank("", "H41"), -1);
	assert_int_equal(exchange_match_rank("*", "anything"), 0);
}

static void
match_shapes(void **state)
{
	(void)state;
	assert_true(exchange_match_valid("*"));
	assert_true(exchange_match_valid("H41"));
	assert_true(exchange_match_valid("000.00.00.H41"));
	assert_false(exchange_match_valid(""));
	assert_false(exchange_match_valid(NULL));
	assert_false(exchange_match_valid("H 41"));
	assert_false(exchange_match_valid("H41*"));
	assert_false(exchange_match_valid(
	    "00000000000000000000000000000000000000000000000000000000000000000"));
}

static void
steps_report_their_status(void **state)
{
	(void)state;
	assert_string_equal(exchange_status_for_step("register"), "03");
	assert_string_equal(exchange_status_for_step("refuse"), "02");
	assert_string_equal(exchange_status_for_step("direct"), "04");
	assert_string_equal(exchange_status_for_step("progress"), "05");
	assert_string_equal(exchange_status_for_step("finish"), "06");
	assert_null(exchange_status_for_step("share"));
	assert_null(exchange_status_for_step(NULL));
}

static void
statuses_sort_in_a_document_s_life(void **state)
{
	(void)state;
	assert_true(exchange_status_rank("01") < exchange_status_rank("03"));
	assert_true(exchange_status_rank("03") < exchange_status_rank("04"));
	assert_true(exchange_status_rank("05") < exchange_status_rank("06"));
	assert_true(exchange_status_rank("06") < exchange_status_rank("15"));
	assert_int_equal(exchange_status_rank("99"), 99);
}

static void
dates_between_iso_and_edxml(void **state)
{
	char out[11];

	(void)state;
	assert_int_equal(exchange_date_to_edxml("2026-11-22", out), 0);
	assert_string_equal(out, "2026/11/22");
	assert_int_equal(exchange_date_from_edxml("2026/11/22", out), 0);
	assert_string_equal(out, "2026-11-22");
	assert_int_equal(exchange_date_to_edxml("2026/11/22", out), -1);
	assert_int_equal(exchange_date_from_edxml("22/11/2026", out), -1);
	assert_int_equal(exchange_date_from_edxml("2026/1", out), -1);
}

static void
cut_never_splits_a_character(void **state)
{
	char out[64];

	(void)state;
	exchange_utf8_cut("Quyết định", 4, out, sizeof(out));
	assert_string_equal(out, "Quyế");
	exchange_utf8_cut("Quyết định", 100, out, sizeof(out));
	assert_string_equal(out, "Quyết định");
	/* "ế" is three bytes: a 5-byte buffer holds "Quy" and the NUL. */
	exchange_utf8_cut("Quyết", 10, out, 5);
	assert_string_equal(out, "Quy");
	exchange_utf8_cut(NULL, 10, out, sizeof(out));
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_code_beats_suffix_and_default),
		cmocka_unit_test(longest_suffix_beats_shorter_suffix),
		cmocka_unit_test(default_answers_when_nothing_else_does),
		cmocka_unit_test(no_match_without_a_default),
		cmocka_unit_test(suffix_matches_only_at_a_dot),
		cmocka_unit_test(match_shapes),
		cmocka_unit_test(steps_report_their_status),
		cmocka_unit_test(statuses_sort_in_a_document_s_life),
		cmocka_unit_test(dates_between_iso_and_edxml),
		cmocka_unit_test(cut_never_splits_a_character),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
