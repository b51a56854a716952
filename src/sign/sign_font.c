/*
 * sign_font.c - a TrueType font for the text of signature appearances,
 * so Vietnamese names keep their diacritics: the glyphs of the text are
 * looked up in the font's cmap, and the font is embedded as a subset
 * (the outlines of unused glyphs dropped, glyph numbers kept) in a Type0
 * font with Identity-H encoding (ISO 32000-1, 9.7; the TrueType tables
 * as documented in the OpenType specification).
 */
#include <sys/stat.h>

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "sign/sign_font.h"

#define FONT_MAX	(32u << 20)
#define FONT_FILES	4
/* Glyphs always in the subset, so that the subset of one signer's name
 * stays the same from one signing time to the next and is reused. */
#define FONT_ALWAYS	"0123456789 :/+-.,()"

/*
 * A font file read once and shared by every sign_font opened on it
 * while the file is unchanged, with the last subset made of it (the
 * glyphs used, and the compressed font program). `refs` counts the
 * users plus one while it sits in the table; all of it under `mu`.
 */
struct font_file {
	char		 path[PATH_MAX];
	struct stat	 st;
	unsigned char	*data;
	size_t		 len;
	int		 refs;
	unsigned char	*last_used;	/* glyph flags of the last subset */
	size_t		 last_n;
	unsigned char	*zfont;		/* its compressed font program */
	size_t		 zlen, flen;
};

static pthread_mutex_t font_mu = PTHREAD_MUTEX_INITIALIZER;
static struct font_file *font_files[FONT_FILES];
static unsigned font_next;

static void
font_file_unref(struct font_file *ff)
{
	int last;

	pthread_mutex_lock(&font_mu);
	last = --ff->refs == 0;
	pthread_mutex_unlock(&font_mu);
	if (!last)
		return;
	free(ff->data);
	free(ff->last_used);
	free(ff->zfont);
	free(ff);
}

/* The font file at `path`, read now or earlier; NULL when unreadable. */
static struct font_file *
font_file_get(const char *path)
{
	struct font_file *ff = NULL, *old;
	struct stat st;
	FILE *fp;
	int i;

	if (strlen(path) >= PATH_MAX || (fp = fopen(path, "rb")) == NULL)
		return NULL;
	if (fstat(fileno(fp), &st) < 0 || st.st_size < 12 ||
	    (uintmax_t)st.st_size > FONT_MAX)
		goto fail;
	pthread_mutex_lock(&font_mu);
	for (i = 0; i < FONT_FILES; i++) {
		struct font_file *c = font_files[i];

		if (c != NULL && strcmp(c->path, path) == 0 &&
		    c->st.st_dev == st.st_dev && c->st.st_ino == st.st_ino &&
		    c->st.st_size == st.st_size &&
		    c->st.st_mtim.tv_sec == st.st_mtim.tv_sec &&
		    c->st.st_mtim.tv_nsec == st.st_mtim.tv_nsec) {
			c->refs++;
			pthread_mutex_unlock(&font_mu);
			fclose(fp);
			return c;
		}
	}
	pthread_mutex_unlock(&font_mu);
	if ((ff = calloc(1, sizeof(*ff))) == NULL)
		goto fail;
	snprintf(ff->path, sizeof(ff->path), "%s", path);
	ff->st = st;
	ff->len = (size_t)st.st_size;
	if ((ff->data = malloc(ff->len)) == NULL ||
	    fread(ff->data, 1, ff->len, fp) != ff->len)
		goto fail;
	fclose(fp);
	ff->refs = 2;	/* the caller, and the table */
	pthread_mutex_lock(&font_mu);
	old = font_files[font_next % FONT_FILES];
	font_files[font_next++ % FONT_FILES] = ff;
	pthread_mutex_unlock(&font_mu);
	if (old != NULL)
		font_file_unref(old);
	return ff;
fail:
	fclose(fp);
	if (ff != NULL) {
		free(ff->data);
		free(ff);
	}
	return NULL;
}

