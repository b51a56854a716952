/*
 * hub_int.h - what the files of the hub module share: members, the
 * rules of codes and keys (hub_rules.c), the SQL (hub_db.c), accepting a
 * package (hub_recv.c) and pushing it on (hub_forward.c).
 */
#ifndef CONGSO_HUB_INT_H
#define CONGSO_HUB_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/db.h"
#include "hub/hub.h"

#define HUB_ERR_MAX		512
#define HUB_NAME_MAX		200	/* bytes of a member's name */
#define HUB_URL_MAX		1000	/* bytes of a push URL */
#define HUB_CODES_MAX		64	/* codes of one member */
#define HUB_CODE_MAX		13	/* bytes of a code, 000.00.00.H55 */
#define HUB_KEY_LEN		44	/* "hub_" + 8 + 32 hex */
#define HUB_FORWARD_MAX		8	/* pushes tried (the job queue's) */
#define HUB_PUSH_BATCH		32	/* pushes at once by one job */
#define HUB_REASON_MAX		500	/* bytes of a reason kept */

/* A member. Strings live in the arena given to the reader. */
struct hub_member {
	int64_t		 id;
	const char	*name;
	const char	*url;		/* "" for a pull member */
	const char	*codes;		/* "H41,000.00.00.H55" */
	const char	*cert_sha256;	/* "" when none is pinned */
	const char	*cert_subject;
	long		 created_at;
	long		 removed_at;	/* 0: live */
	int64_t		 waiting;	/* deliveries waiting */
	int64_t		 delivered;
};

/* What a new member is made of. `codes` are checked by
 * hub_code_valid(); `cert_pem` may be NULL. */
struct hub_member_new {
	const char	*name;
	const char	*codes[HUB_CODES_MAX];
	int		 ncodes;
	const char	*url;		/* NULL or "" for pull */
	const char	*cert_pem;	/* NULL: no pinned certificate */
	size_t		 cert_len;
};

/* Who acts, for the audit log. */
struct hub_actor {
	int64_t		 id;
	const char	*name;
	const char	*ip;
};

/* ---- rules (hub_rules.c) -------------------------------------------- */

/* Upper-case `in` into `out` (HUB_CODE_MAX + 1) and check it is an agency
 * code (000.00.00.H55) or one of its suffixes at a dot (H55, 00.H55,
 * 12.00.H55). 0, or -1 with a Vietnamese reason in `why`. */
int	 hub_code_norm(const char *in, char out[HUB_CODE_MAX + 1],
	    const char **why);
/* How well `pattern` answers for `code`: 0 not at all, otherwise a rank
 * (an exact code outranks any suffix, a longer suffix a shorter one). */
int	 hub_code_rank(const char *pattern, const char *code);
/* A new API key into `key` (HUB_KEY_LEN + 1) and its prefix (9). 0/-1. */
int	 hub_key_new(char key[HUB_KEY_LEN + 1], char prefix[9]);
/* The prefix of a key as sent; -1 when it is not shaped as one. */
int	 hub_key_prefix(const char *key, char prefix[9]);
/* Whether `url` is an http(s) URL without spaces, at most HUB_URL_MAX. */
int	 hub_url_valid(const char *url);
/* "05/03/2026 08:02" (Vietnam time) of `t` into the arena; "-" for 0. */
const char *hub_vn_time(struct arena *a, long t);
/* Vietnamese label of an outcome or delivery state. */
const char *hub_state_label(const char *state);

/* ---- store (hub_db.c) ----------------------------------------------- */

/* Step `st` (prepared and bound) for one row and reset it: the row's
 * first column into `*v`, left alone when there is no row. 0, 1 when
 * there is no row, -1 on error. */
int	 hub_step_int(sqlite3_stmt *st, int64_t *v);
/* The same for a text column, copied into `out` (`len` bytes). */
int	 hub_step_text(sqlite3_stmt *st, char *out, size_t len);

/* 1 when this instance serves as a hub, 0 when not, -1 on error. */
int	 hub_enabled(struct db *db);
/* Whether package files are kept after delivery (hub.keep_packages). */
int	 hub_keep_packages(struct db *db);
/* Whether a package must be signed (hub.require_signature). */
int	 hub_require_signature(struct db *db);
/* Set hub.enabled or hub.keep_packages to "0" or "1" with an audit row,
 * in its own transaction. 0 or -1. */
int	 hub_setting_set(struct db *db, const struct hub_actor *who,
	    const char *key, const char *value);

/* Create a member in one transaction with its audit row: the key into
 * `key` (shown once), its id into `*id`. 0; -1 with `err` (Vietnamese)
 * for bad input (a code taken, a bad certificate); -2 on a database
 * error. */
