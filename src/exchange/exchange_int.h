/*
 * exchange_int.h - what the exchange module's files share (private to
 * src/exchange/). SQL is in exchange_db.c; strings of the structs it
 * fills live in the arena passed to it.
 */
#ifndef CONGSO_EXCHANGE_INT_H
#define CONGSO_EXCHANGE_INT_H

#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/db.h"
#include "exchange.h"

#define EXCHANGE_REASON_MAX	2000

struct exchange_peer {
	int64_t		 id;
	const char	*match;
	const char	*name;
	const char	*url;
	const char	*kind;		/* direct, hub */
	const char	*api_key;	/* hub: bearer key; never shown */
	const char	*cert_sha256;	/* pinned signer, or "" */
	const char	*ca_file;	/* CA bundle for https, or "" */
	long		 created_at;
};

struct exchange_pkg {
	int64_t		 id;
	const char	*direction;	/* out, in */
	const char	*kind;		/* doc, status */
	const char	*sha256;
	int64_t		 doc_id;
	int64_t		 receipt_id;
	const char	*from_code;
	const char	*to_code;
	const char	*document_id;
	const char	*notation;
	const char	*doc_date;	/* yyyy/MM/dd */
	int		 business;
	const char	*status_code;
	long		 size;
	const char	*state;
	int		 attempts;
	const char	*last_error;
	const char	*peer_url;
	long		 created_at, updated_at, sent_at;
};

struct exchange_status_row {
	int64_t		 id;
	int64_t		 doc_id;
	const char	*recipient_code;
	const char	*status_code;
	const char	*description;
	const char	*staff;
	const char	*department;
	long		 at;
};

struct exchange_request {
	int64_t		 id;
	int64_t		 package_id;
	int64_t		 receipt_id;
	int64_t		 doc_id;
	int		 business;
	const char	*reason;
	const char	*state;
	const char	*answer;
	const char	*from_code;
	const char	*notation;
	long		 created_at, decided_at;
};

/* ---- exchange_db.c -------------------------------------------------- */

int	 exchange_peers(struct db *db, struct arena *a,
	    struct exchange_peer **out);
/* The peer answering for `code` (most specific match): 0, 1 when none,
 * -1 on error. */
int	 exchange_peer_for(struct db *db, struct arena *a, const char *code,
	    struct exchange_peer *out);
/* The same among the `n` peers `all` read before: 0 or 1. */
int	 exchange_peer_pick(struct arena *a, const struct exchange_peer *all,
	    int n, const char *code, struct exchange_peer *out);
/* Add or replace the peer of `p->match`; its id into p->id. 0 or -1. */
int	 exchange_peer_save(struct db *db, struct exchange_peer *p);
/* Remove a peer by id or by match (id 0). 0, 1 when none, -1. */
int	 exchange_peer_remove(struct db *db, int64_t id, const char *match);

/* Insert a package row; its id into p->id. 0, 1 when a package of the
 * same direction and SHA-256 exists (not refused), -1. */
int	 exchange_pkg_insert(struct db *db, struct exchange_pkg *p);
int	 exchange_pkg_get(struct db *db, struct arena *a, int64_t id,
	    struct exchange_pkg *out);
/* The package received with this SHA-256 that was not refused: 0, 1
 * when none, -1. */
int	 exchange_pkg_received(struct db *db, struct arena *a, const char *sha,
	    struct exchange_pkg *out);
/* The out packages waiting for another attempt (after the peer was down)
 * due now, their attempts counted from 0 again, so that the outbox sends
 * them together; in the caller's transaction. Call jobs_wake() once it
 * is committed. How many, or -1. */
int	 exchange_send_now(struct db *db);
/* Up to `max` packages to send never tried yet, each the oldest not
 * sent for its DocumentId and receiver, none for the DocumentId and
 * receiver of `except` (being sent), oldest first, into `ids`. Count or
 * -1. */
int	 exchange_pkgs_waiting(struct db *db, const struct exchange_pkg *except,
	    int64_t *ids, int max);
/* Set state, attempts, last error (and sent_at when state is sent). */
int	 exchange_pkg_state(struct db *db, int64_t id, const char *state,
	    int attempts, const char *error, const char *peer_url);
/* Packages by direction and state (NULL: any; "refused" for the refused
 * inbox; "outbox": out packages not sent), newest first. Count or -1. */
int	 exchange_pkgs(struct db *db, struct arena *a, const char *direction,
	    const char *state, int64_t doc_id, int limit, int offset,
	    struct exchange_pkg **out, int *total);
/* Record that a received document package made `receipt`. 0 or -1. */
int	 exchange_receipt_link(struct db *db, int64_t receipt,
	    int64_t package_id);
/* The sender's document package received for a receipt (business 0). */
int	 exchange_pkg_of_receipt(struct db *db, struct arena *a,
	    int64_t receipt, struct exchange_pkg *out);
/* The out document package of a DocumentId sent to `to_code`: 0, 1
 * when none, -1. */
int	 exchange_pkg_sent(struct db *db, struct arena *a,
	    const char *document_id, const char *to_code,
	    struct exchange_pkg *out);
/* Receipts made here from the document packages of a DocumentId that
 * `from_code` sent: count into *n (at most `max`). 0 or -1. */
int	 exchange_receipts_of(struct db *db, const char *document_id,
	    const char *from_code, int64_t *receipts, int max, int *n);

int	 exchange_status_add(struct db *db, int64_t doc_id,
	    const char *recipient, const char *code, const char *description,
	    const char *staff, const char *department, long at,
	    int64_t package_id);
