/*
 * sign_font.c - a TrueType font for the text of signature appearances,
 * so Vietnamese names keep their diacritics: the glyphs of the text are
 * looked up in the font's cmap, and the font is embedded as a subset
 * (the outlines of unused glyphs dropped, glyph numbers kept) in a Type0
 * font with Identity-H encoding (ISO 32000-1, 9.7; the TrueType tables
 * as documented in the OpenType specification).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/sign_font.h"

#define FONT_MAX	(32u << 20)

struct sign_font {
	unsigned char	*data;
	size_t		 len;
	uint16_t	 nglyphs, nhmetrics, upem;
	int		 longloca;
	const unsigned char *cmap4;	/* format 4 subtable */
	size_t		 cmap4len;
	const unsigned char *hmtx, *loca, *glyf;
	size_t		 hmtxlen, localen, glyflen;
	unsigned char	*used;		/* nglyphs flags */
	uint16_t	 uni[65536 / 1];	/* gid -> first code point seen */
};

static unsigned
u16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t
u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static const unsigned char *
table(const struct sign_font *f, const char *tag, size_t *len)
{
	unsigned n = u16(f->data + 4), i;

	for (i = 0; i < n && 12 + 16 * (i + 1) <= f->len; i++) {
		const unsigned char *r = f->data + 12 + 16 * i;
		uint32_t off = u32(r + 8), l = u32(r + 12);

		if (memcmp(r, tag, 4) == 0) {
			if (off > f->len || l > f->len - off)
				return NULL;
			*len = l;
			return f->data + off;
		}
	}
	return NULL;
}

struct sign_font *
sign_font_open(const char *path)
{
	const unsigned char *head, *hhea, *maxp, *cmap;
	size_t hl, hhl, ml, cl, i;
	struct sign_font *f;
	long sz;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	if ((f = calloc(1, sizeof(*f))) == NULL)
		goto fail;
	if (fseek(fp, 0, SEEK_END) < 0 || (sz = ftell(fp)) < 12 ||
	    (size_t)sz > FONT_MAX || fseek(fp, 0, SEEK_SET) < 0)
		goto fail;
	f->len = (size_t)sz;
	if ((f->data = malloc(f->len)) == NULL ||
	    fread(f->data, 1, f->len, fp) != f->len)
		goto fail;
	fclose(fp);
	fp = NULL;
	if (12 + 16 * (size_t)u16(f->data + 4) > f->len)
		goto fail;
	head = table(f, "head", &hl);
	hhea = table(f, "hhea", &hhl);
	maxp = table(f, "maxp", &ml);
	cmap = table(f, "cmap", &cl);
	f->hmtx = table(f, "hmtx", &f->hmtxlen);
	f->loca = table(f, "loca", &f->localen);
	f->glyf = table(f, "glyf", &f->glyflen);
	if (head == NULL || hl < 54 || hhea == NULL || hhl < 36 ||
	    maxp == NULL || ml < 6 || cmap == NULL || cl < 4 ||
	    f->hmtx == NULL || f->loca == NULL || f->glyf == NULL)
		goto fail;
	f->upem = (uint16_t)u16(head + 18);
	f->longloca = u16(head + 50) != 0;
	f->nglyphs = (uint16_t)u16(maxp + 4);
	f->nhmetrics = (uint16_t)u16(hhea + 34);
	if (f->upem == 0 || f->nglyphs == 0 || f->nhmetrics == 0 ||
	    f->nhmetrics > f->nglyphs ||
	    (size_t)f->nhmetrics * 4 > f->hmtxlen ||
	    ((size_t)f->nglyphs + 1) * (f->longloca ? 4 : 2) > f->localen)
		goto fail;
	for (i = 0; i < u16(cmap + 2) && 4 + 8 * (i + 1) <= cl; i++) {
		const unsigned char *r = cmap + 4 + 8 * i;
		uint32_t off = u32(r + 4);

		if (u16(r) == 3 && u16(r + 2) == 1 && off + 4 <= cl &&
		    u16(cmap + off) == 4) {
			f->cmap4 = cmap + off;
			f->cmap4len = u16(cmap + off + 2);
			if (off + f->cmap4len > cl || f->cmap4len < 14)
				goto fail;
		}
	}
	if (f->cmap4 == NULL || (f->used = calloc(f->nglyphs, 1)) == NULL)
		goto fail;
	f->used[0] = 1;
	return f;
fail:
	if (fp != NULL)
		fclose(fp);
	sign_font_free(f);
	return NULL;
}

void
sign_font_free(struct sign_font *f)
{
	if (f == NULL)
		return;
	free(f->data);
	free(f->used);
	free(f);
}

