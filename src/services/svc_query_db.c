/* svc_query_db.c - reading dossiers: one by id (visibility in the query)
 * or by code (public tracking), the back office's queues, history, files
 * and payments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/fold.h"
#include "directory/directory.h"
#include "svc_int.h"

static const char *const box_names[SVC_BOX_MAX] = {
	"new", "waiting", "to_handle", "to_approve", "to_return", "overdue",
	"all"
};
static const char *const box_labels[SVC_BOX_MAX] = {
	"Chờ tiếp nhận", "Chờ bổ sung", "Cần giải quyết", "Chờ phê duyệt",
	"Chờ trả kết quả", "Quá hạn", "Tất cả"
};

const char *
svc_box_name(int b)
{
	return b >= 0 && b < SVC_BOX_MAX ? box_names[b] : "";
}

const char *
svc_box_label(int b)
{
	return b >= 0 && b < SVC_BOX_MAX ? box_labels[b] : "";
}

int
svc_box_parse(const char *s)
{
	int i;

	for (i = 0; s && i < SVC_BOX_MAX; i++)
		if (strcmp(s, box_names[i]) == 0)
			return i;
	return -1;
}

#define DOSSIER_COLS "d.id, ifnull(d.code, ''), d.procedure_id, p.code," \
	" p.name, p.mode, p.days, d.unit_id, u.name, u.code," \
	" ifnull(d.citizen_id, 0), d.channel, d.state, d.supplemented," \
	" d.applicant_name, d.applicant_email, d.applicant_phone," \
	" d.applicant_idno, d.applicant_addr, d.data, d.note," \
	" ifnull(d.submitted_at, 0), ifnull(d.received_at, 0), d.first_due," \
	" d.due, d.apologies, ifnull(d.handler_unit_id, 0), ifnull(h.name," \
	" ''), d.result_text, ifnull(d.finished_at, 0), d.finished_on, d.fee," \
	" ifnull(d.paid_at, 0), ifnull(d.rating, 0), d.rating_comment," \
	" d.created_at, d.updated_at"
#define DOSSIER_FROM " FROM svc_dossiers d" \
	" JOIN svc_procedures p ON p.id = d.procedure_id" \
	" JOIN units u ON u.id = d.unit_id" \
	" LEFT JOIN units h ON h.id = d.handler_unit_id"

static const char *
opt(struct arena *a, sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NULL :
	    arena_strdup(a, db_col_text(st, col));
}

static void
read_dossier(sqlite3_stmt *st, struct arena *a, struct svc_dossier *d)
{
	d->id = sqlite3_column_int64(st, 0);
	d->code = arena_strdup(a, db_col_text(st, 1));
	d->procedure_id = sqlite3_column_int64(st, 2);
	d->procedure_code = arena_strdup(a, db_col_text(st, 3));
	d->procedure_name = arena_strdup(a, db_col_text(st, 4));
	d->mode = svc_mode_parse(db_col_text(st, 5));
	d->days = sqlite3_column_int(st, 6);
	d->unit_id = sqlite3_column_int64(st, 7);
	d->unit_name = arena_strdup(a, db_col_text(st, 8));
	d->unit_code = arena_strdup(a, db_col_text(st, 9));
	d->citizen_id = sqlite3_column_int64(st, 10);
	d->channel = arena_strdup(a, db_col_text(st, 11));
	d->state = svc_state_parse(db_col_text(st, 12));
	d->supplemented = sqlite3_column_int(st, 13);
	d->applicant_name = arena_strdup(a, db_col_text(st, 14));
	d->applicant_email = arena_strdup(a, db_col_text(st, 15));
	d->applicant_phone = arena_strdup(a, db_col_text(st, 16));
	d->applicant_idno = arena_strdup(a, db_col_text(st, 17));
	d->applicant_addr = arena_strdup(a, db_col_text(st, 18));
	d->data = arena_strdup(a, db_col_text(st, 19));
	d->note = arena_strdup(a, db_col_text(st, 20));
	d->submitted_at = (long)sqlite3_column_int64(st, 21);
	d->received_at = (long)sqlite3_column_int64(st, 22);
	d->first_due = opt(a, st, 23);
	d->due = opt(a, st, 24);
	d->apologies = sqlite3_column_int(st, 25);
	d->handler_unit_id = sqlite3_column_int64(st, 26);
	d->handler_unit_name = arena_strdup(a, db_col_text(st, 27));
	d->result_text = arena_strdup(a, db_col_text(st, 28));
	d->finished_at = (long)sqlite3_column_int64(st, 29);
	d->finished_on = opt(a, st, 30);
	d->fee = (long)sqlite3_column_int64(st, 31);
	d->paid_at = (long)sqlite3_column_int64(st, 32);
	d->rating = sqlite3_column_int(st, 33);
	d->rating_comment = arena_strdup(a, db_col_text(st, 34));
	d->created_at = (long)sqlite3_column_int64(st, 35);
	d->updated_at = (long)sqlite3_column_int64(st, 36);
}

int
svc_dossier_get(struct db *db, struct arena *a, const struct svc_actor *who,
    int64_t id, struct svc_dossier *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " DOSSIER_COLS DOSSIER_FROM
	    " WHERE d.id = ?1 AND" SVC_VISIBLE);
	int rc = -1;

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	svc_bind_reader(st, who);
	if (sqlite3_step(st) == SQLITE_ROW) {
		read_dossier(st, a, out);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
svc_dossier_by_code(struct db *db, struct arena *a, const char *code,
    struct svc_dossier *out)
{
	sqlite3_stmt *st;
	int rc = -1;

	if (!svc_code_valid(code))
		return -1;
	st = db_prepare(db, "SELECT " DOSSIER_COLS DOSSIER_FROM
	    " WHERE d.code = ?1");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, code);
	if (sqlite3_step(st) == SQLITE_ROW) {
		read_dossier(st, a, out);
		rc = 0;
	}
	db_done(st);
	return rc;
}

/* The condition of each queue; ?23 today (ISO), ?24 whether the reader
 * is a one-stop officer. */
