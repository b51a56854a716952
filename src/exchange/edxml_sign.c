/*
 * edxml_sign.c - the enveloped XML-DSig of a package: Reference URI=""
 * with the enveloped-signature and C14N 1.0 transforms, SHA-256 digest,
 * rsa-sha256 or ecdsa-sha256 (r||s) made by the key of sign.h (a PEM file
 * or a PKCS#11 token: the key is only asked to sign a hash), and the
 * signer's certificate and chain in KeyInfo/X509Data. Two streaming
 * passes: the first digests the canonical form, the second writes it
 * with the Signature in edXMLHeader after TraceHeaderList.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "exchange/edxml_int.h"
#include "sign/sign.h"

#define ALG_C14N	"http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
#define ALG_ENV		EDXML_DSIG_NS "enveloped-signature"
#define ALG_SHA256	"http://www.w3.org/2001/04/xmlenc#sha256"
#define ALG_RSA256	"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
#define ALG_EC256	"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"

static int
signed_info(struct buf *b, int ec, const char *digest, int with_ns)
{
	return buf_printf(b, "<SignedInfo%s><CanonicalizationMethod"
	    " Algorithm=\"" ALG_C14N "\"></CanonicalizationMethod>"
	    "<SignatureMethod Algorithm=\"%s\"></SignatureMethod>"
	    "<Reference URI=\"\"><Transforms><Transform Algorithm=\""
	    ALG_ENV "\"></Transform><Transform Algorithm=\"" ALG_C14N
	    "\"></Transform></Transforms><DigestMethod Algorithm=\""
	    ALG_SHA256 "\"></DigestMethod><DigestValue>%s</DigestValue>"
	    "</Reference></SignedInfo>",
	    with_ns ? " xmlns=\"" EDXML_DSIG_NS "\"" : "",
	    ec ? ALG_EC256 : ALG_RSA256, digest);
}

/* SAX callbacks feeding one canonicalizer (a SignedInfo we made). */
struct si_px {
	struct edxml_px	 px;
	struct c14n	*c;
};

static void
si_start(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattr, int ndef,
    const xmlChar **attrs)
{
	struct si_px *s = ud;

	(void)uri;
	(void)ndef;
	if (c14n_start(s->c, 1, local, prefix, nns, ns, nattr, attrs) < 0)
		edxml_px_fail(&s->px, "SignedInfo");
}

static void
si_end(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct si_px *s = ud;

	(void)uri;
	if (c14n_end(s->c, 1, local, prefix) < 0)
		edxml_px_fail(&s->px, "SignedInfo");
}

static void
si_text(void *ud, const xmlChar *ch, int len)
{
	struct si_px *s = ud;

	if (c14n_text(s->c, (const char *)ch, (size_t)len) < 0)
		edxml_px_fail(&s->px, "SignedInfo");
}

static int
sink_buf(void *ctx, const char *p, size_t n)
{
	return buf_add(ctx, p, n);
}

/* The canonical form of our SignedInfo placed under `snap`'s scope. */
static int
canon_signed_info(const struct c14n *snap, const struct buf *si,
    struct buf *out, char *err, size_t errlen)
{
	struct c14n c;
	struct si_px s;
	xmlSAXHandler sax;
	int r;

	c14n_init(&c, sink_buf, out);
	memset(&s, 0, sizeof(s));
	s.c = &c;
	memset(&sax, 0, sizeof(sax));
	sax.startElementNs = si_start;
	sax.endElementNs = si_end;
	sax.characters = si_text;
	r = c14n_seed(&c, snap);
	if (r == 0)
		r = edxml_parse_mem(si->data, si->len, &sax, &s.px, err,
		    errlen);
	if (r == 0)
		r = c14n_flush(&c);
	c14n_release(&c);
	return r < 0 ? edxml_err(err, errlen, "không chuẩn hóa được"
	    " SignedInfo") : 0;
}

