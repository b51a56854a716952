/* docs_common_db.c - helpers shared by the documents module's SQL files:
 * errors, checks of text and dates, history and audit rows, the reader's
 * body, the state of a document. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/calendar.h"
#include "core/fold.h"
#include "core/memo.h"
#include "docs.h"
#include "docs_int.h"

/* A unit's body, a type's id: read for nearly every request, changed
 * seldom (see memo.h). NULL on the command line: always read. */
static const char *const units_tables[] = { "units", NULL };
static const char *const types_tables[] = { "doc_types", NULL };
static struct memo *units_memo, *types_memo;

int64_t
docs_types_gen(void)
{
	return types_memo != NULL ? (int64_t)memo_gen(types_memo) : -1;
}

void
docs_memo_init(void)
{
	if (units_memo == NULL) {
		units_memo = memo_new(units_tables);
		types_memo = memo_new(types_tables);
	}
}

void
docs_bind_reader(sqlite3_stmt *st, const struct docs_actor *who)
{
	db_bind_int(st, 20, who->body_id);
	db_bind_int(st, 21, who->id);
}

int
docs_err(struct docs_err *e, int status, const char *code, const char *field,
    const char *message)
{
	e->status = status;
	e->code = code;
	e->field = field;
	e->message = message;
	return -1;
}

static __thread char errbuf[512];

int
docs_errf(struct docs_err *e, int status, const char *code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, sizeof(errbuf), fmt, ap);
	va_end(ap);
	return docs_err(e, status, code, field, errbuf);
}

int
docs_valid_text(const char *s, int required, size_t max)
{
	return text_valid(s, required, max);
}

int
docs_valid_date(const char *s, int *day)
{
	int d;

	if (s == NULL || calendar_parse_iso(s, &d) < 0)
		return 0;
	if (day)
		*day = d;
	return 1;
}

/* The time set by docs_clock_set on this thread; 0: the real clock. */
static __thread time_t clock_set;

time_t
docs_now(void)
{
	return clock_set ? clock_set : time(NULL);
}

void
docs_clock_set(time_t t)
{
	clock_set = t;
}

int
docs_today(void)
{
	struct tm tm;
	time_t now = docs_now();

	localtime_r(&now, &tm);
	return calendar_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
}

int
docs_record(struct db *db, const struct docs_actor *who, int64_t doc,
    const char *action, const char *comment)
{
	sqlite3_stmt *st;
	char object[64], act[64];

	st = db_prepare(db, "INSERT INTO doc_history (doc_id, unit_id, at,"
	    " actor_id, actor, action, comment) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, doc);
	if (who->body_id)
		db_bind_int(st, 2, who->body_id);
	db_bind_int(st, 3, docs_now());
	if (who->id)
		db_bind_int(st, 4, who->id);
	db_bind_text(st, 5, who->full_name ? who->full_name : who->name);
	db_bind_text(st, 6, action);
	db_bind_text(st, 7, comment ? comment : "");
	if (db_step_done(st) < 0)
		return -1;
	snprintf(object, sizeof(object), "document:%" PRId64, doc);
	snprintf(act, sizeof(act), "docs.%s", action);
	return audit_record(db, who->id, who->name, who->ip ? who->ip : "",
	    act, object, comment ? comment : "");
}

int
docs_err_unseen(struct db *db, const struct docs_actor *who, int64_t id,
    struct docs_err *err)
{
	if (!docs_exists(db, id))
		return docs_err(err, 404, "not_found", NULL,
		    "Không có văn bản này");
	if (!docs_visible(db, who, id))
		return docs_err(err, 403, "forbidden", NULL, "Bạn không được xem"
		    " văn bản này: văn bản không do đơn vị của bạn ban hành hoặc"
		    " nhận, và không được giao hay chia sẻ cho bạn");
	return docs_err(err, 403, "forbidden", NULL, "Đơn vị của bạn không"
	    " thực hiện được bước này trên văn bản này");
}

int
docs_has_role(const struct docs_actor *who, unsigned role)
{
	return (who->roles & role) != 0;
}

int
docs_state_of(struct db *db, int64_t id, int *state, int64_t *unit,
    int64_t *drafter)
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, "SELECT state, ifnull(unit_id, 0),"
	    " ifnull(drafter_id, 0) FROM documents WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*state = docs_state_parse(db_col_text(st, 0));
		*unit = sqlite3_column_int64(st, 1);
		if (drafter)
			*drafter = sqlite3_column_int64(st, 2);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int64_t
docs_type_id(struct db *db, const char *code, int *is_letter)
{
	sqlite3_stmt *st;
	int64_t v[2] = { 0, 0 };	/* id (0: none), is a letter */
	uint64_t gen = memo_gen(types_memo);

	if (code == NULL)
		return 0;
	if (!memo_get(types_memo, code, v)) {
		st = db_prepare(db, "SELECT id, abbr = '' FROM doc_types"
		    " WHERE code = ?1 AND active");
		if (st == NULL)
			return 0;
		db_bind_text(st, 1, code);
		switch (sqlite3_step(st)) {
		case SQLITE_ROW:
			v[0] = sqlite3_column_int64(st, 0);
			v[1] = sqlite3_column_int(st, 1);
			/* FALLTHROUGH */
		case SQLITE_DONE:
			memo_put(types_memo, code, gen, v);
			break;
		}
		db_done(st);
	}
	if (v[0] && is_letter)
		*is_letter = (int)v[1];
	return v[0];
}

int
docs_body_of(struct db *db, int64_t unit_id, int64_t *body)
{
	sqlite3_stmt *st;
	int64_t v[2] = { 0, 0 };	/* body */
	uint64_t gen = memo_gen(units_memo);
	char key[24];
	int rc = -1;

	snprintf(key, sizeof(key), "%" PRId64, unit_id);
	if (memo_get(units_memo, key, v)) {
		*body = v[0];
		return 0;
	}
	st = db_prepare(db, "SELECT CASE WHEN kind = 'division' AND parent_id"
	    " IS NOT NULL THEN parent_id ELSE id END FROM units WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, unit_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*body = v[0] = sqlite3_column_int64(st, 0);
		memo_put(units_memo, key, gen, v);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
docs_body_by_code(struct db *db, const char *code, int64_t *body)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT CASE WHEN kind = 'division' AND parent_id"
	    " IS NOT NULL THEN parent_id ELSE id END FROM units WHERE code = ?1"
	    " AND effective_until IS NULL");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, code);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		*body = sqlite3_column_int64(st, 0);
		rc = 0;
		break;
	case SQLITE_DONE:
		rc = 1;
		break;
	default:
		rc = -1;
	}
	db_done(st);
	return rc;
}

int
docs_actor_init(struct db *db, struct docs_actor *who, int64_t id,
    const char *name, const char *full_name, const char *ip,
    int64_t unit_id, unsigned roles)
{
	memset(who, 0, sizeof(*who));
	who->id = id;
	who->name = name ? name : "";
	who->full_name = full_name ? full_name : who->name;
	who->ip = ip ? ip : "";
	who->unit_id = unit_id;
	who->roles = roles;
	return docs_body_of(db, unit_id, &who->body_id);
}

