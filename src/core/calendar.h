/*
 * calendar.h - the working calendar of a state body working Monday to
 * Friday: dates, the days off set by the rules of Bộ luật Lao động 2019
 * Điều 112, working-day arithmetic, and (calendar_db.c) the per-year table
 * of days that differ from "Monday to Friday work".
 *
 * A date is an int: days since 1970-01-01 (negative before), in the
 * proleptic Gregorian calendar. Only years CALENDAR_YEAR_MIN..
 * CALENDAR_YEAR_MAX are accepted anywhere (the range of the lunar
 * computation).
 *
 * The rule-seeded days off of a year:
 *   - 1 January: Tết Dương lịch;
 *   - Tết Nguyên đán: the last day of the lunar year and lunar 1/1 to 4/1;
 *   - 10/3 lunar (the ordinary month 3): Giỗ Tổ Hùng Vương;
 *   - 30 April: Ngày Giải phóng miền Nam, thống nhất đất nước;
 *   - 1 May: Ngày Quốc tế Lao động;
 *   - 2 September and one adjacent day: Quốc khánh. The adjacent day is
 *     1 September when 2 September is a Tuesday, Friday or Saturday (so
 *     the break joins the weekend through a working day: Monday 1/9,
 *     Thursday 1/9, Friday 1/9), otherwise 3 September;
 *   - compensation: every holiday day that falls on a Saturday or Sunday,
 *     or on a day already taken by another holiday, gives one day off on
 *     the next working day after it not already off ("Nghỉ bù " and the
 *     holiday's name).
 * The Prime Minister's yearly decisions (longer Tết breaks, swapped days,
 * make-up Saturdays) are entered by hand as overrides.
 */
#ifndef CONGSO_CALENDAR_H
#define CONGSO_CALENDAR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define CALENDAR_YEAR_MIN	1900
#define CALENDAR_YEAR_MAX	2199
/* Longest name of a day, in bytes with the terminating NUL. */
#define CALENDAR_NAME_MAX	256
/* Largest N accepted by calendar_due() (about fourteen years). */
#define CALENDAR_DUE_MAX	3650

enum calendar_kind {
	CALENDAR_OFF,		/* a day off ('off') */
	CALENDAR_WORK,		/* a working day on a weekend ('work') */
	CALENDAR_KIND_MAX
};

/* One day that differs from the plain rule (or a rule day). */
struct calendar_day {
	int			day;
	enum calendar_kind	kind;
	char			name[CALENDAR_NAME_MAX];	/* UTF-8 */
};

/* Days kept sorted by `day`, at most one entry a day. After
 * calendar_list_init() `days` may be NULL while n == 0. */
struct calendar_list {
	struct calendar_day	*days;
	size_t			 n;
	size_t			 cap;
};

/* --- Dates ----------------------------------------------------------- */

/* 1 when y-m-d is a real date within the supported years, else 0. */
int	 calendar_valid(int y, int m, int d);
/* Days since the epoch of a valid y-m-d (not checked). */
int	 calendar_from_civil(int y, int m, int d);
void	 calendar_to_civil(int day, int *y, int *m, int *d);
/* The year of a date. */
int	 calendar_year(int day);
/* 0 = Sunday, 1 = Monday, ..., 6 = Saturday. */
int	 calendar_weekday(int day);
/* The weekday (Monday to Friday) `n` (>= 0) weekdays before `day`; for
 * 0, `day` itself or the weekday before it. Holidays are not skipped. */
int	 calendar_weekdays_back(int day, int n);
/* The instant `minute` minutes past local midnight of `day` (the
 * process's time zone: Vietnam's, set by main). */
time_t	 calendar_time_at(int day, int minute);
/* Parse exactly "YYYY-MM-DD" (ten characters, nothing more) into *day.
 * 0, or -1 when malformed, not a real date or outside the supported
 * years. */
int	 calendar_parse_iso(const char *s, int *day);
/* Parse "d/m/yyyy" or "dd/mm/yyyy", as users type dates. 0 or -1. */
int	 calendar_parse_vn(const char *s, int *day);
/* Write "YYYY-MM-DD" into out (11 bytes with the NUL); returns out. */
char	*calendar_format_iso(int day, char out[11]);
/* Write "dd/mm/yyyy" into out (11 bytes with the NUL); returns out. */
char	*calendar_format_vn(int day, char out[11]);
/* "dd/mm/yyyy" of the "YYYY-MM-DD" `iso`, in the arena, for pages and
 * files; any other string is returned as it is, NULL as "". */
