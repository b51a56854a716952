/*
 * edxml_sig.c - the streaming passes behind signing and verifying: the
 * SAX2 events of a package go into the canonicalizer, whose bytes are
 * digested (and, when signing, written out), the first XML-DSig
 * Signature element left out as the enveloped-signature transform says.
 * When verifying, the document is canonicalized both inclusively and
 * exclusively and digested three ways (the Signature, which says which,
 * may come last; once it has been read, only the form and digest it
 * names go on: prune()), the
 * Signature's SignedInfo apart, both ways too (with the namespaces and
 * xml:* attributes in scope), and its values
 * and certificates are kept. When signing, the place of the new
 * Signature is found: in edXMLHeader, after TraceHeaderList (else last).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "core/base64.h"
#include "exchange/edxml_int.h"

#define SIG_TEXT_MAX	(256 * 1024)	/* a value or a certificate */
#define SI_MAX		(64 * 1024)	/* canonical SignedInfo */
#define ALG_MAX		256

static int
is_dsig(const xmlChar *uri, const xmlChar *local, const char *name)
{
	return uri != NULL && strcmp((const char *)uri, EDXML_DSIG_NS) == 0 &&
	    strcmp((const char *)local, name) == 0;
}

static int
named(const xmlChar *local, const char *name)
{
	return strcasecmp((const char *)local, name) == 0;
}

/* The value of the unqualified attribute `name`, malloc'd, or NULL. */
static char *
attr_dup(int nattr, const xmlChar **attrs, const char *name)
{
	int i;

	for (i = 0; i < nattr; i++) {
		const xmlChar **a = attrs + i * 5;
		size_t n = (size_t)(a[4] - a[3]);

		if (a[2] == NULL && strcmp((const char *)a[0], name) == 0)
			return strndup((const char *)a[3],
			    n > ALG_MAX ? ALG_MAX : n);
	}
	return NULL;
}

/* ---- the sinks -------------------------------------------------------- */

static int
sink_digest(void *ctx, const char *p, size_t n)
{
	struct sigsink *s = ctx;
	int i;

	for (i = 0; i < 3; i++)
		if (s->md[i] != NULL && !EVP_DigestUpdate(s->md[i], p, n))
			return -1;
	if (s->out != NULL && fwrite(p, 1, n, s->out) != n)
		return -1;
	return 0;
}

static int
sink_buf(void *ctx, const char *p, size_t n)
{
	return buf_add(ctx, p, n);
}

/* ---- capturing the Signature (verify) -------------------------------- */

static void
cap_start(struct sigpass *s, const xmlChar *local, const xmlChar *uri,
    int nattr, const xmlChar **attrs)
{
	struct sigcap *c = &s->cap;
	int rel = s->depth - s->skip;

	c->text = NULL;
	if (rel == 1 && is_dsig(uri, local, "SignedInfo") && !c->si_done) {
		c14n_init(&c->si, sink_buf, &c->si_out);
		c14n_init(&c->si_exc, sink_buf, &c->si_exc_out);
		c->si_exc.exclusive = 1;
		buf_init(&c->si_out, SI_MAX);
		buf_init(&c->si_exc_out, SI_MAX);
		if (c14n_seed(&c->si, &s->main) < 0 ||
		    c14n_seed(&c->si_exc, &s->main) < 0)
			edxml_px_fail(&s->px, "chữ ký quá phức tạp");
		c->si_depth = s->depth;
	} else if (uri != NULL && strcmp((const char *)uri,
	    "http://www.w3.org/2001/10/xml-exc-c14n#") == 0 &&
	    strcmp((const char *)local, "InclusiveNamespaces") == 0) {
		char *pl = attr_dup(nattr, attrs, "PrefixList");

		if (pl != NULL && pl[strspn(pl, " \t\r\n")] != '\0')
			c->prefix_list = 1;
		free(pl);
	} else if (is_dsig(uri, local, "CanonicalizationMethod") &&
	    c->si_depth && c->c14n_alg == NULL)
		c->c14n_alg = attr_dup(nattr, attrs, "Algorithm");
	else if (is_dsig(uri, local, "SignatureMethod") && c->si_depth &&
	    c->sig_alg == NULL)
		c->sig_alg = attr_dup(nattr, attrs, "Algorithm");
	else if (is_dsig(uri, local, "Reference") && c->si_depth) {
		if (c->nrefs++ == 0) {
			c->ref_uri = attr_dup(nattr, attrs, "URI");
			c->has_uri = c->ref_uri != NULL;
		}
	} else if (is_dsig(uri, local, "Transform") && c->nrefs == 1) {
		if (c->ntransforms < EDXML_TRANSFORMS_MAX)
			c->transforms[c->ntransforms] =
			    attr_dup(nattr, attrs, "Algorithm");
		c->ntransforms++;
	} else if (is_dsig(uri, local, "DigestMethod") && c->nrefs == 1 &&
	    c->digest_alg == NULL)
		c->digest_alg = attr_dup(nattr, attrs, "Algorithm");
	else if (is_dsig(uri, local, "DigestValue") && c->nrefs == 1)
		c->text = &c->digest;
	else if (is_dsig(uri, local, "SignatureValue") && rel == 1)
		c->text = &c->value;
	else if (is_dsig(uri, local, "X509Certificate") &&
	    c->ncerts < EDXML_CERTS_MAX)
		c->text = &c->certs[c->ncerts++];
	if (c->text != NULL)
		c->text->max = SIG_TEXT_MAX;
}

