/*
 * edxml_verify.c - checking the enveloped XML-DSig of a package in one
 * streaming pass: the reference digest over the canonical form without
 * the Signature, the SignatureValue over the canonical SignedInfo with
 * the public key of a certificate of KeyInfo (RSA PKCS#1 v1.5 or ECDSA
 * r||s; SHA-1, SHA-256 or SHA-512), and the chain of that certificate to
 * the caller's trust store.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "core/digest.h"
#include "core/x509.h"
#include "exchange/edxml_int.h"

#define DS	EDXML_DSIG_NS
#define MORE	"http://www.w3.org/2001/04/xmldsig-more#"
#define ENC	"http://www.w3.org/2001/04/xmlenc#"
#define C14N	"http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
#define EXC	"http://www.w3.org/2001/10/xml-exc-c14n#"

/* Digest algorithms: index of the pass's digest, and the MD. */
static int
digest_index(const char *alg)
{
	if (alg == NULL)
		return -1;
	if (strcmp(alg, DS "sha1") == 0)
		return 0;
	if (strcmp(alg, ENC "sha256") == 0)
		return 1;
	if (strcmp(alg, ENC "sha512") == 0)
		return 2;
	return -1;
}

/* Signature algorithms: the MD, and whether ECDSA. */
static const EVP_MD *
sig_md(const char *alg, int *ec)
{
	static const struct {
		const char	*uri;
		int		 ec, md;
	} algs[] = {
		{ DS "rsa-sha1", 0, 1 }, { MORE "rsa-sha256", 0, 256 },
		{ MORE "rsa-sha512", 0, 512 }, { MORE "ecdsa-sha1", 1, 1 },
		{ MORE "ecdsa-sha256", 1, 256 },
		{ MORE "ecdsa-sha512", 1, 512 },
	};
	size_t i;

	for (i = 0; alg != NULL && i < sizeof(algs) / sizeof(algs[0]); i++) {
		if (strcmp(alg, algs[i].uri) != 0)
			continue;
		*ec = algs[i].ec;
		return digest_md(algs[i].md);
	}
	return NULL;
}

/* 1 inclusive C14N 1.0, 2 exclusive, 0 neither (with or without
 * comments: a same-document reference has none). */
static int
c14n_kind(const char *alg)
{
	if (alg == NULL)
		return 0;
	if (strcmp(alg, C14N) == 0 || strcmp(alg, C14N "#WithComments") == 0)
		return 1;
	if (strcmp(alg, EXC) == 0 || strcmp(alg, EXC "WithComments") == 0)
		return 2;
	return 0;
}

static int
c14n_ok(const char *alg)
{
	return c14n_kind(alg) != 0;
}

/* The reference must be the whole document, enveloped, canonicalized
 * (C14N 1.0 or Exclusive C14N); `*exc` tells which. */
static int
check_reference(const struct sigcap *c, int *exc, char *why, size_t len)
{
	int i, env = 0;

	*exc = 0;
	if (c->prefix_list)
		return edxml_err(why, len, "InclusiveNamespaces PrefixList"
		    " không được hỗ trợ");

	if (c->nrefs != 1 || !c->has_uri || c->ref_uri[0] != '\0')
		return edxml_err(why, len, "chữ ký không ký toàn bộ gói"
		    " (cần đúng một Reference URI=\"\")");
	if (c->ntransforms > EDXML_TRANSFORMS_MAX)
		return edxml_err(why, len, "quá nhiều Transform");
	for (i = 0; i < c->ntransforms; i++) {
		const char *t = c->transforms[i];

		if (t != NULL && strcmp(t, DS "enveloped-signature") == 0)
			env = 1;
		else if (c14n_kind(t) == 2)
			*exc = 1;
		else if (!c14n_ok(t))
			return edxml_err(why, len, "Transform không hỗ trợ: %s",
			    t ? t : "(trống)");
	}
	if (!env)
		return edxml_err(why, len, "thiếu Transform"
		    " enveloped-signature");
	if (!c14n_ok(c->c14n_alg))
		return edxml_err(why, len, "CanonicalizationMethod không hỗ"
		    " trợ: %s", c->c14n_alg ? c->c14n_alg : "(trống)");
	return 0;
}

