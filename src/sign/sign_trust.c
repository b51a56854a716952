/*
 * sign_trust.c - the trust store: what an administrator imports (root
 * and intermediate CA certificates, CRLs, in PEM or DER) read and
 * checked, and the X509_STORE that verification uses, built from the
 * data folder's store and from PEM files given on the command line.
 *
 * Roots are the anchors; intermediates only link a signer to a root;
 * a CRL is taken only when a CA certificate of its issuer verifies it.
 * With CRLs present, every certificate of a chain whose issuer has a CRL
 * is looked up in it; an issuer without a CRL is not an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

#include "core/digest.h"
#include "core/x509.h"
#include "sign/sign_int.h"

#define TRUST_MAX_ITEMS	256		/* in one imported file */

static int
verify_cb(int ok, X509_STORE_CTX *ctx)
{
	/* A CA that publishes no CRL here is not checked, not refused. */
	if (!ok && X509_STORE_CTX_get_error(ctx) ==
	    X509_V_ERR_UNABLE_TO_GET_CRL)
		return 1;
	return ok;
}

void
sign_store_crl_checks(X509_STORE *st)
{
	X509_STORE_set_flags(st, X509_V_FLAG_CRL_CHECK |
	    X509_V_FLAG_CRL_CHECK_ALL);
	X509_STORE_set_verify_cb(st, verify_cb);
}

static void
hex_sha256(const unsigned char *der, size_t n, char out[65])
{
	unsigned char h[32];

	SHA256(der, n, h);
	digest_hex(h, 32, out);
}

/* Describe certificate `x` into `it`. -1 when it is no CA. */
static int
cert_item(X509 *x, struct sign_trust_item *it, char *err, size_t errlen)
{
	unsigned char *der = NULL;
	BIGNUM *bn;
	char *hx;
	int n;

	memset(it, 0, sizeof(*it));
	x509_name_line(X509_get_subject_name(x), it->subject, sizeof(it->subject));
	x509_name_line(X509_get_issuer_name(x), it->issuer, sizeof(it->issuer));
	if (X509_check_ca(x) < 1)
		return sign_err(err, errlen, "chứng thư \"%s\" không phải của"
		    " một nơi cấp (CA): chỉ nhập chứng thư gốc và trung gian",
		    it->subject);
	it->kind = X509_check_issued(x, x) == X509_V_OK ? SIGN_TRUST_ROOT :
	    SIGN_TRUST_INTERMEDIATE;
	if ((bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL)) !=
	    NULL && (hx = BN_bn2hex(bn)) != NULL) {
		snprintf(it->serial, sizeof(it->serial), "%s", hx);
		OPENSSL_free(hx);
	}
	BN_free(bn);
	it->not_before = x509_time_epoch(X509_get0_notBefore(x));
	it->not_after = x509_time_epoch(X509_get0_notAfter(x));
	if ((n = i2d_X509(x, &der)) <= 0)
		return sign_err(err, errlen, "chứng thư hỏng");
	hex_sha256(der, (size_t)n, it->sha256);
	it->der = der;
	it->derlen = (size_t)n;
	return 0;
}

/* Describe CRL `c` into `it`, checked against the CA certificates of
 * `cas`. -1 when none of them issued it. */
static int
crl_item(X509_CRL *c, STACK_OF(X509) *cas, struct sign_trust_item *it,
    char *err, size_t errlen)
{
	unsigned char *der = NULL;
	int i, n, ok = 0;

	memset(it, 0, sizeof(*it));
	it->kind = SIGN_TRUST_CRL;
	x509_name_line(X509_CRL_get_issuer(c), it->subject, sizeof(it->subject));
	snprintf(it->issuer, sizeof(it->issuer), "%s", it->subject);
	for (i = 0; cas != NULL && i < sk_X509_num(cas) && !ok; i++) {
		X509 *ca = sk_X509_value(cas, i);

		if (X509_NAME_cmp(X509_get_subject_name(ca),
		    X509_CRL_get_issuer(c)) == 0 &&
		    X509_CRL_verify(c, X509_get0_pubkey(ca)) == 1)
			ok = 1;
	}
	ERR_clear_error();
	if (!ok)
		return sign_err(err, errlen, "danh sách thu hồi (CRL) của"
		    " \"%s\" không do chứng thư CA nào trong kho ký (nhập"
		    " chứng thư của nơi cấp trước)", it->subject);
	it->not_before = x509_time_epoch(X509_CRL_get0_lastUpdate(c));
	it->not_after = x509_time_epoch(X509_CRL_get0_nextUpdate(c));
	if ((n = i2d_X509_CRL(c, &der)) <= 0)
		return sign_err(err, errlen, "CRL hỏng");
	hex_sha256(der, (size_t)n, it->sha256);
	it->der = der;
	it->derlen = (size_t)n;
	return 0;
}

void
sign_trust_items_free(struct sign_trust_item *items, size_t n)
{
	size_t i;

	for (i = 0; items != NULL && i < n; i++)
		OPENSSL_free(items[i].der);
	free(items);
}

int
sign_trust_parse(const void *data, size_t len, STACK_OF(X509) *known,
    struct sign_trust_item **out, size_t *n, char *err, size_t errlen)
{
	STACK_OF(X509_INFO) *infos = NULL;
	STACK_OF(X509) *cas = NULL;
	X509_CRL *crl = NULL;
	X509 *x = NULL;
	struct sign_trust_item *items = NULL;
	const unsigned char *p = data;
	size_t cnt = 0;
	BIO *b = NULL;
	int k, rc = -1;

