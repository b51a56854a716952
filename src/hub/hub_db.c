/* hub_db.c - the hub's SQL: settings, the message log and the
 * deliveries (members and their codes are in hub_member_db.c). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/blob.h"
#include "core/jobs.h"
#include "core/log.h"
#include "hub/hub_int.h"

int
hub_step_int(sqlite3_stmt *st, int64_t *v)
{
	int rc;

	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	db_done(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
hub_step_text(sqlite3_stmt *st, char *out, size_t len)
{
	int rc;

	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, len, "%s", db_col_text(st, 0));
	db_done(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static const char *
setting(struct db *db, const char *key, char *out, size_t len)
{
	struct arena a = ARENA_INIT;
	const char *v = db_setting(db, &a, key);

	if (v != NULL)
		snprintf(out, len, "%s", v);
	arena_release(&a);
	return v != NULL ? out : NULL;
}

int
hub_enabled(struct db *db)
{
	sqlite3_stmt *st;
	int64_t any;
	char v[8];

	if (setting(db, "hub.enabled", v, sizeof(v)) != NULL)
		return strcmp(v, "0") != 0;
	st = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM hub_members"
	    " WHERE removed_at IS NULL)");
	if (st == NULL || hub_step_int(st, &any) != 0)
		return -1;
	return (int)any;
}

/* Whether setting `key` is other than "0"; 1 when it is not set. */
static int
setting_on(struct db *db, const char *key)
{
	char v[8];

	return setting(db, key, v, sizeof(v)) == NULL || strcmp(v, "0") != 0;
}

int
hub_keep_packages(struct db *db)
{
	return setting_on(db, "hub.keep_packages");
}

int
hub_require_signature(struct db *db)
{
	return setting_on(db, "hub.require_signature");
}

