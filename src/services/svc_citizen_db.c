/* svc_citizen_db.c - citizens: a sign-in code sent to their e-mail,
 * sessions of their own (apart from staff sessions). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/jobs.h"
#include "core/log.h"
#include "svc_int.h"

static void
lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* SHA-256 of "email:code", so a code is bound to its address. */
static void
code_hash(const char *email, const char *code, char out[65])
{
	char tmp[300];
	int n = snprintf(tmp, sizeof(tmp), "%s:%s", email, code);

	auth_sha256_hex(tmp, (size_t)n, out);
}

int
svc_citizen_send_code(struct db *db, const char *email_in, const char *ip)
{
	char email[256], code[7], hash[65], subject[128];
	unsigned char rnd[4];
	sqlite3_stmt *st;
	time_t now = time(NULL);
	struct buf body = BUF_INIT;
	uint32_t v;
	int rc = -1;

	if (!svc_email_valid(email_in) || strlen(email_in) >= sizeof(email))
		return -1;
	snprintf(email, sizeof(email), "%s", email_in);
	lower(email);
	st = db_prepare(db, "SELECT created_at FROM svc_citizen_codes"
	    " WHERE email = ?1");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, email);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_int64(st, 0) > now - 60) {
		db_done(st);
		return -2;
	}
	db_done(st);
	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return -1;
	v = ((uint32_t)rnd[0] << 24 | (uint32_t)rnd[1] << 16 |
	    (uint32_t)rnd[2] << 8 | rnd[3]) % 1000000u;
	snprintf(code, sizeof(code), "%06u", v);
	code_hash(email, code, hash);
	st = db_prepare(db, "INSERT INTO svc_citizen_codes (email, code_hash,"
	    " attempts, created_at, expires_at) VALUES (?1, ?2, 0, ?3, ?4)"
	    " ON CONFLICT (email) DO UPDATE SET code_hash = ?2, attempts = 0,"
	    " created_at = ?3, expires_at = ?4");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, email);
	db_bind_text(st, 2, hash);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, now + SVC_CODE_TTL);
	if (db_step_done(st) < 0)
		return -1;
	snprintf(subject, sizeof(subject), "Mã xác thực Dịch vụ công: %s", code);
	buf_printf(&body, "Mã xác thực đăng nhập Cổng dịch vụ công của bạn là:"
	    "\n\n    %s\n\nMã có hiệu lực trong %d phút. Nếu bạn không yêu cầu"
	    " mã này, hãy bỏ qua thư.\n", code, SVC_CODE_TTL / 60);
	if (svc_mail_queue(db, email, subject, body.data) == 0 &&
	    audit_record(db, 0, email, ip, "services.citizen.code", "citizen",
	    email) == 0)
		rc = 0;
	buf_release(&body);
	return rc;
}

int
svc_citizen_verify(struct db *db, const char *email_in, const char *code,
    const char *full_name, const char *kind, const char *ip, char token[33],
    char csrf[33], int64_t *citizen_id)
{
	char email[256], hash[65], thash[65];
	sqlite3_stmt *st;
	time_t now = time(NULL);
	int ok = 0, attempts = 0;

	if (!svc_email_valid(email_in) || strlen(email_in) >= sizeof(email) ||
	    code == NULL || strlen(code) != 6)
		return -1;
	snprintf(email, sizeof(email), "%s", email_in);
	lower(email);
	code_hash(email, code, hash);
	st = db_prepare(db, "SELECT code_hash, attempts FROM svc_citizen_codes"
	    " WHERE email = ?1 AND expires_at > ?2");
	if (st == NULL)
		return -2;
	db_bind_text(st, 1, email);
	db_bind_int(st, 2, now);
	if (sqlite3_step(st) == SQLITE_ROW) {
		attempts = sqlite3_column_int(st, 1);
		ok = attempts < SVC_CODE_TRIES && CRYPTO_memcmp(hash,
		    db_col_text(st, 0), 64) == 0;
	} else
		attempts = -1;
	db_done(st);
	if (!ok) {
		if (attempts >= 0) {
			st = db_prepare(db, "UPDATE svc_citizen_codes SET"
			    " attempts = attempts + 1 WHERE email = ?1");
			if (st) {
				db_bind_text(st, 1, email);
				db_step_done(st);
			}
		}
		audit_record(db, 0, email, ip, "services.citizen.bad_code",
		    "citizen", email);
		return -1;
	}
	st = db_prepare(db, "DELETE FROM svc_citizen_codes WHERE email = ?1");
	if (st == NULL)
		return -2;
	db_bind_text(st, 1, email);
	if (db_step_done(st) < 0)
		return -2;
	if (svc_citizen_verified(db, email, full_name, now, citizen_id) < 0)
		return -2;
	if (auth_token(token) < 0 || auth_token(csrf) < 0)
		return -2;
	auth_sha256_hex(token, 32, thash);
	st = db_prepare(db, "INSERT INTO svc_citizen_sessions (token_hash,"
	    " citizen_id, kind, csrf, ip, created_at, expires_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (st == NULL)
		return -2;
	db_bind_text(st, 1, thash);
	db_bind_int(st, 2, *citizen_id);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, csrf);
	db_bind_text(st, 5, ip);
	db_bind_int(st, 6, now);
	db_bind_int(st, 7, now + SVC_SESSION_TTL);
	if (db_step_done(st) < 0 || audit_record(db, 0, email, ip,
	    "services.citizen.login", "citizen", email) < 0)
		return -2;
	return 0;
}

