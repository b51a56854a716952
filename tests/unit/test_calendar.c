/*
 * test_calendar.c - the lunar calendar, the holiday rules of Điều 112 and
 * working-day arithmetic (lunar.c, calendar.c; no database).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/calendar.h"
#include "core/lunar.h"

static int
iso(const char *s)
{
	int day = 0;

	assert_int_equal(calendar_parse_iso(s, &day), 0);
	return day;
}

/* The solar date of lunar d/m of `year` (ordinary month), as ISO. */
static void
assert_lunar_is(int year, int month, int day, const char *want)
{
	struct lunar_date ld = { day, month, year, 0 };
	char got[11];
	int y, m, d;

	assert_int_equal(lunar_to_solar(&ld, &y, &m, &d), 0);
	assert_string_equal(calendar_format_iso(calendar_from_civil(y, m, d),
	    got), want);
}

/* The rule day `day` of its year, or NULL. */
static const struct calendar_day *
rule_day(struct calendar_list *l, const char *day)
{
	int d = iso(day);

	calendar_list_init(l);
	assert_int_equal(calendar_rule_days(calendar_year(d), l), 0);
	return calendar_list_find(l, d);
}

static void
test_tet_binh_ngo_2026_begins_2026_02_17(void **state)
{
	(void)state;
	assert_lunar_is(2026, 1, 1, "2026-02-17");
}

static void
test_tet_of_several_years(void **state)
{
	static const struct { int year; const char *day; } tet[] = {
		{ 2020, "2020-01-25" }, { 2023, "2023-01-22" },
		{ 2024, "2024-02-10" }, { 2025, "2025-01-29" },
		{ 2027, "2027-02-06" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(tet) / sizeof(tet[0]); i++)
		assert_lunar_is(tet[i].year, 1, 1, tet[i].day);
}

static void
test_tet_2007_is_a_day_before_china(void **state)
{
	(void)state;
	assert_lunar_is(2007, 1, 1, "2007-02-17");
}

static void
test_tet_1985_is_a_month_before_china(void **state)
{
	(void)state;
	assert_lunar_is(1985, 1, 1, "1985-01-21");
}

static void
test_solar_to_lunar_gives_tet_2026(void **state)
{
	struct lunar_date ld;

	(void)state;
	assert_int_equal(lunar_from_solar(2026, 2, 17, &ld), 0);
	assert_int_equal(ld.day, 1);
	assert_int_equal(ld.month, 1);
	assert_int_equal(ld.year, 2026);
	assert_int_equal(ld.leap, 0);
}

static void
test_last_day_of_lunar_year_is_the_eve_of_tet(void **state)
{
	struct lunar_date ld;

	(void)state;
	assert_int_equal(lunar_from_solar(2026, 2, 16, &ld), 0);
	assert_int_equal(ld.month, 12);
	assert_int_equal(ld.year, 2025);
	assert_int_equal(ld.day, lunar_month_days(2025, 12, 0));
}

static void
test_2023_has_leap_month_2(void **state)
{
	(void)state;
	assert_int_equal(lunar_leap_month(2023), 2);
}

static void
test_2025_has_leap_month_6(void **state)
{
	(void)state;
	assert_int_equal(lunar_leap_month(2025), 6);
}

static void
test_2026_has_no_leap_month(void **state)
{
	(void)state;
	assert_int_equal(lunar_leap_month(2026), 0);
}

static void
test_leap_month_follows_the_ordinary_month(void **state)
{
	struct lunar_date ld = { 1, 2, 2023, 1 };
	struct lunar_date back;
	int y, m, d;

	(void)state;
	assert_int_equal(lunar_to_solar(&ld, &y, &m, &d), 0);
	assert_int_equal(calendar_from_civil(y, m, d),
	    iso("2023-03-22"));
	assert_int_equal(lunar_from_solar(y, m, d, &back), 0);
	assert_int_equal(back.month, 2);
	assert_int_equal(back.leap, 1);
}

static void
test_leap_flag_on_a_month_that_is_not_leap_is_refused(void **state)
{
	struct lunar_date ld = { 1, 3, 2023, 1 };
	int y, m, d;

	(void)state;
	assert_int_equal(lunar_to_solar(&ld, &y, &m, &d), -1);
}

static void
test_day_30_of_a_29_day_month_is_refused(void **state)
{
	struct lunar_date ld = { 30, 2, 2026, 0 };
	int y, m, d;

	(void)state;
	assert_int_equal(lunar_month_days(2026, 2, 0), 29);
	assert_int_equal(lunar_to_solar(&ld, &y, &m, &d), -1);
}

static void
test_solar_lunar_round_trip_over_the_range(void **state)
{
	struct lunar_date ld;
	int day, y, m, d, y2, m2, d2;

	(void)state;
	for (day = iso("1900-01-31"); day <= iso("2199-12-31"); day += 97) {
		calendar_to_civil(day, &y, &m, &d);
		assert_int_equal(lunar_from_solar(y, m, d, &ld), 0);
		assert_int_equal(lunar_to_solar(&ld, &y2, &m2, &d2), 0);
		assert_int_equal(calendar_from_civil(y2, m2, d2), day);
	}
}

static void
test_hung_kings_day_2026_is_sunday_april_26(void **state)
{
	struct calendar_list l;
	const struct calendar_day *e;

	(void)state;
	assert_lunar_is(2026, 3, 10, "2026-04-26");
	assert_int_equal(calendar_weekday(iso("2026-04-26")), 0);
	e = rule_day(&l, "2026-04-26");
	assert_non_null(e);
	assert_string_equal(e->name, "Giỗ Tổ Hùng Vương");
	calendar_list_release(&l);
}

static void
test_hung_kings_day_2026_is_compensated_on_april_27(void **state)
{
	struct calendar_list l;
	const struct calendar_day *e;

	(void)state;
	e = rule_day(&l, "2026-04-27");
	assert_non_null(e);
	assert_int_equal(e->kind, CALENDAR_OFF);
	assert_string_equal(e->name, "Nghỉ bù Giỗ Tổ Hùng Vương");
	calendar_list_release(&l);
}

static void
test_tet_holiday_is_eve_and_first_four_days(void **state)
{
	struct calendar_list l;
	const char *days[] = { "2026-02-16", "2026-02-17", "2026-02-18",
	    "2026-02-19", "2026-02-20" };
	const struct calendar_day *e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		e = rule_day(&l, days[i]);
		assert_non_null(e);
		assert_string_equal(e->name, "Tết Nguyên đán");
		calendar_list_release(&l);
	}
	assert_null(rule_day(&l, "2026-02-21"));	/* a Saturday */
	calendar_list_release(&l);
}

