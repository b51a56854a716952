/*
 * fuzz_edxml.c - libFuzzer harness for the edXML reader and the
 * streaming canonicalizer (src/exchange/edxml_*.c).
 *
 * The input is read as a package from memory (document or status, the
 * rules of QCVN 102 applied): when it is accepted, what was read must
 * keep those rules. The same input then goes through the SAX2 driver into
 * the canonicalizer, which must neither crash nor leak, whatever it is.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "exchange/edxml.h"
#include "exchange/edxml_int.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_doc(const struct edxml_doc *d)
{
	int i;

	if (d->nto < 1 || d->nto > EDXML_TO_MAX || d->natt > EDXML_ATT_MAX ||
	    d->from.organ_id == NULL || d->subject == NULL ||
	    edxml_utf8_len(d->subject) > EDXML_SUBJECT_MAX ||
	    d->document_id == NULL || d->business < 0 || d->business > 3)
		abort();
	for (i = 0; i < d->natt; i++)
		if (d->att[i].path != NULL || strlen(d->att[i].sha256) != 64)
			abort();
}

struct glue {
	struct edxml_px	 px;
	struct c14n	 c;
};

static void
g_start(void *ud, const xmlChar *l, const xmlChar *p, const xmlChar *u,
    int nns, const xmlChar **ns, int na, int nd, const xmlChar **at)
{
	struct glue *g = ud;

	(void)u;
	(void)nd;
	if (c14n_start(&g->c, 1, l, p, nns, ns, na, at) < 0)
		edxml_px_fail(&g->px, "c14n");
}

static void
g_end(void *ud, const xmlChar *l, const xmlChar *p, const xmlChar *u)
{
	struct glue *g = ud;

	(void)u;
	if (c14n_end(&g->c, 1, l, p) < 0)
		edxml_px_fail(&g->px, "c14n");
}

static void
g_text(void *ud, const xmlChar *ch, int len)
{
	struct glue *g = ud;

	if (c14n_text(&g->c, (const char *)ch, (size_t)len) < 0)
		edxml_px_fail(&g->px, "c14n");
}

static void
g_pi(void *ud, const xmlChar *t, const xmlChar *d)
{
	struct glue *g = ud;

	if (c14n_pi(&g->c, t, d) < 0)
		edxml_px_fail(&g->px, "c14n");
}

static int
g_sink(void *ctx, const char *p, size_t n)
{
	size_t *total = ctx;

	(void)p;
	*total += n;
	return 0;
}

static void
canonicalize(const uint8_t *data, size_t size)
{
	struct glue g;
	xmlSAXHandler sax;
	char err[EDXML_ERR_MAX];
	size_t total = 0;

	memset(&g, 0, sizeof(g));
	c14n_init(&g.c, g_sink, &total);
	memset(&sax, 0, sizeof(sax));
	sax.startElementNs = g_start;
	sax.endElementNs = g_end;
	sax.characters = g_text;
	sax.processingInstruction = g_pi;
	if (edxml_parse_mem(data, size, &sax, &g.px, err, sizeof(err)) == 0)
		c14n_flush(&g.c);
	c14n_release(&g.c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct edxml_pkg pkg;
	struct arena a = ARENA_INIT;
	char err[EDXML_ERR_MAX];

	if (size > 1 << 20)
		return 0;
	if (edxml_read_mem(data, size, &a, &pkg, err, sizeof(err)) == 0) {
		if (pkg.kind == EDXML_KIND_DOC)
			check_doc(&pkg.doc);
		else if (!edxml_status_known(pkg.status.status_code))
			abort();
	} else if (err[0] == '\0')
		abort();
	arena_release(&a);
	canonicalize(data, size);
	return 0;
}
