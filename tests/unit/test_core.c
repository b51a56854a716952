/* test_core.c - rules of the shared core: escaping, buffers, forms, the
 * job queue's retries, the audit chain, the blob store. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <sqlite3.h>

#include "core/arena.h"
#include "core/audit.h"
#include "core/base64.h"
#include "core/blob.h"
#include "core/buf.h"
#include "core/cache.h"
#include "core/curl_conn.h"
#include "core/data.h"
#include "core/db.h"
#include "core/form.h"
#include "core/html.h"
#include "core/jobs.h"
#include "core/memo.h"

/* The i-th string of the arena test: its number, then 0 to 22 bytes of
 * a run, so that strings end at every offset of the 16-byte alignment. */
static void
arena_label(char *out, size_t len, size_t i)
{
	snprintf(out, len, "chuỗi %zu %.*s", i, (int)(i % 23),
	    "0123456789abcdefghijklm");
}

/* Strings packed end to end, allocations 16-aligned and cleared between
 * them, across many blocks and past the block size, each intact. */
static void
arena_packs_strings_and_aligns_the_rest(void **state)
{
	struct arena a = ARENA_INIT;
	char *s[600], want[64];
	unsigned char *p;
	size_t i, k, size;

	(void)state;
	for (i = 0; i < 600; i++) {
		arena_label(want, sizeof(want), i);
		s[i] = arena_strdup(&a, want);
		size = i % 7 == 0 ? 9000 : 1 + i % 50;	/* past a block */
		p = arena_alloc(&a, size);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (k = 0; k < size; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xff, size);
	}
	for (i = 0; i < 600; i++) {
		arena_label(want, sizeof(want), i);
		assert_string_equal(s[i], want);
	}
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	arena_release(&a);
}

static void
html_printf_escapes_every_string(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	html_printf(&b, "<a title=\"%s\">%s</a> %d%%", "\"><script>",
	    "Tôi & <b>bạn</b>'", 42);
	assert_string_equal(b.data, "<a title=\"&quot;&gt;&lt;script&gt;\">"
	    "Tôi &amp; &lt;b&gt;bạn&lt;/b&gt;&#39;</a> 42%");
	buf_release(&b);
}

/* Each character HTML escapes, at every place of a string longer than
 * the four bytes read a turn, among letters with diacritics. */
static void
html_text_escapes_anywhere(void **state)
{
	static const char *const special[] = { "&", "<", ">", "\"", "'" };
	static const char *const as[] = { "&amp;", "&lt;", "&gt;", "&quot;",
	    "&#39;" };
	const char *base = "Sở Tài chính 0123";
	size_t len = strlen(base), i, k;
	char s[64], want[128];

	(void)state;
	for (k = 0; k < 5; k++)
		for (i = 0; i <= len; i++) {
			struct buf b = BUF_INIT;

			if (i < len && (unsigned char)base[i] >= 0x80)
				continue;	/* keep the UTF-8 whole */
			snprintf(s, sizeof(s), "%.*s%s%s", (int)i, base,
			    special[k], base + i);
			snprintf(want, sizeof(want), "%.*s%s%s", (int)i, base,
			    as[k], base + i);
			html_text(&b, s);
			assert_string_equal(b.data, want);
			buf_release(&b);
		}
}

static void
html_printf_prints_numbers_as_printf(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	html_printf(&b, "%05d|%lld|%zu|%ld|%x", 42, -7LL, (size_t)9, 100000L,
	    255);
	assert_string_equal(b.data, "00042|-7|9|100000|ff");
	buf_reset(&b);
	/* Plain %d, %i, %ld and %lld are written without printf. */
	html_printf(&b, "%d|%i|%ld|%lld|%lld|%d|%3d", INT_MIN, 0, -1L,
	    LLONG_MIN, LLONG_MAX, 2026, 7);
	assert_string_equal(b.data, "-2147483648|0|-1|-9223372036854775808|"
	    "9223372036854775807|2026|  7");
	buf_release(&b);
}

/* verdict: what curl_post_verdict makes of a transport result, an HTTP
 * status and an answer's body; the reason in `why`. */
static int
verdict(CURLcode rc, long status, const char *body, const char *errbuf,
    char *why, size_t len)
{
	struct curl_post p;
	int v;

	memset(&p, 0, sizeof(p));
	snprintf(p.url, sizeof(p.url), "https://h41.example.vn/api");
	p.rc = rc;
	p.status = status;
	buf_adds(&p.answer, body);
	why[0] = '\0';
	v = curl_post_verdict(&p, errbuf, why, len);
	buf_release(&p.answer);
	return v;
}

static void
peer_answers_are_judged_alike(void **state)
{
	char why[256];

	(void)state;
	assert_int_equal(verdict(CURLE_OK, 200, "{\"ack\":\"done\"}", NULL,
	    why, sizeof(why)), 0);
	assert_int_equal(verdict(CURLE_OK, 202, "{\"ack\":\"done\","
	    "\"duplicate\":true}", NULL, why, sizeof(why)), 0);
	/* A 2xx that does not say done is tried again. */
	assert_int_equal(verdict(CURLE_OK, 200, "{\"ack\":\"fail\"}", NULL,
	    why, sizeof(why)), -1);
	assert_non_null(strstr(why, "không xác nhận"));
	assert_int_equal(verdict(CURLE_OK, 200, "<html>", NULL, why,
	    sizeof(why)), -1);
	/* A 4xx is final, with the receiver's code and message. */
	assert_int_equal(verdict(CURLE_OK, 422, "{\"error\":{\"code\":"
	    "\"invalid_subject\",\"message\":\"Subject quá 500 ký tự\"}}",
	    NULL, why, sizeof(why)), 1);
	assert_string_equal(why, "Nơi nhận trả lời 422 invalid_subject:"
	    " Subject quá 500 ký tự");
	assert_int_equal(verdict(CURLE_OK, 404, "not here", NULL, why,
	    sizeof(why)), 1);
	assert_string_equal(why, "Nơi nhận trả lời 404: not here");
	/* A 5xx, or no answer at all, is tried again. */
	assert_int_equal(verdict(CURLE_OK, 503, "", NULL, why, sizeof(why)),
	    -1);
	assert_string_equal(why, "Nơi nhận trả lời 503");
	assert_int_equal(verdict(CURLE_COULDNT_CONNECT, 0, "", NULL, why,
	    sizeof(why)), -1);
	assert_non_null(strstr(why, "https://h41.example.vn/api"));
	assert_int_equal(verdict(CURLE_PEER_FAILED_VERIFICATION, 0, "",
	    "SSL certificate problem: unable to get local issuer", why,
	    sizeof(why)), -1);
	assert_non_null(strstr(why, "unable to get local issuer"));
	/* A long reason is cut to the room given, still a string. */
	assert_int_equal(verdict(CURLE_OK, 400, "{\"error\":{\"message\":"
	    "\"Gói tin thiếu phần tử Subject trong MessageHeader\"}}", NULL,
	    why, 17), 1);
	/* 16 bytes would end inside "ả": the whole letters before it. */
	assert_string_equal(why, "Nơi nhận tr");
	/* A body of any bytes is kept only as far as it is UTF-8. */
	assert_int_equal(verdict(CURLE_OK, 502, "Bad \xff\xfe gateway", NULL,
	    why, sizeof(why)), -1);
	assert_string_equal(why, "Nơi nhận trả lời 502: Bad ");
}

