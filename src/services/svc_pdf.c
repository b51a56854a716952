/* svc_pdf.c - a small PDF writer for the one-stop forms: paragraphs of
 * UTF-8 text wrapped on A4 pages in DejaVu Sans (embedded as a CID
 * TrueType font with Identity-H encoding and a ToUnicode map, so the text
 * is searchable and copyable), and a QR code drawn as filled squares.
 * The font file is read and compressed once per process. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>
#include <zlib.h>

#include "core/log.h"
#include "svc_int.h"

#define FONT_PATH	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define PAGE_W		595	/* A4 in points */
#define PAGE_H		842
#define MARGIN		56
#define MAX_PAGES	64

static struct {
	unsigned char	*data;		/* the TrueType file */
	size_t		 len;
	unsigned char	*z;		/* the file deflated */
	size_t		 zlen;
	unsigned	 upem;
	unsigned	 nhmetrics;
	size_t		 hmtx, cmap4, cmap4_len;
	int		 bbox[4];
	int		 ok;
} font;
static pthread_once_t font_once = PTHREAD_ONCE_INIT;

static unsigned
u16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long
u32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

/* Offset and length of a table, or 0. */
static size_t
table(const char *tag, size_t *len)
{
	unsigned n, i;
	size_t off;

	if (font.len < 12)
		return 0;
	n = u16(font.data + 4);
	for (i = 0; i < n && 12 + 16 * (size_t)(i + 1) <= font.len; i++) {
		const unsigned char *r = font.data + 12 + 16 * i;

		if (memcmp(r, tag, 4) != 0)
			continue;
		off = u32(r + 8);
		*len = u32(r + 12);
		if (off + *len > font.len)
			return 0;
		return off;
	}
	return 0;
}

static void
font_load(void)
{
	size_t head, hhea, cmap, len, hl, i;
	FILE *fp = fopen(FONT_PATH, "rb");
	uLongf zl;

	if (fp == NULL) {
		log_error("%s: cannot open %s", __func__, FONT_PATH);
		return;
	}
	fseek(fp, 0, SEEK_END);
	font.len = (size_t)ftell(fp);
	fseek(fp, 0, SEEK_SET);
	font.data = malloc(font.len);
	if (font.data == NULL || fread(font.data, 1, font.len, fp) != font.len) {
		fclose(fp);
		return;
	}
	fclose(fp);
	if ((head = table("head", &hl)) == 0 || hl < 54 ||
	    (hhea = table("hhea", &len)) == 0 || len < 36 ||
	    (font.hmtx = table("hmtx", &len)) == 0 ||
	    (cmap = table("cmap", &len)) == 0 || len < 4)
		return;
	font.upem = u16(font.data + head + 18);
	for (i = 0; i < 4; i++)
		font.bbox[i] = (int16_t)u16(font.data + head + 36 + 2 * i);
	font.nhmetrics = u16(font.data + hhea + 34);
	/* The Windows Unicode BMP subtable, format 4. */
	for (i = 0; i < u16(font.data + cmap + 2) && cmap + 4 + 8 * (i + 1) <=
	    font.len; i++) {
		const unsigned char *r = font.data + cmap + 4 + 8 * i;
		size_t sub = cmap + u32(r + 4);

		if (u16(r) == 3 && u16(r + 2) == 1 && sub + 14 <= font.len &&
		    u16(font.data + sub) == 4) {
			font.cmap4 = sub;
			font.cmap4_len = u16(font.data + sub + 2);
			if (sub + font.cmap4_len > font.len)
				return;
		}
	}
	if (font.cmap4 == 0 || font.upem == 0 || font.nhmetrics == 0)
		return;
	zl = compressBound(font.len);
	if ((font.z = malloc(zl)) == NULL || compress2(font.z, &zl, font.data,
	    font.len, 6) != Z_OK)
		return;
	font.zlen = zl;
	font.ok = 1;
}

/* The glyph of a BMP code point (0: none). */
static unsigned
glyph(unsigned c)
{
	const unsigned char *t = font.data + font.cmap4;
	unsigned segs = u16(t + 6) / 2, i, start, delta, ro, g;
	size_t ends = 14, starts = 16 + 2 * segs, deltas = starts + 2 * segs,
	    ros = deltas + 2 * segs, addr;

	if (ros + 2 * segs > font.cmap4_len)
		return 0;
	for (i = 0; i < segs; i++) {
		if (u16(t + ends + 2 * i) < c)
			continue;
		start = u16(t + starts + 2 * i);
		if (start > c)
			return 0;
		delta = u16(t + deltas + 2 * i);
		ro = u16(t + ros + 2 * i);
		if (ro == 0)
			return (c + delta) & 0xffff;
		addr = ros + 2 * i + ro + 2 * (size_t)(c - start);
		if (addr + 2 > font.cmap4_len)
			return 0;
		g = u16(t + addr);
		return g ? (g + delta) & 0xffff : 0;
	}
	return 0;
}

