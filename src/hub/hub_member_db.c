/* hub_member_db.c - the hub's SQL of members: their codes, API keys
 * (only a hash kept, compared in constant time), pinned certificates,
 * and routing a receiver's code to the member answering for it. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/digest.h"
#include "core/jobs.h"
#include "core/x509.h"
#include "hub/hub_int.h"

/* ---- members ---------------------------------------------------------- */

static int
cert_read(const struct hub_member_new *m, char sha[65], char *subject,
    size_t sublen, char *err, size_t errlen)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen;
	BIO *b;
	X509 *x = NULL;
	int rc = -1;

	if ((b = BIO_new_mem_buf(m->cert_pem, (int)m->cert_len)) == NULL)
		return -1;
	if ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) == NULL) {
		snprintf(err, errlen, "Chứng thư không đọc được (cần một chứng"
		    " thư X.509 dạng PEM)");
		goto out;
	}
	if (X509_digest(x, digest_md(256), md, &mdlen) != 1)
		goto out;
	digest_hex(md, mdlen < 32 ? mdlen : 32, sha);
	x509_name_line(X509_get_subject_name(x), subject, sublen);
	rc = 0;
out:
	BIO_free(b);
	X509_free(x);
	return rc;
}

/* The codes of `in` normalised into `out`, none twice. 0, or -1 with
 * `err`. */
static int
norm_codes(const char *const *in, int n, char out[][HUB_CODE_MAX + 1],
    char *err, size_t errlen)
{
	const char *why;
	int i, k;

	if (n <= 0 || n > HUB_CODES_MAX) {
		snprintf(err, errlen, "Cần từ 1 đến %d mã đơn vị", HUB_CODES_MAX);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (hub_code_norm(in[i], out[i], &why) < 0) {
			snprintf(err, errlen, "Mã \"%.20s\": %s", in[i], why);
			return -1;
		}
		for (k = 0; k < i; k++)
			if (strcmp(out[k], out[i]) == 0) {
				snprintf(err, errlen, "Mã %s ghi hai lần", out[i]);
				return -1;
			}
	}
	return 0;
}

/* 1 with `err` when one of the `n` codes belongs to a member other than
 * `id` (0 for a new member), 0 when none does, -1 on a database error. */
static int
codes_taken(struct db *db, int64_t id, char codes[][HUB_CODE_MAX + 1],
    int n, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < n; i++) {
		st = db_prepare(db, "SELECT m.name FROM hub_member_codes c"
		    " JOIN hub_members m ON m.id = c.member_id"
		    " WHERE c.code = ?1 AND c.member_id <> ?2");
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, codes[i]);
		db_bind_int(st, 2, id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(err, errlen, "Mã %s đã thuộc thành viên %s",
			    codes[i], db_col_text(st, 0));
			db_done(st);
			return 1;
		}
		db_done(st);
	}
	return 0;
}

/* Give the `n` codes to member `id`. 0 or -1. */
static int
codes_insert(struct db *db, int64_t id, char codes[][HUB_CODE_MAX + 1],
    int n)
{
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < n; i++) {
		st = db_prepare(db, "INSERT INTO hub_member_codes (code,"
		    " member_id) VALUES (?1, ?2)");
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, codes[i]);
		db_bind_int(st, 2, id);
		if (db_step_done(st) < 0)
			return -1;
	}
	return 0;
}

