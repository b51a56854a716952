/* test_svc.c - the rules of the one-stop shop: dossier codes, the state
 * machine (a supplement asked for once), appointment dates in working
 * days with a cut-off hour across weekends and holidays, lateness,
 * application forms as data and the values checked against them,
 * procedures read from JSON (the catalogue import). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/calendar.h"
#include "services/services.h"

static int
day(int y, int m, int d)
{
	return calendar_from_civil(y, m, d);
}

static void
code_is_agency_date_and_four_digit_sequence(void **state)
{
	char out[SVC_CODE_MAX];

	(void)state;
	assert_int_equal(svc_code_format(out, sizeof(out), "000.00.12.H55",
	    day(2026, 11, 22), 7), 0);
	assert_string_equal(out, "000.00.12.H55-261122-0007");
	assert_int_equal(svc_code_format(out, sizeof(out), "000.00.46.H55",
	    day(2027, 1, 3), 1234), 0);
	assert_string_equal(out, "000.00.46.H55-270103-1234");
}

static void
code_refuses_sequences_out_of_range(void **state)
{
	char out[SVC_CODE_MAX];

	(void)state;
	assert_int_equal(svc_code_format(out, sizeof(out), "000.00.12.H55",
	    day(2026, 11, 22), 0), -1);
	assert_int_equal(svc_code_format(out, sizeof(out), "000.00.12.H55",
	    day(2026, 11, 22), 10000), -1);
	assert_int_equal(svc_code_format(out, 10, "000.00.12.H55",
	    day(2026, 11, 22), 1), -1);
	assert_int_equal(svc_code_format(out, sizeof(out), "",
	    day(2026, 11, 22), 1), -1);
}

static void
code_shape_is_checked_before_any_lookup(void **state)
{
	(void)state;
	assert_true(svc_code_valid("000.00.12.H55-261122-0007"));
	assert_true(svc_code_valid("000.21.41.H55-260229-0001") == 0);
	assert_true(svc_code_valid("000.21.41.H55-280229-0001"));
	assert_false(svc_code_valid("000.00.12.H55-261122-0000"));
	assert_false(svc_code_valid("000.00.12.H55-261322-0001"));
	assert_false(svc_code_valid("000.00.12.h55-261122-0001"));
	assert_false(svc_code_valid("261122-0001"));
	assert_false(svc_code_valid("000.00.12.H55-261122-00a1"));
	assert_false(svc_code_valid("' OR 1=1 --261122-0001"));
	assert_false(svc_code_valid(NULL));
}

static void
steps_follow_the_one_stop_lifecycle(void **state)
{
	(void)state;
	assert_int_equal(svc_next(SVC_DRAFT, SVC_STEP_SUBMIT, 0),
	    SVC_SUBMITTED);
	assert_int_equal(svc_next(SVC_SUBMITTED, SVC_STEP_SUBMIT, 0), -1);
	assert_int_equal(svc_next(SVC_SUBMITTED, SVC_STEP_RECEIVE, 0),
	    SVC_RECEIVED);
	assert_int_equal(svc_next(SVC_SUBMITTED, SVC_STEP_REFUSE, 0),
	    SVC_REFUSED);
	assert_int_equal(svc_next(SVC_RECEIVED, SVC_STEP_TRANSFER, 0),
	    SVC_TRANSFERRED);
	assert_int_equal(svc_next(SVC_TRANSFERRED, SVC_STEP_TRANSFER, 0),
	    SVC_TRANSFERRED);
	assert_int_equal(svc_next(SVC_TRANSFERRED, SVC_STEP_PROCESS, 0),
	    SVC_PROCESSING);
	assert_int_equal(svc_next(SVC_PROCESSING, SVC_STEP_APPROVE, 0),
	    SVC_APPROVED);
	assert_int_equal(svc_next(SVC_APPROVED, SVC_STEP_RETURN, 0),
	    SVC_RETURNED);
	assert_int_equal(svc_next(SVC_RETURNED, SVC_STEP_RATE, 0),
	    SVC_RETURNED);
	/* Nothing skips a step. */
	assert_int_equal(svc_next(SVC_RECEIVED, SVC_STEP_APPROVE, 0), -1);
	assert_int_equal(svc_next(SVC_SUBMITTED, SVC_STEP_TRANSFER, 0), -1);
	assert_int_equal(svc_next(SVC_PROCESSING, SVC_STEP_RETURN, 0), -1);
	assert_int_equal(svc_next(SVC_REFUSED, SVC_STEP_RECEIVE, 0), -1);
	assert_int_equal(svc_next(SVC_DRAFT, SVC_STEP_RATE, 0), -1);
}

