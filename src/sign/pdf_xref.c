/*
 * pdf_xref.c - opening a PDF: the header, startxref, the chain of
 * cross-reference sections (classic tables, streams, hybrid files) and
 * the objects they point at, including objects inside object streams
 * (ISO 32000-1, 7.5). A damaged chain is an error: a file we cannot read
 * exactly is a file we must not sign or vouch for.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "sign/pdf.h"

struct pdf_objstm {
	uint32_t		 num;
	uint8_t			*data;
	size_t			 len, first;
	uint32_t		 n;
	uint64_t		*pairs;		/* n × (objnum, offset) */
	struct pdf_objstm	*next;
};

static struct pdf_obj null_obj = { .type = PDF_NULL };

/* Parse "num gen obj" at `off`; the position after "obj". */
static int
obj_header(struct pdf_doc *d, uint64_t off, uint32_t *num, uint16_t *gen,
    size_t *after)
{
	size_t p = (size_t)off;
	struct pdf_obj *a, *b;

	if (off >= d->len)
		return -1;
	p = pdf_skip_ws(d->data, d->len, p);
	if ((a = pdf_parse(d, d->data, d->len, &p)) == NULL ||
	    a->type != PDF_INT || a->i < 0 || a->i > PDF_MAX_OBJNUM)
		return -1;
	if ((b = pdf_parse(d, d->data, d->len, &p)) == NULL ||
	    b->type != PDF_INT || b->i < 0 || b->i > 65535)
		return -1;
	p = pdf_skip_ws(d->data, d->len, p);
	if (!pdf_keyword_at(d->data, d->len, p, "obj"))
		return -1;
	*num = (uint32_t)a->i;
	*gen = (uint16_t)b->i;
	*after = p + 3;
	return 0;
}

/* The stream data after a dictionary ending at `p`, if "stream" follows. */
static int
stream_body(struct pdf_doc *d, struct pdf_view *v, struct pdf_obj *o,
    size_t p)
{
	struct pdf_obj *lenobj;
	const uint8_t *e;
	size_t q, start;
	long long n = -1;

	p = pdf_skip_ws(d->data, d->len, p);
	if (!pdf_keyword_at(d->data, d->len, p, "stream"))
		return 0;
	start = p + 6;
	if (start < d->len && d->data[start] == '\r')
		start++;
	if (start < d->len && d->data[start] == '\n')
		start++;
	lenobj = pdf_dict_get(o, "Length");
	if (lenobj != NULL && lenobj->type == PDF_REF) {
		if ((lenobj = pdf_resolve(d, v, lenobj)) == NULL)
			return -1;
	}
	if (lenobj != NULL && lenobj->type == PDF_INT)
		n = lenobj->i;
	o->type = PDF_STREAM;
	o->soff = start;
	if (n >= 0 && (uint64_t)n <= d->len - start) {
		q = pdf_skip_ws(d->data, d->len, start + (size_t)n);
		if (pdf_keyword_at(d->data, d->len, q, "endstream")) {
			o->slen = (uint64_t)n;
			return 0;
		}
	}
	/* A wrong /Length: take the data up to "endstream". */
	e = memmem(d->data + start, d->len - start, "endstream", 9);
	if (e == NULL)
		return pdf_err(d, "tệp PDF hỏng: luồng dữ liệu không kết thúc"
		    " (vị trí %zu)", start);
	q = (size_t)(e - d->data);
	if (q > start && d->data[q - 1] == '\n')
		q--;
	if (q > start && d->data[q - 1] == '\r')
		q--;
	o->slen = q - start;
	return 0;
}

