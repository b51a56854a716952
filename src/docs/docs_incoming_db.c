/* docs_incoming_db.c - the SQL of received documents: filing from
 * outside, registering or refusing, the leader's direction, handling and
 * finishing, sharing. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "directory/directory.h"
#include "docs.h"
#include "docs_int.h"

#define INTERNAL(e) docs_err(e, 500, "internal", NULL, "Lỗi hệ thống")

int
docs_receipt_of(struct db *db, int64_t doc, int64_t unit, int64_t *receipt,
    int *state)
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, "SELECT id, state FROM doc_receipts"
	    " WHERE doc_id = ?1 AND unit_id = ?2");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, doc);
	db_bind_int(st, 2, unit);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*receipt = sqlite3_column_int64(st, 0);
		*state = docs_in_state_parse(db_col_text(st, 1));
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
docs_external_check(struct db *db, const struct docs_external *e,
    int64_t *type_id, int *day, struct docs_err *err)
{
	int lvl = docs_secret_level(e->secret), d;
	int64_t type;

	if (lvl > 0)
		return docs_err(err, 422, "state_secret", "confidentiality",
		    DOCS_SECRET_MESSAGE);
	if (lvl < 0)
		return docs_err(err, 422, "invalid_confidentiality",
		    "confidentiality", "Độ mật không hợp lệ");
	if ((type = docs_type_id(db, e->type_code, NULL)) == 0)
		return docs_err(err, 422, "unknown_type", "type", "Không có loại"
		    " văn bản này (xem /api/v1/document-types)");
	if (!docs_valid_text(e->issuer_name, 1, DIR_NAME_MAX))
		return docs_err(err, 422, "invalid_issuer", "issuer_name", "Cần"
		    " tên cơ quan ban hành (tối đa 255 byte)");
	if (!docs_valid_text(e->issuer_code, 0, 64))
		return docs_err(err, 422, "invalid_issuer_code", "issuer_code",
		    "Mã định danh cơ quan ban hành tối đa 64 byte");
	if (!docs_valid_text(e->notation, 1, 64))
		return docs_err(err, 422, "invalid_notation", "notation", "Cần số,"
		    " ký hiệu văn bản (tối đa 64 byte)");
	if (!docs_valid_text(e->summary, 1, DOCS_SUMMARY_MAX))
		return docs_err(err, 422, "invalid_summary", "summary", "Trích"
		    " yếu là bắt buộc, tối đa 500 byte");
	if (!docs_valid_text(e->signer, 0, DIR_NAME_MAX))
		return docs_err(err, 422, "invalid_signer", "signer", "Người ký"
		    " tối đa 255 byte");
	if (!docs_valid_date(e->doc_date, &d))
		return docs_err(err, 422, "invalid_date", "date", "Ngày văn bản"
		    " phải có dạng YYYY-MM-DD");
	if (docs_urgency_parse(e->urgency) < 0)
		return docs_err(err, 422, "invalid_urgency", "urgency", "Độ khẩn:"
		    " thuong, khan, thuong_khan hoặc hoa_toc");
	if (e->number < 0)
		return docs_err(err, 422, "invalid_number", "number", "Số văn bản"
		    " phải là số nguyên dương");
	if (type_id)
		*type_id = type;
	if (day)
		*day = d;
	return 0;
}

int
docs_file_external(struct db *db, const struct docs_actor *who,
    const struct docs_external *e, int64_t *id, struct docs_err *err)
{
	sqlite3_stmt *st;
	int year, day;
	int64_t type;
	time_t now = docs_now();

	if (docs_external_check(db, e, &type, &day, err) < 0)
		return -1;
	year = calendar_year(day);
	st = db_prepare(db, "INSERT INTO documents (origin, issuer_name,"
	    " issuer_code, type_id, summary, urgency, state, signer_name, year,"
	    " number, notation, doc_date, created_at, updated_at) VALUES"
	    " ('external', ?1, ?2, ?3, ?4, ?5, 'external', ?6, ?7, ?8, ?9, ?10,"
	    " ?11, ?11)");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_text(st, 1, e->issuer_name);
	db_bind_text(st, 2, e->issuer_code ? e->issuer_code : "");
	db_bind_int(st, 3, type);
	db_bind_text(st, 4, e->summary);
	db_bind_int(st, 5, docs_urgency_parse(e->urgency));
	db_bind_text(st, 6, e->signer ? e->signer : "");
	db_bind_int(st, 7, year);
	if (e->number > 0)
		db_bind_int(st, 8, e->number);
	db_bind_text(st, 9, e->notation);
	db_bind_text(st, 10, e->doc_date);
	db_bind_int(st, 11, now);
	if (db_step_done(st) < 0)
		return INTERNAL(err);
	*id = db_last_id(db);
	st = db_prepare(db, "INSERT INTO doc_receipts (doc_id, unit_id, state,"
	    " created_at, updated_at) VALUES (?1, ?2, 'received', ?3, ?3)");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_int(st, 1, *id);
	db_bind_int(st, 2, who->body_id);
	db_bind_int(st, 3, now);
	if (db_step_done(st) < 0 || docs_record(db, who, *id, "file",
	    e->notation) < 0 || docs_reindex(db, *id) < 0)
		return INTERNAL(err);
	return 0;
}

/* The body's receipt of a document for a step; fills the error. */
static int
receipt_for(struct db *db, const struct docs_actor *who, int64_t id, int step,
    int64_t *receipt, int *next, struct docs_err *err)
{
	int state;

	char st[16];
	int64_t doc, unit;
	int recalled = 0;

	if (docs_receipt_of(db, id, who->body_id, receipt, &state) < 0)
		return docs_err_unseen(db, who, id, err);
	if (docs_exchange_receipt(db, *receipt, &doc, &unit, st,
	    &recalled) == 0 && recalled)
		return docs_err(err, 409, "recalled", NULL, "Văn bản đã được nơi"
		    " gửi thu hồi");
	if ((*next = docs_in_next(state, step)) < 0)
		return docs_errf(err, 409, "invalid_state", NULL, "Văn bản đến"
		    " đang ở trạng thái “%s”, không thực hiện được bước này",
		    docs_in_state_label(state));
	return 0;
}