int
hub_setting_set(struct db *db, const struct hub_actor *who, const char *key,
    const char *value)
{
	if (db_begin(db) < 0)
		return -1;
	if (db_setting_set(db, key, value) < 0 || audit_record(db, who->id,
	    who->name, who->ip, "setting.set", key, value) < 0)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

/* ---- messages ------------------------------------------------------- */

static int
msg_bind(sqlite3_stmt *st, const struct hub_msg *m)
{
	db_bind_int(st, 1, m->received_at ? m->received_at : time(NULL));
	db_bind_int(st, 2, m->member_id);
	db_bind_text(st, 3, m->ip ? m->ip : "");
	db_bind_text(st, 4, m->kind ? m->kind : "");
	db_bind_text(st, 5, m->from_code ? m->from_code : "");
	db_bind_text(st, 6, m->to_codes ? m->to_codes : "");
	db_bind_text(st, 7, m->document_id ? m->document_id : "");
	db_bind_text(st, 8, m->status_code);
	db_bind_text(st, 9, m->sha256);
	db_bind_int(st, 10, m->size);
	db_bind_int(st, 11, m->sig_present);
	db_bind_int(st, 12, m->sig_intact);
	db_bind_int(st, 13, m->sig_trusted);
	db_bind_text(st, 14, m->signer ? m->signer : "");
	db_bind_text(st, 15, m->cert_sha256 ? m->cert_sha256 : "");
	db_bind_text(st, 16, m->outcome);
	db_bind_text(st, 17, m->reason ? m->reason : "");
	db_bind_int(st, 18, m->status);
	return db_bind_text(st, 19, m->blob);
}

#define MSG_INSERT "INSERT INTO hub_messages (received_at, member_id, ip," \
	" kind, from_code, to_codes, document_id, status_code, sha256, size," \
	" sig_present, sig_intact, sig_trusted, signer, cert_sha256, outcome,"\
	" reason, status, blob) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9," \
	" ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"

int
hub_msg_refused(struct db *db, const struct hub_msg *m)
{
	sqlite3_stmt *st;

	if (db_begin(db) < 0)
		return -1;
	if ((st = db_prepare(db, MSG_INSERT)) == NULL)
		goto fail;
	msg_bind(st, m);
	if (db_step_done(st) < 0 || db_commit(db) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int64_t
hub_msg_accepted_id(struct db *db, const char *sha256, int count)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	st = db_prepare(db, "SELECT id FROM hub_messages WHERE sha256 = ?1"
	    " AND outcome = 'accepted'");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, sha256);
	if (hub_step_int(st, &id) < 0)
		return -1;
	if (id == 0 || !count)
		return id;
	/* Counted in a transaction of its own, as every write of the
	 * server (lazy: a count, not a delivery). */
	if (db_begin(db) < 0)
		return -1;
	st = db_prepare(db, "UPDATE hub_messages SET repeats = repeats + 1"
	    " WHERE id = ?1");
	if (st != NULL)
		db_bind_int(st, 1, id);
	if (st == NULL || db_step_done(st) < 0 || db_commit_lazy(db) < 0) {
		db_rollback(db);
		return -1;
	}
	return id;
}

int
hub_msg_insert(struct db *db, struct hub_msg *m)
{
	sqlite3_stmt *st;
	int64_t id;

	if ((id = hub_msg_accepted_id(db, m->sha256, 0)) != 0) {
		if (id < 0)
			return -1;
		m->id = id;
		return 1;
	}
	if ((st = db_prepare(db, MSG_INSERT)) == NULL)
		return -1;
	msg_bind(st, m);
	if (db_step_done(st) < 0)
		return -1;
	m->id = db_last_id(db);
	return 0;
}

int
hub_delivery_add(struct db *db, int64_t msg, int64_t member,
    const char *codes, int push)
{
	sqlite3_stmt *st;
	char payload[96];
	time_t now = time(NULL);

	st = db_prepare(db, "INSERT INTO hub_deliveries (message_id, member_id,"
	    " codes, mode, created_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, msg);
	db_bind_int(st, 2, member);
	db_bind_text(st, 3, codes);
	db_bind_text(st, 4, push ? "push" : "pull");
	db_bind_int(st, 5, now);
	if (db_step_done(st) < 0)
		return -1;
	if (!push)
		return 0;
	snprintf(payload, sizeof(payload), "{\"message\":%" PRId64
	    ",\"member\":%" PRId64 "}", msg, member);
	return jobs_enqueue(db, "hub.forward", payload, 0);
}

int
hub_waiting_list(struct db *db, struct arena *a, int64_t member,
    int64_t after, int limit, struct hub_waiting **out, int64_t *total)
{
	sqlite3_stmt *st;
	int n = 0;

	st = db_prepare(db, "SELECT count(*) FROM hub_deliveries"
	    " WHERE member_id = ?1 AND state = 'waiting' AND mode = 'pull'");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, member);
	if (hub_step_int(st, total) != 0)
		return -1;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(limit + 1));
	st = db_prepare(db, "SELECT m.id, m.sha256, m.kind, m.from_code,"
	    " d.codes, m.document_id, m.status_code, m.size, m.received_at"
	    " FROM hub_deliveries d JOIN hub_messages m ON m.id = d.message_id"
	    " WHERE d.member_id = ?1 AND d.state = 'waiting'"
	    " AND d.mode = 'pull' AND d.message_id > ?2"
	    " ORDER BY d.message_id LIMIT ?3");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, member);
	db_bind_int(st, 2, after);
	db_bind_int(st, 3, limit);
	while (n < limit && sqlite3_step(st) == SQLITE_ROW) {
		struct hub_waiting *w = &(*out)[n++];
		const char *to = db_col_text(st, 4), *comma = strchr(to, ',');

		w->id = sqlite3_column_int64(st, 0);
		snprintf(w->sha256, sizeof(w->sha256), "%s", db_col_text(st, 1));
		w->kind = arena_strdup(a, db_col_text(st, 2));
		w->from_code = arena_strdup(a, db_col_text(st, 3));
		w->to_code = comma ? arena_strndup(a, to, (size_t)(comma - to)) :
		    arena_strdup(a, to);
		w->document_id = arena_strdup(a, db_col_text(st, 5));
		w->status_code = sqlite3_column_type(st, 6) == SQLITE_NULL ?
		    NULL : arena_strdup(a, db_col_text(st, 6));
		w->size = sqlite3_column_int64(st, 7);
		w->received_at = (long)sqlite3_column_int64(st, 8);
	}
	db_done(st);
	return n;
}