static void
url_escape_keeps_only_unreserved(void **state)
{
	struct arena a = ARENA_INIT;

	(void)state;
	assert_string_equal(url_escape(&a, "Đồng Hỷ/a b&c=d"),
	    "%C4%90%E1%BB%93ng%20H%E1%BB%B7%2Fa%20b%26c%3Dd");
	arena_release(&a);
}

static void
buf_refuses_to_pass_its_limit(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_adds(&b, "12345678"), 0);
	assert_int_equal(buf_adds(&b, "9"), -1);
	assert_string_equal(b.data, "12345678");
	assert_int_equal(buf_printf(&b, "%s", "more"), -1);
	assert_string_equal(b.data, "12345678");
	buf_release(&b);
}

static void
form_parse_decodes_plus_and_percent(void **state)
{
	struct arena a = ARENA_INIT;
	struct param p[8];
	int n;

	(void)state;
	assert_int_equal(form_parse(&a, "q=dong+hy&t=%C4%90%E1%BB%93ng&e=&x",
	    34, p, 8, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(p[0].value, "dong hy");
	assert_string_equal(p[1].value, "Đồng");
	assert_string_equal(p[2].value, "");
	assert_string_equal(p[3].name, "x");
	arena_release(&a);
}

static void
form_parse_refuses_bad_utf8_and_nul(void **state)
{
	struct arena a = ARENA_INIT;
	struct param p[8];
	int n;

	(void)state;
	assert_int_equal(form_parse(&a, "a=%C3%28", 8, p, 8, &n), -1);
	assert_int_equal(form_parse(&a, "a=x%00y", 7, p, 8, &n), -1);
	assert_int_equal(form_parse(&a, "a=1&b=2&c=3", 11, p, 2, &n), -2);
	arena_release(&a);
}

static void
cache_serves_only_the_same_generation(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	cache_put("/api/v1/units?q=dong hy", 7, "{\"total\":40}", 12);
	assert_int_equal(cache_get("/api/v1/units?q=dong hy", 7, &b), 1);
	assert_string_equal(b.data, "{\"total\":40}");
	buf_reset(&b);
	assert_int_equal(cache_get("/api/v1/units?q=dong hy", 8, &b), 0);
	assert_int_equal(cache_get("/api/v1/units?q=dong", 7, &b), 0);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void
cache_keeps_no_oversized_body(void **state)
{
	static char big[CACHE_BODY_MAX + 1];
	struct buf b = BUF_INIT;

	(void)state;
	memset(big, 'x', sizeof(big));
	cache_put("/big", 1, big, sizeof(big));
	assert_int_equal(cache_get("/big", 1, &b), 0);
	buf_release(&b);
}

/* Every length and split point against OpenSSL's encoder, with the
 * line breaks and spaces packages carry. */
static void
base64_decodes_what_openssl_encodes_split_anywhere(void **state)
{
	unsigned char raw[300], enc[420], wrapped[600], out[480];
	struct b64dec d;
	size_t len, n, i, w, cut;
	long a, b;

	(void)state;
	srand(7);
	for (len = 0; len <= sizeof(raw); len += len < 20 ? 1 : 37) {
		for (i = 0; i < len; i++)
			raw[i] = (unsigned char)rand();
		n = (size_t)EVP_EncodeBlock(enc, raw, (int)len);
		for (i = w = 0; i < n; i++) {
			if (i > 0 && i % 64 == 0) {
				wrapped[w++] = '\r';
				wrapped[w++] = '\n';
			}
			wrapped[w++] = enc[i];
		}
		wrapped[w++] = '\n';
		for (cut = 0; cut <= w; cut += 1 + cut / 8) {
			b64dec_init(&d);
			a = b64dec_update(&d, (const char *)wrapped, cut, out);
			assert_true(a >= 0);
			b = b64dec_update(&d, (const char *)wrapped + cut,
			    w - cut, out + a);
			assert_true(b >= 0);
			assert_int_equal(b64dec_final(&d), 0);
			assert_int_equal(a + b, len);
			assert_memory_equal(out, raw, len);
		}
	}
	assert_int_equal(b64_decode(" Q U\tJD\r\n", 9, out), 3);
	assert_memory_equal(out, "ABC", 3);
	assert_int_equal(b64_decode("QUI=", 4, out), 2);
	assert_int_equal(b64_decode("QQ==\n", 5, out), 1);
}

/* Not base64: a stray character, a group cut short, padding in the
 * wrong place or data after it. */
static void
base64_refuses_what_is_not_base64(void **state)
{
	static const char *bad[] = { "QUJD!", "QUI", "QQ=", "Q===", "=QQQ",
	    "QUJD=", "QQ==QQ==", "QQ=a", "QUI=x", "QU-D", "QUJ\x80" };
	unsigned char out[16];
	struct b64dec d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(b64_decode(bad[i], strlen(bad[i]), out), -1);
	/* A failed decoder stays failed. */
	b64dec_init(&d);
	assert_int_equal(b64dec_update(&d, "Q!", 2, out), -1);
	assert_int_equal(b64dec_update(&d, "UJD", 3, out), -1);
	assert_int_equal(b64dec_final(&d), -1);
}

/* A data folder in a temporary directory for the DB tests. */
static char tmpdir[64];

static int
setup_data(void **state)
{
	char path[128];

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/congso-unit-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/d", tmpdir);
	return data_create(path);
}

static int
teardown_data(void **state)
{
	char cmd[128];

	(void)state;
	db_thread_close();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static int attempts_seen;

static int
job_fails_twice(struct db *db, const char *payload, struct buf *err)
{
	(void)db;
	assert_string_equal(payload, "{\"n\":1}");
	if (++attempts_seen < 3) {
		buf_adds(err, "máy chủ thư chưa sẵn sàng");
		return -1;
	}
	return 0;
}

static int64_t
one_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
jobs_retry_with_backoff_until_done(void **state)
{
	struct db *db = db_thread();

	(void)state;
	jobs_register("test.flaky", job_fails_twice);
	assert_int_equal(jobs_enqueue(db, "test.flaky", "{\"n\":1}", 0), 0);
	assert_int_equal(jobs_run_once(db), 1);
	/* The failed job waits its backoff: nothing is due now. */
	assert_int_equal(jobs_run_once(db), 0);
	assert_int_equal(one_int(db, "SELECT run_at - updated_at FROM jobs"), 30);
	db_exec(db, "UPDATE jobs SET run_at = 0");
	assert_int_equal(jobs_run_once(db), 1);
	assert_int_equal(one_int(db, "SELECT run_at - updated_at FROM jobs"), 60);
	db_exec(db, "UPDATE jobs SET run_at = 0");
	assert_int_equal(jobs_run_once(db), 1);
	assert_int_equal(one_int(db, "SELECT state = 'done' AND attempts = 3"
	    " FROM jobs"), 1);
}

/* A handler that writes its result and marks its job done in one
 * transaction, then keeps it or (payload "drop") rolls it back. */
static int
job_done_here(struct db *db, const char *payload, struct buf *err)
{
	sqlite3_stmt *st;

	if (db_begin(db) < 0)
		return -1;
	st = db_prepare(db, "INSERT INTO results VALUES (?1)");
	db_bind_text(st, 1, payload);
	if (st == NULL || db_step_done(st) < 0 || jobs_done_here(db) < 0) {
		db_rollback(db);
		return -1;
	}
	/* Marked in this very transaction. */
	if (one_int(db, "SELECT count(*) FROM jobs WHERE kind = 'test.here'"
	    " AND state = 'running'") != 0) {
		db_rollback(db);
		buf_adds(err, "not marked");
		return -1;
	}
	if (strstr(payload, "drop") != NULL) {
		db_rollback(db);
		buf_adds(err, "rolled back");
		return -1;
	}
	return db_commit(db);
}

static void
jobs_marked_done_by_their_handler_keep_or_lose_both(void **state)
{
	struct db *db = db_thread();

	(void)state;
	assert_int_equal(db_exec(db, "CREATE TABLE results (p TEXT)"), 0);
	jobs_register("test.here", job_done_here);
	assert_int_equal(jobs_enqueue(db, "test.here", "keep", 0), 0);
	assert_int_equal(jobs_run_once(db), 1);
	assert_int_equal(one_int(db, "SELECT count(*) FROM jobs WHERE kind ="
	    " 'test.here' AND state = 'done' AND last_error = ''"), 1);
	assert_int_equal(one_int(db, "SELECT count(*) FROM results"), 1);
	/* The handler's transaction rolled back: the mark went with it, and
	 * the worker queues the job again. */
	assert_int_equal(jobs_enqueue(db, "test.here", "drop", 0), 0);
	assert_int_equal(jobs_run_once(db), 1);
	assert_int_equal(one_int(db, "SELECT count(*) FROM jobs WHERE payload ="
	    " 'drop' AND state = 'queued' AND last_error = 'rolled back'"), 1);
	assert_int_equal(one_int(db, "SELECT count(*) FROM results"), 1);
	/* Outside a job it marks nothing. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(jobs_done_here(db), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(one_int(db, "SELECT count(*) FROM jobs WHERE payload ="
	    " 'drop' AND state = 'queued'"), 1);
	assert_int_equal(db_exec(db, "DELETE FROM jobs WHERE kind = 'test.here'"),
	    0);
}

/* Jobs taken together: run in the order they fell due (not their ids'),
 * each settled by its own outcome. */
static int
job_in_order(struct db *db, const char *payload, struct buf *err)
{
	sqlite3_stmt *st;

	if (db_begin(db) < 0)
		return -1;
	st = db_prepare(db, "INSERT INTO ran (p) VALUES (?1)");
	db_bind_text(st, 1, payload);
	if (st == NULL || db_step_done(st) < 0 ||
	    (strcmp(payload, "here") == 0 && jobs_done_here(db) < 0)) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) < 0)
		return -1;
	if (strcmp(payload, "fail") == 0) {
		buf_adds(err, "failed on purpose");
		return -1;
	}
	return 0;
}

static void
jobs_taken_together_run_in_due_order_each_settled(void **state)
{
	struct db *db = db_thread();

	(void)state;
	assert_int_equal(db_exec(db, "CREATE TABLE ran (n INTEGER PRIMARY KEY,"
	    " p TEXT)"), 0);
	jobs_register("test.order", job_in_order);
	assert_int_equal(jobs_enqueue(db, "test.order", "third", 0), 0);
	assert_int_equal(jobs_enqueue(db, "test.order", "fail", 0), 0);
	assert_int_equal(jobs_enqueue(db, "test.order", "first", 0), 0);
	assert_int_equal(jobs_enqueue(db, "test.order", "here", 0), 0);
	assert_int_equal(jobs_enqueue(db, "test.order", "later", 3600), 0);
	assert_int_equal(db_exec(db, "UPDATE jobs SET run_at = CASE payload"
	    " WHEN 'first' THEN 1 WHEN 'fail' THEN 2 WHEN 'here' THEN 3"
	    " WHEN 'third' THEN 4 ELSE run_at END WHERE kind = 'test.order'"),
	    0);
	assert_int_equal(jobs_run_batch(db, 16), 4);
	assert_int_equal(one_int(db, "SELECT group_concat(p, ',') = "
	    "'first,fail,here,third' FROM (SELECT p FROM ran ORDER BY n)"), 1);
	assert_int_equal(one_int(db, "SELECT count(*) FROM jobs WHERE kind ="
	    " 'test.order' AND state = 'done' AND attempts = 1"), 3);
	assert_int_equal(one_int(db, "SELECT count(*) FROM jobs WHERE payload ="
	    " 'fail' AND state = 'queued' AND last_error = 'failed on purpose'"
	    " AND run_at > updated_at"), 1);
	assert_int_equal(one_int(db, "SELECT count(*) FROM jobs WHERE payload ="
	    " 'later' AND state = 'queued' AND attempts = 0"), 1);
	assert_int_equal(jobs_run_batch(db, 16), 0);
	/* At most the number asked for. */
	assert_int_equal(db_exec(db, "UPDATE jobs SET run_at = 0 WHERE"
	    " kind = 'test.order' AND state = 'queued'"), 0);
	assert_int_equal(jobs_run_batch(db, 1), 1);
	assert_int_equal(one_int(db, "SELECT count(*) FROM ran"), 5);
	assert_int_equal(db_exec(db, "DELETE FROM jobs WHERE kind ="
	    " 'test.order'"), 0);
}

static void
jobs_of_unknown_kind_fail_at_once(void **state)
{
	struct db *db = db_thread();

	(void)state;
	jobs_enqueue(db, "test.nobody", "{}", 0);
	assert_int_equal(jobs_run_once(db), 1);
	assert_int_equal(one_int(db, "SELECT count(*) FROM jobs WHERE kind ="
	    " 'test.nobody' AND state = 'failed'"), 1);
}

static void
jobs_left_running_are_requeued(void **state)
{
	struct db *db = db_thread();

	(void)state;
	jobs_enqueue(db, "test.flaky", "{\"n\":1}", 0);
	db_exec(db, "UPDATE jobs SET state = 'running' WHERE state = 'queued'");
	assert_int_equal(jobs_recover(db), 0);
	assert_int_equal(one_int(db, "SELECT count(*) FROM jobs WHERE state ="
	    " 'running'"), 0);
}

static void
backoff_doubles_and_caps_at_an_hour(void **state)
{
	(void)state;
	assert_int_equal(jobs_backoff(1), 30);
	assert_int_equal(jobs_backoff(2), 60);
	assert_int_equal(jobs_backoff(5), 480);
	assert_int_equal(jobs_backoff(30), 3600);
}

static void
audit_chain_finds_an_edited_row(void **state)
{
	struct db *db = db_thread();
	struct buf why = BUF_INIT;
	int i;

	(void)state;
	db_begin(db);
	for (i = 0; i < 5; i++)
		assert_int_equal(audit_record(db, 7, "admin", "127.0.0.1",
		    "unit.create", "unit:1", "tên=Sở TT&TT"), 0);
	db_commit(db);
	assert_int_equal(audit_verify(db, &why), 0);
	db_exec(db, "DROP TRIGGER audit_no_update;"
	    " UPDATE audit SET actor = 'someone' WHERE id = 3");
	assert_int_equal(audit_verify(db, &why), -1);
	assert_non_null(strstr(why.data, "dòng 3"));
	buf_release(&why);
}

/* The bytes of the file named `path` (at most len - 1) as a string. */
static const char *
read_back(const char *path, char *got, size_t len)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(got, 1, len - 1, f);
	got[n] = '\0';
	fclose(f);
	return got;
}

/* A small blob lives in its row (no file); read back by blob_open. */
static void
blobs_are_stored_once_by_hash(void **state)
{
	struct db *db = db_thread();
	char h1[65], h2[65], path[4096], got[64];
	struct blob_file f;

	(void)state;
	assert_int_equal(blob_put(db, "công văn", 10, "text/plain", h1), 0);
	assert_int_equal(blob_put(db, "công văn", 10, "text/plain", h2), 0);
	assert_string_equal(h1, h2);
	assert_int_equal(one_int(db, "SELECT count(*) FROM blobs"), 1);
	assert_int_equal(one_int(db, "SELECT length(data) FROM blobs"), 10);
	assert_int_equal(blob_path(h1, path, sizeof(path)), 0);
	assert_int_not_equal(access(path, F_OK), 0);	/* no file */
	assert_int_equal(blob_open(db, h1, &f), 0);
	assert_string_equal(read_back(f.path, got, sizeof(got)), "công văn");
	blob_close(&f);
	assert_int_equal(blob_path("../../etc/passwd", path, sizeof(path)), -1);
	assert_int_equal(blob_open(db, "../../etc/passwd", &f), -1);
	blob_close(&f);
}

/* Over blobs.inline_max, a blob is a file under blobs/ (data NULL), and
 * blob_open names that file. blob_fd gives a descriptor on either kind,
 * read from its start, closed by blob_close. */
static void
blobs_over_the_limit_are_files(void **state)
{
	struct db *db = db_thread();
	char h[65], path[4096], got[64];
	struct blob_file f;
	int fd;

	(void)state;
	blob_set_inline_max(4);
	assert_int_equal(blob_put(db, "quyết định", strlen("quyết định"), "text/plain",
	    h), 0);
	blob_set_inline_max(BLOB_INLINE_MAX);
	assert_int_equal(one_int(db, "SELECT count(*) FROM blobs WHERE"
	    " data IS NULL AND size = 15"), 1);
	assert_int_equal(blob_path(h, path, sizeof(path)), 0);
	assert_int_equal(access(path, R_OK), 0);
	assert_int_equal(blob_open(db, h, &f), 0);
	assert_string_equal(f.path, path);
	assert_string_equal(read_back(f.path, got, sizeof(got)), "quyết định");
	assert_true((fd = blob_fd(&f)) >= 0);
	memset(got, 0, sizeof(got));
	assert_int_equal(pread(fd, got, sizeof(got) - 1, 0), 15);
	assert_string_equal(got, "quyết định");
	blob_close(&f);
	assert_int_equal(fcntl(fd, F_GETFD), -1);	/* closed */
	assert_int_equal(access(path, R_OK), 0);	/* not removed */

	assert_int_equal(blob_put(db, "tờ trình", strlen("tờ trình"), "text/plain", h), 0);
	assert_int_equal(blob_open(db, h, &f), 0);
	assert_true((fd = blob_fd(&f)) >= 0);
	memset(got, 0, sizeof(got));
	assert_int_equal(pread(fd, got, sizeof(got) - 1, 0), 11);
	assert_string_equal(got, "tờ trình");
	blob_close(&f);
	assert_int_equal(fcntl(fd, F_GETFD), -1);
	blob_close(&f);		/* twice: nothing happens */
}

/* Make `path` a file holding `text`, as an upload would leave it. */
static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
blob_put_file_moves_an_upload_into_place(void **state)
{
	struct db *db = db_thread();
	char tmp[4096], h1[65], h2[65], got[64];
	struct blob_file f;

	(void)state;
	snprintf(tmp, sizeof(tmp), "%s/tmp/up-test", data_dir());
	write_file(tmp, "công văn đến");
	assert_int_equal(blob_put_file(db, tmp, "text/plain", h1), 0);
	assert_int_not_equal(access(tmp, F_OK), 0);	/* taken */
	assert_int_equal(blob_put(db, "công văn đến", strlen("công văn đến"),
	    "text/plain", h2), 0);
	assert_string_equal(h1, h2);			/* same content */
	assert_int_equal(blob_open(db, h1, &f), 0);
	assert_string_equal(read_back(f.path, got, sizeof(got)),
	    "công văn đến");
	blob_close(&f);
	assert_int_equal(blob_put_file(db, tmp, "text/plain", h1), -1);
}

/* A hash known from the upload is trusted for the name (the file is not
 * read again when kept as a file); inside a transaction the row and its
 * bytes land together, and a rollback leaves neither. A malformed hash
 * falls back to reading the file, and a file whose size changed is
 * refused. */
/* Reading part of an upload: a memory file through its descriptor (it
 * stays open, its offset unmoved), a file by its name. */
static void
blob_pread_reads_memory_files_and_files(void **state)
{
	char path[4096], file[256], got[16];
	int fd;

	(void)state;
	fd = blob_memfile("t", path, sizeof(path));
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "%PDF-1.7 thu", 12), 12);
	assert_int_equal(blob_pread(path, got, 5, 0), 5);
	assert_memory_equal(got, "%PDF-", 5);
	assert_int_equal(blob_pread(path, got, sizeof(got), 9), 3);
	assert_memory_equal(got, "thu", 3);
	assert_int_equal(lseek(fd, 0, SEEK_CUR), 12);
	close(fd);
	assert_int_equal(blob_pread(path, got, 5, 0), -1);
	snprintf(file, sizeof(file), "%s/pread", tmpdir);
	fd = open(file, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	assert_int_equal(write(fd, "PK\3\4", 4), 4);
	close(fd);
	assert_int_equal(blob_pread(file, got, sizeof(got), 0), 4);
	assert_memory_equal(got, "PK\3\4", 4);
	unlink(file);
	assert_int_equal(blob_pread(file, got, 1, 0), -1);
}

static void
blob_put_known_uses_the_hash_it_is_given(void **state)
{
	struct db *db = db_thread();
	char tmp[4096], h[65], path[4096];
	const char *sha = "9f86d081884c7d659a2feaa0c55ad015"
	    "a3bf4f1b2b0b822cd15d6c15b0f00a08";	/* SHA-256 of "test" */
	const char *count = "SELECT count(*) FROM blobs WHERE hash ="
	    " '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'";

	(void)state;
	snprintf(tmp, sizeof(tmp), "%s/tmp/up-known", data_dir());
	write_file(tmp, "test");
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(blob_put_known(db, tmp, sha, 4, 0, "text/plain", h),
	    0);
	assert_int_equal(one_int(db, count), 1);
	assert_int_equal(db_rollback(db), 0);
	assert_string_equal(h, sha);
	assert_int_equal(access(tmp, F_OK), -1);	/* taken */
	assert_int_equal(one_int(db, count), 0);	/* rolled back */
	assert_int_equal(blob_path(sha, path, sizeof(path)), 0);
	assert_int_equal(access(path, F_OK), -1);	/* never a file */

	write_file(tmp, "test");
	assert_int_equal(blob_put_known(db, tmp, sha, 5, 0, "text/plain", h),
	    -1);					/* size changed */
	assert_int_equal(one_int(db, count), 0);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(blob_put_known(db, tmp, "not a hash", 4, 1,
	    "text/plain", h), 0);
	assert_int_equal(db_commit(db), 0);
	assert_string_equal(h, sha);			/* read and hashed */
	assert_int_equal(access(tmp, F_OK), -1);
	assert_int_equal(one_int(db, "SELECT size FROM blobs WHERE hash ="
	    " '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'"
	    " AND data = CAST('test' AS BLOB)"), 4);
}

/*
 * Durable commits: the write-ahead log is flushed before db_commit()
 * returns when the transaction changed rows, and not for a lazy commit
 * or one that changed nothing. The flushes are counted by interposing
 * fsync and fdatasync, which SQLite calls through the dynamic linker.
 */
static int wal_flushes;

static void
count_wal(int fd)
{
	char link[64], target[4096];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n > 4) {
		target[n] = '\0';
		if (strcmp(target + n - 4, "-wal") == 0)
			__atomic_add_fetch(&wal_flushes, 1, __ATOMIC_RELAXED);
	}
}