/* DER Ecdsa-Sig-Value to the r||s of XML-DSig, each `half` bytes. */
static int
ec_raw(const unsigned char *der, size_t len, size_t half, struct buf *out)
{
	const unsigned char *p = der;
	const BIGNUM *r, *s;
	ECDSA_SIG *sig;
	unsigned char *v;
	int ok;

	if ((sig = d2i_ECDSA_SIG(NULL, &p, (long)len)) == NULL)
		return -1;
	ECDSA_SIG_get0(sig, &r, &s);
	ok = buf_grow(out, 2 * half) == 0;
	if (ok) {
		v = (unsigned char *)out->data;
		ok = BN_bn2binpad(r, v, (int)half) == (int)half &&
		    BN_bn2binpad(s, v + half, (int)half) == (int)half;
		out->len = 2 * half;
	}
	ECDSA_SIG_free(sig);
	return ok ? 0 : -1;
}

/* Check the new signature with the certificate: the key is its pair. */
static int
self_check(X509 *cert, const struct buf *si, const unsigned char *der,
    size_t derlen)
{
	EVP_PKEY *pub = X509_get0_pubkey(cert);
	EVP_MD_CTX *m;
	int ok;

	if (pub == NULL || (m = EVP_MD_CTX_new()) == NULL)
		return -1;
	ok = EVP_DigestVerifyInit(m, NULL, digest_md(256), NULL, pub) == 1 &&
	    EVP_DigestVerify(m, der, derlen, (const unsigned char *)si->data,
	    si->len) == 1;
	EVP_MD_CTX_free(m);
	return ok ? 0 : -1;
}

static int
add_cert(struct buf *b, X509 *x)
{
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der), r;

	if (n <= 0)
		return -1;
	r = buf_adds(b, "<X509Certificate>") < 0 ||
	    edxml_b64_encode(b, der, (size_t)n) < 0 ||
	    buf_adds(b, "</X509Certificate>") < 0 ? -1 : 0;
	OPENSSL_free(der);
	return r;
}

/* Make the whole Signature element into `sig`. */
static int
make_signature(const struct edxml_signer *sg, const struct c14n *snap,
    const unsigned char *digest, struct buf *sig, char *err, size_t errlen)
{
	struct buf d64 = BUF_INIT, si = BUF_INIT, si_ns = BUF_INIT,
	    canon = BUF_INIT, val = BUF_INIT;
	unsigned char h[EVP_MAX_MD_SIZE], *der = NULL;
	size_t derlen;
	unsigned int hl;
	int ec = sign_key_type(sg->key) == EVP_PKEY_EC, i, r = -1;

	if (edxml_b64_encode(&d64, digest, 32) < 0 ||
	    signed_info(&si, ec, d64.data, 0) < 0 ||
	    signed_info(&si_ns, ec, d64.data, 1) < 0 ||
	    canon_signed_info(snap, &si_ns, &canon, err, errlen) < 0)
		goto out;
	if (!EVP_Digest(canon.data, canon.len, h, &hl, digest_md(256), NULL)) {
		edxml_err(err, errlen, "không tính được SHA-256");
		goto out;
	}
	if (sign_key_sign(sg->key, digest_md(256), h, hl, &der, &derlen, err,
	    errlen) < 0)
		goto out;
	if (self_check(sg->cert, &canon, der, derlen) < 0) {
		edxml_err(err, errlen, "khóa ký không cùng cặp với chứng thư");
		goto out;
	}
	if (ec) {
		size_t half = (size_t)(EVP_PKEY_get_bits(
		    X509_get0_pubkey(sg->cert)) + 7) / 8;
		struct buf raw = BUF_INIT;

		r = ec_raw(der, derlen, half, &raw) < 0 ||
		    edxml_b64_encode(&val, (unsigned char *)raw.data, raw.len)
		    < 0 ? -1 : 0;
		buf_release(&raw);
	} else
		r = edxml_b64_encode(&val, der, derlen);
	if (r == 0)
		r = buf_printf(sig, "<Signature xmlns=\"" EDXML_DSIG_NS "\">"
		    "%s<SignatureValue>%s</SignatureValue><KeyInfo><X509Data>",
		    si.data, val.data);
	if (r == 0)
		r = add_cert(sig, sg->cert);
	for (i = 0; r == 0 && sg->chain != NULL &&
	    i < sk_X509_num(sg->chain); i++)
		r = add_cert(sig, sk_X509_value(sg->chain, i));
	if (r == 0)
		r = buf_adds(sig, "</X509Data></KeyInfo></Signature>");
	if (r < 0)
		edxml_err(err, errlen, "không tạo được chữ ký");
out:
	free(der);
	buf_release(&d64);
	buf_release(&si);
	buf_release(&si_ns);
	buf_release(&canon);
	buf_release(&val);
	return r;
}