int
hub_delivery_blob(struct db *db, int64_t msg, int64_t member, char blob[65])
{
	sqlite3_stmt *st;

	st = db_prepare(db, "SELECT coalesce(m.blob, '') FROM hub_deliveries d"
	    " JOIN hub_messages m ON m.id = d.message_id"
	    " WHERE d.message_id = ?1 AND d.member_id = ?2");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, msg);
	db_bind_int(st, 2, member);
	return hub_step_text(st, blob, 65);
}

/* Drop the file of `msg` when no delivery waits for it any more (inside
 * the caller's transaction); its path into `path` to unlink after the
 * commit ("" when nothing is dropped). 0 or -1. */
static int
drop_if_done(struct db *db, int64_t msg, char *path, size_t len)
{
	sqlite3_stmt *st;
	char blob[65] = "";
	int rc;

	path[0] = '\0';
	st = db_prepare(db, "SELECT coalesce(blob, '') FROM hub_messages m"
	    " WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM hub_deliveries d"
	    " WHERE d.message_id = m.id AND d.state = 'waiting')");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, msg);
	rc = hub_step_text(st, blob, sizeof(blob));
	if (blob[0] == '\0')
		return rc < 0 ? -1 : 0;
	st = db_prepare(db, "UPDATE hub_messages SET blob = NULL WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, msg);
	if (db_step_done(st) < 0)
		return -1;
	st = db_prepare(db, "DELETE FROM blobs WHERE hash = ?1");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, blob);
	if (db_step_done(st) < 0)
		return -1;
	return blob_path(blob, path, len);
}

int
hub_delivery_finish_in(struct db *db, int64_t msg, int64_t member, int done,
    const char *reason, char *path, size_t len)
{
	char state[16] = "";
	sqlite3_stmt *st;
	int rc;

	path[0] = '\0';
	st = db_prepare(db, "SELECT state FROM hub_deliveries"
	    " WHERE message_id = ?1 AND member_id = ?2");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, msg);
	db_bind_int(st, 2, member);
	if ((rc = hub_step_text(st, state, sizeof(state))) != 0)
		return rc;
	if (strcmp(state, "waiting") != 0)
		return strcmp(state, done ? "delivered" : "failed") == 0 ? 0 : 2;
	st = db_prepare(db, "UPDATE hub_deliveries SET state = ?3, reason = ?4,"
	    " updated_at = ?5 WHERE message_id = ?1 AND member_id = ?2");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, msg);
	db_bind_int(st, 2, member);
	db_bind_text(st, 3, done ? "delivered" : "failed");
	db_bind_text(st, 4, reason ? reason : "");
	db_bind_int(st, 5, time(NULL));
	if (db_step_done(st) < 0)
		return -1;
	if (!hub_keep_packages(db) && drop_if_done(db, msg, path, len) < 0)
		return -1;
	return 0;
}

int
hub_delivery_finish(struct db *db, int64_t msg, int64_t member, int done,
    const char *reason)
{
	char path[4096];
	int rc;

	if (db_begin(db) < 0)
		return -1;
	if ((rc = hub_delivery_finish_in(db, msg, member, done, reason, path,
	    sizeof(path))) != 0 || db_commit(db) < 0) {
		db_rollback(db);
		return rc != 0 ? rc : -1;
	}
	if (path[0] != '\0' && unlink(path) < 0)
		log_warn("%s: unlink %s failed", __func__, path);
	return 0;
}

