/* svc_office_db.c - the back office's steps on a dossier: receive with
 * the appointment date, ask once for a supplement, refuse, transfer to
 * the handling unit, process, approve, return the result, apologise with
 * a new date; fees paid. Each step checks the actor's role and unit in
 * the query, writes a history row (the control slip) and an audit row,
 * and queues the applicant's e-mail. */
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "directory/directory.h"
#include "sign/sign.h"
#include "svc_int.h"

static int
dberr(struct db *db, struct svc_err *e, const char *fn)
{
	log_error("%s: %s", fn, db_errmsg(db));
	return svc_err(e, 500, "internal", NULL, "Lỗi cơ sở dữ liệu");
}

struct row {
	int64_t		 id;
	int		 state;
	int		 supplemented;
	int64_t		 unit_id;
	int64_t		 handler_unit_id;
	int		 days;
	char		 due[11];
	long		 fee;
	int		 paid;
	char		 code[SVC_CODE_MAX];
};

static int
load(struct db *db, const struct svc_actor *who, int64_t id, struct row *r,
    struct svc_err *err)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT d.state, d.supplemented,"
	    " d.unit_id, ifnull(d.handler_unit_id, 0), p.days, ifnull(d.due,"
	    " ''), d.fee, d.paid_at IS NOT NULL, ifnull(d.code, '')"
	    " FROM svc_dossiers d JOIN svc_procedures p ON p.id ="
	    " d.procedure_id WHERE d.id = ?1 AND d.state != 'draft' AND"
	    SVC_VISIBLE);
	int rc = -1;

	if (st == NULL)
		return dberr(db, err, __func__);
	db_bind_int(st, 1, id);
	svc_bind_reader(st, who);
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->id = id;
		r->state = svc_state_parse(db_col_text(st, 0));
		r->supplemented = sqlite3_column_int(st, 1);
		r->unit_id = sqlite3_column_int64(st, 2);
		r->handler_unit_id = sqlite3_column_int64(st, 3);
		r->days = sqlite3_column_int(st, 4);
		snprintf(r->due, sizeof(r->due), "%s", db_col_text(st, 5));
		r->fee = (long)sqlite3_column_int64(st, 6);
		r->paid = sqlite3_column_int(st, 7);
		snprintf(r->code, sizeof(r->code), "%s", db_col_text(st, 8));
		rc = 0;
	}
	db_done(st);
	if (rc < 0)
		svc_err(err, 404, "not_found", NULL, "Không tìm thấy hồ sơ");
	return rc;
}

/* Who may take a step: one-stop officers of the receiving unit for the
 * steps at the counter; people of the handling unit for the work. */
static int
allowed(const struct svc_actor *who, const struct row *r, int step)
{
	int onestop = (who->roles & DIR_ROLE_ONESTOP) &&
	    who->body_id == r->unit_id;
	int handler = r->handler_unit_id && (who->body_id ==
	    r->handler_unit_id || who->unit_id == r->handler_unit_id);

	switch (step) {
	case SVC_STEP_RECEIVE:
	case SVC_STEP_SUPPLEMENT:
	case SVC_STEP_REFUSE:
	case SVC_STEP_RETURN:
		return onestop;
	case SVC_STEP_TRANSFER:
		return r->state == SVC_RECEIVED ? onestop : handler &&
		    (who->roles & (DIR_ROLE_LEADER | DIR_ROLE_SPECIALIST));
	case SVC_STEP_PROCESS:
		return handler && (who->roles & (DIR_ROLE_SPECIALIST |
		    DIR_ROLE_LEADER));
	case SVC_STEP_APPROVE:
		return handler && (who->roles & DIR_ROLE_LEADER);
	case SVC_STEP_APOLOGY:
		return onestop || (handler && (who->roles & DIR_ROLE_LEADER));
	default:
		return 0;
	}
}

static int
unit_in_force(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM units WHERE id = ?1"
	    " AND effective_until IS NULL");
	int ok;

	if (st == NULL)
		return 0;
	db_bind_int(st, 1, id);
	ok = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	return ok;
}

/* Ask the approving leader to sign the PDF result of a fully online
 * dossier: a signing request of module sign, open a week. */
static int
request_signature(struct db *db, const struct svc_actor *who, int64_t id,
    time_t now)
{
	sqlite3_stmt *st;
	char hash[65] = "", token[SIGN_TOKEN_HEX];
	int64_t file = 0, req;

	st = db_prepare(db, "SELECT f.id, f.hash FROM svc_dossier_files f"
	    " JOIN svc_dossiers d ON d.id = f.dossier_id JOIN svc_procedures p"
	    " ON p.id = d.procedure_id WHERE f.dossier_id = ?1 AND f.round = 2"
	    " AND f.mime = 'application/pdf' AND p.mode = 'full'"
	    " ORDER BY f.id DESC LIMIT 1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		file = sqlite3_column_int64(st, 0);
		snprintf(hash, sizeof(hash), "%s", db_col_text(st, 1));
	}
	db_done(st);
	if (file == 0)
		return 0;
	if (sign_flow_create(db, hash, who->id, SIGN_ROLE_LEADER,
	    SVC_SIGN_OWNER, file, 7 * 86400, &req, token) < 0)
		return -1;
	return svc_record(db, who, id, "sign_request", SVC_APPROVED, 0, 0,
	    "Chờ ký số kết quả", NULL, now);
}