/* The indirect object at `off`, which must be object `num` (0: any). */
static struct pdf_obj *
load_at(struct pdf_doc *d, struct pdf_view *v, uint64_t off, uint32_t num,
    uint32_t *gotnum)
{
	struct pdf_obj *o;
	uint32_t n;
	uint16_t g;
	size_t p;

	if (obj_header(d, off, &n, &g, &p) < 0 || (num != 0 && n != num)) {
		d->err[0] = '\0';	/* this says more than a parse error */
		pdf_err(d, "bảng tham chiếu chéo (xref) bị hỏng: đối tượng %u"
		    " không ở vị trí %llu", num, (unsigned long long)off);
		return NULL;
	}
	if ((o = pdf_parse(d, d->data, d->len, &p)) == NULL)
		return NULL;
	if ((o->type == PDF_DICT) && stream_body(d, v, o, p) < 0)
		return NULL;
	if (gotnum != NULL)
		*gotnum = n;
	return o;
}

static int
inflate_all(struct pdf_doc *d, const uint8_t *in, size_t inlen,
    struct buf *out)
{
	uint8_t tmp[16384];
	z_stream z;
	int rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return pdf_err(d, "không khởi tạo được zlib");
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = inlen > UINT32_MAX ? UINT32_MAX : (uInt)inlen;
	do {
		z.next_out = tmp;
		z.avail_out = sizeof(tmp);
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
			inflateEnd(&z);
			return pdf_err(d, "tệp PDF hỏng: luồng nén Flate"
			    " không giải nén được");
		}
		if (buf_add(out, tmp, sizeof(tmp) - z.avail_out) < 0) {
			inflateEnd(&z);
			return pdf_err(d, "luồng giải nén quá lớn");
		}
		if (rc == Z_BUF_ERROR && z.avail_in == 0)
			break;	/* truncated: keep what came out */
	} while (rc != Z_STREAM_END);
	inflateEnd(&z);
	return 0;
}

static long long
int_or(struct pdf_doc *d, struct pdf_view *v, struct pdf_obj *dict,
    const char *key, long long def)
{
	struct pdf_obj *o = pdf_resolve(d, v, pdf_dict_get(dict, key));

	return o != NULL && o->type == PDF_INT ? o->i : def;
}

/* Undo PNG predictors (ISO 32000-1, 7.4.4.4) in place into `out`. */
static int
unpredict(struct pdf_doc *d, struct pdf_view *v, struct pdf_obj *parms,
    struct buf *data)
{
	long long pred = int_or(d, v, parms, "Predictor", 1);
	long long colors = int_or(d, v, parms, "Colors", 1);
	long long bpc = int_or(d, v, parms, "BitsPerComponent", 8);
	long long cols = int_or(d, v, parms, "Columns", 1);
	size_t bpp, row, i, in;
	uint8_t *prev, *cur;
	struct buf out;

	if (pred == 1)
		return 0;
	if (pred < 10 || pred > 15 || colors < 1 || colors > 32 ||
	    (bpc != 1 && bpc != 2 && bpc != 4 && bpc != 8 && bpc != 16) ||
	    cols < 1 || cols > 1 << 20)
		return pdf_err(d, "bộ dự báo (Predictor) không hỗ trợ");
	bpp = (size_t)((colors * bpc + 7) / 8);
	row = (size_t)((colors * bpc * cols + 7) / 8);
	buf_init(&out, PDF_MAX_DECODED);
	if ((prev = calloc(1, row)) == NULL) {
		buf_release(&out);
		return pdf_err(d, "hết bộ nhớ");
	}
	for (in = 0; in + row + 1 <= data->len; in += row + 1) {
		int ft = (uint8_t)data->data[in];

		cur = (uint8_t *)data->data + in + 1;
		for (i = 0; i < row; i++) {
			int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i];
			int c = i >= bpp ? prev[i - bpp] : 0, p, pa, pb, pc;

			switch (ft) {
			case 0: break;
			case 1: cur[i] = (uint8_t)(cur[i] + a); break;
			case 2: cur[i] = (uint8_t)(cur[i] + b); break;
			case 3: cur[i] = (uint8_t)(cur[i] + (a + b) / 2); break;
			case 4:
				p = a + b - c;
				pa = abs(p - a);
				pb = abs(p - b);
				pc = abs(p - c);
				cur[i] = (uint8_t)(cur[i] + (pa <= pb && pa <= pc ?
				    a : pb <= pc ? b : c));
				break;
			default:
				free(prev);
				buf_release(&out);
				return pdf_err(d, "tệp PDF hỏng: bộ lọc PNG sai");
			}
		}
		memcpy(prev, cur, row);
		if (buf_add(&out, cur, row) < 0) {
			free(prev);
			buf_release(&out);
			return pdf_err(d, "luồng giải nén quá lớn");
		}
	}
	free(prev);
	buf_release(data);
	*data = out;
	return 0;
}

