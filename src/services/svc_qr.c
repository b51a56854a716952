/* svc_qr.c - QR codes (libqrencode) drawn as inline SVG: the dossier's
 * tracking address on the receipt and the printed forms. */
#include <string.h>

#include <qrencode.h>

#include "core/html.h"
#include "svc_int.h"

int
svc_qr_svg(struct buf *out, const char *text, int size)
{
	QRcode *q;
	int x, y, w, quiet = 4;

	if (text == NULL || strlen(text) > 1000)
		return -1;
	q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (q == NULL)
		return -1;
	w = q->width + 2 * quiet;
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\""
	    " viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\""
	    " aria-label=\"Mã QR tra cứu hồ sơ\" shape-rendering=\"crispEdges\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\""
	    " d=\"", w, w, size, size, w, w);
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				buf_printf(out, "M%d %dh1v1h-1z", x + quiet,
				    y + quiet);
	buf_adds(out, "\"/></svg>");
	QRcode_free(q);
	return 0;
}