int
svc_result_signed(struct db *db, int64_t owner_id, const char *blob_hash)
{
	static const struct svc_actor signer = { SVC_ACTOR_SYSTEM, 0,
	    "ky-so", "Ký số", "", 0, 0, 0 };
	sqlite3_stmt *st;
	int64_t dossier = 0;
	int state = -1;

	st = db_prepare(db, "UPDATE svc_dossier_files SET hash = ?2,"
	    " size = (SELECT size FROM blobs WHERE hash = ?2)"
	    " WHERE id = ?1 AND round = 2 RETURNING dossier_id");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, owner_id);
	db_bind_text(st, 2, blob_hash);
	if (sqlite3_step(st) == SQLITE_ROW)
		dossier = sqlite3_column_int64(st, 0);
	db_done(st);
	if (dossier == 0)
		return -1;
	st = db_prepare(db, "SELECT state FROM svc_dossiers WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, dossier);
	if (sqlite3_step(st) == SQLITE_ROW)
		state = svc_state_parse(db_col_text(st, 0));
	db_done(st);
	return svc_record(db, &signer, dossier, "signed", state, 0, 0,
	    "Kết quả đã được ký số", NULL, time(NULL));
}

int
svc_dossier_act(struct db *db, const struct svc_actor *who, int64_t id,
    const struct svc_action *act, time_t now, struct svc_err *err)
{
	sqlite3_stmt *st;
	struct row r;
	char due[11] = "";
	const char *comment = act->comment;
	int64_t from = 0, to = 0;
	int next, day, minute, d;

	if (act->step < 0 || act->step >= SVC_STEP_MAX ||
	    act->step == SVC_STEP_SUBMIT || act->step == SVC_STEP_ANSWER ||
	    act->step == SVC_STEP_RATE)
		return svc_err(err, 400, "invalid_step", "step", "Bước xử lý"
		    " không hợp lệ");
	if (load(db, who, id, &r, err) < 0)
		return -1;
	if (!allowed(who, &r, act->step))
		return svc_err(err, 403, "forbidden", NULL, "Bạn không có quyền"
		    " thực hiện bước này với hồ sơ của đơn vị khác hoặc ở vai"
		    " trò này");
	next = svc_next(r.state, act->step, r.supplemented);
	if (next < 0)
		return svc_errf(err, 409, act->step == SVC_STEP_SUPPLEMENT &&
		    r.supplemented ? "supplement_once" : "invalid_state", NULL,
		    act->step == SVC_STEP_SUPPLEMENT && r.supplemented ?
		    "Chỉ được yêu cầu bổ sung hồ sơ một lần" :
		    "Không thể %s khi hồ sơ ở trạng thái: %s",
		    svc_step_label(act->step), svc_state_label(r.state));
	if (!svc_valid_text(comment, act->step == SVC_STEP_SUPPLEMENT ||
	    act->step == SVC_STEP_REFUSE || act->step == SVC_STEP_APOLOGY,
	    SVC_TEXT_MAX))
		return svc_err(err, 422, "required", "comment", act->step ==
		    SVC_STEP_SUPPLEMENT ? "Ghi rõ giấy tờ cần bổ sung" :
		    act->step == SVC_STEP_REFUSE ? "Ghi rõ lý do từ chối" :
		    act->step == SVC_STEP_APOLOGY ? "Ghi rõ lý do chậm trả kết"
		    " quả" : "Ghi chú không hợp lệ");
	svc_local(now, &day, &minute);
	switch (act->step) {
	case SVC_STEP_RECEIVE:
		if (svc_appointment_db(db, now, r.days, &d) < 0)
			return svc_err(err, 500, "calendar", NULL, "Không tính"
			    " được ngày hẹn trả theo lịch làm việc");
		calendar_format_iso(d, due);
		st = db_prepare(db, "UPDATE svc_dossiers SET state = 'received',"
		    " received_at = ?2, received_by = ?3, first_due = ?4,"
		    " due = ?4, updated_at = ?2 WHERE id = ?1");
		if (st == NULL)
			return dberr(db, err, __func__);
		db_bind_int(st, 3, who->id);
		db_bind_text(st, 4, due);
		to = r.unit_id;
		break;
	case SVC_STEP_SUPPLEMENT:
	case SVC_STEP_REFUSE:
		st = db_prepare(db, "UPDATE svc_dossiers SET state = ?3,"
		    " note = ?4, supplemented = supplemented OR ?5,"
		    " finished_at = CASE WHEN ?5 THEN NULL ELSE ?2 END,"
		    " finished_on = CASE WHEN ?5 THEN NULL ELSE ?6 END,"
		    " updated_at = ?2 WHERE id = ?1");
		if (st == NULL)
			return dberr(db, err, __func__);
		db_bind_text(st, 3, svc_state_name(next));
		db_bind_text(st, 4, comment);
		db_bind_int(st, 5, act->step == SVC_STEP_SUPPLEMENT);
		db_bind_text(st, 6, calendar_format_iso(day, due));
		due[0] = '\0';
		from = r.unit_id;
		break;
	case SVC_STEP_TRANSFER:
		if (act->to_unit <= 0 || !unit_in_force(db, act->to_unit))
			return svc_err(err, 422, "invalid_unit", "to_unit",
			    "Chọn đơn vị xử lý còn hoạt động");
		if (act->to_unit == r.handler_unit_id)
			return svc_err(err, 409, "same_unit", "to_unit", "Hồ sơ"
			    " đang ở đơn vị này");
		st = db_prepare(db, "UPDATE svc_dossiers SET state ="
		    " 'transferred', handler_unit_id = ?3, updated_at = ?2"
		    " WHERE id = ?1");
		if (st == NULL)
			return dberr(db, err, __func__);
		db_bind_int(st, 3, act->to_unit);
		from = r.handler_unit_id ? r.handler_unit_id : r.unit_id;
		to = act->to_unit;
		break;
	case SVC_STEP_PROCESS:
		if (!svc_valid_text(act->result, 1, SVC_TEXT_MAX))
			return svc_err(err, 422, "required", "result", "Ghi kết"
			    " quả xử lý, dự thảo kết quả trình lãnh đạo");
		st = db_prepare(db, "UPDATE svc_dossiers SET state ="
		    " 'processing', handler_id = ?3, result_text = ?4,"
		    " updated_at = ?2 WHERE id = ?1");
		if (st == NULL)
			return dberr(db, err, __func__);
		db_bind_int(st, 3, who->id);
		db_bind_text(st, 4, act->result);
		from = to = r.handler_unit_id;
		if (comment == NULL || *comment == '\0')
			comment = act->result;
		break;
	case SVC_STEP_APPROVE:
		st = db_prepare(db, "UPDATE svc_dossiers SET state = 'approved',"
		    " approved_by = ?3, updated_at = ?2 WHERE id = ?1");
		if (st == NULL)
			return dberr(db, err, __func__);
		db_bind_int(st, 3, who->id);
		from = r.handler_unit_id;
		to = r.unit_id;
		break;
	case SVC_STEP_RETURN:
		st = db_prepare(db, "UPDATE svc_dossiers SET state = 'returned',"
		    " finished_at = ?2, finished_on = ?3, updated_at = ?2"
		    " WHERE id = ?1");
		if (st == NULL)
			return dberr(db, err, __func__);
		db_bind_text(st, 3, calendar_format_iso(day, due));
		due[0] = '\0';
		from = r.unit_id;
		break;
	case SVC_STEP_APOLOGY: {
		int cur = -1;

		if (act->new_due == NULL || calendar_parse_iso(act->new_due,
		    &d) < 0)
			return svc_err(err, 422, "invalid_date", "new_due",
			    "Ngày hẹn mới có dạng YYYY-MM-DD");
		calendar_parse_iso(r.due, &cur);
		if (d < day || d <= cur)
			return svc_err(err, 422, "invalid_date", "new_due",
			    "Ngày hẹn mới phải sau ngày hẹn cũ và không trước"
			    " hôm nay");
		calendar_format_iso(d, due);
		st = db_prepare(db, "UPDATE svc_dossiers SET due = ?3,"
		    " apologies = apologies + 1, note = ?4, updated_at = ?2"
		    " WHERE id = ?1");
		if (st == NULL)
			return dberr(db, err, __func__);
		db_bind_text(st, 3, due);
		db_bind_text(st, 4, comment);
		from = r.handler_unit_id ? r.handler_unit_id : r.unit_id;
		break;
	}
	default:
		return svc_err(err, 400, "invalid_step", "step", "Bước xử lý"
		    " không hợp lệ");
	}
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	if (db_step_done(st) < 0 || svc_record(db, who, id,
	    svc_step_name(act->step), next, from, to, comment, *due ? due :
	    NULL, now) < 0 || svc_notify(db, id, act->step) < 0 ||
	    (act->step == SVC_STEP_APPROVE && request_signature(db, who, id,
	    now) < 0))
		return dberr(db, err, __func__);
	return 0;
}