	*out = NULL;
	*n = 0;
	err[0] = '\0';
	if (len == 0 || len > INT32_MAX)
		return sign_err(err, errlen, "tệp rỗng hoặc quá lớn");
	if ((cas = sk_X509_new_null()) == NULL ||
	    (items = calloc(TRUST_MAX_ITEMS, sizeof(*items))) == NULL)
		goto mem;
	for (k = 0; known != NULL && k < sk_X509_num(known); k++)
		if (!sk_X509_push(cas, sk_X509_value(known, k)))
			goto mem;
	if (memmem(data, len, "-----BEGIN", 10) != NULL) {
		if ((b = BIO_new_mem_buf(data, (int)len)) == NULL)
			goto mem;
		infos = PEM_X509_INFO_read_bio(b, NULL, NULL, NULL);
		if (infos == NULL || sk_X509_INFO_num(infos) == 0) {
			sign_err(err, errlen, "tệp PEM không có chứng thư hay"
			    " CRL nào đọc được");
			goto out;
		}
		/* Certificates first: a CRL in the same file may need them. */
		for (k = 0; k < sk_X509_INFO_num(infos); k++) {
			X509_INFO *xi = sk_X509_INFO_value(infos, k);

			if (xi->x509 == NULL)
				continue;
			if (cnt == TRUST_MAX_ITEMS) {
				sign_err(err, errlen, "quá %d mục trong một tệp",
				    TRUST_MAX_ITEMS);
				goto out;
			}
			if (cert_item(xi->x509, &items[cnt], err, errlen) < 0)
				goto out;
			cnt++;
			if (!sk_X509_push(cas, xi->x509))
				goto mem;
		}
		for (k = 0; k < sk_X509_INFO_num(infos); k++) {
			X509_INFO *xi = sk_X509_INFO_value(infos, k);

			if (xi->crl == NULL)
				continue;
			if (cnt == TRUST_MAX_ITEMS) {
				sign_err(err, errlen, "quá %d mục trong một tệp",
				    TRUST_MAX_ITEMS);
				goto out;
			}
			if (crl_item(xi->crl, cas, &items[cnt], err,
			    errlen) < 0)
				goto out;
			cnt++;
		}
	} else if ((x = d2i_X509(NULL, &p, (long)len)) != NULL) {
		if (cert_item(x, &items[cnt], err, errlen) < 0)
			goto out;
		cnt++;
	} else {
		p = data;
		if ((crl = d2i_X509_CRL(NULL, &p, (long)len)) == NULL) {
			sign_err(err, errlen, "tệp không phải chứng thư hay CRL"
			    " (PEM hoặc DER)");
			goto out;
		}
		if (crl_item(crl, cas, &items[cnt], err, errlen) < 0)
			goto out;
		cnt++;
	}
	*out = items;
	*n = cnt;
	items = NULL;
	rc = 0;
	goto out;
mem:
	sign_err(err, errlen, "hết bộ nhớ");
out:
	ERR_clear_error();
	if (items != NULL)
		sign_trust_items_free(items, TRUST_MAX_ITEMS);
	sk_X509_INFO_pop_free(infos, X509_INFO_free);
	sk_X509_free(cas);
	X509_free(x);
	X509_CRL_free(crl);
	BIO_free(b);
	return rc;
}

int
sign_store_add_der(X509_STORE *st, enum sign_trust_kind kind,
    const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	X509_CRL *crl;
	X509 *x;
	int ok;

	if (kind == SIGN_TRUST_CRL) {
		if ((crl = d2i_X509_CRL(NULL, &p, (long)len)) == NULL)
			return -1;
		ok = X509_STORE_add_crl(st, crl);
		X509_CRL_free(crl);
		sign_store_crl_checks(st);
	} else {
		if ((x = d2i_X509(NULL, &p, (long)len)) == NULL)
			return -1;
		ok = X509_STORE_add_cert(st, x);
		X509_free(x);
	}
	ERR_clear_error();
	return ok == 1 ? 0 : -1;
}

int
sign_store_add_pem_file(X509_STORE *st, const char *path, char *err,
    size_t errlen)
{
	STACK_OF(X509_INFO) *infos;
	int i, got = 0, crls = 0;
	BIO *b;

	if ((b = BIO_new_file(path, "r")) == NULL) {
		ERR_clear_error();
		return sign_err(err, errlen, "không mở được tệp %s", path);
	}
	infos = PEM_X509_INFO_read_bio(b, NULL, NULL, NULL);
	BIO_free(b);
	for (i = 0; infos != NULL && i < sk_X509_INFO_num(infos); i++) {
		X509_INFO *xi = sk_X509_INFO_value(infos, i);

		if (xi->x509 != NULL && X509_STORE_add_cert(st, xi->x509) == 1)
			got++;
		if (xi->crl != NULL && X509_STORE_add_crl(st, xi->crl) == 1) {
			got++;
			crls++;
		}
	}
	sk_X509_INFO_pop_free(infos, X509_INFO_free);
	ERR_clear_error();
	if (crls > 0)
		sign_store_crl_checks(st);
	if (got == 0)
		return sign_err(err, errlen, "tệp %s không có chứng thư PEM"
		    " nào", path);
	return 0;
}

const char *
sign_trust_kind_name(enum sign_trust_kind k)
{
	switch (k) {
	case SIGN_TRUST_ROOT:
		return "root";
	case SIGN_TRUST_INTERMEDIATE:
		return "intermediate";
	case SIGN_TRUST_CRL:
		return "crl";
	default:
		return "?";
	}
}

const char *
sign_trust_kind_label(enum sign_trust_kind k)
{
	switch (k) {
	case SIGN_TRUST_ROOT:
		return "Chứng thư gốc";
	case SIGN_TRUST_INTERMEDIATE:
		return "Chứng thư trung gian";
	case SIGN_TRUST_CRL:
		return "Danh sách thu hồi (CRL)";
	default:
		return "?";
	}
}
