/*
 * sign_int.h - what the files of the sign module share among themselves
 * (not for other modules: their header is sign.h).
 */
#ifndef CONGSO_SIGN_INT_H
#define CONGSO_SIGN_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/cms.h>
#include <openssl/x509.h>

#include "core/buf.h"
#include "sign/sign.h"

/* The PKCS#11 backend of sign_key (sign_key_p11.c). */
struct sign_p11;
int	 sign_p11_open(const char *uri, const char *module,
	    struct sign_p11 **out, int *type, char *err, size_t errlen);
int	 sign_p11_sign(struct sign_p11 *p, int type, const EVP_MD *md,
	    const unsigned char *h, size_t hlen, unsigned char **sig,
	    size_t *siglen, char *err, size_t errlen);
void	 sign_p11_free(struct sign_p11 *p);

/*
 * Build a detached CAdES SignedData over the content digest `digest`
 * (made with `md`): signed attributes content-type, message-digest,
 * signing-time and signing-certificate-v2; certificates `cert` and
 * `chain`; the signature made by `k`. When `tsa_url` is set, a
 * signature time-stamp token (RFC 3161) is added as an unsigned
 * attribute. DER into `der`. 0 or -1.
 */
int	 sign_cms_build(struct sign_key *k, X509 *cert, STACK_OF(X509) *chain,
	    const EVP_MD *md, const unsigned char *digest, size_t dlen,
	    time_t when, const char *tsa_url, struct buf *der, char *err,
	    size_t errlen);

/* Read every certificate of a PEM file into a new stack. 0 or -1. */
int	 sign_read_certs(const char *path, STACK_OF(X509) **out, char *err,
	    size_t errlen);

/* Errors with a message in the caller's buffer. Returns -1. */
int	 sign_err(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* The timestamp of an RFC 3161 server over the signature of `si`, added
 * as the unsigned attribute signature-time-stamp-token (sign_tsa.c). */
int	 sign_tsa_stamp(CMS_SignerInfo *si, const char *url, const EVP_MD *md,
	    char *err, size_t errlen);

/*
 * An incremental update being written: `b` holds its bytes, which will
 * sit at file offset `base`; each object written records its offset for
 * the cross-reference section. Numbers come from `next`.
 */
struct sign_upd {
	struct buf	 b;
	uint64_t	 base;
	uint32_t	 next;
	uint32_t	*nums;
	uint64_t	*offs;
	size_t		 n, cap;
};

/* A new object number. */
uint32_t sign_upd_new(struct sign_upd *u);
/* Start object `num` ("num 0 obj"), recording its offset. 0 or -1. */
int	 sign_upd_begin(struct sign_upd *u, uint32_t num);
/* End the object started last. */
int	 sign_upd_end(struct sign_upd *u);
/* Object `num` as a stream: `dict` is the inside of its dictionary
 * without /Length and /Filter; the data is Flate-compressed when
 * `deflate` is set. 0 or -1. */
int	 sign_upd_stream(struct sign_upd *u, uint32_t num, const char *dict,
	    const void *data, size_t len, int deflate);

/*
 * The appearance of a signature widget `w` × `h` points: a form
 * XObject (and its font and images) written into `u`; its number in
 * `*ap`. Text: the signer's name and the signing time; images per role
 * (sign_appear.c). 0 or -1.
 */
int	 sign_appear(struct sign_upd *u, const struct sign_opts *o,
	    const char *signer, time_t when, double w, double h,
	    uint32_t *ap, char *err, size_t errlen);

struct pdf_sig;
/* Check the CMS of signature `s` (the byte ranges read from `fd`; -1 to
 * skip the digest) into `c`: signer, digest, signature value, time,
 * timestamp, and the chain when `store` is set (sign_verify.c). */
void	 sign_check_cms(int fd, const struct pdf_sig *s, X509_STORE *store,
	    struct sign_check *c);

/* Append a text string as a PDF hex string in UTF-16BE with a BOM. */
int	 sign_pdf_text(struct buf *b, const char *utf8);

#endif