static void
test_tet_days_on_a_weekend_are_compensated_after_tet(void **state)
{
	struct calendar_list l;
	const struct calendar_day *e;

	(void)state;
	/* Tết 2024: Friday 9/2 to Tuesday 13/2; Saturday and Sunday owed. */
	e = rule_day(&l, "2024-02-14");
	assert_non_null(e);
	assert_string_equal(e->name, "Nghỉ bù Tết Nguyên đán");
	calendar_list_release(&l);
	assert_non_null(rule_day(&l, "2024-02-15"));
	calendar_list_release(&l);
	assert_null(rule_day(&l, "2024-02-16"));
	calendar_list_release(&l);
}

static void
test_2026_has_twelve_rule_days_off(void **state)
{
	struct calendar_list l;

	(void)state;
	calendar_list_init(&l);
	assert_int_equal(calendar_rule_days(2026, &l), 0);
	/* 1/1, five of Tết, 26/4 and its compensation, 30/4, 1/5, 2-3/9 */
	assert_int_equal(l.n, 12);
	calendar_list_release(&l);
}

static void
test_national_day_on_tuesday_adds_monday_sept_1(void **state)
{
	struct calendar_list l;
	const struct calendar_day *e;

	(void)state;
	e = rule_day(&l, "2025-09-01");
	assert_non_null(e);
	assert_string_equal(e->name, "Quốc khánh");
	calendar_list_release(&l);
	assert_null(rule_day(&l, "2025-09-03"));
	calendar_list_release(&l);
}