int
hub_delivery_retry(struct db *db, int64_t msg, int64_t member,
    const char *reason, int *attempts)
{
	sqlite3_stmt *st;
	int64_t n = 0;
	int rc;

	if (db_begin(db) < 0)
		return -1;
	st = db_prepare(db, "UPDATE hub_deliveries SET attempts = attempts + 1,"
	    " reason = ?3, updated_at = ?4 WHERE message_id = ?1"
	    " AND member_id = ?2 RETURNING attempts");
	if (st == NULL)
		goto fail;
	db_bind_int(st, 1, msg);
	db_bind_int(st, 2, member);
	db_bind_text(st, 3, reason);
	db_bind_int(st, 4, time(NULL));
	rc = hub_step_int(st, &n);
	*attempts = (int)n;
	if (rc < 0 || db_commit(db) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
hub_push_get(struct db *db, int64_t msg, int64_t member, struct hub_push *p)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT mem.url, d.state, coalesce(m.blob, ''),"
	    " mem.removed_at IS NULL FROM hub_deliveries d"
	    " JOIN hub_messages m ON m.id = d.message_id"
	    " JOIN hub_members mem ON mem.id = d.member_id"
	    " WHERE d.message_id = ?1 AND d.member_id = ?2");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, msg);
	db_bind_int(st, 2, member);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(p->url, sizeof(p->url), "%s", db_col_text(st, 0));
		snprintf(p->state, sizeof(p->state), "%s", db_col_text(st, 1));
		snprintf(p->blob, sizeof(p->blob), "%s", db_col_text(st, 2));
		p->member_live = sqlite3_column_int(st, 3);
	}
	db_done(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
hub_push_waiting(struct db *db, int64_t msg, int64_t member, int64_t *msgs,
    int64_t *members, int max)
{
	sqlite3_stmt *st;
	int n = 0;

	/* Pushes run at once, so a package rides along only when no earlier
	 * package of its document still waits for the same member: the
	 * statuses of a document (03, 04, 05, 06) reach it in order. */
	st = db_prepare(db, "SELECT d.message_id, d.member_id"
	    " FROM hub_deliveries d JOIN hub_members mem ON mem.id = d.member_id"
	    " JOIN hub_messages m ON m.id = d.message_id"
	    " WHERE d.state = 'waiting' AND d.mode = 'push' AND d.attempts = 0"
	    " AND mem.removed_at IS NULL"
	    " AND NOT (d.message_id = ?1 AND d.member_id = ?2)"
	    " AND (m.document_id = '' OR NOT EXISTS (SELECT 1 FROM hub_messages"
	    " e JOIN hub_deliveries f ON f.message_id = e.id AND +f.member_id ="
	    " d.member_id WHERE e.document_id = m.document_id AND e.id <"
	    " d.message_id AND f.state = 'waiting'))"
	    " ORDER BY d.id LIMIT ?3");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, msg);
	db_bind_int(st, 2, member);
	db_bind_int(st, 3, max);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		msgs[n] = sqlite3_column_int64(st, 0);
		members[n] = sqlite3_column_int64(st, 1);
		n++;
	}
	db_done(st);
	return n;
}

/* ---- the log ------------------------------------------------------ */

/*
 * The filters, each of an optional parameter. Alone they leave SQLite no
 * index to use, so every page and its count read the whole log (a
 * message per package through the hub: millions). A search by
 * DocumentId or by dates leads with a plain term its index serves (the
 * LOG_BY_* forms); with no filter at all the page reads the newest rows
 * and the count is the table's own. (The hash's index holds accepted
 * packages only: a search by hash still reads the log.)
 */
