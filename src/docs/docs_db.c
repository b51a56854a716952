/* docs_db.c - the SQL of document types, registers and numbering, and of
 * outgoing documents from draft to issue. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/calendar.h"
#include "core/fold.h"
#include "core/log.h"
#include "directory/directory.h"
#include "docs.h"
#include "docs_int.h"

/* --- types ------------------------------------------------------------- */

int
docs_types(struct db *db, struct arena *a, struct docs_type **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 64;

	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	st = db_prepare(db, "SELECT id, code, name, abbr, active FROM doc_types"
	    " ORDER BY position, name COLLATE VI");
	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW && n < cap) {
		(*out)[n].id = sqlite3_column_int64(st, 0);
		(*out)[n].code = arena_strdup(a, db_col_text(st, 1));
		(*out)[n].name = arena_strdup(a, db_col_text(st, 2));
		(*out)[n].abbr = arena_strdup(a, db_col_text(st, 3));
		(*out)[n].active = sqlite3_column_int(st, 4);
		n++;
	}
	db_done(st);
	return n;
}

int
docs_type_save(struct db *db, const struct docs_actor *who,
    struct docs_type *t, struct docs_err *err)
{
	sqlite3_stmt *st;
	char object[64];

	if (!docs_valid_text(t->code, 1, 16) || strpbrk(t->code, "/- "))
		return docs_err(err, 422, "invalid_code", "code", "Mã loại văn"
		    " bản: 1–16 byte, không có dấu cách, '/' hay '-'");
	if (!docs_valid_text(t->name, 1, 100))
		return docs_err(err, 422, "invalid_name", "name", "Tên loại văn"
		    " bản: bắt buộc, tối đa 100 byte");
	if (!docs_valid_text(t->abbr, 0, 16) || (t->abbr &&
	    strpbrk(t->abbr, "/- ")))
		return docs_err(err, 422, "invalid_abbr", "abbr", "Chữ viết tắt:"
		    " tối đa 16 byte, không có dấu cách, '/' hay '-'");
	if (t->id)
		st = db_prepare(db, "UPDATE doc_types SET code = ?2, name = ?3,"
		    " abbr = ?4, active = ?5 WHERE id = ?1");
	else
		st = db_prepare(db, "INSERT INTO doc_types (code, name, abbr,"
		    " active, position) VALUES (?2, ?3, ?4, ?5, (SELECT"
		    " ifnull(max(position), 0) + 1 FROM doc_types))");
	if (st == NULL)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	if (t->id)
		db_bind_int(st, 1, t->id);
	db_bind_text(st, 2, t->code);
	db_bind_text(st, 3, t->name);
	db_bind_text(st, 4, t->abbr ? t->abbr : "");
	db_bind_int(st, 5, t->active);
	if (sqlite3_step(st) != SQLITE_DONE) {
		int ext = sqlite3_extended_errcode(db_handle(db));

		db_done(st);
		if (ext == SQLITE_CONSTRAINT_UNIQUE)
			return docs_err(err, 409, "duplicate_type", "code",
			    "Đã có loại văn bản trùng mã hoặc tên");
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	}
	db_done(st);
	if (t->id && db_changes(db) == 0)
		return docs_err(err, 404, "not_found", NULL,
		    "Không có loại văn bản này");
	if (!t->id)
		t->id = db_last_id(db);
	snprintf(object, sizeof(object), "doc_type:%" PRId64, t->id);
	if (audit_record(db, who->id, who->name, who->ip, "docs.type_save",
	    object, t->code) < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	return 0;
}

/* --- registers and numbers ---------------------------------------------- */

int
docs_numbering_get(struct db *db, int64_t unit_id, int *shared)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "SELECT shared_series FROM doc_unit_settings"
	    " WHERE unit_id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, unit_id);
	*shared = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	db_done(st);
	return 0;
}

