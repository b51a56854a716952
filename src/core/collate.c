/*
 * collate.c - Vietnamese alphabetical order (see collate.h).
 *
 * One ICU collator serves every connection: comparing with it does not
 * change it, and ICU's collators may compare from several threads at
 * once (only setting their attributes may not).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

#include "buf.h"
#include "collate.h"
#include "log.h"

static pthread_once_t vi_once = PTHREAD_ONCE_INIT;
static UCollator *vi_base;
static char vi_version[64];	/* of vi_base's rules and ICU */

static void
vi_open(void)
{
	char s[U_MAX_VERSION_STRING_LENGTH];
	UErrorCode e = U_ZERO_ERROR;
	UVersionInfo info;

	vi_base = ucol_open("vi", &e);
	if (U_FAILURE(e) || vi_base == NULL) {
		log_warn("ICU has no Vietnamese collation (%s): names are"
		    " sorted in byte order", u_errorName(e));
		if (vi_base != NULL)
			ucol_close(vi_base);
		vi_base = NULL;
		return;
	}
	ucol_getVersion(vi_base, info);
	u_versionToString(info, s);
	snprintf(vi_version, sizeof(vi_version), "icu-vi-%s", s);
}

/* The collator, opened at its first use: a process that never sorts a
 * name (most commands) does not map ICU's data. NULL without ICU. */
static UCollator *
vi(void)
{
	pthread_once(&vi_once, vi_open);
	return vi_base;
}

static int
bytes(const char *a, int alen, const char *b, int blen)
{
	int rc = memcmp(a, b, (size_t)(alen < blen ? alen : blen));

	return rc != 0 ? rc : alen - blen;
}

static int
with(UCollator *c, const char *a, int alen, const char *b, int blen)
{
	UErrorCode e = U_ZERO_ERROR;
	UCollationResult r;

	if (c == NULL)
		return bytes(a, alen, b, blen);
	r = ucol_strcollUTF8(c, a, alen, b, blen, &e);
	if (U_FAILURE(e))
		return bytes(a, alen, b, blen);
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

/* The last word of a name (after its last space), trailing spaces
 * aside: its offset, its length in *len. */
static int
given(const char *s, int n, int *len)
{
	int end = n, i;

	while (end > 0 && s[end - 1] == ' ')
		end--;
	for (i = end; i > 0 && s[i - 1] != ' '; i--)
		;
	*len = end - i;
	return i;
}

static int
with_name(UCollator *c, const char *a, int alen, const char *b, int blen)
{
	int ai, al, bi, bl, rc;

	ai = given(a, alen, &al);
	bi = given(b, blen, &bl);
	if ((rc = with(c, a + ai, al, b + bi, bl)) != 0)
		return rc;
	return with(c, a, alen, b, blen);
}

static int
sql_vi(void *arg, int alen, const void *a, int blen, const void *b)
{
	(void)arg;
	return with(vi(), a, alen, b, blen);
}

static int
sql_vi_name(void *arg, int alen, const void *a, int blen, const void *b)
{
	(void)arg;
	return with_name(vi(), a, alen, b, blen);
}

static void	sql_vi_key(sqlite3_context *, int, sqlite3_value **);
static void	sql_vi_name_key(sqlite3_context *, int, sqlite3_value **);

int
collate_register(sqlite3 *h)
{
	if (sqlite3_create_collation_v2(h, "VI", SQLITE_UTF8, NULL, sql_vi,
	    NULL) != SQLITE_OK || sqlite3_create_collation_v2(h, "VI_NAME",
	    SQLITE_UTF8, NULL, sql_vi_name, NULL) != SQLITE_OK ||
	    sqlite3_create_function(h, "vi_key", -1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_vi_key, NULL,
	    NULL) != SQLITE_OK || sqlite3_create_function(h, "vi_name_key", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	    sql_vi_name_key, NULL, NULL) != SQLITE_OK)
		return -1;
	return 0;
}

/*
 * vi_key(text, ...): the texts' sort keys one after the other, a BLOB
 * whose byte order is the order of COLLATE VI on the first text, then
 * the next (each ICU key ends with a 0 byte found nowhere inside it;
 * without ICU, the texts' own bytes, each followed by a 0). For a column
 * kept sorted by it: computing the key once when a row is written costs
 * about 2 us, against 0.1-0.2 us for each of the n log n comparisons of
 * a sort by COLLATE VI at every query. NULL texts count as empty.
 */
static int
key_add(struct buf *out, const char *s, int n)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t ulen = 0, klen, room;
	UChar *u;

	if (vi() == NULL)	/* the bytes, ended by a 0 as ICU's keys are */
		return buf_add(out, s, (size_t)n) < 0 ||
		    buf_add(out, "", 1) < 0 ? -1 : 0;
	/* UTF-16 has at most as many units as UTF-8 has bytes. */
	if ((u = malloc(((size_t)n + 1) * sizeof(UChar))) == NULL)
		return -1;
	u_strFromUTF8WithSub(u, n + 1, &ulen, s, n, 0xFFFD, NULL, &e);
	if (U_FAILURE(e))
		ulen = 0;
	/* Room for a usual key (about three bytes a letter), and again
	 * with the length ICU asks for when that was not enough. */
	klen = 4 * ulen + 16;
	for (;;) {
		if (buf_grow(out, (size_t)klen) < 0) {
			free(u);
			return -1;
		}
		room = klen;
		klen = ucol_getSortKey(vi_base, u, ulen, (uint8_t *)out->data +
		    out->len, room);
		if (klen <= 0 || klen <= room)
			break;
	}
	free(u);
	if (klen <= 0)
		return -1;
	out->len += (size_t)klen;
	return 0;
}

/* The function's result: the key built in `out` (released), or out of
 * memory when `rc` is -1. */
static void
key_result(sqlite3_context *ctx, struct buf *out, int rc)
{
	if (rc < 0)
		sqlite3_result_error_nomem(ctx);
	else
		sqlite3_result_blob64(ctx, out->len ? out->data : "", out->len,
		    SQLITE_TRANSIENT);
	buf_release(out);
}

static void
sql_vi_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf out = BUF_INIT;
	const char *s;
	int i, rc = 0;

	for (i = 0; i < argc && rc == 0; i++) {
		s = (const char *)sqlite3_value_text(argv[i]);
		rc = key_add(&out, s ? s : "", s ?
		    sqlite3_value_bytes(argv[i]) : 0);
	}
	key_result(ctx, &out, rc);
}

/* vi_name_key(full_name): the key of the order of COLLATE VI_NAME (the
 * given name's key, then the whole name's). */
static void
sql_vi_name_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf out = BUF_INIT;
	const char *s;
	int n, g, glen;

	(void)argc;
	s = (const char *)sqlite3_value_text(argv[0]);
	n = s ? sqlite3_value_bytes(argv[0]) : 0;
	if (s == NULL)
		s = "";
	g = given(s, n, &glen);
	key_result(ctx, &out, key_add(&out, s + g, glen) < 0 ||
	    key_add(&out, s, n) < 0 ? -1 : 0);
}

const char *
collate_version(void)
{
	return vi() != NULL ? vi_version : "bytes";
}