int
fdatasync(int fd)
{
	count_wal(fd);
	return (int)syscall(SYS_fdatasync, fd);
}

int
fsync(int fd)
{
	count_wal(fd);
	return (int)syscall(SYS_fsync, fd);
}

static void
commits_flush_the_log_only_when_they_must(void **state)
{
	struct db *db = db_thread();
	int round, before;

	(void)state;
	assert_int_equal(db_exec(db, "CREATE TABLE IF NOT EXISTS f"
	    " (n INTEGER) STRICT"), 0);
	for (round = 0; round < 2; round++) {
		/* Round 0: the command line's connection; 1: the server's
		 * shared writer. */
		if (round == 1)
			assert_int_equal(db_writer_start(), 0);
		/* An empty log, so that no checkpoint (which flushes) comes
		 * due in these three commits: the earlier tests leave it at
		 * any length. */
		assert_int_equal(db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)"),
		    0);
		before = wal_flushes;
		assert_int_equal(db_begin(db), 0);
		assert_int_equal(db_exec(db, "INSERT INTO f VALUES (1)"), 0);
		assert_int_equal(db_commit(db), 0);
		assert_true(wal_flushes > before);
		before = wal_flushes;
		assert_int_equal(db_begin(db), 0);
		assert_int_equal(db_exec(db, "INSERT INTO f VALUES (2)"), 0);
		assert_int_equal(db_commit_lazy(db), 0);
		assert_int_equal(wal_flushes, before);
		assert_int_equal(db_begin(db), 0);
		assert_int_equal(one_int(db, "SELECT count(*) FROM f") > 0, 1);
		assert_int_equal(db_commit(db), 0);
		assert_int_equal(wal_flushes, before);
		if (round == 1)
			db_writer_stop();
	}
}

