/*
 * sign_stamp.c - the number and date stamped on a document when the
 * clerk issues it (Nghị định 30/2020, Phụ lục I): "Số: 12/QĐ-UBND"
 * under the issuing body's name at the top left, "Thái Nguyên, ngày 05
 * tháng 3 năm 2026" under the national motto at the top right, in
 * italics. They are drawn as widgets of the seal's signature field, so
 * the seal signature covers them and earlier signatures see only a
 * signature added.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/sign_font.h"

#define SERIF_DEFAULT	"/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
#define MM		(72 / 25.4)
#define STAMP_SIZE	13.0		/* points: the body text's size */

int
sign_parse_date(const char *s, int *y, int *m, int *d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	char tail;
	int leap;

	if (sscanf(s, "%4d-%2d-%2d%c", y, m, d, &tail) != 3 &&
	    sscanf(s, "%2d/%2d/%4d%c", d, m, y, &tail) != 3)
		return -1;
	if (*y < 1900 || *y > 9999 || *m < 1 || *m > 12 || *d < 1 ||
	    *d > mdays[*m - 1])
		return -1;
	leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
	if (*m == 2 && *d == 29 && !leap)
		return -1;
	return 0;
}

int
sign_stamp_date(const char *place, int y, int m, int d, char *out,
    size_t len)
{
	int n;

	/* Days below 10 and the months 1 and 2 take a leading zero. */
	if (place != NULL && place[0] != '\0')
		n = snprintf(out, len, "%s, ngày %02d tháng %s%d năm %d",
		    place, d, m <= 2 ? "0" : "", m, y);
	else
		n = snprintf(out, len, "Ngày %02d tháng %s%d năm %d", d,
		    m <= 2 ? "0" : "", m, y);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

void
sign_stamp_place(const double box[4], double num[4], double date[4])
{
	/* Margins of Phụ lục I: 20 mm at the top, 30 mm on the left, 15 mm
	 * on the right; the number and the date sit on the fourth line of
	 * the header, the left column 70 mm wide. */
	double top = box[3] - 20 * MM - 3.2 * 16;
	double left = box[0] + 30 * MM, mid = left + 70 * MM;

	num[0] = left;
	num[1] = top - 20;
	num[2] = mid;
	num[3] = top;
	date[0] = mid;
	date[1] = top - 20;
	date[2] = box[2] - 15 * MM;
	date[3] = top;
}

/* One form XObject of `w` × `h` with `text` centred, shrunk to fit,
 * slanted when `italic`. */
static int
stamp_xobject(struct sign_upd *u, struct sign_font *f, uint32_t font,
    const char *text, int italic, double w, double h, uint32_t ap)
{
	struct buf c = BUF_INIT, hex = BUF_INIT, res = BUF_INIT;
	double size = h * 0.7 < STAMP_SIZE ? h * 0.7 : STAMP_SIZE, tw;
	int rc = -1;

	buf_init(&c, 0);
	buf_init(&hex, 0);
	buf_init(&res, 0);
	tw = sign_font_text(f, text, size, &hex);
	if (tw > w && tw > 0) {
		size = size * w / tw;
		tw = w;
		buf_reset(&hex);
		sign_font_text(f, text, size, &hex);
	}
	if (buf_printf(&c, "BT 0 g /F1 %.2f Tf %s %.2f %.2f Tm %s Tj ET\n",
	    size, italic ? "1 0 0.2 1" : "1 0 0 1", (w - tw) / 2,
	    (h - size * 0.7) / 2, hex.data) < 0 ||
	    buf_printf(&res, "/Type/XObject/Subtype/Form/BBox[0 0 %.2f %.2f]"
	    "/Resources<</Font<</F1 %u 0 R>>>>", w, h, font) < 0)
		goto out;
	rc = sign_upd_stream(u, ap, res.data, c.data, c.len, 1);
out:
	buf_release(&c);
	buf_release(&hex);
	buf_release(&res);
	return rc;
}

int
sign_stamp_appear(struct sign_upd *u, const char *number, const double nr[4],
    const char *date, const double dr[4], uint32_t *nap, uint32_t *dap,
    char *err, size_t errlen)
{
	const char *path = getenv("CONGSO_STAMP_FONT");
	struct sign_font *f;
	struct buf txt = BUF_INIT;
	uint32_t font;
	int rc = -1;

	if (path == NULL)
		path = SERIF_DEFAULT;
	if ((f = sign_font_open(path)) == NULL)
		return sign_err(err, errlen, "không đọc được phông chữ %s (đặt"
		    " CONGSO_STAMP_FONT là một tệp TrueType có tiếng Việt)",
		    path);
	buf_init(&txt, 0);
	font = sign_upd_new(u);
	*nap = *dap = 0;
	if (number != NULL) {
		*nap = sign_upd_new(u);
		if (buf_adds(&txt, "Số: ") < 0 || buf_adds(&txt, number) < 0 ||
		    stamp_xobject(u, f, font, txt.data, 0, nr[2] - nr[0],
		    nr[3] - nr[1], *nap) < 0)
			goto mem;
	}
	if (date != NULL) {
		*dap = sign_upd_new(u);
		if (stamp_xobject(u, f, font, date, 1, dr[2] - dr[0],
		    dr[3] - dr[1], *dap) < 0)
			goto mem;
	}
	/* The font last: the subset holds the glyphs of both. */
	if (sign_font_write_as(f, u, font) < 0)
		goto mem;
	rc = 0;
	goto out;
mem:
	sign_err(err, errlen, "không tạo được số và ngày văn bản (hết bộ"
	    " nhớ)");
out:
	buf_release(&txt);
	sign_font_free(f);
	return rc;
}
