/*
 * pdf_lex.c - the PDF tokenizer and object parser (ISO 32000-1, 7.2-7.3),
 * and the writer of objects. Input is outside data: every read is bounds
 * checked, nesting, string, name and container sizes are limited.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/pdf.h"

int
pdf_err(struct pdf_doc *d, const char *fmt, ...)
{
	va_list ap;

	if (d->err[0] != '\0')
		return -1;
	va_start(ap, fmt);
	vsnprintf(d->err, sizeof(d->err), fmt, ap);
	va_end(ap);
	return -1;
}

void *
pdf_alloc(struct pdf_doc *d, size_t n)
{
	if (n > PDF_MAX_MEM || d->mem + n > PDF_MAX_MEM) {
		pdf_err(d, "tệp PDF quá lớn hoặc quá phức tạp để đọc");
		return NULL;
	}
	d->mem += n + 16;
	return arena_alloc(&d->arena, n);
}

struct pdf_obj *
pdf_new(struct pdf_doc *d, enum pdf_type t)
{
	struct pdf_obj *o = pdf_alloc(d, sizeof(*o));

	if (o != NULL)
		o->type = t;
	return o;
}

static int
is_ws(int c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' ||
	    c == ' ';
}

static int
is_delim(int c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' ||
	    c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

static int
is_regular(int c)
{
	return !is_ws(c) && !is_delim(c);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t
pdf_skip_ws(const uint8_t *base, size_t len, size_t pos)
{
	while (pos < len) {
		if (is_ws(base[pos]))
			pos++;
		else if (base[pos] == '%') {
			while (pos < len && base[pos] != '\n' && base[pos] != '\r')
				pos++;
		} else
			break;
	}
	return pos;
}

int
pdf_keyword_at(const uint8_t *base, size_t len, size_t pos, const char *kw)
{
	size_t n = strlen(kw);

	if (pos > len || len - pos < n || memcmp(base + pos, kw, n) != 0)
		return 0;
	return pos + n == len || !is_regular(base[pos + n]);
}

/* A temporary list of pointers, grown with realloc, copied into the
 * arena when complete. */
struct plist {
	void	**v;
	size_t	  n, cap;
};

static int
plist_push(struct plist *l, void *p)
{
	void **nv;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		if ((nv = realloc(l->v, l->cap * sizeof(*nv))) == NULL)
			return -1;
		l->v = nv;
	}
	l->v[l->n++] = p;
	return 0;
}

static void **
plist_finish(struct pdf_doc *d, struct plist *l)
{
	void **out;

	if (l->n == 0)
		return NULL;
	if ((out = pdf_alloc(d, l->n * sizeof(*out))) != NULL)
		memcpy(out, l->v, l->n * sizeof(*out));
	return out;
}

struct lex {
	struct pdf_doc	*d;
	const uint8_t	*b;
	size_t		 len, pos;
	int		 depth;
};

static struct pdf_obj *parse_obj(struct lex *lx);

static int
lex_fail(struct lex *lx, const char *what)
{
	return pdf_err(lx->d, "tệp PDF hỏng: %s (vị trí %zu)", what, lx->pos);
}

static struct pdf_obj *
parse_number(struct lex *lx)
{
	size_t start = lx->pos, p = lx->pos;
	int dot = 0, digits = 0;
	unsigned long long v = 0;
	struct pdf_obj *o;
	int neg = 0;

	if (p < lx->len && (lx->b[p] == '+' || lx->b[p] == '-')) {
		neg = lx->b[p] == '-';
		p++;
	}
	for (; p < lx->len; p++) {
		int c = lx->b[p];

		if (c == '.' && !dot)
			dot = 1;
		else if (c >= '0' && c <= '9') {
			digits++;
			if (!dot) {
				if (v > 922337203685477580ULL) {
					lex_fail(lx, "số quá lớn");
					return NULL;
				}
				v = v * 10 + (unsigned)(c - '0');
			}
		} else
			break;
	}
	if (digits == 0 || p - start > 64) {
		lex_fail(lx, "số không hợp lệ");
		return NULL;
	}
	lx->pos = p;
	if (dot) {
		if ((o = pdf_new(lx->d, PDF_REAL)) == NULL)
			return NULL;
		o->len = p - start;
		if ((o->s = pdf_alloc(lx->d, o->len + 1)) == NULL)
			return NULL;
		memcpy(o->s, lx->b + start, o->len);
		return o;
	}
	if ((o = pdf_new(lx->d, PDF_INT)) == NULL)
		return NULL;
	o->i = neg ? -(long long)v : (long long)v;
	return o;
}