/* ---- the SAX callbacks ------------------------------------------------ */

/* The canonicalizers fed with every event: the main one, the exclusive
 * one (verify), and the two of an open SignedInfo. */
static int
feed_start(struct sigpass *s, int visible, const xmlChar *local,
    const xmlChar *prefix, int nns, const xmlChar **ns, int nattr,
    const xmlChar **attrs)
{
	if (c14n_start(&s->main, visible, local, prefix, nns, ns, nattr,
	    attrs) < 0 || (s->mode == SIGPASS_VERIFY && !s->exc_off &&
	    c14n_start(&s->exc, visible, local, prefix, nns, ns, nattr,
	    attrs) < 0))
		return -1;
	if (s->cap.si_depth && (c14n_start(&s->cap.si, 1, local, prefix, nns,
	    ns, nattr, attrs) < 0 || c14n_start(&s->cap.si_exc, 1, local,
	    prefix, nns, ns, nattr, attrs) < 0))
		return -1;
	return 0;
}

static int
feed_end(struct sigpass *s, const xmlChar *local, const xmlChar *prefix)
{
	if (s->cap.si_depth && (c14n_end(&s->cap.si, 1, local, prefix) < 0 ||
	    c14n_end(&s->cap.si_exc, 1, local, prefix) < 0))
		return -1;
	if (s->cap.si_depth == s->depth) {
		if (c14n_flush(&s->cap.si) < 0 ||
		    c14n_flush(&s->cap.si_exc) < 0)
			return -1;
		s->cap.si_depth = 0;
		s->cap.si_done = 1;
	}
	return 0;
}

static int
feed_text(struct sigpass *s, const char *p, size_t n)
{
	if (s->skip == 0 && (c14n_text(&s->main, p, n) < 0 ||
	    (s->mode == SIGPASS_VERIFY && !s->exc_off && c14n_text(&s->exc,
	    p, n) < 0)))
		return -1;
	if (s->cap.si_depth && (c14n_text(&s->cap.si, p, n) < 0 ||
	    c14n_text(&s->cap.si_exc, p, n) < 0))
		return -1;
	return 0;
}

static int
feed_pi(struct sigpass *s, const xmlChar *target, const xmlChar *data)
{
	if (s->skip == 0 && (c14n_pi(&s->main, target, data) < 0 ||
	    (s->mode == SIGPASS_VERIFY && !s->exc_off && c14n_pi(&s->exc,
	    target, data) < 0)))
		return -1;
	if (s->cap.si_depth && (c14n_pi(&s->cap.si, target, data) < 0 ||
	    c14n_pi(&s->cap.si_exc, target, data) < 0))
		return -1;
	return 0;
}

static void
insert_here(struct sigpass *s)
{
	s->inserted = 1;
	if (s->mode == SIGPASS_HASH) {
		c14n_init(&s->snap, NULL, NULL);
		if (c14n_seed(&s->snap, &s->main) < 0)
			edxml_px_fail(&s->px, "hết bộ nhớ");
	} else if (s->mode == SIGPASS_WRITE) {
		if (c14n_flush(&s->main) < 0 ||
		    fputs(s->sigxml, s->sink[0].out) == EOF)
			edxml_px_fail(&s->px, "không ghi được tệp ra");
	}
}

