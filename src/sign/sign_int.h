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
/* What the PKCS#11 backend did since the process started (for tests and
 * the benchmark): modules initialised, sessions opened, C_Login calls,
 * signatures made again on a fresh open, modules initialised again to
 * look for tokens afresh, and entries kept now. */
struct sign_p11_stats {
	unsigned long	 inits, sessions, logins, reopens, rescans, kept;
};
void	 sign_p11_stats(struct sign_p11_stats *out);

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

/* Parsed files kept while unchanged (sign_cache.c): a PEM private key
 * (EVP_PKEY) or the certificates of a PEM file (STACK_OF(X509)). */
enum sign_cache_kind { SIGN_CACHE_KEY, SIGN_CACHE_CERTS, SIGN_CACHE_MAX };
struct stat;
/* A new reference to what `path` (as `st` describes it) held when it
 * was put, or NULL. */
void	*sign_cache_get(enum sign_cache_kind kind, const char *path,
	    const struct stat *st);
/* Keep a reference to `obj`, read from `path` described by `st`. */
void	 sign_cache_put(enum sign_cache_kind kind, const char *path,
	    const struct stat *st, void *obj);

/* Read every certificate of a PEM file into a new stack. 0 or -1. */
int	 sign_read_certs(const char *path, STACK_OF(X509) **out, char *err,
	    size_t errlen);

/* `congso pdf bench ...` (sign_bench.c); argv[1] is "bench". */
int	 sign_cli_bench(int argc, char **argv);

/* ---- the trust store (sign_trust.c) ----------------------------------- */

/* Read the certificates and CRLs of an imported file (PEM, or one DER)
 * into `*out` (`*n` items, each with its DER; free with
 * sign_trust_items_free()). CRLs are checked against the CA certificates
 * of the file and of `known` (may be NULL). 0 or -1. */
int	 sign_trust_parse(const void *data, size_t len, STACK_OF(X509) *known,
	    struct sign_trust_item **out, size_t *n, char *err, size_t errlen);
void	 sign_trust_items_free(struct sign_trust_item *items, size_t n);
/* Add one DER item to a store. 0 or -1. */
int	 sign_store_add_der(X509_STORE *st, enum sign_trust_kind kind,
	    const unsigned char *der, size_t len);
/* Add the certificates and CRLs of a PEM file. 0 or -1. */
int	 sign_store_add_pem_file(X509_STORE *st, const char *path, char *err,
	    size_t errlen);
/* Check chains against the store's CRLs (issuers without one pass). */
void	 sign_store_crl_checks(X509_STORE *st);

/* ---- the web (sign_page.c, sign_api.c) ------------------------------ */

/* The JSON routes. */
void	 sign_api_register(unsigned admin_roles);