int
docs_in_register(struct db *db, const struct docs_actor *who, int64_t id,
    int day, struct docs_err *err)
{
	sqlite3_stmt *st;
	char date[11], note[64];
	int64_t receipt, reg;
	int next, number;

	if (receipt_for(db, who, id, DOCS_IN_STEP_REGISTER, &receipt, &next,
	    err) < 0)
		return -1;
	if (!docs_has_role(who, DIR_ROLE_CLERK))
		return docs_err(err, 403, "forbidden", NULL, "Chỉ văn thư được"
		    " vào sổ văn bản đến");
	if ((number = docs_in_number(db, who->body_id, calendar_year(day),
	    &reg)) < 0)
		return INTERNAL(err);
	st = db_prepare(db, "UPDATE doc_receipts SET state = 'registered',"
	    " register_id = ?2, year = ?3, number = ?4, received_on = ?5,"
	    " updated_at = ?6 WHERE id = ?1");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_int(st, 1, receipt);
	db_bind_int(st, 2, reg);
	db_bind_int(st, 3, calendar_year(day));
	db_bind_int(st, 4, number);
	db_bind_text(st, 5, calendar_format_iso(day, date));
	db_bind_int(st, 6, docs_now());
	snprintf(note, sizeof(note), "Số đến %d", number);
	if (db_step_done(st) < 0 || docs_record(db, who, id, "register",
	    note) < 0 || docs_event_receipt(db, receipt, "register", note,
	    who) < 0)
		return INTERNAL(err);
	return 0;
}

