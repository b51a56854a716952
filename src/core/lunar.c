/*
 * lunar.c - the Vietnamese lunisolar calendar; see lunar.h for the rules.
 *
 * Days are counted as Julian day numbers (JDN: the integer day, noon to
 * noon in astronomy, here simply a civil day of the proleptic Gregorian
 * calendar). Instants are Julian dates (JD, fractional, UT unless named
 * TT). A lunar "cycle" is the run of months from one month 11 to the next;
 * months inside it are counted by their index from that month 11.
 */
#include <math.h>
#include <stddef.h>

#include "lunar.h"

#define TZ_DAYS		(7.0 / 24.0)	/* UTC+7 */
#define J2000		2451545.0
#define SYNODIC		29.530588861
#define NEWMOON_K0	2451550.09766	/* JDE of new moon k = 0 (2000-01-06) */

/* Civil (proleptic Gregorian) date to Julian day number. */
static long
jdn_from_civil(int y, int m, int d)
{
	long a, yy, mm;

	a = (14 - m) / 12;
	yy = (long)y + 4800 - a;
	mm = m + 12 * a - 3;
	return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 +
	    yy / 400 - 32045;
}

static void
civil_from_jdn(long jdn, int *y, int *m, int *d)
{
	long a, b, c, e, f;

	a = jdn + 32044;
	b = (4 * a + 3) / 146097;
	c = a - 146097 * b / 4;
	e = (4 * c + 3) / 1461;
	f = c - 1461 * e / 4;
	a = (5 * f + 2) / 153;	/* month counted from March */
	*d = (int)(f - (153 * a + 2) / 5 + 1);
	*m = (int)(a + 3 - 12 * (a / 10));
	*y = (int)(100 * b + e - 4800 + a / 10);
}

