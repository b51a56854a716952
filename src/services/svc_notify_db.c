/* svc_notify_db.c - the applicant's e-mails at each change of their
 * dossier (receipt, supplement requested, refusal, result ready, late),
 * queued as jobs in the changing transaction so none is lost. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/jobs.h"
#include "svc_int.h"

int
svc_mail_queue(struct db *db, const char *to, const char *subject,
    const char *body)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "to", to, "subject", subject,
	    "body", body);
	char *payload;
	int rc;

	if (o == NULL)
		return -1;
	payload = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (payload == NULL)
		return -1;
	rc = jobs_enqueue(db, "svc.mail", payload, 0);
	free(payload);
	return rc;
}

int
svc_notify(struct db *db, int64_t id, int step)
{
	struct arena a = ARENA_INIT;
	struct buf body = BUF_INIT;
	const char *what, *to, *code, *name, *proc, *unit, *due, *note, *base;
	sqlite3_stmt *st;
	int rc = -1;

	switch (step) {
	case SVC_STEP_RECEIVE:
		what = "đã được tiếp nhận";
		break;
	case SVC_STEP_SUPPLEMENT:
		what = "cần bổ sung";
		break;
	case SVC_STEP_REFUSE:
		what = "bị từ chối tiếp nhận";
		break;
	case SVC_STEP_APPROVE:
		what = "đã có kết quả";
		break;
	case SVC_STEP_APOLOGY:
		what = "chậm so với ngày hẹn";
		break;
	default:
		return 0;
	}
	st = db_prepare(db, "SELECT d.applicant_email, d.code,"
	    " d.applicant_name, p.name, u.name, ifnull(d.due, ''), d.note"
	    " FROM svc_dossiers d JOIN svc_procedures p ON p.id ="
	    " d.procedure_id JOIN units u ON u.id = d.unit_id WHERE d.id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		return -1;
	}
	to = arena_strdup(&a, db_col_text(st, 0));
	code = arena_strdup(&a, db_col_text(st, 1));
	name = arena_strdup(&a, db_col_text(st, 2));
	proc = arena_strdup(&a, db_col_text(st, 3));
	unit = arena_strdup(&a, db_col_text(st, 4));
	due = calendar_iso_vn(&a, arena_strdup(&a, db_col_text(st, 5)));
	note = arena_strdup(&a, db_col_text(st, 6));
	db_done(st);
	if (*to == '\0') {
		arena_release(&a);
		return 0;
	}
	base = svc_setting(db, &a, "services.base_url", "");
	buf_printf(&body, "Kính gửi %s,\n\nHồ sơ %s (%s) nộp tại %s %s.\n\n",
	    *name ? name : "Ông/Bà", code, proc, unit, what);
	switch (step) {
	case SVC_STEP_RECEIVE:
		buf_printf(&body, "Ngày hẹn trả kết quả: %s.\n", due);
		break;
	case SVC_STEP_SUPPLEMENT:
		buf_printf(&body, "Nội dung cần bổ sung: %s\nHãy đăng nhập Cổng"
		    " dịch vụ công để bổ sung hồ sơ (chỉ yêu cầu một lần).\n",
		    note);
		break;
	case SVC_STEP_REFUSE:
		buf_printf(&body, "Lý do: %s\n", note);
		break;
	case SVC_STEP_APPROVE:
		buf_adds(&body, "Mời Ông/Bà nhận kết quả theo hình thức đã đăng"
		    " ký.\n");
		break;
	case SVC_STEP_APOLOGY:
		buf_printf(&body, "Cơ quan giải quyết xin lỗi Ông/Bà vì sự chậm"
		    " trễ. Lý do: %s\nNgày hẹn trả kết quả mới: %s.\n", note, due);
		break;
	}
	/* A link needs the portal's address (services.base_url): a path
	 * alone leads nowhere from a mail reader. */
	if (*base)
		buf_printf(&body, "\nTra cứu tiến độ: %s/dich-vu-cong/tra-cuu"
		    "?ma=%s\n", base, code);
	else
		buf_printf(&body, "\nTra cứu tiến độ trên Cổng dịch vụ công"
		    " bằng mã hồ sơ %s.\n", code);
	buf_adds(&body, "\nThư này được gửi tự động, xin đừng trả lời.\n");
	rc = svc_mail_queue(db, to, arena_printf(&a, "[Dịch vụ công] Hồ sơ %s"
	    " %s", code, what), body.data);
	buf_release(&body);
	arena_release(&a);
	return rc;
}