static unsigned
advance(unsigned g)
{
	size_t off = font.hmtx + 4 * (size_t)(g < font.nhmetrics ? g :
	    font.nhmetrics - 1);

	return off + 2 <= font.len ? u16(font.data + off) : font.upem / 2;
}

/* Next code point of UTF-8 text (valid, as everything stored is). */
static unsigned
next_cp(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	unsigned c = *p;
	int n = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;

	c = n == 0 ? c : n == 1 ? c & 0x1f : n == 2 ? c & 0x0f : c & 0x07;
	p++;
	while (n-- > 0 && (*p & 0xc0) == 0x80)
		c = c << 6 | (*p++ & 0x3f);
	*s = (const char *)p;
	return c;
}

struct writer {
	struct buf	 pages[MAX_PAGES];	/* content streams */
	int		 npages;
	double		 y;
	unsigned short	*unicode;		/* glyph → code point */
};

static void
new_page(struct writer *w)
{
	if (w->npages < MAX_PAGES)
		buf_init(&w->pages[w->npages++], 0);
	w->y = PAGE_H - MARGIN;
}

static double
width(const char *s, size_t n, int size)
{
	const char *e = s + n;
	double wd = 0;

	while (s < e)
		wd += advance(glyph(next_cp(&s)));
	return wd * size / font.upem;
}

/* Write one line of `n` bytes at the current position. */
static void
show(struct writer *w, const char *s, size_t n, int size, double x)
{
	struct buf *b = &w->pages[w->npages - 1];
	const char *e = s + n;
	unsigned c, g;

	buf_printf(b, "BT /F1 %d Tf %.2f %.2f Td <", size, x, w->y);
	while (s < e) {
		c = next_cp(&s);
		g = c < 0x10000 ? glyph(c) : 0;
		if (c < 0x10000 && g && w->unicode[g] == 0)
			w->unicode[g] = (unsigned short)c;
		buf_printf(b, "%04X", g);
	}
	buf_adds(b, "> Tj ET\n");
}

/* A paragraph wrapped to the page width; size 0 is an empty line. */
static void
paragraph(struct writer *w, const char *text, int size, int center)
{
	double maxw = PAGE_W - 2 * MARGIN, lead = size * 1.35;
	const char *s = text, *brk, *p;

	if (size <= 0) {
		w->y -= 8;
		return;
	}
	while (*s) {
		/* The longest run of words that fits. */
		brk = NULL;
		for (p = s; *p; p++)
			if (*p == ' ' || p[1] == '\0') {
				size_t n = (size_t)(p - s) + (*p != ' ');

				if (width(s, n, size) > maxw && brk)
					break;
				brk = s + n;
				if (width(s, n, size) > maxw)
					break;
			}
		if (brk == NULL)
			brk = s + strlen(s);
		if (w->y - lead < MARGIN)
			new_page(w);
		w->y -= lead;
		show(w, s, (size_t)(brk - s), size, center ? (PAGE_W -
		    width(s, (size_t)(brk - s), size)) / 2 : MARGIN);
		s = brk;
		while (*s == ' ')
			s++;
	}
}

static void
qr(struct writer *w, const char *text)
{
	struct buf *b;
	QRcode *q;
	double m = 2.5, x0, y0;
	int x, y;

	if (text == NULL || (q = QRcode_encodeString(text, 0, QR_ECLEVEL_M,
	    QR_MODE_8, 1)) == NULL)
		return;
	if (w->y - q->width * m - 16 < MARGIN)
		new_page(w);
	b = &w->pages[w->npages - 1];
	x0 = MARGIN;
	y0 = w->y - 12 - q->width * m;
	buf_adds(b, "0 g\n");
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				buf_printf(b, "%.2f %.2f %.2f %.2f re f\n",
				    x0 + x * m, y0 + (q->width - 1 - y) * m, m, m);
	w->y = y0 - 8;
	QRcode_free(q);
}

/* Append a stream object with its data deflated. */
static int
stream(struct buf *out, size_t *offs, int obj, const char *dict,
    const void *data, size_t len)
{
	uLongf zl = compressBound(len);
	unsigned char *z = malloc(zl);

	if (z == NULL || compress2(z, &zl, data, len, 6) != Z_OK) {
		free(z);
		return -1;
	}
	offs[obj] = out->len;
	buf_printf(out, "%d 0 obj\n<< %s /Filter /FlateDecode /Length %lu >>\n"
	    "stream\n", obj, dict, (unsigned long)zl);
	buf_add(out, z, zl);
	buf_adds(out, "\nendstream\nendobj\n");
	free(z);
	return 0;
}

int
svc_pdf_render(const struct svc_pdf_par *pars, int n, const char *qr_text,
    struct buf *out)
{
	struct writer w;
	struct buf tmp = BUF_INIT;
	size_t offs[16 + 2 * MAX_PAGES] = { 0 }, xref;
	int i, nobj, first_page = 8, rc = -1;
	unsigned g;

