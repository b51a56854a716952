/* test_jsonw.c - the JSON writer (src/core/jsonw.c) writes what jansson
 * writes for the same values, and what jansson reads back. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/jsonw.h"

/* What the writer wrote into b is what jansson writes for o; both freed. */
static void
assert_as_jansson(struct buf *b, json_t *o)
{
	char *want = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);

	assert_non_null(want);
	buf_addch(b, '\0');
	assert_string_equal(b->data, want);
	free(want);
	json_decref(o);
	buf_release(b);
}

static void
same_as_jansson(void **state)
{
	static const char *const tricky[] = {
		"", "plain", "Quyết định số 12/QĐ-UBND", "quote \" and \\ back",
		"lines\nand\ttabs\r", "\x01\x1f control", "tiếng Việt – “ngoặc”",
	};
	struct buf b = BUF_INIT;
	struct jw w;
	json_t *o, *a;
	size_t i;

	(void)state;
	jw_init(&w, &b);
	o = json_object();
	a = json_array();
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	for (i = 0; i < sizeof(tricky) / sizeof(tricky[0]); i++) {
		jw_obj(&w);
		jw_kint(&w, "i", (int64_t)i);
		jw_kstr(&w, "s", tricky[i]);
		jw_kstr0(&w, "s0", tricky[i]);
		jw_kint0(&w, "n0", (int64_t)i);
		jw_key(&w, "empty");
		jw_arr(&w);
		jw_arr_end(&w);
		jw_kbool(&w, "b", i % 2);
		jw_obj_end(&w);
		json_array_append_new(a, json_pack("{s:I, s:s, s:o, s:o, s:[],"
		    " s:b}", "i", (json_int_t)i, "s", tricky[i], "s0",
		    *tricky[i] ? json_string(tricky[i]) : json_null(), "n0",
		    i ? json_integer((json_int_t)i) : json_null(), "empty",
		    "b", (int)(i % 2)));
	}
	jw_arr_end(&w);
	jw_kint(&w, "total", -9007199254740991LL);
	jw_key(&w, "nested");
	jw_obj(&w);
	jw_key(&w, "x");
	jw_null(&w);
	jw_obj_end(&w);
	jw_obj_end(&w);
	json_object_set_new(o, "items", a);
	json_object_set_new(o, "total", json_integer(-9007199254740991LL));
	json_object_set_new(o, "nested", json_pack("{s:n}", "x"));
	assert_as_jansson(&b, o);
}

/* Integers written digit by digit, at both ends of their range, in an
 * array (where each but the first takes a comma); keys that need an
 * escape. */
static void
numbers_and_keys_as_jansson(void **state)
{
	static const int64_t v[] = {
		0, 7, -1, 10, -10, 1234567890123LL, INT64_MAX, INT64_MIN,
	};
	json_t *n = json_array();
	struct buf b = BUF_INIT;
	struct jw w;
	size_t i;

	(void)state;
	/* {"n": [the numbers, "sau số"], "khóa \"lạ\"\n": -42, "zero": null} */
	jw_init(&w, &b);
	jw_obj(&w);
	jw_key(&w, "n");
	jw_arr(&w);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		jw_int(&w, v[i]);
		json_array_append_new(n, json_integer((json_int_t)v[i]));
	}
	jw_str(&w, "sau số");
	jw_arr_end(&w);
	jw_key_esc(&w, "khóa \"lạ\"\n");
	jw_int(&w, -42);
	jw_kint0(&w, "zero", 0);
	jw_obj_end(&w);
	json_array_append_new(n, json_string("sau số"));
	assert_as_jansson(&b, json_pack("{s:o, s:i, s:n}", "n", n,
	    "khóa \"lạ\"\n", -42, "zero"));
}

/* A character that needs an escape at every place of a string longer
 * than the four bytes the writer reads at a time, among letters with
 * diacritics (bytes of 0x80 and above), and the same string without it. */
static void
escapes_anywhere(void **state)
{
	static const char specials[] = "\"\\\n\x01\x1f";
	const char *base = "Văn bản đến số 0123456789";
	size_t len = strlen(base), i, k;
	char s[64];

	(void)state;
	for (k = 0; k < sizeof(specials); k++)
		for (i = 0; i <= len; i++) {
			struct buf b = BUF_INIT;
			struct jw w;
			json_t *v;
			char *want;

			memcpy(s, base, len + 1);
			s[len + 1] = '\0';
			if (specials[k] != '\0')
				s[i] = specials[k];
			if (i < len && (unsigned char)base[i] >= 0x80 &&
			    specials[k] != '\0')
				continue;	/* keep the UTF-8 whole */
			jw_init(&w, &b);
			jw_str(&w, s);
			buf_addch(&b, '\0');
			v = json_string(s);
			assert_non_null(v);
			want = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
			assert_string_equal(b.data, want);
			free(want);
			json_decref(v);
			buf_release(&b);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_as_jansson),
		cmocka_unit_test(numbers_and_keys_as_jansson),
		cmocka_unit_test(escapes_anywhere),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
