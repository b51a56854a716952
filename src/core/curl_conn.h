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
/* Send `size` bytes of the open file `f` as `c`'s request body; should a
 * kept connection turn out closed once the request is sent, curl sends
 * it again on a new one, from the start of the file. */
void	 curl_conn_upload(CURL *c, FILE *f, curl_off_t size);
/* `base` (a peer's or member's URL, which may end in '/') and `path`
 * (from '/') joined into `out` with no doubled slash. 0, or -1 when it
 * does not fit. */
int	 curl_conn_url(char *out, size_t len, const char *base,
	    const char *path);
/* Make `c` POST `size` bytes of the open file `f` (curl_conn_upload) to
 * `url` with the header list `h` (the caller's to free after), keeping
 * the answer in `answer` up to its limit (the rest is dropped, not an
 * error). */
void	 curl_conn_post_file(CURL *c, const char *url, FILE *f,
	    curl_off_t size, struct curl_slist *h, struct buf *answer);
/* Run the `n` prepared requests `c` at the same moment (one multi
 * handle) until every one has finished: each one's result into `rc`,
 * its HTTP status into `status` (0 when none). A NULL handle is left
 * out, and one that cannot be started is set to NULL in `c` (still the
 * caller's to clean up): both get CURLE_FAILED_INIT. */
void	 curl_conn_perform_all(CURL **c, int n, CURLcode *rc, long *status);

#endif
