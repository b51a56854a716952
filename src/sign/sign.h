/*
 * sign.h - digital signatures on PDF (PAdES): signing as an incremental
 * update (the leader's signature, then the body's seal signature, as
 * Nghị định 30/2020 lays out), keys behind one narrow interface (a PEM
 * file or a PKCS#11 object), and verification of every signature of a
 * file. Knows no other module.
 *
 * Errors are written in Vietnamese into the caller's `err` buffer
 * (SIGN_ERR_MAX bytes), naming the problem; functions return 0 or -1.
 */
#ifndef CONGSO_SIGN_H
#define CONGSO_SIGN_H

#include <stddef.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#define SIGN_ERR_MAX	512

/* ---- Keys: the narrow interface ------------------------------------- */

/*
 * A signing key: never read by the caller, only asked to sign. Opened
 * from a PEM file path, or from an RFC 7512 URI "pkcs11:token=...;
 * object=...[;id=...][;pin-value=...]" with `module` the PKCS#11 library
 * to load; the PIN comes from the URI, the CONGSO_PIN environment
 * variable, or a prompt on the terminal. The private key of a token
 * never leaves it.
 */
struct sign_key;

/* Open a key; `*out` is freed with sign_key_free(). 0 or -1. */
int	 sign_key_open(const char *spec, const char *module,
	    struct sign_key **out, char *err, size_t errlen);
/* EVP_PKEY_RSA or EVP_PKEY_EC. */
int	 sign_key_type(const struct sign_key *k);
/* Sign the hash `h` (`hlen` bytes, made with `md`): RSA PKCS#1 v1.5
 * over the DigestInfo, or ECDSA as a DER Ecdsa-Sig-Value. The signature
 * is malloc'd into `*sig` (caller frees). 0 or -1. */
int	 sign_key_sign(struct sign_key *k, const EVP_MD *md,
	    const unsigned char *h, size_t hlen, unsigned char **sig,
	    size_t *siglen, char *err, size_t errlen);
void	 sign_key_free(struct sign_key *k);

/* Check that `cert` may sign documents now: not expired nor not yet
 * valid at `when`, key usage allowing digitalSignature or
 * nonRepudiation, RSA of 2048 bits or more or EC of 256 or more. */
int	 sign_cert_check(X509 *cert, time_t when, char *err, size_t errlen);

/* ---- Signing ------------------------------------------------------- */

enum sign_role { SIGN_ROLE_PLAIN, SIGN_ROLE_LEADER, SIGN_ROLE_SEAL,
	SIGN_ROLE_MAX };

struct sign_opts {
	const char	*key;		/* PEM path or pkcs11: URI */
	const char	*module;	/* PKCS#11 library, for a URI */
	const char	*cert;		/* signer's certificate, PEM */
	const char	*chain;		/* intermediates, PEM, or NULL */
	enum sign_role	 role;
	const char	*image;		/* PNG: handwriting or seal */
	const char	*reason;
	const char	*location;
	const char	*number;	/* seal: "12/QĐ-UBND", stamped */
	const char	*tsa_url;	/* RFC 3161 server, or NULL */
	int		 page;		/* 1-based; 0 for the last page */
	int		 has_rect;
	double		 rect[4];	/* x1 y1 x2 y2 in points */
	time_t		 when;		/* 0: now */
};

/*
 * Sign `in` into `out` as an incremental update: a signature field and
 * its widget on the page, the signature dictionary with a detached CAdES
 * CMS (PAdES B-B; B-T when tsa_url is set). The input is streamed, not
 * held whole. `out` appears complete or not at all (temporary file,
 * fsync, rename). 0 or -1.
 */
int	 sign_pdf(const char *in, const char *out, const struct sign_opts *o,
	    char *err, size_t errlen);

/* ---- Verification -------------------------------------------------- */

enum sign_after {
	SIGN_AFTER_NONE,	/* the signature covers the whole file */
	SIGN_AFTER_SIGS,	/* later updates only add signatures */
	SIGN_AFTER_OTHER,	/* later updates change other things */
	SIGN_AFTER_MAX
};

struct sign_check {
	char		 field[128];
	char		 signer[256];	/* subject CN (or whole subject) */
	char		 issuer[256];
	char		 serial[80];
	char		 time[32];	/* signing time, UTC, ISO 8601 */
	char		 tstime[32];	/* timestamp time, or "" */
	char		 problem[SIGN_ERR_MAX];	/* why not valid, or "" */
	int		 intact;	/* the digest and signature match */
	int		 trusted;	/* the chain reaches a trusted root */
	enum sign_after	 after;
};

/*
 * Check every signature of the PDF at `path` against the roots in the
 * PEM files `trust` (NULL-terminated; intermediates may come from the
 * CMS). `*out` (malloc'd, caller frees) gets `*n` results in form order.
 * Returns 0 when the file could be read (look at each result), -1 when
 * not (err says why).
 */
int	 sign_verify_pdf(const char *path, const char *const *trust,
	    struct sign_check **out, size_t *n, char *err, size_t errlen);

/* ---- Command line -------------------------------------------------- */

/* `congso pdf sign|verify|info ...`; argv[0] is "pdf". Exit status. */
int	 sign_cli_pdf(int argc, char **argv);
/* Help for `congso help pdf`, on standard output. */
void	 sign_usage_pdf(void);

#endif
