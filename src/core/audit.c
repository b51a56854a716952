/* audit.c - the hash-chained audit log. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "audit.h"
#include "digest.h"
#include "log.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void
hash_field(EVP_MD_CTX *ctx, const char *s)
{
	char len[24];

	snprintf(len, sizeof(len), "%zu:", strlen(s));
	EVP_DigestUpdate(ctx, len, strlen(len));
	EVP_DigestUpdate(ctx, s, strlen(s));
}

/* hash = SHA-256 over prev_hash and every field, each length-prefixed. */
static void
row_hash(const char *prev, int64_t id, const char *at, int64_t actor_id,
    const char *actor, const char *ip, const char *action, const char *object,
    const char *detail, char out[65])
{
	unsigned char md[32];
	char num[48];
	EVP_MD_CTX *ctx;
	unsigned int n;

	ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, digest_md(256), NULL);
	hash_field(ctx, prev);
	snprintf(num, sizeof(num), "%" PRId64 ",%" PRId64, id, actor_id);
	hash_field(ctx, num);
	hash_field(ctx, at);
	hash_field(ctx, actor);
	hash_field(ctx, ip);
	hash_field(ctx, action);
	hash_field(ctx, object);
	hash_field(ctx, detail);
	EVP_DigestFinal_ex(ctx, md, &n);
	EVP_MD_CTX_free(ctx);
	digest_hex(md, 32, out);
}

int
audit_record(struct db *db, int64_t actor_id, const char *actor,
    const char *ip, const char *action, const char *object, const char *detail)
{
	char prev[65] = GENESIS, hash[65], at[32];
	sqlite3_stmt *st;
	int64_t id = 1;
	struct tm tm;
	time_t now;

	st = db_prepare(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0) + 1;
		snprintf(prev, sizeof(prev), "%s", db_col_text(st, 1));
	}
	db_done(st);
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	row_hash(prev, id, at, actor_id, actor, ip, action, object, detail,
	    hash);
	st = db_prepare(db, "INSERT INTO audit (id, at, actor_id, actor, ip,"
	    " action, object, detail, prev_hash, hash)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, at);
	if (actor_id)
		db_bind_int(st, 3, actor_id);
	db_bind_text(st, 4, actor);
	db_bind_text(st, 5, ip);
	db_bind_text(st, 6, action);
	db_bind_text(st, 7, object);
	db_bind_text(st, 8, detail);
	db_bind_text(st, 9, prev);
	db_bind_text(st, 10, hash);
	if (db_step_done(st) < 0)
		return -1;
	st = db_prepare(db, "INSERT INTO audit_head (id, hash) VALUES (1, ?1)"
	    " ON CONFLICT (id) DO UPDATE SET hash = excluded.hash");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, hash);
	return db_step_done(st);
}

int
audit_verify(struct db *db, struct buf *why)
{
	char prev[65] = GENESIS, hash[65];
	sqlite3_stmt *st;
	int64_t expect = 1, id;
	int rc;

	st = db_prepare(db, "SELECT id, at, actor_id, actor, ip, action, object,"
	    " detail, prev_hash, hash FROM audit ORDER BY id");
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (id != expect) {
			buf_printf(why, "dòng %" PRId64 " bị thiếu (bị xóa); dòng"
			    " kế tiếp là %" PRId64, expect, id);
			goto bad;
		}
		if (strcmp(db_col_text(st, 8), prev) != 0) {
			buf_printf(why, "dòng %" PRId64 ": prev_hash không khớp"
			    " với dòng trước", id);
			goto bad;
		}
		row_hash(prev, id, db_col_text(st, 1),
		    sqlite3_column_int64(st, 2), db_col_text(st, 3),
		    db_col_text(st, 4), db_col_text(st, 5), db_col_text(st, 6),
		    db_col_text(st, 7), hash);
		if (strcmp(hash, db_col_text(st, 9)) != 0) {
			buf_printf(why, "dòng %" PRId64 ": nội dung đã bị sửa"
			    " (hash không khớp)", id);
			goto bad;
		}
		memcpy(prev, hash, sizeof(prev));
		expect++;
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		buf_printf(why, "lỗi đọc nhật ký: %s", db_errmsg(db));
		return -1;
	}
	/* The newest hash is also kept apart: a removed tail shows. */
	st = db_prepare(db, "SELECT hash FROM audit_head WHERE id = 1");
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    strcmp(db_col_text(st, 0), prev) != 0) {
		buf_printf(why, "dòng cuối %" PRId64 " không phải dòng cuối đã"
		    " ghi (các dòng sau đó đã bị xóa)", expect - 1);
		db_done(st);
		return -1;
	}
	db_done(st);
	return 0;
bad:
	db_done(st);
	return -1;
}