int
edxml_sig_wanted(const struct sigcap *c)
{
	char why[8];
	int di, exc;

	if (check_reference(c, &exc, why, sizeof(why)) < 0 ||
	    (di = digest_index(c->digest_alg)) < 0)
		return -1;
	return di + 3 * exc;
}

/* XML-DSig r||s to DER Ecdsa-Sig-Value. */
static int
ec_der(const unsigned char *raw, size_t len, unsigned char **der,
    size_t *derlen)
{
	ECDSA_SIG *sig;
	BIGNUM *r, *s;
	int n;

	if (len == 0 || len % 2 || (sig = ECDSA_SIG_new()) == NULL)
		return -1;
	r = BN_bin2bn(raw, (int)(len / 2), NULL);
	s = BN_bin2bn(raw + len / 2, (int)(len / 2), NULL);
	if (r == NULL || s == NULL || !ECDSA_SIG_set0(sig, r, s)) {
		BN_free(r);
		BN_free(s);
		ECDSA_SIG_free(sig);
		return -1;
	}
	*der = NULL;
	n = i2d_ECDSA_SIG(sig, der);
	ECDSA_SIG_free(sig);
	if (n <= 0)
		return -1;
	*derlen = (size_t)n;
	return 0;
}

static int
value_ok(EVP_PKEY *pub, const EVP_MD *md, int ec, const unsigned char *v,
    size_t vlen, const struct buf *si)
{
	unsigned char *der = NULL;
	size_t derlen = vlen;
	EVP_MD_CTX *m;
	int ok;

	/* A certificate whose key does not decode has none. */
	if (pub == NULL || (EVP_PKEY_get_base_id(pub) == EVP_PKEY_EC) != ec)
		return 0;
	if (ec && ec_der(v, vlen, &der, &derlen) < 0)
		return 0;
	if ((m = EVP_MD_CTX_new()) == NULL) {
		OPENSSL_free(der);
		return 0;
	}
	ok = EVP_DigestVerifyInit(m, NULL, md, NULL, pub) == 1 &&
	    EVP_DigestVerify(m, ec ? der : v, derlen,
	    (const unsigned char *)si->data, si->len) == 1;
	EVP_MD_CTX_free(m);
	OPENSSL_free(der);
	return ok;
}

/*
 * Certificates of KeyInfo met lately, decoded. A sender signs every
 * package with the same certificate, and OpenSSL 3 takes longer to decode
 * one (its public key goes through the provider's decoders) than to check
 * the signature it carries: a third of a package's verification. Keyed
 * by the exact DER bytes, so a hit is the same certificate.
 */
#define CERT_CACHE	16
static struct {
	unsigned char	*der;
	size_t		 len;
	X509		*x;
} certs[CERT_CACHE];
static int cert_next;
static pthread_mutex_t cert_lock = PTHREAD_MUTEX_INITIALIZER;

/* The certificate of `der` (a reference the caller frees), or NULL. */
static X509 *
cert_decode(const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	unsigned char *copy;
	X509 *x = NULL;
	int i;

	pthread_mutex_lock(&cert_lock);
	for (i = 0; i < CERT_CACHE && x == NULL; i++)
		if (certs[i].x != NULL && certs[i].len == len &&
		    memcmp(certs[i].der, der, len) == 0 &&
		    X509_up_ref(certs[i].x))
			x = certs[i].x;
	pthread_mutex_unlock(&cert_lock);
	if (x != NULL)
		return x;
	if ((x = d2i_X509(NULL, &p, (long)len)) == NULL)
		return NULL;
	if ((copy = malloc(len)) == NULL || !X509_up_ref(x)) {
		free(copy);
		return x;
	}
	memcpy(copy, der, len);
	pthread_mutex_lock(&cert_lock);
	free(certs[cert_next].der);
	X509_free(certs[cert_next].x);
	certs[cert_next].der = copy;
	certs[cert_next].len = len;
	certs[cert_next].x = x;
	cert_next = (cert_next + 1) % CERT_CACHE;
	pthread_mutex_unlock(&cert_lock);
	return x;
}

