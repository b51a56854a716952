/* test_csv.c - the CSV reader and writer (src/core/csv.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"

static void
open_str(struct csv_reader *r, const char *s, const struct csv_limits *lim)
{
	csv_reader_init_mem(r, s, strlen(s), lim);
}

/* Read one record and check its line and fields ("a|b|c"). */
static void
expect_record(struct csv_reader *r, unsigned long line, const char *joined)
{
	struct csv_record rec;
	struct buf b = BUF_INIT;
	size_t i;
	int rc;

	rc = csv_read(r, &rec);
	if (rc != 1)
		fail_msg("expected a record at line %lu, got %d (%s)", line,
		    rc, r->err.msg);
	for (i = 0; i < rec.nfields; i++) {
		assert_int_equal(strlen(rec.fields[i]), rec.lens[i]);
		if (i)
			buf_addch(&b, '|');
		buf_add(&b, rec.fields[i], rec.lens[i]);
	}
	assert_string_equal(b.data, joined);
	assert_int_equal(rec.line, line);
	buf_release(&b);
}

static void
expect_error(struct csv_reader *r, enum csv_err code, unsigned long line,
    size_t column)
{
	struct csv_record rec;

	assert_int_equal(csv_read(r, &rec), -1);
	assert_int_equal(r->err.code, code);
	assert_int_equal(r->err.line, line);
	assert_int_equal(r->err.column, column);
	assert_non_null(strstr(r->err.msg, csv_strerror(code)));
}

static void
expect_end(struct csv_reader *r)
{
	struct csv_record rec;

	assert_int_equal(csv_read(r, &rec), 0);
	assert_int_equal(csv_read(r, &rec), 0);
}

/* Reading. */

static void
test_csv_plain_records_split_on_commas(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "ma,ten\n000.00.00.H55,Thái Nguyên\n", NULL);
	expect_record(&r, 1, "ma|ten");
	expect_record(&r, 2, "000.00.00.H55|Thái Nguyên");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_empty_input_has_no_records(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "", NULL);
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_empty_fields_are_kept(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "a,,b,\n,\n", NULL);
	expect_record(&r, 1, "a||b|");
	expect_record(&r, 2, "|");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_quoted_comma_stays_in_field(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "\"Xã Hóa Thượng, huyện Đồng Hỷ\",x\n", NULL);
	expect_record(&r, 1, "Xã Hóa Thượng, huyện Đồng Hỷ|x");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_quoted_newline_stays_in_field(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "a,\"dòng một\ndòng hai\",b\n", NULL);
	expect_record(&r, 1, "a|dòng một\ndòng hai|b");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_doubled_quote_is_one_quote(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "\"Quyết định \"\"khẩn\"\"\",\"\"\"\"\n", NULL);
	expect_record(&r, 1, "Quyết định \"khẩn\"|\"");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_quoted_empty_field_is_a_record(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "\"\"\n", NULL);
	expect_record(&r, 1, "");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_bom_is_skipped(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "\xef\xbb\xbfma,ten\nx,y\n", NULL);
	expect_record(&r, 1, "ma|ten");
	expect_record(&r, 2, "x|y");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_bom_only_input_is_empty(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "\xef\xbb\xbf", NULL);
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_bom_after_start_is_data(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "a\n\xef\xbb\xbf" "b\n", NULL);
	expect_record(&r, 1, "a");
	expect_record(&r, 2, "\xef\xbb\xbf" "b");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_short_input_like_bom_start_is_kept(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "ab", NULL);
	expect_record(&r, 1, "ab");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_crlf_ends_records(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "a,b\r\nc,\"d\"\r\ne\r\n", NULL);
	expect_record(&r, 1, "a|b");
	expect_record(&r, 2, "c|d");
	expect_record(&r, 3, "e");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_crlf_inside_quotes_is_kept(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "\"x\r\ny\"\r\nz\r\n", NULL);
	expect_record(&r, 1, "x\r\ny");
	expect_record(&r, 3, "z");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_last_record_needs_no_line_break(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "a\nb,\"c\"", NULL);
	expect_record(&r, 1, "a");
	expect_record(&r, 2, "b|c");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_blank_lines_are_skipped_but_counted(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "\na\n\r\n\nb\n\n", NULL);
	expect_record(&r, 2, "a");
	expect_record(&r, 5, "b");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_line_numbers_follow_multiline_fields(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "h1,h2\n1,\"ba\ndòng\nở đây\"\n2,x\n3,\"\n\"\n4,y\n",
	    NULL);
	expect_record(&r, 1, "h1|h2");
	expect_record(&r, 2, "1|ba\ndòng\nở đây");
	expect_record(&r, 5, "2|x");
	expect_record(&r, 6, "3|\n");
	expect_record(&r, 8, "4|y");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_reads_from_file(void **state)
{
	struct csv_reader r;
	FILE *fp;

	(void)state;
	assert_non_null(fp = tmpfile());
	fputs("\xef\xbb\xbfso,trich_yeu\r\n1,\"Về việc\r\ncử cán bộ\"\r\n",
	    fp);
	rewind(fp);
	csv_reader_init(&r, fp, NULL);
	expect_record(&r, 1, "so|trich_yeu");
	expect_record(&r, 2, "1|Về việc\r\ncử cán bộ");
	expect_end(&r);
	csv_reader_release(&r);
	fclose(fp);
}