int
docs_in_refuse(struct db *db, const struct docs_actor *who, int64_t id,
    const char *reason, struct docs_err *err)
{
	sqlite3_stmt *st;
	int64_t receipt;
	int next;

	if (receipt_for(db, who, id, DOCS_IN_STEP_REFUSE, &receipt, &next,
	    err) < 0)
		return -1;
	if (!docs_has_role(who, DIR_ROLE_CLERK))
		return docs_err(err, 403, "forbidden", NULL, "Chỉ văn thư được"
		    " từ chối văn bản đến");
	if (!docs_valid_text(reason, 1, DOCS_COMMENT_MAX))
		return docs_err(err, 422, "invalid_reason", "reason", "Cần ghi lý"
		    " do từ chối (tối đa 2.000 byte)");
	st = db_prepare(db, "UPDATE doc_receipts SET state = 'refused',"
	    " refused_reason = ?2, updated_at = ?3 WHERE id = ?1");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_int(st, 1, receipt);
	db_bind_text(st, 2, reason);
	db_bind_int(st, 3, docs_now());
	if (db_step_done(st) < 0 || docs_record(db, who, id, "refuse",
	    reason) < 0 || docs_event_receipt(db, receipt, "refuse", reason,
	    who) < 0)
		return INTERNAL(err);
	return 0;
}

/* The full name of an active person of the body, or NULL. */
static const char *
person_in_body(struct db *db, int64_t person, int64_t body, char *out,
    size_t outlen)
{
	sqlite3_stmt *st;
	const char *rc = NULL;

	st = db_prepare(db, "SELECT p.full_name FROM people p JOIN units u"
	    " ON u.id = p.unit_id WHERE p.id = ?1 AND p.active AND (u.id = ?2"
	    " OR (u.kind = 'division' AND u.parent_id = ?2))");
	if (st == NULL)
		return NULL;
	db_bind_int(st, 1, person);
	db_bind_int(st, 2, body);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(out, outlen, "%s", db_col_text(st, 0));
		rc = out;
	}
	db_done(st);
	return rc;
}

static int
assign(struct db *db, int64_t receipt, int64_t person, const char *role)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO doc_assignments (receipt_id,"
	    " person_id, role) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, receipt);
	db_bind_int(st, 2, person);
	db_bind_text(st, 3, role);
	return db_step_done(st);
}