int
pdf_stream_decode(struct pdf_doc *d, struct pdf_view *v,
    struct pdf_obj *s, struct buf *out)
{
	struct pdf_obj *f, *parms;
	struct buf tmp;

	if (s == NULL || s->type != PDF_STREAM)
		return pdf_err(d, "tệp PDF hỏng: cần một luồng dữ liệu");
	f = pdf_resolve(d, v, pdf_dict_get(s, "Filter"));
	parms = pdf_resolve(d, v, pdf_dict_get(s, "DecodeParms"));
	if (f != NULL && f->type == PDF_ARRAY) {
		if (f->n > 1)
			return pdf_err(d, "chuỗi bộ lọc luồng không hỗ trợ");
		f = f->n == 1 ? pdf_resolve(d, v, f->items[0]) : NULL;
		if (parms != NULL && parms->type == PDF_ARRAY)
			parms = parms->n == 1 ?
			    pdf_resolve(d, v, parms->items[0]) : NULL;
	}
	buf_init(out, PDF_MAX_DECODED);
	if (f == NULL || f->type == PDF_NULL) {
		if (buf_add(out, d->data + s->soff, (size_t)s->slen) < 0)
			return pdf_err(d, "luồng quá lớn");
		return 0;
	}
	if (!pdf_is_name(f, "FlateDecode") && !pdf_is_name(f, "Fl"))
		return pdf_err(d, "bộ lọc luồng %s không hỗ trợ",
		    f->type == PDF_NAME ? f->s : "?");
	buf_init(&tmp, PDF_MAX_DECODED);
	if (inflate_all(d, d->data + s->soff, (size_t)s->slen, &tmp) < 0) {
		buf_release(&tmp);
		return -1;
	}
	if (parms != NULL && parms->type == PDF_DICT &&
	    unpredict(d, v, parms, &tmp) < 0) {
		buf_release(&tmp);
		return -1;
	}
	*out = tmp;
	return 0;
}