#define LOG_TERMS " (?1 = '' OR m.from_code = upper(?1)" \
	" OR instr(m.to_codes || ',', upper(?1) || ',') > 0" \
	" OR m.document_id = ?1 OR m.sha256 LIKE lower(?1) || '%'" \
	" OR instr(m.document_id, ?1) > 0)" \
	" AND (?2 = '' OR substr(m.from_code, -length(?2)) = upper(?2)" \
	" OR instr(m.to_codes || ',', upper(?2) || ',') > 0)" \
	" AND (?3 = '' OR m.document_id = ?3)" \
	" AND (?4 = '' OR m.sha256 = lower(?4))" \
	" AND (?5 = '' OR m.outcome = ?5 OR EXISTS (SELECT 1" \
	" FROM hub_deliveries d WHERE d.message_id = m.id AND d.state = ?5))"\
	" AND (?6 = 0 OR m.received_at >= ?6)" \
	" AND (?7 = 0 OR m.received_at < ?7)" \
	" AND (?8 = 0 OR m.member_id = ?8 OR EXISTS (SELECT 1" \
	" FROM hub_deliveries d WHERE d.message_id = m.id" \
	" AND d.member_id = ?8))"
#define LOG_BY_DOC " WHERE m.document_id = ?3 AND" LOG_TERMS
#define LOG_BY_TIME " WHERE m.received_at >= ?6 AND m.received_at <" \
	" ifnull(nullif(?7, 0), 9223372036854775807) AND" LOG_TERMS
#define LOG_ANY " WHERE" LOG_TERMS
#define LOG_COUNT "SELECT count(*) FROM hub_messages m"
#define LOG_PAGE "SELECT m.id, m.received_at, m.member_id, mem.name," \
	" m.ip, m.kind, m.from_code, m.to_codes, m.document_id," \
	" m.status_code, m.sha256, m.size, m.sig_present, m.sig_intact," \
	" m.sig_trusted, m.signer, m.cert_sha256, m.outcome, m.reason," \
	" m.status, m.repeats, m.blob FROM hub_messages m" \
	" JOIN hub_members mem ON mem.id = m.member_id"
#define LOG_ORDER " ORDER BY m.id DESC LIMIT ?9 OFFSET ?10"

static int
filled(const char *s)
{
	return s != NULL && *s != '\0';
}

static void
query_bind(sqlite3_stmt *st, const struct hub_query *q)
{
	db_bind_text(st, 1, q->q ? q->q : "");
	db_bind_text(st, 2, q->code ? q->code : "");
	db_bind_text(st, 3, q->document_id ? q->document_id : "");
	db_bind_text(st, 4, q->sha256 ? q->sha256 : "");
	db_bind_text(st, 5, q->outcome ? q->outcome : "");
	db_bind_int(st, 6, q->since);
	db_bind_int(st, 7, q->until);
	db_bind_int(st, 8, q->member_id);
}

int
hub_log_search(struct db *db, struct arena *a, const struct hub_query *q,
    struct hub_msg **out, int64_t *total)
{
	sqlite3_stmt *st, *page;
	int n = 0, any = !filled(q->q) && !filled(q->code) &&
	    !filled(q->sha256) && !filled(q->outcome) && q->member_id == 0;