static int
civil_valid(int y, int m, int d)
{
	static const int mdays[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int n;

	if (m < 1 || m > 12 || d < 1)
		return 0;
	n = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		n = 29;
	return d <= n;
}

static double
rad(double deg)
{
	return deg * (M_PI / 180.0);
}

/* Delta T = TT - UT in seconds at decimal year `y` (Espenak-Meeus
 * polynomials; years before 1900 use the 1900 value, which is far more
 * precise than this calendar needs). */
static double
delta_t(double y)
{
	double t, u;

	if (y < 1900)
		y = 1900;
	if (y < 1920) {
		t = y - 1900;
		return -2.79 + 1.494119 * t - 0.0598939 * t * t +
		    0.0061966 * t * t * t - 0.000197 * t * t * t * t;
	}
	if (y < 1941) {
		t = y - 1920;
		return 21.20 + 0.84493 * t - 0.076100 * t * t +
		    0.0020936 * t * t * t;
	}
	if (y < 1961) {
		t = y - 1950;
		return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
	}
	if (y < 1986) {
		t = y - 1975;
		return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
	}
	if (y < 2005) {
		t = y - 2000;
		return 63.86 + 0.3345 * t - 0.060374 * t * t +
		    0.0017275 * t * t * t + 0.000651814 * t * t * t * t +
		    0.00002373599 * t * t * t * t * t;
	}
	if (y < 2050) {
		t = y - 2000;
		return 62.92 + 0.32217 * t + 0.005589 * t * t;
	}
	u = (y - 1820) / 100;
	if (y < 2150)
		return -20 + 32 * u * u - 0.5628 * (2150 - y);
	return -20 + 32 * u * u;
}

static double
tt_minus_ut_days(double jd)
{
	return delta_t(2000.0 + (jd - J2000) / 365.25) / 86400.0;
}

/* Apparent geocentric longitude of the Sun in degrees [0, 360) at the
 * instant `jd` (UT); Meeus chapter 25, about 0.01 degree. */
static double
sun_longitude(double jd)
{
	double t, l0, m, c, omega, lon;

	t = (jd + tt_minus_ut_days(jd) - J2000) / 36525.0;
	l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
	m = rad(357.52911 + 35999.05029 * t - 0.0001537 * t * t);
	c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(m) +
	    (0.019993 - 0.000101 * t) * sin(2 * m) + 0.000289 * sin(3 * m);
	omega = rad(125.04 - 1934.136 * t);
	lon = l0 + c - 0.00569 - 0.00478 * sin(omega);
	lon = fmod(lon, 360.0);
	if (lon < 0)
		lon += 360.0;
	return lon;
}

/* The 30-degree sector (0..11) of the Sun's longitude at the first
 * instant of civil day `jdn` in UTC+7. A month holds a major solar term
 * exactly when the sector at its first day differs from the sector at the
 * first day of the next month. */
static int
sun_sector(long jdn)
{
	int s;

	s = (int)(sun_longitude((double)jdn - 0.5 - TZ_DAYS) / 30.0);
	return s > 11 ? 11 : s;
}

/* Periodic terms of the new moon (Meeus chapter 49): coefficient and the
 * multiples of M (Sun's anomaly), M' (Moon's anomaly), F (argument of
 * latitude) and Omega; `e` is the power of the eccentricity factor E. */
static const struct {
	double	coef;
	int	e, m, mp, f, om;
} nm_terms[] = {
	{ -0.40720, 0, 0, 1, 0, 0 },
	{  0.17241, 1, 1, 0, 0, 0 },
	{  0.01608, 0, 0, 2, 0, 0 },
	{  0.01039, 0, 0, 0, 2, 0 },
	{  0.00739, 1, -1, 1, 0, 0 },
	{ -0.00514, 1, 1, 1, 0, 0 },
	{  0.00208, 2, 2, 0, 0, 0 },
	{ -0.00111, 0, 0, 1, -2, 0 },
	{ -0.00057, 0, 0, 1, 2, 0 },
	{  0.00056, 1, 1, 2, 0, 0 },
	{ -0.00042, 0, 0, 3, 0, 0 },
	{  0.00042, 1, 1, 0, 2, 0 },
	{  0.00038, 1, 1, 0, -2, 0 },
	{ -0.00024, 1, -1, 2, 0, 0 },
	{ -0.00017, 0, 0, 0, 0, 1 },
	{ -0.00007, 0, 2, 1, 0, 0 },
	{  0.00004, 0, 0, 2, -2, 0 },
	{  0.00004, 0, 3, 0, 0, 0 },
	{  0.00003, 0, 1, 1, -2, 0 },
	{  0.00003, 0, 0, 2, 2, 0 },
	{ -0.00003, 0, 1, 1, 2, 0 },
	{  0.00003, 0, -1, 1, 2, 0 },
	{ -0.00002, 0, -1, 1, -2, 0 },
	{ -0.00002, 0, 1, 3, 0, 0 },
	{  0.00002, 0, 0, 4, 0, 0 },
};

/* Planetary arguments of the new moon: A = base + rate * k (degrees),
 * term coef * sin A. The first also has -0.009173 T^2. */
static const struct {
	double	coef, base, rate;
} nm_planets[] = {
	{ 0.000325, 299.77, 0.107408 },
	{ 0.000165, 251.88, 0.016321 },
	{ 0.000164, 251.83, 26.651886 },
	{ 0.000126, 349.42, 36.412478 },
	{ 0.000110, 84.66, 18.206239 },
	{ 0.000062, 141.74, 53.303771 },
	{ 0.000060, 207.14, 2.453732 },
	{ 0.000056, 154.84, 7.306860 },
	{ 0.000047, 34.52, 27.261239 },
	{ 0.000042, 207.19, 0.121824 },
	{ 0.000040, 291.34, 1.844379 },
	{ 0.000037, 161.72, 24.198154 },
	{ 0.000035, 239.56, 25.513099 },
	{ 0.000023, 331.55, 3.592518 },
};

/* Instant (JD, UT) of new moon number k, k = 0 being 2000-01-06. */
static double
newmoon_jd(long k)
{
	double kk, t, t2, t3, t4, jde, e, m, mp, f, om, arg, fe;
	size_t i;

	kk = (double)k;
	t = kk / 1236.85;
	t2 = t * t;
	t3 = t2 * t;
	t4 = t3 * t;
	jde = NEWMOON_K0 + SYNODIC * kk + 0.00015437 * t2 -
	    0.000000150 * t3 + 0.00000000073 * t4;
	e = 1 - 0.002516 * t - 0.0000074 * t2;
	m = 2.5534 + 29.10535670 * kk - 0.0000014 * t2 - 0.00000011 * t3;
	mp = 201.5643 + 385.81693528 * kk + 0.0107582 * t2 +
	    0.00001238 * t3 - 0.000000058 * t4;
	f = 160.7108 + 390.67050284 * kk - 0.0016118 * t2 -
	    0.00000227 * t3 + 0.000000011 * t4;
	om = 124.7746 - 1.56375588 * kk + 0.0020672 * t2 + 0.00000215 * t3;
	for (i = 0; i < sizeof(nm_terms) / sizeof(nm_terms[0]); i++) {
		arg = nm_terms[i].m * m + nm_terms[i].mp * mp +
		    nm_terms[i].f * f + nm_terms[i].om * om;
		fe = nm_terms[i].e == 0 ? 1 : nm_terms[i].e == 1 ? e : e * e;
		jde += nm_terms[i].coef * fe * sin(rad(fmod(arg, 360.0)));
	}
	for (i = 0; i < sizeof(nm_planets) / sizeof(nm_planets[0]); i++) {
		arg = nm_planets[i].base + nm_planets[i].rate * kk;
		if (i == 0)
			arg -= 0.009173 * t2;
		jde += nm_planets[i].coef * sin(rad(fmod(arg, 360.0)));
	}
	return jde - tt_minus_ut_days(jde);
}

/* Civil day (UTC+7) of new moon k: the first day of a lunar month. */
static long
newmoon_day(long k)
{
	return (long)floor(newmoon_jd(k) + 0.5 + TZ_DAYS);
}

/* Number k of the new moon that begins the lunar month holding day
 * `jdn`. */
static long
month_k(long jdn)
{
	long k;

	k = (long)floor(((double)jdn - NEWMOON_K0) / SYNODIC);
	while (newmoon_day(k) > jdn)
		k--;
	while (newmoon_day(k + 1) <= jdn)
		k++;
	return k;
}

/* New moon number of month 11 of lunar year `y`: the month holding the
 * civil day (UTC+7) of the December solstice of solar year `y`. */
static long
month11_k(int y)
{
	long d;

	/* The solstice day is the last day whose first instant still has
	 * the Sun short of 270 degrees (sector 8). */
	d = jdn_from_civil(y, 12, 18);
	while (sun_sector(d + 1) < 9)
		d++;
	return month_k(d);
}

/* Index (1..12) of the leap month in the cycle starting at new moon k11a
 * and ending before k11b, or 0 when the cycle has twelve months. */
static int
cycle_leap(long k11a, long k11b)
{
	int i;

	if (k11b - k11a < 13)
		return 0;
	for (i = 1; i <= 12; i++) {
		if (sun_sector(newmoon_day(k11a + i)) ==
		    sun_sector(newmoon_day(k11a + i + 1)))
			return i;
	}
	return 12;	/* not reached: thirteen months hold twelve terms */
}

int
lunar_from_solar(int y, int m, int d, struct lunar_date *out)
{
	long jdn, k, k11a, k11b;
	int lyear, leap, i, n;

	if (y < LUNAR_YEAR_MIN || y > LUNAR_YEAR_MAX + 1 ||
	    !civil_valid(y, m, d))
		return -1;
	jdn = jdn_from_civil(y, m, d);
	k = month_k(jdn);
	k11a = month11_k(y);
	if (k >= k11a) {
		lyear = y + 1;
		k11b = month11_k(y + 1);
	} else {
		lyear = y;
		k11b = k11a;
		k11a = month11_k(y - 1);
	}
	i = (int)(k - k11a);
	leap = cycle_leap(k11a, k11b);
	n = (leap && i >= leap) ? i - 1 : i;
	out->day = (int)(jdn - newmoon_day(k)) + 1;
	out->month = (n + 10) % 12 + 1;
	out->year = n < 2 ? lyear - 1 : lyear;
	out->leap = leap && i == leap;
	if (out->year < LUNAR_YEAR_MIN || out->year > LUNAR_YEAR_MAX)
		return -1;
	return 0;
}

/* New moon number of the lunar month (year, month, leap) in *k. 0, or -1
 * when no such month exists. */
static int
lunar_month_start(int year, int month, int leap, long *k)
{
	long k11a, k11b;
	int n, lm;

	if (year < LUNAR_YEAR_MIN || year > LUNAR_YEAR_MAX ||
	    month < 1 || month > 12 || (leap != 0 && leap != 1))
		return -1;
	if (month >= 11) {
		k11a = month11_k(year);
		k11b = month11_k(year + 1);
	} else {
		k11a = month11_k(year - 1);
		k11b = month11_k(year);
	}
	n = (month + 1) % 12;	/* 11 -> 0, 12 -> 1, 1 -> 2, ... */
	lm = cycle_leap(k11a, k11b);
	if (leap && (lm == 0 || n != lm - 1))
		return -1;
	if (lm && (leap || n >= lm))
		n++;
	*k = k11a + n;
	return 0;
}

int
lunar_to_solar(const struct lunar_date *ld, int *y, int *m, int *d)
{
	long k, start;

	if (lunar_month_start(ld->year, ld->month, ld->leap, &k) == -1 ||
	    ld->day < 1)
		return -1;
	start = newmoon_day(k);
	if (ld->day > newmoon_day(k + 1) - start)
		return -1;
	civil_from_jdn(start + ld->day - 1, y, m, d);
	return 0;
}

int
lunar_month_days(int year, int month, int leap)
{
	long k;

	if (lunar_month_start(year, month, leap, &k) == -1)
		return -1;
	return (int)(newmoon_day(k + 1) - newmoon_day(k));
}

int
lunar_leap_month(int year)
{
	long k11a, k11b, k11c;
	int lm;

	if (year < LUNAR_YEAR_MIN || year > LUNAR_YEAR_MAX)
		return -1;
	k11a = month11_k(year - 1);
	k11b = month11_k(year);
	k11c = month11_k(year + 1);
	/* A leap month past index 2 of the first cycle is one of months
	 * 1..10 of `year`; index 1 or 2 of the next cycle is a leap 11 or
	 * 12 of `year`. */
	lm = cycle_leap(k11a, k11b);
	if (lm > 2)
		return (lm - 1 + 10) % 12 + 1;
	lm = cycle_leap(k11b, k11c);
	if (lm == 1 || lm == 2)
		return lm == 1 ? 11 : 12;
	return 0;
}
