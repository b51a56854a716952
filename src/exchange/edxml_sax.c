/*
 * edxml_sax.c - the libxml2 SAX2 push parser that every edXML reader
 * goes through: the file is pushed in chunks, so a base64 text of any
 * size reaches the characters callback piece by piece and is never held
 * whole. No DTD is accepted, no entity or file is loaded, no network.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "exchange/edxml_int.h"

#define CHUNK	65536

int
edxml_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void
edxml_px_fail(struct edxml_px *px, const char *fmt, ...)
{
	va_list ap;

	if (!px->failed) {
		va_start(ap, fmt);
		vsnprintf(px->err, sizeof(px->err), fmt, ap);
		va_end(ap);
		px->failed = 1;
	}
	if (px->ctxt != NULL)
		xmlStopParser(px->ctxt);
}

static void
on_error(void *ud, xmlErrorPtr e)
{
	struct edxml_px *px = ud;

	if (e == NULL || e->level < XML_ERR_ERROR)
		return;
	if (e->domain == XML_FROM_NAMESPACE)
		edxml_px_fail(px, "không phải XML hợp lệ: tiền tố không khai báo"
		    " hoặc lỗi không gian tên (dòng %d)", e->line);
	else
		edxml_px_fail(px, "không phải XML hợp lệ (dòng %d, cột %d, mã"
		    " lỗi XML %d)", e->line, e->int2, e->code);
}

static void
on_dtd(void *ud, const xmlChar *name, const xmlChar *eid, const xmlChar *sid)
{
	(void)name;
	(void)eid;
	(void)sid;
	edxml_px_fail(ud, "gói có khai báo DOCTYPE: không được chấp nhận");
}

static void
on_entity(void *ud, const xmlChar *name, int type, const xmlChar *pid,
    const xmlChar *sid, xmlChar *content)
{
	(void)name;
	(void)type;
	(void)pid;
	(void)sid;
	(void)content;
	edxml_px_fail(ud, "gói có khai báo thực thể: không được chấp nhận");
}

/* libxml2's own messages (encoding errors) are not printed: the first
 * error reaches the caller in Vietnamese through on_error(). */
static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static xmlParserCtxtPtr
make_ctxt(xmlSAXHandler *sax, struct edxml_px *px, const char *first,
    int n)
{
	xmlParserCtxtPtr ctxt;

	sax->initialized = XML_SAX2_MAGIC;
	sax->serror = on_error;
	sax->error = NULL;
	sax->warning = NULL;
	sax->fatalError = NULL;
	sax->internalSubset = on_dtd;
	sax->externalSubset = on_dtd;
	sax->entityDecl = on_entity;
	sax->resolveEntity = NULL;
	sax->getEntity = NULL;
	sax->reference = NULL;
	sax->comment = NULL;
	sax->cdataBlock = NULL;
	if (sax->ignorableWhitespace == NULL)
		sax->ignorableWhitespace = sax->characters;
	xmlSetGenericErrorFunc(NULL, quiet);	/* per thread */
	ctxt = xmlCreatePushParserCtxt(sax, px, first, n, NULL);
	if (ctxt == NULL)
		return NULL;
	/* NOENT: "&amp;" in an attribute value reaches the callbacks as
	 * "&" (else as "&#38;"). No entity can be declared: a DOCTYPE stops
	 * the parser. */
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA |
	    XML_PARSE_NOENT);
	px->ctxt = ctxt;
	return ctxt;
}

static int
finish(xmlParserCtxtPtr ctxt, struct edxml_px *px, int rc, char *err,
    size_t errlen)
{
	if (rc == 0 && !px->failed && !ctxt->wellFormed)
		edxml_px_fail(px, "không phải XML hợp lệ");
	px->ctxt = NULL;
	xmlFreeParserCtxt(ctxt);
	if (px->failed)
		return edxml_err(err, errlen, "%s", px->err);
	return rc;
}

