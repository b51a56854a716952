/* curl_conn.c - kept connections and file uploads for curl (curl_conn.h). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include <jansson.h>

#include "core/clock.h"
#include "core/curl_conn.h"
#include "core/fold.h"
#include "core/jobs.h"
#include "core/log.h"

static pthread_key_t share_key;
static int share_keyed;
static pthread_once_t share_once = PTHREAD_ONCE_INIT;

static void
share_free(void *sh)
{
	curl_share_cleanup(sh);
}

static void
share_key_init(void)
{
	if (pthread_key_create(&share_key, share_free) == 0)
		share_keyed = 1;
	else
		log_warn("curl: no thread key: outgoing connections not kept");
}

/* The calling thread's share handle, made at its first request. */
static CURLSH *
thread_share(void)
{
	CURLSH *sh;

	pthread_once(&share_once, share_key_init);
	if (!share_keyed)
		return NULL;
	if ((sh = pthread_getspecific(share_key)) != NULL)
		return sh;
	if ((sh = curl_share_init()) == NULL)
		return NULL;
	if (curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT) !=
	    CURLSHE_OK || curl_share_setopt(sh, CURLSHOPT_SHARE,
	    CURL_LOCK_DATA_DNS) != CURLSHE_OK ||
	    pthread_setspecific(share_key, sh) != 0) {
		curl_share_cleanup(sh);
		return NULL;
	}
	return sh;
}

void
curl_conn_keep(CURL *c)
{
	CURLSH *sh = thread_share();

	if (sh != NULL)
		curl_easy_setopt(c, CURLOPT_SHARE, sh);
}

static size_t
read_cb(char *ptr, size_t size, size_t n, void *f)
{
	return fread(ptr, 1, size * n, f);
}

static int
seek_cb(void *f, curl_off_t offset, int origin)
{
	return fseeko(f, (off_t)offset, origin) == 0 ? CURL_SEEKFUNC_OK :
	    CURL_SEEKFUNC_FAIL;
}

int
curl_conn_url(char *out, size_t len, const char *base, const char *path)
{
	size_t bl = strlen(base);
	int n;

	while (bl > 0 && base[bl - 1] == '/')
		bl--;
	n = snprintf(out, len, "%.*s%s", (int)bl, base, path);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* The answer, up to the buffer's limit: buf_add refuses a piece that
 * would pass it, which is dropped, and the transfer goes on. */
static size_t
answer_cb(char *ptr, size_t size, size_t n, void *b)
{
	(void)buf_add(b, ptr, size * n);
	return size * n;
}

int
curl_post_init(struct curl_post *p, CURL *c, FILE *f, const char *base,
    const char *path, const char *auth, size_t answer_max)
{
	struct stat sb;

	p->c = c;
	p->f = f;
	buf_init(&p->answer, answer_max);
	if (c == NULL || f == NULL || fstat(fileno(f), &sb) < 0 ||
	    curl_conn_url(p->url, sizeof(p->url), base, path) < 0) {
		curl_post_release(p);
		return -1;
	}
	p->h = curl_slist_append(p->h, "Content-Type: application/xml");
	p->h = curl_slist_append(p->h, "Expect:");
	if (auth != NULL)
		p->h = curl_slist_append(p->h, auth);
	curl_easy_setopt(c, CURLOPT_URL, p->url);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, f);
	curl_easy_setopt(c, CURLOPT_SEEKFUNCTION, seek_cb);
	curl_easy_setopt(c, CURLOPT_SEEKDATA, f);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)sb.st_size);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, p->h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, answer_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &p->answer);
	curl_conn_keep(c);
	p->rc = CURLE_FAILED_INIT;
	return 0;
}

void
curl_post_release(struct curl_post *p)
{
	if (p->c != NULL)
		curl_easy_cleanup(p->c);
	curl_slist_free_all(p->h);
	if (p->f != NULL)
		fclose(p->f);
	buf_release(&p->answer);
	p->c = NULL;
	p->h = NULL;
	p->f = NULL;
}

int
curl_window_init(struct curl_window *w)
{
	w->running = 0;
	w->stop_ms = 0;
	return (w->m = curl_multi_init()) == NULL ? -1 : 0;
}

int
curl_window_add(struct curl_window *w, struct curl_post *p)
{
	p->rc = CURLE_FAILED_INIT;
	p->status = 0;
	if (w->m == NULL || p->c == NULL || w->running >= CURL_CONN_BATCH_MAX)
		return -1;
	curl_easy_setopt(p->c, CURLOPT_PRIVATE, p);
	if (curl_multi_add_handle(w->m, p->c) != CURLM_OK)
		return -1;
	w->in[w->running++] = p;
	return 0;
}