static void
a_supplement_is_asked_for_once(void **state)
{
	(void)state;
	assert_int_equal(svc_next(SVC_SUBMITTED, SVC_STEP_SUPPLEMENT, 0),
	    SVC_SUPPLEMENT);
	assert_int_equal(svc_next(SVC_SUPPLEMENT, SVC_STEP_ANSWER, 1),
	    SVC_SUBMITTED);
	assert_int_equal(svc_next(SVC_SUBMITTED, SVC_STEP_SUPPLEMENT, 1), -1);
	/* After the answer it can still be received or refused. */
	assert_int_equal(svc_next(SVC_SUBMITTED, SVC_STEP_RECEIVE, 1),
	    SVC_RECEIVED);
	assert_int_equal(svc_next(SVC_SUBMITTED, SVC_STEP_REFUSE, 1),
	    SVC_REFUSED);
}

static void
an_apology_is_for_open_dossiers_only(void **state)
{
	(void)state;
	assert_int_equal(svc_next(SVC_RECEIVED, SVC_STEP_APOLOGY, 0),
	    SVC_RECEIVED);
	assert_int_equal(svc_next(SVC_PROCESSING, SVC_STEP_APOLOGY, 0),
	    SVC_PROCESSING);
	assert_int_equal(svc_next(SVC_SUBMITTED, SVC_STEP_APOLOGY, 0), -1);
	assert_int_equal(svc_next(SVC_RETURNED, SVC_STEP_APOLOGY, 0), -1);
}

static void
names_and_labels_round_trip(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < SVC_STATE_MAX; i++)
		assert_int_equal(svc_state_parse(svc_state_name(i)), i);
	for (i = 0; i < SVC_STEP_MAX; i++)
		assert_int_equal(svc_step_parse(svc_step_name(i)), i);
	assert_int_equal(svc_level_parse("Cấp xã"), SVC_LEVEL_COMMUNE);
	assert_int_equal(svc_level_parse("huyen"), SVC_LEVEL_DISTRICT);
	assert_int_equal(svc_level_parse("province"), SVC_LEVEL_PROVINCE);
	assert_int_equal(svc_mode_parse("TOÀN TRÌNH"), SVC_MODE_FULL);
	assert_int_equal(svc_mode_parse("mot phan"), SVC_MODE_PARTIAL);
	assert_int_equal(svc_mode_parse("mức độ 4"), -1);
}

/* The rule days of 2026 (Hùng Kings' day 26/4 is a Sunday: Monday 27/4
 * off; 30/4 and 1/5 Thursday and Friday). */
static void
load_2026(struct calendar_list *l)
{
	calendar_list_init(l);
	assert_int_equal(calendar_rule_days(2026, l), 0);
	assert_int_equal(calendar_rule_days(2027, l), 0);
}