int
docs_in_direct(struct db *db, const struct docs_actor *who, int64_t id,
    const struct docs_direction *d, struct docs_err *err)
{
	sqlite3_stmt *st;
	struct buf note = BUF_INIT;
	char name[256], date[11];
	int64_t receipt;
	int next, i, due = -1, rc;

	if (receipt_for(db, who, id, DOCS_IN_STEP_DIRECT, &receipt, &next,
	    err) < 0)
		return -1;
	if (!docs_has_role(who, DIR_ROLE_LEADER))
		return docs_err(err, 403, "forbidden", NULL, "Chỉ lãnh đạo được"
		    " cho ý kiến chỉ đạo và giao xử lý");
	if (!docs_valid_text(d->text, 0, DOCS_COMMENT_MAX))
		return docs_err(err, 422, "invalid_direction", "direction", "Ý kiến"
		    " chỉ đạo tối đa 2.000 byte");
	if (d->main == 0 || person_in_body(db, d->main, who->body_id, name,
	    sizeof(name)) == NULL)
		return docs_err(err, 422, "invalid_main", "main", "Cần người xử"
		    " lý chính là cán bộ đang làm việc tại đơn vị");
	if (d->deadline && *d->deadline) {
		if (!docs_valid_date(d->deadline, &due) || due < d->day)
			return docs_err(err, 422, "invalid_deadline", "deadline",
			    "Hạn xử lý phải là ngày YYYY-MM-DD, không trước hôm"
			    " nay");
	} else if (d->days) {
		if (d->days < 0 || d->days > 365)
			return docs_err(err, 422, "invalid_deadline",
			    "deadline_days", "Số ngày làm việc từ 1 đến 365");
		if ((rc = calendar_db_due(db, d->day, d->days, &due)) < 0)
			return rc == -2 ? docs_err(err, 422, "invalid_deadline",
			    "deadline_days", "Không tính được hạn xử lý") :
			    INTERNAL(err);
	}
	for (i = 0; i < d->nco + d->ninfo; i++) {
		int64_t p = i < d->nco ? d->co[i] : d->info[i - d->nco];

		if (person_in_body(db, p, who->body_id, name + 128, 128) == NULL)
			return docs_err(err, 422, "invalid_assignee", i < d->nco ?
			    "co" : "info", "Người phối hợp hoặc nhận để biết phải"
			    " là cán bộ đang làm việc tại đơn vị");
	}
	st = db_prepare(db, "DELETE FROM doc_assignments WHERE receipt_id = ?1");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_int(st, 1, receipt);
	if (db_step_done(st) < 0 || assign(db, receipt, d->main, "main") < 0)
		return INTERNAL(err);
	for (i = 0; i < d->nco; i++)
		if (d->co[i] != d->main && assign(db, receipt, d->co[i], "co") < 0)
			return INTERNAL(err);
	for (i = 0; i < d->ninfo; i++)
		if (d->info[i] != d->main && assign(db, receipt, d->info[i],
		    "info") < 0)
			return INTERNAL(err);
	st = db_prepare(db, "UPDATE doc_receipts SET state = 'directed',"
	    " direction = ?2, deadline = ?3, directed_by = ?4, updated_at = ?5"
	    " WHERE id = ?1");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_int(st, 1, receipt);
	db_bind_text(st, 2, d->text ? d->text : "");
	db_bind_text(st, 3, due >= 0 ? calendar_format_iso(due, date) : NULL);
	db_bind_int(st, 4, who->id);
	db_bind_int(st, 5, docs_now());
	person_in_body(db, d->main, who->body_id, name, 128);
	buf_printf(&note, "%s%sXử lý chính: %s", d->text ? d->text : "",
	    d->text && *d->text ? " — " : "", name);
	if (due >= 0)
		buf_printf(&note, "; hạn xử lý %s", calendar_format_vn(due, date));
	rc = db_step_done(st) < 0 || docs_record(db, who, id, "direct",
	    note.data) < 0 || docs_event_receipt(db, receipt, "direct",
	    note.data, who) < 0;
	buf_release(&note);
	return rc ? INTERNAL(err) : 0;
}

/* The actor's assignment on a document: the receipt and the role. */
static int
assignment_of(struct db *db, const struct docs_actor *who, int64_t id,
    int64_t *receipt, int *state, char role[8])
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, "SELECT x.id, x.state, a.role FROM doc_receipts x"
	    " JOIN doc_assignments a ON a.receipt_id = x.id WHERE x.doc_id = ?1"
	    " AND a.person_id = ?2 ORDER BY a.role = 'main' DESC,"
	    " a.role = 'co' DESC LIMIT 1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, who->id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*receipt = sqlite3_column_int64(st, 0);
		*state = docs_in_state_parse(db_col_text(st, 1));
		snprintf(role, 8, "%s", db_col_text(st, 2));
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
docs_in_progress(struct db *db, const struct docs_actor *who, int64_t id,
    const char *comment, struct docs_err *err)
{
	char role[8];
	int64_t receipt;
	int state;

	if (assignment_of(db, who, id, &receipt, &state, role) < 0 ||
	    strcmp(role, "info") == 0)
		return docs_err(err, 403, "not_assigned", NULL, "Bạn không được"
		    " giao xử lý văn bản này");
	if (docs_in_next(state, DOCS_IN_STEP_PROGRESS) < 0)
		return docs_errf(err, 409, "invalid_state", NULL, "Văn bản đến"
		    " đang ở trạng thái “%s”", docs_in_state_label(state));
	if (!docs_valid_text(comment, 1, DOCS_COMMENT_MAX))
		return docs_err(err, 422, "invalid_comment", "comment", "Cần ghi"
		    " nội dung tiến độ (tối đa 2.000 byte)");
	return docs_record(db, who, id, "progress", comment) < 0 ||
	    docs_event_receipt(db, receipt, "progress", comment, who) < 0 ?
	    INTERNAL(err) : 0;
}

