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
#include <stdint.h>
#include <time.h>

#include <jansson.h>
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
 * never leaves it. A token key's module, logged-in session and handle
 * are kept for the life of the process, so opening the same key again
 * does no work on the token (sign_key_p11.c). A struct sign_key serves
 * one thread at a time; keys opened apart may sign from any threads.
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
	const char	*date;		/* issue date, "YYYY-MM-DD" or
					   "dd/mm/yyyy"; NULL: signing day */
	const char	*tsa_url;	/* RFC 3161 server, or NULL */
	int		 page;		/* 1-based; 0 for the last page */
	int		 has_rect;
	double		 rect[4];	/* x1 y1 x2 y2 in points */
	time_t		 when;		/* 0: now */
	/* Where the number and date go when `number` or `date` is set:
	 * page (1-based; 0 for the first) and rectangles; without a
	 * rectangle, the places of Nghị định 30/2020, Phụ lục I. */
	int		 stamp_page;
	int		 has_num_rect, has_date_rect;
	double		 num_rect[4], date_rect[4];
	int		 no_fsync;	/* skip fsync: benchmarks, and outputs
					 * the blob store takes */
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
	SIGN_AFTER_STAMP,	/* signatures, and the number and date
				   stamped at issue, which they cover */
	SIGN_AFTER_OTHER,	/* later updates change other things */
	SIGN_AFTER_MAX
};

#define SIGN_CHAIN_MAX	6