static void
appointment_counts_working_days_from_receipt(void **state)
{
	struct calendar_list l;
	int out;

	(void)state;
	load_2026(&l);
	/* Tuesday 24/11/2026 at 10:00, 3 days: Wed, Thu, Fri. */
	assert_int_equal(svc_appointment(&l, day(2026, 11, 24), 600, 960, 3,
	    &out), 0);
	assert_int_equal(out, day(2026, 11, 27));
	/* Thursday at 09:00, 3 days: Fri, Mon, Tue (across the weekend). */
	assert_int_equal(svc_appointment(&l, day(2026, 11, 26), 540, 960, 3,
	    &out), 0);
	assert_int_equal(out, day(2026, 12, 1));
	/* 0 days: the same day. */
	assert_int_equal(svc_appointment(&l, day(2026, 11, 24), 600, 960, 0,
	    &out), 0);
	assert_int_equal(out, day(2026, 11, 24));
	calendar_list_release(&l);
}

static void
appointment_after_the_cut_off_counts_from_the_next_working_day(void **state)
{
	struct calendar_list l;
	int out;

	(void)state;
	load_2026(&l);
	/* Friday 20/11 at 16:00 with cut-off 16:00: start Monday 23/11. */
	assert_int_equal(svc_appointment(&l, day(2026, 11, 20), 960, 960, 1,
	    &out), 0);
	assert_int_equal(out, day(2026, 11, 24));
	/* One minute earlier: start Friday, one day later is Monday. */
	assert_int_equal(svc_appointment(&l, day(2026, 11, 20), 959, 960, 1,
	    &out), 0);
	assert_int_equal(out, day(2026, 11, 23));
	/* Received on a Saturday at 08:00: counted from Monday. */
	assert_int_equal(svc_appointment(&l, day(2026, 11, 21), 480, 960, 2,
	    &out), 0);
	assert_int_equal(out, day(2026, 11, 25));
	/* Same-day procedure received after the cut-off: next working day. */
	assert_int_equal(svc_appointment(&l, day(2026, 11, 24), 1000, 960, 0,
	    &out), 0);
	assert_int_equal(out, day(2026, 11, 25));
	calendar_list_release(&l);
}

static void
appointment_skips_holidays_and_their_compensation_days(void **state)
{
	struct calendar_list l;
	int out;

	(void)state;
	load_2026(&l);
	/* Wednesday 29/4/2026 at 10:00, 2 days: 30/4 and 1/5 are holidays,
	 * then a weekend: Monday 4/5 and Tuesday 5/5. */
	assert_int_equal(svc_appointment(&l, day(2026, 4, 29), 600, 960, 2,
	    &out), 0);
	assert_int_equal(out, day(2026, 5, 5));
	/* After the cut-off the count starts on 4/5: 5/5, 6/5. */
	assert_int_equal(svc_appointment(&l, day(2026, 4, 29), 990, 960, 2,
	    &out), 0);
	assert_int_equal(out, day(2026, 5, 6));
	/* Friday 24/4 at 10:00, 1 day: Monday 27/4 is Hùng Kings' day moved
	 * from Sunday 26/4, so Tuesday 28/4. */
	assert_int_equal(svc_appointment(&l, day(2026, 4, 24), 600, 960, 1,
	    &out), 0);
	assert_int_equal(out, day(2026, 4, 28));
	calendar_list_release(&l);
}

static void
cut_off_hours_parse_as_minutes(void **state)
{
	(void)state;
	assert_int_equal(svc_cutoff_parse("16:00"), 960);
	assert_int_equal(svc_cutoff_parse("00:00"), 0);
	assert_int_equal(svc_cutoff_parse("24:00"), 1440);
	assert_int_equal(svc_cutoff_parse("24:01"), -1);
	assert_int_equal(svc_cutoff_parse("7:00"), -1);
	assert_int_equal(svc_cutoff_parse("16:60"), -1);
	assert_int_equal(svc_cutoff_parse(NULL), -1);
}

static void
lateness_is_against_the_first_appointment(void **state)
{
	(void)state;
	assert_false(svc_is_late(100, 100, 120, 0));
	assert_true(svc_is_late(100, 101, 120, 0));
	assert_false(svc_is_late(100, -1, 100, 0));
	assert_true(svc_is_late(100, -1, 101, 0));
	assert_true(svc_is_late(100, 99, 99, 1));
	assert_false(svc_is_late(-1, -1, 500, 0));
}

