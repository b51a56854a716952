/* jsonw.c - a JSON writer straight into a buffer (see jsonw.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "jsonw.h"
#include "textrun.h"

void
jw_init(struct jw *w, struct buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

/* The comma before a value, or 0 when it is the first of its level (a
 * value after a key is its key's: no comma then). */
static int
comma(struct jw *w)
{
	return w->count[w->depth]++ > 0 ? ',' : 0;
}

/* Before a value: its comma, if any. */
static void
sep(struct jw *w)
{
	int c = comma(w);

	if (c)
		buf_addch(w->b, c);
}

static void
nest(struct jw *w, char c)
{
	sep(w);
	buf_addch(w->b, c);
	if (w->depth < JW_DEPTH - 1)
		w->depth++;
	w->count[w->depth] = 0;
}

static void
unnest(struct jw *w, char c)
{
	buf_addch(w->b, c);
	if (w->depth > 0)
		w->depth--;
}

void
jw_obj(struct jw *w)
{
	nest(w, '{');
}

void
jw_obj_end(struct jw *w)
{
	unnest(w, '}');
}

void
jw_arr(struct jw *w)
{
	nest(w, '[');
}

void
jw_arr_end(struct jw *w)
{
	unnest(w, ']');
}

/* Bytes that end a run of plain text: those JSON escapes (below 0x20,
 * the quote, the backslash), and the string's end (0). */
static const unsigned char stop[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1,
	[0x05] = 1, [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1,
	[0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1, [0x0e] = 1,
	[0x0f] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1,
	[0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1,
	[0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1,
	[0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

/* s quoted, after `pre` (a comma, or nothing) and before `post` (a colon
 * after a key, or nothing): one check of room for a string that needs
 * no escape. */
static void
quoted(struct buf *b, int pre, const char *s, int post)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p, *run;
	size_t n = text_run(s, stop);

	if (s[n] == '\0') {
		if (b->cap - b->len < n + 5 && buf_grow(b, n + 4) < 0)
			return;
		if (pre)
			b->data[b->len++] = (char)pre;
		b->data[b->len++] = '"';
		memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len++] = '"';
		if (post)
			b->data[b->len++] = (char)post;
		b->data[b->len] = '\0';
		return;
	}
	if (pre)
		buf_addch(b, pre);
	buf_addch(b, '"');
	for (run = p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		buf_add(b, run, (size_t)(p - run));
		run = p + 1;
		switch (*p) {
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		case '\b': buf_adds(b, "\\b"); break;
		case '\f': buf_adds(b, "\\f"); break;
		default:
			buf_adds(b, "\\u00");
			buf_addch(b, hex[*p >> 4]);
			buf_addch(b, hex[*p & 15]);
		}
	}
	buf_add(b, run, (size_t)(p - run));
	buf_addch(b, '"');
	if (post)
		buf_addch(b, post);
}

void
jw_key_esc(struct jw *w, const char *k)
{
	quoted(w->b, comma(w), k, ':');
	w->count[w->depth] = 0;		/* its value takes no comma */
}

/* A key written out (`q`, `n` bytes) and its value `v` (`vn` bytes, in
 * quotes with `quote`, which needs no escape) with one check of room. */
static void
pair(struct jw *w, const char *q, size_t n, const char *v, size_t vn,
    int quote)
{
	struct buf *b = w->b;
	int c = comma(w);		/* the pair is one value of its level */
	size_t need = n + vn + 4;	/* comma, quotes, NUL */

	if (b->cap - b->len < need && buf_grow(b, need - 1) < 0)
		return;
	if (c)
		b->data[b->len++] = (char)c;
	memcpy(b->data + b->len, q, n);
	b->len += n;
	if (quote)
		b->data[b->len++] = '"';
	memcpy(b->data + b->len, v, vn);
	b->len += vn;
	if (quote)
		b->data[b->len++] = '"';
	b->data[b->len] = '\0';
}

void
jw_key_q(struct jw *w, const char *q, size_t n)
{
	pair(w, q, n, "", 0, 0);
	w->count[w->depth] = 0;		/* its value takes no comma */
}

void
jw_str(struct jw *w, const char *s)
{
	if (s == NULL) {
		jw_null(w);
		return;
	}
	quoted(w->b, comma(w), s, 0);
}

void
jw_int(struct jw *w, int64_t v)
{
	sep(w);
	buf_add_int(w->b, v);
}

void
jw_bool(struct jw *w, int v)
{
	sep(w);
	buf_adds(w->b, v ? "true" : "false");
}

void
jw_null(struct jw *w)
{
	sep(w);
	buf_adds(w->b, "null");
}

void
jw_kstr_q(struct jw *w, const char *q, size_t n, const char *s)
{
	size_t k;

	if (s == NULL) {
		pair(w, q, n, "null", 4, 0);
		return;
	}
	if (s[k = text_run(s, stop)] == '\0') {
		pair(w, q, n, s, k, 1);
		return;
	}
	jw_key_q(w, q, n);
	jw_str(w, s);
}

void
jw_kstr0_q(struct jw *w, const char *q, size_t n, const char *s)
{
	jw_kstr_q(w, q, n, s != NULL && *s != '\0' ? s : NULL);
}

void
jw_kint_q(struct jw *w, const char *q, size_t n, int64_t v)
{
	char d[24];
	size_t dn;
	const char *p = int_text(d, v, &dn);

	pair(w, q, n, p, dn, 0);
}

void
jw_kint0_q(struct jw *w, const char *q, size_t n, int64_t v)
{
	if (v)
		jw_kint_q(w, q, n, v);
	else
		pair(w, q, n, "null", 4, 0);
}

void
jw_kbool_q(struct jw *w, const char *q, size_t n, int v)
{
	pair(w, q, n, v ? "true" : "false", v ? 4 : 5, 0);
}
