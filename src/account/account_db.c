/* account_db.c - sessions, tokens and failed sign-ins in SQL. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "core/audit.h"
#include "core/auth.h"
#include "core/log.h"

/* Seconds to wait after `failures` failed sign-ins in a row: none for
 * the first ACCOUNT_SLOW_AFTER - 1, then 5 s, doubling, at most 60 s. */
static long
wait_after(int failures)
{
	long s = 5;

	if (failures < ACCOUNT_SLOW_AFTER)
		return 0;
	for (failures -= ACCOUNT_SLOW_AFTER; failures > 0 && s < 60; failures--)
		s *= 2;
	return s > 60 ? 60 : s;
}

static int
note_failure(struct db *db, int64_t id, int failures, time_t now)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "UPDATE people SET failed_logins = ?2,"
	    " last_failed_at = ?3, locked_until = ?4 WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, failures);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, failures >= ACCOUNT_LOCK_AFTER ?
	    now + ACCOUNT_LOCK_SECONDS : 0);
	return db_step_done(st);
}

enum account_result
account_login(struct db *db, const char *username, const char *password,
    const char *ip, const char *kind, struct account_session *out)
{
	char hash[AUTH_HASH_MAX] = "", thash[65], obj[64];
	int64_t id = 0;
	int failures = 0, active = 0;
	long last_failed = 0, locked_until = 0, wait;
	sqlite3_stmt *st;
	time_t now = time(NULL);
	enum account_result rc = ACCOUNT_ERROR;

	memset(out, 0, sizeof(*out));
	st = db_prepare(db, "SELECT id, coalesce(password_hash, ''),"
	    " failed_logins, last_failed_at, locked_until, active"
	    " FROM people WHERE username = ?1");
	if (st == NULL)
		return ACCOUNT_ERROR;
	db_bind_text(st, 1, username);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(hash, sizeof(hash), "%s", db_col_text(st, 1));
		failures = sqlite3_column_int(st, 2);
		last_failed = (long)sqlite3_column_int64(st, 3);
		locked_until = (long)sqlite3_column_int64(st, 4);
		active = sqlite3_column_int(st, 5);
	}
	db_done(st);
	if (id && locked_until > now) {
		out->retry_after = locked_until - now;
		return ACCOUNT_LOCKED;
	}
	if (id && (wait = wait_after(failures)) > 0 &&
	    now < last_failed + wait) {
		out->retry_after = last_failed + wait - now;
		return ACCOUNT_WAIT;
	}
	/* Verify outside any transaction: Argon2id takes tens of ms. */
	if (id == 0 || !active || hash[0] == '\0') {
		auth_verify_password(auth_dummy_hash(), password);
		rc = ACCOUNT_BAD;
	} else if (!auth_verify_password(hash, password))
		rc = ACCOUNT_BAD;
	else
		rc = ACCOUNT_OK;

	if (db_begin(db) < 0)
		return ACCOUNT_ERROR;
	snprintf(obj, sizeof(obj), "person:%" PRId64, id);
	if (rc == ACCOUNT_BAD) {
		if (id && note_failure(db, id, failures + 1, now) < 0)
			goto fail;
		if (audit_record(db, id, username, ip, "session.login_failed",
		    obj, kind) < 0)
			goto fail;
		if (db_commit(db) < 0)
			return ACCOUNT_ERROR;
		if (id && failures + 1 >= ACCOUNT_LOCK_AFTER) {
			out->retry_after = ACCOUNT_LOCK_SECONDS;
			return ACCOUNT_LOCKED;
		}
		return ACCOUNT_BAD;
	}
	if (auth_token(out->token) < 0 || auth_token(out->csrf) < 0)
		goto fail;
	auth_sha256_hex(out->token, strlen(out->token), thash);
	out->person_id = id;
	out->expires_at = now + (strcmp(kind, "api") == 0 ? ACCOUNT_API_TTL :
	    ACCOUNT_WEB_TTL);
	st = db_prepare(db, "INSERT INTO sessions (token_hash, person_id, kind,"
	    " csrf, ip, created_at, expires_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (st == NULL)
		goto fail;
	db_bind_text(st, 1, thash);
	db_bind_int(st, 2, id);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, out->csrf);
	db_bind_text(st, 5, ip);
	db_bind_int(st, 6, now);
	db_bind_int(st, 7, out->expires_at);
	if (db_step_done(st) < 0 || note_failure(db, id, 0, 0) < 0 ||
	    audit_record(db, id, username, ip, "session.login", obj, kind) < 0)
		goto fail;
	if (db_commit(db) < 0)
		return ACCOUNT_ERROR;
	return ACCOUNT_OK;