int	 exchange_statuses(struct db *db, struct arena *a, int64_t doc_id,
	    struct exchange_status_row **out);
/* Record that a receipt reported `code`: 1 when it had already, 0 when
 * recorded now, -1. */
int	 exchange_receipt_mark(struct db *db, int64_t receipt,
	    const char *code);

int	 exchange_request_add(struct db *db, int64_t package_id,
	    int64_t receipt, int business, const char *reason);
/* Pending requests of the units in the caller's body (unit 0: all). */
int	 exchange_requests(struct db *db, struct arena *a, int64_t unit_id,
	    int64_t receipt, struct exchange_request **out);
int	 exchange_request_get(struct db *db, struct arena *a, int64_t id,
	    struct exchange_request *out);
int	 exchange_request_decide(struct db *db, int64_t id, int agree,
	    const char *answer, int64_t by);


/* ---- exchange_send.c ------------------------------------------------ */

/* Build, sign, store and queue one document package for each outside
 * recipient of document `doc_id` (only those pending when business is
 * 0; only `codes` when not NULL): business 0 new, 1 recall, 2 update,
 * 3 replace, with `reason` and, for an update, a new summary. Each
 * package is its own transaction. Count queued, or -1 with `err`. */
int	 exchange_send_doc(struct db *db, int64_t doc_id, int business,
	    const char *reason, const char *summary, struct buf *err);
/* Build, sign, store and queue a status package for a receipt's sender.
 * 0, 1 when the receipt has no sender outside, -1 with `err`. */
int	 exchange_send_status(struct db *db, int64_t receipt, const char *code,
	    const char *description, const char *staff, struct buf *err);
/* Queue delivery of a stored package (inside the caller's transaction). */
int	 exchange_queue(struct db *db, int64_t package_id);

/* A libcurl handle for talking to `peer`: timeouts, http(s) only, the
 * server's certificate verified (against the peer's CA file when set). */
#include <curl/curl.h>
CURL	*exchange_curl(const struct exchange_peer *peer);

/* ---- exchange_pull.c ------------------------------------------------ */

/* Job "exchange.pull": take the packages waiting at every hub peer (list,
 * fetch, receive, acknowledge), then queue itself again after the setting
 * exchange.pull_seconds (30). */
int	 exchange_job_pull(struct db *db, const char *payload, struct buf *err);

/* ---- exchange_recv.c ------------------------------------------------ */

/* The transport answer to a package received. */
struct exchange_ack {
	int		 status;	/* HTTP status */
	int		 duplicate;
	char		 sha256[65];
	const char	*code;		/* error code, NULL when done */
	char		 message[600];
};
/* Take the package file at `path` (in the data folder's tmp/, flushed to
 * disk; `sha256` its hash computed as it arrived, or NULL to read it).
 * When it is moved into the blob store, path[0] becomes NUL; otherwise
 * the file is still there for the caller to remove. */
void	 exchange_receive(struct db *db, char *path, const char *sha256,
	    struct exchange_ack *ack);

struct edxml_doc;
struct docs_exchange_in;
/* The fields of a received document package as documents takes them;
 * `date` holds the ISO date. */
void	 exchange_doc_in(const struct edxml_doc *d, char date[11],
	    struct docs_exchange_in *in);
/* Flush the attachment files the reader decoded that the blob store
 * will keep as files (blob_settle), before the transaction that stores
 * them. 0 or -1. */
int	 exchange_settle_atts(const struct edxml_doc *d);
/* Store the attachment files the reader decoded as blobs (inside the
 * caller's transaction, after exchange_settle_atts) and list them in
 * `in`. 0 or -1. */
int	 exchange_store_atts(struct db *db, struct arena *a,
	    struct edxml_doc *d, struct docs_exchange_in *in);
/* Queue the job that sends status `code` for a receipt (inside the
 * caller's transaction). 0 or -1. */
int	 exchange_queue_status(struct db *db, int64_t receipt,
	    const char *code, const char *description);

/* ---- exchange_decide.c ---------------------------------------------- */

/* Agree (1) or refuse (0) a pending request `id`, with a reason, in one
 * transaction that queues the answer 15 or 16. 0, 1 when there is no
 * pending request `id`, -1 with `err`. */
int	 exchange_decide(struct db *db, int64_t id, int agree,
	    const char *reason, int64_t actor_id, const char *actor,
	    const char *ip, struct buf *err);

/* ---- exchange_deliver.c --------------------------------------------- */

int	 exchange_job_deliver(struct db *db, const char *payload,
	    struct buf *err);
/* Queue a failed out package again (attempts from 0). 0, 1 when it is
 * not a failed out package, -1. */
int	 exchange_retry(struct db *db, int64_t id);
/* The same in a transaction of its own, written in the audit log as done
 * by `actor`, and the job worker woken. How many, or -1. */
int	 exchange_send_now_as(struct db *db, int64_t actor_id,
	    const char *actor, const char *ip);

/* ---- exchange_api.c, exchange_page.c -------------------------------- */

#include <jansson.h>

/* JSON of a document's recipients and their statuses, of a package, of
 * a peer (without its API key). */
json_t	*exchange_statuses_json(struct db *db, struct arena *a, int64_t doc);
json_t	*exchange_pkg_json(const struct exchange_pkg *p);
json_t	*exchange_peer_json(const struct exchange_peer *p);
/* The field at fault in a peer, or NULL when it may be saved. */
const char *exchange_peer_check(struct exchange_peer *p);

void	 exchange_api_register(void);
void	 exchange_page_register(void);
/* A Vietnamese label of a package state. */
const char *exchange_state_label(const char *state, int attempts);

#endif