/* Errors with a message in the caller's buffer. Returns -1. */
int	 sign_err(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* The timestamp of an RFC 3161 server over the signature of `si`, added
 * as the unsigned attribute signature-time-stamp-token (sign_tsa.c). */
int	 sign_tsa_stamp(CMS_SignerInfo *si, const char *url, const EVP_MD *md,
	    char *err, size_t errlen);
/* Check a timestamp token (DER ContentInfo): its own signature, and its
 * signer's certificate made for timestamping. The signer (up-ref'd, the
 * caller frees) into `*signer` when not NULL. 0 or -1. */
int	 sign_tsa_token_check(const unsigned char *der, size_t len,
	    X509 **signer, char *err, size_t errlen);

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
/* The same with data already Flate-compressed. 0 or -1. */
int	 sign_upd_stream_z(struct sign_upd *u, uint32_t num, const char *dict,
	    const void *z, size_t zlen);

/*
 * The appearance of a signature widget `w` × `h` points: a form
 * XObject (and its font and images) written into `u`; its number in
 * `*ap`. Text: the signer's name and the signing time; images per role
 * (sign_appear.c). 0 or -1.
 */
int	 sign_appear(struct sign_upd *u, const struct sign_opts *o,
	    const char *signer, time_t when, double w, double h,
	    uint32_t *ap, char *err, size_t errlen);

/* ---- the number and date stamped at issue (sign_stamp.c) ---------- */

/* The /NM of a stamp annotation starts with this, then the name of the
 * signature field whose signature covers it. */
#define SIGN_STAMP_NM	"congso-stamp:"

/* Read "YYYY-MM-DD" or "dd/mm/yyyy" into a valid calendar date. 0 or -1. */
int	 sign_parse_date(const char *s, int *y, int *m, int *d);
/* The date line of Nghị định 30/2020: "Thái Nguyên, ngày 05 tháng 3 năm
 * 2026" (a leading zero for days below 10 and for months 1 and 2);
 * "Ngày ..." without a place. 0, or -1 when `out` is too small. */
int	 sign_stamp_date(const char *place, int y, int m, int d, char *out,
	    size_t len);
/* The default rectangles of the number and the date on a page whose
 * MediaBox is `box` (the fourth line of the header, Phụ lục I). */
void	 sign_stamp_place(const double box[4], double num[4], double date[4]);
/* Form XObjects for "Số: <number>" in a `nr`-sized box and the date
 * line (italic) in a `dr`-sized one, sharing one serif font subset;
 * either text may be NULL (its number is then 0). 0 or -1. */
int	 sign_stamp_appear(struct sign_upd *u, const char *number,
	    const double nr[4], const char *date, const double dr[4],
	    uint32_t *nap, uint32_t *dap, char *err, size_t errlen);

struct pdf_sig;
/* Check the CMS of signature `s` (the byte ranges read from `fd`; -1 to
 * skip the digest; `sha256`, when not NULL, their SHA-256 digest made
 * already) into `c`: signer, digest, signature value, time, timestamp,
 * and the chain when `store` is set (sign_verify.c). */
void	 sign_check_cms(int fd, const struct pdf_sig *s,
	    const unsigned char *sha256, X509_STORE *store,
	    struct sign_check *c);

/* Append a text string as a PDF hex string in UTF-16BE with a BOM. */
int	 sign_pdf_text(struct buf *b, const char *utf8);

/* ---- signing on the signer's PC (sign_flow*.c, sign_pcert.c) -------- */

struct db;

/* A signing request as read back (sql/007_sign_flow.sql). `state` is
 * "expired" for an open request past its expiry. `filename` is the
 * self-service file's name, or "". */
struct sign_req {
	int64_t		 id;
	char		 blob_hash[65];
	int64_t		 size;
	int64_t		 person_id;
	enum sign_role	 role;
	char		 owner_kind[SIGN_OWNER_KIND_MAX];
	int64_t		 owner_id;
	char		 state[16];
	int64_t		 created_by;
	time_t		 created_at, expires_at, closed_at;
	char		 signed_hash[65];
	char		 cert_sha256[65];
	char		 signer[256];
	char		 filename[256];
};

/* The SQL (sign_flow_db.c). Lookups return 0 when found, 1 when not,
 * -1 on a database error. */
int	 sign_req_insert(struct db *db, const struct sign_req *q,
	    const char *token_hash, int64_t *id);
int	 sign_req_get(struct db *db, int64_t id, struct sign_req *q);
int	 sign_req_by_token(struct db *db, const char *token_hash,
	    struct sign_req *q);
/* Requests `person` must sign or asked for, newest first, at most
 * `max`; `*out` malloc'd (caller frees). 0 or -1. */
int	 sign_req_list(struct db *db, int64_t person, size_t max,
	    struct sign_req **out, size_t *n);
/* Replace the token of open, unexpired request `id`: 1 done, 0 not
 * open, -1 error. */
int	 sign_req_set_token(struct db *db, int64_t id, const char *token_hash);
/* Close open, unexpired request `id` whose token hash is `token_hash`
 * as signed: 1 done, 0 no longer open, -1 error. */
int	 sign_req_signed(struct db *db, int64_t id, const char *token_hash,
	    const char *signed_hash, const char *cert_sha256,
	    const char *signer);
/* Mark open request `id` 'cancelled' or 'expired': 1 done, 0 not open,
 * -1 error. */
int	 sign_req_close(struct db *db, int64_t id, const char *state);
/* The size of stored blob `hash`: 0, 1 when there is none, -1. */
int	 sign_blob_size(struct db *db, const char *hash, int64_t *size);

/* Self-service files (owner kind SIGN_OWNER_SELF). */
int	 sign_self_insert(struct db *db, int64_t person, const char *filename,
	    const char *hash, int64_t *id);
/* The current file of self-service file `id`: 0, 1 none, -1. */
int	 sign_self_current(struct db *db, int64_t id, char hash[65]);
int	 sign_self_swap(struct db *db, int64_t id, const char *hash);

/* A person's registered certificate. */
struct sign_pcert {
	int64_t		 id;
	int64_t		 person_id;
	char		 sha256[65];
	char		 subject[512];
	char		 issuer[512];
	char		 serial[80];
	time_t		 not_before, not_after, added_at;
	char		 added_by[128];
};

/*
 * Register the certificate in `data` (PEM or DER, one certificate) as
 * one `person` signs with, with an audit row (`actor`, `actor_id`,
 * `ip`): not a CA's, usable for signing now (sign_cert_check()),
 * chaining to the data folder's trust store, and not already anyone's.
 * In its own transaction; the new row into `*out`. 0 or -1.
 */
int	 sign_pcert_add(struct db *db, int64_t person, const void *data,
	    size_t len, const char *actor, int64_t actor_id, const char *ip,
	    struct sign_pcert *out, char *err, size_t errlen);
/* The certificates of `person`, newest first; `*out` malloc'd. 0/-1. */
int	 sign_pcert_list(struct db *db, int64_t person, struct sign_pcert **out,
	    size_t *n);
/* Remove certificate `id` of `person`, with an audit row. 0, or -1
 * (err says why). */
int	 sign_pcert_remove(struct db *db, int64_t person, int64_t id,
	    const char *actor, int64_t actor_id, const char *ip, char *err,
	    size_t errlen);
/* SQL of the above (sign_flow_db.c). */
int	 sign_pcert_insert(struct db *db, const struct sign_pcert *c,
	    const unsigned char *der, size_t derlen, int64_t *id);
int	 sign_pcert_get(struct db *db, int64_t person, int64_t id,
	    struct sign_pcert *c);
int	 sign_pcert_delete(struct db *db, int64_t id);
/* Whether `sha256` is a certificate of `person`: 1 yes, 0 no, -1. */
int	 sign_pcert_of(struct db *db, int64_t person, const char *sha256);
/* Who owns certificate `sha256` (0 nobody), or -1. */
int64_t	 sign_pcert_owner(struct db *db, const char *sha256);

/* The rules of the flow (sign_flow.c). */
const char *sign_role_code(enum sign_role r);
const char *sign_role_label(enum sign_role r);
/* "open", ... in Vietnamese. */
const char *sign_state_label(const char *state);
/* A new token for open request `id` (the old one stops working). 0, 1
 * when the request is not open, -1. */
int	 sign_flow_issue(struct db *db, int64_t id, char token[SIGN_TOKEN_HEX]);
/* Create a request as sign_flow_create() does, naming its creator. */
int	 sign_flow_insert(struct db *db, const char *blob_hash,
	    int64_t person_id, enum sign_role role, const char *owner_kind,
	    int64_t owner_id, int ttl, int64_t created_by, int64_t *id,
	    char token_out[SIGN_TOKEN_HEX]);

/*
 * A request for `person` to sign a PDF they upload themselves (the file
 * at `path`, in the data folder's tmp/): the file stored, a
 * self-service file row (owner kind SIGN_OWNER_SELF) and the request,
 * with an audit row, in one transaction. The file must be a readable
 * PDF. `path` is gone on success. 0 or -1 (err says why).
 */
int	 sign_flow_self_create(struct db *db, int64_t person,
	    const char *actor, const char *ip, const char *path,
	    const char *filename, enum sign_role role, int ttl, int64_t *id,
	    char token[SIGN_TOKEN_HEX], char *err, size_t errlen);
/* Cancel open request `q` on behalf of a person, with an audit row, in
 * its own transaction. 0, or -1 when it is not open any more. */
int	 sign_flow_withdraw(struct db *db, const struct sign_req *q,
	    int64_t actor_id, const char *actor, const char *ip);

/* Why an upload was refused: an error code, an HTTP status and a
 * Vietnamese message. */
struct sign_flow_err {
	int		 status;
	const char	*code;
	char		 msg[SIGN_ERR_MAX];
};

/*
 * Accept the signed PDF at `path` (in the data folder's tmp/) for the
 * request whose token is `token`: check it (outside any transaction),
 * then store it, close the request, call the owner's handler and write
 * the audit row in one transaction. On success `*q` is the request as
 * closed and `path` is gone (moved into the blob store). 0, or -1 with
 * `e` filled; nothing is changed then.
 */
int	 sign_flow_accept(struct db *db, const char *token, const char *path,
	    const char *ip, struct sign_req *q, struct sign_flow_err *e);

/* Routes of the flow: the tool's (sign_flow_tool.c), the pages
 * (sign_flow_page.c) and the JSON API (sign_flow_api.c). */
void	 sign_flow_tool_register(void);
void	 sign_flow_page_register(void);
void	 sign_flow_api_register(void);
/* The tool's URL for `token` ("http://host/ky-so/tep/<token>"), from the
 * request's Host (arena). */
const char *sign_flow_url(struct req *r, const char *token);
/* The self-service kind's handler (sign_flow.c), registered by
 * sign_register(). */
int	 sign_flow_self_signed(struct db *db, int64_t owner_id,
	    const char *blob_hash);

#endif
