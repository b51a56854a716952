/* svc_dossier_db.c - the applicant's side of a dossier: drafts, files,
 * submission with its dossier code, answering a request to supplement,
 * rating; the history and audit rows of every step. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/blob.h"
#include "core/log.h"
#include "directory/directory.h"
#include "docs/docs.h"
#include "svc_int.h"

static int
dberr(struct db *db, struct svc_err *e, const char *fn)
{
	log_error("%s: %s", fn, db_errmsg(db));
	return svc_err(e, 500, "internal", NULL, "Lỗi cơ sở dữ liệu");
}

void
svc_bind_reader(sqlite3_stmt *st, const struct svc_actor *who)
{
	db_bind_int(st, 20, who->kind == SVC_ACTOR_CITIZEN ? 0 :
	    who->kind == SVC_ACTOR_STAFF ? 1 : 2);
	db_bind_int(st, 21, who->id);
	db_bind_int(st, 22, who->body_id);
	db_bind_int(st, 19, who->unit_id);
}

int
svc_body_of(struct db *db, int64_t unit_id, int64_t *body)
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, "SELECT CASE WHEN kind = 'division' AND parent_id"
	    " IS NOT NULL THEN parent_id ELSE id END FROM units WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, unit_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*body = sqlite3_column_int64(st, 0);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
svc_staff_actor(struct db *db, struct svc_actor *who, int64_t id,
    const char *name, const char *full_name, const char *ip,
    int64_t unit_id, unsigned roles)
{
	memset(who, 0, sizeof(*who));
	who->kind = SVC_ACTOR_STAFF;
	who->id = id;
	who->name = name ? name : "";
	who->full_name = full_name ? full_name : "";
	who->ip = ip ? ip : "";
	who->unit_id = unit_id;
	who->roles = roles;
	return svc_body_of(db, unit_id, &who->body_id);
}

int
svc_record(struct db *db, const struct svc_actor *who, int64_t id,
    const char *action, int state, int64_t from_unit, int64_t to_unit,
    const char *comment, const char *due, time_t now)
{
	static const char *const kinds[] = { "citizen", "staff", "system" };
	sqlite3_stmt *st;
	char object[48], detail[160];

	st = db_prepare(db, "INSERT INTO svc_history (dossier_id, at,"
	    " actor_kind, actor_id, actor_name, action, state, from_unit_id,"
	    " to_unit_id, comment, due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	    " ?9, ?10, ?11)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	db_bind_text(st, 3, kinds[who->kind]);
	if (who->id)
		db_bind_int(st, 4, who->id);
	db_bind_text(st, 5, who->full_name && *who->full_name ?
	    who->full_name : who->name);
	db_bind_text(st, 6, action);
	db_bind_text(st, 7, svc_state_name(state));
	if (from_unit)
		db_bind_int(st, 8, from_unit);
	if (to_unit)
		db_bind_int(st, 9, to_unit);
	db_bind_text(st, 10, comment ? comment : "");
	db_bind_text(st, 11, due);
	if (db_step_done(st) < 0)
		return -1;
	snprintf(object, sizeof(object), "dossier:%lld", (long long)id);
	snprintf(detail, sizeof(detail), "%s%s%.120s", svc_state_name(state),
	    comment && *comment ? ": " : "", comment ? comment : "");
	{
		char act[64];

		snprintf(act, sizeof(act), "services.%s", action);
		return audit_record(db, who->kind == SVC_ACTOR_STAFF ? who->id :
		    0, who->name, who->ip, act, object, detail);
	}
}

/* Whether `unit` may receive dossiers of procedure `p`: the procedure's
 * own unit, or a unit in force of the procedure's level. */
static int
unit_receives(struct db *db, const struct svc_procedure *p, int64_t unit)
{
	static const char *const kinds[SVC_LEVEL_MAX] = {
		"department", "district", "commune"
	};
	sqlite3_stmt *st;
	int ok = 0;

	if (p->unit_id)
		return unit == p->unit_id;
	st = db_prepare(db, "SELECT 1 FROM units WHERE id = ?1 AND"
	    " effective_until IS NULL AND (kind = ?2 OR (?3 AND kind ="
	    " 'province'))");
	if (st == NULL)
		return 0;
	db_bind_int(st, 1, unit);
	db_bind_text(st, 2, kinds[p->level]);
	db_bind_int(st, 3, p->level == SVC_LEVEL_PROVINCE);
	ok = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	return ok;
}

