/*
 * lunar.h - the Vietnamese lunisolar calendar (âm lịch), computed from the
 * positions of the Sun and the Moon at Vietnam's time zone, UTC+7.
 *
 * The rules: a month begins on the civil day (UTC+7) of a new moon; month
 * 11 is the month holding the December solstice; when thirteen months run
 * from one month 11 to the next, the first of them without a major solar
 * term (the Sun entering a multiple of 30 degrees of longitude) is a leap
 * month and repeats the number of the month before it. New moons and solar
 * longitudes come from the series in Meeus, "Astronomical Algorithms"
 * (chapters 25 and 49), with Delta T from the Espenak-Meeus polynomials.
 *
 * Because the day boundary is UTC+7 and not UTC+8, the result differs from
 * the Chinese calendar in some years (Tết 1985 on 21 January, Tết 2007 on
 * 17 February).
 *
 * Checked against a full ephemeris (PyEphem) at UTC+7 for 1900-2199:
 * every month begins on the same day except lunar 6/1967, whose new moon
 * came 3 seconds after midnight (here 1967-07-07, there 1967-07-08).
 *
 * Supported: lunar years LUNAR_YEAR_MIN..LUNAR_YEAR_MAX, that is solar
 * dates from 1900-01-31 (lunar 1/1/1900) to the end of lunar year 2199.
 */
#ifndef CONGSO_LUNAR_H
#define CONGSO_LUNAR_H

#define LUNAR_YEAR_MIN	1900
#define LUNAR_YEAR_MAX	2199

/* A lunar date. `year` is the lunar year whose month 1 falls in the solar
 * year of the same number; `leap` is 1 for the repeated (leap) month. */
struct lunar_date {
	int	day;	/* 1..30 */
	int	month;	/* 1..12 */
	int	year;
	int	leap;	/* 0 or 1 */
};

/* Convert the solar (Gregorian) date y-m-d to a lunar date in `out`.
 * 0, or -1 when the date is invalid or outside the supported range. */
int	 lunar_from_solar(int y, int m, int d, struct lunar_date *out);
/* Convert a lunar date to the solar date *y-*m-*d. 0, or -1 when that
 * lunar date does not exist (day past the month's end, leap flag on a
 * month that is not leap that year) or is outside the supported range. */
int	 lunar_to_solar(const struct lunar_date *ld, int *y, int *m, int *d);
/* The number of the leap month of lunar year `year` (the leap month
 * follows the ordinary month of that number), 0 when the year has none,
 * -1 outside the supported range. */
int	 lunar_leap_month(int year);
/* Days in the given lunar month (29 or 30), -1 when there is no such
 * month. */
int	 lunar_month_days(int year, int month, int leap);

#endif