static unsigned
glyph_of(const struct sign_font *f, unsigned c)
{
	const unsigned char *t = f->cmap4;
	unsigned segx2 = u16(t + 6), i, n = segx2 / 2;
	const unsigned char *ends = t + 14, *starts = ends + segx2 + 2;
	const unsigned char *delta = starts + segx2, *ro = delta + segx2;

	if (c > 0xffff || 14 + 4 * (size_t)segx2 + 2 > f->cmap4len)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned end = u16(ends + 2 * i), start = u16(starts + 2 * i);
		unsigned r, g;

		if (c > end)
			continue;
		if (c < start)
			return 0;
		r = u16(ro + 2 * i);
		if (r == 0)
			return (c + u16(delta + 2 * i)) & 0xffff;
		{
			size_t at = (size_t)(ro + 2 * i - t) + r +
			    2 * (c - start);

			if (at + 2 > f->cmap4len)
				return 0;
			g = u16(t + at);
		}
		return g == 0 ? 0 : (g + u16(delta + 2 * i)) & 0xffff;
	}
	return 0;
}

static unsigned
advance(const struct sign_font *f, unsigned g)
{
	unsigned i = g < f->nhmetrics ? g : f->nhmetrics - 1u;

	return u16(f->hmtx + 4 * i);
}

static void
glyph_range(const struct sign_font *f, unsigned g, size_t *off, size_t *len)
{
	size_t a, b;

	if (f->longloca) {
		a = u32(f->loca + 4 * g);
		b = u32(f->loca + 4 * g + 4);
	} else {
		a = (size_t)u16(f->loca + 2 * g) * 2;
		b = (size_t)u16(f->loca + 2 * g + 2) * 2;
	}
	if (b < a || b > f->glyflen)
		a = b = 0;
	*off = a;
	*len = b - a;
}

/* Mark glyph `g` and, for a composite glyph, its components. */
static void
mark(struct sign_font *f, unsigned g, int depth)
{
	size_t off, len, p;
	unsigned flags;

	if (g >= f->nglyphs || depth > 8)
		return;
	f->used[g] = 1;
	glyph_range(f, g, &off, &len);
	if (len < 10 || (int16_t)u16(f->glyf + off) >= 0)
		return;
	p = off + 10;
	do {
		if (p + 4 > off + len)
			return;
		flags = u16(f->glyf + p);
		mark(f, u16(f->glyf + p + 2), depth + 1);
		p += 4 + ((flags & 1) ? 4 : 2);
		if (flags & 8)
			p += 2;
		else if (flags & 0x40)
			p += 4;
		else if (flags & 0x80)
			p += 8;
	} while (flags & 0x20);
}

double
sign_font_text(struct sign_font *f, const char *utf8, double size,
    struct buf *hex)
{
	const unsigned char *s = (const unsigned char *)utf8;
	double w = 0;

	buf_addch(hex, '<');
	while (*s != '\0') {
		unsigned c = *s++, g, n = 0;

		if (c >= 0xe0 && c < 0xf0) {
			c &= 15;
			n = 2;
		} else if (c >= 0xc0 && c < 0xe0) {
			c &= 31;
			n = 1;
		} else if (c >= 0x80) {
			c = 0xfffd;
			while (*s >= 0x80 && *s < 0xc0)
				s++;
		}
		for (; n > 0; n--) {
			if ((*s & 0xc0) != 0x80) {
				c = 0xfffd;
				break;
			}
			c = c << 6 | (*s++ & 0x3f);
		}
		g = glyph_of(f, c);
		mark(f, g, 0);
		if (f->uni[g] == 0)
			f->uni[g] = (uint16_t)c;
		w += advance(f, g) * size / f->upem;
		buf_printf(hex, "%04X", g);
	}
	buf_addch(hex, '>');
	return w;
}

