/*
 * collate.c - Vietnamese alphabetical order (see collate.h).
 *
 * One ICU collator serves every connection: comparing with it does not
 * change it, and ICU's collators may compare from several threads at
 * once (only setting their attributes may not).
 */
#include <pthread.h>
#include <string.h>

#include <unicode/ucol.h>

#include "collate.h"
#include "log.h"

static pthread_once_t vi_once = PTHREAD_ONCE_INIT;
static UCollator *vi_base;

static void
vi_open(void)
{
	UErrorCode e = U_ZERO_ERROR;

	vi_base = ucol_open("vi", &e);
	if (U_FAILURE(e) || vi_base == NULL) {
		log_warn("ICU has no Vietnamese collation (%s): names are"
		    " sorted in byte order", u_errorName(e));
		if (vi_base != NULL)
			ucol_close(vi_base);
		vi_base = NULL;
	}
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
	return with(arg, a, alen, b, blen);
}

static int
sql_vi_name(void *arg, int alen, const void *a, int blen, const void *b)
{
	return with_name(arg, a, alen, b, blen);
}

int
collate_register(sqlite3 *h)
{
	pthread_once(&vi_once, vi_open);
	if (sqlite3_create_collation_v2(h, "VI", SQLITE_UTF8, vi_base, sql_vi,
	    NULL) != SQLITE_OK || sqlite3_create_collation_v2(h, "VI_NAME",
	    SQLITE_UTF8, vi_base, sql_vi_name, NULL) != SQLITE_OK)
		return -1;
	return vi_base != NULL ? 0 : -1;
}
