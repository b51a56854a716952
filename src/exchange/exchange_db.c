/* exchange_db.c - the SQL of the exchange: peers, packages, the statuses
 * recipients reported, requests waiting for a clerk, settings. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/jobs.h"
#include "exchange_int.h"

static const char *
col(struct arena *a, sqlite3_stmt *st, int i)
{
	return arena_strdup(a, db_col_text(st, i));
}

/* ---- peers ------------------------------------------------------------ */

#define PEER_COLS " id, match, name, url, kind, api_key, cert_sha256," \
	" ca_file, created_at"

static void
read_peer(struct arena *a, sqlite3_stmt *st, struct exchange_peer *p)
{
	p->id = sqlite3_column_int64(st, 0);
	p->match = col(a, st, 1);
	p->name = col(a, st, 2);
	p->url = col(a, st, 3);
	p->kind = col(a, st, 4);
	p->api_key = col(a, st, 5);
	p->cert_sha256 = col(a, st, 6);
	p->ca_file = col(a, st, 7);
	p->created_at = (long)sqlite3_column_int64(st, 8);
}

int
exchange_peers(struct db *db, struct arena *a, struct exchange_peer **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 16, rc;

	*out = arena_alloc(a, cap * sizeof(**out));
	st = db_prepare(db, "SELECT" PEER_COLS " FROM exchange_peers"
	    " ORDER BY match = '*', match");
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			struct exchange_peer *p = arena_alloc(a, 2 * cap *
			    sizeof(*p));

			memcpy(p, *out, n * sizeof(*p));
			*out = p;
			cap *= 2;
		}
		read_peer(a, st, &(*out)[n++]);
	}
	db_done(st);
	return rc == SQLITE_DONE ? n : -1;
}

int
exchange_peer_pick(struct arena *a, const struct exchange_peer *all, int n,
    const char *code, struct exchange_peer *out)
{
	const char **m;
	int i, k;

	m = arena_alloc(a, (n + 1) * sizeof(*m));
	for (i = 0; i < n; i++)
		m[i] = all[i].match;
	if ((k = exchange_match_pick(m, n, code)) < 0)
		return 1;
	*out = all[k];
	return 0;
}

int
exchange_peer_for(struct db *db, struct arena *a, const char *code,
    struct exchange_peer *out)
{
	struct exchange_peer *all;
	int n;

	if ((n = exchange_peers(db, a, &all)) < 0)
		return -1;
	return exchange_peer_pick(a, all, n, code, out);
}

int
exchange_peer_save(struct db *db, struct exchange_peer *p)
{
	sqlite3_stmt *st;
	time_t now = time(NULL);

	st = db_prepare(db, "INSERT INTO exchange_peers (match, name, url, kind,"
	    " api_key, cert_sha256, ca_file, created_at, updated_at) VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) ON CONFLICT (match) DO"
	    " UPDATE SET name = ?2, url = ?3, kind = ?4, api_key = ?5,"
	    " cert_sha256 = ?6, ca_file = ?7, updated_at = ?8 RETURNING id");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, p->match);
	db_bind_text(st, 2, p->name ? p->name : "");
	db_bind_text(st, 3, p->url);
	db_bind_text(st, 4, p->kind ? p->kind : "direct");
	db_bind_text(st, 5, p->api_key ? p->api_key : "");
	db_bind_text(st, 6, p->cert_sha256 ? p->cert_sha256 : "");
	db_bind_text(st, 7, p->ca_file ? p->ca_file : "");
	db_bind_int(st, 8, now);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		return -1;
	}
	p->id = sqlite3_column_int64(st, 0);
	db_done(st);
	/* Documents that waited for someone to answer for a code. */
	return jobs_enqueue(db, "exchange.pending", "{}", 0);
}

int
exchange_peer_remove(struct db *db, int64_t id, const char *match)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "DELETE FROM exchange_peers WHERE id = ?1"
	    " OR match = ?2");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, match ? match : "");
	if (db_step_done(st) < 0)
		return -1;
	return db_changes(db) ? 0 : 1;
}

/* ---- packages ----------------------------------------------------------- */