int	 hub_member_create(struct db *db, const struct hub_actor *who,
	    const struct hub_member_new *m, char key[HUB_KEY_LEN + 1],
	    int64_t *id, char *err, size_t errlen);
/* Changes to a member; NULL (or -1 for `ncodes`) keeps a field. */
struct hub_member_edit {
	const char	*name;
	const char	*url;		/* "": the member fetches (pull) */
	const char	*codes[HUB_CODES_MAX];
	int		 ncodes;	/* -1: unchanged; else replaces all */
	const char	*cert_pem;	/* a new pinned certificate */
	size_t		 cert_len;
	int		 cert_clear;	/* unpin */
	int		 new_key;	/* issue a new key (the old one stops) */
};
/* Change live member `id` in one transaction with its audit row. When
 * the URL turns a pull member into a push one (or back), its waiting
 * packages follow (push jobs are queued). A new key, when asked for,
 * goes to `key` (shown once), else key[0] is NUL. 0; 1 when there is
 * no live member `id`; -1 with `err` for bad input; -2 on a database
 * error. */
int	 hub_member_update(struct db *db, const struct hub_actor *who,
	    int64_t id, const struct hub_member_edit *e,
	    char key[HUB_KEY_LEN + 1], char *err, size_t errlen);
/* Remove a live member: its codes are freed, its key stops working, its
 * waiting deliveries fail. 0, 1 when there is no live member `id`, -1. */
int	 hub_member_remove(struct db *db, const struct hub_actor *who,
	    int64_t id);
/* Push now the deliveries waiting for the live push member `id` (after
 * its system was down): their attempts counted from 0 again and their
 * jobs due now, so that the hub pushes them together; audited, and the
 * job worker woken. The number of deliveries into `*n`. 0; 1 when there
 * is no live member `id`; 2 when it takes its packages itself (pull);
 * -1. */
int	 hub_member_push_now(struct db *db, const struct hub_actor *who,
	    int64_t id, int *n);
/* Members (removed ones too when `all`), newest first, into `*out`
 * (arena). The count, or -1. */
int	 hub_members_list(struct db *db, struct arena *a, int all,
	    struct hub_member **out);
/* Member `id` into `m` (arena). 0, 1 when none, -1. */
int	 hub_member_get(struct db *db, struct arena *a, int64_t id,
	    struct hub_member *m);
/* The live member holding API key `key` (compared in constant time by
 * hash) into `m`. 0, 1 when the key is unknown, -1. */
int	 hub_member_by_key(struct db *db, struct arena *a, const char *key,
	    struct hub_member *m);
/* The live member answering for `code` (exact code, then the longest
 * suffix). Its id, 0 when none, -1 on error. */
int64_t	 hub_route(struct db *db, const char *code);

/* A package as logged. */
struct hub_msg {
	int64_t		 id;
	long		 received_at;
	int64_t		 member_id;
	const char	*member_name;
	const char	*ip;
	const char	*kind;		/* "doc", "status" or "" */
	const char	*from_code;
	const char	*to_codes;
	const char	*document_id;
	const char	*status_code;	/* NULL for a document */
	char		 sha256[65];
	int64_t		 size;
	int		 sig_present, sig_intact, sig_trusted;
	const char	*signer;
	const char	*cert_sha256;
	const char	*outcome;	/* "accepted" or "refused" */
	const char	*reason;
	int		 status;	/* HTTP status answered */
	int		 repeats;
	const char	*blob;		/* NULL when not kept */
};

/* A delivery of a package to a member. */
struct hub_delivery {
	int64_t		 id;
	int64_t		 message_id;
	int64_t		 member_id;
	const char	*member_name;
	const char	*codes;
	const char	*mode;		/* "push" or "pull" */
	const char	*state;		/* waiting, delivered, failed */
	const char	*reason;
	int		 attempts;
	long		 updated_at;
};

/* Log a refused package (own transaction). 0 or -1. */
int	 hub_msg_refused(struct db *db, const struct hub_msg *m);
/* The id of the accepted package with `sha256`, counting a repeat when
 * `count` (in a transaction of its own: call it outside one); 0 when
 * there is none, -1. */
int64_t	 hub_msg_accepted_id(struct db *db, const char *sha256, int count);
/* Insert an accepted package (inside the caller's transaction); its id
 * into m->id. 0, 1 when the same bytes were accepted meanwhile, -1. */
int	 hub_msg_insert(struct db *db, struct hub_msg *m);
/* Add a delivery of message `msg` to `member` for `codes` (inside the
 * caller's transaction), queueing its push job when `push`. 0 or -1. */
int	 hub_delivery_add(struct db *db, int64_t msg, int64_t member,
	    const char *codes, int push);