static struct pdf_objstm *
objstm_get(struct pdf_doc *d, struct pdf_view *v, uint32_t num)
{
	struct pdf_objstm *m;
	struct pdf_obj *s, *o;
	struct buf data;
	long long n, first;
	uint32_t i;
	size_t p;

	for (m = d->ostm; m != NULL; m = m->next)
		if (m->num == num)
			return m;
	if (num >= v->n || v->ent[num].type != PDF_X_OFFSET) {
		pdf_err(d, "bảng xref hỏng: luồng đối tượng %u không có", num);
		return NULL;
	}
	if ((s = load_at(d, v, v->ent[num].off, num, NULL)) == NULL)
		return NULL;
	if (s->type != PDF_STREAM) {
		pdf_err(d, "bảng xref hỏng: %u không phải luồng đối tượng", num);
		return NULL;
	}
	n = int_or(d, v, s, "N", -1);
	first = int_or(d, v, s, "First", -1);
	if (n < 0 || n > PDF_MAX_ITEMS || first < 0) {
		pdf_err(d, "tệp PDF hỏng: luồng đối tượng %u sai /N, /First",
		    num);
		return NULL;
	}
	if (pdf_stream_decode(d, v, s, &data) < 0)
		return NULL;
	if ((size_t)first > data.len ||
	    (m = pdf_alloc(d, sizeof(*m))) == NULL ||
	    (m->data = pdf_alloc(d, data.len + 1)) == NULL ||
	    (m->pairs = pdf_alloc(d, ((size_t)n + 1) * 16)) == NULL) {
		buf_release(&data);
		pdf_err(d, "tệp PDF hỏng: luồng đối tượng %u", num);
		return NULL;
	}
	memcpy(m->data, data.data, data.len);
	m->len = data.len;
	buf_release(&data);
	m->first = (size_t)first;
	m->num = num;
	m->n = (uint32_t)n;
	p = 0;
	for (i = 0; i < m->n; i++) {
		struct pdf_obj *a;

		if ((a = pdf_parse(d, m->data, m->first, &p)) == NULL ||
		    a->type != PDF_INT || a->i < 0 ||
		    (o = pdf_parse(d, m->data, m->first, &p)) == NULL ||
		    o->type != PDF_INT || o->i < 0 ||
		    (uint64_t)o->i > m->len - m->first) {
			pdf_err(d, "tệp PDF hỏng: đầu luồng đối tượng %u", num);
			return NULL;
		}
		m->pairs[2 * i] = (uint64_t)a->i;
		m->pairs[2 * i + 1] = (uint64_t)o->i;
	}
	m->next = d->ostm;
	d->ostm = m;
	return m;
}

static struct pdf_obj *
load_compressed(struct pdf_doc *d, struct pdf_view *v, uint32_t num,
    const struct pdf_xent *e)
{
	struct pdf_objstm *m;
	size_t p;

	if (e->off > PDF_MAX_OBJNUM || (m = objstm_get(d, v,
	    (uint32_t)e->off)) == NULL)
		return NULL;
	if (e->idx >= m->n || m->pairs[2 * e->idx] != num) {
		pdf_err(d, "bảng xref hỏng: đối tượng %u không có trong luồng"
		    " %u", num, m->num);
		return NULL;
	}
	p = m->first + (size_t)m->pairs[2 * e->idx + 1];
	return pdf_parse(d, m->data, m->len, &p);
}

struct pdf_obj *
pdf_get_in(struct pdf_doc *d, struct pdf_view *v, uint32_t num)
{
	struct pdf_obj *o = NULL;
	struct pdf_xent *e;

	if (num >= v->n || v->ent[num].type == PDF_X_NONE ||
	    v->ent[num].type == PDF_X_FREE)
		return &null_obj;
	if (v->cache != NULL && v->cache[num] != NULL)
		return v->cache[num];
	if (d->depth >= PDF_MAX_REFS) {
		pdf_err(d, "tệp PDF hỏng: tham chiếu lồng quá sâu");
		return NULL;
	}
	d->depth++;
	e = &v->ent[num];
	if (e->type == PDF_X_OFFSET)
		o = load_at(d, v, e->off, num, NULL);
	else
		o = load_compressed(d, v, num, e);
	d->depth--;
	if (o != NULL && v->cache != NULL)
		v->cache[num] = o;
	return o;
}

struct pdf_obj *
pdf_get(struct pdf_doc *d, uint32_t num)
{
	return pdf_get_in(d, &d->view, num);
}

struct pdf_obj *
pdf_resolve(struct pdf_doc *d, struct pdf_view *v, struct pdf_obj *o)
{
	int hops = 0;

	if (v == NULL)
		v = &d->view;
	while (o != NULL && o->type == PDF_REF) {
		if (++hops > PDF_MAX_REFS) {
			pdf_err(d, "tệp PDF hỏng: vòng tham chiếu");
			return NULL;
		}
		o = pdf_get_in(d, v, o->num);
	}
	return o;
}