/* The server's shared writer: eight threads write at once; a commit is
 * seen by the thread's own connection as soon as db_commit() returns, a
 * rollback undoes only that thread's row, whatever group it was in. */
#define W_THREADS	8
#define W_ROUNDS	100
static int writer_errors;

static void *
writer_thread(void *arg)
{
	struct db *db = db_thread();
	long t = (long)arg;
	sqlite3_stmt *st;
	int i, errors = 0;

	for (i = 0; i < W_ROUNDS; i++) {
		if (db == NULL || db_begin(db) < 0) {
			errors++;
			continue;
		}
		st = db_prepare(db, "INSERT INTO w (t, n) VALUES (?1, ?2)");
		db_bind_int(st, 1, t);
		db_bind_int(st, 2, i);
		if (st == NULL || db_step_done(st) < 0)
			errors++;
		if (i % 5 == 4) {
			if (db_rollback(db) < 0)
				errors++;
		} else if (db_commit(db) < 0)
			errors++;
		st = db_prepare(db, "SELECT count(*) FROM w WHERE t = ?1"
		    " AND n = ?2");
		db_bind_int(st, 1, t);
		db_bind_int(st, 2, i);
		if (st == NULL || sqlite3_step(st) != SQLITE_ROW ||
		    sqlite3_column_int(st, 0) != (i % 5 == 4 ? 0 : 1))
			errors++;
		db_done(st);
	}
	db_thread_close();
	__atomic_add_fetch(&writer_errors, errors, __ATOMIC_RELAXED);
	return NULL;
}