int
svc_citizen_verified(struct db *db, const char *email, const char *full_name,
    time_t now, int64_t *id)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO svc_citizens (email,"
	    " full_name, created_at, verified_at) VALUES (?1, ifnull(?2, ''),"
	    " ?3, ?3) ON CONFLICT (email) DO UPDATE SET verified_at = ?3,"
	    " full_name = CASE WHEN ?2 IS NULL OR ?2 = '' THEN full_name"
	    " ELSE ?2 END RETURNING id");
	int rc = -1;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, email);
	db_bind_text(st, 2, full_name && svc_valid_text(full_name, 1, 200) ?
	    full_name : NULL);
	db_bind_int(st, 3, now);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
svc_citizen_by_token(struct db *db, struct arena *a, const char *token,
    const char *kind, struct svc_citizen *out)
{
	sqlite3_stmt *st;
	char thash[65];
	int rc = -1;

	if (token == NULL || strlen(token) != 32)
		return -1;
	auth_sha256_hex(token, 32, thash);
	st = db_prepare(db, "SELECT c.id, c.email, c.full_name, c.phone,"
	    " s.csrf FROM svc_citizen_sessions s JOIN svc_citizens c"
	    " ON c.id = s.citizen_id WHERE s.token_hash = ?1 AND s.kind = ?2"
	    " AND s.expires_at > ?3");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, thash);
	db_bind_text(st, 2, kind);
	db_bind_int(st, 3, time(NULL));
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->email = arena_strdup(a, db_col_text(st, 1));
		out->full_name = arena_strdup(a, db_col_text(st, 2));
		out->phone = arena_strdup(a, db_col_text(st, 3));
		out->csrf = strcmp(kind, "web") == 0 ?
		    arena_strdup(a, db_col_text(st, 4)) : NULL;
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
svc_citizen_logout(struct db *db, const char *token)
{
	sqlite3_stmt *st;
	char thash[65];

	if (token == NULL || strlen(token) != 32)
		return 0;
	auth_sha256_hex(token, 32, thash);
	st = db_prepare(db, "DELETE FROM svc_citizen_sessions"
	    " WHERE token_hash = ?1");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, thash);
	return db_step_done(st);
}

int
svc_citizen_purge(struct db *db)
{
	sqlite3_stmt *st;
	time_t now = time(NULL);

	st = db_prepare(db, "DELETE FROM svc_citizen_sessions"
	    " WHERE expires_at <= ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, now);
	if (db_step_done(st) < 0)
		return -1;
	st = db_prepare(db, "DELETE FROM svc_citizen_codes"
	    " WHERE expires_at <= ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, now);
	return db_step_done(st);
}

int
svc_job_purge(struct db *db, const char *payload, struct buf *err)
{
	(void)payload;
	/* Lazy: what a power failure loses is purged next time. */
	if (db_begin(db) < 0 || svc_citizen_purge(db) < 0 ||
	    db_commit_lazy(db) < 0) {
		buf_adds(err, db_errmsg(db));
		db_rollback(db);
		return -1;
	}
	return jobs_again(db, "svc.purge", 3600, err);
}

