/*
 * exchange_pull.c - receiving from a hub that holds packages for this
 * instance (the national axis's way: members list what waits for them,
 * fetch each package and acknowledge it). The job "exchange.pull" asks
 * every peer of kind "hub" with a key, takes each waiting package
 * through the same receiving as a push (exchange_receive: signature,
 * rules, one registration per package), acknowledges it done, or fail
 * with the reason when it is refused, and queues itself again.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/arena.h"
#include "core/blob.h"
#include "core/buf.h"
#include "core/curl_conn.h"
#include "core/data.h"
#include "core/db.h"
#include "core/jobs.h"
#include "core/log.h"
#include "exchange/exchange_int.h"

#define PULL_PAGE	50		/* packages asked for at a time */
#define PULL_LIST_MAX	(1 << 20)	/* bytes of a list answer */
#define PULL_DEFAULT	30		/* seconds between pulls */
#define PULL_FILE_MAX	((size_t)256 << 20)	/* bytes of a package, as
						 * a pushed one may have */

struct sink {
	struct buf	*b;		/* into memory, or */
	FILE		*fp;		/* into a file */
	size_t		 max;		/* bytes at most, either way */
	size_t		 got;
};

static size_t
sink_cb(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;

	/* More than the limit ends the transfer (curl reports an error). */
	if (s->got + size * n > s->max)
		return 0;
	s->got += size * n;
	if (s->fp != NULL)
		return fwrite(p, size, n, s->fp) == n ? size * n : 0;
	return buf_add(s->b, p, size * n) < 0 ? 0 : size * n;
}

/* One call to the hub: GET (body NULL) or POST a JSON body, the answer
 * into `s`. The HTTP status, or -1 when the hub was not reached. */
static long
call(const struct exchange_peer *peer, const char *path, const char *body,
    struct sink *s, struct buf *why)
{
	struct curl_slist *h = NULL;
	char url[EXCHANGE_URL_MAX + 128], auth[600];
	long status = -1;
	CURLcode rc;
	CURL *c;

	if (curl_conn_url(url, sizeof(url), peer->url, path) < 0 ||
	    (c = exchange_curl(peer)) == NULL)
		return -1;
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
	    peer->api_key);
	h = curl_slist_append(h, auth);
	if (body != NULL) {
		h = curl_slist_append(h, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	if ((rc = curl_easy_perform(c)) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	else
		buf_printf(why, "%s: %s (%s)", url, curl_conn_error_vn(rc),
		    curl_easy_strerror(rc));
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return status;
}

/* Acknowledge package `id`: done, or fail with the reason. */
static void
ack(const struct exchange_peer *peer, int64_t id, const char *reason,
    struct buf *why)
{
	struct buf b = BUF_INIT;
	struct sink s = { &b, NULL, 4096, 0 };
	char path[96];
	json_t *j;
	char *body;

	snprintf(path, sizeof(path), "/api/v1/hub/packages/%" PRId64 "/ack",
	    id);
	j = reason ? json_pack("{s:s, s:s}", "status", "fail", "reason",
	    reason) : json_pack("{s:s}", "status", "done");
	body = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (body != NULL && call(peer, path, body, &s, why) != 200)
		log_warn("hub %s: ack of package %" PRId64 " not taken",
		    peer->url, id);
	free(body);
	buf_release(&b);
}

/* Fetch package `id` into the data folder's tmp/ and receive it. 0, or
 * -1 when it should be tried again at the next pull. */
static int
take(struct db *db, const struct exchange_peer *peer, int64_t id,
    struct buf *why)
{
	struct exchange_ack a;
	struct sink s = { NULL, NULL, PULL_FILE_MAX, 0 };
	char path[4096], url[96];
	long status;
	int fd;

	snprintf(path, sizeof(path), "%s/tmp/pull-XXXXXX", data_dir());
	if ((fd = mkstemp(path)) < 0 || (s.fp = fdopen(fd, "wb")) == NULL) {
		if (fd >= 0)
			close(fd);
		buf_printf(why, "mkstemp %s", path);
		return -1;
	}
	snprintf(url, sizeof(url), "/api/v1/hub/packages/%" PRId64, id);
	status = call(peer, url, NULL, &s, why);
	if (fflush(s.fp) != 0 || blob_settle(fileno(s.fp),
	    (int64_t)s.got) != 0)
		status = -1;
	fclose(s.fp);
	if (status != 200) {
		unlink(path);
		if (status > 0)
			buf_printf(why, "package %" PRId64 ": HTTP %ld", id,
			    status);
		return -1;
	}
	exchange_receive(db, path, NULL, &a);
	if (path[0] != '\0')
		unlink(path);
	if (a.status == 200)
		ack(peer, id, NULL, why);
	else if (a.status >= 400 && a.status < 500)
		ack(peer, id, a.message, why);	/* refused: say why */
	else
		return -1;	/* ours to retry: leave it waiting */
	return 0;
}

/* Every package waiting for us at one hub. */
static void
pull_peer(struct db *db, const struct exchange_peer *peer, struct buf *why)
{
	struct buf b = BUF_INIT;
	struct sink s = { &b, NULL, PULL_LIST_MAX, 0 };
	json_t *j, *items, *it;
	int64_t after = 0, id;
	char path[128];
	size_t i;
	long status;

	for (;;) {
		buf_reset(&b);
		s.got = 0;
		snprintf(path, sizeof(path), "/api/v1/hub/packages?limit=%d"
		    "&after=%" PRId64, PULL_PAGE, after);
		if ((status = call(peer, path, NULL, &s, why)) != 200) {
			if (status > 0)
				buf_printf(why, "hub %s: HTTP %ld", peer->url,
				    status);
			break;
		}
		j = json_loadb(b.data, b.len, 0, NULL);
		items = json_object_get(j, "items");
		for (i = 0; i < json_array_size(items); i++) {
			it = json_array_get(items, i);
			id = json_integer_value(json_object_get(it, "id"));
			if (id > after)
				after = id;
			if (id > 0)
				(void)take(db, peer, id, why);
		}
		i = json_array_size(items);
		json_decref(j);
		if (i < PULL_PAGE)
			break;
	}
	buf_release(&b);
}


int
exchange_job_pull(struct db *db, const char *payload, struct buf *err)
{
	struct exchange_peer *peers = NULL;
	struct arena a = ARENA_INIT;
	const char *every;
	int n, i, delay;

	(void)payload;
	n = exchange_peers(db, &a, &peers);
	for (i = 0; i < n; i++)
		if (strcmp(peers[i].kind, "hub") == 0 && *peers[i].api_key)
			pull_peer(db, &peers[i], err);
	every = db_setting(db, &a, "exchange.pull_seconds");
	delay = every ? atoi(every) : PULL_DEFAULT;
	if (delay < 1 || delay > 86400)
		delay = PULL_DEFAULT;
	arena_release(&a);
	if (err->len > 0)
		log_warn("exchange pull: %s", err->data);
	buf_reset(err);
	/* The next pull: this job ends now, so queue it apart. */
	if (db_begin(db) < 0)
		return 0;
	if (jobs_enqueue(db, "exchange.pull", "{}", delay) < 0) {
		db_rollback(db);
		return 0;
	}
	db_commit(db);
	return 0;
}
