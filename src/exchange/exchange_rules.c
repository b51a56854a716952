/* exchange_rules.c - the exchange's rules that need neither SQL nor HTTP:
 * which peer answers for an agency code, which status a step reports,
 * dates and lengths as edXML writes them. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "exchange.h"

int
exchange_match_rank(const char *match, const char *code)
{
	size_t ml, cl;

	if (match == NULL || code == NULL || *match == '\0')
		return -1;
	if (strcmp(match, "*") == 0)
		return 0;
	if (strcmp(match, code) == 0)
		return 1000;
	ml = strlen(match);
	cl = strlen(code);
	if (ml >= cl || strcmp(code + cl - ml, match) != 0)
		return -1;
	/* At a boundary: "H41" matches "000.00.00.H41", not "XH41". */
	if (match[0] != '.' && code[cl - ml - 1] != '.')
		return -1;
	return 1 + (int)ml;
}

int
exchange_match_pick(const char *const *matches, int n, const char *code)
{
	int i, r, best = -1, rank = -1;

	for (i = 0; i < n; i++)
		if ((r = exchange_match_rank(matches[i], code)) > rank) {
			rank = r;
			best = i;
		}
	return best;
}

int
exchange_match_valid(const char *s)
{
	size_t n;

	if (s == NULL || *s == '\0')
		return 0;
	if (strcmp(s, "*") == 0)
		return 1;
	for (n = 0; s[n]; n++)
		if (!isalnum((unsigned char)s[n]) && s[n] != '.')
			return 0;
	return n <= EXCHANGE_MATCH_MAX;
}

const char *
exchange_status_for_step(const char *step)
{
	static const struct { const char *step, *code; } map[] = {
		{ "register", "03" }, { "refuse", "02" }, { "direct", "04" },
		{ "progress", "05" }, { "finish", "06" },
	};
	size_t i;

	if (step == NULL)
		return NULL;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(step, map[i].step) == 0)
			return map[i].code;
	return NULL;
}

int
exchange_status_rank(const char *code)
{
	static const char *const order[] = { "01", "03", "04", "05", "06",
	    "02", "13", "15", "16" };
	size_t i;

	if (code == NULL)
		return 99;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (strcmp(code, order[i]) == 0)
			return (int)i;
	return 99;
}

static int
date_swap(const char *in, char from, char to, char out[11])
{
	int i;

	if (in == NULL || strlen(in) < 10)
		return -1;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (in[i] != from)
				return -1;
			out[i] = to;
		} else if (!isdigit((unsigned char)in[i]))
			return -1;
		else
			out[i] = in[i];
	}
	out[10] = '\0';
	return 0;
}

int
exchange_date_to_edxml(const char *iso, char out[11])
{
	return date_swap(iso, '-', '/', out);
}

int
exchange_date_from_edxml(const char *ymd, char out[11])
{
	return date_swap(ymd, '/', '-', out);
}

void
exchange_utf8_cut(const char *s, size_t max_chars, char *out, size_t outlen)
{
	size_t i = 0, chars = 0, len;

	if (outlen == 0)
		return;
	if (s == NULL)
		s = "";
	for (;;) {
		if (s[i] == '\0' || chars == max_chars)
			break;
		len = 1;
		while ((s[i + len] & 0xC0) == 0x80)
			len++;
		if (i + len >= outlen)
			break;
		i += len;
		chars++;
	}
	memcpy(out, s, i);
	out[i] = '\0';
}
