/*
 * curl_conn.h - what the server's outgoing requests (packages delivered
 * to peers, pushed by the hub) share: the connections kept open to the
 * hosts a thread posts to, and the upload of a stored file.
 *
 * Each thread has a curl share handle of its own holding its connection
 * cache (a share handle is not used by two threads at once), freed when
 * the thread ends. A request made with it reuses an open connection to
 * the same host instead of a new TCP connection and TLS handshake.
 */
#ifndef CONGSO_CURL_CONN_H
#define CONGSO_CURL_CONN_H

#include <stdio.h>

#include <curl/curl.h>

#include "core/buf.h"

/* Make `c` use the calling thread's kept connections (nothing when no
 * share handle could be made: it then connects anew). */
void	 curl_conn_keep(CURL *c);
/* `base` (a peer's or member's URL, which may end in '/') and `path`
 * (from '/') joined into `out` with no doubled slash. 0, or -1 when it
 * does not fit. */
int	 curl_conn_url(char *out, size_t len, const char *base,
	    const char *path);

/* What went wrong with a transfer, in Vietnamese, for the people who
 * read the outbox, the hub's log or a job's error (curl's own English
 * text goes beside it, for the IT staff). */
const char *curl_conn_error_vn(CURLcode rc);

#define CURL_POST_URL_MAX	1100

/* A stored file POSTed to a peer or member, and what came of it. */
struct curl_post {
	CURL			*c;	/* NULL: not set up */
	FILE			*f;
	struct curl_slist	*h;
	struct buf		 answer;
	char			 url[CURL_POST_URL_MAX];
	CURLcode		 rc;	/* set by curl_conn_perform_all() */
	long			 status;	/* its HTTP status, 0 when none */
};

/*
 * Set up the zeroed `p` to POST the whole of the stream `f` as
 * application/xml to `base` joined with `path` (curl_conn_url), on the
 * handle `c` (made by the caller, with its options) over the calling
 * thread's kept connections, with `auth` as one more header line when
 * not NULL; the answer is kept up to `answer_max` bytes (the rest is
 * dropped, not an error), and should a kept connection turn out closed
 * once the request is sent, curl sends it again from the start of the
 * file. `p` takes `c` and `f` either way. 0; -1 (either NULL, the URL
 * too long, the file's size unknown) with `p` released.
 */
int	 curl_post_init(struct curl_post *p, CURL *c, FILE *f,
	    const char *base, const char *path, const char *auth,
	    size_t answer_max);
/* Free what `p` holds; it is then as if zeroed. */
void	 curl_post_release(struct curl_post *p);
/* Run the `n` requests `p` (at most CURL_CONN_BATCH_MAX) at the same
 * moment (one multi handle) until every one has finished, each one's
 * result and status into it; one not set up, or that cannot be started,
 * gets CURLE_FAILED_INIT. */
#define CURL_CONN_BATCH_MAX	64
void	 curl_conn_perform_all(struct curl_post **p, int n);

/*
 * Requests run together, more started as others finish: a sender that
 * keeps a number under way, rather than waiting for the slowest of each
 * group, keeps the peer busy without a pause between groups.
 */
struct curl_window {
	CURLM			*m;
	int			 running;	/* added, not yet handed back */
	struct curl_post	*in[CURL_CONN_BATCH_MAX];	/* those */
	long			 stop_ms;	/* when a stop was seen */
};
/* 0, or -1 (no multi handle: nothing can be added). */
int	 curl_window_init(struct curl_window *w);
/* Start `p`, set up by curl_post_init(). 0; -1 when it cannot be
 * started, or CURL_CONN_BATCH_MAX run already (then p->rc is
 * CURLE_FAILED_INIT and it is not in `w`). */
int	 curl_window_add(struct curl_window *w, struct curl_post *p);
/* Run the requests until at least one has finished (or none runs); each
 * finished one gets its result and status, leaves `w` and goes into
 * `done` (`max` at most; the rest on the next call). How many: 0 also
 * once the server has been stopping (jobs_stopping()) for
 * CURL_STOP_GRACE_MS, the requests still running then left to
 * curl_window_release(). */
#define CURL_STOP_GRACE_MS	5000
int	 curl_window_wait(struct curl_window *w, struct curl_post **done,
	    int max);
/* Stop the requests still running (their rc stays CURLE_FAILED_INIT)
 * and free `w`. */
void	 curl_window_release(struct curl_window *w);
/*
 * What a package endpoint (an instance's exchange, the hub) answered to
 * the post `p`: 0 done (a 2xx answer with the transport acknowledgement
 * {"ack": "done"}); 1 refused for good (a 4xx); -1 to try again (no
 * answer, a 5xx, a 2xx without "done"). For 1 and -1 the reason, in
 * Vietnamese, into `why` (`len` bytes): the transport's error (from
 * `errbuf` when it holds one, or NULL), or the status with the answer's
 * {"error": {"code", "message"}}, or the start of its body.
 */
int	 curl_post_verdict(const struct curl_post *p, const char *errbuf,
	    char *why, size_t len);

#endif