static void
shared_writer_groups_commits_and_keeps_rollbacks_apart(void **state)
{
	struct db *db = db_thread();
	pthread_t th[W_THREADS];
	long i;

	(void)state;
	assert_int_equal(db_exec(db, "CREATE TABLE w (t INTEGER, n INTEGER,"
	    " PRIMARY KEY (t, n)) STRICT"), 0);
	assert_int_equal(db_writer_start(), 0);
	for (i = 0; i < W_THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, writer_thread,
		    (void *)i), 0);
	for (i = 0; i < W_THREADS; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(writer_errors, 0);
	assert_int_equal(one_int(db, "SELECT count(*) FROM w"),
	    W_THREADS * W_ROUNDS * 4 / 5);
	assert_int_equal(one_int(db, "SELECT count(*) FROM w WHERE n % 5 = 4"),
	    0);
	/* A failed statement inside a member leaves the group usable. */
	assert_int_equal(db_begin(db), 0);
	assert_int_not_equal(db_exec(db, "INSERT INTO w VALUES (0, 0)"), 0);
	assert_int_equal(db_rollback(db), 0);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO w VALUES (99, 0)"), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(one_int(db, "SELECT count(*) FROM w WHERE t = 99"), 1);
	db_writer_stop();
}

/* Work deferred to the commit (db_defer): recorded in a table by the
 * kind's function, so the tests see when it ran and with which ids. */
static int
record_ids(struct db *db, const char *ids)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO deferred VALUES (?1)");

	db_bind_text(st, 1, ids);
	return st == NULL ? -1 : db_step_done(st);
}

static int
fail_ids(struct db *db, const char *ids)
{
	(void)db;
	(void)ids;
	return -1;
}

static int record_kind, fail_kind;

static void *
defer_thread(void *arg)
{
	struct db *db = db_thread();
	long t = (long)arg;
	int i, errors = 0;

	for (i = 0; i < W_ROUNDS; i++) {
		if (db == NULL || db_begin(db) < 0 ||
		    db_defer(db, record_kind, t * 1000 + i) < 0) {
			errors++;
			continue;
		}
		if (i % 5 == 4 ? db_rollback(db) < 0 : db_commit(db) < 0)
			errors++;
	}
	db_thread_close();
	__atomic_add_fetch(&writer_errors, errors, __ATOMIC_RELAXED);
	return NULL;
}