	pthread_once(&font_once, font_load);
	if (!font.ok)
		return -1;
	memset(&w, 0, sizeof(w));
	if ((w.unicode = calloc(65536, sizeof(*w.unicode))) == NULL)
		return -1;
	new_page(&w);
	for (i = 0; i < n; i++) {
		paragraph(&w, pars[i].text ? pars[i].text : "", pars[i].size,
		    pars[i].center);
		if (pars[i].qr_after)
			qr(&w, qr_text);
	}
	nobj = first_page + 2 * w.npages;
	buf_adds(out, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	offs[1] = out->len;
	buf_adds(out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	offs[2] = out->len;
	buf_printf(out, "2 0 obj\n<< /Type /Pages /Count %d /Kids [", w.npages);
	for (i = 0; i < w.npages; i++)
		buf_printf(out, " %d 0 R", first_page + 2 * i);
	buf_adds(out, " ] >>\nendobj\n");
	offs[3] = out->len;
	buf_adds(out, "3 0 obj\n<< /Type /Font /Subtype /Type0 /BaseFont"
	    " /DejaVuSans /Encoding /Identity-H /DescendantFonts [4 0 R]"
	    " /ToUnicode 7 0 R >>\nendobj\n");
	offs[4] = out->len;
	buf_adds(out, "4 0 obj\n<< /Type /Font /Subtype /CIDFontType2 /BaseFont"
	    " /DejaVuSans /CIDSystemInfo << /Registry (Adobe) /Ordering"
	    " (Identity) /Supplement 0 >> /FontDescriptor 5 0 R"
	    " /CIDToGIDMap /Identity /W [");
	for (g = 1; g < 65536; g++)
		if (w.unicode[g])
			buf_printf(out, " %u [%u]", g, advance(g) * 1000 /
			    font.upem);
	buf_adds(out, " ] >>\nendobj\n");
	offs[5] = out->len;
	buf_printf(out, "5 0 obj\n<< /Type /FontDescriptor /FontName /DejaVuSans"
	    " /Flags 32 /FontBBox [%d %d %d %d] /ItalicAngle 0 /Ascent 928"
	    " /Descent -236 /CapHeight 729 /StemV 80 /FontFile2 6 0 R >>\n"
	    "endobj\n", font.bbox[0] * 1000 / (int)font.upem, font.bbox[1] *
	    1000 / (int)font.upem, font.bbox[2] * 1000 / (int)font.upem,
	    font.bbox[3] * 1000 / (int)font.upem);
	offs[6] = out->len;
	buf_printf(out, "6 0 obj\n<< /Length %lu /Length1 %lu /Filter"
	    " /FlateDecode >>\nstream\n", (unsigned long)font.zlen,
	    (unsigned long)font.len);
	buf_add(out, font.z, font.zlen);
	buf_adds(out, "\nendstream\nendobj\n");
	buf_adds(&tmp, "/CIDInit /ProcSet findresource begin\n12 dict begin\n"
	    "begincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS)"
	    " /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\n"
	    "endcodespacerange\n");
	{
		int count = 0;
		struct buf chunk = BUF_INIT;

		for (g = 1; g < 65536; g++) {
			if (!w.unicode[g])
				continue;
			buf_printf(&chunk, "<%04X> <%04X>\n", g, w.unicode[g]);
			if (++count == 100) {
				buf_printf(&tmp, "100 beginbfchar\n%sendbfchar\n",
				    chunk.data);
				buf_reset(&chunk);
				count = 0;
			}
		}
		if (count)
			buf_printf(&tmp, "%d beginbfchar\n%sendbfchar\n", count,
			    chunk.data);
		buf_release(&chunk);
	}
	buf_adds(&tmp, "endcmap\nCMapName currentdict /CMap defineresource"
	    " pop\nend\nend\n");
	if (stream(out, offs, 7, "", tmp.data, tmp.len) < 0)
		goto out;
	for (i = 0; i < w.npages; i++) {
		int p = first_page + 2 * i;

		offs[p] = out->len;
		buf_printf(out, "%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox"
		    " [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >>"
		    " /Contents %d 0 R >>\nendobj\n", p, PAGE_W, PAGE_H, p + 1);
		if (stream(out, offs, p + 1, "", w.pages[i].data,
		    w.pages[i].len) < 0)
			goto out;
	}
	xref = out->len;
	buf_printf(out, "xref\n0 %d\n0000000000 65535 f \n", nobj);
	for (i = 1; i < nobj; i++)
		if (offs[i])
			buf_printf(out, "%010lu 00000 n \n",
			    (unsigned long)offs[i]);
		else
			buf_adds(out, "0000000000 65535 f \n");
	buf_printf(out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%lu\n"
	    "%%%%EOF\n", nobj, (unsigned long)xref);
	rc = 0;
out:
	for (i = 0; i < w.npages; i++)
		buf_release(&w.pages[i]);
	buf_release(&tmp);
	free(w.unicode);
	return rc;
}
