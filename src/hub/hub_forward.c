/* hub_forward.c - the job "hub.forward": push one stored package to a
 * member's exchange endpoint, POST <url>/api/v1/exchange/packages, the
 * file streamed from the blob store. A 200 acknowledgement ("done")
 * marks the delivery done; a 4xx marks it failed with the receiver's
 * reason and is not retried; a 5xx or a network error is retried by the
 * job queue with its backoff, up to HUB_FORWARD_MAX attempts.
 *
 * The job queue runs one job at a time, so a job also pushes, at the same
 * moment over a curl multi handle, up to HUB_PUSH_BATCH - 1 other
 * deliveries still waiting for their first attempt. Each of those keeps
 * its own job: when that job runs and finds its delivery finished it
 * does nothing, and one that did not succeed here is left to it (the
 * attempt is not counted). A receiver answers a package it already has
 * as a duplicate, so a push repeated after a crash registers nothing
 * twice. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/blob.h"
#include "core/curl_conn.h"
#include "core/log.h"
#include "hub/hub_int.h"

#define ANSWER_MAX	(64u << 10)

/* One push in flight. */
struct push {
	int64_t			 msg, member;
	struct hub_push		 p;
	struct curl_post	 post;
	char			 errbuf[CURL_ERROR_SIZE];
};

/* Prepare the POST of `x`'s stored package to its member. 0, or -1
 * (with nothing held). */
static int
push_setup(struct push *x, struct db *db)
{
	CURL *c;

	if (curl_post_init(&x->post, (c = curl_easy_init()), blob_fopen(db,
	    x->p.blob), x->p.url, "/api/v1/exchange/packages", NULL,
	    ANSWER_MAX) < 0)
		return -1;
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	/* A slow link may take long for 100 MB; a stalled one may not. */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 3600L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "congso-hub");
	return 0;
}

/* What came of push `x`: 1 done, 0 refused for good (4xx), -1 to try
 * again later; the reason in `reason`. */
static int
push_outcome(const struct push *x, char *reason, size_t len)
{
	switch (curl_post_verdict(&x->post, x->errbuf, reason, len)) {
	case 0:
		return 1;
	case 1:
		return 0;
	default:
		return -1;
	}
}

/* Other deliveries to push with the job's own: up to `max`. */
static int
extras(struct db *db, struct push *x, int max)
{
	int64_t msgs[HUB_PUSH_BATCH], members[HUB_PUSH_BATCH];
	int n, i, k = 0;

	n = hub_push_waiting(db, x[0].msg, x[0].member, msgs, members, max);
	for (i = 0; i < n; i++) {
		struct push *y = &x[1 + k];

		memset(y, 0, sizeof(*y));
		y->msg = msgs[i];
		y->member = members[i];
		if (hub_push_get(db, y->msg, y->member, &y->p) != 0 ||
		    strcmp(y->p.state, "waiting") != 0 || !y->p.member_live ||
		    y->p.url[0] == '\0' || y->p.blob[0] == '\0')
			continue;
		if (push_setup(y, db) == 0)
			k++;
	}
	return k;
}

/* Record, in one transaction, the outcome of each push of `x` (`n`, at
 * most HUB_PUSH_BATCH) that is settled (delivered, or refused for good);
 * then unlink the files no delivery waits for any more. x[0]'s outcome:
 * 1 done, 0 refused, -1 to try again (its reason in `reason`), or -2
 * when nothing could be recorded. */
static int
record(struct db *db, struct push *x, int n, char *reason, size_t len)
{
	char (*paths)[4096];
	char why[HUB_REASON_MAX + 1];
	int i, out, out0 = -1, rc = 0;

	if ((paths = calloc(HUB_PUSH_BATCH, sizeof(*paths))) == NULL ||
	    db_begin(db) < 0) {
		free(paths);
		return -2;
	}
	for (i = 0; i < n && rc >= 0; i++) {
		out = push_outcome(&x[i], i == 0 ? reason : why, i == 0 ? len :
		    sizeof(why));
		if (i == 0)
			out0 = out;
		if (out >= 0)
			rc = hub_delivery_finish_in(db, x[i].msg, x[i].member,
			    out, out ? "" : i == 0 ? reason : why, paths[i],
			    sizeof(paths[i]));
	}
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		free(paths);
		return -2;
	}
	for (i = 0; i < n; i++)
		if (paths[i][0] != '\0' && unlink(paths[i]) < 0)
			log_warn("%s: unlink %s failed", __func__, paths[i]);
	free(paths);
	return out0;
}

int
hub_job_forward(struct db *db, const char *payload, struct buf *err)
{
	char reason[HUB_REASON_MAX + 1] = "";	/* cut whole by the verdict */
	struct push x[HUB_PUSH_BATCH];
	struct curl_post *posts[HUB_PUSH_BATCH];
	json_int_t msg = 0, member = 0;
	int rc, n, i, out, attempts = 0;
	json_t *j;

	j = json_loads(payload, 0, NULL);
	if (j == NULL || json_unpack(j, "{s:I, s:I}", "message", &msg,
	    "member", &member) < 0) {
		json_decref(j);
		buf_adds(err, "bad payload");
		return 0;	/* nothing to retry */
	}
	json_decref(j);
	memset(&x[0], 0, sizeof(x[0]));
	x[0].msg = msg;
	x[0].member = member;
	if ((rc = hub_push_get(db, msg, member, &x[0].p)) != 0) {
		if (rc < 0) {
			buf_adds(err, db_errmsg(db));
			return -1;
		}
		return 0;
	}
	if (strcmp(x[0].p.state, "waiting") != 0)
		return 0;	/* finished already (pushed with another job) */
	if (!x[0].p.member_live || x[0].p.url[0] == '\0') {
		hub_delivery_finish(db, msg, member, 0, "Thành viên không còn"
		    " địa chỉ đẩy");
		return 0;
	}
	if (x[0].p.blob[0] == '\0') {
		hub_delivery_finish(db, msg, member, 0, "Gói tin không còn được"
		    " lưu");
		return 0;
	}
	if (push_setup(&x[0], db) < 0) {
		buf_adds(err, "cannot open the stored package");
		return -1;
	}
	n = 1 + extras(db, x, HUB_PUSH_BATCH - 1);
	for (i = 0; i < n; i++)
		posts[i] = &x[i].post;
	curl_conn_perform_all(posts, n);

	/* What is settled, the others' and its own, in one transaction: a
	 * commit each made the worker wait for the disk once a push. Lost
	 * with it, the deliveries still wait, and a receiver answers a
	 * push repeated by their jobs as done. */
	out = record(db, x, n, reason, sizeof(reason));
	for (i = 0; i < n; i++)
		curl_post_release(&x[i].post);
	if (out == -2) {
		buf_adds(err, "cannot record the outcome");
		return -1;
	}
	if (out >= 0)
		return 0;
	/* Retry later: 5xx, a network error, or an answer not understood. */
	if (hub_delivery_retry(db, msg, member, reason, &attempts) == 0 &&
	    attempts >= HUB_FORWARD_MAX)
		hub_delivery_finish(db, msg, member, 0, reason);
	buf_adds(err, reason);
	return -1;
}