int
hub_member_create(struct db *db, const struct hub_actor *who,
    const struct hub_member_new *m, char key[HUB_KEY_LEN + 1], int64_t *id,
    char *err, size_t errlen)
{
	char sha[65] = "", subject[512] = "", prefix[9], khash[65];
	char codes[HUB_CODES_MAX][HUB_CODE_MAX + 1], obj[64];
	sqlite3_stmt *st;
	size_t nlen;
	int rc;

	nlen = m->name ? strlen(m->name) : 0;
	if (nlen == 0 || nlen > HUB_NAME_MAX) {
		snprintf(err, errlen, "Tên thành viên phải có từ 1 đến %d byte",
		    HUB_NAME_MAX);
		return -1;
	}
	if (norm_codes(m->codes, m->ncodes, codes, err, errlen) < 0)
		return -1;
	if (m->url && m->url[0] && !hub_url_valid(m->url)) {
		snprintf(err, errlen, "Địa chỉ đẩy phải là một URL http:// hoặc"
		    " https:// (tối đa %d byte)", HUB_URL_MAX);
		return -1;
	}
	if (m->cert_pem && cert_read(m, sha, subject, sizeof(subject), err,
	    errlen) < 0)
		return -1;
	if (hub_key_new(key, prefix) < 0)
		return -2;
	auth_sha256_hex(key, HUB_KEY_LEN, khash);

	if (db_begin(db) < 0)
		return -2;
	if ((rc = codes_taken(db, 0, codes, m->ncodes, err, errlen)) != 0) {
		db_rollback(db);
		return rc > 0 ? -1 : -2;
	}
	st = db_prepare(db, "INSERT INTO hub_members (name, url, key_prefix,"
	    " key_hash, cert_sha256, cert_subject, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (st == NULL)
		goto fail;
	db_bind_text(st, 1, m->name);
	db_bind_text(st, 2, m->url ? m->url : "");
	db_bind_text(st, 3, prefix);
	db_bind_text(st, 4, khash);
	db_bind_text(st, 5, sha);
	db_bind_text(st, 6, subject);
	db_bind_int(st, 7, time(NULL));
	if (db_step_done(st) < 0)
		goto fail;
	*id = db_last_id(db);
	if (codes_insert(db, *id, codes, m->ncodes) < 0)
		goto fail;
	snprintf(obj, sizeof(obj), "hub_member:%" PRId64, *id);
	if (audit_record(db, who->id, who->name, who->ip, "hub.member.add",
	    obj, m->name) < 0 || db_commit(db) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -2;
}

/* Run `sql`, ?1 the member `id` and ?2 the time `now`. 0 or -1. */
static int
run_id_now(struct db *db, const char *sql, int64_t id, time_t now)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	return db_step_done(st);
}

int
hub_member_push_now(struct db *db, const struct hub_actor *who, int64_t id,
    int *n)
{
	char url[8] = "", obj[64], detail[16];
	sqlite3_stmt *st;
	time_t now = time(NULL);
	int rc;

	*n = 0;
	if (db_begin(db) < 0)
		return -1;
	st = db_prepare(db, "SELECT substr(url, 1, 4) FROM hub_members"
	    " WHERE id = ?1 AND removed_at IS NULL");
	if (st == NULL)
		goto fail;
	db_bind_int(st, 1, id);
	if ((rc = hub_step_text(st, url, sizeof(url))) < 0)
		goto fail;
	if (rc == 1 || url[0] == '\0') {
		db_rollback(db);
		return rc == 1 ? 1 : 2;
	}
	if (run_id_now(db, "UPDATE hub_deliveries SET attempts = 0,"
	    " updated_at = ?2 WHERE member_id = ?1 AND state = 'waiting'"
	    " AND mode = 'push'", id, now) < 0)
		goto fail;
	*n = db_changes(db);
	if (jobs_due_now(db, "hub.forward", "member", id) < 0)
		goto fail;
	snprintf(obj, sizeof(obj), "hub_member:%" PRId64, id);
	snprintf(detail, sizeof(detail), "%d", *n);
	if (audit_record(db, who->id, who->name, who->ip,
	    "hub.member.push_now", obj, detail) < 0 || db_commit(db) < 0)
		goto fail;
	jobs_wake();
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
hub_member_remove(struct db *db, const struct hub_actor *who, int64_t id)
{
	sqlite3_stmt *st;
	char obj[64];
	time_t now = time(NULL);

	if (db_begin(db) < 0)
		return -1;
	if (run_id_now(db, "UPDATE hub_members SET removed_at = ?2"
	    " WHERE id = ?1 AND removed_at IS NULL", id, now) < 0)
		goto fail;
	if (db_changes(db) == 0) {
		db_rollback(db);
		return 1;
	}
	st = db_prepare(db, "DELETE FROM hub_member_codes WHERE member_id = ?1");
	if (st == NULL)
		goto fail;
	db_bind_int(st, 1, id);
	if (db_step_done(st) < 0)
		goto fail;
	if (run_id_now(db, "UPDATE hub_deliveries SET state = 'failed',"
	    " reason = 'Thành viên đã bị gỡ khỏi trục', updated_at = ?2"
	    " WHERE member_id = ?1 AND state = 'waiting'", id, now) < 0)
		goto fail;
	snprintf(obj, sizeof(obj), "hub_member:%" PRId64, id);
	if (audit_record(db, who->id, who->name, who->ip, "hub.member.remove",
	    obj, "") < 0 || db_commit(db) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

#define MEMBER_COLS " m.id, m.name, m.url, coalesce((SELECT group_concat(" \
	"c.code, ',') FROM hub_member_codes c WHERE c.member_id = m.id), ''),"\
	" m.cert_sha256, m.cert_subject, m.created_at," \
	" coalesce(m.removed_at, 0), (SELECT count(*) FROM hub_deliveries d" \
	" WHERE d.member_id = m.id AND d.state = 'waiting'), (SELECT count(*)"\
	" FROM hub_deliveries d WHERE d.member_id = m.id" \
	" AND d.state = 'delivered')"

static void
member_row(sqlite3_stmt *st, struct arena *a, struct hub_member *m)
{
	m->id = sqlite3_column_int64(st, 0);
	m->name = arena_strdup(a, db_col_text(st, 1));
	m->url = arena_strdup(a, db_col_text(st, 2));
	m->codes = arena_strdup(a, db_col_text(st, 3));
	m->cert_sha256 = arena_strdup(a, db_col_text(st, 4));
	m->cert_subject = arena_strdup(a, db_col_text(st, 5));
	m->created_at = (long)sqlite3_column_int64(st, 6);
	m->removed_at = (long)sqlite3_column_int64(st, 7);
	m->waiting = sqlite3_column_int64(st, 8);
	m->delivered = sqlite3_column_int64(st, 9);
}

int
hub_members_list(struct db *db, struct arena *a, int all,
    struct hub_member **out)
{
	sqlite3_stmt *st;
	int64_t cap;
	int n = 0;

	st = db_prepare(db, "SELECT count(*) FROM hub_members");
	if (st == NULL || hub_step_int(st, &cap) != 0)
		return -1;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(cap + 1));
	st = db_prepare(db, "SELECT" MEMBER_COLS " FROM hub_members m"
	    " WHERE ?1 OR m.removed_at IS NULL ORDER BY m.id DESC");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, all);
	while (n < cap && sqlite3_step(st) == SQLITE_ROW)
		member_row(st, a, &(*out)[n++]);
	db_done(st);
	return n;
}

int
hub_member_get(struct db *db, struct arena *a, int64_t id,
    struct hub_member *m)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT" MEMBER_COLS " FROM hub_members m"
	    " WHERE m.id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		member_row(st, a, m);
	db_done(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
hub_member_by_key(struct db *db, struct arena *a, const char *key,
    struct hub_member *m)
{
	/* Compared against when no row has the prefix, so that an unknown
	 * prefix costs about as much as a wrong secret. */
	static const char dummy[65] =
	    "0000000000000000000000000000000000000000000000000000000000000000";
	char prefix[9], khash[65], stored[65];
	sqlite3_stmt *st;
	int64_t id = 0;

	if (hub_key_prefix(key, prefix) < 0)
		return 1;
	auth_sha256_hex(key, HUB_KEY_LEN, khash);
	st = db_prepare(db, "SELECT id, key_hash FROM hub_members"
	    " WHERE key_prefix = ?1 AND removed_at IS NULL");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, prefix);
	memcpy(stored, dummy, sizeof(stored));
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(stored, sizeof(stored), "%s", db_col_text(st, 1));
	}
	db_done(st);
	if (CRYPTO_memcmp(khash, stored, 64) != 0 || id == 0)
		return 1;
	return hub_member_get(db, a, id, m);
}

int64_t
hub_route(struct db *db, const char *code)
{
	char norm[HUB_CODE_MAX + 1];
	const char *why, *p;
	sqlite3_stmt *st;
	int64_t id = 0;

	if (hub_code_norm(code, norm, &why) < 0)
		return 0;
	/* The code itself, then each shorter suffix from a dot. */
	for (p = norm; p != NULL; p = strchr(p, '.') ? strchr(p, '.') + 1 :
	    NULL) {
		st = db_prepare(db, "SELECT c.member_id FROM hub_member_codes c"
		    " WHERE c.code = ?1");
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, p);
		if (hub_step_int(st, &id) < 0)
			return -1;
		if (id != 0)
			return id;
	}
	return 0;
}


