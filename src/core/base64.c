/* base64.c - a streaming base64 decoder (base64.h). */
#include "base64.h"

/* A character's sextet, or one of these. */
#define B_SPACE	0x40
#define B_PAD	0x41
#define B_BAD	0x80

static const unsigned char val[256] = {
#define X8	B_BAD, B_BAD, B_BAD, B_BAD, B_BAD, B_BAD, B_BAD, B_BAD
	/* 0x00 */ B_BAD, B_BAD, B_BAD, B_BAD, B_BAD, B_BAD, B_BAD, B_BAD,
	/* 0x08 */ B_BAD, B_SPACE, B_SPACE, B_BAD, B_BAD, B_SPACE, B_BAD, B_BAD,
	/* 0x10 */ X8, X8,
	/* 0x20 */ B_SPACE, B_BAD, B_BAD, B_BAD, B_BAD, B_BAD, B_BAD, B_BAD,
	/* 0x28 */ B_BAD, B_BAD, B_BAD, 62, B_BAD, B_BAD, B_BAD, 63,
	/* 0x30 */ 52, 53, 54, 55, 56, 57, 58, 59,
	/* 0x38 */ 60, 61, B_BAD, B_BAD, B_BAD, B_PAD, B_BAD, B_BAD,
	/* 0x40 */ B_BAD, 0, 1, 2, 3, 4, 5, 6,
	/* 0x48 */ 7, 8, 9, 10, 11, 12, 13, 14,
	/* 0x50 */ 15, 16, 17, 18, 19, 20, 21, 22,
	/* 0x58 */ 23, 24, 25, B_BAD, B_BAD, B_BAD, B_BAD, B_BAD,
	/* 0x60 */ B_BAD, 26, 27, 28, 29, 30, 31, 32,
	/* 0x68 */ 33, 34, 35, 36, 37, 38, 39, 40,
	/* 0x70 */ 41, 42, 43, 44, 45, 46, 47, 48,
	/* 0x78 */ 49, 50, 51, B_BAD, B_BAD, B_BAD, B_BAD, B_BAD,
	/* 0x80 */ X8, X8, X8, X8, X8, X8, X8, X8,
	/* 0xc0 */ X8, X8, X8, X8, X8, X8, X8, X8,
#undef X8
};

void
b64dec_init(struct b64dec *d)
{
	d->acc = 0;
	d->n = 0;
	d->pad = 0;
	d->bad = 0;
}

long
b64dec_update(struct b64dec *d, const char *s, size_t n, unsigned char *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	unsigned char *o = out;
	unsigned int a, b, c, e, v;

	if (d->bad)
		return -1;
	for (;;) {
		/* Whole groups while the characters are all sextets. */
		if (d->n == 0 && !d->pad)
			while (end - p >= 4) {
				a = val[p[0]];
				b = val[p[1]];
				c = val[p[2]];
				e = val[p[3]];
				if ((a | b | c | e) & 0xc0)
					break;
				v = a << 18 | b << 12 | c << 6 | e;
				o[0] = (unsigned char)(v >> 16);
				o[1] = (unsigned char)(v >> 8);
				o[2] = (unsigned char)v;
				o += 3;
				p += 4;
			}
		if (p == end)
			break;
		/* One character the careful way. */
		v = val[*p++];
		if (v == B_SPACE)
			continue;
		if (v == B_PAD) {
			/* Padding is the third or fourth character of the
			 * last group; a second one only follows a first. */
			if (d->n < 2 || (d->pad > 0 && d->n != 3))
				goto bad;
			d->pad++;
			if (++d->n == 4) {
				/* Two sextets make one byte, three make two. */
				if (d->pad == 2) {
					o[0] = (unsigned char)(d->acc >> 4);
					o += 1;
				} else {
					o[0] = (unsigned char)(d->acc >> 10);
					o[1] = (unsigned char)(d->acc >> 2);
					o += 2;
				}
				d->n = 0;
			}
			continue;
		}
		if (v >= 64 || d->pad)
			goto bad;
		d->acc = d->acc << 6 | v;
		if (++d->n == 4) {
			o[0] = (unsigned char)(d->acc >> 16);
			o[1] = (unsigned char)(d->acc >> 8);
			o[2] = (unsigned char)d->acc;
			o += 3;
			d->acc = 0;
			d->n = 0;
		}
	}
	return (long)(o - out);
bad:
	d->bad = 1;
	return -1;
}

int
b64dec_final(const struct b64dec *d)
{
	return d->bad || d->n != 0 ? -1 : 0;
}

long
b64_decode(const char *s, size_t n, unsigned char *out)
{
	struct b64dec d;
	long r;

	b64dec_init(&d);
	if ((r = b64dec_update(&d, s, n, out)) < 0 || b64dec_final(&d) < 0)
		return -1;
	return r;
}
