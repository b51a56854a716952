/*
 * pdfw.c - a small PDF writer (see pdfw.h). The font is DejaVu Sans,
 * read and compressed once per process; its glyphs are looked up in the
 * cmap's Unicode BMP subtable and their widths in hmtx (the TrueType
 * tables as documented in the OpenType specification); the document is
 * written as ISO 32000-1 objects with a cross-reference table.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "log.h"
#include "pdfw.h"

#define FONT_PATH	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define TABLE_COLS	16
#define CELL_LINES	64
#define CELL_PAD	3

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

struct pdfw {
	struct buf	*pages;			/* content streams */
	int		 npages, cap;
	int		 pw, ph, margin;
	double		 y;			/* from the bottom */
	unsigned short	*unicode;		/* glyph → code point */
	int		 failed;		/* memory ran out */
	/* The table under way. */
	int		 ncol, nhead, tsize;
	double		 colw[TABLE_COLS];
	const char *const *head;
};

/* A line of a cell: `n` bytes from `s`. */
struct seg {
	const char	*s;
	size_t		 n;
};

static struct buf *
cur(struct pdfw *w)
{
	return &w->pages[w->npages - 1];
}

static void
new_page(struct pdfw *w)
{
	struct buf *p;
	int cap;

	if (w->npages == w->cap) {
		cap = w->cap ? w->cap * 2 : 8;
		if ((p = realloc(w->pages, sizeof(*p) * (size_t)cap)) == NULL) {
			/* Drawn over the last page; pdfw_finish fails. */
			w->failed = 1;
			w->y = w->ph - w->margin;
			return;
		}
		w->pages = p;
		w->cap = cap;
	}
	buf_init(&w->pages[w->npages++], 0);
	buf_adds(cur(w), "0.5 w\n");
	w->y = w->ph - w->margin;
}