fail:
	db_rollback(db);
	return ACCOUNT_ERROR;
}

int
account_logout(struct db *db, const char *token, int64_t person_id,
    const char *ip)
{
	char thash[65], obj[64];
	sqlite3_stmt *st;

	auth_sha256_hex(token, strlen(token), thash);
	if (db_begin(db) < 0)
		return -1;
	st = db_prepare(db, "DELETE FROM sessions WHERE token_hash = ?1");
	if (st == NULL)
		goto fail;
	db_bind_text(st, 1, thash);
	if (db_step_done(st) < 0)
		goto fail;
	snprintf(obj, sizeof(obj), "person:%" PRId64, person_id);
	if (audit_record(db, person_id, "", ip, "session.logout", obj, "") < 0)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

int64_t
account_token_issue(struct db *db, int64_t by, const char *by_name,
    const char *ip, int64_t person_id, const char *name, char token[33])
{
	char thash[65], obj[64];
	sqlite3_stmt *st;
	int64_t id;

	if (auth_token(token) < 0)
		return -1;
	auth_sha256_hex(token, strlen(token), thash);
	st = db_prepare(db, "INSERT INTO api_tokens (name, token_hash,"
	    " person_id, created_at) VALUES (?1, ?2, ?3, ?4)");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, thash);
	db_bind_int(st, 3, person_id);
	db_bind_int(st, 4, time(NULL));
	if (db_step_done(st) < 0)
		return -1;
	id = db_last_id(db);
	snprintf(obj, sizeof(obj), "token:%" PRId64, id);
	if (audit_record(db, by, by_name, ip, "token.issue", obj, name) < 0)
		return -1;
	return id;
}

int
account_token_revoke(struct db *db, int64_t by, const char *by_name,
    const char *ip, int64_t id)
{
	char obj[64];
	sqlite3_stmt *st;

	st = db_prepare(db, "UPDATE api_tokens SET revoked_at = ?2"
	    " WHERE id = ?1 AND revoked_at IS NULL");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, time(NULL));
	if (db_step_done(st) < 0)
		return -1;
	if (db_changes(db) != 1)
		return 1;	/* no such live token */
	snprintf(obj, sizeof(obj), "token:%" PRId64, id);
	return audit_record(db, by, by_name, ip, "token.revoke", obj, "");
}

int
account_tokens_list(struct db *db, struct arena *a, struct account_token **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 0;

	st = db_prepare(db, "SELECT count(*) FROM api_tokens");
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		cap = sqlite3_column_int(st, 0);
	db_done(st);
	st = db_prepare(db, "SELECT t.id, t.name, t.person_id, p.username,"
	    " t.created_at, coalesce(t.revoked_at, 0) FROM api_tokens t"
	    " JOIN people p ON p.id = t.person_id ORDER BY t.id");
	if (st == NULL)
		return -1;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(cap + 1));
	while (n < cap && sqlite3_step(st) == SQLITE_ROW) {
		struct account_token *t = &(*out)[n++];

		t->id = sqlite3_column_int64(st, 0);
		t->name = arena_strdup(a, db_col_text(st, 1));
		t->person_id = sqlite3_column_int64(st, 2);
		t->username = arena_strdup(a, db_col_text(st, 3));
		t->created_at = (long)sqlite3_column_int64(st, 4);
		t->revoked_at = (long)sqlite3_column_int64(st, 5);
	}
	db_done(st);
	return n;
}

