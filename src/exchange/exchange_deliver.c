/* exchange_deliver.c - the outbox: the job "exchange.deliver"
 * {"package":ID} posts a stored package to the peer that answers for its
 * receiver (libcurl, the file streamed, timeouts set, HTTPS verified)
 * and reads the transport acknowledgement: 200 {"ack":"done"} sent, 4xx
 * failed for good (the reason kept), 5xx or a network error retried
 * with the job queue's backoff, EXCHANGE_ATTEMPTS_MAX times at most.
 *
 * The job queue runs one job at a time, and a delivery mostly waits for
 * the peer, which verifies and registers the package before it answers:
 * one after the other, a burst (a document to many bodies of another
 * province, an outbox after the link was down) went at the pace of one
 * round trip. So a job also posts, at the same moment, up to
 * SEND_BATCH - 1 other packages still waiting for their first attempt,
 * each the oldest waiting for its document and receiver (their order
 * kept). Each keeps its own job: when it runs and finds its package
 * sent, it does nothing; one that did not go through here is left to it,
 * the attempt not counted. A peer answers a package it already has as
 * done, so a post repeated after a crash registers nothing twice. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/blob.h"
#include "core/curl_conn.h"
#include "core/jobs.h"
#include "core/log.h"
#include "exchange_int.h"

#define ANSWER_MAX	(64 * 1024)

CURL *
exchange_curl(const struct exchange_peer *peer)
{
	CURL *c;

	if ((c = curl_easy_init()) == NULL)
		return NULL;
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 300L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (peer->ca_file && *peer->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, peer->ca_file);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "congso-exchange");
	curl_conn_keep(c);
	return c;
}

#define SEND_BATCH	8

/* One package on its way. */
struct send {
	struct exchange_pkg	 p;
	struct exchange_peer	 peer;
	int			 attempts;	/* this one counted */
	struct curl_post	 post;
};

/* Prepare the POST of `x`'s stored package to its peer. 0, or -1 with
 * the reason in `why` (and nothing held). */
static int
send_setup(struct db *db, struct send *x, struct buf *why)
{
	char auth[600];
	int hub = strcmp(x->peer.kind, "hub") == 0;
	FILE *f;

	if ((f = blob_fopen(db, x->p.sha256)) == NULL) {
		buf_adds(why, "không mở được tệp gói");
		return -1;
	}
	if (hub && *x->peer.api_key)
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
		    x->peer.api_key);
	if (curl_post_init(&x->post, exchange_curl(&x->peer), f, x->peer.url,
	    hub ? "/api/v1/hub/packages" : "/api/v1/exchange/packages",
	    hub && *x->peer.api_key ? auth : NULL, ANSWER_MAX) < 0) {
		buf_adds(why, "không chuẩn bị được yêu cầu gửi");
		return -1;
	}
	return 0;
}

/* What came of `x`'s post: 0 done, 1 refused (4xx), -1 to try again; the
 * reason in `why`. */
static int
send_outcome(const struct send *x, struct buf *why)
{
	char reason[512];
	int v = curl_post_verdict(&x->post, NULL, reason, sizeof(reason));

	if (v != 0)
		buf_adds(why, reason);
	return v;
}

/* Other packages to post with the job's own `x[0]`: up to `max` never
 * tried, each the oldest waiting for its document and receiver, none for
 * the same document and receiver as another of the batch, each with one
 * of the `np` peers `peers`. How many were added after x[0]. */
static int
extras(struct db *db, struct arena *a, struct send *x, int max,
    const struct exchange_peer *peers, int np)
{
	int64_t ids[SEND_BATCH];
	int n, i, k = 0;
	struct send *y;

	if ((n = exchange_pkgs_waiting(db, &x[0].p, ids, max)) <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		y = &x[1 + k];
		memset(y, 0, sizeof(*y));
		if (exchange_pkg_get(db, a, ids[i], &y->p) < 0 ||
		    strcmp(y->p.state, "queued") != 0 || y->p.attempts != 0 ||
		    exchange_peer_pick(a, peers, np, y->p.to_code,
		    &y->peer) != 0)
			continue;
		y->attempts = 1;
		k++;
	}
	return k;
}

/* The wait before the next attempt: the job queue's backoff (30 s
 * doubling, at most 1 h) times the setting jobs.backoff_scale. */
static int
retry_delay(struct db *db, int attempts)
{
	struct arena a = ARENA_INIT;
	const char *v = exchange_setting(db, &a, "jobs.backoff_scale");
	double scale = v ? atof(v) : 1.0;
	int s;

	arena_release(&a);
	if (scale <= 0 || scale > 1000)
		scale = 1.0;
	s = (int)(jobs_backoff(attempts) * scale);
	return s < 1 ? 1 : s;
}

/* The package's state in a transaction of its own: every write of the
 * server joins the shared writer (see db.h). Lazy: the job that sends
 * the package is settled in a later transaction, lost with this one to a
 * power failure, and then runs again (a peer answers a package it has
 * already taken as done). */