/* Switch the waiting deliveries of `id` to `push` (1) or pull (0),
 * queueing a push job for each when they become pushes. 0 or -1. */
static int
switch_mode(struct db *db, int64_t id, int push)
{
	sqlite3_stmt *st;
	char payload[96];
	int rc = 0;

	st = db_prepare(db, "UPDATE hub_deliveries SET mode = ?2,"
	    " attempts = 0, updated_at = ?3 WHERE member_id = ?1"
	    " AND state = 'waiting' AND mode <> ?2");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, push ? "push" : "pull");
	db_bind_int(st, 3, time(NULL));
	if (db_step_done(st) < 0)
		return -1;
	if (!push)
		return 0;
	st = db_prepare(db, "SELECT message_id FROM hub_deliveries"
	    " WHERE member_id = ?1 AND state = 'waiting' AND mode = 'push'");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		snprintf(payload, sizeof(payload), "{\"message\":%" PRId64
		    ",\"member\":%" PRId64 "}", (int64_t)sqlite3_column_int64(st, 0),
		    id);
		rc = jobs_enqueue(db, "hub.forward", payload, 0);
	}
	db_done(st);
	return rc;
}

int
hub_member_update(struct db *db, const struct hub_actor *who, int64_t id,
    const struct hub_member_edit *e, char key[HUB_KEY_LEN + 1], char *err,
    size_t errlen)
{
	char codes[HUB_CODES_MAX][HUB_CODE_MAX + 1], obj[64];
	char sha[65] = "", subject[512] = "", prefix[9], khash[65];
	char oldurl[HUB_URL_MAX + 1] = "";
	struct hub_member_new cert;
	sqlite3_stmt *st;
	size_t nlen;
	int rc;

	key[0] = '\0';
	if (e->name != NULL && ((nlen = strlen(e->name)) == 0 ||
	    nlen > HUB_NAME_MAX)) {
		snprintf(err, errlen, "Tên thành viên phải có từ 1 đến %d byte",
		    HUB_NAME_MAX);
		return -1;
	}
	if (e->ncodes >= 0 && norm_codes(e->codes, e->ncodes, codes, err,
	    errlen) < 0)
		return -1;
	if (e->url != NULL && e->url[0] != '\0' && !hub_url_valid(e->url)) {
		snprintf(err, errlen, "Địa chỉ đẩy phải là một URL http:// hoặc"
		    " https:// (tối đa %d byte)", HUB_URL_MAX);
		return -1;
	}
	if (e->cert_pem != NULL) {
		memset(&cert, 0, sizeof(cert));
		cert.cert_pem = e->cert_pem;
		cert.cert_len = e->cert_len;
		if (cert_read(&cert, sha, subject, sizeof(subject), err,
		    errlen) < 0)
			return -1;
	}
	if (e->new_key) {
		if (hub_key_new(key, prefix) < 0)
			return -2;
		auth_sha256_hex(key, HUB_KEY_LEN, khash);
	}

	if (db_begin(db) < 0)
		return -2;
	st = db_prepare(db, "SELECT url FROM hub_members WHERE id = ?1"
	    " AND removed_at IS NULL");
	if (st == NULL)
		goto fail;
	db_bind_int(st, 1, id);
	if ((rc = hub_step_text(st, oldurl, sizeof(oldurl))) != 0) {
		db_rollback(db);
		key[0] = '\0';
		return rc == 1 ? 1 : -2;
	}
	if (e->ncodes >= 0) {
		if ((rc = codes_taken(db, id, codes, e->ncodes, err,
		    errlen)) != 0) {
			db_rollback(db);
			key[0] = '\0';
			return rc > 0 ? -1 : -2;
		}
		st = db_prepare(db, "DELETE FROM hub_member_codes"
		    " WHERE member_id = ?1");
		if (st == NULL)
			goto fail;
		db_bind_int(st, 1, id);
		if (db_step_done(st) < 0 || codes_insert(db, id, codes,
		    e->ncodes) < 0)
			goto fail;
	}
	st = db_prepare(db, "UPDATE hub_members SET"
	    " name = coalesce(?2, name), url = coalesce(?3, url),"
	    " cert_sha256 = CASE WHEN ?4 THEN ?5 ELSE cert_sha256 END,"
	    " cert_subject = CASE WHEN ?4 THEN ?6 ELSE cert_subject END,"
	    " key_prefix = coalesce(?7, key_prefix),"
	    " key_hash = coalesce(?8, key_hash) WHERE id = ?1");
	if (st == NULL)
		goto fail;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, e->name);
	db_bind_text(st, 3, e->url);
	db_bind_int(st, 4, e->cert_pem != NULL || e->cert_clear);
	db_bind_text(st, 5, sha);
	db_bind_text(st, 6, subject);
	db_bind_text(st, 7, e->new_key ? prefix : NULL);
	db_bind_text(st, 8, e->new_key ? khash : NULL);
	if (db_step_done(st) < 0)
		goto fail;
	if (e->url != NULL && (oldurl[0] == '\0') != (e->url[0] == '\0') &&
	    switch_mode(db, id, e->url[0] != '\0') < 0)
		goto fail;
	snprintf(obj, sizeof(obj), "hub_member:%" PRId64, id);
	if (audit_record(db, who->id, who->name, who->ip, "hub.member.edit",
	    obj, e->new_key ? "new key" : "") < 0 || db_commit(db) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	key[0] = '\0';
	return -2;
}