	/* Each form a literal of its own: the statement cache keys on it. */
	if (filled(q->document_id)) {
		st = db_prepare(db, LOG_COUNT LOG_BY_DOC);
		page = db_prepare(db, LOG_PAGE LOG_BY_DOC LOG_ORDER);
	} else if (q->since || q->until) {
		st = db_prepare(db, LOG_COUNT LOG_BY_TIME);
		page = db_prepare(db, LOG_PAGE LOG_BY_TIME LOG_ORDER);
	} else if (any) {
		st = db_prepare(db, LOG_COUNT);
		page = db_prepare(db, LOG_PAGE LOG_ORDER);
	} else {
		st = db_prepare(db, LOG_COUNT LOG_ANY);
		page = db_prepare(db, LOG_PAGE LOG_ANY LOG_ORDER);
	}
	if (st == NULL || page == NULL)
		return -1;
	query_bind(st, q);
	if (hub_step_int(st, total) != 0)
		return -1;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(q->limit + 1));
	st = page;
	query_bind(st, q);
	db_bind_int(st, 9, q->limit);
	db_bind_int(st, 10, q->offset);
	while (n < q->limit && sqlite3_step(st) == SQLITE_ROW) {
		struct hub_msg *m = &(*out)[n++];

		m->id = sqlite3_column_int64(st, 0);
		m->received_at = (long)sqlite3_column_int64(st, 1);
		m->member_id = sqlite3_column_int64(st, 2);
		m->member_name = arena_strdup(a, db_col_text(st, 3));
		m->ip = arena_strdup(a, db_col_text(st, 4));
		m->kind = arena_strdup(a, db_col_text(st, 5));
		m->from_code = arena_strdup(a, db_col_text(st, 6));
		m->to_codes = arena_strdup(a, db_col_text(st, 7));
		m->document_id = arena_strdup(a, db_col_text(st, 8));
		m->status_code = sqlite3_column_type(st, 9) == SQLITE_NULL ?
		    NULL : arena_strdup(a, db_col_text(st, 9));
		snprintf(m->sha256, sizeof(m->sha256), "%s", db_col_text(st, 10));
		m->size = sqlite3_column_int64(st, 11);
		m->sig_present = sqlite3_column_int(st, 12);
		m->sig_intact = sqlite3_column_int(st, 13);
		m->sig_trusted = sqlite3_column_int(st, 14);
		m->signer = arena_strdup(a, db_col_text(st, 15));
		m->cert_sha256 = arena_strdup(a, db_col_text(st, 16));
		m->outcome = arena_strdup(a, db_col_text(st, 17));
		m->reason = arena_strdup(a, db_col_text(st, 18));
		m->status = sqlite3_column_int(st, 19);
		m->repeats = sqlite3_column_int(st, 20);
		m->blob = sqlite3_column_type(st, 21) == SQLITE_NULL ? NULL :
		    arena_strdup(a, db_col_text(st, 21));
	}
	db_done(st);
	return n;
}

int
hub_msg_deliveries(struct db *db, struct arena *a, int64_t msg,
    struct hub_delivery **out)
{
	sqlite3_stmt *st;
	int64_t cap = 0;
	int n = 0;

	st = db_prepare(db, "SELECT count(*) FROM hub_deliveries"
	    " WHERE message_id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, msg);
	(void)hub_step_int(st, &cap);	/* 0 on an error */
	*out = arena_alloc(a, sizeof(**out) * (size_t)(cap + 1));
	st = db_prepare(db, "SELECT d.id, d.member_id, mem.name, d.codes,"
	    " d.mode, d.state, d.reason, d.attempts, d.updated_at"
	    " FROM hub_deliveries d JOIN hub_members mem ON mem.id = d.member_id"
	    " WHERE d.message_id = ?1 ORDER BY d.id");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, msg);
	while (n < cap && sqlite3_step(st) == SQLITE_ROW) {
		struct hub_delivery *d = &(*out)[n++];

		d->id = sqlite3_column_int64(st, 0);
		d->message_id = msg;
		d->member_id = sqlite3_column_int64(st, 1);
		d->member_name = arena_strdup(a, db_col_text(st, 2));
		d->codes = arena_strdup(a, db_col_text(st, 3));
		d->mode = arena_strdup(a, db_col_text(st, 4));
		d->state = arena_strdup(a, db_col_text(st, 5));
		d->reason = arena_strdup(a, db_col_text(st, 6));
		d->attempts = sqlite3_column_int(st, 7);
		d->updated_at = (long)sqlite3_column_int64(st, 8);
	}
	db_done(st);
	return n;
}