static uint32_t
checksum(const unsigned char *p, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i < n; i += 4) {
		unsigned char q[4] = { 0, 0, 0, 0 };

		memcpy(q, p + i, n - i < 4 ? n - i : 4);
		s += u32(q);
	}
	return s;
}

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* The subset font file: the same glyph numbers, unused outlines empty. */
static int
subset(struct sign_font *f, struct buf *out)
{
	static const char *const keep[] = { "cvt ", "fpgm", "glyf", "head",
	    "hhea", "hmtx", "loca", "maxp", "prep" };
	struct { const char *tag; struct buf b; } t[9];
	size_t nt = 0, i, off, len, hdr;
	unsigned g;
	int rc = -1;

	for (i = 0; i < 9; i++) {
		const unsigned char *p = NULL;

		if (strcmp(keep[i], "glyf") != 0 &&
		    strcmp(keep[i], "loca") != 0 &&
		    (p = table(f, keep[i], &len)) == NULL)
			continue;
		t[nt].tag = keep[i];
		buf_init(&t[nt].b, 0);
		if (p != NULL)
			buf_add(&t[nt].b, p, len);
		nt++;
	}
	/* glyf and loca (long offsets), rebuilt. */
	for (i = 0; i < nt; i++) {
		if (strcmp(t[i].tag, "glyf") == 0) {
			size_t k, gl = i, ll = 0;
			unsigned char q[4];

			for (k = 0; k < nt; k++)
				if (strcmp(t[k].tag, "loca") == 0)
					ll = k;
			for (g = 0; g <= f->nglyphs; g++) {
				put32(q, (uint32_t)t[gl].b.len);
				buf_add(&t[ll].b, q, 4);
				if (g == f->nglyphs || !f->used[g])
					continue;
				glyph_range(f, g, &off, &len);
				buf_add(&t[gl].b, f->glyf + off, len);
				while (t[gl].b.len % 4 != 0)
					buf_addch(&t[gl].b, 0);
			}
		}
		if (strcmp(t[i].tag, "head") == 0 && t[i].b.len >= 54) {
			put32((unsigned char *)t[i].b.data + 8, 0);
			put16((unsigned char *)t[i].b.data + 50, 1);
		}
	}
	hdr = 12 + 16 * nt;
	buf_init(out, 0);
	if (buf_grow(out, hdr) < 0)
		goto out;
	memset(out->data, 0, hdr);
	out->len = hdr;
	put32((unsigned char *)out->data, 0x00010000);
	put16((unsigned char *)out->data + 4, (unsigned)nt);
	put16((unsigned char *)out->data + 6, 128);
	put16((unsigned char *)out->data + 8, 3);
	put16((unsigned char *)out->data + 10, (unsigned)(nt * 16 - 128));
	for (i = 0; i < nt; i++) {
		unsigned char *r = (unsigned char *)out->data + 12 + 16 * i;

		memcpy(r, t[i].tag, 4);
		put32(r + 4, checksum((unsigned char *)t[i].b.data,
		    t[i].b.len));
		put32(r + 8, (uint32_t)out->len);
		put32(r + 12, (uint32_t)t[i].b.len);
		if (buf_add(out, t[i].b.data, t[i].b.len) < 0)
			goto out;
		while (out->len % 4 != 0)
			buf_addch(out, 0);
	}
	rc = 0;
out:
	for (i = 0; i < nt; i++)
		buf_release(&t[i].b);
	return rc;
}

int
sign_font_write(struct sign_font *f, struct sign_upd *u, uint32_t *font)
{
	uint32_t cid = sign_upd_new(u), desc = sign_upd_new(u);
	uint32_t file = sign_upd_new(u), tou = sign_upd_new(u);
	struct buf ff = BUF_INIT, w = BUF_INIT, cm = BUF_INIT, dict = BUF_INIT;
	const char *name = "CSSIGN+DejaVuSans";
	unsigned g, n = 0;
	int rc = -1;

	*font = sign_upd_new(u);
	buf_init(&w, 0);
	buf_init(&cm, 0);
	buf_init(&dict, 0);
	if (subset(f, &ff) < 0)
		goto out;
	for (g = 0; g < f->nglyphs; g++) {
		if (!f->used[g])
			continue;
		buf_printf(&w, "%u[%u]", g, advance(f, g) * 1000u / f->upem);
		if (f->uni[g] != 0)
			n++;
	}
	buf_printf(&cm, "/CIDInit /ProcSet findresource begin 12 dict begin"
	    " begincmap /CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)"
	    "/Supplement 0>>def /CMapName/Adobe-Identity-UCS def"
	    " /CMapType 2 def 1 begincodespacerange <0000><FFFF>"
	    " endcodespacerange\n%u beginbfchar\n", n);
	for (g = 0; g < f->nglyphs; g++)
		if (f->used[g] && f->uni[g] != 0)
			buf_printf(&cm, "<%04X><%04X>\n", g, f->uni[g]);
	buf_adds(&cm, "endbfchar endcmap CMapName currentdict /CMap"
	    " defineresource pop end end\n");
	buf_printf(&dict, "/Length1 %zu", ff.len);
	if (sign_upd_stream(u, file, dict.data, ff.data, ff.len, 1) < 0 ||
	    sign_upd_stream(u, tou, "", cm.data, cm.len, 1) < 0)
		goto out;
	if (sign_upd_begin(u, desc) < 0 ||
	    buf_printf(&u->b, "<</Type/FontDescriptor/FontName/%s/Flags 32"
	    "/FontBBox[-1021 -463 1793 1232]/ItalicAngle 0/Ascent 928"
	    "/Descent -236/CapHeight 729/StemV 80/FontFile2 %u 0 R>>",
	    name, file) < 0 || sign_upd_end(u) < 0)
		goto out;
	if (sign_upd_begin(u, cid) < 0 ||
	    buf_printf(&u->b, "<</Type/Font/Subtype/CIDFontType2/BaseFont/%s"
	    "/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)"
	    "/Supplement 0>>/FontDescriptor %u 0 R/CIDToGIDMap/Identity"
	    "/DW 1000/W[%s]>>", name, desc, w.data) < 0 || sign_upd_end(u) < 0)
		goto out;
	if (sign_upd_begin(u, *font) < 0 ||
	    buf_printf(&u->b, "<</Type/Font/Subtype/Type0/BaseFont/%s"
	    "/Encoding/Identity-H/DescendantFonts[%u 0 R]/ToUnicode %u 0 R>>",
	    name, cid, tou) < 0 || sign_upd_end(u) < 0)
		goto out;
	rc = 0;
out:
	buf_release(&ff);
	buf_release(&w);
	buf_release(&cm);
	buf_release(&dict);
	return rc;
}