#define PKG_COLS " p.id, p.direction, p.kind, p.sha256, ifnull(p.doc_id, 0)," \
	" ifnull(p.receipt_id, 0), p.from_code, p.to_code, p.document_id," \
	" p.notation, p.doc_date, p.business, p.status_code, p.size, p.state," \
	" p.attempts, p.last_error, p.peer_url, p.created_at, p.updated_at," \
	" ifnull(p.sent_at, 0)"

static void
read_pkg(struct arena *a, sqlite3_stmt *st, struct exchange_pkg *p)
{
	p->id = sqlite3_column_int64(st, 0);
	p->direction = col(a, st, 1);
	p->kind = col(a, st, 2);
	p->sha256 = col(a, st, 3);
	p->doc_id = sqlite3_column_int64(st, 4);
	p->receipt_id = sqlite3_column_int64(st, 5);
	p->from_code = col(a, st, 6);
	p->to_code = col(a, st, 7);
	p->document_id = col(a, st, 8);
	p->notation = col(a, st, 9);
	p->doc_date = col(a, st, 10);
	p->business = sqlite3_column_int(st, 11);
	p->status_code = col(a, st, 12);
	p->size = (long)sqlite3_column_int64(st, 13);
	p->state = col(a, st, 14);
	p->attempts = sqlite3_column_int(st, 15);
	p->last_error = col(a, st, 16);
	p->peer_url = col(a, st, 17);
	p->created_at = (long)sqlite3_column_int64(st, 18);
	p->updated_at = (long)sqlite3_column_int64(st, 19);
	p->sent_at = (long)sqlite3_column_int64(st, 20);
}

/* The package of the statement's first row (0), or `none` when it has
 * none; the statement is done. */
static int
one_pkg(struct arena *a, sqlite3_stmt *st, struct exchange_pkg *out, int none)
{
	int rc = none;

	if (sqlite3_step(st) == SQLITE_ROW) {
		read_pkg(a, st, out);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
exchange_pkg_insert(struct db *db, struct exchange_pkg *p)
{
	sqlite3_stmt *st;
	time_t now = time(NULL);
	int rc;

	st = db_prepare(db, "INSERT INTO exchange_packages (direction, kind,"
	    " sha256, doc_id, receipt_id, from_code, to_code, document_id,"
	    " notation, doc_date, business, status_code, size, state,"
	    " last_error, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)"
	    " ON CONFLICT DO NOTHING");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, p->direction);
	db_bind_text(st, 2, p->kind);
	db_bind_text(st, 3, p->sha256);
	if (p->doc_id)
		db_bind_int(st, 4, p->doc_id);
	if (p->receipt_id)
		db_bind_int(st, 5, p->receipt_id);
	db_bind_text(st, 6, p->from_code ? p->from_code : "");
	db_bind_text(st, 7, p->to_code ? p->to_code : "");
	db_bind_text(st, 8, p->document_id ? p->document_id : "");
	db_bind_text(st, 9, p->notation ? p->notation : "");
	db_bind_text(st, 10, p->doc_date ? p->doc_date : "");
	db_bind_int(st, 11, p->business);
	db_bind_text(st, 12, p->status_code ? p->status_code : "");
	db_bind_int(st, 13, p->size);
	db_bind_text(st, 14, p->state);
	db_bind_text(st, 15, p->last_error ? p->last_error : "");
	db_bind_int(st, 16, now);
	if ((rc = db_step_done(st)) < 0)
		return -1;
	if (db_changes(db) == 0)
		return 1;
	p->id = db_last_id(db);
	return 0;
}

int
exchange_pkg_get(struct db *db, struct arena *a, int64_t id,
    struct exchange_pkg *out)
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, "SELECT" PKG_COLS " FROM exchange_packages p"
	    " WHERE p.id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	return one_pkg(a, st, out, rc);
}

int
exchange_pkg_received(struct db *db, struct arena *a, const char *sha,
    struct exchange_pkg *out)
{
	sqlite3_stmt *st;
	int rc = 1;

	/* The terms of the partial index exchange_packages_sha. */
	st = db_prepare(db, "SELECT" PKG_COLS " FROM exchange_packages p"
	    " WHERE p.direction = 'in' AND p.sha256 = ?1"
	    " AND p.state <> 'refused'");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, sha);
	return one_pkg(a, st, out, rc);
}

