/* svc_pdf.c - the one-stop forms as PDF: paragraphs of UTF-8 text on A4
 * pages (core/pdfw) and a QR code drawn as filled squares. */
#include <qrencode.h>

#include "core/pdfw.h"
#include "svc_int.h"

#define MARGIN		56
#define QR_MODULE	2.5	/* points a module */

static void
qr(struct pdfw *w, const char *text)
{
	QRcode *q;
	double m = QR_MODULE, y0;
	int x, y;

	if (text == NULL || (q = QRcode_encodeString(text, 0, QR_ECLEVEL_M,
	    QR_MODE_8, 1)) == NULL)
		return;
	pdfw_need(w, q->width * m + 16);
	y0 = pdfw_y(w) - 12 - q->width * m;
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				pdfw_fill(w, MARGIN + x * m, y0 + (q->width - 1 -
				    y) * m, m, m);
	pdfw_down(w, 12 + q->width * m + 8);
	QRcode_free(q);
}

int
svc_pdf_render(const struct svc_pdf_par *pars, int n, const char *qr_text,
    struct buf *out)
{
	struct pdfw *w;
	int i, rc;

	if ((w = pdfw_new(PDFW_A4_W, PDFW_A4_H, MARGIN)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		pdfw_paragraph(w, pars[i].text ? pars[i].text : "",
		    pars[i].size, pars[i].center);
		if (pars[i].qr_after)
			qr(w, qr_text);
	}
	rc = pdfw_finish(w, out);
	pdfw_free(w);
	return rc;
}