#define BOX_WHERE \
	" AND (?20 = 0 OR CASE ?25" \
	"  WHEN 0 THEN d.state = 'submitted' AND d.unit_id = ?22 AND ?24" \
	"  WHEN 1 THEN d.state = 'supplement' AND d.unit_id = ?22" \
	"  WHEN 2 THEN d.state = 'transferred' AND d.handler_unit_id IN (?22, ?19)" \
	"  WHEN 3 THEN d.state = 'processing' AND d.handler_unit_id IN (?22, ?19)" \
	"  WHEN 4 THEN d.state = 'approved' AND d.unit_id = ?22 AND ?24" \
	"  WHEN 5 THEN d.state IN ('received','transferred','processing'," \
	"   'approved') AND d.due < ?23" \
	"  ELSE d.state != 'draft' END)" \
	" AND (?26 IS NULL OR d.code LIKE ?26 ESCAPE '\\'" \
	"  OR fold(d.applicant_name) LIKE ?26 ESCAPE '\\')" \
	" AND (?29 IS NULL OR date(d.submitted_at, 'unixepoch', 'localtime')" \
	"  >= ?29) AND (?30 IS NULL OR date(d.submitted_at, 'unixepoch'," \
	"  'localtime') <= ?30)"

int
svc_dossiers_list(struct db *db, struct arena *a, const struct svc_actor *who,
    const struct svc_dossier_query *q, struct svc_dossier **out, int *total)
{
	sqlite3_stmt *st;
	char today[11];
	const char *like = NULL;
	int day, minute, n = 0, i, limit = q->limit > 0 ? q->limit : 50;

	*out = NULL;
	*total = 0;
	svc_local(time(NULL), &day, &minute);
	calendar_format_iso(day, today);
	if (q->q && *q->q) {
		char *f = fold_dup(q->q);
		struct buf b = BUF_INIT;
		const char *p;

		buf_addch(&b, '%');
		for (p = f ? f : ""; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				buf_addch(&b, '\\');
			buf_addch(&b, *p);
		}
		buf_addch(&b, '%');
		like = arena_strdup(a, b.data);
		buf_release(&b);
		free(f);
	}
	for (i = 0; i < 2; i++) {
		st = i == 0 ? db_prepare(db, "SELECT count(*)" DOSSIER_FROM
		    " WHERE" SVC_VISIBLE BOX_WHERE) : db_prepare(db, "SELECT "
		    DOSSIER_COLS DOSSIER_FROM " WHERE" SVC_VISIBLE BOX_WHERE
		    " ORDER BY CASE WHEN ?25 IN (0, 1, 2, 3, 4, 5) THEN"
		    " d.updated_at ELSE -d.updated_at END, d.id"
		    " LIMIT ?27 OFFSET ?28");
		if (st == NULL)
			return -1;
		svc_bind_reader(st, who);
		db_bind_text(st, 23, today);
		db_bind_int(st, 24, (who->roles & DIR_ROLE_ONESTOP) != 0);
		db_bind_int(st, 25, q->box < 0 ? SVC_BOX_ALL : q->box);
		db_bind_text(st, 26, like);
		db_bind_text(st, 29, q->from);
		db_bind_text(st, 30, q->to);
		if (i == 0) {
			if (sqlite3_step(st) == SQLITE_ROW)
				*total = sqlite3_column_int(st, 0);
			db_done(st);
			if (*total == 0)
				return 0;
			continue;
		}
		db_bind_int(st, 27, limit);
		db_bind_int(st, 28, q->offset);
	}
	*out = arena_alloc(a, sizeof(**out) * (size_t)limit);
	while (n < limit && sqlite3_step(st) == SQLITE_ROW)
		read_dossier(st, a, &(*out)[n++]);
	db_done(st);
	return n;
}