/* The states of the partial index exchange_packages_open (migration
 * 022): a term naming them lets a query use it. */
#define OPEN_STATES	"('queued', 'sending', 'failed', 'refused')"

int
exchange_pkgs_waiting(struct db *db, const struct exchange_pkg *except,
    int64_t *ids, int max)
{
	sqlite3_stmt *st;
	int n = 0, rc;

	/* The terms of the partial index exchange_packages_open first. */
	st = db_prepare(db, "SELECT p.id FROM exchange_packages p"
	    " WHERE p.state IN " OPEN_STATES
	    " AND p.state = 'queued' AND p.direction = 'out'"
	    " AND p.attempts = 0 AND p.id <> ?1"
	    " AND NOT (p.document_id = ?2 AND p.to_code = ?3)"
	    " AND NOT EXISTS (SELECT 1 FROM exchange_packages q"
	    " WHERE q.state IN " OPEN_STATES
	    " AND q.state IN ('queued', 'sending') AND q.direction = 'out'"
	    " AND q.document_id = p.document_id AND q.to_code = p.to_code"
	    " AND q.id < p.id) ORDER BY p.id LIMIT ?4");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, except->id);
	db_bind_text(st, 2, except->document_id);
	db_bind_text(st, 3, except->to_code);
	db_bind_int(st, 4, max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max)
		ids[n++] = sqlite3_column_int64(st, 0);
	db_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? n : -1;
}

int
exchange_send_now(struct db *db)
{
	sqlite3_stmt *st;
	time_t now = time(NULL);
	int n;

	/* The terms of the partial index exchange_packages_open first. */
	st = db_prepare(db, "UPDATE exchange_packages SET attempts = 0,"
	    " updated_at = ?1 WHERE state IN " OPEN_STATES
	    " AND state = 'queued' AND direction = 'out'");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, now);
	if (db_step_done(st) < 0)
		return -1;
	n = db_changes(db);
	return jobs_due_now(db, "exchange.deliver", NULL, 0) < 0 ? -1 : n;
}

int
exchange_pkg_state(struct db *db, int64_t id, const char *state,
    int attempts, const char *error, const char *peer_url)
{
	sqlite3_stmt *st;
	time_t now = time(NULL);

	st = db_prepare(db, "UPDATE exchange_packages SET state = ?2,"
	    " attempts = ?3, last_error = ?4, peer_url = ifnull(?5, peer_url),"
	    " updated_at = ?6, sent_at = CASE WHEN ?2 = 'sent' THEN ?6"
	    " ELSE sent_at END WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, state);
	db_bind_int(st, 3, attempts);
	db_bind_text(st, 4, error ? error : "");
	db_bind_text(st, 5, peer_url);
	db_bind_int(st, 6, now);
	return db_step_done(st);
}

/* A list of `state` is of packages the index exchange_packages_open
 * holds ('outbox': queued, sending or failed). */
static int
open_state(const char *state)
{
	static const char *const open[] = { "outbox", "queued", "sending",
	    "failed", "refused" };
	size_t i;

	for (i = 0; state != NULL && i < sizeof(open) / sizeof(open[0]); i++)
		if (strcmp(state, open[i]) == 0)
			return 1;
	return 0;
}

/* The filters of every list: ?1 direction, ?2 state (or 'outbox'), ?3 a
 * document; the forms below lead with a term an index serves. */
#define PKGS_FILTER " AND (?1 IS NULL OR p.direction = ?1)" \
	" AND (?2 IS NULL OR p.state = ?2 OR (?2 = 'outbox' AND" \
	" p.state IN ('queued', 'sending', 'failed')))" \
	" AND (?3 = 0 OR p.doc_id = ?3)" \
	" ORDER BY p.id DESC LIMIT ?4 OFFSET ?5"
#define PKGS_LIST(lead) "SELECT" PKG_COLS ", count(*) OVER ()" \
	" FROM exchange_packages p WHERE " lead PKGS_FILTER

int
exchange_pkgs(struct db *db, struct arena *a, const char *direction,
    const char *state, int64_t doc_id, int limit, int offset,
    struct exchange_pkg **out, int *total)
{
	/* Optional filters alone leave SQLite no index to use: with
	 * millions of packages every page of the outbox read them all. */
	static const char *const forms[] = {
		PKGS_LIST("p.doc_id = ?3"),		/* a document's */
		PKGS_LIST("p.state IN " OPEN_STATES),	/* under way */
		PKGS_LIST("1"),
	};
	sqlite3_stmt *st;
	int n = 0, rc;

	*total = 0;
	*out = arena_alloc(a, (limit > 0 ? limit : 1) * sizeof(**out));
	st = db_prepare(db, forms[doc_id > 0 ? 0 : open_state(state) ? 1 : 2]);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, direction);
	db_bind_text(st, 2, state);
	db_bind_int(st, 3, doc_id);
	db_bind_int(st, 4, limit);
	db_bind_int(st, 5, offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < limit) {
		read_pkg(a, st, &(*out)[n++]);
		*total = sqlite3_column_int(st, 21);
	}
	db_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? n : -1;
}