static void
money_is_written_the_vietnamese_way(void **state)
{
	struct arena a = ARENA_INIT;

	(void)state;
	assert_string_equal(svc_money(&a, 1500000), "1.500.000 đồng");
	assert_string_equal(svc_money(&a, 8000), "8.000 đồng");
	assert_string_equal(svc_money(&a, 500), "500 đồng");
	assert_string_equal(svc_money(&a, 0), "Không thu phí");
	arena_release(&a);
}

static const char *form_json =
	"[{\"name\":\"ho_ten\",\"label\":\"Họ và tên\",\"type\":\"text\","
	"\"required\":true,\"max\":10},"
	"{\"name\":\"so_ban\",\"label\":\"Số bản\",\"type\":\"number\","
	"\"required\":true,\"min\":1,\"max\":5},"
	"{\"name\":\"ngay_sinh\",\"label\":\"Ngày sinh\",\"type\":\"date\","
	"\"check\":\"past\"},"
	"{\"name\":\"gioi_tinh\",\"label\":\"Giới tính\",\"type\":\"choice\","
	"\"options\":[\"Nam\",\"Nữ\"]},"
	"{\"name\":\"dien_thoai\",\"label\":\"Điện thoại\",\"type\":\"text\","
	"\"check\":\"phone\"},"
	"{\"name\":\"cccd\",\"label\":\"CCCD\",\"type\":\"text\","
	"\"check\":\"id_number\"},"
	"{\"name\":\"don\",\"label\":\"Đơn\",\"type\":\"file\","
	"\"required\":true}]";

static void
a_form_definition_parses_with_its_checks(void **state)
{
	struct arena a = ARENA_INIT;
	struct svc_form f;
	struct svc_err e = { 0 };
	char *dump;

	(void)state;
	assert_int_equal(svc_form_parse(&a, form_json, &f, &e), 0);
	assert_int_equal(f.n, 7);
	assert_int_equal(f.fields[1].type, SVC_F_NUMBER);
	assert_int_equal(f.fields[1].max, 5);
	assert_int_equal(f.fields[3].noptions, 2);
	assert_string_equal(f.fields[3].options[1], "Nữ");
	assert_int_equal(f.fields[4].check, SVC_CHECK_PHONE);
	assert_true(f.fields[6].required);
	/* What is dumped parses to the same form. */
	dump = svc_form_dump(&f);
	assert_non_null(dump);
	assert_int_equal(svc_form_parse(&a, dump, &f, &e), 0);
	assert_int_equal(f.n, 7);
	free(dump);
	arena_release(&a);
}

static void
bad_form_definitions_are_refused_with_a_reason(void **state)
{
	static const char *const bad[] = {
		"{}",
		"[{\"name\":\"a\",\"label\":\"A\",\"type\":\"text\"},"
		"{\"name\":\"a\",\"label\":\"B\",\"type\":\"text\"}]",
		"[{\"name\":\"Ho Ten\",\"label\":\"A\",\"type\":\"text\"}]",
		"[{\"name\":\"a\",\"label\":\"A\",\"type\":\"money\"}]",
		"[{\"name\":\"a\",\"label\":\"A\",\"type\":\"choice\"}]",
		"[{\"name\":\"a\",\"label\":\"A\",\"type\":\"text\","
		"\"options\":[\"x\"]}]",
		"[{\"name\":\"a\",\"label\":\"A\",\"type\":\"number\","
		"\"check\":\"phone\"}]",
		"[{\"name\":\"a\",\"label\":\"A\",\"type\":\"number\","
		"\"min\":5,\"max\":1}]",
		"[{\"name\":\"a\",\"type\":\"text\"}]",
		"[{\"name\":\"a\",\"label\":\"A\",\"type\":\"text\","
		"\"required\":\"yes\"}]",
		"not json",
	};
	struct arena a = ARENA_INIT;
	struct svc_form f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct svc_err e = { 0 };

		assert_int_equal(svc_form_parse(&a, bad[i], &f, &e), -1);
		assert_non_null(e.message);
		assert_int_equal(e.status, 422);
	}
	arena_release(&a);
}