struct pdf_obj *
pdf_dget(struct pdf_doc *d, struct pdf_obj *dict, const char *key)
{
	return pdf_resolve(d, NULL, pdf_dict_get(dict, key));
}

/* A section's entries, collected with realloc. */
struct xlist {
	uint32_t	*nums;
	struct pdf_xent	*ents;
	size_t		 n, cap;
};

static int
xlist_add(struct pdf_doc *d, struct xlist *l, uint64_t num,
    const struct pdf_xent *e)
{
	if (num > PDF_MAX_OBJNUM)
		return pdf_err(d, "bảng xref hỏng: số đối tượng quá lớn");
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 64;
		uint32_t *nn = realloc(l->nums, nc * sizeof(*nn));
		struct pdf_xent *ne;

		if (nn == NULL)
			return pdf_err(d, "hết bộ nhớ");
		l->nums = nn;
		if ((ne = realloc(l->ents, nc * sizeof(*ne))) == NULL)
			return pdf_err(d, "hết bộ nhớ");
		l->ents = ne;
		l->cap = nc;
	}
	if (l->n >= PDF_MAX_OBJNUM)
		return pdf_err(d, "bảng xref quá lớn");
	l->nums[l->n] = (uint32_t)num;
	l->ents[l->n++] = *e;
	return 0;
}

static int
read_uint(const uint8_t *b, size_t len, size_t *p, uint64_t *out,
    size_t maxdigits)
{
	size_t start = *p;
	uint64_t v = 0;

	while (*p < len && b[*p] >= '0' && b[*p] <= '9' &&
	    *p - start < maxdigits)
		v = v * 10 + (uint64_t)(b[(*p)++] - '0');
	*out = v;
	return *p > start ? 0 : -1;
}

/* A classic table at `off`: subsections, then "trailer" and its dict. */
static int
read_table(struct pdf_doc *d, uint64_t off, struct xlist *l,
    struct pdf_obj **trailer)
{
	size_t p = (size_t)off + 4;
	uint64_t start, count, i, o, g;
	struct pdf_xent e;

	for (;;) {
		p = pdf_skip_ws(d->data, d->len, p);
		if (pdf_keyword_at(d->data, d->len, p, "trailer"))
			break;
		if (read_uint(d->data, d->len, &p, &start, 10) < 0)
			goto bad;
		p = pdf_skip_ws(d->data, d->len, p);
		if (read_uint(d->data, d->len, &p, &count, 10) < 0 ||
		    start + count > PDF_MAX_OBJNUM)
			goto bad;
		for (i = 0; i < count; i++) {
			p = pdf_skip_ws(d->data, d->len, p);
			if (read_uint(d->data, d->len, &p, &o, 10) < 0)
				goto bad;
			p = pdf_skip_ws(d->data, d->len, p);
			if (read_uint(d->data, d->len, &p, &g, 5) < 0 ||
			    g > 65535)
				goto bad;
			p = pdf_skip_ws(d->data, d->len, p);
			if (p >= d->len || (d->data[p] != 'n' &&
			    d->data[p] != 'f'))
				goto bad;
			memset(&e, 0, sizeof(e));
			e.type = d->data[p] == 'n' ? PDF_X_OFFSET : PDF_X_FREE;
			e.gen = (uint16_t)g;
			e.off = o;
			p++;
			if (e.type == PDF_X_OFFSET && o >= d->len)
				goto bad;
			if (xlist_add(d, l, start + i, &e) < 0)
				return -1;
		}
	}
	p += 7;
	if ((*trailer = pdf_parse(d, d->data, d->len, &p)) == NULL ||
	    (*trailer)->type != PDF_DICT)
		goto bad;
	return 0;
bad:
	return pdf_err(d, "bảng tham chiếu chéo (xref) bị hỏng ở vị trí"
	    " %llu", (unsigned long long)off);
}

