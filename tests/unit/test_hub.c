/*
 * test_hub.c - the hub's rules that need no store (hub_rules.c): member
 * codes (a full agency code or a suffix of one from a dot), which code
 * answers best for a receiver, the shape of member API keys, push URLs
 * and the days of a log search.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hub/hub_int.h"

static void
codes_accepted_and_normalised(void **state)
{
	char out[HUB_CODE_MAX + 1];
	const char *why = NULL;

	(void)state;
	assert_int_equal(hub_code_norm("000.00.00.H55", out, &why), 0);
	assert_string_equal(out, "000.00.00.H55");
	assert_int_equal(hub_code_norm("h41", out, &why), 0);
	assert_string_equal(out, "H41");
	assert_int_equal(hub_code_norm("12.H55", out, &why), 0);
	assert_int_equal(hub_code_norm("00.12.h55", out, &why), 0);
	assert_string_equal(out, "00.12.H55");
}

static void
codes_refused(void **state)
{
	static const char *const bad[] = { "", "5.H55", "H5", "H555",
	    "1000.00.00.H55", "000.00.00.55H", ".H55", "000.00.00.H55 ",
	    "H4'", "x", NULL };
	char out[HUB_CODE_MAX + 1];
	const char *why;
	int i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++) {
		why = NULL;
		assert_int_equal(hub_code_norm(bad[i], out, &why), -1);
		assert_non_null(why);
	}
}

static void
most_specific_code_wins(void **state)
{
	const char *code = "000.00.12.H55";

	(void)state;
	assert_int_equal(hub_code_rank("000.00.12.H55", code), 1000);
	assert_true(hub_code_rank("12.H55", code) > hub_code_rank("H55",
	    code));
	assert_true(hub_code_rank("H55", code) > 0);
	assert_true(hub_code_rank("000.00.12.H55", code) >
	    hub_code_rank("00.12.H55", code));
	/* Only at a dot: "2.H55" is not a suffix segment of "12.H55". */
	assert_int_equal(hub_code_rank("2.H55", code), 0);
	assert_int_equal(hub_code_rank("H41", code), 0);
	assert_int_equal(hub_code_rank("000.00.13.H55", code), 0);
	assert_int_equal(hub_code_rank("", code), 0);
}

static void
keys(void **state)
{
	char key[HUB_KEY_LEN + 1], prefix[9], again[9], other[HUB_KEY_LEN + 1];

	(void)state;
	assert_int_equal(hub_key_new(key, prefix), 0);
	assert_int_equal(strlen(key), HUB_KEY_LEN);
	assert_memory_equal(key, "hub_", 4);
	assert_int_equal(hub_key_prefix(key, again), 0);
	assert_string_equal(prefix, again);
	assert_int_equal(hub_key_new(other, again), 0);
	assert_string_not_equal(key, other);
	assert_int_equal(hub_key_prefix("0123456789abcdef0123456789abcdef",
	    again), -1);
	key[10] = 'G';
	assert_int_equal(hub_key_prefix(key, again), -1);
	assert_int_equal(hub_key_prefix(NULL, again), -1);
}

static void
urls(void **state)
{
	(void)state;
	assert_true(hub_url_valid("https://congso.nghean.gov.vn"));
	assert_true(hub_url_valid("http://127.0.0.1:8080/"));
	assert_false(hub_url_valid("ftp://x.vn"));
	assert_false(hub_url_valid("https://"));
	assert_false(hub_url_valid("https://a b.vn"));
	assert_false(hub_url_valid(NULL));
}

static void
days(void **state)
{
	(void)state;
	/* 22/11/2026 00:00 in Vietnam is 21/11/2026 17:00 UTC. */
	assert_int_equal(hub_parse_day("22/11/2026", 0), 1795280400L);
	assert_int_equal(hub_parse_day("2026-11-22", 0),
	    hub_parse_day("22/11/2026", 0));
	assert_int_equal(hub_parse_day("22/11/2026", 1) -
	    hub_parse_day("22/11/2026", 0), 86400);
	assert_int_equal(hub_parse_day("32/13/2026", 0), -1);
	assert_int_equal(hub_parse_day("hôm qua", 0), -1);
	assert_int_equal(hub_parse_day("", 0), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_accepted_and_normalised),
		cmocka_unit_test(codes_refused),
		cmocka_unit_test(most_specific_code_wins),
		cmocka_unit_test(keys),
		cmocka_unit_test(urls),
		cmocka_unit_test(days),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
