/*
 * sign_png.c - a small PNG decoder (the PNG specification, ISO/IEC
 * 15948: chunks, zlib data, scanline filters) for signature and seal
 * images, with limits on file size and pixel count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "sign/sign_png.h"

struct sign_png {
	unsigned	 w, h;
	unsigned char	*rgb;		/* w*h*3 */
	unsigned char	*alpha;		/* w*h, NULL when opaque */
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

unsigned
sign_png_width(const struct sign_png *p)
{
	return p->w;
}

unsigned
sign_png_height(const struct sign_png *p)
{
	return p->h;
}

void
sign_png_free(struct sign_png *p)
{
	if (p == NULL)
		return;
	free(p->rgb);
	free(p->alpha);
	free(p);
}

static int
paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Sample `i` of a row at bit depth `bd` (scaled to 8 bits). */
static unsigned
sample(const unsigned char *row, size_t i, int bd, int scale)
{
	unsigned v;

	switch (bd) {
	case 16:
		return row[2 * i];
	case 8:
		return row[i];
	default:
		v = row[i * (size_t)bd / 8] >> (8 - bd - (int)(i * (size_t)bd %
		    8)) & ((1u << bd) - 1);
		return scale ? v * 255u / ((1u << bd) - 1) : v;
	}
}

int
sign_png_decode(const unsigned char *data, size_t len, struct sign_png **out,
    char *err, size_t errlen)
{
	static const unsigned char sig[8] = { 137, 'P', 'N', 'G', 13, 10,
	    26, 10 };
	unsigned char plte[768], trns[256], *raw = NULL, *prev, *cur;
	unsigned w = 0, h = 0, x, y, ch;
	int bd = 0, ct = -1, ntrns = 0, nplte = 0, opaque = 1;
	unsigned trns_gray = 65536, trns_rgb[3] = { 65536, 0, 0 };
	struct buf idat = BUF_INIT;
	struct sign_png *p = NULL;
	size_t pos = 8, row, bpp, rawlen;
	uLongf got;

	*out = NULL;
	memset(trns, 255, sizeof(trns));
	buf_init(&idat, SIGN_PNG_MAX_FILE);
	if (len < 8 || memcmp(data, sig, 8) != 0)
		return sign_err(err, errlen, "tệp ảnh không phải PNG");
	while (pos + 12 <= len) {
		uint32_t n = be32(data + pos);
		const unsigned char *type = data + pos + 4, *d = data + pos + 8;

		if (n > len - pos - 12)
			goto bad;
		if (memcmp(type, "IHDR", 4) == 0 && n >= 13) {
			w = be32(d);
			h = be32(d + 4);
			bd = d[8];
			ct = d[9];
			if (d[12] != 0) {
				buf_release(&idat);
				return sign_err(err, errlen, "ảnh PNG xen kẽ"
				    " (interlaced) không hỗ trợ: hãy lưu lại"
				    " không xen kẽ");
			}
		} else if (memcmp(type, "PLTE", 4) == 0 && n <= 768) {
			memcpy(plte, d, n);
			nplte = (int)n / 3;
		} else if (memcmp(type, "tRNS", 4) == 0) {
			if (ct == 3 && n <= 256) {
				memcpy(trns, d, n);
				ntrns = (int)n;
			} else if (ct == 0 && n >= 2)
				trns_gray = (unsigned)(d[0] << 8 | d[1]);
			else if (ct == 2 && n >= 6) {
				trns_rgb[0] = (unsigned)(d[0] << 8 | d[1]);
				trns_rgb[1] = (unsigned)(d[2] << 8 | d[3]);
				trns_rgb[2] = (unsigned)(d[4] << 8 | d[5]);
			}
		} else if (memcmp(type, "IDAT", 4) == 0) {
			if (buf_add(&idat, d, n) < 0)
				goto bad;
		} else if (memcmp(type, "IEND", 4) == 0)
			break;
		pos += 12 + n;
	}
	ch = ct == 0 ? 1 : ct == 2 ? 3 : ct == 3 ? 1 : ct == 4 ? 2 :
	    ct == 6 ? 4 : 0;
	if (w == 0 || h == 0 || ch == 0 || (uint64_t)w * h >
	    SIGN_PNG_MAX_PIXELS || (bd != 1 && bd != 2 && bd != 4 &&
	    bd != 8 && bd != 16) || (ct != 0 && ct != 3 && bd < 8) ||
	    (ct == 3 && (bd == 16 || nplte == 0)) || idat.len == 0)
		goto bad;
	bpp = (ch * (size_t)bd + 7) / 8;
	row = (ch * (size_t)bd * w + 7) / 8;
	rawlen = (row + 1) * h;
	if ((raw = malloc(rawlen)) == NULL || (p = calloc(1, sizeof(*p))) ==
	    NULL || (p->rgb = malloc((size_t)w * h * 3)) == NULL ||
	    (p->alpha = malloc((size_t)w * h)) == NULL)
		goto mem;
	got = rawlen;
	if (uncompress(raw, &got, (const Bytef *)idat.data, idat.len) !=
	    Z_OK || got != rawlen)
		goto bad;
	p->w = w;
	p->h = h;
	for (y = 0; y < h; y++) {
		size_t i;

		cur = raw + y * (row + 1) + 1;
		prev = y > 0 ? cur - (row + 1) : NULL;
		for (i = 0; i < row; i++) {
			int a = i >= bpp ? cur[i - bpp] : 0;
			int b = prev != NULL ? prev[i] : 0;
			int c = i >= bpp && prev != NULL ? prev[i - bpp] : 0;

			switch (cur[-1]) {
			case 0: break;
			case 1: cur[i] = (unsigned char)(cur[i] + a); break;
			case 2: cur[i] = (unsigned char)(cur[i] + b); break;
			case 3: cur[i] = (unsigned char)(cur[i] + (a + b) / 2);
				break;
			case 4: cur[i] = (unsigned char)(cur[i] +
				    paeth(a, b, c));
				break;
			default: goto bad;
			}
		}
		for (x = 0; x < w; x++) {
			unsigned char *o = p->rgb + ((size_t)y * w + x) * 3;
			unsigned char *al = p->alpha + (size_t)y * w + x;
			unsigned r, g, bl, av = 255, k;

			switch (ct) {
			case 0:
				r = g = bl = sample(cur, x, bd, 1);
				if (trns_gray < 65536 && sample(cur, x, bd, 0) ==
				    (bd == 16 ? trns_gray >> 8 : trns_gray))
					av = 0;
				break;
			case 2:
				r = sample(cur, 3 * (size_t)x, bd, 1);
				g = sample(cur, 3 * (size_t)x + 1, bd, 1);
				bl = sample(cur, 3 * (size_t)x + 2, bd, 1);
				if (trns_rgb[0] < 65536 && bd == 8 &&
				    r == trns_rgb[0] && g == trns_rgb[1] &&
				    bl == trns_rgb[2])
					av = 0;
				break;
			case 3:
				k = sample(cur, x, bd, 0);
				if ((int)k >= nplte)
					goto bad;
				r = plte[3 * k];
				g = plte[3 * k + 1];
				bl = plte[3 * k + 2];
				av = (int)k < ntrns ? trns[k] : 255;
				break;
			case 4:
				r = g = bl = sample(cur, 2 * (size_t)x, bd, 1);
				av = sample(cur, 2 * (size_t)x + 1, bd, 1);
				break;
			default:
				r = sample(cur, 4 * (size_t)x, bd, 1);
				g = sample(cur, 4 * (size_t)x + 1, bd, 1);
				bl = sample(cur, 4 * (size_t)x + 2, bd, 1);
				av = sample(cur, 4 * (size_t)x + 3, bd, 1);
				break;
			}
			o[0] = (unsigned char)r;
			o[1] = (unsigned char)g;
			o[2] = (unsigned char)bl;
			*al = (unsigned char)av;
			if (av != 255)
				opaque = 0;
		}
	}
	if (opaque) {
		free(p->alpha);
		p->alpha = NULL;
	}
	free(raw);
	buf_release(&idat);
	*out = p;
	return 0;
mem:
	free(raw);
	buf_release(&idat);
	sign_png_free(p);
	return sign_err(err, errlen, "hết bộ nhớ khi đọc ảnh PNG");
bad:
	free(raw);
	buf_release(&idat);
	sign_png_free(p);
	return sign_err(err, errlen, "ảnh PNG hỏng hoặc không hỗ trợ");
}