int
exchange_pkg_of_receipt(struct db *db, struct arena *a, int64_t receipt,
    struct exchange_pkg *out)
{
	sqlite3_stmt *st;
	int rc = 1;

	st = db_prepare(db, "SELECT" PKG_COLS " FROM exchange_receipts r"
	    " JOIN exchange_packages p ON p.id = r.package_id"
	    " WHERE r.receipt_id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, receipt);
	return one_pkg(a, st, out, rc);
}

int
exchange_pkg_sent(struct db *db, struct arena *a, const char *document_id,
    const char *to_code, struct exchange_pkg *out)
{
	sqlite3_stmt *st;
	int rc = 1;

	st = db_prepare(db, "SELECT" PKG_COLS " FROM exchange_packages p"
	    " WHERE p.document_id = ?1 AND p.direction = 'out'"
	    " AND p.kind = 'doc' AND p.to_code = ?2 ORDER BY p.id LIMIT 1");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, document_id);
	db_bind_text(st, 2, to_code);
	return one_pkg(a, st, out, rc);
}

int
exchange_receipts_of(struct db *db, const char *document_id,
    const char *from_code, int64_t *receipts, int max, int *n)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	st = db_prepare(db, "SELECT DISTINCT r.receipt_id FROM exchange_packages"
	    " p JOIN exchange_receipts r ON r.package_id = p.id"
	    " WHERE p.document_id = ?1"
	    " AND p.direction = 'in' AND p.kind = 'doc' AND p.business = 0"
	    " AND (?2 IS NULL OR p.from_code = ?2)");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, document_id);
	db_bind_text(st, 2, from_code);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		receipts[(*n)++] = sqlite3_column_int64(st, 0);
	db_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

int
exchange_receipt_link(struct db *db, int64_t receipt, int64_t package_id)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO exchange_receipts (receipt_id,"
	    " package_id) VALUES (?1, ?2)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, receipt);
	db_bind_int(st, 2, package_id);
	return db_step_done(st);
}

/* ---- statuses ----------------------------------------------------------- */

int
exchange_status_add(struct db *db, int64_t doc_id, const char *recipient,
    const char *code, const char *description, const char *staff,
    const char *department, long at, int64_t package_id)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO exchange_statuses (doc_id,"
	    " recipient_code, status_code, description, staff, department, at,"
	    " package_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, doc_id);
	db_bind_text(st, 2, recipient);
	db_bind_text(st, 3, code);
	db_bind_text(st, 4, description ? description : "");
	db_bind_text(st, 5, staff ? staff : "");
	db_bind_text(st, 6, department ? department : "");
	db_bind_int(st, 7, at);
	if (package_id)
		db_bind_int(st, 8, package_id);
	return db_step_done(st);
}