int
account_purge(struct db *db)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "DELETE FROM sessions WHERE expires_at < ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, time(NULL));
	return db_step_done(st);
}

/*
 * Who holds a token, remembered. Each request signed in by a token read
 * its session, person and unit: under a stream of writes every read
 * transaction of a thread's connection starts with its page cache
 * discarded (another connection committed), and that lookup cost 55-80
 * µs of CPU per request, as much as some handlers. An entry is stamped
 * with the generation of the tables it was read from (db_watch(): any
 * change to them by this server, such as a sign-out, a password, a role
 * or a unit renamed, ends every entry at once) and lives at most
 * AUTH_CACHE_SECONDS, so that a change made by another process (the
 * command line) takes effect within that time; never past the session's
 * expiry. Tokens that sign nobody in are not remembered.
 */
#define AUTH_CACHE_SLOTS	256
#define AUTH_CACHE_SECONDS	2
#define AUTH_CACHE_TEXT		1024

enum { AUTH_WEB = 1, AUTH_BEARER, AUTH_API_TOKEN };

struct auth_entry {
	char		 thash[65];
	int		 kind;		/* AUTH_*; 0: empty */
	uint64_t	 gen;
	time_t		 until;
	int64_t		 id, unit_id;
	unsigned	 roles;
	/* username, full_name, unit_name, csrf: NUL-terminated, in turn */
	char		 text[AUTH_CACHE_TEXT];
};

static const char *const auth_tables[] = { "sessions", "api_tokens",
	"people", "units", NULL };
static int auth_watch = -1;
static struct auth_entry auth_cache[AUTH_CACHE_SLOTS];
static pthread_mutex_t auth_cache_lock = PTHREAD_MUTEX_INITIALIZER;

void
account_cache_init(void)
{
	if (auth_watch < 0)
		auth_watch = db_watch(auth_tables);
}

static struct auth_entry *
auth_slot(const char *thash, int kind)
{
	unsigned h = (unsigned)kind;
	int i;

	for (i = 0; i < 8; i++)	/* hex of a SHA-256: spread already */
		h = h * 16 + (unsigned)(thash[i] & 0x1f);
	return &auth_cache[h % AUTH_CACHE_SLOTS];
}

/* The person `thash` signs in as `kind`, if remembered: 1, else 0. */
static int
auth_cached(struct req *r, const char *thash, int kind, time_t now)
{
	struct auth_entry *e = auth_slot(thash, kind), copy;
	const char *p;

	if (auth_watch < 0)
		return 0;
	pthread_mutex_lock(&auth_cache_lock);
	copy = *e;
	pthread_mutex_unlock(&auth_cache_lock);
	if (copy.kind != kind || strcmp(copy.thash, thash) != 0 ||
	    now >= copy.until || copy.gen != db_watch_gen(auth_watch))
		return 0;
	r->user.id = copy.id;
	r->user.unit_id = copy.unit_id;
	r->user.roles = copy.roles;
	p = copy.text;
	r->user.username = arena_strdup(&r->arena, p);
	p += strlen(p) + 1;
	r->user.full_name = arena_strdup(&r->arena, p);
	p += strlen(p) + 1;
	r->user.unit_name = arena_strdup(&r->arena, p);
	p += strlen(p) + 1;
	if (kind == AUTH_WEB)
		r->user.csrf = arena_strdup(&r->arena, p);
	r->user.bearer = kind != AUTH_WEB;
	return 1;
}