int
edxml_parse_file(const char *path, xmlSAXHandler *sax, struct edxml_px *px,
    char *err, size_t errlen)
{
	xmlParserCtxtPtr ctxt;
	char *buf = NULL;
	ssize_t n;
	int fd, rc = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return edxml_err(err, errlen, "không mở được %s: %s", path,
		    strerror(errno));
	if ((buf = malloc(CHUNK)) == NULL) {
		close(fd);
		return edxml_err(err, errlen, "hết bộ nhớ");
	}
	if ((ctxt = make_ctxt(sax, px, NULL, 0)) == NULL) {
		free(buf);
		close(fd);
		return edxml_err(err, errlen, "không tạo được bộ phân tích XML");
	}
	for (;;) {
		n = read(fd, buf, CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			edxml_px_fail(px, "không đọc được %s: %s", path,
			    strerror(errno));
			break;
		}
		xmlParseChunk(ctxt, buf, (int)n, n == 0);
		if (px->failed || n == 0)
			break;
	}
	free(buf);
	close(fd);
	return finish(ctxt, px, rc, err, errlen);
}

int
edxml_parse_mem(const void *data, size_t len, xmlSAXHandler *sax,
    struct edxml_px *px, char *err, size_t errlen)
{
	xmlParserCtxtPtr ctxt;
	const char *p = data;
	size_t off = 0, n;

	if ((ctxt = make_ctxt(sax, px, NULL, 0)) == NULL)
		return edxml_err(err, errlen, "không tạo được bộ phân tích XML");
	while (!px->failed) {
		n = len - off > CHUNK ? CHUNK : len - off;
		xmlParseChunk(ctxt, p + off, (int)n, off + n == len);
		off += n;
		if (off == len)
			break;
	}
	return finish(ctxt, px, 0, err, errlen);
}

/* ---- two passes in one parse ------------------------------------------ */

/*
 * Each event goes to the first handler, then to the second while it has
 * not failed. The first's failure (or the XML's) stops the parse; the
 * second's only drops it, its error left in its own px: so the first
 * pass always runs to the end of a well-formed file, as on its own.
 */
struct tee {
	struct edxml_px	 px;		/* first: the parser's user data */
	xmlSAXHandler	*sax[2];
	struct edxml_px	*sub[2];
};

static int
tee_feeds(struct tee *t, int i)
{
	return !t->px.failed && !t->sub[i]->failed;
}

static void
tee_check(struct tee *t)
{
	if (t->sub[0]->failed && !t->px.failed)
		edxml_px_fail(&t->px, "%s", t->sub[0]->err);
}

static void
tee_start(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattr, int ndef,
    const xmlChar **attrs)
{
	struct tee *t = ud;
	int i;

	for (i = 0; i < 2; i++)
		if (tee_feeds(t, i))
			t->sax[i]->startElementNs(t->sub[i], local, prefix, uri,
			    nns, ns, nattr, ndef, attrs);
	tee_check(t);
}

static void
tee_end(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct tee *t = ud;
	int i;

	for (i = 0; i < 2; i++)
		if (tee_feeds(t, i))
			t->sax[i]->endElementNs(t->sub[i], local, prefix, uri);
	tee_check(t);
}

static void
tee_text(void *ud, const xmlChar *ch, int len)
{
	struct tee *t = ud;
	int i;

	for (i = 0; i < 2; i++)
		if (tee_feeds(t, i))
			t->sax[i]->characters(t->sub[i], ch, len);
	tee_check(t);
}

static void
tee_pi(void *ud, const xmlChar *target, const xmlChar *data)
{
	struct tee *t = ud;
	int i;

	for (i = 0; i < 2; i++)
		if (tee_feeds(t, i) && t->sax[i]->processingInstruction != NULL)
			t->sax[i]->processingInstruction(t->sub[i], target,
			    data);
	tee_check(t);
}

int
edxml_parse_file2(const char *path, xmlSAXHandler *sax0, struct edxml_px *px0,
    xmlSAXHandler *sax1, struct edxml_px *px1, char *err, size_t errlen)
{
	xmlSAXHandler sax;
	struct tee t;

	memset(&t, 0, sizeof(t));
	t.sax[0] = sax0;
	t.sax[1] = sax1;
	t.sub[0] = px0;
	t.sub[1] = px1;
	memset(&sax, 0, sizeof(sax));
	sax.startElementNs = tee_start;
	sax.endElementNs = tee_end;
	sax.characters = tee_text;
	sax.processingInstruction = tee_pi;
	return edxml_parse_file(path, &sax, &t.px, err, errlen);
}