/* The certificates of KeyInfo; `*signer` is the one whose key made the
 * signature value (or NULL), the others go to `chain`. */
static void
find_signer(const struct sigcap *c, const struct buf *si, const EVP_MD *md,
    int ec,
    const unsigned char *v, size_t vlen, X509 **signer,
    STACK_OF(X509) *chain)
{
	unsigned char *der;
	size_t derlen;
	X509 *x;
	int i;

	*signer = NULL;
	for (i = 0; i < c->ncerts; i++) {
		if (edxml_b64_decode(c->certs[i].data, c->certs[i].len, &der,
		    &derlen) < 0)
			continue;
		x = cert_decode(der, derlen);
		free(der);
		if (x == NULL)
			continue;
		if (*signer == NULL && md != NULL &&
		    value_ok(X509_get0_pubkey(x), md, ec, v, vlen, si))
			*signer = x;
		else if (!sk_X509_push(chain, x))
			X509_free(x);
	}
}

static void
describe(X509 *x, struct edxml_sigcheck *out)
{
	unsigned char h[32];
	unsigned int hl;
	X509_NAME *n = X509_get_subject_name(x);

	x509_name_line(n, out->subject, sizeof(out->subject));
	x509_common_name(n, out->signer, sizeof(out->signer));
	if (X509_digest(x, digest_md(256), h, &hl))
		digest_hex(h, 32, out->cert_sha256);
}

/*
 * Chains found trusted lately. A sender signs every package with the
 * same certificate, and building and checking its chain again was a
 * tenth of verifying a package. Keyed by the store (the exchange's is
 * one per generation of the trust store: adding or removing a
 * certificate or a CRL makes a new one) and by the certificates
 * themselves (cert_decode() hands out one object per DER), each held by
 * a reference while cached so that no other object can take its
 * address. A verdict is kept a minute, and only when no certificate of
 * the chain expires within it.
 */
#define TRUSTED_MAX	8
#define TRUSTED_SECS	60
static struct {
	X509_STORE	*store;
	X509		*x[EDXML_CERTS_MAX];	/* the signer, then the chain */
	int		 n;
	time_t		 until;
} trusted[TRUSTED_MAX];
static int trusted_next;
static pthread_mutex_t trusted_lock = PTHREAD_MUTEX_INITIALIZER;

static int
trusted_hit(X509_STORE *store, X509 *x, STACK_OF(X509) *chain)
{
	time_t now = time(NULL);
	int i, k, n = sk_X509_num(chain), hit = 0;

	pthread_mutex_lock(&trusted_lock);
	for (i = 0; i < TRUSTED_MAX && !hit; i++) {
		if (trusted[i].store != store || trusted[i].n != n + 1 ||
		    trusted[i].x[0] != x || now >= trusted[i].until)
			continue;
		for (k = 0; k < n && trusted[i].x[k + 1] ==
		    sk_X509_value(chain, k); k++)
			;
		hit = k == n;
	}
	pthread_mutex_unlock(&trusted_lock);
	return hit;
}