/* Pass 2: write the canonical form with the Signature into `out`. */
static int
write_signed(const char *in, const char *out, const char *sigxml,
    const unsigned char *digest, int sync, char *err, size_t errlen)
{
	unsigned char again[EVP_MAX_MD_SIZE];
	unsigned int len;
	struct sigpass p;
	char tmp[PATH_MAX];
	FILE *fp;
	int r;

	if ((fp = edxml_out_open(out, tmp, sizeof(tmp), err, errlen)) == NULL)
		return -1;
	memset(&p, 0, sizeof(p));
	p.sink[0].out = fp;
	p.sigxml = sigxml;
	r = fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", fp) == EOF ?
	    edxml_err(err, errlen, "không ghi được %s", out) :
	    edxml_sigpass_run(&p, SIGPASS_WRITE, in, err, errlen);
	if (r == 0 && (edxml_sigpass_digest(&p, 1, again, &len) < 0 ||
	    memcmp(again, digest, 32) != 0))
		r = edxml_err(err, errlen, "tệp %s thay đổi trong khi ký", in);
	if (r == 0 && (!p.inserted || fputc('\n', fp) == EOF))
		r = edxml_err(err, errlen, "không ghi được %s", out);
	edxml_sigpass_release(&p);
	if (r < 0) {
		edxml_out_abort(fp, tmp);
		return -1;
	}
	return edxml_out_commit(fp, tmp, out, sync, err, errlen);
}

int
edxml_sign_file(const char *in, const char *out,
    const struct edxml_signer *signer, char *err, size_t errlen)
{
	return edxml_sign_to(in, out, signer, 1, err, errlen);
}

int
edxml_sign_to(const char *in, const char *out,
    const struct edxml_signer *signer, int sync, char *err, size_t errlen)
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	struct buf sig = BUF_INIT;
	unsigned int len;
	struct sigpass p;
	int r;

	if (signer == NULL || signer->key == NULL || signer->cert == NULL)
		return edxml_err(err, errlen, "thiếu khóa hoặc chứng thư ký");
	if (sign_cert_check(signer->cert, time(NULL), err, errlen) < 0)
		return -1;
	memset(&p, 0, sizeof(p));
	r = edxml_sigpass_run(&p, SIGPASS_HASH, in, err, errlen);
	if (r == 0 && !p.inserted)
		r = edxml_err(err, errlen, "không phải gói edXML: thiếu"
		    " edXMLHeader");
	if (r == 0 && edxml_sigpass_digest(&p, 1, digest, &len) < 0)
		r = edxml_err(err, errlen, "không tính được SHA-256");
	if (r == 0) {
		/* The Signature declares the XML-DSig default namespace. */
		struct c14n_stack dflt = { NULL, 0, 0 };
		struct c14n_bind b = { "", EDXML_DSIG_NS, 0 };

		dflt.v = &b;
		dflt.n = 1;
		r = c14n_seed_ns(&p.snap, &dflt);
	}
	if (r == 0)
		r = make_signature(signer, &p.snap, digest, &sig, err, errlen);
	edxml_sigpass_release(&p);
	if (r == 0)
		r = write_signed(in, out, sig.data, digest, sync, err, errlen);
	buf_release(&sig);
	return r;
}