static void
test_csv_file_records_cross_read_blocks(void **state)
{
	struct csv_reader r;
	struct csv_record rec;
	char want[32];
	unsigned long i;
	FILE *fp;

	(void)state;
	assert_non_null(fp = tmpfile());
	for (i = 1; i <= 3000; i++)
		fprintf(fp, "%lu,\"giá trị %lu\"\n", i, i);
	rewind(fp);
	csv_reader_init(&r, fp, NULL);
	for (i = 1; i <= 3000; i++) {
		assert_int_equal(csv_read(&r, &rec), 1);
		assert_int_equal(rec.line, i);
		assert_int_equal(rec.nfields, 2);
		snprintf(want, sizeof(want), "giá trị %lu", i);
		assert_string_equal(rec.fields[1], want);
	}
	expect_end(&r);
	csv_reader_release(&r);
	fclose(fp);
}

/* Errors: each one names its line and the reader goes on. */

static void
test_csv_unclosed_quote_names_its_line_and_rereads_after_it(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "a,b\nc,\"d\ne,f\ng,h\n", NULL);
	expect_record(&r, 1, "a|b");
	expect_error(&r, CSV_EQUOTE_OPEN, 2, 2);
	assert_int_equal(r.err.record_line, 2);
	assert_non_null(strstr(r.err.msg, "dấu ngoặc kép chưa đóng"));
	assert_non_null(strstr(r.err.msg, "dòng 2"));
	expect_record(&r, 3, "e|f");
	expect_record(&r, 4, "g|h");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_unclosed_quote_on_last_line_ends_input(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "a\n\"b,c", NULL);
	expect_record(&r, 1, "a");
	expect_error(&r, CSV_EQUOTE_OPEN, 2, 1);
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_unclosed_quote_in_file_rereads_after_it(void **state)
{
	struct csv_reader r;
	FILE *fp;

	(void)state;
	assert_non_null(fp = tmpfile());
	fputs("x\n\"mở\nb,c\nd\n", fp);
	rewind(fp);
	csv_reader_init(&r, fp, NULL);
	expect_record(&r, 1, "x");
	expect_error(&r, CSV_EQUOTE_OPEN, 2, 1);
	expect_record(&r, 3, "b|c");
	expect_record(&r, 4, "d");
	expect_end(&r);
	csv_reader_release(&r);
	fclose(fp);
}