struct arena;
const char *calendar_iso_vn(struct arena *a, const char *iso);
/* "off" / "work" as stored in the database, and back (-1 when unknown). */
const char *calendar_kind_name(enum calendar_kind kind);
int	 calendar_kind_parse(const char *s);
/* What a user reads: "nghỉ" / "làm bù". */
const char *calendar_kind_label(enum calendar_kind kind);

/* --- Lists of days --------------------------------------------------- */

void	 calendar_list_init(struct calendar_list *l);
/* Free the storage; the list is empty and usable again. */
void	 calendar_list_release(struct calendar_list *l);
/* Insert a day, replacing any entry for the same day; `name` is cut to
 * CALENDAR_NAME_MAX - 1 bytes (at a UTF-8 boundary). 0 or -1 (memory). */
int	 calendar_list_put(struct calendar_list *l, int day,
	    enum calendar_kind kind, const char *name);
/* The entry for `day`, or NULL. The pointer is valid until the list
 * changes. */
const struct calendar_day *calendar_list_find(const struct calendar_list *l,
	    int day);

/* --- Rules ------------------------------------------------------------ */

/* Append the rule-seeded days off of `year` (holidays and compensation
 * days, all CALENDAR_OFF) to `out`. 0, or -1 when the year is outside the
 * supported range or memory runs out. */
int	 calendar_rule_days(int year, struct calendar_list *out);
/* 1 when `day` is a working day: its override if it has one, else Monday
 * to Friday. */
int	 calendar_is_working_day(const struct calendar_list *overrides,
	    int day);
/* The date `n` working days after `from` (`from` itself not counted;
 * n = 0 gives `from`) in *out. `overrides` must hold every year the count
 * passes through. 0, or -1 when n is outside 0..CALENDAR_DUE_MAX or the
 * result passes CALENDAR_YEAR_MAX. */
int	 calendar_due(const struct calendar_list *overrides, int from, int n,
	    int *out);

/* --- Storage (calendar_db.c) ----------------------------------------- */

struct db;

/* 1 when `name` may name a stored day: non-empty, valid UTF-8, shorter
 * than CALENDAR_NAME_MAX bytes, no control characters. */
int	 calendar_name_valid(const char *name);

/* Make sure `year` is seeded: when it has no calendar_years row, insert
 * its rule days into calendar_days (keeping days already there) and the
 * calendar_years row, audited as "calendar.seed" by "system", in one
 * transaction. Every function here that writes runs inside the caller's
 * transaction when one is open, else in its own. 0 or -1 (logged). */
int	 calendar_db_seed(struct db *db, int year);
/* Seed `year` if needed, then add its stored days to `out`. 0 or -1. */
int	 calendar_db_load_year(struct db *db, int year,
	    struct calendar_list *out);
/* Seed the day's year if needed, then store (insert or replace) the day,
 * audited as "calendar.set" by the given actor. -1 also when `name` fails
 * calendar_name_valid(). 0 or -1. */
int	 calendar_db_set(struct db *db, int day, enum calendar_kind kind,
	    const char *name, int64_t actor_id, const char *actor,
	    const char *ip);
/* Seed the day's year if needed, then remove the stored day (so the
 * plain Monday-to-Friday rule applies), audited as "calendar.unset".
 * 1 when a day was removed, 0 when there was none (nothing recorded),
 * -1 on error. */
int	 calendar_db_unset(struct db *db, int day, int64_t actor_id,
	    const char *actor, const char *ip);
/* calendar_due() against the stored calendar, seeding and loading every
 * year the count passes through. 0; -2 when n is outside
 * 0..CALENDAR_DUE_MAX or the date passes CALENDAR_YEAR_MAX; -1 on a
 * database error. */
int	 calendar_db_due(struct db *db, int from, int n, int *out);

/* --- Command line (calendar_cli.c) ----------------------------------- */

/* `congso calendar ...`; argv[0] is "calendar". Returns the exit status:
 * 0, 1 (database problem) or 2 (bad input). */
int	 calendar_cli(int argc, char **argv);
/* The help text of `congso calendar`, in Vietnamese. */
void	 calendar_cli_usage(FILE *fp);

#endif