/* A waiting package of a pull member's list. */
struct hub_waiting {
	int64_t		 id;		/* the message id */
	char		 sha256[65];
	const char	*kind, *from_code, *to_code, *document_id;
	const char	*status_code;
	int64_t		 size;
	long		 received_at;
};
/* The pull list of `member`: waiting packages with id > `after`, oldest
 * first, at most `limit`, into `*out` (arena); the total waiting into
 * `*total`. The count, or -1. */
int	 hub_waiting_list(struct db *db, struct arena *a, int64_t member,
	    int64_t after, int limit, struct hub_waiting **out,
	    int64_t *total);
/* Message `msg` as addressed to `member` (any state): its stored blob
 * into `blob` ("" when dropped). 0, 1 when not addressed to it, -1. */
int	 hub_delivery_blob(struct db *db, int64_t msg, int64_t member,
	    char blob[65]);
/* Record a member's acknowledgement (`done` 1, or 0 with `reason`) of
 * `msg`, or a push's outcome, in one transaction; drops the file when
 * nothing waits for it any more and packages are not kept. 0, 1 when
 * `msg` is not addressed to `member`, 2 when already finished
 * otherwise, -1. */
int	 hub_delivery_finish(struct db *db, int64_t msg, int64_t member,
	    int done, const char *reason);
/* The same inside the caller's transaction, so that several outcomes
 * share one commit: the file to unlink once it is committed into `path`
 * (`len` bytes; "" when none). */
int	 hub_delivery_finish_in(struct db *db, int64_t msg, int64_t member,
	    int done, const char *reason, char *path, size_t len);
/* Count a failed push attempt with its reason; the attempts so far into
 * `*attempts`. 0 or -1. */
int	 hub_delivery_retry(struct db *db, int64_t msg, int64_t member,
	    const char *reason, int *attempts);

/* What a push needs: the member's URL, the state and the file. */
struct hub_push {
	char		 url[HUB_URL_MAX + 1];
	char		 state[16];
	char		 blob[65];
	int		 member_live;
};
/* 0, 1 when there is no such delivery, -1. */
int	 hub_push_get(struct db *db, int64_t msg, int64_t member,
	    struct hub_push *p);
/* Up to `max` push deliveries waiting for their first attempt to a live
 * member, oldest first, other than (`msg`, `member`), into `msgs` and
 * `members`. The count, or -1. */
int	 hub_push_waiting(struct db *db, int64_t msg, int64_t member,
	    int64_t *msgs, int64_t *members, int max);

/* A search of the log. Empty strings are not applied. */
struct hub_query {
	const char	*q;		/* code, document id or sha256 prefix */
	const char	*code;		/* from or to */
	const char	*document_id;
	const char	*sha256;
	/* accepted, refused (the package), or waiting, delivered,
	 * failed (one of its deliveries) */
	const char	*outcome;
	long		 since, until;	/* received_at range; 0 open */
	int64_t		 member_id;	/* 0 any */
	int		 limit, offset;
};
/* Packages matching `q`, newest first, into `*out` (arena), the total
 * into `*total`. The count, or -1. */
int	 hub_log_search(struct db *db, struct arena *a,
	    const struct hub_query *q, struct hub_msg **out, int64_t *total);
/* The deliveries of message `msg` into `*out` (arena). Count or -1. */
int	 hub_msg_deliveries(struct db *db, struct arena *a, int64_t msg,
	    struct hub_delivery **out);

/* ---- receiving (hub_recv.c) ----------------------------------------- */

/* The outcome of offering a package. */
struct hub_result {
	int		 status;	/* HTTP status to answer */
	const char	*code;		/* error code, NULL when accepted */
	char		 message[HUB_ERR_MAX];
	int64_t		 id;
	char		 sha256[65];
	int		 duplicate;
};
/* Accept the package file at `path` (an upload in the data folder's tmp/,
 * flushed, moved into the blob store when accepted; `sha256` its hash
 * computed as it arrived, or NULL) from member `from` at `ip`. Never
 * fails without filling `res`. */
void	 hub_receive(struct db *db, const struct hub_member *from,
	    const char *ip, char *path, const char *sha256,
	    struct hub_result *res);

/* ---- forwarding (hub_forward.c) ------------------------------------- */

/* The job "hub.forward" {"message":ID,"member":ID}. */
int	 hub_job_forward(struct db *db, const char *payload, struct buf *err);

/* ---- web (hub_api.c, hub_page.c) ------------------------------------ */

void	 hub_api_register(void);
void	 hub_page_register(void);
/* JSON of a log row (with its deliveries). */
json_t	*hub_msg_json(struct db *db, struct arena *a,
	    const struct hub_msg *m);
/* Parse "dd/mm/yyyy" or "yyyy-mm-dd" as the start of that day in Vietnam
 * (Unix seconds); `end` gives the start of the next day. -1 when bad. */
long	 hub_parse_day(const char *s, int end);

#endif
