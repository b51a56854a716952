/* svc_mail.c - e-mail to applicants over SMTP (libcurl's SMTP client):
 * the message is UTF-8 text, base64-encoded, with an RFC 2047 subject;
 * the job "svc.mail" sends one and is retried by the queue while the
 * server is down. With the setting mail.folder (the demo's), messages
 * are kept in that Maildir of the data folder instead of sent. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "core/curl_conn.h"
#include "core/data.h"
#include "core/log.h"
#include "svc_int.h"

struct reader {
	const char	*data;
	size_t		 len, pos;
};

static size_t
read_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct reader *r = arg;
	size_t n = size * nmemb;

	if (n > r->len - r->pos)
		n = r->len - r->pos;
	memcpy(ptr, r->data + r->pos, n);
	r->pos += n;
	return n;
}

/* Base64 of `s` in lines of 76 characters. */
static int
b64_lines(struct buf *out, const char *s, size_t len)
{
	unsigned char enc[80];
	size_t i;
	int n;

	for (i = 0; i < len; i += 57) {
		n = EVP_EncodeBlock(enc, (const unsigned char *)s + i,
		    (int)(len - i < 57 ? len - i : 57));
		if (buf_add(out, enc, (size_t)n) < 0 || buf_adds(out, "\r\n") < 0)
			return -1;
	}
	return 0;
}

static int
header_ok(const char *s)
{
	return s && strpbrk(s, "\r\n<>") == NULL;
}

/* The message as RFC 5322 text with CRLF line ends, appended to `msg`:
 * headers, an RFC 2047 subject, the body in base64. 0, or -1 with the
 * reason in `err` (an address that cannot go in a header). */
static int
mail_build(struct buf *msg, const char *from, const char *to,
    const char *subject, const char *body, struct buf *err)
{
	unsigned char rnd[12], enc[128];
	char date[64];
	struct buf s = BUF_INIT;
	struct tm tm;
	time_t now = time(NULL);
	int n;

	if (!header_ok(from) || !header_ok(to) || !svc_email_valid(to)) {
		buf_adds(err, "bad address");
		return -1;
	}
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	if (RAND_bytes(rnd, sizeof(rnd)) != 1) {
		buf_adds(err, "no random bytes");
		return -1;
	}
	n = EVP_EncodeBlock(enc, rnd, sizeof(rnd));
	for (int i = 0; i < n; i++)
		if (enc[i] == '/' || enc[i] == '+')
			enc[i] = 'x';
	buf_printf(msg, "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\n"
	    "Message-ID: <%.*s@congso>\r\nSubject: =?UTF-8?B?", date, from, to,
	    n, (const char *)enc);
	b64_lines(&s, subject, strlen(subject));
	/* One encoded word per line of base64. */
	for (char *p = s.data, *e; *p; p = e + 2) {
		e = strstr(p, "\r\n");
		if (p != s.data)
			buf_adds(msg, "?=\r\n =?UTF-8?B?");
		buf_add(msg, p, (size_t)(e - p));
	}
	buf_release(&s);
	buf_adds(msg, "?=\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n");
	if (b64_lines(msg, body, strlen(body)) < 0) {
		buf_adds(err, "message too large");
		return -1;
	}
	return 0;
}

int
svc_smtp_send(const char *host, int port, const char *from, const char *to,
    const char *subject, const char *body, struct buf *err)
{
	struct buf msg = BUF_INIT, url = BUF_INIT;
	struct curl_slist *rcpt = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	struct reader rd;
	CURLcode cc;
	CURL *c = NULL;
	int rc = -1;

	if (host == NULL || *host == '\0') {
		buf_adds(err, "no SMTP server configured");
		return -1;
	}
	if (mail_build(&msg, from, to, subject, body, err) < 0)
		goto out;
	buf_printf(&url, "smtp://%s:%d", host, port);
	if ((c = curl_easy_init()) == NULL) {
		buf_adds(err, "curl_easy_init failed");
		goto out;
	}
	rd.data = msg.data;
	rd.len = msg.len;
	rd.pos = 0;
	rcpt = curl_slist_append(NULL, to);
	curl_easy_setopt(c, CURLOPT_URL, url.data);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &rd);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	cc = curl_easy_perform(c);
	if (cc != CURLE_OK) {
		buf_printf(err, "smtp %s: %s (%s)", url.data,
		    curl_conn_error_vn(cc), *errbuf ? errbuf :
		    curl_easy_strerror(cc));
		goto out;
	}
	rc = 0;