static struct pdf_obj *
parse_name(struct lex *lx)
{
	char tmp[PDF_MAX_NAME];
	size_t n = 0;
	struct pdf_obj *o;

	lx->pos++;	/* '/' */
	while (lx->pos < lx->len && is_regular(lx->b[lx->pos])) {
		int c = lx->b[lx->pos++];

		if (c == '#' && lx->pos + 1 < lx->len &&
		    hexval(lx->b[lx->pos]) >= 0 &&
		    hexval(lx->b[lx->pos + 1]) >= 0) {
			c = hexval(lx->b[lx->pos]) * 16 +
			    hexval(lx->b[lx->pos + 1]);
			lx->pos += 2;
		}
		if (n + 1 >= sizeof(tmp)) {
			lex_fail(lx, "tên quá dài");
			return NULL;
		}
		tmp[n++] = (char)c;
	}
	if ((o = pdf_new(lx->d, PDF_NAME)) == NULL ||
	    (o->s = pdf_alloc(lx->d, n + 1)) == NULL)
		return NULL;
	memcpy(o->s, tmp, n);
	o->len = n;
	return o;
}

static struct pdf_obj *
finish_string(struct lex *lx, struct buf *sb)
{
	struct pdf_obj *o;

	if ((o = pdf_new(lx->d, PDF_STRING)) == NULL ||
	    (o->s = pdf_alloc(lx->d, sb->len + 1)) == NULL) {
		buf_release(sb);
		return NULL;
	}
	memcpy(o->s, sb->data, sb->len);
	o->len = sb->len;
	buf_release(sb);
	return o;
}

static struct pdf_obj *
parse_literal(struct lex *lx)
{
	struct buf sb;
	int level = 1;

	buf_init(&sb, PDF_MAX_STRING);
	lx->pos++;	/* '(' */
	while (lx->pos < lx->len) {
		int c = lx->b[lx->pos++];

		if (c == '(')
			level++;
		else if (c == ')' && --level == 0)
			return finish_string(lx, &sb);
		else if (c == '\\') {
			if (lx->pos >= lx->len)
				break;
			c = lx->b[lx->pos++];
			switch (c) {
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '\r':
				if (lx->pos < lx->len && lx->b[lx->pos] == '\n')
					lx->pos++;
				continue;
			case '\n':
				continue;
			default:
				if (c >= '0' && c <= '7') {
					int v = c - '0', k;

					for (k = 0; k < 2 && lx->pos < lx->len &&
					    lx->b[lx->pos] >= '0' &&
					    lx->b[lx->pos] <= '7'; k++)
						v = v * 8 + lx->b[lx->pos++] - '0';
					c = v & 0xff;
				}
				break;
			}
		} else if (c == '\r') {
			if (lx->pos < lx->len && lx->b[lx->pos] == '\n')
				lx->pos++;
			c = '\n';
		}
		if (buf_addch(&sb, c) < 0) {
			buf_release(&sb);
			lex_fail(lx, "chuỗi quá dài");
			return NULL;
		}
	}
	buf_release(&sb);
	lex_fail(lx, "chuỗi không kết thúc");
	return NULL;
}

static struct pdf_obj *
parse_hex(struct lex *lx)
{
	struct buf sb;
	int hi = -1;

	buf_init(&sb, PDF_MAX_STRING);
	lx->pos++;	/* '<' */
	while (lx->pos < lx->len) {
		int c = lx->b[lx->pos++], v;

		if (c == '>') {
			if (hi >= 0 && buf_addch(&sb, hi << 4) < 0)
				break;
			return finish_string(lx, &sb);
		}
		if (is_ws(c))
			continue;
		if ((v = hexval(c)) < 0) {
			buf_release(&sb);
			lex_fail(lx, "chuỗi hex có ký tự lạ");
			return NULL;
		}
		if (hi < 0)
			hi = v;
		else {
			if (buf_addch(&sb, hi << 4 | v) < 0) {
				buf_release(&sb);
				lex_fail(lx, "chuỗi quá dài");
				return NULL;
			}
			hi = -1;
		}
	}
	buf_release(&sb);
	lex_fail(lx, "chuỗi hex không kết thúc");
	return NULL;
}