struct sign_font {
	struct font_file *file;
	const unsigned char *data;
	size_t		 len;
	uint16_t	 nglyphs, nhmetrics, upem;
	int		 longloca;
	const unsigned char *cmap4;	/* format 4 subtable */
	size_t		 cmap4len;
	const unsigned char *hmtx, *loca, *glyf;
	size_t		 hmtxlen, localen, glyflen;
	unsigned char	*used;		/* nglyphs flags */
	uint16_t	 uni[65536 / 1];	/* gid -> first code point seen */
	char		 name[48];	/* "CSSIGN+" and the file's name */
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

/* The PostScript name: a subset tag and the file's base name. */
static void
font_name(struct sign_font *f, const char *path)
{
	const char *b = strrchr(path, '/');
	size_t n = 7;

	memcpy(f->name, "CSSIGN+", 7);
	for (b = b != NULL ? b + 1 : path; *b != '\0' && *b != '.' &&
	    n < sizeof(f->name) - 1; b++)
		if ((*b >= 'A' && *b <= 'Z') || (*b >= 'a' && *b <= 'z') ||
		    (*b >= '0' && *b <= '9') || *b == '-')
			f->name[n++] = *b;
	if (n == 7) {
		memcpy(f->name + n, "Font", 4);
		n += 4;
	}
	f->name[n] = '\0';
}

static unsigned	 glyph_of(const struct sign_font *, unsigned);
static void	 mark(struct sign_font *, unsigned, int);

struct sign_font *
sign_font_open(const char *path)
{
	const unsigned char *head, *hhea, *maxp, *cmap, *a;
	size_t hl, hhl, ml, cl, i;
	struct sign_font *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	if ((f->file = font_file_get(path)) == NULL)
		goto fail;
	f->data = f->file->data;
	f->len = f->file->len;
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
	for (a = (const unsigned char *)FONT_ALWAYS; *a != '\0'; a++) {
		unsigned g = glyph_of(f, *a);

		mark(f, g, 0);
		if (f->uni[g] == 0)
			f->uni[g] = *a;
	}
	font_name(f, path);
	return f;
fail:
	sign_font_free(f);
	return NULL;
}

void
sign_font_free(struct sign_font *f)
{
	if (f == NULL)
		return;
	if (f->file != NULL)
		font_file_unref(f->file);
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

/* The subset font program as stream `num`: made and compressed, or
 * taken from the font file's last subset when the glyphs are the same. */
static int
font_program(struct sign_font *f, struct sign_upd *u, uint32_t num)
{
	struct font_file *ff = f->file;
	struct buf prog = BUF_INIT;
	unsigned char *z = NULL, *used = NULL;
	char dict[64];
	uLongf zlen;
	size_t flen;
	int rc = -1;

	pthread_mutex_lock(&font_mu);
	if (ff->last_used != NULL && ff->last_n == f->nglyphs &&
	    memcmp(ff->last_used, f->used, f->nglyphs) == 0) {
		snprintf(dict, sizeof(dict), "/Length1 %zu", ff->flen);
		rc = sign_upd_stream_z(u, num, dict, ff->zfont, ff->zlen);
		pthread_mutex_unlock(&font_mu);
		return rc;
	}
	pthread_mutex_unlock(&font_mu);
	buf_init(&prog, 0);
	if (subset(f, &prog) < 0)
		goto out;
	flen = prog.len;
	zlen = compressBound((uLong)prog.len);
	if ((z = malloc(zlen)) == NULL ||
	    compress2(z, &zlen, (const Bytef *)prog.data, (uLong)prog.len,
	    6) != Z_OK)
		goto out;
	snprintf(dict, sizeof(dict), "/Length1 %zu", flen);
	if (sign_upd_stream_z(u, num, dict, z, zlen) < 0)
		goto out;
	if ((used = malloc(f->nglyphs)) != NULL) {
		memcpy(used, f->used, f->nglyphs);
		pthread_mutex_lock(&font_mu);
		free(ff->last_used);
		free(ff->zfont);
		ff->last_used = used;
		ff->last_n = f->nglyphs;
		ff->zfont = z;
		ff->zlen = zlen;
		ff->flen = flen;
		pthread_mutex_unlock(&font_mu);
		z = NULL;
	}
	rc = 0;
out:
	free(z);
	buf_release(&prog);
	return rc;
}

int
sign_font_write(struct sign_font *f, struct sign_upd *u, uint32_t *font)
{
	*font = sign_upd_new(u);
	return sign_font_write_as(f, u, *font);
}

int
sign_font_write_as(struct sign_font *f, struct sign_upd *u, uint32_t font)
{
	uint32_t cid = sign_upd_new(u), desc = sign_upd_new(u);
	uint32_t file = sign_upd_new(u), tou = sign_upd_new(u);
	struct buf w = BUF_INIT, cm = BUF_INIT;
	const char *name = f->name;
	unsigned g, n = 0;
	int rc = -1;

	buf_init(&w, 0);
	buf_init(&cm, 0);
	if (font_program(f, u, file) < 0)
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
	if (sign_upd_stream(u, tou, "", cm.data, cm.len, 1) < 0)
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
	if (sign_upd_begin(u, font) < 0 ||
	    buf_printf(&u->b, "<</Type/Font/Subtype/Type0/BaseFont/%s"
	    "/Encoding/Identity-H/DescendantFonts[%u 0 R]/ToUnicode %u 0 R>>",
	    name, cid, tou) < 0 || sign_upd_end(u) < 0)
		goto out;
	rc = 0;
out:
	buf_release(&w);
	buf_release(&cm);
	return rc;
}