static void
on_start(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattr, int ndef,
    const xmlChar **attrs)
{
	struct sigpass *s = ud;
	int visible;

	(void)ndef;
	if (s->px.failed)
		return;
	if (++s->depth == 1 && !named(local, "edXML")) {
		edxml_px_fail(&s->px, "không phải gói edXML (phần tử gốc là"
		    " %.64s)", (const char *)local);
		return;
	}
	if (!s->skip && !s->sig_seen && is_dsig(uri, local, "Signature")) {
		s->skip = s->depth;
		s->sig_seen = 1;
	}
	visible = s->skip == 0;
	if (!visible && s->mode == SIGPASS_VERIFY)
		cap_start(s, local, uri, nattr, attrs);
	if (feed_start(s, visible, local, prefix, nns, ns, nattr, attrs) < 0) {
		edxml_px_fail(&s->px, "gói quá sâu, quá nhiều thuộc tính hoặc"
		    " không ghi được");
		return;
	}
	if (visible && named(local, "edXMLHeader") && s->header_depth == 0 &&
	    s->depth <= 3)
		s->header_depth = s->depth;
	else if (visible && named(local, "TraceHeaderList") &&
	    s->header_depth && s->depth == s->header_depth + 1)
		s->trace_depth = s->depth;
}

/*
 * Verifying, at the end of the Signature: its Reference says which of
 * the six digests it compares (sha1, sha256 or sha512 of the inclusive
 * or exclusive form). The others stop here, and the exclusive form too
 * when it is not the one: in an edXML package the Signature sits in the
 * header, before the body and its attachments, which are most of the
 * bytes.
 */
static void
prune(struct sigpass *s)
{
	int want = edxml_sig_wanted(&s->cap), i;

	if (want < 0)
		return;
	for (i = 0; i < 6; i++)
		if (i != want) {
			EVP_MD_CTX_free(s->sink[i / 3].md[i % 3]);
			s->sink[i / 3].md[i % 3] = NULL;
		}
	if (want < 3)
		s->exc_off = 1;
}

static void
on_end(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct sigpass *s = ud;
	int visible = s->skip == 0;

	(void)uri;
	if (s->px.failed)
		return;
	s->cap.text = NULL;
	if (feed_end(s, local, prefix) < 0) {
		edxml_px_fail(&s->px, "SignedInfo quá lớn");
		return;
	}
	if (s->depth == s->header_depth && !s->inserted)
		insert_here(s);
	if (c14n_end(&s->main, visible, local, prefix) < 0 ||
	    (s->mode == SIGPASS_VERIFY && !s->exc_off && c14n_end(&s->exc,
	    visible, local, prefix) < 0))
		edxml_px_fail(&s->px, "không ghi được tệp ra");
	if (s->skip == s->depth) {
		s->skip = 0;
		if (s->mode == SIGPASS_VERIFY)
			prune(s);
	}
	if (s->depth == s->trace_depth) {
		s->trace_depth = 0;
		if (!s->inserted)
			insert_here(s);
	}
	if (s->depth == s->header_depth)
		s->header_depth = -1;	/* only the first edXMLHeader */
	s->depth--;
}

static void
on_text(void *ud, const xmlChar *ch, int len)
{
	struct sigpass *s = ud;

	if (s->px.failed)
		return;
	if (feed_text(s, (const char *)ch, (size_t)len) < 0) {
		edxml_px_fail(&s->px, "không ghi được tệp ra");
		return;
	}
	if (s->skip && s->cap.text != NULL && buf_add(s->cap.text, ch, (size_t)len) < 0)
		edxml_px_fail(&s->px, "giá trị trong chữ ký quá dài");
}

static void
on_pi(void *ud, const xmlChar *target, const xmlChar *data)
{
	struct sigpass *s = ud;

	if (s->px.failed)
		return;
	if (feed_pi(s, target, data) < 0)
		edxml_px_fail(&s->px, "không ghi được tệp ra");
}

/* ---- running a pass --------------------------------------------------- */