static struct pdf_obj *
parse_array(struct lex *lx)
{
	struct plist l = { NULL, 0, 0 };
	struct pdf_obj *o = NULL, *e;

	lx->pos++;	/* '[' */
	for (;;) {
		lx->pos = pdf_skip_ws(lx->b, lx->len, lx->pos);
		if (lx->pos >= lx->len) {
			lex_fail(lx, "mảng không kết thúc");
			goto out;
		}
		if (lx->b[lx->pos] == ']') {
			lx->pos++;
			break;
		}
		if (l.n >= PDF_MAX_ITEMS) {
			lex_fail(lx, "mảng quá nhiều phần tử");
			goto out;
		}
		if ((e = parse_obj(lx)) == NULL)
			goto out;
		if (plist_push(&l, e) < 0) {
			pdf_err(lx->d, "hết bộ nhớ");
			goto out;
		}
	}
	if ((o = pdf_new(lx->d, PDF_ARRAY)) == NULL)
		goto out;
	o->n = l.n;
	o->items = (struct pdf_obj **)plist_finish(lx->d, &l);
	if (l.n > 0 && o->items == NULL)
		o = NULL;
out:
	free(l.v);
	return o;
}

static struct pdf_obj *
parse_dict(struct lex *lx)
{
	struct plist k = { NULL, 0, 0 }, v = { NULL, 0, 0 };
	struct pdf_obj *o = NULL, *key, *val;

	lx->pos += 2;	/* "<<" */
	for (;;) {
		lx->pos = pdf_skip_ws(lx->b, lx->len, lx->pos);
		if (lx->pos + 1 < lx->len && lx->b[lx->pos] == '>' &&
		    lx->b[lx->pos + 1] == '>') {
			lx->pos += 2;
			break;
		}
		if (lx->pos >= lx->len || lx->b[lx->pos] != '/') {
			lex_fail(lx, "từ điển hỏng");
			goto out;
		}
		if (k.n >= PDF_MAX_ITEMS) {
			lex_fail(lx, "từ điển quá nhiều mục");
			goto out;
		}
		if ((key = parse_name(lx)) == NULL)
			goto out;
		lx->pos = pdf_skip_ws(lx->b, lx->len, lx->pos);
		if (lx->pos + 1 < lx->len && lx->b[lx->pos] == '>' &&
		    lx->b[lx->pos + 1] == '>') {
			lex_fail(lx, "từ điển thiếu giá trị");
			goto out;
		}
		if ((val = parse_obj(lx)) == NULL)
			goto out;
		if (plist_push(&k, key->s) < 0 || plist_push(&v, val) < 0) {
			pdf_err(lx->d, "hết bộ nhớ");
			goto out;
		}
	}
	if ((o = pdf_new(lx->d, PDF_DICT)) == NULL)
		goto out;
	o->n = k.n;
	o->keys = (char **)plist_finish(lx->d, &k);
	o->items = (struct pdf_obj **)plist_finish(lx->d, &v);
	if (k.n > 0 && (o->keys == NULL || o->items == NULL))
		o = NULL;
out:
	free(k.v);
	free(v.v);
	return o;
}

/* After an integer: "G R" makes a reference. */
static struct pdf_obj *
maybe_ref(struct lex *lx, struct pdf_obj *num)
{
	size_t p = pdf_skip_ws(lx->b, lx->len, lx->pos), q;
	long long gen = 0;
	struct pdf_obj *r;

	if (num->i < 0 || p >= lx->len || lx->b[p] < '0' || lx->b[p] > '9')
		return num;
	for (q = p; q < lx->len && lx->b[q] >= '0' && lx->b[q] <= '9'; q++) {
		if (q - p > 6)
			return num;
		gen = gen * 10 + lx->b[q] - '0';
	}
	if (q < lx->len && !is_ws(lx->b[q]) && !is_delim(lx->b[q]))
		return num;
	q = pdf_skip_ws(lx->b, lx->len, q);
	if (!pdf_keyword_at(lx->b, lx->len, q, "R"))
		return num;
	if (num->i > PDF_MAX_OBJNUM || gen > 65535) {
		lex_fail(lx, "tham chiếu ngoài giới hạn");
		return NULL;
	}
	if ((r = pdf_new(lx->d, PDF_REF)) == NULL)
		return NULL;
	r->num = (uint32_t)num->i;
	r->gen = (uint16_t)gen;
	lx->pos = q + 1;
	return r;
}

