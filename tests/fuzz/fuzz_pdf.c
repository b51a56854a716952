/*
 * fuzz_pdf.c - libFuzzer harness for the PDF reader: cross-reference
 * chain, objects, object streams, the page tree, form fields and
 * signatures. Every object reachable from the cross-reference is
 * loaded, written back, and its stream decoded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sign/pdf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pdf_view v;
	struct pdf_doc d;
	struct pdf_sig *sigs;
	struct pdf_obj *page;
	char **names;
	uint32_t num, i;
	size_t n, k;
	int count;

	if (pdf_open_mem(&d, data, size) == 0) {
		pdf_page(&d, 0, &num, &page, &count);
		pdf_sigs(&d, &sigs, &n);
		pdf_field_names(&d, &names);
		for (i = 0; i < d.view.n && i < 300; i++) {
			struct pdf_obj *o = pdf_get(&d, i);
			struct buf b;

			if (o == NULL)
				continue;
			buf_init(&b, 1 << 20);
			pdf_write_obj(&b, o);
			buf_release(&b);
			if (o->type == PDF_STREAM && pdf_stream_decode(&d, NULL,
			    o, &b) == 0)
				buf_release(&b);
		}
		for (k = 0; k < d.nsec; k++)
			if (pdf_view_at(&d, d.sec[k].off + 1, &v) == 0) {
				pdf_get_in(&d, &v, 1);
				pdf_view_release(&v);
			}
	}
	pdf_close(&d);
	return 0;
}