/* Record a payment of a dossier's fee (its receipt row, the dossier
 * paid, a step with `detail`); recorded_by 0 when the payer paid online. */
static int
paid(struct db *db, const struct svc_actor *who, const struct row *r,
    const char *method, const char *receipt_no, const char *provider_ref,
    int64_t recorded_by, const char *detail, time_t now, struct svc_err *err)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO svc_payments (dossier_id, amount,"
	    " method, receipt_no, provider_ref, recorded_by, paid_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (st == NULL)
		return dberr(db, err, __func__);
	db_bind_int(st, 1, r->id);
	db_bind_int(st, 2, r->fee);
	db_bind_text(st, 3, method);
	db_bind_text(st, 4, receipt_no);
	db_bind_text(st, 5, provider_ref);
	if (recorded_by)
		db_bind_int(st, 6, recorded_by);
	db_bind_int(st, 7, now);
	if (db_step_done(st) < 0)
		return dberr(db, err, __func__);
	st = db_prepare(db, "UPDATE svc_dossiers SET paid_at = ?2,"
	    " updated_at = ?2 WHERE id = ?1");
	if (st == NULL)
		return dberr(db, err, __func__);
	db_bind_int(st, 1, r->id);
	db_bind_int(st, 2, now);
	if (db_step_done(st) < 0 || svc_record(db, who, r->id, "pay",
	    r->state, 0, 0, detail, NULL, now) < 0)
		return dberr(db, err, __func__);
	return 0;
}