static void
deferred_work_runs_once_per_commit_with_every_id_kept(void **state)
{
	struct db *db = db_thread();
	pthread_t th[W_THREADS];
	int runs;
	long i;

	(void)state;
	record_kind = db_defer_register(record_ids);
	fail_kind = db_defer_register(fail_ids);
	assert_int_equal(db_exec(db, "CREATE TABLE deferred (ids TEXT)"), 0);
	/* Outside a transaction: at once. */
	assert_int_equal(db_defer(db, record_kind, 7), 0);
	assert_int_equal(one_int(db, "SELECT count(*) FROM deferred"
	    " WHERE ids = '[7]'"), 1);
	/* The command line's connection: once, at the commit, with every
	 * id queued; nothing from a rollback. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_defer(db, record_kind, 1), 0);
	assert_int_equal(db_defer(db, record_kind, 2), 0);
	assert_int_equal(db_defer(db, record_kind, 1), 0);
	assert_int_equal(one_int(db, "SELECT count(*) FROM deferred"), 1);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(one_int(db, "SELECT count(*) FROM deferred"
	    " WHERE ids = '[1,2,1]'"), 1);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_defer(db, record_kind, 3), 0);
	assert_int_equal(db_rollback(db), 0);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(one_int(db, "SELECT count(*) FROM deferred"), 2);
	/* A function that fails makes the commit fail, and undoes it. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO deferred VALUES ('x')"), 0);
	assert_int_equal(db_defer(db, fail_kind, 4), 0);
	assert_int_not_equal(db_commit(db), 0);
	assert_int_equal(one_int(db, "SELECT count(*) FROM deferred"
	    " WHERE ids = 'x'"), 0);
	/* The server's shared writer: every committed member's id, none of
	 * a rolled-back one, in at most one run per commit. */
	assert_int_equal(db_exec(db, "DELETE FROM deferred"), 0);
	writer_errors = 0;
	assert_int_equal(db_writer_start(), 0);
	for (i = 0; i < W_THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, defer_thread,
		    (void *)i), 0);
	for (i = 0; i < W_THREADS; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(writer_errors, 0);
	assert_int_equal(one_int(db, "SELECT count(DISTINCT j.value) FROM"
	    " deferred, json_each(deferred.ids) j"), W_THREADS * W_ROUNDS * 4 / 5);
	assert_int_equal(one_int(db, "SELECT count(*) FROM deferred,"
	    " json_each(deferred.ids) j WHERE j.value % 5 = 4"), 0);
	runs = one_int(db, "SELECT count(*) FROM deferred");
	assert_true(runs >= 1 && runs <= W_THREADS * W_ROUNDS * 4 / 5);
	/* A failing one fails the group's commit: the member is told. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO deferred VALUES ('y')"), 0);
	assert_int_equal(db_defer(db, fail_kind, 5), 0);
	assert_int_not_equal(db_commit(db), 0);
	assert_int_equal(one_int(db, "SELECT count(*) FROM deferred"
	    " WHERE ids = 'y'"), 0);
	db_writer_stop();
}

/* One transaction of `sql`, ended by `end` (db_commit, db_commit_lazy or
 * db_rollback): 0 when each step succeeded. */
static int
write_one(struct db *db, const char *sql, int (*end)(struct db *))
{
	if (db_begin(db) < 0)
		return -1;
	if (db_exec(db, sql) < 0) {
		(void)db_rollback(db);
		return -1;
	}
	return end(db);
}

/* A watch of tables moves on once a transaction that changed one of
 * their rows has ended (committed or rolled back, a trigger's change
 * too), on a connection of its own or the shared writer's, and not for
 * other tables nor before the end. */
static void
a_watch_moves_once_a_change_to_its_tables_ends(void **state)
{
	static const char *const tables[] = { "watched", NULL };
	struct db *db = db_thread();
	uint64_t g;
	int w, pass;

	(void)state;
	w = db_watch(tables);
	assert_int_equal(db_exec(db, "CREATE TABLE watched (x);"
	    " CREATE TABLE other (x);"
	    " CREATE TRIGGER other_i AFTER INSERT ON other WHEN NEW.x = 9"
	    " BEGIN INSERT INTO watched VALUES (9); END"), 0);
	g = db_watch_gen(w);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO watched VALUES (1)"), 0);
	assert_true(db_watch_gen(w) == g);	/* not before the end */
	assert_int_equal(db_commit(db), 0);
	assert_true(db_watch_gen(w) > g);
	/* Its own connection, then the shared writer's. */
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1)
			assert_int_equal(db_writer_start(), 0);
		g = db_watch_gen(w);
		assert_int_equal(write_one(db, "INSERT INTO other VALUES (1)",
		    db_commit), 0);
		assert_true(db_watch_gen(w) == g);
		assert_int_equal(write_one(db, "UPDATE watched SET x = 2",
		    db_rollback), 0);
		assert_true(db_watch_gen(w) > g);
		g = db_watch_gen(w);
		assert_int_equal(write_one(db, "INSERT INTO other VALUES (9)",
		    db_commit), 0);
		assert_true(db_watch_gen(w) > g);
	}
	db_writer_stop();
}

/* A memo gives back what was put with the current number of its tables'
 * watch; a change to one of them ends every entry, as does the passing of
 * MEMO_SECONDS (a change by another process); a lookup read before a
 * change is not remembered; a NULL memo and an overlong key keep nothing. */
static void
a_memo_keeps_lookups_until_their_tables_change(void **state)
{
	static const char *const tables[] = { "memoed", NULL };
	static struct memo *m;	/* never freed, as the server's */
	struct db *db = db_thread();
	char longkey[MEMO_KEY_MAX + 1];
	int64_t v[2] = { 0, 0 }, seven[2] = { 7, 1 };
	uint64_t g;

	(void)state;
	m = memo_new(tables);
	assert_int_equal(db_exec(db, "CREATE TABLE memoed (x);"
	    " CREATE TABLE unmemoed (x)"), 0);
	assert_int_equal(memo_get(m, "a", v), 0);
	g = memo_gen(m);
	memo_put(m, "a", g, seven);
	assert_int_equal(memo_get(m, "a", v), 1);
	assert_true(v[0] == 7 && v[1] == 1);
	assert_int_equal(memo_get(m, "b", v), 0);
	/* Another table: kept. One of its own: every entry ends. */
	assert_int_equal(write_one(db, "INSERT INTO unmemoed VALUES (1)",
	    db_commit), 0);
	assert_int_equal(memo_get(m, "a", v), 1);
	assert_int_equal(write_one(db, "INSERT INTO memoed VALUES (1)",
	    db_commit), 0);
	assert_int_equal(memo_get(m, "a", v), 0);
	/* Read before that change: not taken. */
	memo_put(m, "b", g, seven);
	assert_int_equal(memo_get(m, "b", v), 0);
	memo_put(m, "b", memo_gen(m), seven);
	assert_int_equal(memo_get(m, "b", v), 1);
	memset(longkey, 'k', MEMO_KEY_MAX);
	longkey[MEMO_KEY_MAX] = '\0';
	memo_put(m, longkey, memo_gen(m), seven);
	assert_int_equal(memo_get(m, longkey, v), 0);
	memo_put(NULL, "a", 0, seven);
	assert_int_equal(memo_get(NULL, "a", v), 0);
	/* Its age is bounded. */
	sleep(MEMO_SECONDS + 1);
	assert_int_equal(memo_get(m, "b", v), 0);
}