/* `p` finished: out of the multi handle and of w->in. */
static void
window_drop(struct curl_window *w, struct curl_post *p)
{
	int i;

	curl_multi_remove_handle(w->m, p->c);
	for (i = 0; i < w->running && w->in[i] != p; i++)
		;
	if (i < w->running)
		w->in[i] = w->in[--w->running];
}

int
curl_window_wait(struct curl_window *w, struct curl_post **done, int max)
{
	struct curl_post *p;
	CURLMsg *msg;
	char *priv;
	int n = 0, still = 0, left = 0;
	long now;

	while (w->running > 0 && n == 0) {
		if (curl_multi_perform(w->m, &still) != CURLM_OK)
			break;
		while (n < max &&
		    (msg = curl_multi_info_read(w->m, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE || curl_easy_getinfo(
			    msg->easy_handle, CURLINFO_PRIVATE, &priv) !=
			    CURLE_OK || priv == NULL)
				continue;
			p = (struct curl_post *)(void *)priv;
			p->rc = msg->data.result;
			if (p->rc == CURLE_OK)
				curl_easy_getinfo(p->c, CURLINFO_RESPONSE_CODE,
				    &p->status);
			window_drop(w, p);
			done[n++] = p;
		}
		if (n == 0 && still > 0 && curl_multi_poll(w->m, NULL, 0,
		    1000, NULL) != CURLM_OK)
			break;
		/* A stop lets the requests under way finish, but a peer
		 * that takes one and never answers must not hold it up for
		 * the transfer's whole timeout: after a grace, those still
		 * running end unanswered (sent again later, and a peer
		 * answers a repeat as done). */
		if (n == 0 && jobs_stopping()) {
			now = clock_mono_ms() + 1;	/* never 0 */
			if (w->stop_ms == 0)
				w->stop_ms = now;
			else if (now - w->stop_ms >= CURL_STOP_GRACE_MS)
				break;
		}
		if (n == 0 && still == 0 && left == 0)
			break;	/* none left to report: a handle lost */
	}
	return n;
}

void
curl_window_release(struct curl_window *w)
{
	int i;

	for (i = 0; w->m != NULL && i < w->running; i++)
		curl_multi_remove_handle(w->m, w->in[i]->c);
	if (w->m != NULL)
		curl_multi_cleanup(w->m);
	w->m = NULL;
	w->running = 0;
}

void
curl_conn_perform_all(struct curl_post **p, int n)
{
	struct curl_window w;
	struct curl_post *done[CURL_CONN_BATCH_MAX];
	int i;

	for (i = 0; i < n; i++) {
		p[i]->rc = CURLE_FAILED_INIT;
		p[i]->status = 0;
	}
	if (curl_window_init(&w) < 0)
		return;
	for (i = 0; i < n && i < CURL_CONN_BATCH_MAX; i++)
		(void)curl_window_add(&w, p[i]);
	while (w.running > 0 &&
	    curl_window_wait(&w, done, CURL_CONN_BATCH_MAX) > 0)
		;
	curl_window_release(&w);
}

int
curl_post_verdict(const struct curl_post *p, const char *errbuf, char *why,
    size_t len)
{
	const char *ack = NULL, *code = NULL, *msg = NULL;
	json_t *j;
	int ok;

	if (p->rc != CURLE_OK) {
		snprintf(why, len, "Không gửi được tới %.200s: %s (%.200s)",
		    p->url, curl_conn_error_vn(p->rc), errbuf && *errbuf ?
		    errbuf : curl_easy_strerror(p->rc));
		utf8_keep_valid(why);
		return -1;
	}
	j = p->answer.len ? json_loadb(p->answer.data, p->answer.len, 0,
	    NULL) : NULL;
	if (j != NULL)
		json_unpack(j, "{s?:s, s?:{s?:s, s?:s}}", "ack", &ack, "error",
		    "code", &code, "message", &msg);
	ok = p->status >= 200 && p->status < 300;
	if (ok && ack != NULL && strcmp(ack, "done") == 0) {
		json_decref(j);
		return 0;
	}
	if (ok)
		snprintf(why, len, "Nơi nhận trả lời %ld nhưng không xác nhận"
		    " \"done\"", p->status);
	else if (msg != NULL)
		snprintf(why, len, "Nơi nhận trả lời %ld%s%s: %s", p->status,
		    code ? " " : "", code ? code : "", msg);
	else if (p->answer.len)
		snprintf(why, len, "Nơi nhận trả lời %ld: %.200s", p->status,
		    p->answer.data);
	else
		snprintf(why, len, "Nơi nhận trả lời %ld", p->status);
	json_decref(j);
	utf8_keep_valid(why);	/* cut to `len`, or a body of any bytes */
	return p->status >= 400 && p->status < 500 ? 1 : -1;
}