int
docs_in_finish(struct db *db, const struct docs_actor *who, int64_t id,
    const char *comment, struct docs_err *err)
{
	sqlite3_stmt *st;
	char role[8] = "";
	int64_t receipt;
	int state;
	time_t now = docs_now();

	if (assignment_of(db, who, id, &receipt, &state, role) < 0 ||
	    strcmp(role, "main") != 0) {
		/* A leader of the receiving body may close it too. */
		if (!docs_has_role(who, DIR_ROLE_LEADER) ||
		    docs_receipt_of(db, id, who->body_id, &receipt, &state) < 0)
			return docs_err(err, 403, "not_assigned", NULL, "Chỉ người"
			    " xử lý chính hoặc lãnh đạo được kết thúc xử lý");
	}
	if (docs_in_next(state, DOCS_IN_STEP_FINISH) < 0)
		return docs_errf(err, 409, "invalid_state", NULL, "Văn bản đến"
		    " đang ở trạng thái “%s”", docs_in_state_label(state));
	if (!docs_valid_text(comment, 0, DOCS_COMMENT_MAX))
		return docs_err(err, 422, "invalid_comment", "comment", "Ý kiến"
		    " tối đa 2.000 byte");
	st = db_prepare(db, "UPDATE doc_receipts SET state = 'done',"
	    " finished_at = ?2, updated_at = ?2 WHERE id = ?1");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_int(st, 1, receipt);
	db_bind_int(st, 2, now);
	if (db_step_done(st) < 0)
		return INTERNAL(err);
	st = db_prepare(db, "UPDATE doc_assignments SET done_at = ?2"
	    " WHERE receipt_id = ?1 AND done_at IS NULL");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_int(st, 1, receipt);
	db_bind_int(st, 2, now);
	if (db_step_done(st) < 0 || docs_record(db, who, id, "finish",
	    comment) < 0 || docs_event_receipt(db, receipt, "finish",
	    comment, who) < 0)
		return INTERNAL(err);
	return 0;
}

int
docs_share(struct db *db, const struct docs_actor *who, int64_t id,
    const int64_t *people, int n, struct docs_err *err)
{
	sqlite3_stmt *st;
	struct buf note = BUF_INIT;
	char name[256];
	int i, rc;

	if (!docs_visible(db, who, id))
		return docs_err_unseen(db, who, id, err);
	if (n <= 0 || n > DOCS_ASSIGNEES_MAX)
		return docs_err(err, 422, "invalid_people", "people", "Cần 1–32"
		    " người nhận");
	buf_adds(&note, "Chia sẻ cho: ");
	for (i = 0; i < n; i++) {
		if (person_in_body(db, people[i], who->body_id, name,
		    sizeof(name)) == NULL) {
			buf_release(&note);
			return docs_err(err, 422, "invalid_people", "people",
			    "Chỉ chia sẻ cho cán bộ đang làm việc tại đơn vị");
		}
		st = db_prepare(db, "INSERT INTO doc_shares (doc_id, person_id,"
		    " by_id, at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING");
		if (st == NULL) {
			buf_release(&note);
			return INTERNAL(err);
		}
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, people[i]);
		db_bind_int(st, 3, who->id);
		db_bind_int(st, 4, docs_now());
		if (db_step_done(st) < 0) {
			buf_release(&note);
			return INTERNAL(err);
		}
		buf_printf(&note, "%s%s", i ? ", " : "", name);
	}
	rc = docs_record(db, who, id, "share", note.data);
	buf_release(&note);
	return rc < 0 ? INTERNAL(err) : 0;
}
