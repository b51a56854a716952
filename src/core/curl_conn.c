/* curl_conn.c - kept connections and file uploads for curl (curl_conn.h). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "core/curl_conn.h"
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

void
curl_conn_upload(CURL *c, FILE *f, curl_off_t size)
{
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, f);
	curl_easy_setopt(c, CURLOPT_SEEKFUNCTION, seek_cb);
	curl_easy_setopt(c, CURLOPT_SEEKDATA, f);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, size);
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

void
curl_conn_post_file(CURL *c, const char *url, FILE *f, curl_off_t size,
    struct curl_slist *h, struct buf *answer)
{
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_conn_upload(c, f, size);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, answer_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, answer);
}

void
curl_conn_perform_all(CURL **c, int n, CURLcode *rc, long *status)
{
	CURLM *m = curl_multi_init();
	CURLMsg *msg;
	int i, running = 0, left;

	for (i = 0; i < n; i++) {
		rc[i] = CURLE_FAILED_INIT;
		status[i] = 0;
	}
	if (m == NULL)
		return;
	for (i = 0; i < n; i++)
		if (c[i] != NULL && curl_multi_add_handle(m, c[i]) != CURLM_OK)
			c[i] = NULL;	/* not started: left as failed */
	do {
		if (curl_multi_perform(m, &running) != CURLM_OK)
			break;
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			for (i = 0; i < n && c[i] != msg->easy_handle; i++)
				;
			if (i == n)
				continue;
			rc[i] = msg->data.result;
			if (rc[i] == CURLE_OK)
				curl_easy_getinfo(c[i], CURLINFO_RESPONSE_CODE,
				    &status[i]);
		}
		if (running > 0 && curl_multi_poll(m, NULL, 0, 1000, NULL) !=
		    CURLM_OK)
			break;
	} while (running > 0);
	for (i = 0; i < n; i++)
		if (c[i] != NULL)
			curl_multi_remove_handle(m, c[i]);
	curl_multi_cleanup(m);
}
