/*
 * sign_cms.c - the detached CMS SignedData of a PAdES signature
 * (RFC 5652; ETSI EN 319 122 CAdES attributes; RFC 5035
 * signing-certificate-v2). OpenSSL builds the structure; the signature
 * over the signed attributes comes from the key interface, so a token's
 * key never leaves the token.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "sign/sign_int.h"

struct der {
	unsigned char	*p;
	int		 n;
};

/* DER order of SET OF: by encoding, a shorter one as if zero-padded. */
static int
der_cmp(const void *a, const void *b)
{
	const struct der *x = a, *y = b;
	int n = x->n < y->n ? x->n : y->n, c;

	if ((c = memcmp(x->p, y->p, (size_t)n)) != 0)
		return c;
	return (x->n > y->n) - (x->n < y->n);
}

static int
der_len(struct buf *b, size_t n)
{
	if (n < 0x80)
		return buf_addch(b, (int)n);
	if (n < 0x100)
		return buf_printf(b, "%c%c", 0x81, (int)n);
	if (n < 0x10000)
		return buf_printf(b, "%c%c%c", 0x82, (int)(n >> 8),
		    (int)(n & 0xff)) < 0 ? -1 : 0;
	return buf_printf(b, "%c%c%c%c", 0x83, (int)(n >> 16),
	    (int)(n >> 8 & 0xff), (int)(n & 0xff)) < 0 ? -1 : 0;
}

/* The DER SET OF the signed attributes: what the signature covers. */
static int
signed_attrs_der(CMS_SignerInfo *si, struct buf *out)
{
	int n = CMS_signed_get_attr_count(si), i, rc = -1;
	struct der *v;
	size_t total = 0;

	if (n <= 0 || (v = calloc((size_t)n, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		v[i].n = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i),
		    &v[i].p);
		if (v[i].n <= 0)
			goto out;
		total += (size_t)v[i].n;
	}
	qsort(v, (size_t)n, sizeof(*v), der_cmp);
	if (buf_addch(out, 0x31) < 0 || der_len(out, total) < 0)
		goto out;
	for (i = 0; i < n; i++)
		if (buf_add(out, v[i].p, (size_t)v[i].n) < 0)
			goto out;
	rc = 0;
out:
	for (i = 0; i < n; i++)
		OPENSSL_free(v[i].p);
	free(v);
	return rc;
}

/* Check the signature just made with the certificate's public key: a
 * key that is not the certificate's shows here, not in a verifier
 * years later. */
static int
self_check(X509 *cert, const EVP_MD *md, const unsigned char *h,
    size_t hlen, const unsigned char *sig, size_t siglen)
{
	EVP_PKEY *pub = X509_get0_pubkey(cert);
	EVP_PKEY_CTX *ctx;
	int ok = 0;

	if (pub == NULL || (ctx = EVP_PKEY_CTX_new(pub, NULL)) == NULL)
		return -1;
	if (EVP_PKEY_verify_init(ctx) > 0 &&
	    (EVP_PKEY_get_base_id(pub) != EVP_PKEY_RSA ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0) &&
	    EVP_PKEY_CTX_set_signature_md(ctx, md) > 0)
		ok = EVP_PKEY_verify(ctx, sig, siglen, h, hlen) == 1;
	EVP_PKEY_CTX_free(ctx);
	ERR_clear_error();
	return ok ? 0 : -1;
}

int
sign_cms_build(struct sign_key *k, X509 *cert, STACK_OF(X509) *chain,
    const EVP_MD *md, const unsigned char *digest, size_t dlen, time_t when,
    const char *tsa_url, struct buf *der, char *err, size_t errlen)
{
	unsigned char h[EVP_MAX_MD_SIZE], *sig = NULL, *out = NULL;
	CMS_ContentInfo *cms = NULL;
	CMS_SignerInfo *si;
	ASN1_TIME *t = NULL;
	struct buf attrs;
	unsigned int hlen;
	size_t siglen;
	int i, n, rc = -1;

	buf_init(&attrs, 1 << 20);
	cms = CMS_sign(NULL, NULL, NULL, NULL, CMS_BINARY | CMS_DETACHED |
	    CMS_PARTIAL);
	if (cms == NULL)
		goto ossl;
	/* The public key stands in for the private one: OpenSSL only reads
	 * its algorithm; the signature comes from the key interface. */
	si = CMS_add1_signer(cms, cert, X509_get0_pubkey(cert), md,
	    CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP | CMS_CADES);
	if (si == NULL)
		goto ossl;
	if ((t = ASN1_TIME_set(NULL, when)) == NULL)
		goto ossl;
	if (CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType,
	    V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data), -1) <= 0 ||
	    CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime,
	    t->type, t, -1) <= 0 ||
	    CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest,
	    V_ASN1_OCTET_STRING, digest, (int)dlen) <= 0)
		goto ossl;
	for (i = 0; chain != NULL && i < sk_X509_num(chain); i++)
		if (X509_cmp(sk_X509_value(chain, i), cert) != 0 &&
		    CMS_add1_cert(cms, sk_X509_value(chain, i)) <= 0)
			goto ossl;
	if (signed_attrs_der(si, &attrs) < 0 ||
	    EVP_Digest(attrs.data, attrs.len, h, &hlen, md, NULL) <= 0)
		goto ossl;
	if (sign_key_sign(k, md, h, hlen, &sig, &siglen, err, errlen) < 0)
		goto out;
	if (self_check(cert, md, h, hlen, sig, siglen) < 0) {
		sign_err(err, errlen, "chữ ký tạo ra không khớp với chứng thư"
		    " số: khóa và chứng thư không cùng một cặp");
		goto out;
	}
	if (siglen > INT32_MAX ||
	    ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), sig,
	    (int)siglen) <= 0)
		goto ossl;
	if (tsa_url != NULL && sign_tsa_stamp(si, tsa_url, md, err,
	    errlen) < 0)
		goto out;
	if ((n = i2d_CMS_ContentInfo(cms, &out)) <= 0)
		goto ossl;
	if (buf_add(der, out, (size_t)n) < 0)
		goto ossl;
	rc = 0;
	goto out;
ossl:
	sign_err(err, errlen, "không tạo được cấu trúc chữ ký CMS: %s",
	    ERR_reason_error_string(ERR_peek_last_error()) ?
	    ERR_reason_error_string(ERR_peek_last_error()) : "lỗi OpenSSL");
out:
	ERR_clear_error();
	OPENSSL_free(out);
	free(sig);
	ASN1_TIME_free(t);
	CMS_ContentInfo_free(cms);
	buf_release(&attrs);
	return rc;
}
