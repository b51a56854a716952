/*
 * sign_pdf.c - signing a PDF as an incremental update (ISO 32000-1,
 * 7.5.6 and 12.8; ETSI EN 319 142-1 PAdES baseline B-B/B-T). Earlier
 * bytes are copied unchanged; appended are the signature dictionary, a
 * signature field with its widget, the changed page and form, and a
 * cross-reference section of the kind the file already ends with.
 *
 * The input is read and hashed through a fixed buffer, never held whole;
 * the output is a temporary file beside the destination, fsynced and
 * renamed, so no partial file is ever left behind.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <openssl/err.h>
#include <openssl/rand.h>

#include "core/x509.h"
#include "sign/pdf.h"
#include "sign/sign_int.h"

#define COPY_BUF	(1024 * 1024)
#define BR_WIDTH	60		/* "[0 a b c]" padded with spaces */
#define VN_OFFSET	(7 * 3600)	/* Vietnam: UTC+7, no summer time */

/* ---- text -------------------------------------------------------- */

/* Next code point of UTF-8 `*s` (advancing); U+FFFD for bad bytes. */
static unsigned
utf8_next(const unsigned char **s)
{
	const unsigned char *p = *s;
	unsigned c = *p++, n = 0, i;

	if (c >= 0xf0 && c < 0xf8) {
		n = 3;
		c &= 7;
	} else if (c >= 0xe0) {
		n = 2;
		c &= 15;
	} else if (c >= 0xc0) {
		n = 1;
		c &= 31;
	} else if (c >= 0x80)
		c = 0xfffd;
	for (i = 0; i < n; i++) {
		if ((*p & 0xc0) != 0x80) {
			c = 0xfffd;
			break;
		}
		c = c << 6 | (*p++ & 0x3f);
	}
	*s = p;
	return c > 0x10ffff ? 0xfffd : c;
}

int
sign_pdf_text(struct buf *b, const char *utf8)
{
	const unsigned char *s = (const unsigned char *)utf8;

	if (buf_adds(b, "<FEFF") < 0)
		return -1;
	while (*s != '\0') {
		unsigned c = utf8_next(&s);

		if (c >= 0x10000) {
			c -= 0x10000;
			if (buf_printf(b, "%04X%04X", 0xd800 + (c >> 10),
			    0xdc00 + (c & 0x3ff)) < 0)
				return -1;
		} else if (buf_printf(b, "%04X", c) < 0)
			return -1;
	}
	return buf_addch(b, '>');
}

/* ---- the update writer -------------------------------------------- */

uint32_t
sign_upd_new(struct sign_upd *u)
{
	return u->next++;
}

static int
upd_record(struct sign_upd *u, uint32_t num, uint64_t off)
{
	if (u->n == u->cap) {
		size_t nc = u->cap ? u->cap * 2 : 16;
		uint32_t *nn = realloc(u->nums, nc * sizeof(*nn));
		uint64_t *no;

		if (nn == NULL)
			return -1;
		u->nums = nn;
		if ((no = realloc(u->offs, nc * sizeof(*no))) == NULL)
			return -1;
		u->offs = no;
		u->cap = nc;
	}
	u->nums[u->n] = num;
	u->offs[u->n++] = off;
	return 0;
}

static int
upd_begin_gen(struct sign_upd *u, uint32_t num, unsigned gen)
{
	if (upd_record(u, num, u->base + u->b.len) < 0)
		return -1;
	return buf_printf(&u->b, "%u %u obj\n", num, gen);
}

int
sign_upd_begin(struct sign_upd *u, uint32_t num)
{
	return upd_begin_gen(u, num, 0);
}

int
sign_upd_end(struct sign_upd *u)
{
	return buf_adds(&u->b, "\nendobj\n");
}

int
sign_upd_stream_z(struct sign_upd *u, uint32_t num, const char *dict,
    const void *z, size_t zlen)
{
	if (sign_upd_begin(u, num) < 0 ||
	    buf_printf(&u->b, "<<%s/Length %zu/Filter/FlateDecode>>\nstream\n",
	    dict, zlen) < 0 || buf_add(&u->b, z, zlen) < 0 ||
	    buf_adds(&u->b, "\nendstream") < 0)
		return -1;
	return sign_upd_end(u);
}

/* Deflate `len` bytes into a new buffer `*z` (caller frees), with a
 * window and hash no larger than the data needs: most streams here are
 * small, and zlib's full-size state costs more to set up than they do
 * to compress. */
