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
 * round trip. So a job also posts, at the same moment, other packages
 * still waiting for their first attempt, each the oldest waiting for its
 * document and receiver (their order kept), SEND_WINDOW under way at
 * once, taking more as answers come, for SEND_RUN_SECONDS at most and
 * until one of them meets trouble (left to its own job, which waits its
 * backoff). Each keeps its own job: when it runs and finds its package
 * sent, it does nothing; one that did not go through here is left to it,
 * the attempt not counted. A peer answers a package it already has as
 * done, so a post repeated after a crash registers nothing twice. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/arena.h"
#include "core/audit.h"
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

#define SEND_WINDOW		32	/* posts under way at once */
#define SEND_RUN_SECONDS	5	/* a job takes more this long */

/* One package on its way. */
struct send {
	struct exchange_pkg	 p;
	struct exchange_peer	 peer;
	int			 attempts;	/* this one counted */
	struct curl_post	 post;
	struct arena		 a;	/* an extra's p and peer */
	int			 slot;	/* an extra's: SLOT_* */
};

enum { SLOT_FREE, SLOT_TAKEN, SLOT_RUNNING, SLOT_DONE };

/* A delivery job's run: its own package and the extras posted with it. */
struct run {
	struct db		*db;
	struct exchange_peer	*peers;
	int			 np;
	struct send		*x0;
	struct send		 ex[SEND_WINDOW - 1];
	struct curl_window	 w;
	int			 more;	/* take more extras */
	time_t			 until;
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

/* In the caller's transaction: take into the free slots more packages
 * never tried, each the oldest waiting for its document and receiver,
 * none for the same document and receiver as one under way (those are
 * "sending", which the query skips along with what follows them), each
 * with one of the run's peers; mark them "sending". 0 or -1. */
static int
take_extras(struct run *run)
{
	int64_t ids[SEND_WINDOW - 1];
	int free = 0, n, i, k;
	struct send *y;

	for (k = 0; k < SEND_WINDOW - 1; k++)
		free += run->ex[k].slot == SLOT_FREE;
	if (free == 0 ||
	    (n = exchange_pkgs_waiting(run->db, &run->x0->p, ids, free)) == 0)
		return 0;
	if (n < 0)
		return -1;
	for (i = 0, k = 0; i < n; i++) {
		while (run->ex[k].slot != SLOT_FREE)
			k++;
		y = &run->ex[k];
		arena_release(&y->a);
		memset(y, 0, sizeof(*y));
		if (exchange_pkg_get(run->db, &y->a, ids[i], &y->p) < 0 ||
		    strcmp(y->p.state, "queued") != 0 || y->p.attempts != 0 ||
		    exchange_peer_pick(&y->a, run->peers, run->np, y->p.to_code,
		    &y->peer) != 0)
			continue;
		y->attempts = 1;
		if (exchange_pkg_state(run->db, y->p.id, "sending", 1,
		    y->p.last_error, NULL) < 0)
			return -1;
		y->slot = SLOT_TAKEN;
	}
	return 0;
}

/* Post the extras taken. */
static void
start_extras(struct run *run)
{
	struct buf why = BUF_INIT;
	struct send *y;
	int k;

	for (k = 0; k < SEND_WINDOW - 1; k++) {
		y = &run->ex[k];
		if (y->slot != SLOT_TAKEN)
			continue;
		buf_reset(&why);
		y->slot = send_setup(run->db, y, &why) == 0 &&
		    curl_window_add(&run->w, &y->post) == 0 ? SLOT_RUNNING :
		    SLOT_DONE;	/* never left: recorded as such */
	}
	buf_release(&why);
}

/* Record, in the caller's transaction, what came of the extras whose
 * posts are done: sent, refused for good, or left to their own jobs (and
 * then no more taken in this run); their slots freed. 0 or -1. */
static int
record_extras(struct run *run)
{
	struct buf why = BUF_INIT;
	struct send *y;
	int k, out, res = 0;

	for (k = 0; k < SEND_WINDOW - 1 && res == 0; k++) {
		y = &run->ex[k];
		if (y->slot != SLOT_DONE)
			continue;
		buf_reset(&why);
		if (y->post.c == NULL)
			out = -1;	/* never left */
		else
			out = send_outcome(y, &why);
		if (out == 0)
			res = exchange_pkg_state(run->db, y->p.id, "sent", 1, "",
			    y->post.url);
		else if (out > 0)
			res = exchange_pkg_state(run->db, y->p.id, "failed", 1,
			    why.data, y->post.url);
		else {
			res = exchange_pkg_state(run->db, y->p.id, "queued", 0,
			    why.data ? why.data : "", NULL);
			run->more = 0;
		}
		curl_post_release(&y->post);
		y->slot = SLOT_FREE;
	}
	buf_release(&why);
	return res;
}

/* Between answers: record the extras done and take others, in one
 * transaction, and post them. On a database error nothing more is
 * taken; what was not recorded stays "sending", which the packages' own
 * jobs send again. */
static void
refill(struct run *run)
{
	run->more = run->more && time(NULL) < run->until && !jobs_stopping();
	if (db_begin(run->db) < 0) {
		run->more = 0;
		return;
	}
	if (record_extras(run) < 0 || (run->more && take_extras(run) < 0) ||
	    db_commit_lazy(run->db) < 0) {
		db_rollback(run->db);
		run->more = 0;
		return;
	}
	start_extras(run);
}

/* Post x0 and the extras, taking more as answers come, until none is
 * under way. */
static void
run_window(struct run *run)
{
	struct curl_post *done[SEND_WINDOW];
	int i, k, n, ndone = 0;

	start_extras(run);
	for (;;) {
		if (run->w.running == 0 ||
		    (n = curl_window_wait(&run->w, done, SEND_WINDOW)) == 0)
			break;
		for (i = 0; i < n; i++)
			for (k = 0; k < SEND_WINDOW - 1; k++)
				if (done[i] == &run->ex[k].post)
					run->ex[k].slot = SLOT_DONE;
		ndone += n;
		/* Records and takes in groups, not one transaction an
		 * answer; at once when the window runs low. */
		if (ndone >= SEND_WINDOW / 4 ||
		    run->w.running <= SEND_WINDOW / 2) {
			refill(run);
			ndone = 0;
		}
	}
}

/* The wait before the next attempt: the job queue's backoff (30 s
 * doubling, at most 1 h) times the setting jobs.backoff_scale. */
static int
retry_delay(struct db *db, int attempts)
{
	struct arena a = ARENA_INIT;
	const char *v = db_setting(db, &a, "jobs.backoff_scale");
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

int
exchange_job_deliver(struct db *db, const char *payload, struct buf *err)
{
	struct arena a = ARENA_INIT;
	struct send x0;
	struct run run;
	struct buf why = BUF_INIT;
	json_t *j;
	int64_t id;
	int k, r, attempts, retry = 0, result = 0;

	j = json_loads(payload, 0, NULL);
	id = j ? json_integer_value(json_object_get(j, "package")) : 0;
	json_decref(j);
	memset(&x0, 0, sizeof(x0));
	memset(&run, 0, sizeof(run));
	if (id <= 0 || exchange_pkg_get(db, &a, id, &x0.p) < 0 ||
	    strcmp(x0.p.direction, "out") != 0 ||
	    (strcmp(x0.p.state, "queued") &&
	    strcmp(x0.p.state, "sending"))) {
		arena_release(&a);
		return 0;	/* nothing to send (sent with another's job) */
	}
	attempts = x0.attempts = x0.p.attempts + 1;
	run.db = db;
	run.x0 = &x0;
	run.more = 1;
	run.until = time(NULL) + SEND_RUN_SECONDS;
	/* The peer table once for the run. */
	if ((run.np = exchange_peers(db, &a, &run.peers)) < 0)
		r = -1;
	else
		r = exchange_peer_pick(&a, run.peers, run.np, x0.p.to_code,
		    &x0.peer);
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
	/* It and the first extras "sending", in one transaction. */
	if (db_begin(db) < 0 || exchange_pkg_state(db, id, "sending", attempts,
	    x0.p.last_error, NULL) < 0 || take_extras(&run) < 0 ||
	    db_commit_lazy(db) < 0) {
		db_rollback(db);
		buf_adds(err, "package state");
		for (k = 0; k < SEND_WINDOW - 1; k++)
			arena_release(&run.ex[k].a);
		arena_release(&a);
		return -1;
	}
	if (send_setup(db, &x0, &why) < 0)
		buf_printf(err, "package file: %s", why.data);
	if (curl_window_init(&run.w) == 0 && x0.post.c != NULL &&
	    curl_window_add(&run.w, &x0.post) < 0)
		run.more = 0;
	run_window(&run);
	curl_window_release(&run.w);
	for (k = 0; k < SEND_WINDOW - 1; k++)
		if (run.ex[k].slot != SLOT_FREE)
			run.ex[k].slot = SLOT_DONE;
	buf_reset(&why);
	run.more = 0;
	if (db_begin(db) < 0 || record_extras(&run) < 0)
		goto fail;
	if (x0.post.c == NULL) {
		/* Its stored file could not be opened: the job queue tries
		 * the job again; the attempt is not the peer's fault. */
		r = exchange_pkg_state(db, id, "queued", x0.p.attempts,
		    x0.p.last_error, NULL);
		result = -1;
	} else if ((r = send_outcome(&x0, &why)) == 0)
		r = exchange_pkg_state(db, id, "sent", attempts, "",
		    x0.post.url);
	else if (r > 0)
		r = exchange_pkg_state(db, id, "failed", attempts, why.data,
		    x0.post.url);
	else if (attempts >= EXCHANGE_ATTEMPTS_MAX) {
		buf_printf(err, "%s", why.data);
		r = exchange_pkg_state(db, id, "failed", attempts, why.data,
		    x0.post.url);
	} else {
		/* Retried by a new job of its own, so that the package's
		 * attempts, not the job row's, decide when to give up. */
		retry = 1;
		r = exchange_pkg_state(db, id, "queued", attempts, why.data,
		    x0.post.url) < 0 || jobs_enqueue(db, "exchange.deliver",
		    payload, retry_delay(db, attempts)) < 0 ? -1 : 0;
		log_warn("package %" PRId64 " to %s, attempt %d: %s", id,
		    x0.post.url, attempts, why.data);
		buf_printf(err, "package %" PRId64 " to %s: %s", id,
		    x0.post.url, why.data);
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
	curl_post_release(&x0.post);
	for (k = 0; k < SEND_WINDOW - 1; k++) {
		curl_post_release(&run.ex[k].post);
		arena_release(&run.ex[k].a);
	}
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

int
exchange_send_now_as(struct db *db, int64_t actor_id, const char *actor,
    const char *ip)
{
	char detail[16];
	int n;

	if (db_begin(db) < 0)
		return -1;
	if ((n = exchange_send_now(db)) < 0 ||
	    snprintf(detail, sizeof(detail), "%d", n) < 0 ||
	    audit_record(db, actor_id, actor, ip, "exchange.send_now",
	    "outbox", detail) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return -1;
	}
	jobs_wake();
	return n;
}