/* Settings read as numbers: db_setting_long wants one above zero,
 * db_setting_count takes zero too (a limit that turns something off);
 * anything else, or nothing, is the fallback. */
static void
settings_read_as_numbers_with_their_floor(void **state)
{
	static const struct { const char *v; long as_long, as_count; } cases[] = {
		{ "7", 7, 7 }, { "0", 42, 0 }, { "-3", 42, 42 },
		{ "12x", 42, 42 }, { "", 42, 42 }, { NULL, 42, 42 },
	};
	struct db *db = db_thread();
	sqlite3_stmt *st;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(db_exec(db, "DELETE FROM settings"
		    " WHERE key = 'test.n'"), 0);
		if (cases[i].v != NULL) {
			st = db_prepare(db, "INSERT INTO settings (key, value)"
			    " VALUES ('test.n', ?1)");
			assert_non_null(st);
			db_bind_text(st, 1, cases[i].v);
			assert_int_equal(db_step_done(st), 0);
		}
		assert_int_equal(db_setting_long(db, "test.n", 42),
		    cases[i].as_long);
		assert_int_equal(db_setting_count(db, "test.n", 42),
		    cases[i].as_count);
	}
}

/* A batch (the job worker's): its lazy commits stay in the shared
 * writer's open transaction, unseen by other connections, and are
 * committed together at its end, with one run of the deferred work for
 * all; a durable commit inside it takes the earlier work with it. */
static void
a_batch_commits_its_lazy_transactions_once(void **state)
{
	struct db *db = db_thread(), *other = NULL;
	int i;

	(void)state;
	assert_int_equal(db_open(db_path(), &other), 0);
	assert_int_equal(db_exec(db, "DELETE FROM deferred"), 0);
	assert_int_equal(db_exec(db, "CREATE TABLE b (n INTEGER) STRICT"), 0);
	assert_int_equal(db_writer_start(), 0);
	db_batch_begin(db);
	for (i = 1; i <= 3; i++) {
		assert_int_equal(db_begin(db), 0);
		assert_int_equal(db_exec(db, "INSERT INTO b VALUES (1)"), 0);
		assert_int_equal(db_defer(db, record_kind, i), 0);
		assert_int_equal(db_commit_lazy(db), 0);
	}
	assert_int_equal(one_int(other, "SELECT count(*) FROM b"), 0);
	assert_int_equal(one_int(other, "SELECT count(*) FROM deferred"), 0);
	assert_int_equal(db_batch_end(db), 0);
	assert_int_equal(one_int(other, "SELECT count(*) FROM b"), 3);
	assert_int_equal(one_int(other, "SELECT count(*) FROM deferred"
	    " WHERE ids = '[1,2,3]'"), 1);
	assert_int_equal(one_int(other, "SELECT count(*) FROM deferred"), 1);
	/* A durable commit in a batch: done, with what came before. */
	db_batch_begin(db);
	assert_int_equal(write_one(db, "INSERT INTO b VALUES (2)",
	    db_commit_lazy), 0);
	assert_int_equal(write_one(db, "INSERT INTO b VALUES (3)",
	    db_commit), 0);
	assert_int_equal(one_int(other, "SELECT count(*) FROM b WHERE n > 1"),
	    2);
	/* A rollback in a batch undoes only its own work. */
	assert_int_equal(write_one(db, "INSERT INTO b VALUES (4)",
	    db_commit_lazy), 0);
	assert_int_equal(write_one(db, "INSERT INTO b VALUES (5)",
	    db_rollback), 0);
	assert_int_equal(db_batch_end(db), 0);
	assert_int_equal(one_int(other, "SELECT count(*) FROM b WHERE n = 4"),
	    1);
	assert_int_equal(one_int(other, "SELECT count(*) FROM b WHERE n = 5"),
	    0);
	/* A deferred function that fails loses the batch, and says so. */
	db_batch_begin(db);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO b VALUES (6)"), 0);
	assert_int_equal(db_defer(db, fail_kind, 6), 0);
	assert_int_equal(db_commit_lazy(db), 0);
	assert_int_equal(db_batch_end(db), -1);
	assert_int_equal(one_int(other, "SELECT count(*) FROM b WHERE n = 6"),
	    0);
	/* Nothing left: ending an empty batch does nothing. */
	db_batch_begin(db);
	assert_int_equal(db_batch_end(db), 0);
	db_writer_stop();
	db_close(other);
}

/* Jobs of batched kinds run in a row, whatever their kinds, share one
 * commit; a job of a kind not batched ends the batch before it runs.
 * Each job records how many jobs' rows another connection sees. */
static struct db *batch_other;

static int
job_sees(struct db *db, const char *payload, struct buf *err)
{
	sqlite3_stmt *st;

	(void)err;
	if (db_begin(db) < 0)
		return -1;
	st = db_prepare(db, "INSERT INTO seen (job, rows) VALUES (?1, ?2)");
	if (st != NULL && db_bind_text(st, 1, payload) == SQLITE_OK &&
	    db_bind_int(st, 2, one_int(batch_other, "SELECT count(*) FROM"
	    " seen")) == SQLITE_OK && db_step_done(st) == 0)
		return db_commit_lazy(db);
	db_rollback(db);
	return -1;
}

static void
a_batch_spans_batched_kinds_and_ends_before_others(void **state)
{
	static const char *const queue[][2] = {
		{ "test.batch_a", "a1" }, { "test.batch_b", "b2" },
		{ "test.batch_a", "a3" }, { "test.solo", "s4" },
		{ "test.batch_b", "b5" },
	};
	struct db *db = db_thread();
	size_t i;

	(void)state;
	assert_int_equal(db_open(db_path(), &batch_other), 0);
	assert_int_equal(db_exec(db, "CREATE TABLE seen (job TEXT, rows"
	    " INTEGER) STRICT"), 0);
	jobs_register_batched("test.batch_a", job_sees);
	jobs_register_batched("test.batch_b", job_sees);
	jobs_register("test.solo", job_sees);
	for (i = 0; i < sizeof(queue) / sizeof(queue[0]); i++)
		assert_int_equal(jobs_enqueue(db, queue[i][0], queue[i][1], 0),
		    0);
	/* Only these are due, in this order. */
	assert_int_equal(db_exec(db, "UPDATE jobs SET run_at = CASE WHEN kind"
	    " IN ('test.batch_a', 'test.batch_b', 'test.solo') THEN id ELSE"
	    " run_at + 86400 END WHERE state = 'queued'"), 0);
	assert_int_equal(db_writer_start(), 0);
	assert_int_equal(jobs_run_batch(db, 16), 5);
	db_writer_stop();
	/* a1, b2, a3: one batch, unseen until it ended; s4 saw the three,
	 * b5 (a batch of its own) the four. */
	assert_int_equal(one_int(batch_other, "SELECT group_concat(job || '='"
	    " || rows, ',') = 'a1=0,b2=0,a3=0,s4=3,b5=4' FROM (SELECT * FROM"
	    " seen ORDER BY rowid)"), 1);
	assert_int_equal(one_int(batch_other, "SELECT count(*) FROM jobs WHERE"
	    " kind IN ('test.batch_a', 'test.batch_b', 'test.solo') AND state ="
	    " 'done'"), 5);
	assert_int_equal(db_exec(db, "DELETE FROM jobs WHERE kind IN"
	    " ('test.batch_a', 'test.batch_b', 'test.solo')"), 0);
	db_close(batch_other);
	batch_other = NULL;
}