/* Remember who `r` was signed in as, read at generation `gen`. */
static void
auth_remember(const struct req *r, const char *thash, int kind, uint64_t gen,
    time_t until)
{
	const char *f[4] = { r->user.username, r->user.full_name,
	    r->user.unit_name, r->user.csrf ? r->user.csrf : "" };
	struct auth_entry e;
	size_t n, used = 0;
	int i;

	if (auth_watch < 0)
		return;
	memset(&e, 0, sizeof(e));
	for (i = 0; i < 4; i++) {
		n = strlen(f[i]) + 1;
		if (used + n > sizeof(e.text))
			return;		/* read each time */
		memcpy(e.text + used, f[i], n);
		used += n;
	}
	snprintf(e.thash, sizeof(e.thash), "%s", thash);
	e.kind = kind;
	e.gen = gen;
	e.until = until;
	e.id = r->user.id;
	e.unit_id = r->user.unit_id;
	e.roles = r->user.roles;
	pthread_mutex_lock(&auth_cache_lock);
	*auth_slot(thash, kind) = e;
	pthread_mutex_unlock(&auth_cache_lock);
}

static void
fill_user(struct req *r, sqlite3_stmt *st, int with_csrf)
{
	r->user.id = sqlite3_column_int64(st, 0);
	r->user.unit_id = sqlite3_column_int64(st, 1);
	r->user.roles = (unsigned)sqlite3_column_int(st, 2);
	r->user.username = arena_strdup(&r->arena, db_col_text(st, 3));
	r->user.full_name = arena_strdup(&r->arena, db_col_text(st, 4));
	r->user.unit_name = arena_strdup(&r->arena, db_col_text(st, 5));
	if (with_csrf)
		r->user.csrf = arena_strdup(&r->arena, db_col_text(st, 6));
}

void
account_authenticate(struct req *r)
{
	const char *auth, *token = NULL;
	struct db *db = db_thread();
	sqlite3_stmt *st;
	char thash[65];
	int bearer = 0, kind;
	time_t now = time(NULL), expires;
	uint64_t gen;

	if (db == NULL)
		return;
	auth = req_header(r, "Authorization");
	if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
		token = auth + 7;
		bearer = 1;
	} else
		token = req_cookie(r, ACCOUNT_COOKIE);
	if (token == NULL || strlen(token) != 32)
		return;
	auth_sha256_hex(token, 32, thash);
	kind = bearer ? AUTH_BEARER : AUTH_WEB;
	if (auth_cached(r, thash, kind, now) ||
	    (bearer && auth_cached(r, thash, AUTH_API_TOKEN, now)))
		return;
	/* Read before the rows: a change committed after it moves it on. */
	gen = auth_watch >= 0 ? db_watch_gen(auth_watch) : 0;
	st = db_prepare(db, "SELECT p.id, p.unit_id, p.roles, p.username,"
	    " p.full_name, u.name, s.csrf, s.expires_at FROM sessions s"
	    " JOIN people p ON p.id = s.person_id"
	    " JOIN units u ON u.id = p.unit_id"
	    " WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND p.active"
	    " AND s.kind = ?3");
	if (st == NULL)
		return;
	db_bind_text(st, 1, thash);
	db_bind_int(st, 2, now);
	db_bind_text(st, 3, bearer ? "api" : "web");
	if (sqlite3_step(st) == SQLITE_ROW) {
		fill_user(r, st, !bearer);
		r->user.bearer = bearer;
		expires = (time_t)sqlite3_column_int64(st, 7);
		db_done(st);
		auth_remember(r, thash, kind, gen, expires < now +
		    AUTH_CACHE_SECONDS ? expires : now + AUTH_CACHE_SECONDS);
		return;
	}
	db_done(st);
	if (!bearer)
		return;
	st = db_prepare(db, "SELECT p.id, p.unit_id, p.roles, p.username,"
	    " p.full_name, u.name FROM api_tokens t"
	    " JOIN people p ON p.id = t.person_id"
	    " JOIN units u ON u.id = p.unit_id"
	    " WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND p.active");
	if (st == NULL)
		return;
	db_bind_text(st, 1, thash);
	if (sqlite3_step(st) == SQLITE_ROW) {
		fill_user(r, st, 0);
		r->user.bearer = 1;
		db_done(st);
		auth_remember(r, thash, AUTH_API_TOKEN, gen, now +
		    AUTH_CACHE_SECONDS);
		return;
	}
	db_done(st);
}
