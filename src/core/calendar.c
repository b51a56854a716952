/*
 * calendar.c - dates, the holiday rules and working-day arithmetic; see
 * calendar.h for the rules. No database here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "calendar.h"
#include "lunar.h"

#define EPOCH_JDN	2440588L	/* Julian day number of 1970-01-01 */

/* --- Dates ----------------------------------------------------------- */

static int
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int mdays[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap_year(y) ? 29 : mdays[m - 1];
}

int
calendar_valid(int y, int m, int d)
{
	if (y < CALENDAR_YEAR_MIN || y > CALENDAR_YEAR_MAX)
		return 0;
	if (m < 1 || m > 12 || d < 1)
		return 0;
	return d <= month_days(y, m);
}

int
calendar_from_civil(int y, int m, int d)
{
	long a, yy, mm, jdn;

	/* Count years from March so that the leap day ends a year. */
	a = (14 - m) / 12;
	yy = (long)y + 4800 - a;
	mm = m + 12 * a - 3;
	jdn = d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 +
	    yy / 400 - 32045;
	return (int)(jdn - EPOCH_JDN);
}

void
calendar_to_civil(int day, int *y, int *m, int *d)
{
	long a, b, c, e, f;

	a = day + EPOCH_JDN + 32044;
	b = (4 * a + 3) / 146097;	/* 400-year cycles */
	c = a - 146097 * b / 4;
	e = (4 * c + 3) / 1461;		/* 4-year cycles */
	f = c - 1461 * e / 4;		/* day of the March-based year */
	a = (5 * f + 2) / 153;		/* month from March */
	*d = (int)(f - (153 * a + 2) / 5 + 1);
	*m = (int)(a + 3 - 12 * (a / 10));
	*y = (int)(100 * b + e - 4800 + a / 10);
}

int
calendar_year(int day)
{
	int y, m, d;

	calendar_to_civil(day, &y, &m, &d);
	return y;
}

int
calendar_weekday(int day)
{
	/* 1970-01-01 was a Thursday. */
	return ((day % 7) + 7 + 4) % 7;
}

int
calendar_weekdays_back(int day, int n)
{
	while (n > 0 || calendar_weekday(day) == 0 ||
	    calendar_weekday(day) == 6) {
		day--;
		if (calendar_weekday(day) != 0 && calendar_weekday(day) != 6)
			n--;
	}
	return day;
}

time_t
calendar_time_at(int day, int minute)
{
	struct tm tm;
	int y, m, d;

	calendar_to_civil(day, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = minute / 60;
	tm.tm_min = minute % 60;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* Read exactly `n` digits from s. -1 when one is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
calendar_parse_iso(const char *s, int *day)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !calendar_valid(y, m, d))
		return -1;
	*day = calendar_from_civil(y, m, d);
	return 0;
}

/* Read one or two digits followed by `sep`; advance *sp past the sep. */
static int
short_field(const char **sp, char sep)
{
	const char *s = *sp;
	int n = 0;

	while (n < 2 && s[n] >= '0' && s[n] <= '9')
		n++;
	if (n == 0 || s[n] != sep)
		return -1;
	*sp = s + n + 1;
	return digits(s, n);
}

int
calendar_parse_vn(const char *s, int *day)
{
	int y, m, d;

	if (s == NULL)
		return -1;
	if ((d = short_field(&s, '/')) < 0 || (m = short_field(&s, '/')) < 0)
		return -1;
	if (strlen(s) != 4 || (y = digits(s, 4)) < 0 ||
	    !calendar_valid(y, m, d))
		return -1;
	*day = calendar_from_civil(y, m, d);
	return 0;
}

/* Write n digits of v (0 <= v < 10^n) at out. */
static void
put_digits(char *out, int v, int n)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

char *
calendar_format_iso(int day, char out[11])
{
	int y, m, d;

	calendar_to_civil(day, &y, &m, &d);
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
	return out;
}