static void
test_national_day_on_monday_adds_tuesday_sept_3(void **state)
{
	struct calendar_list l;

	(void)state;
	assert_non_null(rule_day(&l, "2024-09-03"));
	calendar_list_release(&l);
	assert_null(rule_day(&l, "2024-09-01"));
	calendar_list_release(&l);
}

static void
test_rule_days_refuse_a_year_out_of_range(void **state)
{
	struct calendar_list l;

	(void)state;
	calendar_list_init(&l);
	assert_int_equal(calendar_rule_days(1899, &l), -1);
	assert_int_equal(calendar_rule_days(2200, &l), -1);
	calendar_list_release(&l);
}

static void
test_due_5_working_days_from_2026_02_12_across_tet(void **state)
{
	struct calendar_list l;
	char out[11];
	int due;

	(void)state;
	calendar_list_init(&l);
	assert_int_equal(calendar_rule_days(2026, &l), 0);
	assert_int_equal(calendar_due(&l, iso("2026-02-12"), 5, &due), 0);
	assert_string_equal(calendar_format_iso(due, out), "2026-02-26");
	calendar_list_release(&l);
}

static void
test_due_of_zero_days_is_the_start(void **state)
{
	int due;

	(void)state;
	assert_int_equal(calendar_due(NULL, iso("2026-02-14"), 0, &due), 0);
	assert_int_equal(due, iso("2026-02-14"));
}

static void
test_due_does_not_count_the_start_day(void **state)
{
	int due;

	(void)state;
	/* Friday + 1 working day = Monday. */
	assert_int_equal(calendar_due(NULL, iso("2026-03-06"), 1, &due), 0);
	assert_int_equal(due, iso("2026-03-09"));
}

static void
test_due_refuses_negative_and_too_many_days(void **state)
{
	int due;

	(void)state;
	assert_int_equal(calendar_due(NULL, iso("2026-01-05"), -1, &due), -1);
	assert_int_equal(calendar_due(NULL, iso("2026-01-05"),
	    CALENDAR_DUE_MAX + 1, &due), -1);
	assert_int_equal(calendar_due(NULL, iso("2026-01-05"),
	    CALENDAR_DUE_MAX, &due), 0);
}

static void
test_override_work_saturday_is_a_working_day(void **state)
{
	struct calendar_list l;
	int sat = iso("2026-01-10");

	(void)state;
	calendar_list_init(&l);
	assert_int_equal(calendar_is_working_day(&l, sat), 0);
	assert_int_equal(calendar_list_put(&l, sat, CALENDAR_WORK,
	    "Làm bù"), 0);
	assert_int_equal(calendar_is_working_day(&l, sat), 1);
	calendar_list_release(&l);
}

static void
test_override_work_saturday_shortens_a_due_date(void **state)
{
	struct calendar_list l;
	int due;

	(void)state;
	calendar_list_init(&l);
	assert_int_equal(calendar_list_put(&l, iso("2026-01-10"),
	    CALENDAR_WORK, "Làm bù"), 0);
	assert_int_equal(calendar_due(&l, iso("2026-01-09"), 1, &due), 0);
	assert_int_equal(due, iso("2026-01-10"));
	calendar_list_release(&l);
}

static void
test_override_off_weekday_is_not_a_working_day(void **state)
{
	struct calendar_list l;
	int mon = iso("2026-01-12");

	(void)state;
	calendar_list_init(&l);
	assert_int_equal(calendar_list_put(&l, mon, CALENDAR_OFF, "Nghỉ"), 0);
	assert_int_equal(calendar_is_working_day(&l, mon), 0);
	calendar_list_release(&l);
}