static void
test_csv_character_after_closing_quote_is_an_error(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "1,\"ab\"c,d\n2,e\n", NULL);
	expect_error(&r, CSV_EQUOTE_AFTER, 1, 2);
	expect_record(&r, 2, "2|e");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_character_after_multiline_quote_names_its_line(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "\"a\nb\" ,c\nd\n", NULL);
	expect_error(&r, CSV_EQUOTE_AFTER, 2, 1);
	assert_int_equal(r.err.record_line, 1);
	expect_record(&r, 3, "d");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_quote_inside_unquoted_field_is_an_error(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "a,b\"c\"\nd\n", NULL);
	expect_error(&r, CSV_EQUOTE_BARE, 1, 2);
	expect_record(&r, 2, "d");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_lone_cr_is_an_error(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "a\rb\nc\n", NULL);
	expect_error(&r, CSV_ECR, 1, 1);
	expect_record(&r, 2, "c");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_nul_byte_is_an_error(void **state)
{
	static const char in[] = "ok\na\0b\nc\n";
	struct csv_reader r;

	(void)state;
	csv_reader_init_mem(&r, in, sizeof(in) - 1, NULL);
	expect_record(&r, 1, "ok");
	expect_error(&r, CSV_ENUL, 2, 1);
	expect_record(&r, 3, "c");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_invalid_utf8_is_an_error(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "a,b\xc0\xaf,c\nd\n", NULL);
	expect_error(&r, CSV_EUTF8, 1, 2);
	assert_non_null(strstr(r.err.msg, "không phải UTF-8 hợp lệ"));
	expect_record(&r, 2, "d");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_invalid_utf8_in_multiline_field_names_its_line(void **state)
{
	struct csv_reader r;

	(void)state;
	open_str(&r, "\"một\nhai\nba\xff\"\ntiếp\n", NULL);
	expect_error(&r, CSV_EUTF8, 3, 1);
	assert_int_equal(r.err.record_line, 1);
	expect_record(&r, 4, "tiếp");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_field_at_limit_is_accepted(void **state)
{
	struct csv_limits lim = { .max_field = 4 };
	struct csv_reader r;

	(void)state;
	open_str(&r, "abcd,\"ab\"\"c\"\n", &lim);
	expect_record(&r, 1, "abcd|ab\"c");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_field_too_long_is_an_error(void **state)
{
	struct csv_limits lim = { .max_field = 4 };
	struct csv_reader r;

	(void)state;
	open_str(&r, "abcd,abcde\nx\n", &lim);
	expect_error(&r, CSV_EFIELD_LONG, 1, 2);
	assert_non_null(strstr(r.err.msg, "tối đa 4 byte"));
	expect_record(&r, 2, "x");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_too_many_fields_is_an_error(void **state)
{
	struct csv_limits lim = { .max_fields = 3 };
	struct csv_reader r;

	(void)state;
	open_str(&r, "a,b,c\na,b,c,d\nx\n", &lim);
	expect_record(&r, 1, "a|b|c");
	expect_error(&r, CSV_EFIELDS, 2, 4);
	expect_record(&r, 3, "x");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_record_too_long_is_an_error(void **state)
{
	struct csv_limits lim = { .max_record = 8 };
	struct csv_reader r;

	(void)state;
	open_str(&r, "1234,678\r\n1234,6789\nx\n", &lim);
	expect_record(&r, 1, "1234|678");
	expect_error(&r, CSV_ERECORD_LONG, 2, 2);
	expect_record(&r, 3, "x");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_limit_inside_open_quote_points_at_the_quote(void **state)
{
	struct csv_limits lim = { .max_record = 10 };
	struct csv_reader r;

	(void)state;
	open_str(&r, "a,\"b\ncdef\nghij\nk\n", &lim);
	expect_error(&r, CSV_ERECORD_LONG, 3, 2);
	assert_int_equal(r.err.record_line, 1);
	assert_non_null(strstr(r.err.msg, "mở ở dòng 1 chưa được đóng"));
	expect_record(&r, 4, "k");
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_every_bad_row_is_reported(void **state)
{
	static const char in[] =
	    "ma,ten\n"			/* 1 */
	    "1,\"x\"y\n"		/* 2 after quote */
	    "2,ok\n"			/* 3 */
	    "3,a\"b\n"			/* 4 bare quote */
	    "4,\xe2\x82\n"		/* 5 truncated UTF-8 */
	    "5,a,b\n"			/* 6 too many */
	    "6,ok\n"			/* 7 */
	    "7,\"mở\n";			/* 8 unclosed */
	struct csv_limits lim = { .max_fields = 2 };
	struct csv_reader r;

	(void)state;
	open_str(&r, in, &lim);
	expect_record(&r, 1, "ma|ten");
	expect_error(&r, CSV_EQUOTE_AFTER, 2, 2);
	expect_record(&r, 3, "2|ok");
	expect_error(&r, CSV_EQUOTE_BARE, 4, 2);
	expect_error(&r, CSV_EUTF8, 5, 2);
	expect_error(&r, CSV_EFIELDS, 6, 3);
	expect_record(&r, 7, "6|ok");
	expect_error(&r, CSV_EQUOTE_OPEN, 8, 2);
	expect_end(&r);
	csv_reader_release(&r);
}

static void
test_csv_read_error_is_reported_once(void **state)
{
	struct csv_reader r;
	FILE *fp;

	(void)state;
	/* Reading a stream opened only for writing fails. */
	assert_non_null(fp = fopen("/dev/null", "w"));
	csv_reader_init(&r, fp, NULL);
	expect_error(&r, CSV_EIO, 1, 1);
	expect_end(&r);
	csv_reader_release(&r);
	fclose(fp);
}

static void
test_csv_every_error_has_a_vietnamese_message(void **state)
{
	int i, j;

	(void)state;
	for (i = CSV_EQUOTE_OPEN; i < CSV_ERR_MAX; i++) {
		assert_non_null(csv_strerror((enum csv_err)i));
		for (j = CSV_OK; j < i; j++)
			assert_string_not_equal(csv_strerror((enum csv_err)i),
			    csv_strerror((enum csv_err)j));
	}
	assert_non_null(csv_strerror(CSV_ERR_MAX));
}

/* Writing. */

static void
test_csv_writer_leaves_plain_fields_unquoted(void **state)
{
	struct buf b = BUF_INIT;
	struct csv_writer w;

	(void)state;
	csv_writer_init(&w, &b);
	assert_int_equal(csv_write_str(&w, "000.00.00.H55"), 0);
	assert_int_equal(csv_write_str(&w, "Thái Nguyên"), 0);
	assert_int_equal(csv_write_str(&w, ""), 0);
	assert_int_equal(csv_end_record(&w), 0);
	assert_string_equal(b.data, "000.00.00.H55,Thái Nguyên,\r\n");
	buf_release(&b);
}

static void
test_csv_writer_quotes_special_characters(void **state)
{
	struct buf b = BUF_INIT;
	struct csv_writer w;

	(void)state;
	csv_writer_init(&w, &b);
	csv_write_str(&w, "a,b");
	csv_write_str(&w, "nói \"có\"");
	csv_write_str(&w, "x\ny");
	csv_write_str(&w, "r\r");
	csv_write_str(&w, " lề");
	csv_end_record(&w);
	assert_string_equal(b.data,
	    "\"a,b\",\"nói \"\"có\"\"\",\"x\ny\",\"r\r\",\" lề\"\r\n");
	buf_release(&b);
}

static void
test_csv_writer_quotes_leading_bom_bytes(void **state)
{
	struct csv_reader r;
	struct buf b = BUF_INIT;
	struct csv_writer w;

	(void)state;
	csv_writer_init(&w, &b);
	csv_write_str(&w, "\xef\xbb\xbfso");
	csv_end_record(&w);
	assert_string_equal(b.data, "\"\xef\xbb\xbfso\"\r\n");
	csv_reader_init_mem(&r, b.data, b.len, NULL);
	expect_record(&r, 1, "\xef\xbb\xbfso");
	expect_end(&r);
	csv_reader_release(&r);
	buf_release(&b);
}

static void
test_csv_writer_marks_lone_empty_field(void **state)
{
	struct buf b = BUF_INIT;
	struct csv_writer w;

	(void)state;
	csv_writer_init(&w, &b);
	csv_write_str(&w, "");
	csv_end_record(&w);
	csv_write_str(&w, "");
	csv_write_str(&w, "");
	csv_end_record(&w);
	assert_string_equal(b.data, "\"\"\r\n,\r\n");
	buf_release(&b);
}

static void
test_csv_writer_adds_bom(void **state)
{
	struct buf b = BUF_INIT;
	struct csv_writer w;

	(void)state;
	csv_writer_init(&w, &b);
	assert_int_equal(csv_write_bom(&w), 0);
	csv_write_str(&w, "a");
	csv_end_record(&w);
	assert_string_equal(b.data, "\xef\xbb\xbf" "a\r\n");
	buf_release(&b);
}

static void
test_csv_writer_output_reads_back_the_same(void **state)
{
	static const char *vals[] = {
		"", "a,b", "\"", "\"\"", "x\r\ny", " s ", "Đồng Hỷ", "\n"
	};
	struct csv_reader r;
	struct csv_record rec;
	struct buf b = BUF_INIT;
	struct csv_writer w;
	size_t i, n = sizeof(vals) / sizeof(vals[0]);

	(void)state;
	csv_writer_init(&w, &b);
	for (i = 0; i < n; i++)
		csv_write_str(&w, vals[i]);
	csv_end_record(&w);
	csv_write_str(&w, "");
	csv_end_record(&w);
	csv_reader_init_mem(&r, b.data, b.len, NULL);
	assert_int_equal(csv_read(&r, &rec), 1);
	assert_int_equal(rec.nfields, n);
	for (i = 0; i < n; i++)
		assert_string_equal(rec.fields[i], vals[i]);
	assert_int_equal(csv_read(&r, &rec), 1);
	assert_int_equal(rec.nfields, 1);
	assert_string_equal(rec.fields[0], "");
	expect_end(&r);
	csv_reader_release(&r);
	buf_release(&b);
}

static void
test_csv_writer_at_buffer_limit_leaves_buffer_unchanged(void **state)
{
	struct buf b;
	struct csv_writer w;

	(void)state;
	buf_init(&b, 8);
	csv_writer_init(&w, &b);
	assert_int_equal(csv_write_str(&w, "abc"), 0);
	assert_int_equal(csv_write_str(&w, "d\"e"), -1);
	assert_string_equal(b.data, "abc");
	assert_int_equal(csv_write_str(&w, "de"), 0);
	assert_int_equal(csv_end_record(&w), 0);
	assert_string_equal(b.data, "abc,de\r\n");
	assert_int_equal(csv_write_str(&w, "x"), -1);
	assert_string_equal(b.data, "abc,de\r\n");
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_plain_records_split_on_commas),
		cmocka_unit_test(test_csv_empty_input_has_no_records),
		cmocka_unit_test(test_csv_empty_fields_are_kept),
		cmocka_unit_test(test_csv_quoted_comma_stays_in_field),
		cmocka_unit_test(test_csv_quoted_newline_stays_in_field),
		cmocka_unit_test(test_csv_doubled_quote_is_one_quote),
		cmocka_unit_test(test_csv_quoted_empty_field_is_a_record),
		cmocka_unit_test(test_csv_bom_is_skipped),
		cmocka_unit_test(test_csv_bom_only_input_is_empty),
		cmocka_unit_test(test_csv_bom_after_start_is_data),
		cmocka_unit_test(test_csv_short_input_like_bom_start_is_kept),
		cmocka_unit_test(test_csv_crlf_ends_records),
		cmocka_unit_test(test_csv_crlf_inside_quotes_is_kept),
		cmocka_unit_test(test_csv_last_record_needs_no_line_break),
		cmocka_unit_test(test_csv_blank_lines_are_skipped_but_counted),
		cmocka_unit_test(test_csv_line_numbers_follow_multiline_fields),
		cmocka_unit_test(test_csv_reads_from_file),
		cmocka_unit_test(test_csv_file_records_cross_read_blocks),
		cmocka_unit_test(
		    test_csv_unclosed_quote_names_its_line_and_rereads_after_it),
		cmocka_unit_test(test_csv_unclosed_quote_on_last_line_ends_input),
		cmocka_unit_test(test_csv_unclosed_quote_in_file_rereads_after_it),
		cmocka_unit_test(
		    test_csv_character_after_closing_quote_is_an_error),
		cmocka_unit_test(
		    test_csv_character_after_multiline_quote_names_its_line),
		cmocka_unit_test(test_csv_quote_inside_unquoted_field_is_an_error),
		cmocka_unit_test(test_csv_lone_cr_is_an_error),
		cmocka_unit_test(test_csv_nul_byte_is_an_error),
		cmocka_unit_test(test_csv_invalid_utf8_is_an_error),
		cmocka_unit_test(
		    test_csv_invalid_utf8_in_multiline_field_names_its_line),
		cmocka_unit_test(test_csv_field_at_limit_is_accepted),
		cmocka_unit_test(test_csv_field_too_long_is_an_error),
		cmocka_unit_test(test_csv_too_many_fields_is_an_error),
		cmocka_unit_test(test_csv_record_too_long_is_an_error),
		cmocka_unit_test(test_csv_limit_inside_open_quote_points_at_the_quote),
		cmocka_unit_test(test_csv_every_bad_row_is_reported),
		cmocka_unit_test(test_csv_read_error_is_reported_once),
		cmocka_unit_test(test_csv_every_error_has_a_vietnamese_message),
		cmocka_unit_test(test_csv_writer_leaves_plain_fields_unquoted),
		cmocka_unit_test(test_csv_writer_quotes_special_characters),
		cmocka_unit_test(test_csv_writer_quotes_leading_bom_bytes),
		cmocka_unit_test(test_csv_writer_marks_lone_empty_field),
		cmocka_unit_test(test_csv_writer_adds_bom),
		cmocka_unit_test(test_csv_writer_output_reads_back_the_same),
		cmocka_unit_test(
		    test_csv_writer_at_buffer_limit_leaves_buffer_unchanged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
