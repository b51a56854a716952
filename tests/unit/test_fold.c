/* test_fold.c - UTF-8 checks and diacritic folding (src/core/fold.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fold.h"

static void
expect_fold(const char *in, const char *want)
{
	char *got;

	got = fold_dup(in);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
expect_valid(const char *s, size_t len, int want)
{
	assert_int_equal(utf8_valid(s, len), want);
}

static void
test_fold_place_name_loses_marks(void **state)
{
	(void)state;
	expect_fold("Đồng Hỷ", "dong hy");
}

static void
test_fold_uppercase_title_is_lowered(void **state)
{
	(void)state;
	expect_fold("QUYẾT ĐỊNH", "quyet dinh");
}

static void
test_fold_d_with_stroke_becomes_d(void **state)
{
	(void)state;
	expect_fold("đường", "duong");
	expect_fold("Đ", "d");
}

static void
test_fold_decomposed_equals_precomposed(void **state)
{
	char *pre, *dec;

	(void)state;
	/* "é" as U+00E9, and as "e" + U+0301 combining acute. */
	pre = fold_dup("Th\xc3\xa9");
	dec = fold_dup("The\xcc\x81");
	assert_string_equal(pre, dec);
	assert_string_equal(dec, "the");
	free(pre);
	free(dec);
	/* "ệ" as U+1EC7, and as "e" + U+0323 dot below + U+0302 circumflex. */
	expect_fold("Vi\xe1\xbb\x87t", "viet");
	expect_fold("Vie\xcc\xa3\xcc\x82t", "viet");
}

static void
test_fold_ascii_is_only_lowercased(void **state)
{
	(void)state;
	expect_fold("ABC xyz 0-9 ./_:@", "abc xyz 0-9 ./_:@");
	expect_fold("", "");
}

static void
test_fold_every_vietnamese_vowel_folds(void **state)
{
	(void)state;
	expect_fold("àáảãạăằắẳẵặâầấẩẫậ", "aaaaaaaaaaaaaaaaa");
	expect_fold("èéẻẽẹêềếểễệ", "eeeeeeeeeee");
	expect_fold("ìíỉĩị", "iiiii");
	expect_fold("òóỏõọôồốổỗộơờớởỡợ", "ooooooooooooooooo");
	expect_fold("ùúủũụưừứửữự", "uuuuuuuuuuu");
	expect_fold("ỳýỷỹỵ", "yyyyy");
	expect_fold("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", "aaaaaaaaaaaaaaaaa");
	expect_fold("ƯỨỪỬỮỰƠỚỜỞỠỢ", "uuuuuuoooooo");
}

static void
test_fold_other_characters_are_kept(void **state)
{
	(void)state;
	expect_fold("số 12/QĐ-UBND – “mật”", "so 12/qd-ubnd – “mat”");
}

static void
test_fold_invalid_bytes_are_dropped(void **state)
{
	(void)state;
	expect_fold("a\xff" "b\xc0\xaf" "c", "abc");
}

static void
test_fold_append_respects_buffer_limit(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4);
	assert_int_equal(fold_append(&b, "Đồng"), 0);
	assert_string_equal(b.data, "dong");
	assert_int_equal(fold_append(&b, "x"), -1);
	assert_string_equal(b.data, "dong");
	buf_release(&b);
}

static void
test_utf8_accepts_vietnamese_and_astral(void **state)
{
	static const char s[] = "Nghệ An \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf";

	(void)state;
	expect_valid(s, sizeof(s) - 1, 1);
	expect_valid("", 0, 1);
}

static void
test_utf8_rejects_overlong(void **state)
{
	(void)state;
	expect_valid("\xc0\xaf", 2, 0);
	expect_valid("\xc1\xbf", 2, 0);
	expect_valid("\xe0\x80\xaf", 3, 0);
	expect_valid("\xf0\x80\x80\xaf", 4, 0);
}

static void
test_utf8_rejects_surrogates(void **state)
{
	(void)state;
	expect_valid("\xed\xa0\x80", 3, 0);
	expect_valid("\xed\xbf\xbf", 3, 0);
	expect_valid("\xed\x9f\xbf", 3, 1);	/* U+D7FF, just below */
}

static void
test_utf8_rejects_truncated_sequences(void **state)
{
	(void)state;
	expect_valid("\xc3", 1, 0);
	expect_valid("\xe1\xbb", 2, 0);
	expect_valid("\xf0\x9f\x98", 3, 0);
	expect_valid("\xe1\xbb" "a", 3, 0);
	expect_valid("\xa9", 1, 0);		/* continuation alone */
}

static void
test_utf8_rejects_past_max_code_point(void **state)
{
	(void)state;
	expect_valid("\xf4\x90\x80\x80", 4, 0);	/* U+110000 */
	expect_valid("\xf5\x80\x80\x80", 4, 0);
	expect_valid("\xff", 1, 0);
}

static void
test_utf8_length_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("Đồng Hỷ"), 7);
	assert_int_equal(utf8_length(""), 0);
}

/* A string cut anywhere keeps the whole letters before the cut; bytes
 * that are not UTF-8 end it. */
static void
test_utf8_keep_valid_cuts_whole_letters(void **state)
{
	const char *word = "Sở Nội vụ 𝄞";
	char s[32];
	size_t i, len = strlen(word);

	(void)state;
	for (i = 0; i <= len; i++) {
		memcpy(s, word, i);
		s[i] = '\0';
		utf8_keep_valid(s);
		assert_true(utf8_valid(s, strlen(s)));
		assert_true(strlen(s) <= i && strlen(s) + 3 >= i);
		assert_memory_equal(s, word, strlen(s));
	}
	strcpy(s, word);
	utf8_keep_valid(s);
	assert_string_equal(s, word);
	strcpy(s, "Sở\xc0\xaf Nội");
	utf8_keep_valid(s);
	assert_string_equal(s, "Sở");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_place_name_loses_marks),
		cmocka_unit_test(test_fold_uppercase_title_is_lowered),
		cmocka_unit_test(test_fold_d_with_stroke_becomes_d),
		cmocka_unit_test(test_fold_decomposed_equals_precomposed),
		cmocka_unit_test(test_fold_ascii_is_only_lowercased),
		cmocka_unit_test(test_fold_every_vietnamese_vowel_folds),
		cmocka_unit_test(test_fold_other_characters_are_kept),
		cmocka_unit_test(test_fold_invalid_bytes_are_dropped),
		cmocka_unit_test(test_fold_append_respects_buffer_limit),
		cmocka_unit_test(test_utf8_accepts_vietnamese_and_astral),
		cmocka_unit_test(test_utf8_rejects_overlong),
		cmocka_unit_test(test_utf8_rejects_surrogates),
		cmocka_unit_test(test_utf8_rejects_truncated_sequences),
		cmocka_unit_test(test_utf8_rejects_past_max_code_point),
		cmocka_unit_test(test_utf8_length_counts_code_points),
		cmocka_unit_test(test_utf8_keep_valid_cuts_whole_letters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
