/*
 * edxml_c14n.c - Canonical XML 1.0 (inclusive, without comments) made
 * from SAX2 events, so that a package is digested as it streams. The
 * rules (W3C REC-xml-c14n-20010315): no XML declaration nor DOCTYPE,
 * empty elements as start and end tags, namespace declarations that are
 * in scope and not already written by an output ancestor (default first,
 * then by prefix), attributes sorted by namespace URI then local name,
 * escaping of & < > and CR in text and of & < " TAB LF CR in attributes,
 * processing instructions kept (with a line feed between them and the
 * document element), comments dropped. A subset apex (SignedInfo) gets
 * every namespace in scope and the xml:* attributes of its ancestors.
 * In exclusive mode (REC-xml-exc-c14n-20020718, without a PrefixList) an
 * element carries only the namespaces it or its attributes use, and no
 * xml:* attribute is inherited.
 */
#include <stdlib.h>
#include <string.h>

#include "exchange/edxml_int.h"

#define BIND_MAX	1024
#define ATTR_MAX	256	/* attributes of one element */
#define INHERIT_MAX	16

static int
stack_push(struct c14n_stack *s, const char *prefix, const char *uri,
    size_t urilen, int depth)
{
	struct c14n_bind *v;
	int cap;

	if (s->n >= BIND_MAX)
		return -1;
	if (s->n == s->cap) {
		cap = s->cap ? s->cap * 2 : 16;
		if ((v = realloc(s->v, (size_t)cap * sizeof(*v))) == NULL)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	v = &s->v[s->n];
	v->prefix = strdup(prefix);
	v->uri = strndup(uri, urilen);
	if (v->prefix == NULL || v->uri == NULL) {
		free(v->prefix);
		free(v->uri);
		return -1;
	}
	v->depth = depth;
	s->n++;
	return 0;
}

static void
stack_pop_depth(struct c14n_stack *s, int depth)
{
	while (s->n > 0 && s->v[s->n - 1].depth >= depth) {
		s->n--;
		free(s->v[s->n].prefix);
		free(s->v[s->n].uri);
	}
}

void
c14n_stack_free(struct c14n_stack *s)
{
	stack_pop_depth(s, -1);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* The latest binding of `prefix` in `s`, or NULL. */
static const struct c14n_bind *
stack_find(const struct c14n_stack *s, const char *prefix)
{
	int i;

	for (i = s->n - 1; i >= 0; i--)
		if (strcmp(s->v[i].prefix, prefix) == 0)
			return &s->v[i];
	return NULL;
}

void
c14n_init(struct c14n *c, c14n_sink sink, void *ctx)
{
	memset(c, 0, sizeof(*c));
	c->sink = sink;
	c->ctx = ctx;
}

void
c14n_release(struct c14n *c)
{
	c14n_stack_free(&c->scope);
	c14n_stack_free(&c->rendered);
	c14n_stack_free(&c->xmlattr);
	c14n_stack_free(&c->inherit);
	free(c->buf);
	c->buf = NULL;
	c->blen = 0;
}

int
c14n_seed(struct c14n *c, const struct c14n *from)
{
	int i;

	c->subset = 1;
	if (c14n_scope_copy(from, &c->scope) < 0)
		return -1;
	/* xml:* attributes: the nearest ancestor's value of each name
	 * (a snapshot keeps them in `inherit`). */
	for (i = from->xmlattr.n + from->inherit.n - 1; i >= 0; i--) {
		const struct c14n_bind *b = i >= from->inherit.n ?
		    &from->xmlattr.v[i - from->inherit.n] : &from->inherit.v[i];

		if (stack_find(&c->inherit, b->prefix) != NULL)
			continue;
		if (stack_push(&c->inherit, b->prefix, b->uri,
		    strlen(b->uri), 0) < 0)
			return -1;
	}
	return 0;
}

int
c14n_seed_ns(struct c14n *c, const struct c14n_stack *ns)
{
	int i;

	c->subset = 1;
	for (i = 0; i < ns->n; i++)
		if (stack_push(&c->scope, ns->v[i].prefix, ns->v[i].uri,
		    strlen(ns->v[i].uri), 0) < 0)
			return -1;
	return 0;
}

int
c14n_scope_copy(const struct c14n *c, struct c14n_stack *out)
{
	int i;

	for (i = 0; i < c->scope.n; i++)
		if (stack_push(out, c->scope.v[i].prefix, c->scope.v[i].uri,
		    strlen(c->scope.v[i].uri), 0) < 0)
			return -1;
	return 0;
}

int
c14n_flush(struct c14n *c)
{
	if (c->blen > 0 && !c->failed && c->sink(c->ctx, c->buf, c->blen) < 0)
		c->failed = 1;
	c->blen = 0;
	return c->failed ? -1 : 0;
}

static int
put(struct c14n *c, const char *p, size_t n)
{
	if (c->failed)
		return -1;
	if (c->blen + n > C14N_BUF && c14n_flush(c) < 0)
		return -1;
	if (n > C14N_BUF) {
		if (c->sink(c->ctx, p, n) < 0)
			c->failed = 1;
		return c->failed ? -1 : 0;
	}
	if (c->buf == NULL && (c->buf = malloc(C14N_BUF)) == NULL) {
		c->failed = 1;
		return -1;
	}
	memcpy(c->buf + c->blen, p, n);
	c->blen += n;
	return 0;
}

static int
puts_(struct c14n *c, const char *s)
{
	return put(c, s, strlen(s));
}

int
c14n_raw(struct c14n *c, const char *s, size_t n)
{
	return put(c, s, n);
}

/* Bytes that may need an escape (text: & < > \r; attributes: & < " \t
 * \n \r); the long runs between them, base64 above all, are copied at
 * once. */
static const unsigned char maybe_esc[256] = {
	['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1,
	['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
};

/* Escape `s` for text (attr 0) or an attribute value (attr 1). */
static int
put_esc(struct c14n *c, const char *s, size_t n, int attr)
{
	size_t i, run = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		if (!maybe_esc[(unsigned char)s[i]])
			continue;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = attr ? NULL : "&gt;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		case '\t': rep = attr ? "&#x9;" : NULL; break;
		case '\n': rep = attr ? "&#xA;" : NULL; break;
		default: rep = "&#xD;"; break;	/* '\r' */
		}
		if (rep == NULL)
			continue;
		if (put(c, s + run, i - run) < 0 || puts_(c, rep) < 0)
			return -1;
		run = i + 1;
	}
	return put(c, s + run, n - run);
}

static int
put_qname(struct c14n *c, const xmlChar *prefix, const xmlChar *local)
{
	if (prefix != NULL && (puts_(c, (const char *)prefix) < 0 ||
	    put(c, ":", 1) < 0))
		return -1;
	return puts_(c, (const char *)local);
}

static int
cmp_bind(const void *a, const void *b)
{
	const struct c14n_bind *x = *(const struct c14n_bind *const *)a;
	const struct c14n_bind *y = *(const struct c14n_bind *const *)b;

	return strcmp(x->prefix, y->prefix);
}

/* Whether `b` must be written: not already written with that value by
 * an output ancestor (an empty default only to undo a written one). */
static int
needs_render(const struct c14n *c, const struct c14n_bind *b)
{
	const struct c14n_bind *r = stack_find(&c->rendered, b->prefix);

	if (r == NULL)
		return b->uri[0] != '\0';
	return strcmp(r->uri, b->uri) != 0;
}

static int
write_ns(struct c14n *c, const struct c14n_bind **to_render, int n)
{
	int i;

	qsort(to_render, (size_t)n, sizeof(to_render[0]), cmp_bind);
	for (i = 0; i < n; i++) {
		if (stack_push(&c->rendered, to_render[i]->prefix, to_render[i]->uri,
		    strlen(to_render[i]->uri), c->depth) < 0)
			return -1;
		if (puts_(c, to_render[i]->prefix[0] ? " xmlns:" : " xmlns") < 0 ||
		    puts_(c, to_render[i]->prefix) < 0 || puts_(c, "=\"") < 0 ||
		    put_esc(c, to_render[i]->uri, strlen(to_render[i]->uri), 1) < 0 ||
		    put(c, "\"", 1) < 0)
			return -1;
	}
	return 0;
}

/* Exclusive C14N: only the namespaces the element and its attributes
 * use visibly. */
static int
render_ns_exc(struct c14n *c, const xmlChar *prefix, int nattr,
    const xmlChar **attrs)
{
	static const struct c14n_bind none = { "", "", 0 };
	const struct c14n_bind *to_render[ATTR_MAX + 1], *b;
	const char *p;
	int i, j, n = 0, dup;

	for (i = -1; i < nattr; i++) {
		if (i < 0)
			p = prefix ? (const char *)prefix : "";
		else if ((p = (const char *)attrs[i * 5 + 1]) == NULL)
			continue;
		if (strcmp(p, "xml") == 0)
			continue;
		dup = 0;
		for (j = 0; j < n && !dup; j++)
			dup = strcmp(to_render[j]->prefix, p) == 0;
		if (dup)
			continue;
		b = stack_find(&c->scope, p);
		if (b == NULL)
			b = &none;	/* only the default can be unbound */
		if (needs_render(c, b))
			to_render[n++] = b;
	}
	return write_ns(c, to_render, n);
}

/* Write the namespace declarations this element must carry. */
static int
render_ns(struct c14n *c)
{
	const struct c14n_bind *to_render[BIND_MAX], *b;
	int i, j, n = 0, shadowed;

	for (i = c->scope.n - 1; i >= 0; i--) {
		b = &c->scope.v[i];
		shadowed = 0;
		for (j = i + 1; j < c->scope.n && !shadowed; j++)
			shadowed = strcmp(c->scope.v[j].prefix, b->prefix) == 0;
		if (shadowed || strcmp(b->prefix, "xml") == 0)
			continue;
		if (needs_render(c, b))
			to_render[n++] = b;
	}
	return write_ns(c, to_render, n);
}

struct attr {
	const char	*uri, *local, *prefix, *val;
	size_t		 len;
};

static int
cmp_attr(const void *a, const void *b)
{
	const struct attr *x = a, *y = b;
	int r = strcmp(x->uri, y->uri);

	return r ? r : strcmp(x->local, y->local);
}

static int
render_attrs(struct c14n *c, int nattr, const xmlChar **attrs)
{
	struct attr v[ATTR_MAX + INHERIT_MAX];
	int i, j, n = 0, own;

	if (nattr > ATTR_MAX)
		return -1;
	for (i = 0; i < nattr; i++) {
		const xmlChar **a = attrs + i * 5;

		v[n].local = (const char *)a[0];
		v[n].prefix = (const char *)a[1];
		v[n].uri = a[2] ? (const char *)a[2] : "";
		v[n].val = (const char *)a[3];
		v[n].len = (size_t)(a[4] - a[3]);
		n++;
	}
	/* The apex of a subset inherits its ancestors' xml:* attributes. */
	if (c->subset && c->depth == 1 && !c->exclusive) {
		for (i = 0; i < c->inherit.n && i < INHERIT_MAX; i++) {
			own = 0;
			for (j = 0; j < nattr; j++)
				own |= strcmp(v[j].uri, EDXML_XML_NS) == 0 &&
				    strcmp(v[j].local, c->inherit.v[i].prefix)
				    == 0;
			if (own)
				continue;
			v[n].local = c->inherit.v[i].prefix;
			v[n].prefix = "xml";
			v[n].uri = EDXML_XML_NS;
			v[n].val = c->inherit.v[i].uri;
			v[n].len = strlen(v[n].val);
			n++;
		}
	}
	qsort(v, (size_t)n, sizeof(v[0]), cmp_attr);
	for (i = 0; i < n; i++) {
		if (put(c, " ", 1) < 0 ||
		    put_qname(c, (const xmlChar *)v[i].prefix,
		    (const xmlChar *)v[i].local) < 0 || puts_(c, "=\"") < 0 ||
		    put_esc(c, v[i].val, v[i].len, 1) < 0 ||
		    put(c, "\"", 1) < 0)
			return -1;
	}
	return 0;
}

static int
track(struct c14n *c, int nns, const xmlChar **ns, int nattr,
    const xmlChar **attrs)
{
	const char *p, *u;
	int i;

	for (i = 0; i < nns; i++) {
		p = ns[2 * i] ? (const char *)ns[2 * i] : "";
		u = ns[2 * i + 1] ? (const char *)ns[2 * i + 1] : "";
		if (stack_push(&c->scope, p, u, strlen(u), c->depth) < 0)
			return -1;
	}
	for (i = 0; i < nattr; i++) {
		const xmlChar **a = attrs + i * 5;

		if (a[2] == NULL || strcmp((const char *)a[2],
		    EDXML_XML_NS) != 0)
			continue;
		if (stack_push(&c->xmlattr, (const char *)a[0],
		    (const char *)a[3], (size_t)(a[4] - a[3]), c->depth) < 0)
			return -1;
	}
	return 0;
}

int
c14n_start(struct c14n *c, int visible, const xmlChar *local,
    const xmlChar *prefix, int nns, const xmlChar **ns, int nattr,
    const xmlChar **attrs)
{
	if (c->failed)
		return -1;
	if (++c->depth > EDXML_DEPTH_MAX || nattr > ATTR_MAX ||
	    track(c, nns, ns, nattr, attrs) < 0) {
		c->failed = 1;
		return -1;
	}
	c->started = 1;
	if (!visible)
		return 0;
	if (put(c, "<", 1) < 0 || put_qname(c, prefix, local) < 0 ||
	    (c->exclusive ? render_ns_exc(c, prefix, nattr, attrs) :
	    render_ns(c)) < 0 || render_attrs(c, nattr, attrs) < 0 ||
	    put(c, ">", 1) < 0) {
		c->failed = 1;
		return -1;
	}
	return 0;
}

int
c14n_end(struct c14n *c, int visible, const xmlChar *local,
    const xmlChar *prefix)
{
	if (c->failed)
		return -1;
	if (visible && (put(c, "</", 2) < 0 || put_qname(c, prefix, local) < 0
	    || put(c, ">", 1) < 0))
		return -1;
	stack_pop_depth(&c->scope, c->depth);
	stack_pop_depth(&c->rendered, c->depth);
	stack_pop_depth(&c->xmlattr, c->depth);
	if (--c->depth == 0)
		c->root_done = 1;
	return 0;
}

int
c14n_text(struct c14n *c, const char *s, size_t n)
{
	if (c->depth == 0)
		return 0;
	return put_esc(c, s, n, 0);
}

int
c14n_pi(struct c14n *c, const xmlChar *target, const xmlChar *data)
{
	int outside = c->depth == 0;

	if (outside && c->root_done && put(c, "\n", 1) < 0)
		return -1;
	if (puts_(c, "<?") < 0 || puts_(c, (const char *)target) < 0)
		return -1;
	if (data != NULL && data[0] != '\0' && (put(c, " ", 1) < 0 ||
	    puts_(c, (const char *)data) < 0))
		return -1;
	if (puts_(c, "?>") < 0)
		return -1;
	if (outside && !c->started && put(c, "\n", 1) < 0)
		return -1;
	return 0;
}