out:
	curl_slist_free_all(rcpt);
	if (c)
		curl_easy_cleanup(c);
	buf_release(&msg);
	buf_release(&url);
	return rc;
}

/* 1 when `s` names a folder directly inside the data folder: letters,
 * digits, '-' and '_' only. */
static int
folder_name_ok(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == n;
}

/* Keep one message in the Maildir `dir` (made when missing): written to
 * tmp/, synced, renamed into new/. 0, or -1 with the reason in `err`. */
static int
mail_keep(const char *dir, const char *from, const char *to,
    const char *subject, const char *body, struct buf *err)
{
	struct buf msg = BUF_INIT, path = BUF_INIT, tmp = BUF_INIT;
	unsigned char rnd[8];
	static const char *const sub[] = { "", "/tmp", "/new", "/cur" };
	char name[96];
	struct timespec ts;
	size_t off;
	ssize_t w;
	int fd = -1, rc = -1;

	if (mail_build(&msg, from, to, subject, body, err) < 0)
		goto out;
	if (RAND_bytes(rnd, sizeof(rnd)) != 1) {
		buf_adds(err, "no random bytes");
		goto out;
	}
	for (size_t i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		buf_reset(&path);
		buf_printf(&path, "%s%s", dir, sub[i]);
		if (mkdir(path.data, 0700) < 0 && errno != EEXIST) {
			buf_printf(err, "mkdir %s: %s", path.data,
			    strerror(errno));
			goto out;
		}
	}
	/* A Maildir name: time, a unique part, the host ("congso"). */
	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(name, sizeof(name), "%lld.M%ldP%dR%02x%02x%02x%02x%02x%02x"
	    "%02x%02x.congso", (long long)ts.tv_sec, ts.tv_nsec / 1000,
	    (int)getpid(), rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5],
	    rnd[6], rnd[7]);
	buf_printf(&tmp, "%s/tmp/%s", dir, name);
	buf_reset(&path);
	buf_printf(&path, "%s/new/%s", dir, name);
	if ((fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) < 0) {
		buf_printf(err, "open %s: %s", tmp.data, strerror(errno));
		goto out;
	}
	for (off = 0; off < msg.len; off += (size_t)w)
		if ((w = write(fd, msg.data + off, msg.len - off)) < 0) {
			if (errno == EINTR) {
				w = 0;
				continue;
			}
			buf_printf(err, "write %s: %s", tmp.data,
			    strerror(errno));
			goto out;
		}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		buf_printf(err, "write %s: %s", tmp.data, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp.data, path.data) < 0) {
		buf_printf(err, "rename %s: %s", path.data, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && tmp.len)
		unlink(tmp.data);
	buf_release(&msg);
	buf_release(&path);
	buf_release(&tmp);
	return rc;
}

int
svc_job_mail(struct db *db, const char *payload, struct buf *err)
{
	struct arena a = ARENA_INIT;
	const char *host, *from, *folder, *to, *subject, *body;
	json_error_t jerr;
	json_t *o;
	int port, rc = -1;

	o = json_loads(payload, 0, &jerr);
	if (o == NULL || !json_is_string(json_object_get(o, "to")) ||
	    !json_is_string(json_object_get(o, "subject")) ||
	    !json_is_string(json_object_get(o, "body"))) {
		buf_adds(err, "malformed mail job");
		json_decref(o);
		return -1;
	}
	to = json_string_value(json_object_get(o, "to"));
	subject = json_string_value(json_object_get(o, "subject"));
	body = json_string_value(json_object_get(o, "body"));
	from = svc_setting(db, &a, "smtp.from", "no-reply@localhost");
	folder = svc_setting(db, &a, "mail.folder", "");
	if (*folder) {
		if (!folder_name_ok(folder) || data_dir() == NULL)
			buf_printf(err, "mail.folder '%s' is not a folder name",
			    folder);
		else
			rc = mail_keep(arena_printf(&a, "%s/%s",
			    data_dir(), folder), from, to, subject, body, err);
	} else {
		host = svc_setting(db, &a, "smtp.host", "");
		port = atoi(svc_setting(db, &a, "smtp.port", "25"));
		rc = svc_smtp_send(host, port > 0 ? port : 25, from, to,
		    subject, body, err);
	}
	json_decref(o);
	arena_release(&a);
	return rc;
}
