/*
 * sign_appear.c - what a signature looks like on the page (the widget's
 * normal appearance, a form XObject): for the leader, the image of the
 * handwritten signature above the name and signing time; for the seal,
 * the red seal image at real size; without an image, a framed text
 * block. Text is set in an embedded subset of DejaVu Sans so that
 * Vietnamese diacritics show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/sign_font.h"
#include "sign/sign_png.h"

#define FONT_DEFAULT	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static void
vn_time(time_t when, char *out, size_t len)
{
	time_t t = when + 7 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "%d/%m/%Y %H:%M:%S +07:00", &tm);
}

/* One line of text at (x, y), shrunk to fit `maxw`. */
static void
line(struct buf *c, struct sign_font *f, const char *s, double x, double y,
    double size, double maxw)
{
	struct buf hex = BUF_INIT;
	double w;

	buf_init(&hex, 0);
	w = sign_font_text(f, s, size, &hex);
	if (w > maxw && w > 0) {
		size = size * maxw / w;
		buf_reset(&hex);
		sign_font_text(f, s, size, &hex);
	}
	buf_printf(c, "BT /F1 %.2f Tf %.2f %.2f Td %s Tj ET\n", size, x, y,
	    hex.data);
	buf_release(&hex);
}

int
sign_appear(struct sign_upd *u, const struct sign_opts *o, const char *signer,
    time_t when, double w, double h, uint32_t *ap, char *err, size_t errlen)
{
	const char *fontpath = getenv("CONGSO_SIGN_FONT");
	struct buf c = BUF_INIT, res = BUF_INIT, txt = BUF_INIT;
	struct sign_png *img = NULL;
	struct sign_font *f;
	uint32_t font, im = 0;
	char t[64];
	double ih = 0, fs;
	int rc = -1;

	if (fontpath == NULL)
		fontpath = FONT_DEFAULT;
	if ((f = sign_font_open(fontpath)) == NULL)
		return sign_err(err, errlen, "không đọc được phông chữ %s (đặt"
		    " CONGSO_SIGN_FONT là một tệp TrueType có tiếng Việt)",
		    fontpath);
	if (o->image != NULL && sign_png_read(o->image, &img, err,
	    errlen) < 0)
		goto out;
	buf_init(&c, 0);
	buf_init(&res, 0);
	buf_init(&txt, 0);
	vn_time(when, t, sizeof(t));
	*ap = sign_upd_new(u);
	if (img != NULL && sign_png_write(img, u, &im) < 0)
		goto mem;
	if (o->role == SIGN_ROLE_SEAL && img != NULL) {
		/* The seal at the size of the rectangle, nothing else. */
		buf_printf(&c, "q %.2f 0 0 %.2f 0 0 cm /Im1 Do Q\n", w, h);
	} else {
		fs = h / 8 > 10 ? 10 : h / 8;
		if (img != NULL) {
			/* The handwriting above two lines of text, its
			 * aspect kept. */
			double aw = w, ah = h - 2.6 * fs - 2;
			double r = (double)sign_png_width(img) /
			    sign_png_height(img);

			if (aw / ah > r)
				aw = ah * r;
			else
				ah = aw / r;
			ih = ah;
			buf_printf(&c, "q %.2f 0 0 %.2f %.2f %.2f cm /Im1 Do Q\n",
			    aw, ah, (w - aw) / 2, h - ah);
			line(&c, f, signer, 2, 1.4 * fs, fs, w - 4);
			buf_adds(&txt, "Ký số: ");
			buf_adds(&txt, t);
			line(&c, f, txt.data, 2, 0.3 * fs, fs * 0.8, w - 4);
		} else {
			buf_printf(&c, "q 0.75 0 0 RG 0.8 w 0.4 0.4 %.2f %.2f re"
			    " S Q\n0.75 0 0 rg\n", w - 0.8, h - 0.8);
			buf_adds(&txt, "Ký bởi: ");
			buf_adds(&txt, signer);
			line(&c, f, txt.data, 4, h - 4 - fs, fs, w - 8);
			buf_reset(&txt);
			buf_adds(&txt, "Thời gian: ");
			buf_adds(&txt, t);
			line(&c, f, txt.data, 4, h - 6 - 2.2 * fs, fs * 0.9,
			    w - 8);
			if (o->reason != NULL) {
				buf_reset(&txt);
				buf_adds(&txt, "Lý do: ");
				buf_adds(&txt, o->reason);
				line(&c, f, txt.data, 4, h - 8 - 3.3 * fs,
				    fs * 0.9, w - 8);
			}
		}
	}
	(void)ih;
	if (sign_font_write(f, u, &font) < 0)
		goto mem;
	buf_printf(&res, "/Type/XObject/Subtype/Form/BBox[0 0 %.2f %.2f]"
	    "/Resources<</Font<</F1 %u 0 R>>", w, h, font);
	if (img != NULL)
		buf_printf(&res, "/XObject<</Im1 %u 0 R>>", im);
	buf_adds(&res, ">>");
	if (sign_upd_stream(u, *ap, res.data, c.data, c.len, 1) < 0)
		goto mem;
	rc = 0;
	goto out;
mem:
	sign_err(err, errlen, "không tạo được hình chữ ký (hết bộ nhớ)");
out:
	sign_png_free(img);
	sign_font_free(f);
	buf_release(&c);
	buf_release(&res);
	buf_release(&txt);
	return rc;
}
