/* fold.c - UTF-8 validation and Vietnamese diacritic folding. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"

/* Decode one code point at s; returns its length in bytes, or 0 when the
 * sequence is malformed. */
static size_t
utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
	uint32_t c;
	size_t n, i;

	if (avail == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (avail < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	if (c >= 0xd800 && c <= 0xdfff)
		return 0;
	*cp = c;
	return n;
}

int
utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t n;

	while (len > 0) {
		if ((n = utf8_decode(p, len, &cp)) == 0)
			return 0;
		p += n;
		len -= n;
	}
	return 1;
}

void
utf8_keep_valid(char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n;
	uint32_t cp;

	while (len > 0 && (n = utf8_decode(p, len, &cp)) != 0) {
		p += n;
		len -= n;
	}
	*(char *)p = '\0';
}

size_t
utf8_length(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Base letters of U+00C0..U+00FF; '*' keeps the character. */
static const char latin1[] =
    "aaaaaaaceeeeiiiidnooooo*ouuuuy*s"
    "aaaaaaaceeeeiiiidnooooo*ouuuuy*y";

/* Base letters of U+1EA0..U+1EF9 (Latin Extended Additional, Vietnamese). */
static char
viet_base(uint32_t c)
{
	if (c <= 0x1eb7)
		return 'a';
	if (c <= 0x1ec7)
		return 'e';
	if (c <= 0x1ecb)
		return 'i';
	if (c <= 0x1ee3)
		return 'o';
	if (c <= 0x1ef1)
		return 'u';
	return 'y';
}

/* The ASCII letter a code point folds to, 0 to keep it, -1 to drop it. */
static int
fold_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? (int)(c + 32) : (int)c;
	if (c >= 0x300 && c <= 0x36f)
		return -1;
	if (c >= 0xc0 && c <= 0xff)
		return latin1[c - 0xc0] == '*' ? 0 : latin1[c - 0xc0];
	if (c >= 0x1ea0 && c <= 0x1ef9)
		return viet_base(c);
	switch (c) {
	case 0x102: case 0x103: case 0x100: case 0x101: case 0x104: case 0x105:
		return 'a';
	case 0x110: case 0x111:
		return 'd';
	case 0x128: case 0x129: case 0x12a: case 0x12b:
		return 'i';
	case 0x168: case 0x169: case 0x16a: case 0x16b: case 0x1af: case 0x1b0:
		return 'u';
	case 0x1a0: case 0x1a1: case 0x14c: case 0x14d:
		return 'o';
	case 0x112: case 0x113:
		return 'e';
	}
	return 0;
}

int
fold_append(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n;
	uint32_t cp;
	int f;

	while (len > 0) {
		if ((n = utf8_decode(p, len, &cp)) == 0) {
			p++;
			len--;
			continue;
		}
		f = fold_cp(cp);
		if (f > 0) {
			if (buf_addch(out, f) < 0)
				return -1;
		} else if (f == 0) {
			if (buf_add(out, p, n) < 0)
				return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

char *
fold_dup(const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	fold_append(&b, s);
	return buf_detach(&b, NULL);
}

int
text_valid(const char *s, int required, size_t max)
{
	const unsigned char *p;
	size_t n;

	if (s == NULL || *s == '\0')
		return !required;
	n = strlen(s);
	if (n > max || !utf8_valid(s, n))
		return 0;
	for (p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r') ||
		    *p == 0x7f)
			return 0;
	if (required && strspn(s, " \t\r\n") == n)
		return 0;
	return 1;
}
