/* test_sign_pdf.c - rules of the PDF tokenizer, object parser and
 * cross-reference reader (src/sign/pdf_*.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "sign/pdf.h"
#include "sign/sign_int.h"

static struct pdf_doc doc;

static struct pdf_obj *
parse(const char *s)
{
	size_t pos = 0;

	memset(&doc, 0, sizeof(doc));
	return pdf_parse(&doc, (const uint8_t *)s, strlen(s), &pos);
}

static void
done(void)
{
	pdf_close(&doc);
}

static void
test_pdf_literal_string_escapes_and_nesting(void **state)
{
	struct pdf_obj *o = parse("(a\\(b\\) (c) \\101\\n\\\r\nd)");

	(void)state;
	assert_non_null(o);
	assert_int_equal(o->type, PDF_STRING);
	assert_int_equal(o->len, 12);
	assert_memory_equal(o->s, "a(b) (c) A\nd", 12);
	done();
}

static void
test_pdf_hex_string_odd_digit_is_padded(void **state)
{
	struct pdf_obj *o = parse("<48 65 6C6C 6F7>");

	(void)state;
	assert_non_null(o);
	assert_int_equal(o->len, 6);
	assert_memory_equal(o->s, "Hello\x70", 6);
	done();
}

static void
test_pdf_name_hash_escapes_are_decoded(void **state)
{
	struct pdf_obj *o = parse("/A#20B#23");

	(void)state;
	assert_non_null(o);
	assert_int_equal(o->type, PDF_NAME);
	assert_string_equal(o->s, "A B#");
	done();
}

static void
test_pdf_two_integers_and_R_make_a_reference(void **state)
{
	struct pdf_obj *o = parse("[12 0 R 12 0 13]");

	(void)state;
	assert_non_null(o);
	assert_int_equal(o->n, 4);
	assert_int_equal(o->items[0]->type, PDF_REF);
	assert_int_equal(o->items[0]->num, 12);
	assert_int_equal(o->items[1]->type, PDF_INT);
	assert_int_equal(o->items[3]->i, 13);
	done();
}

static void
test_pdf_dict_lookup_and_reals_keep_their_text(void **state)
{
	struct pdf_obj *o = parse("<</Type/Page/W -.5/Ok true/N null>>");

	(void)state;
	assert_non_null(o);
	assert_true(pdf_is_name(pdf_dict_get(o, "Type"), "Page"));
	assert_int_equal(pdf_dict_get(o, "W")->type, PDF_REAL);
	assert_string_equal(pdf_dict_get(o, "W")->s, "-.5");
	assert_int_equal(pdf_dict_get(o, "Ok")->b, 1);
	assert_null(pdf_dict_get(o, "Missing"));
	done();
}

static void
test_pdf_nesting_deeper_than_the_limit_fails(void **state)
{
	char s[PDF_MAX_DEPTH * 2 + 8];
	int i;

	(void)state;
	for (i = 0; i < PDF_MAX_DEPTH + 2; i++)
		s[i] = '[';
	s[i] = '\0';
	assert_null(parse(s));
	assert_non_null(strstr(doc.err, "sâu"));
	done();
}

static void
test_pdf_unterminated_string_fails(void **state)
{
	(void)state;
	assert_null(parse("(abc"));
	done();
	assert_null(parse("<</A 1"));
	done();
	assert_null(parse("<4G>"));
	done();
}

static void
test_pdf_huge_integer_fails(void **state)
{
	(void)state;
	assert_null(parse("99999999999999999999999"));
	done();
}

static void
test_pdf_writer_round_trips(void **state)
{
	struct pdf_obj *o = parse("<</K [1 2.50 (x) /N#20a 3 0 R true null]>>");
	struct buf b = BUF_INIT;

	(void)state;
	assert_non_null(o);
	buf_init(&b, 0);
	assert_int_equal(pdf_write_obj(&b, o), 0);
	assert_string_equal(b.data, "<</K [1 2.50 <78> /N#20a 3 0 R true null]>>");
	buf_release(&b);
	done();
}

/* A classic file built with exact offsets. */
static size_t
make_pdf(char *out, size_t cap, const char *trailer_extra)
{
	size_t o1, o2, o3, x;
	int n;

	n = snprintf(out, cap, "%%PDF-1.4\n");
	o1 = (size_t)n;
	n += snprintf(out + n, cap - n, "1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n");
	o2 = (size_t)n;
	n += snprintf(out + n, cap - n, "2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n");
	o3 = (size_t)n;
	n += snprintf(out + n, cap - n, "3 0 obj\n<</Type/Page/Parent 2 0 R>>\nendobj\n");
	x = (size_t)n;
	n += snprintf(out + n, cap - n, "xref\n0 4\n0000000000 65535 f \n"
	    "%010zu 00000 n \n%010zu 00000 n \n%010zu 00000 n \n"
	    "trailer\n<</Size 4/Root 1 0 R%s>>\nstartxref\n%zu\n%%%%EOF\n",
	    o1, o2, o3, trailer_extra, x);
	return (size_t)n;
}

