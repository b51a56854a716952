/* exchange_deliver.c - the outbox: the job "exchange.deliver"
 * {"package":ID} posts a stored package to the peer that answers for its
 * receiver (libcurl, the file streamed, timeouts set, HTTPS verified)
 * and reads the transport acknowledgement: 200 {"ack":"done"} sent, 4xx
 * failed for good (the reason kept), 5xx or a network error retried
 * with the job queue's backoff, EXCHANGE_ATTEMPTS_MAX times at most. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/blob.h"
#include "core/curl_conn.h"
#include "core/jobs.h"
#include "core/log.h"
#include "exchange_int.h"

#define ANSWER_MAX	(64 * 1024)

static size_t
write_cb(char *ptr, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	/* Past the limit the rest is dropped, not an error. */
	buf_add(b, ptr, size * n);
	return size * n;
}

/* The reason a peer gave, from the fail acknowledgement or the body. */
static void
answer_reason(const struct buf *body, long status, struct buf *why)
{
	json_t *j = json_loads(body->data, 0, NULL);
	const char *m = NULL;

	if (j)
		m = json_string_value(json_object_get(json_object_get(j,
		    "error"), "message"));
	if (m)
		buf_printf(why, "%ld: %s", status, m);
	else
		buf_printf(why, "%ld: %.200s", status, body->data);
	json_decref(j);
}

static int
ack_done(const struct buf *body)
{
	json_t *j = json_loads(body->data, 0, NULL);
	const char *ack = j ? json_string_value(json_object_get(j, "ack")) :
	    NULL;
	int ok = ack && strcmp(ack, "done") == 0;

	json_decref(j);
	return ok;
}

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

/* POST the file to the peer. 0 done, 1 refused (4xx), -1 retry; the
 * reason in `why`. */
static int
post(const struct exchange_peer *peer, const char *path, long size,
    struct buf *why, char *url, size_t urllen)
{
	struct curl_slist *h = NULL;
	struct buf body;
	char auth[600];
	long status = 0;
	size_t ul = strlen(peer->url);
	CURLcode rc;
	CURL *c;
	FILE *fp;
	int result = -1;

	while (ul > 0 && peer->url[ul - 1] == '/')
		ul--;
	snprintf(url, urllen, "%.*s%s", (int)ul, peer->url,
	    strcmp(peer->kind, "hub") == 0 ? "/api/v1/hub/packages" :
	    "/api/v1/exchange/packages");
	if ((fp = fopen(path, "rb")) == NULL) {
		buf_adds(why, "không mở được tệp gói");
		return -1;
	}
	buf_init(&body, ANSWER_MAX);
	if ((c = exchange_curl(peer)) == NULL) {
		fclose(fp);
		buf_adds(why, "curl");
		return -1;
	}
	h = curl_slist_append(h, "Content-Type: application/xml");
	h = curl_slist_append(h, "Expect:");
	if (strcmp(peer->kind, "hub") == 0 && *peer->api_key) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
		    peer->api_key);
		h = curl_slist_append(h, auth);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_conn_upload(c, fp, (curl_off_t)size);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	if ((rc = curl_easy_perform(c)) != CURLE_OK) {
		buf_printf(why, "%s", curl_easy_strerror(rc));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (status >= 200 && status < 300 && ack_done(&body))
		result = 0;
	else if (status >= 400 && status < 500) {
		answer_reason(&body, status, why);
		result = 1;
	} else
		answer_reason(&body, status, why);
out:
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	fclose(fp);
	buf_release(&body);
	return result;
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

int
exchange_job_deliver(struct db *db, const char *payload, struct buf *err)
{
	struct arena a = ARENA_INIT;
	struct exchange_pkg p;
	struct exchange_peer peer;
	struct buf why = BUF_INIT;
	struct blob_file f;
	char url[EXCHANGE_URL_MAX + 64];
	json_t *j;
	int64_t id;
	int rc, attempts, result = 0;

	j = json_loads(payload, 0, NULL);
	id = j ? json_integer_value(json_object_get(j, "package")) : 0;
	json_decref(j);
	if (id <= 0 || exchange_pkg_get(db, &a, id, &p) < 0 ||
	    strcmp(p.direction, "out") != 0 || (strcmp(p.state, "queued") &&
	    strcmp(p.state, "sending"))) {
		arena_release(&a);
		return 0;	/* nothing to send */
	}
	attempts = p.attempts + 1;
	if ((rc = exchange_peer_for(db, &a, p.to_code, &peer)) != 0) {
		if (rc < 0) {
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
	if (blob_open(db, p.sha256, &f) < 0 ||
	    set_state(db, id, "sending", attempts, p.last_error, NULL) < 0) {
		blob_close(&f);
		buf_adds(err, "package file");
		arena_release(&a);
		return -1;
	}
	rc = post(&peer, f.path, p.size, &why, url, sizeof(url));
	blob_close(&f);
	if (rc == 0)
		(void)set_state(db, id, "sent", attempts, "", url);
	else if (rc > 0)
		(void)set_state(db, id, "failed", attempts, why.data, url);
	else if (attempts >= EXCHANGE_ATTEMPTS_MAX) {
		buf_printf(err, "%s", why.data);
		(void)set_state(db, id, "failed", attempts, why.data, url);
	} else {
		/* Retried by a new job of its own, so that the package's
		 * attempts, not the job row's, decide when to give up. */
		if (db_begin(db) < 0 || exchange_pkg_state(db, id, "queued",
		    attempts, why.data, url) < 0 ||
		    jobs_enqueue(db, "exchange.deliver", payload,
		    retry_delay(db, attempts)) < 0 || db_commit(db) < 0) {
			db_rollback(db);
			result = -1;
		}
		log_warn("package %" PRId64 " to %s, attempt %d: %s", id, url,
		    attempts, why.data);
		buf_printf(err, "package %" PRId64 " to %s: %s", id, url,
		    why.data);
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