static struct pdf_obj *
parse_obj(struct lex *lx)
{
	struct pdf_obj *o = NULL;
	int c;

	lx->pos = pdf_skip_ws(lx->b, lx->len, lx->pos);
	if (lx->pos >= lx->len) {
		lex_fail(lx, "hết dữ liệu giữa chừng");
		return NULL;
	}
	if (++lx->depth > PDF_MAX_DEPTH) {
		lex_fail(lx, "lồng nhau quá sâu");
		return NULL;
	}
	c = lx->b[lx->pos];
	if (c == '/')
		o = parse_name(lx);
	else if (c == '(')
		o = parse_literal(lx);
	else if (c == '<' && lx->pos + 1 < lx->len && lx->b[lx->pos + 1] == '<')
		o = parse_dict(lx);
	else if (c == '<')
		o = parse_hex(lx);
	else if (c == '[')
		o = parse_array(lx);
	else if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
		o = parse_number(lx);
		if (o != NULL && o->type == PDF_INT)
			o = maybe_ref(lx, o);
	} else if (pdf_keyword_at(lx->b, lx->len, lx->pos, "true") ||
	    pdf_keyword_at(lx->b, lx->len, lx->pos, "false")) {
		if ((o = pdf_new(lx->d, PDF_BOOL)) != NULL)
			o->b = c == 't';
		lx->pos += c == 't' ? 4 : 5;
	} else if (pdf_keyword_at(lx->b, lx->len, lx->pos, "null")) {
		o = pdf_new(lx->d, PDF_NULL);
		lx->pos += 4;
	} else
		lex_fail(lx, "gặp ký tự không mong đợi");
	lx->depth--;
	return o;
}

struct pdf_obj *
pdf_parse(struct pdf_doc *d, const uint8_t *base, size_t len, size_t *pos)
{
	struct lex lx = { d, base, len, *pos, 0 };
	struct pdf_obj *o;

	if (*pos > len) {
		pdf_err(d, "tệp PDF hỏng: vị trí ngoài tệp");
		return NULL;
	}
	if ((o = parse_obj(&lx)) != NULL)
		*pos = lx.pos;
	return o;
}

struct pdf_obj *
pdf_dict_get(const struct pdf_obj *dict, const char *key)
{
	size_t i;

	if (dict == NULL || (dict->type != PDF_DICT && dict->type != PDF_STREAM))
		return NULL;
	for (i = 0; i < dict->n; i++)
		if (strcmp(dict->keys[i], key) == 0)
			return dict->items[i];
	return NULL;
}

int
pdf_is_name(const struct pdf_obj *o, const char *name)
{
	return o != NULL && o->type == PDF_NAME && strcmp(o->s, name) == 0;
}

static int
write_name(struct buf *b, const char *s)
{
	const unsigned char *p;

	if (buf_addch(b, '/') < 0)
		return -1;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x21 || *p > 0x7e || *p == '#' || is_delim(*p)) {
			if (buf_printf(b, "#%02X", *p) < 0)
				return -1;
		} else if (buf_addch(b, *p) < 0)
			return -1;
	}
	return 0;
}

int
pdf_write_obj(struct buf *b, const struct pdf_obj *o)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	switch (o->type) {
	case PDF_NULL:
		return buf_adds(b, "null");
	case PDF_BOOL:
		return buf_adds(b, o->b ? "true" : "false");
	case PDF_INT:
		return buf_printf(b, "%lld", o->i);
	case PDF_REAL:
		return buf_add(b, o->s, o->len);
	case PDF_STRING:
		if (buf_addch(b, '<') < 0)
			return -1;
		for (i = 0; i < o->len; i++) {
			unsigned char c = (unsigned char)o->s[i];

			if (buf_addch(b, hex[c >> 4]) < 0 ||
			    buf_addch(b, hex[c & 15]) < 0)
				return -1;
		}
		return buf_addch(b, '>');
	case PDF_NAME:
		return write_name(b, o->s);
	case PDF_ARRAY:
		if (buf_addch(b, '[') < 0)
			return -1;
		for (i = 0; i < o->n; i++) {
			if ((i > 0 && buf_addch(b, ' ') < 0) ||
			    pdf_write_obj(b, o->items[i]) < 0)
				return -1;
		}
		return buf_addch(b, ']');
	case PDF_DICT:
		if (buf_adds(b, "<<") < 0)
			return -1;
		for (i = 0; i < o->n; i++) {
			if (write_name(b, o->keys[i]) < 0 ||
			    buf_addch(b, ' ') < 0 ||
			    pdf_write_obj(b, o->items[i]) < 0)
				return -1;
		}
		return buf_adds(b, ">>");
	case PDF_REF:
		return buf_printf(b, "%u %u R", o->num, o->gen);
	default:
		return -1;
	}
}