const char *
calendar_iso_vn(struct arena *a, const char *iso)
{
	char *d;

	if (iso == NULL || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
		return iso ? iso : "";
	d = arena_alloc(a, 11);
	memcpy(d, iso + 8, 2);
	d[2] = '/';
	memcpy(d + 3, iso + 5, 2);
	d[5] = '/';
	memcpy(d + 6, iso, 4);
	d[10] = '\0';
	return d;
}

char *
calendar_format_vn(int day, char out[11])
{
	int y, m, d;

	calendar_to_civil(day, &y, &m, &d);
	put_digits(out, d, 2);
	out[2] = '/';
	put_digits(out + 3, m, 2);
	out[5] = '/';
	put_digits(out + 6, y, 4);
	out[10] = '\0';
	return out;
}

static const char *kind_names[CALENDAR_KIND_MAX] = { "off", "work" };

const char *
calendar_kind_name(enum calendar_kind kind)
{
	return kind < CALENDAR_KIND_MAX ? kind_names[kind] : "?";
}

const char *
calendar_kind_label(enum calendar_kind kind)
{
	return kind == CALENDAR_WORK ? "làm bù" : "nghỉ";
}

int
calendar_kind_parse(const char *s)
{
	int i;

	for (i = 0; i < CALENDAR_KIND_MAX; i++)
		if (s != NULL && strcmp(s, kind_names[i]) == 0)
			return i;
	return -1;
}

/* --- Lists of days --------------------------------------------------- */

void
calendar_list_init(struct calendar_list *l)
{
	l->days = NULL;
	l->n = 0;
	l->cap = 0;
}

void
calendar_list_release(struct calendar_list *l)
{
	free(l->days);
	calendar_list_init(l);
}

/* Index of the first entry whose day is >= `day`. */
static size_t
list_lower_bound(const struct calendar_list *l, int day)
{
	size_t lo = 0, hi = l->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
calendar_list_put(struct calendar_list *l, int day, enum calendar_kind kind,
    const char *name)
{
	struct calendar_day *e, *p;
	size_t i, len, cap;

	i = list_lower_bound(l, day);
	if (i == l->n || l->days[i].day != day) {
		if (l->n == l->cap) {
			cap = l->cap ? l->cap * 2 : 32;
			p = realloc(l->days, cap * sizeof(*p));
			if (p == NULL)
				return -1;
			l->days = p;
			l->cap = cap;
		}
		memmove(&l->days[i + 1], &l->days[i],
		    (l->n - i) * sizeof(l->days[0]));
		l->n++;
	}
	e = &l->days[i];
	e->day = day;
	e->kind = kind;
	len = strlen(name);
	if (len > CALENDAR_NAME_MAX - 1) {
		len = CALENDAR_NAME_MAX - 1;
		/* Do not split a UTF-8 sequence. */
		while (len > 0 && ((unsigned char)name[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	return 0;
}

const struct calendar_day *
calendar_list_find(const struct calendar_list *l, int day)
{
	size_t i;

	i = list_lower_bound(l, day);
	if (i < l->n && l->days[i].day == day)
		return &l->days[i];
	return NULL;
}

/* --- Rules ------------------------------------------------------------ */

#define NAME_NEW_YEAR	"Tết Dương lịch"
#define NAME_TET	"Tết Nguyên đán"
#define NAME_HUNG	"Giỗ Tổ Hùng Vương"
#define NAME_REUNION	"Ngày Giải phóng miền Nam, thống nhất đất nước"
#define NAME_LABOUR	"Ngày Quốc tế Lao động"
#define NAME_NATIONAL	"Quốc khánh"
#define COMPENSATION	"Nghỉ bù "

struct holiday {
	int		 day;
	const char	*name;
};

static int
is_weekend(int day)
{
	int w = calendar_weekday(day);

	return w == 0 || w == 6;
}

/* The solar day of a lunar date, or -1 when it does not exist. */
static int
lunar_day(int year, int month, int day, int *out)
{
	struct lunar_date ld = { day, month, year, 0 };
	int y, m, d;

	if (lunar_to_solar(&ld, &y, &m, &d) == -1)
		return -1;
	*out = calendar_from_civil(y, m, d);
	return 0;
}

/* The holidays of `year` in the order of Điều 112 (Tết days in date
 * order). Returns their number, or -1. */
static int
year_holidays(int year, struct holiday h[12])
{
	int n = 0, tet, hung, sep2, i;

	if (lunar_day(year, 1, 1, &tet) == -1 ||
	    lunar_day(year, 3, 10, &hung) == -1)
		return -1;
	h[n++] = (struct holiday){ calendar_from_civil(year, 1, 1),
	    NAME_NEW_YEAR };
	for (i = -1; i <= 3; i++)	/* last day of the year, 1/1..4/1 */
		h[n++] = (struct holiday){ tet + i, NAME_TET };
	h[n++] = (struct holiday){ hung, NAME_HUNG };
	h[n++] = (struct holiday){ calendar_from_civil(year, 4, 30),
	    NAME_REUNION };
	h[n++] = (struct holiday){ calendar_from_civil(year, 5, 1),
	    NAME_LABOUR };
	sep2 = calendar_from_civil(year, 9, 2);
	switch (calendar_weekday(sep2)) {
	case 2:		/* Tuesday: Monday 1/9 joins the weekend */
	case 5:		/* Friday: Thursday 1/9 makes Thursday-Sunday */
	case 6:		/* Saturday: Friday 1/9 starts the weekend */
		h[n++] = (struct holiday){ sep2 - 1, NAME_NATIONAL };
		h[n++] = (struct holiday){ sep2, NAME_NATIONAL };
		break;
	default:	/* Monday, Thursday, Sunday join; Wednesday: none */
		h[n++] = (struct holiday){ sep2, NAME_NATIONAL };
		h[n++] = (struct holiday){ sep2 + 1, NAME_NATIONAL };
		break;
	}
	return n;
}

int
calendar_rule_days(int year, struct calendar_list *out)
{
	struct holiday h[12];
	struct calendar_list days;
	char name[CALENDAR_NAME_MAX];
	int n, i, j, k, d, order[12], owed[12];
	size_t e;

	if (year < CALENDAR_YEAR_MIN || year > CALENDAR_YEAR_MAX)
		return -1;
	if ((n = year_holidays(year, h)) == -1)
		return -1;
	/* Visit the holidays in date order, the law's order on a tie. */
	for (i = 0; i < n; i++) {
		for (j = i; j > 0 && h[order[j - 1]].day > h[i].day; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	calendar_list_init(&days);
	/* The holidays first; one that falls on a weekend or on a day
	 * another holiday already took is owed a day. */
	for (j = 0; j < n; j++) {
		i = order[j];
		owed[i] = is_weekend(h[i].day);
		if (calendar_list_find(&days, h[i].day) != NULL)
			owed[i] = 1;
		else if (calendar_list_put(&days, h[i].day, CALENDAR_OFF,
		    h[i].name) == -1)
			goto fail;
	}
	/* Then each owed day on the next working day not yet off. */
	for (j = 0; j < n; j++) {
		i = order[j];
		if (!owed[i])
			continue;
		for (d = h[i].day + 1; is_weekend(d) ||
		    calendar_list_find(&days, d) != NULL; d++)
			;
		k = snprintf(name, sizeof(name), "%s%s", COMPENSATION,
		    h[i].name);
		if (k < 0 || calendar_list_put(&days, d, CALENDAR_OFF,
		    name) == -1)
			goto fail;
	}
	for (e = 0; e < days.n; e++)
		if (calendar_list_put(out, days.days[e].day, days.days[e].kind,
		    days.days[e].name) == -1)
			goto fail;
	calendar_list_release(&days);
	return 0;
fail:
	calendar_list_release(&days);
	return -1;
}

int
calendar_is_working_day(const struct calendar_list *overrides, int day)
{
	const struct calendar_day *o;

	if (overrides != NULL && (o = calendar_list_find(overrides, day)))
		return o->kind == CALENDAR_WORK;
	return !is_weekend(day);
}

int
calendar_due(const struct calendar_list *overrides, int from, int n,
    int *out)
{
	int day = from, last;

	if (n < 0 || n > CALENDAR_DUE_MAX)
		return -1;
	last = calendar_from_civil(CALENDAR_YEAR_MAX, 12, 31);
	while (n > 0) {
		if (++day > last)
			return -1;
		if (calendar_is_working_day(overrides, day))
			n--;
	}
	*out = day;
	return 0;
}
