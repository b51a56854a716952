/* form.c - application/x-www-form-urlencoded bodies. */
#include <string.h>

#include "fold.h"
#include "form.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode one x-www-form-urlencoded component in place. */
static size_t
form_decode(char *s, size_t n)
{
	size_t i, j = 0;
	int h, l;

	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			s[j++] = ' ';
		else if (s[i] == '%' && i + 2 < n &&
		    (h = hexval(s[i + 1])) >= 0 && (l = hexval(s[i + 2])) >= 0) {
			s[j++] = (char)(h * 16 + l);
			i += 2;
		} else
			s[j++] = s[i];
	}
	s[j] = '\0';
	return j;
}

int
form_parse(struct arena *a, const char *body, size_t len,
    struct param *out, int max, int *count)
{
	const char *p = body, *end = body + len, *amp, *eq;
	char *name, *value;
	size_t nl, vl;
	int n = 0;

	while (p < end) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		if (amp == p) {
			p++;
			continue;
		}
		eq = memchr(p, '=', (size_t)(amp - p));
		if (n == max)
			return -2;
		if (eq) {
			name = arena_strndup(a, p, (size_t)(eq - p));
			value = arena_strndup(a, eq + 1, (size_t)(amp - eq - 1));
		} else {
			name = arena_strndup(a, p, (size_t)(amp - p));
			value = arena_strdup(a, "");
		}
		nl = form_decode(name, strlen(name));
		vl = form_decode(value, strlen(value));
		if (memchr(name, '\0', nl) || memchr(value, '\0', vl) ||
		    !utf8_valid(name, nl) || !utf8_valid(value, vl))
			return -1;
		out[n].name = name;
		out[n].value = value;
		n++;
		p = amp + 1;
	}
	*count = n;
	return 0;
}