/* A cross-reference stream at `off` (ISO 32000-1, 7.5.8). */
static int
read_xstream(struct pdf_doc *d, uint64_t off, struct xlist *l,
    struct pdf_obj **trailer)
{
	struct pdf_view none = { NULL, 0, NULL };
	struct pdf_obj *s, *w, *idx;
	long long wv[3], size;
	size_t i, k, rowlen, pos = 0;
	struct buf data;
	int rc = -1;

	if ((s = load_at(d, &none, off, 0, NULL)) == NULL)
		goto bad;
	if (s->type != PDF_STREAM ||
	    !pdf_is_name(pdf_dict_get(s, "Type"), "XRef"))
		goto bad;
	w = pdf_dict_get(s, "W");
	size = int_or(d, &none, s, "Size", -1);
	if (w == NULL || w->type != PDF_ARRAY || w->n != 3 || size < 0 ||
	    size > PDF_MAX_OBJNUM)
		goto bad;
	for (i = 0; i < 3; i++) {
		if (w->items[i]->type != PDF_INT || w->items[i]->i < 0 ||
		    w->items[i]->i > 8)
			goto bad;
		wv[i] = w->items[i]->i;
	}
	rowlen = (size_t)(wv[0] + wv[1] + wv[2]);
	if (rowlen == 0)
		goto bad;
	idx = pdf_dict_get(s, "Index");
	if (idx != NULL && (idx->type != PDF_ARRAY || idx->n % 2 != 0))
		goto bad;
	if (pdf_stream_decode(d, &none, s, &data) < 0)
		return -1;
	for (k = 0; k < (idx != NULL ? idx->n / 2 : 1); k++) {
		long long start = 0, count = size, j;

		if (idx != NULL) {
			if (idx->items[2 * k]->type != PDF_INT ||
			    idx->items[2 * k + 1]->type != PDF_INT)
				goto badd;
			start = idx->items[2 * k]->i;
			count = idx->items[2 * k + 1]->i;
		}
		if (start < 0 || count < 0 ||
		    start + count > PDF_MAX_OBJNUM)
			goto badd;
		for (j = 0; j < count; j++) {
			uint64_t f[3] = { 1, 0, 0 };
			struct pdf_xent e;
			int c, b;

			if (pos + rowlen > data.len)
				goto badd;
			for (c = 0; c < 3; c++) {
				if (wv[c] == 0)
					continue;
				f[c] = 0;
				for (b = 0; b < wv[c]; b++)
					f[c] = f[c] << 8 |
					    (uint8_t)data.data[pos++];
			}
			memset(&e, 0, sizeof(e));
			if (f[0] == 0)
				e.type = PDF_X_FREE;
			else if (f[0] == 1) {
				e.type = PDF_X_OFFSET;
				e.off = f[1];
				e.gen = (uint16_t)f[2];
				if (e.off >= d->len)
					goto badd;
			} else if (f[0] == 2) {
				e.type = PDF_X_COMPRESSED;
				e.off = f[1];
				e.idx = (uint32_t)f[2];
			} else
				continue;	/* unknown types are ignored */
			if (xlist_add(d, l, (uint64_t)(start + j), &e) < 0)
				goto out;
		}
	}
	*trailer = s;
	rc = 0;
	goto out;
badd:
	pdf_err(d, "luồng tham chiếu chéo (xref) bị hỏng ở vị trí %llu",
	    (unsigned long long)off);
out:
	buf_release(&data);
	return rc;
bad:
	return pdf_err(d, "tham chiếu chéo (xref) bị hỏng: không có bảng"
	    " hay luồng xref ở vị trí %llu", (unsigned long long)off);
}

static int
add_section(struct pdf_doc *d, uint64_t off, int is_stream,
    struct xlist *l, struct pdf_obj *trailer)
{
	struct pdf_section *s;