static int
deflate_small(const void *data, size_t len, unsigned char **z, size_t *zlen)
{
	z_stream zs;
	int wbits = 9, mlevel, rc;

	while (wbits < 15 && ((size_t)1 << wbits) < len)
		wbits++;
	mlevel = wbits - 6 > 8 ? 8 : wbits - 6;
	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, 6, Z_DEFLATED, wbits, mlevel,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	*zlen = deflateBound(&zs, (uLong)len);
	if ((*z = malloc(*zlen)) == NULL) {
		deflateEnd(&zs);
		return -1;
	}
	zs.next_in = (Bytef *)(uintptr_t)data;
	zs.avail_in = (uInt)len;
	zs.next_out = *z;
	zs.avail_out = (uInt)*zlen;
	rc = deflate(&zs, Z_FINISH);
	*zlen = zs.total_out;
	deflateEnd(&zs);
	if (rc != Z_STREAM_END) {
		free(*z);
		*z = NULL;
		return -1;
	}
	return 0;
}

int
sign_upd_stream(struct sign_upd *u, uint32_t num, const char *dict,
    const void *data, size_t len, int deflate)
{
	unsigned char *z = NULL;
	size_t zlen;
	int rc;

	if (!deflate) {
		if (sign_upd_begin(u, num) < 0 ||
		    buf_printf(&u->b, "<<%s/Length %zu>>\nstream\n", dict,
		    len) < 0 || buf_add(&u->b, data, len) < 0 ||
		    buf_adds(&u->b, "\nendstream") < 0)
			return -1;
		return sign_upd_end(u);
	}
	if (len > UINT32_MAX || deflate_small(data, len, &z, &zlen) < 0)
		return -1;
	rc = sign_upd_stream_z(u, num, dict, z, zlen);
	free(z);
	return rc;
}

static void
upd_release(struct sign_upd *u)
{
	buf_release(&u->b);
	free(u->nums);
	free(u->offs);
}

/* ---- objects ------------------------------------------------------ */

/* A copy of `dict` with `key` set to `val` (replaced or appended). */
static struct pdf_obj *
dict_set(struct pdf_doc *d, const struct pdf_obj *dict, const char *key,
    struct pdf_obj *val)
{
	struct pdf_obj *o = pdf_new(d, PDF_DICT);
	size_t i, n = dict != NULL ? dict->n : 0;
	int found = 0;

	if (o == NULL || (o->keys = pdf_alloc(d, (n + 1) *
	    sizeof(*o->keys))) == NULL || (o->items = pdf_alloc(d, (n + 1) *
	    sizeof(*o->items))) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		o->keys[i] = dict->keys[i];
		o->items[i] = dict->items[i];
		if (strcmp(dict->keys[i], key) == 0) {
			o->items[i] = val;
			found = 1;
		}
	}
	o->n = n;
	if (!found) {
		o->keys[n] = (char *)key;
		o->items[n] = val;
		o->n++;
	}
	return o;
}

/* A copy of array `a` (or an empty one) with `item` appended. */
static struct pdf_obj *
array_add(struct pdf_doc *d, const struct pdf_obj *a, struct pdf_obj *item)
{
	struct pdf_obj *o = pdf_new(d, PDF_ARRAY);
	size_t n = a != NULL && a->type == PDF_ARRAY ? a->n : 0;

	if (o == NULL || (o->items = pdf_alloc(d, (n + 1) *
	    sizeof(*o->items))) == NULL)
		return NULL;
	if (n > 0)
		memcpy(o->items, a->items, n * sizeof(*o->items));
	o->items[n] = item;
	o->n = n + 1;
	return o;
}

static struct pdf_obj *
mkref(struct pdf_doc *d, uint32_t num, uint16_t gen)
{
	struct pdf_obj *o = pdf_new(d, PDF_REF);

	if (o != NULL) {
		o->num = num;
		o->gen = gen;
	}
	return o;
}

static struct pdf_obj *
mkint(struct pdf_doc *d, long long v)
{
	struct pdf_obj *o = pdf_new(d, PDF_INT);

	if (o != NULL)
		o->i = v;
	return o;
}

static uint16_t
gen_of(struct pdf_doc *d, uint32_t num)
{
	if (num < d->view.n && d->view.ent[num].type == PDF_X_OFFSET)
		return d->view.ent[num].gen;
	return 0;
}

/* Rewrite object `num` (keeping its generation) as `o`. */
static int
rewrite(struct sign_upd *u, struct pdf_doc *d, uint32_t num,
    const struct pdf_obj *o)
{
	if (upd_begin_gen(u, num, gen_of(d, num)) < 0 ||
	    pdf_write_obj(&u->b, o) < 0)
		return -1;
	return sign_upd_end(u);
}

static double
num_of(struct pdf_doc *d, struct pdf_obj *o, int *ok)
{
	o = pdf_resolve(d, NULL, o);
	if (o != NULL && o->type == PDF_INT)
		return (double)o->i;
	if (o != NULL && o->type == PDF_REAL)
		return strtod(o->s, NULL);
	*ok = 0;
	return 0;
}