static int
check_applicant(const struct svc_application *app, struct svc_err *err)
{
	if (!svc_valid_text(app->applicant_name, 0, 200))
		return svc_err(err, 422, "invalid_name", "applicant_name",
		    "Họ tên người nộp không hợp lệ");
	if (app->applicant_email && *app->applicant_email &&
	    !svc_email_valid(app->applicant_email))
		return svc_err(err, 422, "invalid_email", "applicant_email",
		    "Địa chỉ thư điện tử không hợp lệ");
	if (!svc_valid_text(app->applicant_phone, 0, 20) ||
	    !svc_valid_text(app->applicant_idno, 0, 20) ||
	    !svc_valid_text(app->applicant_addr, 0, 300))
		return svc_err(err, 422, "invalid_applicant", NULL, "Thông tin"
		    " người nộp không hợp lệ");
	return 0;
}

/* The application's values checked against its form, as the JSON text
 * to store (caller frees), or NULL with `err` set: invalid values (422)
 * or more than SVC_DATA_MAX bytes (413). `clean` receives the checked
 * values (caller decrefs). */
static char *
form_values(const struct svc_form *f, json_t *values, int today, int final,
    json_t **clean, struct svc_err *err)
{
	char *data;

	if (svc_form_check(f, values, today, final, clean, err) < 0)
		return NULL;
	data = json_dumps(*clean, JSON_COMPACT);
	if (data == NULL || strlen(data) > SVC_DATA_MAX) {
		free(data);
		svc_err(err, 413, "too_large", "values", "Dữ liệu biểu mẫu quá"
		    " lớn");
		return NULL;
	}
	return data;
}

int
svc_dossier_create(struct db *db, const struct svc_actor *who,
    const struct svc_application *app, time_t now, int64_t *id,
    struct svc_err *err)
{
	struct arena a = ARENA_INIT;
	struct svc_procedure p;
	struct svc_form f;
	sqlite3_stmt *st;
	json_t *clean = NULL;
	char *data = NULL;
	int64_t unit;
	int counter = who->kind == SVC_ACTOR_STAFF, today, minute, rc = -1;