int
docs_numbering_set(struct db *db, const struct docs_actor *who,
    int64_t unit_id, int shared, struct docs_err *err)
{
	sqlite3_stmt *st;
	char object[64];

	st = db_prepare(db, "INSERT INTO doc_unit_settings (unit_id,"
	    " shared_series, updated_at) SELECT id, ?2, ?3 FROM units"
	    " WHERE id = ?1 ON CONFLICT (unit_id) DO UPDATE SET"
	    " shared_series = ?2, updated_at = ?3");
	if (st == NULL)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	db_bind_int(st, 1, unit_id);
	db_bind_int(st, 2, shared ? 1 : 0);
	db_bind_int(st, 3, docs_now());
	if (db_step_done(st) < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	if (db_changes(db) == 0)
		return docs_err(err, 404, "not_found", NULL, "Không có đơn vị này");
	snprintf(object, sizeof(object), "unit:%" PRId64, unit_id);
	if (audit_record(db, who->id, who->name, who->ip, "docs.numbering",
	    object, shared ? "shared" : "per_type") < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	return 0;
}

int64_t
docs_register_for(struct db *db, int64_t unit_id, const char *direction,
    int64_t type_id)
{
	sqlite3_stmt *st;
	int64_t id = -1;
	const char *tname = NULL;
	char name[256];

	st = db_prepare(db, "SELECT id FROM doc_registers WHERE unit_id = ?1"
	    " AND direction = ?2 AND ifnull(type_id, 0) = ?3 AND secret = 0");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, unit_id);
	db_bind_text(st, 2, direction);
	db_bind_int(st, 3, type_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	db_done(st);
	if (id > 0)
		return id;
	if (type_id) {
		st = db_prepare(db, "SELECT name FROM doc_types WHERE id = ?1");
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, type_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(name, sizeof(name), "Sổ văn bản đi — %s",
			    db_col_text(st, 0));
		db_done(st);
		tname = name;
	}
	st = db_prepare(db, "INSERT INTO doc_registers (unit_id, direction,"
	    " type_id, name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, unit_id);
	db_bind_text(st, 2, direction);
	if (type_id)
		db_bind_int(st, 3, type_id);
	db_bind_text(st, 4, tname ? tname : strcmp(direction, "in") == 0 ?
	    "Sổ văn bản đến" : "Sổ văn bản đi");
	db_bind_int(st, 5, docs_now());
	if (db_step_done(st) < 0)
		return -1;
	return db_last_id(db);
}

int
docs_take_number(struct db *db, int64_t register_id, int year)
{
	sqlite3_stmt *st;
	int n = -1;

	st = db_prepare(db, "INSERT INTO doc_register_years (register_id, year,"
	    " last_number) VALUES (?1, ?2, 1) ON CONFLICT (register_id, year)"
	    " DO UPDATE SET last_number = last_number + 1"
	    " RETURNING last_number");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, register_id);
	db_bind_int(st, 2, year);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	else
		log_error("%s: %s", __func__, db_errmsg(db));
	db_done(st);
	return n;
}

int
docs_in_number(struct db *db, int64_t unit, int year, int64_t *register_id)
{
	if ((*register_id = docs_register_for(db, unit, "in", 0)) < 0)
		return -1;
	return docs_take_number(db, *register_id, year);
}

/* --- drafts -------------------------------------------------------------- */

/* A unit in force by id or agency code, or by its full name (`code`
 * not an agency code, as people type or choose it on the page); 0 when
 * none, -1 when two units in force bear that name. */
static int64_t
unit_in_force(struct db *db, int64_t id, const char *code)
{
	sqlite3_stmt *st;
	int64_t found = 0;
	int n = 0;

	st = db_prepare(db, "SELECT id FROM units WHERE (id = ?1 OR code = ?2)"
	    " AND effective_until IS NULL");
	if (st == NULL)
		return 0;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, code);
	if (sqlite3_step(st) == SQLITE_ROW)
		found = sqlite3_column_int64(st, 0);
	db_done(st);
	if (found || code == NULL || docs_code_shaped(code))
		return found;
	st = db_prepare(db, "SELECT id FROM units WHERE name = ?1 AND"
	    " effective_until IS NULL LIMIT 2");
	if (st == NULL)
		return 0;
	db_bind_text(st, 1, code);
	while (sqlite3_step(st) == SQLITE_ROW && ++n == 1)
		found = sqlite3_column_int64(st, 0);
	db_done(st);
	return n > 1 ? -1 : found;
}

static int
check_draft(struct db *db, const struct docs_actor *who,
    const struct docs_draft *d, int creating, struct docs_err *err)
{
	int i, lvl;

	lvl = docs_secret_level(d->secret);
	if (lvl > 0)
		return docs_err(err, 422, "state_secret", "confidentiality",
		    DOCS_SECRET_MESSAGE);
	if (lvl < 0)
		return docs_err(err, 422, "invalid_confidentiality",
		    "confidentiality", "Độ mật không hợp lệ");
	if ((creating || d->type_code) && docs_type_id(db, d->type_code,
	    NULL) == 0)
		return docs_err(err, 422, "unknown_type", "type", "Không có loại"
		    " văn bản này (xem /api/v1/document-types)");
	if ((creating || d->summary) && !docs_valid_text(d->summary, 1,
	    DOCS_SUMMARY_MAX))
		return docs_err(err, 422, "invalid_summary", "summary", "Trích"
		    " yếu là bắt buộc, tối đa 500 byte");
	if (!docs_valid_text(d->content, 0, DOCS_CONTENT_MAX))
		return docs_err(err, 422, "invalid_content", "content", "Nội dung"
		    " tối đa 20.000 byte");
	if (docs_urgency_parse(d->urgency) < 0)
		return docs_err(err, 422, "invalid_urgency", "urgency", "Độ khẩn:"
		    " thuong, khan, thuong_khan hoặc hoa_toc");
	if (d->reply_due && *d->reply_due && !docs_valid_date(d->reply_due,
	    NULL))
		return docs_err(err, 422, "invalid_date", "reply_due", "Hạn trả"
		    " lời phải là ngày YYYY-MM-DD");
	if (!docs_valid_text(d->division, 0, 32) || (d->division &&
	    strpbrk(d->division, "/ \n")))
		return docs_err(err, 422, "invalid_division", "division", "Tên"
		    " viết tắt đơn vị soạn thảo: tối đa 32 byte, không có dấu"
		    " cách hay '/'");
	for (i = 0; i < d->nunits; i++) {
		int64_t u = unit_in_force(db, d->unit_ids[i], d->unit_codes[i]);
		const char *c = d->unit_codes[i];

		if (u < 0)
			return docs_errf(err, 422, "ambiguous_recipient",
			    "recipients", "Có nhiều đơn vị tên %s: ghi mã định"
			    " danh của đơn vị nhận", c);
		if (u == 0)
			return docs_errf(err, 422, "unknown_recipient",
			    "recipients", "Không có đơn vị nhận %s%s%s",
			    c ? docs_code_shaped(c) ? "mã " : "tên " : "số ",
			    c ? c : "", c ? "" : "này");
		if (u == who->body_id)
			return docs_err(err, 422, "self_recipient", "recipients",
			    "Không gửi văn bản cho chính đơn vị ban hành");
	}
	for (i = 0; i < d->next; i++)
		if (!docs_valid_text(d->ext_names[i], 1, DIR_NAME_MAX) ||
		    !docs_valid_text(d->ext_codes[i], 0, 64))
			return docs_err(err, 422, "invalid_recipient",
			    "external_recipients", "Nơi nhận ngoài tỉnh cần tên"
			    " (tối đa 255 byte) và mã định danh (nếu có)");
	return 0;
}

static int
put_recipients(struct db *db, int64_t doc, const struct docs_draft *d)
{
	sqlite3_stmt *st;
	int i;

	st = db_prepare(db, "DELETE FROM doc_recipients WHERE doc_id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, doc);
	if (db_step_done(st) < 0)
		return -1;
	for (i = 0; i < d->nunits; i++) {
		int64_t u = unit_in_force(db, d->unit_ids[i], d->unit_codes[i]);

		st = db_prepare(db, "INSERT INTO doc_recipients (doc_id, unit_id,"
		    " name, code) SELECT ?1, id, name, code FROM units u"
		    " WHERE id = ?2 AND NOT EXISTS (SELECT 1 FROM doc_recipients"
		    " r WHERE r.doc_id = ?1 AND r.unit_id = u.id)");
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, doc);
		db_bind_int(st, 2, u);
		if (db_step_done(st) < 0)
			return -1;
	}
	for (i = 0; i < d->next; i++) {
		st = db_prepare(db, "INSERT INTO doc_recipients (doc_id, name,"
		    " code) VALUES (?1, ?2, ?3)");
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, doc);
		db_bind_text(st, 2, d->ext_names[i]);
		db_bind_text(st, 3, d->ext_codes[i] ? d->ext_codes[i] : "");
		if (db_step_done(st) < 0)
			return -1;
	}
	return 0;
}