	if (d->nsec >= PDF_MAX_SECTIONS)
		return pdf_err(d, "quá nhiều lần cập nhật tăng dần");
	if (d->nsec % 16 == 0) {
		struct pdf_section *ns = pdf_alloc(d, (d->nsec + 16) *
		    sizeof(*ns));

		if (ns == NULL)
			return -1;
		if (d->nsec > 0)
			memcpy(ns, d->sec, d->nsec * sizeof(*ns));
		d->sec = ns;
	}
	s = &d->sec[d->nsec++];
	s->off = off;
	s->is_stream = is_stream;
	s->trailer = trailer;
	s->n = l->n;
	if (l->n > 0) {
		if ((s->nums = pdf_alloc(d, l->n * sizeof(*s->nums))) == NULL ||
		    (s->ents = pdf_alloc(d, l->n * sizeof(*s->ents))) == NULL)
			return -1;
		memcpy(s->nums, l->nums, l->n * sizeof(*s->nums));
		memcpy(s->ents, l->ents, l->n * sizeof(*s->ents));
	}
	return 0;
}

static int
read_section(struct pdf_doc *d, uint64_t off, struct pdf_obj **trailer)
{
	struct xlist l = { NULL, NULL, 0, 0 };
	size_t p;
	int rc, is_stream;

	if (off >= d->len)
		return pdf_err(d, "tham chiếu chéo (xref) bị hỏng: vị trí %llu"
		    " ngoài tệp", (unsigned long long)off);
	p = pdf_skip_ws(d->data, d->len, (size_t)off);
	is_stream = !pdf_keyword_at(d->data, d->len, p, "xref");
	if (is_stream)
		rc = read_xstream(d, p, &l, trailer);
	else
		rc = read_table(d, p, &l, trailer);
	if (rc == 0)
		rc = add_section(d, p, is_stream, &l, *trailer);
	free(l.nums);
	free(l.ents);
	return rc;
}

static int
build_view(struct pdf_doc *d, uint64_t end, struct pdf_view *v)
{
	size_t i, k, n = 0, used = 0;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < d->nsec; i++) {
		if (d->sec[i].off >= end)
			continue;
		used++;
		for (k = 0; k < d->sec[i].n; k++)
			if (d->sec[i].nums[k] + 1 > n)
				n = d->sec[i].nums[k] + 1;
	}
	if (used == 0)
		return -1;
	if (n == 0)
		n = 1;
	v->ent = calloc(n, sizeof(*v->ent));
	v->cache = calloc(n, sizeof(*v->cache));
	if (v->ent == NULL || v->cache == NULL) {
		pdf_view_release(v);
		return pdf_err(d, "hết bộ nhớ");
	}
	v->n = n;
	/* Newest first: an entry already set is not overwritten. */
	for (i = 0; i < d->nsec; i++) {
		if (d->sec[i].off >= end)
			continue;
		for (k = 0; k < d->sec[i].n; k++) {
			struct pdf_xent *e = &v->ent[d->sec[i].nums[k]];

			if (e->type == PDF_X_NONE)
				*e = d->sec[i].ents[k];
		}
	}
	return 0;
}

int
pdf_view_at(struct pdf_doc *d, uint64_t end, struct pdf_view *v)
{
	return build_view(d, end, v);
}

void
pdf_view_release(struct pdf_view *v)
{
	free(v->ent);
	free(v->cache);
	memset(v, 0, sizeof(*v));
}

static int
find_startxref(struct pdf_doc *d, uint64_t *off)
{
	size_t from = d->len > 2048 ? d->len - 2048 : 0, i, p;
	struct pdf_obj *o;

	for (i = d->len; i > from + 9; i--) {
		if (memcmp(d->data + i - 9, "startxref", 9) == 0) {
			p = i;
			o = pdf_parse(d, d->data, d->len, &p);
			if (o == NULL || o->type != PDF_INT || o->i < 0 ||
			    (uint64_t)o->i >= d->len)
				break;
			*off = (uint64_t)o->i;
			return 0;
		}
	}
	d->err[0] = '\0';
	return pdf_err(d, "tệp PDF hỏng hoặc bị cắt cụt: không tìm thấy"
	    " startxref ở cuối tệp");
}