	svc_local(now, &today, &minute);
	if (app->procedure_code == NULL || svc_procedure_get(db, &a,
	    app->procedure_code, &p) < 0 || !p.active) {
		svc_err(err, 422, "unknown_procedure", "procedure", "Không có"
		    " thủ tục này hoặc thủ tục đã ngừng áp dụng");
		goto out;
	}
	unit = counter ? who->body_id : p.unit_id ? p.unit_id : app->unit_id;
	if (!counter && app->unit_id && p.unit_id && app->unit_id != p.unit_id)
		unit = 0;
	if (unit == 0 || !unit_receives(db, &p, unit)) {
		svc_err(err, 422, "invalid_unit", "unit_id", counter ?
		    "Đơn vị của bạn không tiếp nhận thủ tục này" :
		    "Chọn cơ quan tiếp nhận phù hợp với cấp của thủ tục");
		goto out;
	}
	if (counter && !(who->roles & DIR_ROLE_ONESTOP)) {
		svc_err(err, 403, "forbidden", NULL, "Chỉ công chức một cửa"
		    " nhập hồ sơ tại quầy");
		goto out;
	}
	if (check_applicant(app, err) < 0)
		goto out;
	if (svc_proc_form(&a, p.form, &f) < 0) {
		svc_err(err, 500, "bad_form", "form", "Biểu mẫu của thủ tục bị"
		    " hỏng; hãy báo quản trị");
		goto out;
	}
	if ((data = form_values(&f, app->values, today, counter, &clean,
	    err)) == NULL)
		goto out;
	if (counter && !svc_valid_text(app->applicant_name, 1, 200)) {
		svc_err(err, 422, "required", "applicant_name", "Chưa nhập họ"
		    " tên người nộp");
		goto out;
	}
	st = db_prepare(db, "INSERT INTO svc_dossiers (procedure_id, unit_id,"
	    " citizen_id, channel, state, applicant_name, applicant_email,"
	    " applicant_phone, applicant_idno, applicant_addr, data, fee,"
	    " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'draft', ?5, ?6,"
	    " ?7, ?8, ?9, ?10, ?11, ?12, ?12)");
	if (st == NULL) {
		dberr(db, err, __func__);
		goto out;
	}
	db_bind_int(st, 1, p.id);
	db_bind_int(st, 2, unit);
	if (!counter)
		db_bind_int(st, 3, who->id);
	db_bind_text(st, 4, counter ? "counter" : "online");
	db_bind_text(st, 5, app->applicant_name ? app->applicant_name :
	    who->full_name ? who->full_name : "");
	/* Notices of an online dossier go to the citizen's verified
	 * address only. */
	db_bind_text(st, 6, !counter ? who->name : app->applicant_email ?
	    app->applicant_email : "");
	db_bind_text(st, 7, app->applicant_phone ? app->applicant_phone : "");
	db_bind_text(st, 8, app->applicant_idno ? app->applicant_idno : "");
	db_bind_text(st, 9, app->applicant_addr ? app->applicant_addr : "");
	db_bind_text(st, 10, data);
	db_bind_int(st, 11, p.fee);
	db_bind_int(st, 12, now);
	if (db_step_done(st) < 0) {
		dberr(db, err, __func__);
		goto out;
	}
	*id = db_last_id(db);
	if (svc_record(db, who, *id, "create", SVC_DRAFT, 0, unit, NULL, NULL,
	    now) < 0) {
		dberr(db, err, __func__);
		goto out;
	}
	if (counter) {
		char code[SVC_CODE_MAX];

		if (svc_dossier_submit(db, who, *id, now, code, err) < 0)
			goto out;
	}
	rc = 0;
out:
	json_decref(clean);
	free(data);
	arena_release(&a);
	return rc;
}

/* The state and owner of a dossier the actor may change as its
 * applicant: the citizen's own, or a counter dossier of the officer's
 * body. -1 (404) when not. */
static int
own_dossier(struct db *db, const struct svc_actor *who, int64_t id,
    int *state, int *supplemented, int64_t *proc, int64_t *unit,
    struct svc_err *err)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT d.state, d.supplemented,"
	    " d.procedure_id, d.unit_id, d.channel FROM svc_dossiers d"
	    " WHERE d.id = ?1 AND" SVC_VISIBLE);
	int rc = -1;

	if (st == NULL)
		return dberr(db, err, __func__);
	db_bind_int(st, 1, id);
	svc_bind_reader(st, who);
	if (sqlite3_step(st) == SQLITE_ROW && (who->kind ==
	    SVC_ACTOR_CITIZEN || (strcmp(db_col_text(st, 4), "counter") == 0 &&
	    sqlite3_column_int64(st, 3) == who->body_id &&
	    (who->roles & DIR_ROLE_ONESTOP)))) {
		*state = svc_state_parse(db_col_text(st, 0));
		*supplemented = sqlite3_column_int(st, 1);
		*proc = sqlite3_column_int64(st, 2);
		*unit = sqlite3_column_int64(st, 3);
		rc = 0;
	}
	db_done(st);
	if (rc < 0)
		svc_err(err, 404, "not_found", NULL, "Không tìm thấy hồ sơ");
	return rc;
}

