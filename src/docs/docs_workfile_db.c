/* docs_workfile_db.c - the SQL of work files (hồ sơ công việc): a code,
 * a title, an owner, a retention period, open or closed, and the
 * documents gathered in it. A work file belongs to a body and is seen by
 * its people; the documents in it are listed only when visible. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "docs.h"
#include "docs_int.h"

#define INTERNAL(e) docs_err(e, 500, "internal", NULL, "Lỗi hệ thống")

#define WF_COLS " w.id, w.unit_id, w.code, w.title, w.owner_id," \
	" p.full_name, w.retention, w.state, (SELECT count(*) FROM" \
	" doc_workfile_docs i WHERE i.workfile_id = w.id)"
#define WF_FROM " FROM doc_workfiles w JOIN people p ON p.id = w.owner_id"

static void
read_wf(struct arena *a, sqlite3_stmt *st, struct docs_workfile *w)
{
	w->id = sqlite3_column_int64(st, 0);
	w->unit_id = sqlite3_column_int64(st, 1);
	w->code = arena_strdup(a, db_col_text(st, 2));
	w->title = arena_strdup(a, db_col_text(st, 3));
	w->owner_id = sqlite3_column_int64(st, 4);
	w->owner_name = arena_strdup(a, db_col_text(st, 5));
	w->retention = arena_strdup(a, db_col_text(st, 6));
	w->state = arena_strdup(a, db_col_text(st, 7));
	w->ndocs = sqlite3_column_int(st, 8);
}

static int
wf_audit(struct db *db, const struct docs_actor *who, const char *action,
    int64_t id, const char *detail)
{
	char object[64];

	snprintf(object, sizeof(object), "workfile:%" PRId64, id);
	return audit_record(db, who->id, who->name, who->ip, action, object,
	    detail);
}

int
docs_workfile_create(struct db *db, const struct docs_actor *who,
    struct docs_workfile *w, struct docs_err *err)
{
	sqlite3_stmt *st;

	if (!docs_valid_text(w->code, 1, 32) || strpbrk(w->code, " \n"))
		return docs_err(err, 422, "invalid_code", "code", "Ký hiệu hồ sơ:"
		    " bắt buộc, tối đa 32 byte, không có dấu cách");
	if (!docs_valid_text(w->title, 1, DOCS_SUMMARY_MAX))
		return docs_err(err, 422, "invalid_title", "title", "Tiêu đề hồ"
		    " sơ: bắt buộc, tối đa 500 byte");
	if (!docs_valid_text(w->retention, 1, 64))
		return docs_err(err, 422, "invalid_retention", "retention",
		    "Thời hạn bảo quản: bắt buộc (ví dụ: 10 năm, Vĩnh viễn)");
	st = db_prepare(db, "INSERT INTO doc_workfiles (unit_id, code, title,"
	    " owner_id, retention, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT DO NOTHING");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_int(st, 1, who->body_id);
	db_bind_text(st, 2, w->code);
	db_bind_text(st, 3, w->title);
	db_bind_int(st, 4, who->id);
	db_bind_text(st, 5, w->retention);
	db_bind_int(st, 6, docs_now());
	if (db_step_done(st) < 0)
		return INTERNAL(err);
	if (db_changes(db) == 0)
		return docs_err(err, 409, "duplicate_code", "code", "Đơn vị đã có"
		    " hồ sơ mang ký hiệu này");
	w->id = db_last_id(db);
	return wf_audit(db, who, "docs.workfile_create", w->id, w->code) < 0 ?
	    INTERNAL(err) : 0;
}

int
docs_workfile_get(struct db *db, struct arena *a, const struct docs_actor *who,
    int64_t id, struct docs_workfile *out)
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, "SELECT" WF_COLS WF_FROM
	    " WHERE w.id = ?1 AND w.unit_id = ?20");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	docs_bind_reader(st, who);
	if (sqlite3_step(st) == SQLITE_ROW) {
		read_wf(a, st, out);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
docs_workfiles(struct db *db, struct arena *a, const struct docs_actor *who,
    struct docs_workfile **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 500;

	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	st = db_prepare(db, "SELECT" WF_COLS WF_FROM " WHERE w.unit_id = ?20"
	    " ORDER BY w.state = 'open' DESC, w.code LIMIT 500");
	if (st == NULL)
		return -1;
	docs_bind_reader(st, who);
	while (sqlite3_step(st) == SQLITE_ROW && n < cap)
		read_wf(a, st, &(*out)[n++]);
	db_done(st);
	return n;
}

/* The state of a work file of the body; -1 when none. */
static int
wf_state(struct db *db, const struct docs_actor *who, int64_t id, int *open)
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, "SELECT state = 'open' FROM doc_workfiles"
	    " WHERE id = ?1 AND unit_id = ?2");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, who->body_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*open = sqlite3_column_int(st, 0);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