struct pdfw *
pdfw_new(int pw, int ph, int margin)
{
	struct pdfw *w;

	pthread_once(&font_once, font_load);
	if (!font.ok || (w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->pw = pw;
	w->ph = ph;
	w->margin = margin;
	if ((w->unicode = calloc(65536, sizeof(*w->unicode))) == NULL) {
		free(w);
		return NULL;
	}
	new_page(w);
	if (w->npages == 0) {
		pdfw_free(w);
		return NULL;
	}
	return w;
}

void
pdfw_free(struct pdfw *w)
{
	int i;

	if (w == NULL)
		return;
	for (i = 0; i < w->npages; i++)
		buf_release(&w->pages[i]);
	free(w->pages);
	free(w->unicode);
	free(w);
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

double
pdfw_width(const char *s, int size)
{
	return width(s, strlen(s), size);
}

/* One line of `n` bytes, its baseline at x, y. */
static void
show(struct pdfw *w, const char *s, size_t n, int size, double x, double y)
{
	struct buf *b = cur(w);
	const char *e = s + n;
	unsigned c, g;

	buf_printf(b, "BT /F1 %d Tf %.2f %.2f Td <", size, x, y);
	while (s < e) {
		c = next_cp(&s);
		g = c < 0x10000 ? glyph(c) : 0;
		if (c < 0x10000 && g && w->unicode[g] == 0)
			w->unicode[g] = (unsigned short)c;
		buf_printf(b, "%04X", g);
	}
	buf_adds(b, "> Tj ET\n");
}

void
pdfw_need(struct pdfw *w, double h)
{
	if (w->y - h < w->margin)
		new_page(w);
}

double
pdfw_y(const struct pdfw *w)
{
	return w->y;
}

void
pdfw_down(struct pdfw *w, double h)
{
	w->y -= h;
}

void
pdfw_text_at(struct pdfw *w, double x, const char *text, int size)
{
	show(w, text, strlen(text), size, x, w->y);
}

void
pdfw_fill(struct pdfw *w, double x, double y, double wd, double ht)
{
	buf_printf(cur(w), "%.2f %.2f %.2f %.2f re f\n", x, y, wd, ht);
}

/*
 * Lines of `s` no wider than `maxw`: broken at the last space that lets
 * a line fit, inside a word only when the word alone is wider, and at
 * every newline. At most `max` lines; *cut when more were needed.
 */
static int
wrap(const char *s, double maxw, int size, struct seg *out, int max,
    int *cut)
{
	const char *q, *prev, *brk;
	double wd, cw;
	unsigned c;
	int n = 0;

	*cut = 0;
	while (*s) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		if (n == max) {
			*cut = 1;
			break;
		}
		wd = 0;
		brk = NULL;
		for (q = s; *q && *q != '\n'; ) {
			prev = q;
			c = next_cp(&q);
			cw = advance(glyph(c)) * (double)size / font.upem;
			if (wd + cw > maxw && prev > s) {
				if (brk == NULL)
					brk = prev;
				break;
			}
			wd += cw;
			if (c == ' ')
				brk = prev;
			brk = *q == '\0' || *q == '\n' ? q : brk;
		}
		if (brk == NULL || brk == s)
			brk = q;
		out[n].s = s;
		out[n++].n = (size_t)(brk - s);
		s = brk;
		if (*s == '\n')
			s++;
	}
	return n;
}

void
pdfw_paragraph(struct pdfw *w, const char *text, int size, int center)
{
	struct seg lines[CELL_LINES];
	double maxw = w->pw - 2 * w->margin, lead = size * 1.35;
	int n, i, cut;

	if (size <= 0) {
		w->y -= 8;
		return;
	}
	while (*text) {
		n = wrap(text, maxw, size, lines, CELL_LINES, &cut);
		for (i = 0; i < n; i++) {
			if (w->y - lead < w->margin)
				new_page(w);
			w->y -= lead;
			show(w, lines[i].s, lines[i].n, size, center ? (w->pw -
			    width(lines[i].s, lines[i].n, size)) / 2 :
			    w->margin, w->y);
		}
		if (!cut)
			break;
		text = lines[n - 1].s + lines[n - 1].n;
	}
}

/* A row's cells wrapped to their columns, and its height. */
struct row {
	struct seg	 lines[TABLE_COLS][CELL_LINES];
	int		 n[TABLE_COLS];
	int		 cut[TABLE_COLS];
	double		 h;
};

/* Wrap a row's cells once, for its height and then its drawing: at most
 * as tall as a page under the table's head. */
static void
layout(struct pdfw *w, const char *const *cells, struct row *rw)
{
	double lead = w->tsize * 1.25;
	int k, most = 1, room;

	room = (int)((w->ph - 2 * w->margin - 2 * CELL_PAD) / lead) - 4 *
	    w->nhead;
	if (room < 1)
		room = 1;
	if (room > CELL_LINES)
		room = CELL_LINES;
	for (k = 0; k < w->ncol; k++) {
		rw->n[k] = wrap(cells[k] ? cells[k] : "", w->colw[k] - 2 *
		    CELL_PAD, w->tsize, rw->lines[k], room, &rw->cut[k]);
		if (rw->n[k] > most)
			most = rw->n[k];
	}
	rw->h = most * lead + 2 * CELL_PAD;
}

/* A laid out row drawn from the current height down: ruled, on grey
 * when `ground`, the text centred when `center`. */
static void
draw_row(struct pdfw *w, const struct row *rw, int ground, int center)
{
	const struct seg *l;
	double lead = w->tsize * 1.25, h = rw->h, x = w->margin;
	struct buf *b = cur(w);
	int k, i;

	for (k = 0; k < w->ncol; k++) {
		if (ground)
			buf_printf(b, "0.9 g\n%.2f %.2f %.2f %.2f re f\n0 g\n",
			    x, w->y - h, w->colw[k], h);
		buf_printf(b, "%.2f %.2f %.2f %.2f re S\n", x, w->y - h,
		    w->colw[k], h);
		for (i = 0; i < rw->n[k]; i++) {
			l = &rw->lines[k][i];
			show(w, l->s, l->n, w->tsize, center ? x + (w->colw[k] -
			    width(l->s, l->n, w->tsize)) / 2 : x + CELL_PAD,
			    w->y - CELL_PAD - w->tsize * 0.95 - i * lead);
		}
		/* What did not fit is left out, and says so. */
		if (rw->cut[k] && rw->n[k] > 0) {
			l = &rw->lines[k][rw->n[k] - 1];
			show(w, "…", strlen("…"), w->tsize, x + CELL_PAD +
			    width(l->s, l->n, w->tsize), w->y - CELL_PAD -
			    w->tsize * 0.95 - (rw->n[k] - 1) * lead);
		}
		x += w->colw[k];
	}
	w->y -= h;
}

static void
draw_head(struct pdfw *w, struct row *rw)
{
	int i;

	for (i = 0; i < w->nhead; i++) {
		layout(w, w->head + i * w->ncol, rw);
		draw_row(w, rw, 1, 1);
	}
}

void
pdfw_table(struct pdfw *w, int ncol, const double *widths,
    const char *const *head, int nhead, int size)
{
	struct row *rw;
	double total = 0, h = 0;
	int k, i;

	if (ncol > TABLE_COLS)
		ncol = TABLE_COLS;
	for (k = 0; k < ncol; k++)
		total += widths[k];
	w->ncol = ncol;
	w->nhead = nhead;
	w->head = head;
	w->tsize = size;
	for (k = 0; k < ncol; k++)
		w->colw[k] = total > 0 ? (w->pw - 2 * w->margin) * widths[k] /
		    total : 0;
	if ((rw = malloc(sizeof(*rw))) == NULL) {
		w->failed = 1;
		return;
	}
	for (i = 0; i < nhead; i++) {
		layout(w, head + i * ncol, rw);
		h += rw->h;
	}
	pdfw_need(w, h + size * 2);
	draw_head(w, rw);
	free(rw);
}

void
pdfw_row(struct pdfw *w, const char *const *cells)
{
	struct row *rw, *head;

	/* Lines of every cell: too many for a thread's stack. */
	if ((rw = malloc(sizeof(*rw))) == NULL) {
		w->failed = 1;
		return;
	}
	layout(w, cells, rw);
	if (w->y - rw->h < w->margin && w->y < w->ph - w->margin - 1) {
		new_page(w);
		if ((head = malloc(sizeof(*head))) == NULL)
			w->failed = 1;
		else
			draw_head(w, head);
		free(head);
	}
	draw_row(w, rw, 0, 0);
	free(rw);
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
pdfw_finish(struct pdfw *w, struct buf *out)
{
	struct buf tmp = BUF_INIT;
	size_t *offs, xref;
	int i, nobj, first_page = 8, rc = -1;
	unsigned g;

	if (w->failed)
		return -1;
	nobj = first_page + 2 * w->npages;
	if ((offs = calloc((size_t)nobj, sizeof(*offs))) == NULL)
		return -1;
	buf_adds(out, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	offs[1] = out->len;
	buf_adds(out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	offs[2] = out->len;
	buf_printf(out, "2 0 obj\n<< /Type /Pages /Count %d /Kids [", w->npages);
	for (i = 0; i < w->npages; i++)
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
		if (w->unicode[g])
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
			if (!w->unicode[g])
				continue;
			buf_printf(&chunk, "<%04X> <%04X>\n", g, w->unicode[g]);
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
	for (i = 0; i < w->npages; i++) {
		int p = first_page + 2 * i;

		offs[p] = out->len;
		buf_printf(out, "%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox"
		    " [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >>"
		    " /Contents %d 0 R >>\nendobj\n", p, w->pw, w->ph, p + 1);
		if (stream(out, offs, p + 1, "", w->pages[i].data,
		    w->pages[i].len) < 0)
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
	buf_release(&tmp);
	free(offs);
	return rc;
}