int
svc_dossier_update(struct db *db, const struct svc_actor *who, int64_t id,
    const struct svc_application *app, struct svc_err *err)
{
	struct arena a = ARENA_INIT;
	struct svc_procedure p;
	struct svc_form f;
	sqlite3_stmt *st;
	json_t *clean = NULL;
	char *data = NULL;
	int state, sup, today, minute, rc = -1;
	int64_t proc, unit;

	if (own_dossier(db, who, id, &state, &sup, &proc, &unit, err) < 0)
		goto out;
	if (state != SVC_DRAFT) {
		svc_err(err, 409, "not_draft", NULL, "Hồ sơ đã nộp, không sửa"
		    " được nữa");
		goto out;
	}
	if (check_applicant(app, err) < 0)
		goto out;
	if (svc_procedure_by_id(db, &a, proc, &p) < 0 ||
	    svc_proc_form(&a, p.form, &f) < 0) {
		dberr(db, err, __func__);
		goto out;
	}
	svc_local(time(NULL), &today, &minute);
	if (app->values && (data = form_values(&f, app->values, today, 0,
	    &clean, err)) == NULL)
		goto out;
	if (app->unit_id && app->unit_id != unit) {
		if (!unit_receives(db, &p, app->unit_id)) {
			svc_err(err, 422, "invalid_unit", "unit_id", "Chọn cơ quan"
			    " tiếp nhận phù hợp với cấp của thủ tục");
			goto out;
		}
		unit = app->unit_id;
	}
	st = db_prepare(db, "UPDATE svc_dossiers SET unit_id = ?2,"
	    " applicant_name = ifnull(?3, applicant_name),"
	    " applicant_email = ifnull(?4, applicant_email),"
	    " applicant_phone = ifnull(?5, applicant_phone),"
	    " applicant_idno = ifnull(?6, applicant_idno),"
	    " applicant_addr = ifnull(?7, applicant_addr),"
	    " data = ifnull(?8, data), updated_at = ?9 WHERE id = ?1"
	    " AND state = 'draft'");
	if (st == NULL) {
		dberr(db, err, __func__);
		goto out;
	}
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, unit);
	db_bind_text(st, 3, app->applicant_name);
	db_bind_text(st, 4, who->kind == SVC_ACTOR_CITIZEN ? NULL :
	    app->applicant_email);
	db_bind_text(st, 5, app->applicant_phone);
	db_bind_text(st, 6, app->applicant_idno);
	db_bind_text(st, 7, app->applicant_addr);
	db_bind_text(st, 8, data);
	db_bind_int(st, 9, time(NULL));
	if (db_step_done(st) < 0) {
		dberr(db, err, __func__);
		goto out;
	}
	rc = 0;
out:
	json_decref(clean);
	free(data);
	arena_release(&a);
	return rc;
}

/* Whether the actor may attach the result: a member of staff of the
 * handling unit while the dossier is being handled. */
static int
result_allowed(struct db *db, const struct svc_actor *who, int64_t id,
    struct svc_err *err)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT d.state,"
	    " ifnull(d.handler_unit_id, 0) FROM svc_dossiers d"
	    " WHERE d.id = ?1 AND" SVC_VISIBLE);
	int64_t handler = -1;
	int state = -1;

	if (st == NULL)
		return dberr(db, err, __func__);
	db_bind_int(st, 1, id);
	svc_bind_reader(st, who);
	if (sqlite3_step(st) == SQLITE_ROW) {
		state = svc_state_parse(db_col_text(st, 0));
		handler = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (state < 0 || who->kind != SVC_ACTOR_STAFF)
		return svc_err(err, 404, "not_found", NULL, "Không tìm thấy hồ"
		    " sơ");
	if (handler <= 0 || (handler != who->body_id && handler !=
	    who->unit_id) || !(who->roles & (DIR_ROLE_SPECIALIST |
	    DIR_ROLE_LEADER)))
		return svc_err(err, 403, "forbidden", NULL, "Chỉ cán bộ của đơn"
		    " vị giải quyết đính kèm kết quả");
	if (state != SVC_TRANSFERRED && state != SVC_PROCESSING &&
	    state != SVC_APPROVED)
		return svc_err(err, 409, "not_editable", NULL, "Hồ sơ ở trạng"
		    " thái này không nhận kết quả");
	return 0;
}