static int
init_md(struct sigpass *p, enum sigpass_mode mode)
{
	const EVP_MD *mds[3] = { digest_md(1), digest_md(256), digest_md(512) };
	int i, k;

	for (k = 0; k < (mode == SIGPASS_VERIFY ? 2 : 1); k++)
		for (i = 0; i < 3; i++) {
			if (mode != SIGPASS_VERIFY && i != 1)
				continue;
			if ((p->sink[k].md[i] = EVP_MD_CTX_new()) == NULL ||
			    !EVP_DigestInit_ex(p->sink[k].md[i], mds[i], NULL))
				return -1;
		}
	return 0;
}

int
edxml_sigpass_begin(struct sigpass *p, enum sigpass_mode mode,
    xmlSAXHandler *sax, char *err, size_t errlen)
{
	int i;

	p->mode = mode;
	buf_init(&p->cap.digest, SIG_TEXT_MAX);
	buf_init(&p->cap.value, SIG_TEXT_MAX);
	for (i = 0; i < EDXML_CERTS_MAX; i++)
		buf_init(&p->cap.certs[i], SIG_TEXT_MAX);
	c14n_init(&p->main, sink_digest, &p->sink[0]);
	c14n_init(&p->exc, sink_digest, &p->sink[1]);
	p->exc.exclusive = 1;
	if (init_md(p, mode) < 0)
		return edxml_err(err, errlen, "không khởi tạo được SHA-256");
	memset(sax, 0, sizeof(*sax));
	sax->startElementNs = on_start;
	sax->endElementNs = on_end;
	sax->characters = on_text;
	sax->processingInstruction = on_pi;
	return 0;
}

int
edxml_sigpass_end(struct sigpass *p, char *err, size_t errlen)
{
	if (c14n_flush(&p->main) < 0 || c14n_flush(&p->exc) < 0)
		return edxml_err(err, errlen, "không ghi được tệp ra");
	if (!p->main.root_done)
		return edxml_err(err, errlen, "không phải gói edXML");
	return 0;
}

int
edxml_sigpass_run(struct sigpass *p, enum sigpass_mode mode,
    const char *path, char *err, size_t errlen)
{
	xmlSAXHandler sax;

	if (edxml_sigpass_begin(p, mode, &sax, err, errlen) < 0 ||
	    edxml_parse_file(path, &sax, &p->px, err, errlen) < 0)
		return -1;
	return edxml_sigpass_end(p, err, errlen);
}

int
edxml_sigpass_digest(struct sigpass *p, int which, unsigned char *out,
    unsigned int *len)
{
	EVP_MD_CTX *m;

	if (which < 0 || which > 5 ||
	    (m = p->sink[which / 3].md[which % 3]) == NULL)
		return -1;
	return EVP_DigestFinal_ex(m, out, len) ? 0 : -1;
}

void
edxml_sigpass_release(struct sigpass *p)
{
	struct sigcap *c = &p->cap;
	int i;

	for (i = 0; i < 6; i++)
		EVP_MD_CTX_free(p->sink[i / 3].md[i % 3]);
	c14n_release(&p->main);
	c14n_release(&p->exc);
	c14n_release(&c->si_exc);
	buf_release(&c->si_exc_out);
	c14n_release(&p->snap);
	c14n_release(&c->si);
	buf_release(&c->si_out);
	free(c->c14n_alg);
	free(c->sig_alg);
	free(c->digest_alg);
	free(c->ref_uri);
	for (i = 0; i < EDXML_TRANSFORMS_MAX; i++)
		free(c->transforms[i]);
	buf_release(&c->digest);
	buf_release(&c->value);
	for (i = 0; i < EDXML_CERTS_MAX; i++)
		buf_release(&c->certs[i]);
	memset(p, 0, sizeof(*p));
}

/* ---- base64 ------------------------------------------------------------ */

int
edxml_b64_decode(const char *s, size_t n, unsigned char **out,
    size_t *outlen)
{
	unsigned char *o;
	long r;

	if (n > SIG_TEXT_MAX || (o = malloc(n / 4 * 3 + 4)) == NULL)
		return -1;
	if ((r = b64_decode(s, n, o)) < 0) {
		free(o);
		return -1;
	}
	*out = o;
	*outlen = (size_t)r;
	return 0;
}

int
edxml_b64_encode(struct buf *b, const unsigned char *p, size_t n)
{
	size_t need = (n + 2) / 3 * 4 + 1;

	if (buf_grow(b, need) < 0)
		return -1;
	b->len += (size_t)EVP_EncodeBlock((unsigned char *)b->data + b->len,
	    p, (int)n);
	b->data[b->len] = '\0';
	return 0;
}
