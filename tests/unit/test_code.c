/* test_code.c - QCVN 102 agency codes (src/directory/directory_code.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "directory/directory_code.h"

static struct dir_code
must_parse(const char *s)
{
	struct dir_code c;
	const char *why = NULL;

	if (dir_code_parse(s, &c, &why) != 0)
		fail_msg("%s rejected: %s", s, why);
	return c;
}

/* The code is rejected with a reason containing `reason`. */
static void
expect_reject(const char *s, const char *reason)
{
	struct dir_code c;
	const char *why = NULL;

	assert_int_equal(dir_code_parse(s, &c, &why), -1);
	assert_non_null(why);
	if (strstr(why, reason) == NULL)
		fail_msg("%s: reason \"%s\" lacks \"%s\"", s ? s : "NULL",
		    why, reason);
}

static void
test_code_province_is_level_1(void **state)
{
	struct dir_code c;

	(void)state;
	c = must_parse("000.00.00.H55");
	assert_int_equal(c.m, 'H');
	assert_int_equal(c.x, 55);
	assert_int_equal(c.y, 0);
	assert_int_equal(c.z, 0);
	assert_int_equal(c.v, 0);
	assert_int_equal(dir_code_level(&c), 1);
}

static void
test_code_level_2_body(void **state)
{
	struct dir_code c;

	(void)state;
	c = must_parse("000.00.12.H55");
	assert_int_equal(c.y, 12);
	assert_int_equal(dir_code_level(&c), 2);
}

static void
test_code_level_3_body(void **state)
{
	struct dir_code c;

	(void)state;
	c = must_parse("000.05.12.H55");
	assert_int_equal(c.z, 5);
	assert_int_equal(c.y, 12);
	assert_int_equal(dir_code_level(&c), 3);
}

static void
test_code_level_4_body(void **state)
{
	struct dir_code c;

	(void)state;
	c = must_parse("001.05.12.H55");
	assert_int_equal(c.v, 1);
	assert_int_equal(dir_code_level(&c), 4);
	c = must_parse("999.99.99.H55");
	assert_int_equal(c.v, 999);
	assert_int_equal(c.z, 99);
	assert_int_equal(c.y, 99);
}

static void
test_code_ministry_g22_is_level_1(void **state)
{
	struct dir_code c;

	(void)state;
	c = must_parse("000.00.00.G22");
	assert_int_equal(c.m, 'G');
	assert_int_equal(c.x, 22);
	assert_int_equal(dir_code_level(&c), 1);
	c = must_parse("000.00.01.G22");
	assert_int_equal(dir_code_level(&c), 2);
}

static void
test_code_format_gives_back_the_text(void **state)
{
	static const char *codes[] = {
		"000.00.00.H55", "000.00.12.H55", "000.05.12.H55",
		"001.05.12.H55", "000.00.00.G22", "999.99.99.Z99",
		"000.00.00.A00",
	};
	struct dir_code c;
	char out[14];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		c = must_parse(codes[i]);
		memset(out, 'x', sizeof(out));
		dir_code_format(&c, out);
		assert_string_equal(out, codes[i]);
	}
}

static void
test_code_reason_may_be_omitted(void **state)
{
	struct dir_code c;

	(void)state;
	assert_int_equal(dir_code_parse("bad", &c, NULL), -1);
}

static void
test_code_rejects_lowercase_letter(void **state)
{
	(void)state;
	expect_reject("000.00.00.h55", "chữ cái in hoa");
}

static void
test_code_rejects_non_letter_body(void **state)
{
	(void)state;
	expect_reject("000.00.00.555", "chữ cái in hoa");
	expect_reject("000.00.00.@55", "chữ cái in hoa");
}

static void
test_code_rejects_letters_in_body_number(void **state)
{
	(void)state;
	expect_reject("000.00.00.H5A", "2 chữ số");
}

static void
test_code_rejects_short_body(void **state)
{
	(void)state;
	expect_reject("000.00.00.H5", "13 ký tự");
}

static void
test_code_rejects_short_first_group(void **state)
{
	(void)state;
	expect_reject("00.00.00.H55", "13 ký tự");
}

static void
test_code_rejects_long_code(void **state)
{
	(void)state;
	expect_reject("000.00.00.H555", "13 ký tự");
}

static void
test_code_rejects_level_under_a_zero_level(void **state)
{
	(void)state;
	expect_reject("000.05.00.H55", "cấp bằng 0");
	expect_reject("001.00.12.H55", "cấp bằng 0");
	expect_reject("001.00.00.H55", "cấp bằng 0");
}

static void
test_code_rejects_surrounding_spaces(void **state)
{
	(void)state;
	expect_reject(" 000.00.00.H55", "khoảng trắng");
	expect_reject("000.00.00.H55 ", "khoảng trắng");
	expect_reject("000.00.00.H55\n", "khoảng trắng");
	expect_reject("\t000.00.00.H55", "khoảng trắng");
}

static void
test_code_rejects_inner_space(void **state)
{
	(void)state;
	expect_reject("000.00. 1.H55", "2 chữ số");
}

static void
test_code_rejects_letters_in_lower_groups(void **state)
{
	(void)state;
	expect_reject("000.00.1A.H55", "cấp 2");
	expect_reject("000.B1.12.H55", "cấp 3");
	expect_reject("0C1.05.12.H55", "cấp 4");
}

static void
test_code_rejects_wrong_separators(void **state)
{
	(void)state;
	expect_reject("000-00-00-H55", "dấu chấm");
	expect_reject("0000.00.0H55.", "dấu chấm");
}