int
svc_dossier_attach(struct db *db, const struct svc_actor *who, int64_t id,
    const char *field, const char *path, const char *filename, size_t size,
    int64_t *file_id, struct svc_err *err)
{
	struct arena a = ARENA_INIT;
	const struct svc_field *x;
	struct svc_procedure p;
	struct svc_form f;
	unsigned char head[16];
	const char *mime = NULL;
	sqlite3_stmt *st;
	char hash[65];
	int state, sup, fd, rc = -1, n = 0;
	ssize_t got;
	int64_t proc, unit;
	int result = field && strcmp(field, SVC_RESULT_FIELD) == 0;

	if (result) {
		if (result_allowed(db, who, id, err) < 0)
			goto out;
		state = -1;
	} else {
		if (own_dossier(db, who, id, &state, &sup, &proc, &unit,
		    err) < 0)
			goto out;
		if (!(state == SVC_DRAFT || state == SVC_SUPPLEMENT ||
		    (state == SVC_SUBMITTED && who->kind == SVC_ACTOR_STAFF))) {
			svc_err(err, 409, "not_editable", NULL, "Hồ sơ ở trạng"
			    " thái này không nhận thêm tệp");
			goto out;
		}
		if (svc_procedure_by_id(db, &a, proc, &p) < 0 ||
		    svc_proc_form(&a, p.form, &f) < 0) {
			dberr(db, err, __func__);
			goto out;
		}
		if (field == NULL || (x = svc_form_field(&f, field)) == NULL ||
		    x->type != SVC_F_FILE) {
			svc_err(err, 422, "unknown_field", "field", "Biểu mẫu"
			    " không có trường tệp này");
			goto out;
		}
	}
	if ((long)size > svc_file_max(db)) {
		svc_errf(err, 413, "file_too_large", field, "Tệp %s lớn hơn"
		    " %ld MB cho phép", filename, svc_file_max(db) >> 20);
		goto out;
	}
	if (size == 0) {
		svc_err(err, 422, "empty_file", field, "Tệp trống");
		goto out;
	}
	if ((fd = open(path, O_RDONLY)) < 0) {
		svc_err(err, 500, "internal", NULL, "Không đọc được tệp");
		goto out;
	}
	got = read(fd, head, sizeof(head));
	close(fd);
	if (got < 0 || docs_file_kind(filename, head, (size_t)got, &mime) < 0) {
		svc_err(err, 415, "file_type", field, "Chỉ nhận tệp PDF, ảnh"
		    " PNG/JPEG, Word (.docx) hoặc Excel (.xlsx)");
		goto out;
	}
	st = db_prepare(db, "SELECT count(*) FROM svc_dossier_files"
	    " WHERE dossier_id = ?1");
	if (st == NULL) {
		dberr(db, err, __func__);
		goto out;
	}
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	db_done(st);
	if (n >= SVC_FILES_MAX) {
		svc_errf(err, 422, "too_many_files", field, "Hồ sơ đã có %d tệp,"
		    " tối đa cho phép", n);
		goto out;
	}
	if (blob_put_file(db, path, mime, hash) < 0) {
		svc_err(err, 500, "internal", NULL, "Không lưu được tệp");
		goto out;
	}
	st = db_prepare(db, "INSERT INTO svc_dossier_files (dossier_id, field,"
	    " filename, mime, hash, size, round, created_at) VALUES (?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7, ?8)");
	if (st == NULL) {
		dberr(db, err, __func__);
		goto out;
	}
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, field);
	db_bind_text(st, 3, filename);
	db_bind_text(st, 4, mime);
	db_bind_text(st, 5, hash);
	db_bind_int(st, 6, (int64_t)size);
	db_bind_int(st, 7, result ? 2 : state == SVC_SUPPLEMENT);
	db_bind_int(st, 8, time(NULL));
	if (db_step_done(st) < 0) {
		dberr(db, err, __func__);
		goto out;
	}
	*file_id = db_last_id(db);
	rc = 0;
out:
	arena_release(&a);
	return rc;
}

int
svc_take_sequence(struct db *db, int64_t unit_id, int day)
{
	sqlite3_stmt *st;
	char iso[11];
	int n = -1;

	st = db_prepare(db, "INSERT INTO svc_sequences (unit_id, day, last)"
	    " VALUES (?1, ?2, 1) ON CONFLICT (unit_id, day) DO UPDATE"
	    " SET last = last + 1 RETURNING last");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, unit_id);
	db_bind_text(st, 2, calendar_format_iso(day, iso));
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	db_done(st);
	return n;
}