static int
set_state(struct db *db, int64_t id, const char *state, int attempts,
    const char *error, const char *url)
{
	if (db_begin(db) < 0)
		return -1;
	if (exchange_pkg_state(db, id, state, attempts, error, url) < 0 ||
	    db_commit_lazy(db) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* Record what came of the batch's other packages (x[1] .. x[n-1]), in
 * the caller's transaction: sent, refused for good, or left to their own
 * jobs. 0 or -1. */
static int
record_extras(struct db *db, struct send *x, int n)
{
	struct buf why = BUF_INIT;
	int i, out, res = 0;

	for (i = 1; i < n && res == 0; i++) {
		buf_reset(&why);
		if (x[i].post.c == NULL)
			out = -1;	/* never left */
		else
			out = send_outcome(&x[i], &why);
		if (out == 0)
			res = exchange_pkg_state(db, x[i].p.id, "sent", 1, "",
			    x[i].post.url);
		else if (out > 0)
			res = exchange_pkg_state(db, x[i].p.id, "failed", 1,
			    why.data, x[i].post.url);
		else
			res = exchange_pkg_state(db, x[i].p.id, "queued", 0,
			    why.data ? why.data : "", NULL);
	}
	buf_release(&why);
	return res;
}

int
exchange_job_deliver(struct db *db, const char *payload, struct buf *err)
{
	struct arena a = ARENA_INIT;
	struct send x[SEND_BATCH];
	struct exchange_peer *peers;
	struct buf why = BUF_INIT;
	struct curl_post *posts[SEND_BATCH];
	json_t *j;
	int64_t id;
	int i, n, np, r, attempts, retry = 0, result = 0;

	j = json_loads(payload, 0, NULL);
	id = j ? json_integer_value(json_object_get(j, "package")) : 0;
	json_decref(j);
	memset(x, 0, sizeof(x));
	if (id <= 0 || exchange_pkg_get(db, &a, id, &x[0].p) < 0 ||
	    strcmp(x[0].p.direction, "out") != 0 ||
	    (strcmp(x[0].p.state, "queued") &&
	    strcmp(x[0].p.state, "sending"))) {
		arena_release(&a);
		return 0;	/* nothing to send (sent with another's job) */
	}
	attempts = x[0].attempts = x[0].p.attempts + 1;
	/* The peer table once for the batch. */
	if ((np = exchange_peers(db, &a, &peers)) < 0)
		r = -1;
	else
		r = exchange_peer_pick(&a, peers, np, x[0].p.to_code,
		    &x[0].peer);
	if (r != 0) {
		if (r < 0) {
			buf_adds(err, db_errmsg(db));
			arena_release(&a);
			return -1;
		}
		(void)set_state(db, id, "failed", attempts, "Không có máy"
		    " ngang hàng nào nhận gói cho mã định danh này (thêm bằng"
		    " congso peer add)", NULL);
		arena_release(&a);
		return 0;
	}
	n = 1 + extras(db, &a, x, SEND_BATCH - 1, peers, np);
	/* Every one of them "sending" first, in one transaction. */
	if (db_begin(db) < 0) {
		buf_adds(err, db_errmsg(db));
		arena_release(&a);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (exchange_pkg_state(db, x[i].p.id, "sending", x[i].attempts,
		    x[i].p.last_error, NULL) < 0)
			break;
	if (i < n || db_commit_lazy(db) < 0) {
		db_rollback(db);
		buf_adds(err, "package state");
		arena_release(&a);
		return -1;
	}
	for (i = 0; i < n; i++) {
		buf_reset(&why);
		if (send_setup(db, &x[i], &why) < 0 && i == 0)
			buf_printf(err, "package file: %s", why.data);
		posts[i] = &x[i].post;
	}
	curl_conn_perform_all(posts, n);
	buf_reset(&why);
	if (db_begin(db) < 0 || record_extras(db, x, n) < 0)
		goto fail;
	if (x[0].post.c == NULL) {
		/* Its stored file could not be opened: the job queue tries
		 * the job again; the attempt is not the peer's fault. */
		r = exchange_pkg_state(db, id, "queued", x[0].p.attempts,
		    x[0].p.last_error, NULL);
		result = -1;
	} else if ((r = send_outcome(&x[0], &why)) == 0)
		r = exchange_pkg_state(db, id, "sent", attempts, "",
		    x[0].post.url);
	else if (r > 0)
		r = exchange_pkg_state(db, id, "failed", attempts, why.data,
		    x[0].post.url);
	else if (attempts >= EXCHANGE_ATTEMPTS_MAX) {
		buf_printf(err, "%s", why.data);
		r = exchange_pkg_state(db, id, "failed", attempts, why.data,
		    x[0].post.url);
	} else {
		/* Retried by a new job of its own, so that the package's
		 * attempts, not the job row's, decide when to give up. */
		retry = 1;
		r = exchange_pkg_state(db, id, "queued", attempts, why.data,
		    x[0].post.url) < 0 || jobs_enqueue(db, "exchange.deliver",
		    payload, retry_delay(db, attempts)) < 0 ? -1 : 0;
		log_warn("package %" PRId64 " to %s, attempt %d: %s", id,
		    x[0].post.url, attempts, why.data);
		buf_printf(err, "package %" PRId64 " to %s: %s", id,
		    x[0].post.url, why.data);
	}
	/* Lazy, as the state before: lost to a power failure, the
	 * packages are sent again and the peer answers them as done. */
	if (r < 0 || (retry ? db_commit(db) : db_commit_lazy(db)) < 0)
		goto fail;
	goto out;	/* `result` as set */
fail:
	db_rollback(db);
	result = -1;
out:
	for (i = 0; i < n; i++)
		curl_post_release(&x[i].post);
	buf_release(&why);
	arena_release(&a);
	return result;
}

int
exchange_retry(struct db *db, int64_t id)
{
	struct arena a = ARENA_INIT;
	struct exchange_pkg p;
	int rc = 1;

	if (exchange_pkg_get(db, &a, id, &p) == 0 &&
	    strcmp(p.direction, "out") == 0 && strcmp(p.state, "failed") == 0) {
		rc = exchange_pkg_state(db, id, "queued", 0, p.last_error,
		    NULL) < 0 || exchange_queue(db, id) < 0 ? -1 : 0;
	}
	arena_release(&a);
	return rc;
}