/*
 * The checkpointer rewinds the log past 8,192 pages, which needs every
 * reader off its old pages. A reader that stays (an export, a backup)
 * must not hold the writers up: SQLite's rewind keeps the write lock
 * while it waits for readers through the busy handler, and with the
 * connections' 10 s handler every writer stopped for 10 s at a time.
 * Once the reader leaves, the log is rewound.
 */
static double
secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
log_frames(void)
{
	sqlite3 *h;
	int nlog = -1, ndone = -1, tries;

	/* A connection opens the log at its first read. */
	if (sqlite3_open(db_path(), &h) != SQLITE_OK || sqlite3_exec(h,
	    "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(h);
		return -1;
	}
	/* Busy while the checkpointer runs one. */
	for (tries = 0; tries < 1000 && sqlite3_wal_checkpoint_v2(h, NULL,
	    SQLITE_CHECKPOINT_PASSIVE, &nlog, &ndone) != SQLITE_OK; tries++)
		usleep(1000);
	sqlite3_close(h);
	return nlog;
}

static void
a_long_reader_never_holds_the_writers_up(void **state)
{
	struct db *db = db_thread();
	sqlite3 *reader;
	sqlite3_stmt *st;
	double t0, t, worst = 0, until;
	int i, n = 0;

	(void)state;
	assert_int_equal(db_exec(db, "CREATE TABLE IF NOT EXISTS big"
	    " (b BLOB)"), 0);
	assert_int_equal(db_writer_start(), 0);
	assert_int_equal(db_checkpointer_start(), 0);
	assert_int_equal(sqlite3_open(db_path(), &reader), SQLITE_OK);
	assert_int_equal(sqlite3_exec(reader, "BEGIN", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(reader, "SELECT count(*) FROM"
	    " sqlite_schema", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	/* 10,000 pages past the reader's snapshot, then writes for another
	 * second and a half: several ticks of the checkpointer. */
	until = secs() + 60;
	for (i = 0; secs() < until; i++) {
		t0 = secs();
		assert_int_equal(db_begin(db), 0);
		assert_int_equal(db_exec(db, i < 100 ? "WITH RECURSIVE n(k) AS"
		    " (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 100)"
		    " INSERT INTO big SELECT randomblob(3900) FROM n" :
		    "INSERT INTO big VALUES (randomblob(10))"), 0);
		assert_int_equal(db_commit(db), 0);
		t = secs() - t0;
		if (t > worst)
			worst = t;
		if (i == 100)
			until = secs() + 1.5;
		n++;
	}
	assert_true(log_frames() > 9000);
	sqlite3_finalize(st);
	sqlite3_close(reader);
	/* With the old handler a commit waited 10 s; here a few ms (the
	 * bound leaves room for a slow disk's flush). */
	assert_true(worst < 5.0);
	/* The reader gone, the log is rewound within a few ticks. */
	until = secs() + 10;
	do {
		usleep(50 * 1000);
		assert_int_equal(db_begin(db), 0);
		assert_int_equal(db_exec(db, "INSERT INTO big VALUES"
		    " (randomblob(10))"), 0);
		assert_int_equal(db_commit(db), 0);
	} while (log_frames() > 100 && secs() < until);
	assert_true(log_frames() <= 100);
	db_checkpointer_stop();
	db_writer_stop();
	assert_true(n > 100);
}

int
main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(arena_packs_strings_and_aligns_the_rest),
		cmocka_unit_test(html_printf_escapes_every_string),
		cmocka_unit_test(html_printf_prints_numbers_as_printf),
		cmocka_unit_test(html_text_escapes_anywhere),
		cmocka_unit_test(peer_answers_are_judged_alike),
		cmocka_unit_test(url_escape_keeps_only_unreserved),
		cmocka_unit_test(buf_refuses_to_pass_its_limit),
		cmocka_unit_test(form_parse_decodes_plus_and_percent),
		cmocka_unit_test(form_parse_refuses_bad_utf8_and_nul),
		cmocka_unit_test(backoff_doubles_and_caps_at_an_hour),
		cmocka_unit_test(cache_serves_only_the_same_generation),
		cmocka_unit_test(cache_keeps_no_oversized_body),
		cmocka_unit_test(base64_decodes_what_openssl_encodes_split_anywhere),
		cmocka_unit_test(base64_refuses_what_is_not_base64),
	};
	const struct CMUnitTest stored[] = {
		cmocka_unit_test(jobs_retry_with_backoff_until_done),
		cmocka_unit_test(jobs_marked_done_by_their_handler_keep_or_lose_both),
		cmocka_unit_test(jobs_taken_together_run_in_due_order_each_settled),
		cmocka_unit_test(jobs_of_unknown_kind_fail_at_once),
		cmocka_unit_test(jobs_left_running_are_requeued),
		cmocka_unit_test(audit_chain_finds_an_edited_row),
		cmocka_unit_test(blobs_are_stored_once_by_hash),
		cmocka_unit_test(blobs_over_the_limit_are_files),
		cmocka_unit_test(blob_put_file_moves_an_upload_into_place),
		cmocka_unit_test(blob_put_known_uses_the_hash_it_is_given),
		cmocka_unit_test(blob_pread_reads_memory_files_and_files),
		cmocka_unit_test(shared_writer_groups_commits_and_keeps_rollbacks_apart),
		cmocka_unit_test(commits_flush_the_log_only_when_they_must),
		cmocka_unit_test(deferred_work_runs_once_per_commit_with_every_id_kept),
		cmocka_unit_test(a_watch_moves_once_a_change_to_its_tables_ends),
		cmocka_unit_test(a_memo_keeps_lookups_until_their_tables_change),
		cmocka_unit_test(settings_read_as_numbers_with_their_floor),
		cmocka_unit_test(a_batch_commits_its_lazy_transactions_once),
		cmocka_unit_test(a_batch_spans_batched_kinds_and_ends_before_others),
		cmocka_unit_test(a_long_reader_never_holds_the_writers_up),
	};
	int rc;

	rc = cmocka_run_group_tests_name("core", pure, NULL, NULL);
	rc += cmocka_run_group_tests_name("core-db", stored, setup_data,
	    teardown_data);
	return rc;
}