/* Check `values` (JSON text) against the test form; the error code, or
 * "ok". */
static const char *
check(const char *values, int complete, const char **field)
{
	static char code[64];
	struct arena a = ARENA_INIT;
	struct svc_form f;
	struct svc_err e = { 0 };
	json_error_t jerr;
	json_t *v = json_loads(values, 0, &jerr), *clean = NULL;
	int rc;

	assert_non_null(v);
	assert_int_equal(svc_form_parse(&a, form_json, &f, &e), 0);
	rc = svc_form_check(&f, v, day(2026, 11, 22), complete, &clean, &e);
	snprintf(code, sizeof(code), "%s", rc == 0 ? "ok" : e.code);
	if (field)
		*field = rc == 0 ? NULL : e.field;
	json_decref(v);
	json_decref(clean);
	arena_release(&a);
	return code;
}

static void
values_are_checked_against_the_form(void **state)
{
	const char *field;

	(void)state;
	assert_string_equal(check("{\"ho_ten\":\"Lan\",\"so_ban\":2}", 1,
	    NULL), "ok");
	assert_string_equal(check("{\"ho_ten\":\"Lan\",\"so_ban\":\"3\","
	    "\"ngay_sinh\":\"12/05/1990\",\"gioi_tinh\":\"Nữ\","
	    "\"dien_thoai\":\"0912345678\",\"cccd\":\"019090001234\"}", 1,
	    NULL), "ok");
	assert_string_equal(check("{\"ho_ten\":\"Lan\"}", 1, &field),
	    "required");
	assert_string_equal(field, "so_ban");
	/* A draft may be partial. */
	assert_string_equal(check("{\"ho_ten\":\"Lan\"}", 0, NULL), "ok");
	assert_string_equal(check("{\"ho_ten\":\"Lan\",\"so_ban\":9}", 1,
	    &field), "out_of_range");
	assert_string_equal(check("{\"ho_ten\":\"Lan\",\"so_ban\":\"hai\"}",
	    1, NULL), "invalid_value");
	assert_string_equal(check("{\"ho_ten\":\"Nguyễn Thị Phương Lan\","
	    "\"so_ban\":1}", 1, &field), "invalid_length");
	assert_string_equal(check("{\"ho_ten\":\"Lan\",\"so_ban\":1,"
	    "\"ngay_sinh\":\"2030-01-01\"}", 1, &field), "invalid_date");
	assert_string_equal(check("{\"ho_ten\":\"Lan\",\"so_ban\":1,"
	    "\"gioi_tinh\":\"Khác\"}", 1, &field), "invalid_value");
	assert_string_equal(field, "gioi_tinh");
	assert_string_equal(check("{\"ho_ten\":\"Lan\",\"so_ban\":1,"
	    "\"dien_thoai\":\"12345\"}", 1, NULL), "invalid_value");
	assert_string_equal(check("{\"ho_ten\":\"Lan\",\"so_ban\":1,"
	    "\"cccd\":\"0190900012\"}", 1, NULL), "invalid_value");
	assert_string_equal(check("{\"ho_ten\":\"Lan\",\"so_ban\":1,"
	    "\"la\":\"x\"}", 1, &field), "unknown_field");
	/* File fields take files, not values. */
	assert_string_equal(check("{\"don\":\"x\"}", 0, NULL),
	    "unknown_field");
	assert_string_equal(check("{\"ho_ten\":[1]}", 0, NULL),
	    "invalid_value");
}