/* Whether each required file field of the form has a file. */
static int
files_complete(struct db *db, int64_t id, const struct svc_form *f,
    struct svc_err *err)
{
	sqlite3_stmt *st;
	int i, have;

	for (i = 0; i < f->n; i++) {
		if (f->fields[i].type != SVC_F_FILE || !f->fields[i].required)
			continue;
		st = db_prepare(db, "SELECT 1 FROM svc_dossier_files"
		    " WHERE dossier_id = ?1 AND field = ?2");
		if (st == NULL)
			return dberr(db, err, __func__);
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, f->fields[i].name);
		have = sqlite3_step(st) == SQLITE_ROW;
		db_done(st);
		if (!have)
			return svc_errf(err, 422, "missing_file",
			    f->fields[i].name, "Chưa đính kèm %s",
			    f->fields[i].label);
	}
	return 0;
}

int
svc_dossier_submit(struct db *db, const struct svc_actor *who, int64_t id,
    time_t now, char code[SVC_CODE_MAX], struct svc_err *err)
{
	struct arena a = ARENA_INIT;
	struct svc_procedure p;
	struct svc_form f;
	sqlite3_stmt *st;
	json_t *values = NULL, *clean = NULL;
	json_error_t jerr;
	const char *agency = NULL, *name = NULL;
	int state, sup, seq, day, minute, rc = -1;
	int64_t proc, unit;

	if (own_dossier(db, who, id, &state, &sup, &proc, &unit, err) < 0)
		goto out;
	if (svc_next(state, SVC_STEP_SUBMIT, sup) < 0) {
		svc_err(err, 409, "already_submitted", NULL, "Hồ sơ này đã được"
		    " nộp");
		goto out;
	}
	if (svc_procedure_by_id(db, &a, proc, &p) < 0 ||
	    svc_proc_form(&a, p.form, &f) < 0) {
		dberr(db, err, __func__);
		goto out;
	}
	st = db_prepare(db, "SELECT d.data, u.code, d.applicant_name"
	    " FROM svc_dossiers d JOIN units u ON u.id = d.unit_id"
	    " WHERE d.id = ?1");
	if (st == NULL) {
		dberr(db, err, __func__);
		goto out;
	}
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		values = json_loads(db_col_text(st, 0), 0, &jerr);
		agency = arena_strdup(&a, db_col_text(st, 1));
		name = arena_strdup(&a, db_col_text(st, 2));
	}
	db_done(st);
	svc_local(now, &day, &minute);
	if (agency == NULL || values == NULL) {
		dberr(db, err, __func__);
		goto out;
	}
	if (!svc_valid_text(name, 1, 200)) {
		svc_err(err, 422, "required", "applicant_name", "Chưa nhập họ"
		    " tên người nộp");
		goto out;
	}
	if (svc_form_check(&f, values, day, 1, &clean, err) < 0)
		goto out;
	if (who->kind == SVC_ACTOR_CITIZEN && files_complete(db, id, &f,
	    err) < 0)
		goto out;
	if ((seq = svc_take_sequence(db, unit, day)) < 0) {
		dberr(db, err, __func__);
		goto out;
	}
	if (svc_code_format(code, SVC_CODE_MAX, agency, day, seq) < 0) {
		svc_err(err, 503, "sequence_full", NULL, "Đơn vị đã dùng hết số"
		    " hồ sơ trong ngày");
		goto out;
	}
	st = db_prepare(db, "UPDATE svc_dossiers SET state = 'submitted',"
	    " code = ?2, submitted_at = ?3, updated_at = ?3 WHERE id = ?1"
	    " AND state = 'draft'");
	if (st == NULL) {
		dberr(db, err, __func__);
		goto out;
	}
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, code);
	db_bind_int(st, 3, now);
	if (db_step_done(st) < 0 || db_changes(db) != 1 ||
	    svc_record(db, who, id, "submit", SVC_SUBMITTED, 0, unit, code,
	    NULL, now) < 0) {
		dberr(db, err, __func__);
		goto out;
	}
	rc = 0;
