/*
 * sign_key.c - the one interface through which congso asks a key to
 * sign: a PEM file here, a PKCS#11 object in sign_key_p11.c. Callers get
 * a signature, never the key.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "core/x509.h"
#include "sign/sign_int.h"

struct sign_key {
	int		 type;		/* EVP_PKEY_RSA or EVP_PKEY_EC */
	EVP_PKEY	*pkey;		/* PEM key */
	struct sign_p11	*p11;		/* token key */
};

int
sign_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int
pass_cb(char *out, int size, int rwflag, void *u)
{
	const char *p = getenv("CONGSO_KEY_PASSWORD");
	size_t n;

	(void)rwflag;
	*(int *)u = 1;	/* the key is protected: never cached */
	if (p == NULL)
		return -1;
	n = strlen(p);
	if (n > (size_t)size)
		return -1;
	memcpy(out, p, n);
	return (int)n;
}

static int
open_pem(const char *path, struct sign_key *k, char *err, size_t errlen)
{
	struct stat st;
	int asked = 0, known;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return sign_err(err, errlen, "không mở được tệp khóa %s", path);
	known = fstat(fileno(f), &st) == 0;
	if (known &&
	    (k->pkey = sign_cache_get(SIGN_CACHE_KEY, path, &st)) != NULL) {
		fclose(f);
		k->type = EVP_PKEY_get_base_id(k->pkey);
		return 0;
	}
	k->pkey = PEM_read_PrivateKey(f, NULL, pass_cb, &asked);
	fclose(f);
	ERR_clear_error();
	if (known && k->pkey != NULL && !asked &&
	    (EVP_PKEY_get_base_id(k->pkey) == EVP_PKEY_RSA ||
	    EVP_PKEY_get_base_id(k->pkey) == EVP_PKEY_EC))
		sign_cache_put(SIGN_CACHE_KEY, path, &st, k->pkey);
	if (k->pkey == NULL)
		return sign_err(err, errlen, "tệp %s không phải khóa bí mật"
		    " PEM đọc được (nếu khóa có mật khẩu, đặt"
		    " CONGSO_KEY_PASSWORD)", path);
	k->type = EVP_PKEY_get_base_id(k->pkey);
	if (k->type != EVP_PKEY_RSA && k->type != EVP_PKEY_EC)
		return sign_err(err, errlen, "khóa %s không phải RSA hay ECDSA",
		    path);
	return 0;
}

int
sign_key_open(const char *spec, const char *module, struct sign_key **out,
    char *err, size_t errlen)
{
	struct sign_key *k;
	int rc;

	*out = NULL;
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return sign_err(err, errlen, "hết bộ nhớ");
	if (strncmp(spec, "pkcs11:", 7) == 0) {
		if (module == NULL || module[0] == '\0')
			rc = sign_err(err, errlen, "khóa PKCS#11 cần"
			    " --pkcs11-module (thư viện của token/HSM)");
		else
			rc = sign_p11_open(spec, module, &k->p11, &k->type,
			    err, errlen);
	} else
		rc = open_pem(spec, k, err, errlen);
	if (rc < 0) {
		sign_key_free(k);
		return -1;
	}
	*out = k;
	return 0;
}

int
sign_key_type(const struct sign_key *k)
{
	return k->type;
}

int
sign_key_sign(struct sign_key *k, const EVP_MD *md, const unsigned char *h,
    size_t hlen, unsigned char **sig, size_t *siglen, char *err,
    size_t errlen)
{
	EVP_PKEY_CTX *ctx;
	size_t n = 0;
	int ok = 0;

	*sig = NULL;
	if (k->p11 != NULL)
		return sign_p11_sign(k->p11, k->type, md, h, hlen, sig, siglen,
		    err, errlen);
	if ((ctx = EVP_PKEY_CTX_new(k->pkey, NULL)) == NULL)
		goto out;
	if (EVP_PKEY_sign_init(ctx) <= 0 ||
	    (k->type == EVP_PKEY_RSA &&
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) <= 0) ||
	    EVP_PKEY_CTX_set_signature_md(ctx, md) <= 0 ||
	    EVP_PKEY_sign(ctx, NULL, &n, h, hlen) <= 0 ||
	    (*sig = malloc(n)) == NULL ||
	    EVP_PKEY_sign(ctx, *sig, &n, h, hlen) <= 0)
		goto out;
	*siglen = n;
	ok = 1;