static void
trusted_keep(X509_STORE *store, X509 *x, STACK_OF(X509) *chain)
{
	time_t until = time(NULL) + TRUSTED_SECS;
	X509 *all[EDXML_CERTS_MAX];
	int i, n = sk_X509_num(chain) + 1;

	if (n > EDXML_CERTS_MAX)
		return;
	all[0] = x;
	for (i = 1; i < n; i++)
		all[i] = sk_X509_value(chain, i - 1);
	for (i = 0; i < n; i++)
		if (X509_cmp_time(X509_get0_notAfter(all[i]), &until) <= 0)
			return;
	pthread_mutex_lock(&trusted_lock);
	X509_STORE_free(trusted[trusted_next].store);
	for (i = 0; i < trusted[trusted_next].n; i++)
		X509_free(trusted[trusted_next].x[i]);
	trusted[trusted_next].store = X509_STORE_up_ref(store) ? store : NULL;
	trusted[trusted_next].n = 0;
	for (i = 0; trusted[trusted_next].store != NULL && i < n; i++)
		if (X509_up_ref(all[i]))
			trusted[trusted_next].x[trusted[trusted_next].n++] =
			    all[i];
	if (trusted[trusted_next].n != n)
		trusted[trusted_next].until = 0;	/* never matches */
	else
		trusted[trusted_next].until = until;
	trusted_next = (trusted_next + 1) % TRUSTED_MAX;
	pthread_mutex_unlock(&trusted_lock);
}

static void
check_trust(X509 *x, STACK_OF(X509) *chain, X509_STORE *store,
    struct edxml_sigcheck *out)
{
	X509_STORE_CTX *ctx;
	int e;

	if (store == NULL) {
		snprintf(out->reason, sizeof(out->reason), "không có gốc tin"
		    " cậy nào để đối chiếu");
		return;
	}
	if (trusted_hit(store, x, chain)) {
		out->trusted = 1;
		return;
	}
	if ((ctx = X509_STORE_CTX_new()) == NULL ||
	    !X509_STORE_CTX_init(ctx, store, x, chain)) {
		X509_STORE_CTX_free(ctx);
		return;
	}
	X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_ANY);
	out->trusted = X509_verify_cert(ctx) == 1;
	e = X509_STORE_CTX_get_error(ctx);
	X509_STORE_CTX_free(ctx);
	if (out->trusted) {
		trusted_keep(store, x, chain);
		return;
	}
	if (e == X509_V_ERR_CERT_HAS_EXPIRED)
		snprintf(out->reason, sizeof(out->reason), "chứng thư đã hết"
		    " hạn");
	else if (e == X509_V_ERR_CERT_NOT_YET_VALID)
		snprintf(out->reason, sizeof(out->reason), "chứng thư chưa có"
		    " hiệu lực");
	else if (e == X509_V_ERR_CERT_REVOKED)
		snprintf(out->reason, sizeof(out->reason), "chứng thư đã bị thu"
		    " hồi");
	else if (e == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
	    e == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
	    e == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN)
		snprintf(out->reason, sizeof(out->reason), "chứng thư không dẫn"
		    " tới gốc tin cậy");
	else
		snprintf(out->reason, sizeof(out->reason), "chuỗi chứng thư"
		    " không hợp lệ (%s)", X509_verify_cert_error_string(e));
}