out:
	json_decref(values);
	json_decref(clean);
	arena_release(&a);
	return rc;
}

int
svc_dossier_answer(struct db *db, const struct svc_actor *who, int64_t id,
    json_t *values, const char *comment, time_t now, struct svc_err *err)
{
	struct arena a = ARENA_INIT;
	struct svc_procedure p;
	struct svc_form f;
	sqlite3_stmt *st;
	json_t *clean = NULL;
	char *data = NULL;
	int state, sup, day, minute, rc = -1;
	int64_t proc, unit;

	if (own_dossier(db, who, id, &state, &sup, &proc, &unit, err) < 0)
		goto out;
	if (svc_next(state, SVC_STEP_ANSWER, sup) < 0) {
		svc_err(err, 409, "no_supplement", NULL, "Hồ sơ không có yêu cầu"
		    " bổ sung đang chờ");
		goto out;
	}
	if (!svc_valid_text(comment, 0, SVC_TEXT_MAX)) {
		svc_err(err, 422, "invalid_comment", "comment", "Ghi chú không"
		    " hợp lệ");
		goto out;
	}
	if (values) {
		if (svc_procedure_by_id(db, &a, proc, &p) < 0 ||
		    svc_proc_form(&a, p.form, &f) < 0) {
			dberr(db, err, __func__);
			goto out;
		}
		svc_local(now, &day, &minute);
		if (svc_form_check(&f, values, day, 1, &clean, err) < 0)
			goto out;
		data = json_dumps(clean, JSON_COMPACT);
	}
	st = db_prepare(db, "UPDATE svc_dossiers SET state = 'submitted',"
	    " data = ifnull(?2, data), updated_at = ?3 WHERE id = ?1");
	if (st == NULL) {
		dberr(db, err, __func__);
		goto out;
	}
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, data);
	db_bind_int(st, 3, now);
	if (db_step_done(st) < 0 || svc_record(db, who, id, "answer",
	    SVC_SUBMITTED, 0, unit, comment, NULL, now) < 0) {
		dberr(db, err, __func__);
		goto out;
	}
	rc = 0;
out:
	json_decref(clean);
	free(data);
	arena_release(&a);
	return rc;
}

int
svc_dossier_rate(struct db *db, const struct svc_actor *who, int64_t id,
    int rating, const char *comment, struct svc_err *err)
{
	sqlite3_stmt *st;
	int state, sup, rated = 0;
	int64_t proc, unit;

	if (own_dossier(db, who, id, &state, &sup, &proc, &unit, err) < 0)
		return -1;
	if (svc_next(state, SVC_STEP_RATE, sup) < 0)
		return svc_err(err, 409, "not_returned", NULL, "Chỉ đánh giá khi"
		    " đã nhận kết quả");
	if (rating < 1 || rating > 5)
		return svc_err(err, 422, "invalid_rating", "rating", "Mức đánh"
		    " giá từ 1 đến 5");
	if (!svc_valid_text(comment, 0, SVC_TEXT_MAX))
		return svc_err(err, 422, "invalid_comment", "comment", "Góp ý"
		    " không hợp lệ");
	st = db_prepare(db, "SELECT rating IS NOT NULL FROM svc_dossiers"
	    " WHERE id = ?1");
	if (st == NULL)
		return dberr(db, err, __func__);
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		rated = sqlite3_column_int(st, 0);
	db_done(st);
	if (rated)
		return svc_err(err, 409, "already_rated", NULL, "Hồ sơ đã được"
		    " đánh giá");
	st = db_prepare(db, "UPDATE svc_dossiers SET rating = ?2,"
	    " rating_comment = ?3, updated_at = ?4 WHERE id = ?1");
	if (st == NULL)
		return dberr(db, err, __func__);
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, rating);
	db_bind_text(st, 3, comment ? comment : "");
	db_bind_int(st, 4, time(NULL));
	if (db_step_done(st) < 0 || svc_record(db, who, id, "rate",
	    SVC_RETURNED, 0, 0, comment, NULL, time(NULL)) < 0)
		return dberr(db, err, __func__);
	return 0;
}