out:
	EVP_PKEY_CTX_free(ctx);
	ERR_clear_error();
	if (!ok) {
		free(*sig);
		*sig = NULL;
		return sign_err(err, errlen, "khóa không ký được");
	}
	return 0;
}

void
sign_key_free(struct sign_key *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	sign_p11_free(k->p11);
	free(k);
}

int
sign_cert_check(X509 *cert, time_t when, char *err, size_t errlen)
{
	EVP_PKEY *pub = X509_get0_pubkey(cert);
	char cn[256] = "?";
	uint32_t ku;
	int bits;

	x509_common_name(X509_get_subject_name(cert), cn, sizeof(cn));
	if (X509_cmp_time(X509_get0_notAfter(cert), &when) <= 0)
		return sign_err(err, errlen, "chứng thư số của \"%s\" đã hết"
		    " hạn", cn);
	if (X509_cmp_time(X509_get0_notBefore(cert), &when) >= 0)
		return sign_err(err, errlen, "chứng thư số của \"%s\" chưa có"
		    " hiệu lực", cn);
	ku = X509_get_key_usage(cert);
	if (ku != UINT32_MAX &&
	    (ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0)
		return sign_err(err, errlen, "chứng thư số của \"%s\" không"
		    " cho phép ký (thiếu digitalSignature/nonRepudiation"
		    " trong keyUsage)", cn);
	if (pub == NULL)
		return sign_err(err, errlen, "chứng thư số của \"%s\" không"
		    " có khóa công khai đọc được", cn);
	bits = EVP_PKEY_get_bits(pub);
	if (EVP_PKEY_get_base_id(pub) == EVP_PKEY_RSA && bits < 2048)
		return sign_err(err, errlen, "khóa RSA %d bit quá ngắn (cần"
		    " từ 2048 bit)", bits);
	if (EVP_PKEY_get_base_id(pub) == EVP_PKEY_EC && bits < 256)
		return sign_err(err, errlen, "khóa ECDSA %d bit quá ngắn (cần"
		    " từ 256 bit)", bits);
	if (EVP_PKEY_get_base_id(pub) != EVP_PKEY_RSA &&
	    EVP_PKEY_get_base_id(pub) != EVP_PKEY_EC)
		return sign_err(err, errlen, "chứng thư số dùng thuật toán"
		    " không hỗ trợ (cần RSA hoặc ECDSA)");
	return 0;
}

int
sign_read_certs(const char *path, STACK_OF(X509) **out, char *err,
    size_t errlen)
{
	STACK_OF(X509) *sk;
	struct stat st;
	int cached = 0;
	X509 *x;
	FILE *f;

	*out = NULL;
	if ((f = fopen(path, "r")) == NULL)
		return sign_err(err, errlen, "không mở được tệp chứng thư %s",
		    path);
	cached = fstat(fileno(f), &st) == 0;
	if (cached &&
	    (*out = sign_cache_get(SIGN_CACHE_CERTS, path, &st)) != NULL) {
		fclose(f);
		return 0;
	}
	if ((sk = sk_X509_new_null()) == NULL) {
		fclose(f);
		return sign_err(err, errlen, "hết bộ nhớ");
	}
	while ((x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL) {
		if (!sk_X509_push(sk, x)) {
			X509_free(x);
			break;
		}
	}
	fclose(f);
	ERR_clear_error();
	if (sk_X509_num(sk) == 0) {
		sk_X509_free(sk);
		return sign_err(err, errlen, "tệp %s không có chứng thư PEM"
		    " nào", path);
	}
	if (cached)
		sign_cache_put(SIGN_CACHE_CERTS, path, &st, sk);
	*out = sk;
	return 0;
}