/* Digest and value, then trust. */
static void
judge(struct sigpass *p, X509_STORE *store, struct edxml_sigcheck *out)
{
	struct sigcap *c = &p->cap;
	unsigned char got[EVP_MAX_MD_SIZE], *v = NULL,
	    *dv = NULL;
	size_t vlen = 0, dvlen = 0;
	unsigned int glen;
	STACK_OF(X509) *chain = sk_X509_new_null();
	const EVP_MD *md;
	X509 *x = NULL;
	const struct buf *si;
	int di, ec = 0, exc;

	if (chain == NULL || check_reference(c, &exc, out->reason,
	    sizeof(out->reason)) < 0)
		goto out;
	si = c14n_kind(c->c14n_alg) == 2 ? &c->si_exc_out : &c->si_out;
	if ((di = digest_index(c->digest_alg)) < 0 ||
	    (md = sig_md(c->sig_alg, &ec)) == NULL) {
		snprintf(out->reason, sizeof(out->reason), "thuật toán không hỗ"
		    " trợ: %s", di < 0 ? (c->digest_alg ? c->digest_alg : "?")
		    : (c->sig_alg ? c->sig_alg : "?"));
		goto out;
	}
	if (edxml_b64_decode(c->digest.data, c->digest.len, &dv, &dvlen) < 0 ||
	    edxml_sigpass_digest(p, di + 3 * exc, got, &glen) < 0 ||
	    dvlen != glen ||
	    memcmp(dv, got, glen) != 0) {
		snprintf(out->reason, sizeof(out->reason), "nội dung gói đã bị"
		    " thay đổi sau khi ký (DigestValue không khớp)");
		goto out;
	}
	if (edxml_b64_decode(c->value.data, c->value.len, &v, &vlen) < 0)
		vlen = 0;
	find_signer(c, si, md, ec, v, vlen, &x, chain);
	if (x == NULL) {
		snprintf(out->reason, sizeof(out->reason), c->ncerts ?
		    "giá trị chữ ký không khớp (SignatureValue)" :
		    "chữ ký không kèm chứng thư (X509Certificate)");
		goto out;
	}
	out->intact = 1;
	describe(x, out);
	check_trust(x, chain, store, out);
	out->cert = x;
out:
	sk_X509_pop_free(chain, X509_free);
	free(v);
	free(dv);
}

/* The verdict of a pass run to its end. */
static void
verdict(struct sigpass *p, X509_STORE *store, struct edxml_sigcheck *out)
{
	out->present = p->sig_seen;
	if (!out->present)
		snprintf(out->reason, sizeof(out->reason), "gói không có chữ"
		    " ký số");
	else if (!p->cap.si_done)
		snprintf(out->reason, sizeof(out->reason), "chữ ký thiếu"
		    " SignedInfo");
	else
		judge(p, store, out);
}

int
edxml_verify(const char *path, X509_STORE *store, struct edxml_sigcheck *out,
    char *err, size_t errlen)
{
	struct sigpass p;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	if (edxml_sigpass_run(&p, SIGPASS_VERIFY, path, err, errlen) < 0) {
		edxml_sigpass_release(&p);
		return -1;
	}
	verdict(&p, store, out);
	edxml_sigpass_release(&p);
	return 0;
}

int
edxml_verify_read(const char *path, X509_STORE *store,
    struct edxml_sigcheck *chk, struct arena *a, const char *dir,
    struct edxml_pkg *pkg, char *err, size_t errlen)
{
	xmlSAXHandler vsax, rsax;
	struct edxml_px *rd;
	struct sigpass p;
	int rc;

	memset(chk, 0, sizeof(*chk));
	memset(&p, 0, sizeof(p));
	if (edxml_sigpass_begin(&p, SIGPASS_VERIFY, &vsax, err, errlen) < 0) {
		edxml_sigpass_release(&p);
		return -1;
	}
	if ((rd = edxml_read_begin(a, dir, pkg, &rsax)) == NULL) {
		edxml_sigpass_release(&p);
		return edxml_err(err, errlen, "hết bộ nhớ");
	}
	/* The signature's pass runs to the end of the file as on its own,
	 * and decides whether this is a package at all; only then the
	 * reader's error or rules. */
	rc = edxml_parse_file2(path, &vsax, &p.px, &rsax, rd, err, errlen);
	if (rc < 0 || edxml_sigpass_end(&p, err, errlen) < 0) {
		(void)edxml_read_end(rd, -1, NULL, 0);
		edxml_sigpass_release(&p);
		return -1;
	}
	verdict(&p, store, chk);
	edxml_sigpass_release(&p);
	if (rd->failed) {
		edxml_err(err, errlen, "%s", rd->err);
		(void)edxml_read_end(rd, -1, NULL, 0);
		return -2;
	}
	return edxml_read_end(rd, 0, err, errlen) < 0 ? -2 : 0;
}
