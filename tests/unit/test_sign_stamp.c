/* test_sign_stamp.c - rules of the number and date stamped at issue
 * (src/sign/sign_stamp.c): the date line of Nghị định 30/2020 and the
 * dates congso accepts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "sign/sign_int.h"

static void
test_stamp_date_pads_days_below_ten_and_months_one_and_two(void **state)
{
	char out[128];

	(void)state;
	assert_int_equal(sign_stamp_date("Thái Nguyên", 2026, 3, 5, out,
	    sizeof(out)), 0);
	assert_string_equal(out, "Thái Nguyên, ngày 05 tháng 3 năm 2026");
	assert_int_equal(sign_stamp_date("Hà Nội", 2026, 2, 1, out,
	    sizeof(out)), 0);
	assert_string_equal(out, "Hà Nội, ngày 01 tháng 02 năm 2026");
	assert_int_equal(sign_stamp_date("Huế", 2025, 12, 31, out,
	    sizeof(out)), 0);
	assert_string_equal(out, "Huế, ngày 31 tháng 12 năm 2025");
	assert_int_equal(sign_stamp_date("Huế", 2025, 1, 10, out,
	    sizeof(out)), 0);
	assert_string_equal(out, "Huế, ngày 10 tháng 01 năm 2025");
}

static void
test_stamp_date_without_place_starts_with_capital(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(sign_stamp_date(NULL, 2026, 11, 9, out,
	    sizeof(out)), 0);
	assert_string_equal(out, "Ngày 09 tháng 11 năm 2026");
	assert_int_equal(sign_stamp_date("x", 2026, 11, 9, out, 8), -1);
}

static void
test_parse_date_accepts_iso_and_vietnamese_forms(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(sign_parse_date("2026-03-05", &y, &m, &d), 0);
	assert_int_equal(y * 10000 + m * 100 + d, 20260305);
	assert_int_equal(sign_parse_date("05/03/2026", &y, &m, &d), 0);
	assert_int_equal(y * 10000 + m * 100 + d, 20260305);
	assert_int_equal(sign_parse_date("2024-02-29", &y, &m, &d), 0);
}

static void
test_parse_date_refuses_impossible_days(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(sign_parse_date("2025-02-29", &y, &m, &d), -1);
	assert_int_equal(sign_parse_date("1900-02-29", &y, &m, &d), -1);
	assert_int_equal(sign_parse_date("31/04/2026", &y, &m, &d), -1);
	assert_int_equal(sign_parse_date("2026-13-01", &y, &m, &d), -1);
	assert_int_equal(sign_parse_date("2026-03-05x", &y, &m, &d), -1);
	assert_int_equal(sign_parse_date("", &y, &m, &d), -1);
}

static void
test_stamp_place_follows_the_margins_of_appendix_one(void **state)
{
	const double a4[4] = { 0, 0, 595.28, 841.89 };
	double n[4], d[4];

	(void)state;
	sign_stamp_place(a4, n, d);
	/* 30 mm from the left; the number's column 70 mm wide; the date
	 * up to 15 mm from the right; both on one line near the top. */
	assert_true(n[0] > 85.0 && n[0] < 85.1);
	assert_true(n[2] - n[0] > 198.4 && n[2] - n[0] < 198.5);
	assert_true(d[0] == n[2]);
	assert_true(d[2] > 552.7 && d[2] < 552.8);
	assert_true(n[1] == d[1] && n[3] == d[3]);
	assert_true(n[3] < 841.89 - 20 * 72 / 25.4);
	assert_true(n[1] > 841.89 / 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stamp_date_pads_days_below_ten_and_months_one_and_two),
		cmocka_unit_test(test_stamp_date_without_place_starts_with_capital),
		cmocka_unit_test(test_parse_date_accepts_iso_and_vietnamese_forms),
		cmocka_unit_test(test_parse_date_refuses_impossible_days),
		cmocka_unit_test(test_stamp_place_follows_the_margins_of_appendix_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