struct sign_check {
	char		 field[128];
	char		 signer[256];	/* subject CN (or whole subject) */
	char		 issuer[256];
	char		 serial[80];
	char		 time[32];	/* signing time, UTC, ISO 8601 */
	char		 tstime[32];	/* timestamp time, or "" */
	char		 tsa[256];	/* the timestamp's TSA (CN), or "" */
	char		 problem[SIGN_ERR_MAX];	/* why not valid, or "" */
	int		 intact;	/* the digest and signature match */
	int		 trusted;	/* the chain reaches a trusted root */
	int		 ts_ok;		/* a timestamp, sound and trusted */
	/* The certificate chain as built, signer first (CN or subject),
	 * as far as it reached. */
	char		 chain[SIGN_CHAIN_MAX][256];
	int		 nchain;
	enum sign_after	 after;
	char		 cert_sha256[65];	/* signer's certificate (DER),
						   hex, or "" */
	long long	 range[4];	/* the signature's /ByteRange */
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

/* 1 when the signature is intact, trusted, and followed only by other
 * signatures (and their stamps), with nothing else wrong. */
int	 sign_check_valid(const struct sign_check *c);
/* What followed a signature: "whole", "signatures", "stamp", "other";
 * and in Vietnamese. */
const char *sign_after_code(enum sign_after a);
const char *sign_after_text(enum sign_after a);

/*
 * What the PDF at `path` gained after its first `len` bytes (a revision
 * handed out earlier): SIGN_AFTER_NONE when nothing, SIGN_AFTER_SIGS
 * when only signatures, SIGN_AFTER_STAMP, or SIGN_AFTER_OTHER. 0, or -1
 * when the file cannot be read or is shorter than `len`.
 */
int	 sign_pdf_after(const char *path, uint64_t len, enum sign_after *out,
	    char *err, size_t errlen);

/*
 * The same with a store made by the caller (sign_trust_store()); `store`
 * may be NULL (nothing trusted). The store is not freed.
 */
int	 sign_verify_pdf_store(const char *path, X509_STORE *store,
	    struct sign_check **out, size_t *n, char *err, size_t errlen);

/* ---- Trust store ---------------------------------------------------- */

struct db;

enum sign_trust_kind { SIGN_TRUST_ROOT, SIGN_TRUST_INTERMEDIATE,
	SIGN_TRUST_CRL, SIGN_TRUST_MAX };

/* One certificate or CRL of the trust store. `subject` is the CRL's
 * issuer for a CRL; times are Unix seconds (0 unknown). `der` is set only
 * by the reader of imported files (internal). */
struct sign_trust_item {
	int64_t		 id;
	enum sign_trust_kind kind;
	char		 subject[512];
	char		 issuer[512];
	char		 serial[80];
	char		 sha256[65];
	time_t		 not_before, not_after, added_at;
	char		 added_by[128];
	unsigned char	*der;
	size_t		 derlen;
};

/*
 * Import the certificates and CRLs of one file (`data`, PEM with any
 * number of them, or one DER) into the data folder's trust store, in one
 * transaction with its audit rows (`actor`, `actor_id`, `ip` as
 * audit_record() takes them). A certificate must be a CA's; a CRL must be
 * signed by a CA certificate of the store or of the same file. Items
 * already there are counted in `*dups`, new ones in `*added`. 0 or -1.
 */
int	 sign_trust_import(struct db *db, const void *data, size_t len,
	    const char *actor, int64_t actor_id, const char *ip, int *added,
	    int *dups, char *err, size_t errlen);
/* Every item of the store (without `der`), roots first. `*out` is
 * malloc'd (caller frees). 0 or -1. */
int	 sign_trust_list(struct db *db, struct sign_trust_item **out,
	    size_t *n);
/* Remove item `id`, with an audit row. 0, or -1 (err says why). */
int	 sign_trust_remove(struct db *db, int64_t id, const char *actor,
	    int64_t actor_id, const char *ip, char *err, size_t errlen);
/*
 * A verification store: the data folder's items when `db` is not NULL,
 * and the certificates and CRLs of the PEM files `files` (NULL-terminated,
 * or NULL). CRLs make chains checked against them. Freed with
 * X509_STORE_free(). NULL with `err` set on failure.
 */
X509_STORE *sign_trust_store(struct db *db, const char *const *files,
	    char *err, size_t errlen);
/*
 * The data folder's store, shared by the process and built again only
 * after the trust store changed (import and removal move the setting
 * sign.trust.generation in their transaction). The caller frees its
 * reference with X509_STORE_free(). NULL with `err` on failure.
 */
X509_STORE *sign_trust_shared(struct db *db, char *err, size_t errlen);
/* "root", "intermediate", "crl"; and the Vietnamese label. */
const char *sign_trust_kind_name(enum sign_trust_kind k);
const char *sign_trust_kind_label(enum sign_trust_kind k);

/* ---- Signing on the signer's own PC (sign_flow.c) ------------------- */

/*
 * A signing request: a stored PDF (blob) that one person must sign on
 * their own computer with their own token, through the signing tool the
 * web page calls (the VGCA plugin flow). The tool fetches the PDF from
 * GET /ky-so/tep/{token} and uploads the signed PDF back to the same
 * address (POST or PUT); the token is a 128-bit one-time secret, stored
 * hashed, valid until the request expires and spent by the upload that
 * is accepted. An upload is accepted only when every signature is
 * intact, the bytes handed out are an exact prefix of it, what follows
 * them is one signature (enum sign_after: signatures only), that
 * signature chains to the trust store, and its certificate is one the
 * person registered (table sign_person_certs, by SHA-256 of the DER: a
 * person adds theirs on /ky-so/chung-thu or POST /api/v1/sign/certs).
 * Then the signed PDF is stored, the request closed, and the handler of
 * the request's owner kind called, all in one transaction.
 */
#define SIGN_TOKEN_HEX		33	/* 128-bit token as hex, with NUL */
#define SIGN_OWNER_KIND_MAX	32	/* bytes of an owner kind, with NUL */
#define SIGN_FLOW_TTL_MAX	(30 * 86400)
/* The owner kind of the requests people make for their own PDFs. */
#define SIGN_OWNER_SELF		"sign.self"

/*
 * Called inside the transaction that accepts a signed upload for a
 * request of the owner kind it was registered for: `owner_id` as given
 * to sign_flow_create(), `blob_hash` the stored signed PDF. The owner
 * swaps its file in the same transaction. 0, or -1 to refuse (nothing
 * is changed, the upload is refused with a server error).
 */
typedef int (*sign_flow_handler)(struct db *db, int64_t owner_id,
	    const char *blob_hash);

/* Register the handler of `owner_kind` (a string constant, e.g.
 * "docs.file"). Call at start-up, before serving. 0, or -1 when the
 * table is full or the kind is already taken. */
int	 sign_flow_on_signed(const char *owner_kind, sign_flow_handler fn);

/*
 * Create a request for `person_id` to sign the stored PDF `blob_hash`
 * in `role` (SIGN_ROLE_LEADER or SIGN_ROLE_SEAL) for the owner
 * (`owner_kind` with a registered handler, `owner_id`), open for `ttl`
 * seconds (1 to SIGN_FLOW_TTL_MAX). Writes inside the caller's
 * transaction (the caller records its own audit row). The request's id
 * into `*id`, the one-time token into `token_out` (shown once: only its
 * hash is kept; the signer can have a new one issued on the request's
 * page). 0 or -1.
 */
int	 sign_flow_create(struct db *db, const char *blob_hash,
	    int64_t person_id, enum sign_role role, const char *owner_kind,
	    int64_t owner_id, int ttl, int64_t *id,
	    char token_out[SIGN_TOKEN_HEX]);
/* Cancel an open request (inside the caller's transaction). 0, or -1
 * when there is no open request `id`. */
int	 sign_flow_cancel(struct db *db, int64_t id);
/* The state of request `id`: "open", "signed", "expired" or "cancelled"
 * into `state`, and when signed the stored signed PDF into `signed_hash`
 * (else ""). 0, 1 when there is no such request, -1. */
int	 sign_flow_state(struct db *db, int64_t id, char state[16],
	    char signed_hash[65]);

/* ---- Web ------------------------------------------------------------ */

/*
 * Routes and menu entries: the verification page (/ky-so/kiem-tra) and
 * POST /api/v1/pdf/verify for everyone signed in; signing on the
 * signer's own PC: the tool's /ky-so/tep/{token} (no session), the
 * requests' pages (/ky-so/yeu-cau) and API (/api/v1/sign/requests), the
 * certificates one signs with (/ky-so/chung-thu, /api/v1/sign/certs),
 * and the handler of the self-service owner kind; the trust store's
 * pages (/quan-tri/kho-chung-thu) for people holding one of
 * `admin_roles` (none registered when it is 0). Call at start-up.
 */
void	 sign_register(unsigned admin_roles);

/*
 * For other modules' pages about a stored PDF: check its signatures
 * against the data folder's trust store (sign_web_verify), then write
 * the verification page's verdict and one section per signature into
 * the page being built, or give one signature as the JSON object of
 * POST /api/v1/pdf/verify.
 */
struct req;
int	 sign_web_verify(struct req *r, const char *path,
	    struct sign_check **res, size_t *n, char *err, size_t errlen);
void	 sign_web_sections(struct req *r, const struct sign_check *res,
	    size_t n);
json_t	*sign_check_json(const struct sign_check *c);

/* ---- Command line -------------------------------------------------- */

/* `congso pdf sign|verify|info ...`; argv[0] is "pdf". Exit status. */
int	 sign_cli_pdf(int argc, char **argv);
/* Help for `congso help pdf`, on standard output. */
void	 sign_usage_pdf(void);

#endif