int
pdf_open_mem(struct pdf_doc *d, const void *data, size_t len)
{
	uint64_t off = 0, seen[PDF_MAX_SECTIONS];
	struct pdf_obj *trailer, *o;
	size_t nseen = 0, i;

	memset(d, 0, sizeof(*d));
	d->data = data;
	d->len = len;
	if (len < 16 || memmem(d->data, len < 1024 ? len : 1024, "%PDF-", 5)
	    == NULL)
		return pdf_err(d, "không phải tệp PDF (thiếu đầu %%PDF-)");
	if (find_startxref(d, &off) < 0)
		return -1;
	d->startxref = off;
	while (off != 0 || nseen == 0) {
		for (i = 0; i < nseen; i++)
			if (seen[i] == off)
				return pdf_err(d, "tham chiếu chéo (xref) bị"
				    " hỏng: vòng /Prev");
		if (nseen >= PDF_MAX_SECTIONS)
			return pdf_err(d, "quá nhiều lần cập nhật tăng dần");
		seen[nseen++] = off;
		if (read_section(d, off, &trailer) < 0)
			return -1;
		if (d->trailer == NULL)
			d->trailer = trailer;
		/* Hybrid file: the stream's entries rank below the table's. */
		o = pdf_dict_get(trailer, "XRefStm");
		if (o != NULL && o->type == PDF_INT && o->i > 0 &&
		    (uint64_t)o->i < d->len) {
			struct pdf_obj *t2;

			if (read_section(d, (uint64_t)o->i, &t2) < 0)
				return -1;
		}
		o = pdf_dict_get(trailer, "Prev");
		if (o == NULL)
			break;
		if (o->type != PDF_INT || o->i < 0 || (uint64_t)o->i >= d->len)
			return pdf_err(d, "tham chiếu chéo (xref) bị hỏng: /Prev"
			    " sai");
		off = (uint64_t)o->i;
		if (off == 0)
			break;
	}
	if (pdf_dict_get(d->trailer, "Encrypt") != NULL)
		return pdf_err(d, "tệp PDF được mã hóa (/Encrypt): không ký hay"
		    " kiểm tra được tệp mã hóa, hãy gỡ mật khẩu trước");
	if (build_view(d, UINT64_MAX, &d->view) < 0)
		return pdf_err(d, "tham chiếu chéo (xref) rỗng");
	o = pdf_dict_get(d->trailer, "Root");
	if (o == NULL || o->type != PDF_REF)
		return pdf_err(d, "tệp PDF hỏng: trailer không có /Root");
	o = pdf_resolve(d, NULL, o);
	if (o == NULL || o->type != PDF_DICT)
		return pdf_err(d, "tệp PDF hỏng: không đọc được danh mục"
		    " (/Root)");
	return 0;
}

int
pdf_open_file(struct pdf_doc *d, const char *path)
{
	struct stat st;
	void *map;
	int fd;

	memset(d, 0, sizeof(*d));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return pdf_err(d, "không mở được %s: %s", path,
		    strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		close(fd);
		return pdf_err(d, "%s không phải tệp thường hoặc rỗng", path);
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return pdf_err(d, "không đọc được %s: %s", path,
		    strerror(errno));
	if (pdf_open_mem(d, map, (size_t)st.st_size) < 0) {
		d->map = map;
		return -1;
	}
	d->map = map;
	return 0;
}

void
pdf_close(struct pdf_doc *d)
{
	if (d->map != NULL)
		munmap(d->map, d->len);
	pdf_view_release(&d->view);
	arena_release(&d->arena);
	d->map = NULL;
	d->sec = NULL;
	d->nsec = 0;
	d->ostm = NULL;
	d->trailer = NULL;
}