int
svc_history(struct db *db, struct arena *a, int64_t id,
    struct svc_event **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 16;

	*out = NULL;
	st = db_prepare(db, "SELECT h.at, h.actor_kind, h.actor_name, h.action,"
	    " h.state, ifnull(f.name, ''), ifnull(t.name, ''), h.comment,"
	    " ifnull(h.due, '') FROM svc_history h"
	    " LEFT JOIN units f ON f.id = h.from_unit_id"
	    " LEFT JOIN units t ON t.id = h.to_unit_id"
	    " WHERE h.dossier_id = ?1 ORDER BY h.id");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct svc_event *e;

		if (n == cap) {
			e = arena_alloc(a, sizeof(*e) * (size_t)cap * 2);
			memcpy(e, *out, sizeof(*e) * (size_t)cap);
			*out = e;
			cap *= 2;
		}
		e = &(*out)[n++];
		e->at = (long)sqlite3_column_int64(st, 0);
		e->actor_kind = arena_strdup(a, db_col_text(st, 1));
		e->actor_name = arena_strdup(a, db_col_text(st, 2));
		e->action = arena_strdup(a, db_col_text(st, 3));
		e->state = arena_strdup(a, db_col_text(st, 4));
		e->from_unit = arena_strdup(a, db_col_text(st, 5));
		e->to_unit = arena_strdup(a, db_col_text(st, 6));
		e->comment = arena_strdup(a, db_col_text(st, 7));
		e->due = arena_strdup(a, db_col_text(st, 8));
	}
	db_done(st);
	return n;
}

static void
read_file(sqlite3_stmt *st, struct arena *a, struct svc_file *f)
{
	f->id = sqlite3_column_int64(st, 0);
	f->field = arena_strdup(a, db_col_text(st, 1));
	f->filename = arena_strdup(a, db_col_text(st, 2));
	f->mime = arena_strdup(a, db_col_text(st, 3));
	f->hash = arena_strdup(a, db_col_text(st, 4));
	f->size = (long)sqlite3_column_int64(st, 5);
	f->round = sqlite3_column_int(st, 6);
}

int
svc_files(struct db *db, struct arena *a, int64_t id, struct svc_file **out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, field, filename, mime,"
	    " hash, size, round FROM svc_dossier_files WHERE dossier_id = ?1"
	    " ORDER BY id");
	int n = 0;

	*out = arena_alloc(a, sizeof(**out) * SVC_FILES_MAX);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	while (n < SVC_FILES_MAX && sqlite3_step(st) == SQLITE_ROW)
		read_file(st, a, &(*out)[n++]);
	db_done(st);
	return n;
}

int
svc_file_get(struct db *db, struct arena *a, const struct svc_actor *who,
    int64_t file_id, struct svc_file *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT f.id, f.field, f.filename,"
	    " f.mime, f.hash, f.size, f.round FROM svc_dossier_files f"
	    " JOIN svc_dossiers d ON d.id = f.dossier_id WHERE f.id = ?1 AND"
	    SVC_VISIBLE);
	int rc = -1;

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, file_id);
	svc_bind_reader(st, who);
	if (sqlite3_step(st) == SQLITE_ROW) {
		read_file(st, a, out);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
svc_payments(struct db *db, struct arena *a, int64_t id,
    struct svc_payment **out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT amount, method, receipt_no,"
	    " provider_ref, paid_at FROM svc_payments WHERE dossier_id = ?1"
	    " ORDER BY id LIMIT 8");
	int n = 0;

	*out = arena_alloc(a, sizeof(**out) * 8);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	while (n < 8 && sqlite3_step(st) == SQLITE_ROW) {
		struct svc_payment *p = &(*out)[n++];

		p->amount = (long)sqlite3_column_int64(st, 0);
		p->method = arena_strdup(a, db_col_text(st, 1));
		p->receipt_no = arena_strdup(a, db_col_text(st, 2));
		p->provider_ref = arena_strdup(a, db_col_text(st, 3));
		p->paid_at = (long)sqlite3_column_int64(st, 4);
	}
	db_done(st);
	return n;
}