int
exchange_statuses(struct db *db, struct arena *a, int64_t doc_id,
    struct exchange_status_row **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 32, rc;

	*out = arena_alloc(a, cap * sizeof(**out));
	st = db_prepare(db, "SELECT id, doc_id, recipient_code, status_code,"
	    " description, staff, department, at FROM exchange_statuses"
	    " WHERE doc_id = ?1 ORDER BY recipient_code, id");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, doc_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct exchange_status_row *r;

		if (n == cap) {
			r = arena_alloc(a, 2 * cap * sizeof(*r));
			memcpy(r, *out, n * sizeof(*r));
			*out = r;
			cap *= 2;
		}
		r = &(*out)[n++];
		r->id = sqlite3_column_int64(st, 0);
		r->doc_id = sqlite3_column_int64(st, 1);
		r->recipient_code = col(a, st, 2);
		r->status_code = col(a, st, 3);
		r->description = col(a, st, 4);
		r->staff = col(a, st, 5);
		r->department = col(a, st, 6);
		r->at = (long)sqlite3_column_int64(st, 7);
	}
	db_done(st);
	return rc == SQLITE_DONE ? n : -1;
}

int
exchange_receipt_mark(struct db *db, int64_t receipt, const char *code)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO exchange_receipt_sent (receipt_id,"
	    " status_code, at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, receipt);
	db_bind_text(st, 2, code);
	db_bind_int(st, 3, time(NULL));
	if (db_step_done(st) < 0)
		return -1;
	return db_changes(db) ? 0 : 1;
}

/* ---- requests ----------------------------------------------------------- */

int
exchange_request_add(struct db *db, int64_t package_id, int64_t receipt,
    int business, const char *reason)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO exchange_requests (package_id,"
	    " receipt_id, business, reason, created_at) VALUES (?1, ?2, ?3,"
	    " ?4, ?5)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, package_id);
	db_bind_int(st, 2, receipt);
	db_bind_int(st, 3, business);
	db_bind_text(st, 4, reason ? reason : "");
	db_bind_int(st, 5, time(NULL));
	return db_step_done(st);
}

#define REQ_COLS " r.id, r.package_id, r.receipt_id, x.doc_id, r.business," \
	" r.reason, r.state, r.answer, p.from_code, p.notation, r.created_at," \
	" ifnull(r.decided_at, 0)"
#define REQ_FROM " FROM exchange_requests r JOIN doc_receipts x" \
	" ON x.id = r.receipt_id JOIN exchange_packages p ON p.id = r.package_id"

static void
read_req(struct arena *a, sqlite3_stmt *st, struct exchange_request *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->package_id = sqlite3_column_int64(st, 1);
	r->receipt_id = sqlite3_column_int64(st, 2);
	r->doc_id = sqlite3_column_int64(st, 3);
	r->business = sqlite3_column_int(st, 4);
	r->reason = col(a, st, 5);
	r->state = col(a, st, 6);
	r->answer = col(a, st, 7);
	r->from_code = col(a, st, 8);
	r->notation = col(a, st, 9);
	r->created_at = (long)sqlite3_column_int64(st, 10);
	r->decided_at = (long)sqlite3_column_int64(st, 11);
}

int
exchange_requests(struct db *db, struct arena *a, int64_t unit_id,
    int64_t receipt, struct exchange_request **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 200, rc;

	*out = arena_alloc(a, cap * sizeof(**out));
	st = db_prepare(db, "SELECT" REQ_COLS REQ_FROM " WHERE (?1 = 0 OR"
	    " x.unit_id = ?1) AND (?2 = 0 OR r.receipt_id = ?2)"
	    " AND (?2 <> 0 OR r.state = 'pending') ORDER BY r.id DESC LIMIT 200");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, unit_id);
	db_bind_int(st, 2, receipt);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < cap)
		read_req(a, st, &(*out)[n++]);
	db_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? n : -1;
}

int
exchange_request_get(struct db *db, struct arena *a, int64_t id,
    struct exchange_request *out)
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, "SELECT" REQ_COLS REQ_FROM " WHERE r.id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		read_req(a, st, out);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
exchange_request_decide(struct db *db, int64_t id, int agree,
    const char *answer, int64_t by)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "UPDATE exchange_requests SET state = ?2,"
	    " answer = ?3, decided_by = ?4, decided_at = ?5 WHERE id = ?1"
	    " AND state = 'pending'");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, agree ? "agreed" : "refused");
	db_bind_text(st, 3, answer ? answer : "");
	if (by)
		db_bind_int(st, 4, by);
	db_bind_int(st, 5, time(NULL));
	if (db_step_done(st) < 0)
		return -1;
	return db_changes(db) ? 0 : 1;
}