int
svc_dossier_pay(struct db *db, const struct svc_actor *who, int64_t id,
    const char *method, const char *receipt_no, const char *provider_ref,
    time_t now, struct svc_err *err)
{
	const struct svc_pay_provider *pp = svc_pay_provider();
	struct row r;
	int provider;

	if (load(db, who, id, &r, err) < 0)
		return -1;
	if (!((who->roles & DIR_ROLE_ONESTOP) && who->body_id == r.unit_id))
		return svc_err(err, 403, "forbidden", NULL, "Chỉ công chức một"
		    " cửa của đơn vị tiếp nhận ghi nhận lệ phí");
	if (r.fee <= 0)
		return svc_err(err, 409, "no_fee", NULL, "Thủ tục này không thu"
		    " phí, lệ phí");
	if (r.paid)
		return svc_err(err, 409, "already_paid", NULL, "Hồ sơ đã nộp phí,"
		    " lệ phí");
	if (r.state == SVC_REFUSED)
		return svc_err(err, 409, "invalid_state", NULL, "Hồ sơ đã bị từ"
		    " chối");
	provider = method && strcmp(method, "provider") == 0;
	if (!provider && (method == NULL || strcmp(method, "counter") != 0))
		return svc_err(err, 422, "invalid_method", "method", "Hình thức"
		    " nộp là counter (tại quầy) hoặc provider (trực tuyến)");
	if (!svc_valid_text(receipt_no, 1, 64))
		return svc_err(err, 422, "required", "receipt_no", "Nhập số biên"
		    " lai thu phí, lệ phí");
	if (provider && (!svc_valid_text(provider_ref, 1, 64) ||
	    pp->status(provider_ref) != 1))
		return svc_err(err, 422, "not_paid", "provider_ref", "Cổng thanh"
		    " toán chưa xác nhận giao dịch này");
	return paid(db, who, &r, provider ? "provider" : "counter", receipt_no,
	    provider ? provider_ref : "", who->id, receipt_no, now, err);
}

int
svc_dossier_pay_online(struct db *db, const struct svc_actor *who,
    int64_t id, time_t now, char ref[65], struct svc_err *err)
{
	const struct svc_pay_provider *pp = svc_pay_provider();
	struct row r;

	if (who->kind != SVC_ACTOR_CITIZEN)
		return svc_err(err, 403, "forbidden", NULL, "Chỉ người nộp thanh"
		    " toán trực tuyến");
	if (load(db, who, id, &r, err) < 0)
		return -1;
	if (r.fee <= 0)
		return svc_err(err, 409, "no_fee", NULL, "Thủ tục này không thu"
		    " phí, lệ phí");
	if (r.paid)
		return svc_err(err, 409, "already_paid", NULL, "Hồ sơ đã nộp phí,"
		    " lệ phí");
	if (r.state == SVC_REFUSED)
		return svc_err(err, 409, "invalid_state", NULL, "Hồ sơ đã bị từ"
		    " chối");
	if (pp->start(r.code, r.fee, ref) < 0 || pp->status(ref) != 1)
		return svc_err(err, 502, "payment_failed", NULL, "Cổng thanh toán"
		    " chưa xác nhận giao dịch; hãy thử lại");
	return paid(db, who, &r, "provider", ref, ref, 0, pp->name, now,
	    err);
}