static void
test_pdf_classic_file_opens_and_finds_its_page(void **state)
{
	char buf[2048];
	size_t n = make_pdf(buf, sizeof(buf), "");
	struct pdf_obj *page;
	uint32_t num;
	int count;

	(void)state;
	assert_int_equal(pdf_open_mem(&doc, buf, n), 0);
	assert_int_equal(doc.nsec, 1);
	assert_int_equal(doc.sec[0].is_stream, 0);
	assert_int_equal(pdf_page(&doc, 0, &num, &page, &count), 0);
	assert_int_equal(num, 3);
	assert_int_equal(count, 1);
	assert_int_equal(pdf_page(&doc, 2, &num, &page, &count), -1);
	done();
}

static void
test_pdf_encrypted_file_is_refused(void **state)
{
	char buf[2048];
	size_t n = make_pdf(buf, sizeof(buf), "/Encrypt 9 0 R");

	(void)state;
	assert_int_equal(pdf_open_mem(&doc, buf, n), -1);
	assert_non_null(strstr(doc.err, "mã hóa"));
	done();
}

static void
test_pdf_wrong_xref_offset_is_damage(void **state)
{
	char buf[2048];
	size_t n = make_pdf(buf, sizeof(buf), "");
	char *e = strstr(buf, "0000000009 00000 n");

	(void)state;
	assert_non_null(e);
	e[9] = '3';	/* object 1 now points into the header */
	assert_int_equal(pdf_open_mem(&doc, buf, n), -1);
	assert_non_null(strstr(doc.err, "xref"));
	done();
}

static void
test_pdf_missing_startxref_is_reported(void **state)
{
	const char *s = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

	(void)state;
	assert_int_equal(pdf_open_mem(&doc, s, strlen(s)), -1);
	assert_non_null(strstr(doc.err, "startxref"));
	done();
}

static void
test_pdf_text_is_utf16be_with_bom(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(sign_pdf_text(&b, "Ký"), 0);
	assert_string_equal(b.data, "<FEFF004B00FD>");
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pdf_literal_string_escapes_and_nesting),
		cmocka_unit_test(test_pdf_hex_string_odd_digit_is_padded),
		cmocka_unit_test(test_pdf_name_hash_escapes_are_decoded),
		cmocka_unit_test(test_pdf_two_integers_and_R_make_a_reference),
		cmocka_unit_test(test_pdf_dict_lookup_and_reals_keep_their_text),
		cmocka_unit_test(test_pdf_nesting_deeper_than_the_limit_fails),
		cmocka_unit_test(test_pdf_unterminated_string_fails),
		cmocka_unit_test(test_pdf_huge_integer_fails),
		cmocka_unit_test(test_pdf_writer_round_trips),
		cmocka_unit_test(test_pdf_classic_file_opens_and_finds_its_page),
		cmocka_unit_test(test_pdf_encrypted_file_is_refused),
		cmocka_unit_test(test_pdf_wrong_xref_offset_is_damage),
		cmocka_unit_test(test_pdf_missing_startxref_is_reported),
		cmocka_unit_test(test_pdf_text_is_utf16be_with_bom),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
