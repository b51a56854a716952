/* jsonw.c - a JSON writer straight into a buffer (see jsonw.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "jsonw.h"

void
jw_init(struct jw *w, struct buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

/* Before a value: a comma unless it is the first of its level (a value
 * after a key is its key's: no comma then). */
static void
sep(struct jw *w)
{
	if (w->count[w->depth]++ > 0)
		buf_addch(w->b, ',');
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

static void
quoted(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s, *run = p;
	size_t n;

	/* Most strings (every key) need no escape: one copy. */
	while (*p >= 0x20 && *p != '"' && *p != '\\')
		p++;
	if (*p == '\0') {
		n = (size_t)(p - run);
		if (buf_grow(b, n + 2) < 0)
			return;
		b->data[b->len++] = '"';
		memcpy(b->data + b->len, run, n);
		b->len += n;
		b->data[b->len++] = '"';
		b->data[b->len] = '\0';
		return;
	}
	p = run;
	buf_addch(b, '"');
	for (; *p; p++) {
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
}

void
jw_key(struct jw *w, const char *k)
{
	sep(w);
	quoted(w->b, k);
	buf_addch(w->b, ':');
	w->count[w->depth] = 0;		/* its value takes no comma */
}

void
jw_str(struct jw *w, const char *s)
{
	if (s == NULL) {
		jw_null(w);
		return;
	}
	sep(w);
	quoted(w->b, s);
}

void
jw_int(struct jw *w, int64_t v)
{
	sep(w);
	buf_printf(w->b, "%" PRId64, v);
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
jw_kstr(struct jw *w, const char *k, const char *s)
{
	jw_key(w, k);
	jw_str(w, s);
}

void
jw_kstr0(struct jw *w, const char *k, const char *s)
{
	jw_key(w, k);
	jw_str(w, s != NULL && *s != '\0' ? s : NULL);
}

void
jw_kint(struct jw *w, const char *k, int64_t v)
{
	jw_key(w, k);
	jw_int(w, v);
}

void
jw_kint0(struct jw *w, const char *k, int64_t v)
{
	jw_key(w, k);
	if (v)
		jw_int(w, v);
	else
		jw_null(w);
}

void
jw_kbool(struct jw *w, const char *k, int v)
{
	jw_key(w, k);
	jw_bool(w, v);
}