int
sign_png_read(const char *path, struct sign_png **out, char *err,
    size_t errlen)
{
	unsigned char *data;
	long n;
	FILE *f;
	int rc;

	*out = NULL;
	if ((f = fopen(path, "rb")) == NULL)
		return sign_err(err, errlen, "không mở được ảnh %s", path);
	if (fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) <= 0 ||
	    (size_t)n > SIGN_PNG_MAX_FILE || fseek(f, 0, SEEK_SET) < 0) {
		fclose(f);
		return sign_err(err, errlen, "ảnh %s rỗng hoặc quá lớn", path);
	}
	if ((data = malloc((size_t)n)) == NULL ||
	    fread(data, 1, (size_t)n, f) != (size_t)n) {
		free(data);
		fclose(f);
		return sign_err(err, errlen, "không đọc được ảnh %s", path);
	}
	fclose(f);
	rc = sign_png_decode(data, (size_t)n, out, err, errlen);
	free(data);
	if (rc < 0 && err != NULL) {
		char tmp[SIGN_ERR_MAX];

		snprintf(tmp, sizeof(tmp), "%s: %s", path, err);
		snprintf(err, errlen, "%s", tmp);
	}
	return rc;
}

int
sign_png_write(const struct sign_png *p, struct sign_upd *u, uint32_t *num)
{
	char dict[160];
	uint32_t mask = 0;

	*num = sign_upd_new(u);
	if (p->alpha != NULL) {
		mask = sign_upd_new(u);
		snprintf(dict, sizeof(dict), "/Type/XObject/Subtype/Image"
		    "/Width %u/Height %u/ColorSpace/DeviceGray"
		    "/BitsPerComponent 8", p->w, p->h);
		if (sign_upd_stream(u, mask, dict, p->alpha,
		    (size_t)p->w * p->h, 1) < 0)
			return -1;
	}
	snprintf(dict, sizeof(dict), "/Type/XObject/Subtype/Image/Width %u"
	    "/Height %u/ColorSpace/DeviceRGB/BitsPerComponent 8", p->w, p->h);
	if (mask != 0)
		snprintf(dict + strlen(dict), sizeof(dict) - strlen(dict),
		    "/SMask %u 0 R", mask);
	return sign_upd_stream(u, *num, dict, p->rgb, (size_t)p->w * p->h * 3,
	    1);
}