/* The page's /MediaBox, looked up through /Parent (inherited). */
static void
media_box(struct pdf_doc *d, struct pdf_obj *page, double box[4])
{
	struct pdf_obj *b = NULL, *n = page;
	int i, ok, hops;

	box[0] = 0;
	box[1] = 0;
	box[2] = 595.28;
	box[3] = 841.89;
	for (hops = 0; n != NULL && n->type == PDF_DICT && hops < 64; hops++) {
		if ((b = pdf_dget(d, n, "MediaBox")) != NULL)
			break;
		n = pdf_dget(d, n, "Parent");
	}
	if (b == NULL || b->type != PDF_ARRAY || b->n != 4)
		return;
	ok = 1;
	for (i = 0; i < 4; i++) {
		double v = num_of(d, b->items[i], &ok);

		if (ok)
			box[i] = v;
	}
}

/* Where the widget goes: the option, or the role's place near the
 * bottom right, where a Vietnamese document puts its signature. */
static void
place(const struct sign_opts *o, const double box[4], double r[4])
{
	double x = box[2] - 265, y = box[1] + 150;

	if (o->has_rect) {
		memcpy(r, o->rect, sizeof(o->rect));
		return;
	}
	if (o->role == SIGN_ROLE_SEAL) {
		/* About 36 mm, centred so that it covers the left third of
		 * the leader's signature. */
		double dia = 36 / 25.4 * 72, cx = x + 200 / 3.0 - dia / 2;

		r[0] = cx;
		r[1] = y + 45 - dia / 2;
		r[2] = cx + dia;
		r[3] = y + 45 + dia / 2;
		return;
	}
	r[0] = x;
	r[1] = y;
	r[2] = x + 200;
	r[3] = y + 90;
}

static int
unique_name(struct pdf_doc *d, char *out, size_t len)
{
	char **names;
	int i, k, clash;

	if (pdf_field_names(d, &names) < 0)
		return -1;
	for (i = 1; i < 100000; i++) {
		snprintf(out, len, "Signature%d", i);
		clash = 0;
		for (k = 0; names[k] != NULL; k++)
			if (strcmp(names[k], out) == 0)
				clash = 1;
		if (!clash)
			return 0;
	}
	return -1;
}