/* The short name of the actor's own unit when it is a division of the
 * body (the drafting division of a công văn), or NULL. */
static const char *
own_division(struct db *db, const struct docs_actor *who, char *out,
    size_t outlen)
{
	sqlite3_stmt *st;
	const char *rc = NULL;

	if (who->unit_id == who->body_id)
		return NULL;
	st = db_prepare(db, "SELECT short_name FROM units WHERE id = ?1");
	if (st == NULL)
		return NULL;
	db_bind_int(st, 1, who->unit_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(out, outlen, "%s", db_col_text(st, 0));
		rc = out;
	}
	db_done(st);
	return rc;
}

int
docs_draft_create(struct db *db, const struct docs_actor *who,
    const struct docs_draft *d, int64_t *id, struct docs_err *err)
{
	sqlite3_stmt *st;
	const char *division = d->division;
	char own[64], note[64];
	int letter = 0, rstate;
	int64_t type, receipt;
	time_t now = docs_now();

	if (check_draft(db, who, d, 1, err) < 0)
		return -1;
	type = docs_type_id(db, d->type_code, &letter);
	if ((division == NULL || *division == '\0') &&
	    (division = own_division(db, who, own, sizeof(own))) == NULL)
		division = "";
	if (letter && *division == '\0')
		return docs_err(err, 422, "missing_division", "division", "Công"
		    " văn cần tên viết tắt của đơn vị soạn thảo (ví dụ VP) để"
		    " ghi ký hiệu");
	if (d->reply_to) {
		/* Only the body that received a document answers it. */
		if (docs_receipt_of(db, d->reply_to, who->body_id, &receipt,
		    &rstate) < 0 || rstate == DOCS_IN_REFUSED)
			return docs_err(err, 422, "invalid_reply_to", "reply_to",
			    "Chỉ trả lời được văn bản đơn vị mình đã nhận");
	}
	st = db_prepare(db, "INSERT INTO documents (origin, unit_id,"
	    " issuer_name, issuer_code, type_id, summary, content, urgency,"
	    " reply_due, state, drafter_id, division, reply_to, created_at,"
	    " updated_at) SELECT 'internal', id, name, code, ?2, ?3, ?4, ?5,"
	    " ?6, 'draft', ?7, ?8, ?9, ?10, ?10 FROM units WHERE id = ?1");
	if (st == NULL)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	db_bind_int(st, 1, who->body_id);
	db_bind_int(st, 2, type);
	db_bind_text(st, 3, d->summary);
	db_bind_text(st, 4, d->content ? d->content : "");
	db_bind_int(st, 5, docs_urgency_parse(d->urgency));
	db_bind_text(st, 6, d->reply_due && *d->reply_due ? d->reply_due : NULL);
	db_bind_int(st, 7, who->id);
	db_bind_text(st, 8, division);
	if (d->reply_to)
		db_bind_int(st, 9, d->reply_to);
	db_bind_int(st, 10, now);
	if (db_step_done(st) < 0 || db_changes(db) != 1)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	*id = db_last_id(db);
	if (put_recipients(db, *id, d) < 0 ||
	    docs_record(db, who, *id, "create", d->summary) < 0 ||
	    docs_reindex(db, *id) < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	if (d->reply_to) {
		snprintf(note, sizeof(note), "Dự thảo văn bản trả lời số %"
		    PRId64, *id);
		if (docs_record(db, who, d->reply_to, "reply", note) < 0)
			return docs_err(err, 500, "internal", NULL,
			    "Lỗi hệ thống");
	}
	return 0;
}

int
docs_draft_update(struct db *db, const struct docs_actor *who, int64_t id,
    const struct docs_draft *d, struct docs_err *err)
{
	sqlite3_stmt *st;
	int64_t unit, drafter;
	int state, letter = 0;

	if (docs_state_of(db, id, &state, &unit, &drafter) < 0 ||
	    unit != who->body_id)
		return docs_err_unseen(db, who, id, err);
	if (drafter != who->id)
		return docs_err(err, 403, "not_drafter", NULL, "Chỉ người soạn"
		    " thảo được sửa dự thảo");
	if (docs_next(state, DOCS_STEP_EDIT) < 0)
		return docs_err(err, 409, "not_editable", NULL, "Dự thảo đang chờ"
		    " duyệt hoặc đã duyệt, không sửa được");
	if (check_draft(db, who, d, 0, err) < 0)
		return -1;
	if (d->type_code)
		docs_type_id(db, d->type_code, &letter);
	st = db_prepare(db, "INSERT INTO doc_versions (doc_id, version,"
	    " type_id, summary, content, by_id, at) SELECT id, version,"
	    " type_id, summary, content, ?2, ?3 FROM documents WHERE id = ?1");
	if (st == NULL)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, who->id);
	db_bind_int(st, 3, docs_now());
	if (db_step_done(st) < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	st = db_prepare(db, "UPDATE documents SET version = version + 1,"
	    " type_id = ifnull(?2, type_id), summary = ifnull(?3, summary),"
	    " content = ifnull(?4, content), urgency = ifnull(?5, urgency),"
	    " reply_due = CASE WHEN ?6 IS NULL THEN reply_due"
	    "  WHEN ?6 = '' THEN NULL ELSE ?6 END,"
	    " division = ifnull(?7, division), updated_at = ?8"
	    " WHERE id = ?1 RETURNING division, (SELECT abbr = '' FROM"
	    " doc_types t WHERE t.id = documents.type_id)");
	if (st == NULL)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	db_bind_int(st, 1, id);
	if (d->type_code)
		db_bind_int(st, 2, docs_type_id(db, d->type_code, NULL));
	db_bind_text(st, 3, d->summary);
	db_bind_text(st, 4, d->content);
	if (d->urgency)
		db_bind_int(st, 5, docs_urgency_parse(d->urgency));
	db_bind_text(st, 6, d->reply_due);
	db_bind_text(st, 7, d->division);
	db_bind_int(st, 8, docs_now());
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	}
	letter = sqlite3_column_int(st, 1) && *db_col_text(st, 0) == '\0';
	db_done(st);
	if (letter)
		return docs_err(err, 422, "missing_division", "division", "Công"
		    " văn cần tên viết tắt của đơn vị soạn thảo (ví dụ VP)");
	if ((d->set_recipients && put_recipients(db, id, d) < 0) ||
	    docs_record(db, who, id, "edit", d->summary ? d->summary : "") < 0 ||
	    docs_reindex(db, id) < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	return 0;
}

int
docs_step(struct db *db, const struct docs_actor *who, int64_t id, int step,
    const char *comment, struct docs_err *err)
{
	static const char *const actions[DOCS_STEP_MAX] = {
		"edit", "submit", "approve", "return", "issue"
	};
	sqlite3_stmt *st;
	int64_t unit, drafter;
	int state, next;

	if (step != DOCS_STEP_SUBMIT && step != DOCS_STEP_APPROVE &&
	    step != DOCS_STEP_RETURN)
		return docs_err(err, 400, "invalid_step", NULL, "Bước không hợp lệ");
	if (docs_state_of(db, id, &state, &unit, &drafter) < 0 ||
	    unit != who->body_id || state == DOCS_EXTERNAL)
		return docs_err_unseen(db, who, id, err);
	if (!docs_valid_text(comment, step == DOCS_STEP_RETURN,
	    DOCS_COMMENT_MAX))
		return docs_err(err, 422, "invalid_comment", "comment",
		    step == DOCS_STEP_RETURN ? "Cần ghi ý kiến khi trả lại dự"
		    " thảo (tối đa 2.000 byte)" : "Ý kiến tối đa 2.000 byte");
	if (step == DOCS_STEP_SUBMIT && drafter != who->id)
		return docs_err(err, 403, "not_drafter", NULL, "Chỉ người soạn"
		    " thảo được trình dự thảo");
	if (step != DOCS_STEP_SUBMIT && !docs_has_role(who, DIR_ROLE_LEADER))
		return docs_err(err, 403, "forbidden", NULL, "Chỉ lãnh đạo đơn vị"
		    " được duyệt hoặc trả lại dự thảo");
	if ((next = docs_next(state, step)) < 0)
		return docs_errf(err, 409, "invalid_state", NULL, "Văn bản đang ở"
		    " trạng thái “%s”, không thực hiện được bước này",
		    docs_state_label(state));
	st = db_prepare(db, "UPDATE documents SET state = ?2, updated_at = ?3,"
	    " signer_id = CASE WHEN ?2 = 'approved' THEN ?4 ELSE NULL END,"
	    " signer_name = CASE WHEN ?2 = 'approved' THEN ?5 ELSE '' END"
	    " WHERE id = ?1");
	if (st == NULL)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, docs_state_name(next));
	db_bind_int(st, 3, docs_now());
	db_bind_int(st, 4, who->id);
	db_bind_text(st, 5, who->full_name);
	if (db_step_done(st) < 0 || docs_record(db, who, id, actions[step],
	    comment) < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	return 0;
}

int
docs_issue(struct db *db, const struct docs_actor *who, int64_t id, int day,
    struct docs_err *err)
{
	sqlite3_stmt *st;
	char notation[128], date[11], abbr[32], body[64], division[64];
	int64_t unit, type = 0, reg;
	int state, shared, number, y, m, dd;

	if (docs_state_of(db, id, &state, &unit, NULL) < 0 ||
	    unit != who->body_id || state == DOCS_EXTERNAL)
		return docs_err_unseen(db, who, id, err);
	if (!docs_has_role(who, DIR_ROLE_CLERK))
		return docs_err(err, 403, "forbidden", NULL, "Chỉ văn thư đơn vị"
		    " được cấp số và phát hành");
	if (state == DOCS_ISSUED)
		return docs_err(err, 409, "already_issued", NULL, "Văn bản đã có"
		    " số và đã phát hành; không cấp số lần thứ hai");
	if (docs_next(state, DOCS_STEP_ISSUE) < 0)
		return docs_errf(err, 409, "invalid_state", NULL, "Văn bản đang ở"
		    " trạng thái “%s”: chỉ phát hành văn bản đã được lãnh đạo"
		    " duyệt", docs_state_label(state));
	st = db_prepare(db, "SELECT d.type_id, t.abbr, u.short_name, d.division"
	    " FROM documents d JOIN doc_types t ON t.id = d.type_id"
	    " JOIN units u ON u.id = d.unit_id WHERE d.id = ?1");
	if (st == NULL)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		type = sqlite3_column_int64(st, 0);
		snprintf(abbr, sizeof(abbr), "%s", db_col_text(st, 1));
		snprintf(body, sizeof(body), "%s", db_col_text(st, 2));
		snprintf(division, sizeof(division), "%s", db_col_text(st, 3));
	}
	db_done(st);
	if (type == 0 || docs_numbering_get(db, unit, &shared) < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	calendar_to_civil(day, &y, &m, &dd);
	if ((reg = docs_register_for(db, unit, "out", shared ? 0 : type)) < 0 ||
	    (number = docs_take_number(db, reg, y)) < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	if (docs_notation(notation, sizeof(notation), number, abbr, body,
	    division) < 0)
		return docs_err(err, 422, "missing_division", "division", "Công"
		    " văn cần tên viết tắt của đơn vị soạn thảo để ghi ký hiệu");
	st = db_prepare(db, "UPDATE documents SET state = 'issued',"
	    " register_id = ?2, year = ?3, number = ?4, notation = ?5,"
	    " doc_date = ?6, issued_at = ?7, updated_at = ?7 WHERE id = ?1");
	if (st == NULL)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, reg);
	db_bind_int(st, 3, y);
	db_bind_int(st, 4, number);
	db_bind_text(st, 5, notation);
	db_bind_text(st, 6, calendar_format_iso(day, date));
	db_bind_int(st, 7, docs_now());
	if (db_step_done(st) < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	/* Recipients here receive it now; the others wait for the exchange. */
	st = db_prepare(db, "INSERT INTO doc_receipts (doc_id, unit_id, state,"
	    " created_at, updated_at) SELECT doc_id, unit_id, 'received', ?2, ?2"
	    " FROM doc_recipients WHERE doc_id = ?1 AND unit_id IS NOT NULL");
	if (st == NULL)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, docs_now());
	if (db_step_done(st) < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	st = db_prepare(db, "UPDATE doc_recipients SET state = CASE WHEN"
	    " unit_id IS NULL THEN 'pending_exchange' ELSE 'delivered' END"
	    " WHERE doc_id = ?1");
	if (st == NULL)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	db_bind_int(st, 1, id);
	if (db_step_done(st) < 0 || docs_record(db, who, id, "issue",
	    notation) < 0 || docs_reindex(db, id) < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	/* Recipients outside: an event for the exchange to send them,
	 * after the body's seal signature when it has a seal key. */
	st = db_prepare(db, "SELECT count(*) FROM doc_recipients WHERE"
	    " doc_id = ?1 AND state = 'pending_exchange'");
	if (st == NULL)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	db_bind_int(st, 1, id);
	number = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	db_done(st);
	if (docs_after_issue(db, id, unit, number > 0) < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	return 0;
}