docs_workfile_add(struct db *db, const struct docs_actor *who, int64_t wid,
    int64_t doc_id, struct docs_err *err)
{
	sqlite3_stmt *st;
	char note[64];
	int open;

	if (wf_state(db, who, wid, &open) < 0)
		return docs_err(err, 404, "not_found", NULL, "Không có hồ sơ này");
	if (!open)
		return docs_err(err, 409, "closed", NULL, "Hồ sơ đã đóng");
	if (!docs_visible(db, who, doc_id))
		return docs_err(err, 422, "unknown_document", "document_id",
		    "Không có văn bản này");
	st = db_prepare(db, "INSERT INTO doc_workfile_docs (workfile_id,"
	    " doc_id, added_by, added_at) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT DO NOTHING");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_int(st, 1, wid);
	db_bind_int(st, 2, doc_id);
	db_bind_int(st, 3, who->id);
	db_bind_int(st, 4, docs_now());
	if (db_step_done(st) < 0)
		return INTERNAL(err);
	snprintf(note, sizeof(note), "Đưa vào hồ sơ số %" PRId64, wid);
	return docs_record(db, who, doc_id, "workfile", note) < 0 ?
	    INTERNAL(err) : 0;
}

int
docs_workfile_close(struct db *db, const struct docs_actor *who, int64_t wid,
    struct docs_err *err)
{
	sqlite3_stmt *st;
	int open;

	if (wf_state(db, who, wid, &open) < 0)
		return docs_err(err, 404, "not_found", NULL, "Không có hồ sơ này");
	if (!open)
		return docs_err(err, 409, "closed", NULL, "Hồ sơ đã đóng");
	st = db_prepare(db, "UPDATE doc_workfiles SET state = 'closed',"
	    " closed_at = ?2 WHERE id = ?1");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_int(st, 1, wid);
	db_bind_int(st, 2, docs_now());
	if (db_step_done(st) < 0 || wf_audit(db, who, "docs.workfile_close",
	    wid, "") < 0)
		return INTERNAL(err);
	return 0;
}

int
docs_workfile_docs(struct db *db, struct arena *a, const struct docs_actor *who,
    int64_t wid, struct docs_doc **out)
{
	struct docs_doc d;
	sqlite3_stmt *st;
	int64_t ids[500];
	int n = 0, m = 0, i;

	st = db_prepare(db, "SELECT i.doc_id FROM doc_workfile_docs i"
	    " JOIN documents d ON d.id = i.doc_id JOIN doc_workfiles w"
	    " ON w.id = i.workfile_id WHERE i.workfile_id = ?1"
	    " AND w.unit_id = ?20 AND" DOCS_VISIBLE
	    " ORDER BY i.added_at LIMIT 500");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, wid);
	docs_bind_reader(st, who);
	while (sqlite3_step(st) == SQLITE_ROW && n < 500)
		ids[n++] = sqlite3_column_int64(st, 0);
	db_done(st);
	*out = arena_alloc(a, sizeof(**out) * (size_t)(n ? n : 1));
	for (i = 0; i < n; i++)
		if (docs_get(db, a, who, ids[i], &d) == 0)
			(*out)[m++] = d;
	return m;
}