static void
test_list_put_replaces_the_same_day(void **state)
{
	struct calendar_list l;
	int d = iso("2026-02-16");

	(void)state;
	calendar_list_init(&l);
	assert_int_equal(calendar_list_put(&l, d, CALENDAR_OFF, "a"), 0);
	assert_int_equal(calendar_list_put(&l, d, CALENDAR_WORK, "b"), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(calendar_list_find(&l, d)->kind, CALENDAR_WORK);
	assert_string_equal(calendar_list_find(&l, d)->name, "b");
	calendar_list_release(&l);
}

static void
test_list_put_cuts_a_long_name_at_a_character(void **state)
{
	struct calendar_list l;
	char name[CALENDAR_NAME_MAX + 10];
	size_t i;

	(void)state;
	/* "ệ" is three bytes; 255 is not a multiple of 3 plus the 'x'. */
	name[0] = 'x';
	for (i = 1; i + 3 < sizeof(name); i += 3)
		memcpy(name + i, "\xe1\xbb\x87", 3);
	name[i] = '\0';
	calendar_list_init(&l);
	assert_int_equal(calendar_list_put(&l, 0, CALENDAR_OFF, name), 0);
	assert_true(strlen(l.days[0].name) < CALENDAR_NAME_MAX);
	assert_int_equal((strlen(l.days[0].name) - 1) % 3, 0);
	calendar_list_release(&l);
}

static void
test_iso_accepts_a_real_date(void **state)
{
	char out[11];
	int day;

	(void)state;
	assert_int_equal(calendar_parse_iso("2024-02-29", &day), 0);
	assert_string_equal(calendar_format_iso(day, out), "2024-02-29");
}

static void
test_iso_rejects_february_30(void **state)
{
	int day;

	(void)state;
	assert_int_equal(calendar_parse_iso("2026-02-30", &day), -1);
}

static void
test_iso_rejects_month_13(void **state)
{
	int day;

	(void)state;
	assert_int_equal(calendar_parse_iso("2026-13-01", &day), -1);
}

static void
test_iso_rejects_february_29_of_a_common_year(void **state)
{
	int day;

	(void)state;
	assert_int_equal(calendar_parse_iso("2026-02-29", &day), -1);
}

static void
test_iso_rejects_malformed_text(void **state)
{
	static const char *bad[] = { "", "2026-1-01", "2026-01-1",
	    "2026/01/01", "2026-01-01 ", " 2026-01-01", "2026-01-01x",
	    "+026-01-01", "2026-0a-01", "2026-00-10", "2026-01-00",
	    "1899-12-31", "2200-01-01" };
	size_t i;
	int day;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(calendar_parse_iso(bad[i], &day), -1);
	assert_int_equal(calendar_parse_iso(NULL, &day), -1);
}

static void
test_vn_format_is_day_month_year(void **state)
{
	char out[11];

	(void)state;
	assert_string_equal(calendar_format_vn(iso("2026-04-05"), out),
	    "05/04/2026");
}

/* The ISO text of a column turned round for pages; anything else kept. */
static void
test_iso_text_shown_as_day_month_year(void **state)
{
	struct arena a = ARENA_INIT;

	(void)state;
	assert_string_equal(calendar_iso_vn(&a, "2026-04-05"), "05/04/2026");
	assert_string_equal(calendar_iso_vn(&a, "2026-4-5"), "2026-4-5");
	assert_string_equal(calendar_iso_vn(&a, "05/04/2026"), "05/04/2026");
	assert_string_equal(calendar_iso_vn(&a, ""), "");
	assert_string_equal(calendar_iso_vn(&a, NULL), "");
	arena_release(&a);
}

static void
test_vn_parse_accepts_short_day_and_month(void **state)
{
	int day;

	(void)state;
	assert_int_equal(calendar_parse_vn("5/4/2026", &day), 0);
	assert_int_equal(day, iso("2026-04-05"));
}

static void
test_vn_parse_rejects_bad_dates(void **state)
{
	static const char *bad[] = { "30/02/2026", "05/04/26", "5/4/2026 ",
	    "005/4/2026", "5-4-2026", "/4/2026", "5/13/2026" };
	size_t i;
	int day;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(calendar_parse_vn(bad[i], &day), -1);
}

static void
test_weekday_of_known_dates(void **state)
{
	(void)state;
	assert_int_equal(calendar_weekday(iso("1970-01-01")), 4);
	assert_int_equal(calendar_weekday(iso("1969-12-28")), 0);
	assert_int_equal(calendar_weekday(iso("2026-02-17")), 2);
	assert_int_equal(calendar_weekday(iso("1900-01-01")), 1);
}

/* Weekdays counted back skip Saturdays and Sundays (2026-11-23 is a
 * Monday). */
static void
test_weekdays_back(void **state)
{
	(void)state;
	assert_int_equal(calendar_weekdays_back(iso("2026-11-25"), 0),
	    iso("2026-11-25"));
	assert_int_equal(calendar_weekdays_back(iso("2026-11-25"), 2),
	    iso("2026-11-23"));
	assert_int_equal(calendar_weekdays_back(iso("2026-11-23"), 1),
	    iso("2026-11-20"));
	assert_int_equal(calendar_weekdays_back(iso("2026-11-22"), 0),
	    iso("2026-11-20"));
	assert_int_equal(calendar_weekdays_back(iso("2026-11-25"), 10),
	    iso("2026-11-11"));
}

static void
test_kind_names_round_trip(void **state)
{
	(void)state;
	assert_int_equal(calendar_kind_parse("off"), CALENDAR_OFF);
	assert_int_equal(calendar_kind_parse("work"), CALENDAR_WORK);
	assert_int_equal(calendar_kind_parse("nghỉ"), -1);
	assert_string_equal(calendar_kind_name(CALENDAR_WORK), "work");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tet_binh_ngo_2026_begins_2026_02_17),
		cmocka_unit_test(test_tet_of_several_years),
		cmocka_unit_test(test_tet_2007_is_a_day_before_china),
		cmocka_unit_test(test_tet_1985_is_a_month_before_china),
		cmocka_unit_test(test_solar_to_lunar_gives_tet_2026),
		cmocka_unit_test(test_last_day_of_lunar_year_is_the_eve_of_tet),
		cmocka_unit_test(test_2023_has_leap_month_2),
		cmocka_unit_test(test_2025_has_leap_month_6),
		cmocka_unit_test(test_2026_has_no_leap_month),
		cmocka_unit_test(test_leap_month_follows_the_ordinary_month),
		cmocka_unit_test(
		    test_leap_flag_on_a_month_that_is_not_leap_is_refused),
		cmocka_unit_test(test_day_30_of_a_29_day_month_is_refused),
		cmocka_unit_test(test_solar_lunar_round_trip_over_the_range),
		cmocka_unit_test(test_hung_kings_day_2026_is_sunday_april_26),
		cmocka_unit_test(
		    test_hung_kings_day_2026_is_compensated_on_april_27),
		cmocka_unit_test(test_tet_holiday_is_eve_and_first_four_days),
		cmocka_unit_test(
		    test_tet_days_on_a_weekend_are_compensated_after_tet),
		cmocka_unit_test(test_2026_has_twelve_rule_days_off),
		cmocka_unit_test(
		    test_national_day_on_tuesday_adds_monday_sept_1),
		cmocka_unit_test(
		    test_national_day_on_monday_adds_tuesday_sept_3),
		cmocka_unit_test(test_rule_days_refuse_a_year_out_of_range),
		cmocka_unit_test(
		    test_due_5_working_days_from_2026_02_12_across_tet),
		cmocka_unit_test(test_due_of_zero_days_is_the_start),
		cmocka_unit_test(test_due_does_not_count_the_start_day),
		cmocka_unit_test(test_due_refuses_negative_and_too_many_days),
		cmocka_unit_test(test_override_work_saturday_is_a_working_day),
		cmocka_unit_test(
		    test_override_work_saturday_shortens_a_due_date),
		cmocka_unit_test(
		    test_override_off_weekday_is_not_a_working_day),
		cmocka_unit_test(test_list_put_replaces_the_same_day),
		cmocka_unit_test(
		    test_list_put_cuts_a_long_name_at_a_character),
		cmocka_unit_test(test_iso_accepts_a_real_date),
		cmocka_unit_test(test_iso_rejects_february_30),
		cmocka_unit_test(test_iso_rejects_month_13),
		cmocka_unit_test(
		    test_iso_rejects_february_29_of_a_common_year),
		cmocka_unit_test(test_iso_rejects_malformed_text),
		cmocka_unit_test(test_vn_format_is_day_month_year),
		cmocka_unit_test(test_iso_text_shown_as_day_month_year),
		cmocka_unit_test(test_vn_parse_accepts_short_day_and_month),
		cmocka_unit_test(test_vn_parse_rejects_bad_dates),
		cmocka_unit_test(test_weekday_of_known_dates),
		cmocka_unit_test(test_weekdays_back),
		cmocka_unit_test(test_kind_names_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