static void
test_code_rejects_empty_input(void **state)
{
	(void)state;
	expect_reject("", "trống");
	expect_reject(NULL, "trống");
}

static void
test_code_rejects_non_ascii(void **state)
{
	(void)state;
	/* "Đ" takes two bytes: 13 bytes, but not a letter A-Z. */
	expect_reject("000.00.00.Đ5", "chữ cái in hoa");
	expect_reject("000.00.0\xc3\xa1.H55", "13 ký tự");
}

static void
test_code_province_is_ancestor_of_all_its_levels(void **state)
{
	struct dir_code p, l2, l3, l4;

	(void)state;
	p = must_parse("000.00.00.H55");
	l2 = must_parse("000.00.12.H55");
	l3 = must_parse("000.05.12.H55");
	l4 = must_parse("001.05.12.H55");
	assert_true(dir_code_is_ancestor(&p, &l2));
	assert_true(dir_code_is_ancestor(&p, &l3));
	assert_true(dir_code_is_ancestor(&p, &l4));
	assert_true(dir_code_is_ancestor(&l2, &l3));
	assert_true(dir_code_is_ancestor(&l2, &l4));
	assert_true(dir_code_is_ancestor(&l3, &l4));
}

static void
test_code_is_not_its_own_ancestor(void **state)
{
	struct dir_code a, b;

	(void)state;
	a = must_parse("000.05.12.H55");
	b = must_parse("000.05.12.H55");
	assert_false(dir_code_is_ancestor(&a, &b));
	assert_true(dir_code_equal(&a, &b));
}

static void
test_code_descendant_is_not_ancestor(void **state)
{
	struct dir_code p, l3;

	(void)state;
	p = must_parse("000.00.00.H55");
	l3 = must_parse("000.05.12.H55");
	assert_false(dir_code_is_ancestor(&l3, &p));
}

static void
test_code_other_branch_is_not_ancestor(void **state)
{
	struct dir_code a, b, c, d;

	(void)state;
	a = must_parse("000.00.12.H55");
	b = must_parse("000.05.13.H55");
	c = must_parse("000.00.00.H41");
	d = must_parse("000.05.12.H55");
	assert_false(dir_code_is_ancestor(&a, &b));
	assert_false(dir_code_is_ancestor(&c, &d));
	assert_false(dir_code_equal(&a, &b));
	a = must_parse("000.05.12.H55");
	b = must_parse("001.06.12.H55");
	assert_false(dir_code_is_ancestor(&a, &b));
	a = must_parse("000.00.00.G55");
	assert_false(dir_code_is_ancestor(&a, &d));
}

static void
test_code_parent_zeroes_the_deepest_level(void **state)
{
	struct dir_code c, p;
	char out[14];

	(void)state;
	c = must_parse("001.05.12.H55");
	assert_int_equal(dir_code_parent(&c, &p), 0);
	dir_code_format(&p, out);
	assert_string_equal(out, "000.05.12.H55");
	assert_true(dir_code_is_ancestor(&p, &c));
	c = p;
	assert_int_equal(dir_code_parent(&c, &p), 0);
	dir_code_format(&p, out);
	assert_string_equal(out, "000.00.12.H55");
	c = p;
	assert_int_equal(dir_code_parent(&c, &p), 0);
	dir_code_format(&p, out);
	assert_string_equal(out, "000.00.00.H55");
}

static void
test_code_level_1_has_no_parent(void **state)
{
	struct dir_code c, p;

	(void)state;
	c = must_parse("000.00.00.G22");
	memset(&p, 0, sizeof(p));
	assert_int_equal(dir_code_parent(&c, &p), -1);
	assert_int_equal(p.m, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_province_is_level_1),
		cmocka_unit_test(test_code_level_2_body),
		cmocka_unit_test(test_code_level_3_body),
		cmocka_unit_test(test_code_level_4_body),
		cmocka_unit_test(test_code_ministry_g22_is_level_1),
		cmocka_unit_test(test_code_format_gives_back_the_text),
		cmocka_unit_test(test_code_reason_may_be_omitted),
		cmocka_unit_test(test_code_rejects_lowercase_letter),
		cmocka_unit_test(test_code_rejects_non_letter_body),
		cmocka_unit_test(test_code_rejects_letters_in_body_number),
		cmocka_unit_test(test_code_rejects_short_body),
		cmocka_unit_test(test_code_rejects_short_first_group),
		cmocka_unit_test(test_code_rejects_long_code),
		cmocka_unit_test(test_code_rejects_level_under_a_zero_level),
		cmocka_unit_test(test_code_rejects_surrounding_spaces),
		cmocka_unit_test(test_code_rejects_inner_space),
		cmocka_unit_test(test_code_rejects_letters_in_lower_groups),
		cmocka_unit_test(test_code_rejects_wrong_separators),
		cmocka_unit_test(test_code_rejects_empty_input),
		cmocka_unit_test(test_code_rejects_non_ascii),
		cmocka_unit_test(test_code_province_is_ancestor_of_all_its_levels),
		cmocka_unit_test(test_code_is_not_its_own_ancestor),
		cmocka_unit_test(test_code_descendant_is_not_ancestor),
		cmocka_unit_test(test_code_other_branch_is_not_ancestor),
		cmocka_unit_test(test_code_parent_zeroes_the_deepest_level),
		cmocka_unit_test(test_code_level_1_has_no_parent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