static int
add_id(struct pdf_doc *d, struct buf *b)
{
	struct pdf_obj *id = pdf_dget(d, d->trailer, "ID");
	unsigned char r[16];
	int i;

	if (RAND_bytes(r, sizeof(r)) != 1)
		return -1;
	if (buf_adds(b, "/ID [") < 0)
		return -1;
	if (id != NULL && id->type == PDF_ARRAY && id->n == 2 &&
	    id->items[0]->type == PDF_STRING) {
		if (pdf_write_obj(b, id->items[0]) < 0)
			return -1;
	} else {
		if (buf_addch(b, '<') < 0)
			return -1;
		for (i = 0; i < 16; i++)
			buf_printf(b, "%02X", r[15 - i]);
		buf_addch(b, '>');
	}
	buf_addch(b, '<');
	for (i = 0; i < 16; i++)
		buf_printf(b, "%02X", r[i]);
	return buf_adds(b, ">]");
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static uint64_t
off_of(const struct sign_upd *u, uint32_t num)
{
	size_t m;

	for (m = 0; m < u->n; m++)
		if (u->nums[m] == num)
			return u->offs[m];
	return 0;
}

static int
write_key(struct buf *b, const char *key, const struct pdf_obj *v)
{
	struct pdf_obj k = { .type = PDF_NAME, .s = (char *)key };

	if (pdf_write_obj(b, &k) < 0 || buf_addch(b, ' ') < 0)
		return -1;
	return pdf_write_obj(b, v);
}

/* The cross-reference section and trailer closing the update: a table
 * when the file's last section is one, a stream otherwise. */
static int
write_xref(struct sign_upd *u, struct pdf_doc *d)
{
	struct buf idx = BUF_INIT, data = BUF_INIT, *b = &u->b;
	int stream = d->sec[0].is_stream, w, s, rc = -1;
	uint64_t xoff = u->base + b->len, maxoff = xoff, off;
	uint32_t *order = NULL, xnum = 0;
	struct pdf_obj *t = d->trailer, *o;
	size_t i, j, k;

	if (stream) {
		xnum = sign_upd_new(u);
		if (upd_record(u, xnum, xoff) < 0)
			return -1;
	}
	if ((order = malloc(u->n * sizeof(*order))) == NULL)
		return -1;
	for (i = 0; i < u->n; i++) {
		order[i] = u->nums[i];
		if (u->offs[i] > maxoff)
			maxoff = u->offs[i];
	}
	qsort(order, u->n, sizeof(*order), cmp_u32);
	w = maxoff >> 32 ? 8 : 4;
	buf_init(&idx, 0);
	buf_init(&data, 0);
	if (!stream && buf_adds(b, "xref\n") < 0)
		goto out;
	for (i = 0; i < u->n; i = j) {
		for (j = i + 1; j < u->n && order[j] == order[j - 1] + 1; j++)
			;
		if (stream)
			buf_printf(&idx, "%s%u %zu", i ? " " : "", order[i],
			    j - i);
		else
			buf_printf(b, "%u %zu\n", order[i], j - i);
		for (k = i; k < j; k++) {
			unsigned gen = gen_of(d, order[k]);

			off = off_of(u, order[k]);
			if (!stream) {
				buf_printf(b, "%010llu %05u n\r\n",
				    (unsigned long long)off, gen);
				continue;
			}
			buf_addch(&data, 1);
			for (s = w - 1; s >= 0; s--)
				buf_addch(&data, (int)(off >> (8 * s) & 0xff));
			buf_addch(&data, (int)(gen >> 8));
			if (buf_addch(&data, (int)(gen & 0xff)) < 0)
				goto out;
		}
	}
	if (!stream) {
		buf_adds(b, "trailer\n<<");
		for (i = 0; i < t->n; i++) {
			if (strcmp(t->keys[i], "Size") == 0 ||
			    strcmp(t->keys[i], "Prev") == 0 ||
			    strcmp(t->keys[i], "XRefStm") == 0 ||
			    strcmp(t->keys[i], "ID") == 0)
				continue;
			if (write_key(b, t->keys[i], t->items[i]) < 0)
				goto out;
		}
		buf_printf(b, "/Size %u/Prev %llu", u->next,
		    (unsigned long long)d->startxref);
		if (add_id(d, b) < 0 || buf_adds(b, ">>\n") < 0)
			goto out;
	} else {
		buf_printf(b, "%u 0 obj\n<</Type/XRef/Size %u/W[1 %d 2]"
		    "/Index[%s]/Prev %llu", xnum, u->next, w, idx.data,
		    (unsigned long long)d->startxref);
		if ((o = pdf_dict_get(t, "Root")) != NULL &&
		    write_key(b, "Root", o) < 0)
			goto out;
		if ((o = pdf_dict_get(t, "Info")) != NULL &&
		    write_key(b, "Info", o) < 0)
			goto out;
		if (add_id(d, b) < 0 ||
		    buf_printf(b, "/Length %zu>>\nstream\n", data.len) < 0 ||
		    buf_add(b, data.data, data.len) < 0 ||
		    buf_adds(b, "\nendstream\nendobj\n") < 0)
			goto out;
	}
	if (buf_printf(b, "startxref\n%llu\n%%%%EOF\n",
	    (unsigned long long)xoff) < 0)
		goto out;
	rc = 0;
out:
	buf_release(&idx);
	buf_release(&data);
	free(order);
	return rc;
}

/* Widgets `refs` (`n` of them) join the page's /Annots. */
static int
link_annots(struct sign_upd *u, struct pdf_doc *d, uint32_t pnum,
    struct pdf_obj *page, struct pdf_obj *const *refs, size_t n)
{
	struct pdf_obj *an_raw = pdf_dict_get(page, "Annots"), *x;
	size_t i;

	x = an_raw;
	if (an_raw != NULL && an_raw->type == PDF_REF &&
	    (x = pdf_resolve(d, NULL, an_raw)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if ((x = array_add(d, x, refs[i])) == NULL)
			return -1;
	if (an_raw != NULL && an_raw->type == PDF_REF)
		return rewrite(u, d, an_raw->num, x);
	if ((x = dict_set(d, page, "Annots", x)) == NULL)
		return -1;
	return rewrite(u, d, pnum, x);
}

/* The field `fref` joins the form's /Fields; /SigFlags 3 (signatures
 * exist, append only). */
static int
link_field(struct sign_upd *u, struct pdf_doc *d, struct pdf_obj *fref)
{
	struct pdf_obj *root_ref, *root, *af_raw, *af, *fl_raw, *fl;
	struct pdf_obj *x, *three;

	root_ref = pdf_dict_get(d->trailer, "Root");
	root = pdf_resolve(d, NULL, root_ref);
	if ((three = mkint(d, 3)) == NULL)
		return -1;
	af_raw = pdf_dict_get(root, "AcroForm");
	af = pdf_resolve(d, NULL, af_raw);
	if (af != NULL && af->type != PDF_DICT)
		af = NULL;
	fl_raw = pdf_dict_get(af, "Fields");
	if (fl_raw != NULL && fl_raw->type == PDF_REF) {
		if ((fl = pdf_resolve(d, NULL, fl_raw)) == NULL ||
		    (fl = array_add(d, fl, fref)) == NULL ||
		    rewrite(u, d, fl_raw->num, fl) < 0)
			return -1;
		fl = fl_raw;
	} else if ((fl = array_add(d, fl_raw, fref)) == NULL)
		return -1;
	if ((af = dict_set(d, af, "Fields", fl)) == NULL ||
	    (af = dict_set(d, af, "SigFlags", three)) == NULL)
		return -1;
	if (af_raw != NULL && af_raw->type == PDF_REF)
		return rewrite(u, d, af_raw->num, af);
	if (af_raw == NULL || af_raw->type != PDF_DICT) {
		uint32_t n = sign_upd_new(u);

		if (sign_upd_begin(u, n) < 0 || pdf_write_obj(&u->b, af) < 0 ||
		    sign_upd_end(u) < 0 || (af = mkref(d, n, 0)) == NULL)
			return -1;
	}
	if ((x = dict_set(d, root, "AcroForm", af)) == NULL)
		return -1;
	return rewrite(u, d, root_ref->num, x);
}

static void
pdf_date(time_t when, char *out, size_t len)
{
	time_t t = when + VN_OFFSET;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "D:%Y%m%d%H%M%S+07'00'", &tm);
}

struct layout {
	size_t		 br;		/* ByteRange text, in the update */
	size_t		 clt, cgt;	/* '<' and after '>' of /Contents */
	size_t		 reserve;	/* bytes of CMS the placeholder holds */
};

/* The number and date of an issued document: where they go, their
 * text, and the objects that draw them. */
struct stamp {
	uint32_t	 pnum;
	struct pdf_obj	*page;
	double		 nr[4], dr[4];
	char		 date[192];
	uint32_t	 nw, dw, nap, dap;
};

static int
stamp_prepare(struct sign_upd *u, struct pdf_doc *d, const struct sign_opts *o,
    time_t when, struct stamp *s, char *err, size_t errlen)
{
	double box[4];
	int y, m, dd;

	memset(s, 0, sizeof(*s));
	if (pdf_page(d, o->stamp_page > 0 ? o->stamp_page : 1, &s->pnum,
	    &s->page, NULL) < 0)
		return sign_err(err, errlen, "%s", d->err);
	media_box(d, s->page, box);
	sign_stamp_place(box, s->nr, s->dr);
	if (o->has_num_rect)
		memcpy(s->nr, o->num_rect, sizeof(s->nr));
	if (o->has_date_rect)
		memcpy(s->dr, o->date_rect, sizeof(s->dr));
	if (o->date != NULL) {
		if (sign_parse_date(o->date, &y, &m, &dd) < 0)
			return sign_err(err, errlen, "ngày văn bản \"%s\" sai"
			    " (YYYY-MM-DD hoặc dd/mm/yyyy)", o->date);
	} else {
		time_t t = when + VN_OFFSET;
		struct tm tm;

		gmtime_r(&t, &tm);
		y = tm.tm_year + 1900;
		m = tm.tm_mon + 1;
		dd = tm.tm_mday;
	}
	if (sign_stamp_date(o->location, y, m, dd, s->date,
	    sizeof(s->date)) < 0)
		return sign_err(err, errlen, "địa danh quá dài");
	if (sign_stamp_appear(u, o->number, s->nr, s->date, s->dr, &s->nap,
	    &s->dap, err, errlen) < 0)
		return -1;
	if (o->number != NULL)
		s->nw = sign_upd_new(u);
	s->dw = sign_upd_new(u);
	return 0;
}

/* The signature dictionary, with room for the CMS. */
static int
write_sigdict(struct sign_upd *u, const struct sign_opts *o, uint32_t sig,
    const char *signer, time_t when, struct layout *lay)
{
	char date[64];
	size_t i;

	pdf_date(when, date, sizeof(date));
	if (sign_upd_begin(u, sig) < 0 ||
	    buf_adds(&u->b, "<</Type/Sig/Filter/Adobe.PPKLite"
	    "/SubFilter/ETSI.CAdES.detached/ByteRange ") < 0)
		return -1;
	lay->br = u->b.len;
	for (i = 0; i < BR_WIDTH; i++)
		buf_addch(&u->b, ' ');
	buf_adds(&u->b, "/Contents ");
	lay->clt = u->b.len;
	buf_addch(&u->b, '<');
	if (buf_grow(&u->b, 2 * lay->reserve + 1) < 0)
		return -1;
	memset(u->b.data + u->b.len, '0', 2 * lay->reserve);
	u->b.len += 2 * lay->reserve;
	u->b.data[u->b.len] = '\0';
	buf_addch(&u->b, '>');
	lay->cgt = u->b.len;
	buf_printf(&u->b, "/M(%s)/Name", date);
	sign_pdf_text(&u->b, signer);
	if (o->reason != NULL) {
		buf_adds(&u->b, "/Reason");
		sign_pdf_text(&u->b, o->reason);
	}
	if (o->location != NULL) {
		buf_adds(&u->b, "/Location");
		sign_pdf_text(&u->b, o->location);
	}
	if (buf_adds(&u->b, ">>") < 0 || sign_upd_end(u) < 0)
		return -1;
	return 0;
}

/* A stamp annotation (the number or the date) showing `ap` at `r` on
 * page `pnum`, named after the signature field that covers it. */
static int
write_stamp(struct sign_upd *u, struct pdf_doc *d, uint32_t num,
    const char *field, const char *text, const double r[4], uint32_t pnum,
    uint32_t ap)
{
	if (sign_upd_begin(u, num) < 0 ||
	    buf_printf(&u->b, "<</Type/Annot/Subtype/Stamp/NM(%s%s)"
	    "/F 708/Rect[%.2f %.2f %.2f %.2f]/P %u %u R/AP<</N %u 0 R>>"
	    "/Contents", SIGN_STAMP_NM, field, r[0], r[1], r[2], r[3], pnum,
	    gen_of(d, pnum), ap) < 0 || sign_pdf_text(&u->b, text) < 0 ||
	    buf_adds(&u->b, ">>") < 0)
		return -1;
	return sign_upd_end(u);
}

static int
build_update(struct sign_upd *u, struct pdf_doc *d, const struct sign_opts *o,
    X509 *cert, time_t when, struct layout *lay, char *err, size_t errlen)
{
	struct pdf_obj *page, *size, *refs[3], *wref;
	uint32_t pnum, sig, widget, ap;
	char name[64], signer[256], num[160];
	struct stamp st;
	int stamped = o->number != NULL || o->date != NULL;
	double box[4], r[4];
	size_t nref = 0;

	if (pdf_page(d, o->page, &pnum, &page, NULL) < 0 ||
	    unique_name(d, name, sizeof(name)) < 0)
		return sign_err(err, errlen, "%s", d->err);
	size = pdf_dget(d, d->trailer, "Size");
	u->next = (uint32_t)d->view.n;
	if (size != NULL && size->type == PDF_INT && size->i > u->next &&
	    size->i <= PDF_MAX_OBJNUM)
		u->next = (uint32_t)size->i;
	u->base = d->len;
	if (d->len > 0 && d->data[d->len - 1] != '\n' &&
	    d->data[d->len - 1] != '\r')
		buf_addch(&u->b, '\n');
	x509_common_name(X509_get_subject_name(cert), signer, sizeof(signer));
	media_box(d, page, box);
	place(o, box, r);
	sig = sign_upd_new(u);
	widget = sign_upd_new(u);
	if (sign_appear(u, o, signer, when, r[2] - r[0], r[3] - r[1], &ap,
	    err, errlen) < 0)
		return -1;
	if (stamped && stamp_prepare(u, d, o, when, &st, err, errlen) < 0)
		return -1;
	if (write_sigdict(u, o, sig, signer, when, lay) < 0)
		goto mem;
	/* The field and its widget, one merged dictionary. */
	if (sign_upd_begin(u, widget) < 0 ||
	    buf_printf(&u->b, "<</Type/Annot/Subtype/Widget/FT/Sig/T(%s)"
	    "/V %u 0 R/F 132/Rect[%.2f %.2f %.2f %.2f]/P %u %u R"
	    "/AP<</N %u 0 R>>>>", name, sig, r[0], r[1], r[2], r[3], pnum,
	    gen_of(d, pnum), ap) < 0 || sign_upd_end(u) < 0)
		goto mem;
	/* The number and the date: annotations this signature covers. */
	if (stamped) {
		snprintf(num, sizeof(num), "Số: %s", o->number ? o->number : "");
		if ((st.nw != 0 && write_stamp(u, d, st.nw, name, num, st.nr,
		    st.pnum, st.nap) < 0) || write_stamp(u, d, st.dw, name,
		    st.date, st.dr, st.pnum, st.dap) < 0)
			goto mem;
	}
	if ((wref = mkref(d, widget, 0)) == NULL)
		goto mem;
	refs[nref++] = wref;
	if (stamped && st.pnum != pnum) {
		if (link_annots(u, d, pnum, page, refs, nref) < 0)
			goto fail;
		nref = 0;
		pnum = st.pnum;
		page = st.page;
	}
	if (stamped && ((st.nw != 0 && (refs[nref++] = mkref(d, st.nw,
	    0)) == NULL) || (refs[nref++] = mkref(d, st.dw, 0)) == NULL))
		goto mem;
	if (link_annots(u, d, pnum, page, refs, nref) < 0 ||
	    link_field(u, d, wref) < 0)
		goto fail;
	if (write_xref(u, d) < 0)
		goto mem;
	return 0;
fail:
	if (d->err[0] != '\0')
		return sign_err(err, errlen, "%s", d->err);
mem:
	return sign_err(err, errlen, "không tạo được phần cập nhật của tệp"
	    " PDF (hết bộ nhớ)");
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, c, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copy the original file, hashing as it goes, from the reader's map of
 * it: a window at a time, each window let go of once done, so memory
 * stays flat however large the file. The file must not have changed
 * size since it was opened. */
static int
copy_hash(const char *in, const struct pdf_doc *d, int out, EVP_MD_CTX *md,
    char *err, size_t errlen)
{
	long pg = sysconf(_SC_PAGESIZE);
	size_t done = 0, n, drop = 0, upto;
	struct stat st;

	if (pg <= 0)
		pg = 4096;
	while (done < d->len) {
		n = d->len - done < COPY_BUF ? d->len - done : COPY_BUF;
		if (EVP_DigestUpdate(md, d->data + done, n) != 1 ||
		    write_all(out, d->data + done, n) < 0)
			return sign_err(err, errlen, "lỗi ghi tệp kết quả: %s",
			    strerror(errno));
		done += n;
		upto = done / (size_t)pg * (size_t)pg;
		if (d->map != NULL && upto > drop) {
			madvise((char *)d->map + drop, upto - drop,
			    MADV_DONTNEED);
			drop = upto;
		}
	}
	if (stat(in, &st) < 0 || (uint64_t)st.st_size != d->len)
		return sign_err(err, errlen, "tệp %s thay đổi trong khi ký",
		    in);
	return 0;
}

static void
fsync_dir(const char *path)
{
	char tmp[PATH_MAX];
	int fd;

	snprintf(tmp, sizeof(tmp), "%s", path);
	if ((fd = open(dirname(tmp), O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Write `n` bytes of `p` as lowercase hex at `dst`. */
static void
hex_into(char *dst, const unsigned char *p, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		dst[2 * i] = hx[p[i] >> 4];
		dst[2 * i + 1] = hx[p[i] & 15];
	}
}

/* Room for the CMS: certificates, signature, attributes, and a
 * timestamp token when one is asked for. */
static size_t
reserve_for(X509 *cert, STACK_OF(X509) *chain, const char *tsa_url)
{
	size_t r = 6144 + (size_t)i2d_X509(cert, NULL);
	int i;

	for (i = 0; chain != NULL && i < sk_X509_num(chain); i++)
		r += (size_t)i2d_X509(sk_X509_value(chain, i), NULL);
	if (tsa_url != NULL)
		r += 12288;
	return r;
}

/*
 * One try at the signed file in `fd` (emptied first): the update laid
 * out with `lay->reserve` bytes for the CMS, the original copied and
 * hashed, the CMS made. 1 when the CMS did not fit (its size in
 * `*need`), 0 done, -1 error.
 */
static int
sign_once(struct sign_upd *u, struct pdf_doc *d, const char *in, int fd,
    const struct sign_opts *o, struct sign_key *key, X509 *cert,
    STACK_OF(X509) *chain, time_t when, struct layout *lay, struct buf *cms,
    size_t *need, char *err, size_t errlen)
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	const EVP_MD *md = EVP_sha256();
	EVP_MD_CTX *mctx = NULL;
	unsigned int dlen;
	char br[BR_WIDTH + 1];
	uint64_t a, b, c;
	int n, rc = -1;

	buf_reset(&u->b);
	buf_reset(cms);
	u->n = 0;
	if (build_update(u, d, o, cert, when, lay, err, errlen) < 0)
		return -1;
	/* The byte ranges: all but the hex inside /Contents < >. */
	a = u->base + lay->clt;
	b = u->base + lay->cgt;
	c = u->base + u->b.len - b;
	n = snprintf(br, sizeof(br), "[0 %llu %llu %llu]",
	    (unsigned long long)a, (unsigned long long)b,
	    (unsigned long long)c);
	if (n < 0 || n > BR_WIDTH)
		return sign_err(err, errlen, "tệp quá lớn cho /ByteRange");
	memcpy(u->b.data + lay->br, br, (size_t)n);
	/* Emptied only for a second try: on ext4 a file truncated to
	 * nothing is written out when closed. */
	if (lseek(fd, 0, SEEK_CUR) != 0 && (ftruncate(fd, 0) < 0 ||
	    lseek(fd, 0, SEEK_SET) < 0))
		return sign_err(err, errlen, "lỗi ghi tệp tạm: %s",
		    strerror(errno));
	if ((mctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(mctx, md, NULL) != 1)
		goto out;
	if (copy_hash(in, d, fd, mctx, err, errlen) < 0)
		goto out;
	if (EVP_DigestUpdate(mctx, u->b.data, lay->clt) != 1 ||
	    EVP_DigestUpdate(mctx, u->b.data + lay->cgt,
	    u->b.len - lay->cgt) != 1 ||
	    EVP_DigestFinal_ex(mctx, digest, &dlen) != 1)
		goto out;
	if (sign_cms_build(key, cert, chain, md, digest, dlen, when,
	    o->tsa_url, cms, err, errlen) < 0)
		goto out;
	if (cms->len > lay->reserve) {
		*need = cms->len;
		rc = 1;
		goto out;
	}
	hex_into(u->b.data + lay->clt + 1, (const unsigned char *)cms->data,
	    cms->len);
	if (write_all(fd, u->b.data, u->b.len) < 0) {
		sign_err(err, errlen, "lỗi ghi tệp tạm: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	EVP_MD_CTX_free(mctx);
	return rc;
}

int
sign_pdf(const char *in, const char *out, const struct sign_opts *o,
    char *err, size_t errlen)
{
	struct sign_upd u = { BUF_INIT, 0, 0, NULL, NULL, 0, 0 };
	STACK_OF(X509) *certs = NULL, *chain = NULL;
	time_t when = o->when != 0 ? o->when : time(NULL);
	struct sign_key *key = NULL;
	struct buf cms = BUF_INIT;
	char tmp[PATH_MAX] = "";
	struct layout lay = { 0, 0, 0, 0 };
	struct pdf_doc d;
	size_t need = 0;
	X509 *cert;
	int fd = -1, rc = -1, i, r;

	err[0] = '\0';
	memset(&d, 0, sizeof(d));
	buf_init(&u.b, 0);
	buf_init(&cms, 0);
	if (sign_read_certs(o->cert, &certs, err, errlen) < 0)
		goto out;
	cert = sk_X509_value(certs, 0);
	if (sign_cert_check(cert, when, err, errlen) < 0)
		goto out;
	if (o->chain != NULL && sign_read_certs(o->chain, &chain, err,
	    errlen) < 0)
		goto out;
	for (i = 1; i < sk_X509_num(certs); i++) {
		if (chain == NULL && (chain = sk_X509_new_null()) == NULL)
			goto out;
		X509_up_ref(sk_X509_value(certs, i));
		sk_X509_push(chain, sk_X509_value(certs, i));
	}
	if (pdf_open_file(&d, in) < 0) {
		sign_err(err, errlen, "%s: %s", in, d.err);
		goto out;
	}
	lay.reserve = reserve_for(cert, chain, o->tsa_url);
	if (sign_key_open(o->key, o->module, &key, err, errlen) < 0)
		goto out;
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", out);
	if ((fd = mkstemp(tmp)) < 0) {
		sign_err(err, errlen, "không tạo được tệp tạm cạnh %s: %s",
		    out, strerror(errno));
		tmp[0] = '\0';
		goto out;
	}
	fchmod(fd, 0644);
	/* A timestamp token larger than foreseen: lay the update out
	 * again with room for what came, and sign once more. */
	r = sign_once(&u, &d, in, fd, o, key, cert, chain, when, &lay, &cms,
	    &need, err, errlen);
	if (r == 1 && o->tsa_url != NULL) {
		lay.reserve = need + 2048;
		r = sign_once(&u, &d, in, fd, o, key, cert, chain, when, &lay,
		    &cms, &need, err, errlen);
	}
	if (r == 1)
		sign_err(err, errlen, "chữ ký (%zu byte) lớn hơn chỗ dành sẵn"
		    " (%zu byte)", need, lay.reserve);
	if (r != 0)
		goto out;
	if (!o->no_fsync && fsync(fd) < 0) {
		sign_err(err, errlen, "lỗi ghi %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		sign_err(err, errlen, "lỗi ghi %s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, out) < 0) {
		sign_err(err, errlen, "không đổi tên %s thành %s: %s", tmp, out,
		    strerror(errno));
		goto out;
	}
	tmp[0] = '\0';
	if (!o->no_fsync)
		fsync_dir(out);
	rc = 0;
out:
	if (rc < 0 && err[0] == '\0')
		sign_err(err, errlen, "không ký được tệp (lỗi bên trong)");
	if (fd >= 0)
		close(fd);
	if (tmp[0] != '\0')
		unlink(tmp);
	sign_key_free(key);
	sk_X509_pop_free(certs, X509_free);
	sk_X509_pop_free(chain, X509_free);
	pdf_close(&d);
	upd_release(&u);
	buf_release(&cms);
	ERR_clear_error();
	return rc;
}