static void
a_procedure_reads_from_json_as_imported(void **state)
{
	struct arena a = ARENA_INIT;
	struct svc_procedure p;
	struct svc_err e = { 0 };
	json_error_t jerr;
	json_t *o;

	(void)state;
	o = json_loads("{\"code\":\"2.000815\",\"name\":\"Chứng thực bản"
	    " sao\",\"field\":\"Chứng thực\",\"level\":\"Cấp xã\",\"agency\":"
	    "\"UBND cấp xã\",\"mode\":\"một phần\",\"days\":\"0\",\"fee\":"
	    "\"2000\",\"components\":\"[{\\\"name\\\":\\\"Bản chính\\\"}]\","
	    "\"form\":[{\"name\":\"so_ban\",\"label\":\"Số bản\",\"type\":"
	    "\"number\"}]}", 0, &jerr);
	assert_non_null(o);
	assert_int_equal(svc_procedure_from_json(&a, o, &p, &e), 0);
	assert_string_equal(p.code, "2.000815");
	assert_int_equal(p.level, SVC_LEVEL_COMMUNE);
	assert_int_equal(p.mode, SVC_MODE_PARTIAL);
	assert_int_equal(p.fee, 2000);
	assert_int_equal(p.days, 0);
	assert_non_null(strstr(p.components, "Bản chính"));
	assert_non_null(strstr(p.form, "so_ban"));
	json_object_set_new(o, "code", json_string("2.000815'; DROP"));
	assert_int_equal(svc_procedure_from_json(&a, o, &p, &e), -1);
	assert_string_equal(e.field, "code");
	json_object_set_new(o, "code", json_string("2.000815"));
	json_object_set_new(o, "days", json_integer(400));
	assert_int_equal(svc_procedure_from_json(&a, o, &p, &e), -1);
	assert_string_equal(e.field, "days");
	json_object_set_new(o, "days", json_integer(5));
	json_object_set_new(o, "components", json_string("[{\"originals\":1}]"));
	assert_int_equal(svc_procedure_from_json(&a, o, &p, &e), -1);
	assert_string_equal(e.field, "components");
	json_decref(o);
	arena_release(&a);
}

static void
e_mail_addresses_are_checked(void **state)
{
	(void)state;
	assert_true(svc_email_valid("lan.nguyen@example.vn"));
	assert_false(svc_email_valid("lan@"));
	assert_false(svc_email_valid("lan@example"));
	assert_false(svc_email_valid("lan @example.vn"));
	assert_false(svc_email_valid("a@b.vn\r\nBcc: x@y.vn"));
	assert_false(svc_email_valid("<a@b.vn>"));
}

static void
the_demo_catalogue_has_more_than_a_hundred_procedures(void **state)
{
	(void)state;
	assert_true(svc_demo_count() >= 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(code_is_agency_date_and_four_digit_sequence),
		cmocka_unit_test(code_refuses_sequences_out_of_range),
		cmocka_unit_test(code_shape_is_checked_before_any_lookup),
		cmocka_unit_test(steps_follow_the_one_stop_lifecycle),
		cmocka_unit_test(a_supplement_is_asked_for_once),
		cmocka_unit_test(an_apology_is_for_open_dossiers_only),
		cmocka_unit_test(names_and_labels_round_trip),
		cmocka_unit_test(appointment_counts_working_days_from_receipt),
		cmocka_unit_test(appointment_after_the_cut_off_counts_from_the_next_working_day),
		cmocka_unit_test(appointment_skips_holidays_and_their_compensation_days),
		cmocka_unit_test(cut_off_hours_parse_as_minutes),
		cmocka_unit_test(lateness_is_against_the_first_appointment),
		cmocka_unit_test(money_is_written_the_vietnamese_way),
		cmocka_unit_test(a_form_definition_parses_with_its_checks),
		cmocka_unit_test(bad_form_definitions_are_refused_with_a_reason),
		cmocka_unit_test(values_are_checked_against_the_form),
		cmocka_unit_test(a_procedure_reads_from_json_as_imported),
		cmocka_unit_test(e_mail_addresses_are_checked),
		cmocka_unit_test(the_demo_catalogue_has_more_than_a_hundred_procedures),
	};

	return cmocka_run_group_tests_name("svc-rules", tests, NULL, NULL);
}
