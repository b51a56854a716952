/* svc_page_citizen.c - the citizen's pages: sign-in with a code sent by
 * e-mail (a session and cookie of their own), the application filled
 * from the procedure's form with files, saved as a draft or submitted,
 * the receipt with the dossier code, the dossier with its steps,
 * answering a request to supplement, rating the service. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "core/auth.h"
#include "core/page.h"
#include "core/reqjson.h"
#include "svc_web.h"

#define PRE_COOKIE	"cs_cpre"

static int
is_https(struct req *r)
{
	const char *p = req_header(r, "X-Forwarded-Proto");

	return p && strcmp(p, "https") == 0;
}

/* Only local paths are followed after sign-in. */
static const char *
safe_next(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\'
	    || strchr(next, '\r') || strchr(next, '\n'))
		return "/dich-vu-cong/ho-so";
	return next;
}

/* A form token bound to a cookie, for the forms before a session. */
static const char *
pre_token(struct req *r)
{
	char pre[33];

	if (auth_token(pre) < 0)
		return "";
	http_header(r, "Set-Cookie", arena_printf(&r->arena, PRE_COOKIE
	    "=%s; Path=/dich-vu-cong; HttpOnly; SameSite=Strict%s", pre,
	    is_https(r) ? "; Secure" : ""));
	return arena_strdup(&r->arena, pre);
}

static int
pre_ok(struct req *r)
{
	const char *f = req_form(r, "_pre"), *c = req_cookie(r, PRE_COOKIE);

	return f && c && strlen(f) == 32 && strcmp(f, c) == 0;
}

static void
login_form(struct req *r, const char *email, const char *error, int status)
{
	const char *pre = pre_token(r);

	page_begin(r, "Đăng nhập công dân");
	r->status = status;
	html_raw(&r->out, "<section class=\"card narrow\"><h1>Đăng nhập công"
	    " dân</h1><p>Nhập địa chỉ thư điện tử; chúng tôi gửi một mã 6 chữ"
	    " số để đăng nhập (lần đầu là đăng ký).</p>");
	if (error)
		page_alert(r, error);
	html_printf(&r->out, "<form method=\"post\" action=\"/dich-vu-cong/"
	    "dang-nhap\"><input type=\"hidden\" name=\"_pre\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"next\" value=\"%s\"><label for="
	    "\"email\">Thư điện tử</label><input id=\"email\" name=\"email\""
	    " type=\"email\" autocomplete=\"email\" required value=\"%s\">"
	    "<button type=\"submit\">Gửi mã</button></form></section>", pre,
	    safe_next(req_query(r, "next") ? req_query(r, "next") :
	    req_form(r, "next")), email ? email : "");
	page_end(r);
}

static void
page_login(struct req *r)
{
	login_form(r, NULL, NULL, 200);
}

static void
code_form(struct req *r, const char *email, const char *next,
    const char *error, int status)
{
	const char *pre = pre_token(r);
	const char *folder = svc_setting(db_thread(), &r->arena,
	    "mail.folder", "");

	page_begin(r, "Nhập mã xác thực");
	r->status = status;
	html_raw(&r->out, "<section class=\"card narrow\"><h1>Nhập mã xác"
	    " thực</h1>");
	if (error)
		page_alert(r, error);
	else if (*folder)
		/* The demo keeps its mail on the server (svc_job_mail). */
		page_notice(r, arena_printf(&r->arena, "Bản dùng thử: thư không"
		    " gửi đi mà được ghi vào thư mục %s/new/ trong thư mục dữ"
		    " liệu của máy chủ; mã ở thư mới nhất gửi cho địa chỉ của"
		    " bạn, có hiệu lực 15 phút.", folder));
	else
		page_notice(r, "Mã đã được gửi tới thư điện tử của bạn; mã có"
		    " hiệu lực 15 phút.");
	html_printf(&r->out, "<form method=\"post\" action=\"/dich-vu-cong/"
	    "xac-thuc\"><input type=\"hidden\" name=\"_pre\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"next\" value=\"%s\"><input type="
	    "\"hidden\" name=\"email\" value=\"%s\"><label for=\"code\">Mã 6"
	    " chữ số</label><input id=\"code\" name=\"code\" inputmode="
	    "\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\""
	    " required><label for=\"full_name\">Họ và tên (lần đầu đăng nhập)"
	    "</label><input id=\"full_name\" name=\"full_name\" autocomplete="
	    "\"name\"><button type=\"submit\">Đăng nhập</button></form>"
	    "</section>", pre, safe_next(next), email);
	page_end(r);
}

static void
do_login(struct req *r)
{
	const char *email = req_form(r, "email");
	struct db *db = db_thread();
	int rc;

	if (!pre_ok(r)) {
		login_form(r, email, "Phiên biểu mẫu đã hết hạn; hãy thử lại",
		    403);
		return;
	}
	if (!svc_email_valid(email)) {
		login_form(r, email, "Địa chỉ thư điện tử không hợp lệ", 422);
		return;
	}
	if (db_begin(db) < 0) {
		login_form(r, email, "Hệ thống bận, hãy thử lại", 503);
		return;
	}
	rc = svc_citizen_send_code(db, email, r->ip);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		if (rc != -2) {
			login_form(r, email, "Không gửi được mã, hãy thử lại", 500);
			return;
		}
	}
	code_form(r, email, req_form(r, "next"), rc == -2 ? "Mã vừa được gửi"
	    " cách đây chưa tới một phút; hãy dùng mã đó." : NULL, 200);
}

static void
do_verify(struct req *r)
{
	const char *email = req_form(r, "email"), *code = req_form(r, "code");
	struct db *db = db_thread();
	char token[33], csrf[33];
	int64_t id;
	int rc;

	if (!pre_ok(r) || !svc_email_valid(email)) {
		login_form(r, email, "Phiên biểu mẫu đã hết hạn; hãy thử lại",
		    403);
		return;
	}
	if (db_begin(db) < 0) {
		code_form(r, email, req_form(r, "next"), "Hệ thống bận", 503);
		return;
	}
	rc = svc_citizen_verify(db, email, code ? code : "",
	    req_form(r, "full_name"), "web", r->ip, token, csrf, &id);
	if (rc == -2 || db_commit(db) < 0) {
		db_rollback(db);
		code_form(r, email, req_form(r, "next"), "Lỗi hệ thống", 500);
		return;
	}
	if (rc < 0) {
		code_form(r, email, req_form(r, "next"), "Mã sai hoặc đã hết hạn",
		    401);
		return;
	}
	http_header(r, "Set-Cookie", arena_printf(&r->arena, SVC_COOKIE
	    "=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s", token,
	    SVC_SESSION_TTL, is_https(r) ? "; Secure" : ""));
	http_redirect(r, safe_next(req_form(r, "next")));
}

static void
do_logout(struct req *r)
{
	struct svc_actor who;

	if (svc_web_citizen(r, &who, NULL) < 0)
		return;
	svc_citizen_logout(db_thread(), req_cookie(r, SVC_COOKIE));
	http_header(r, "Set-Cookie", SVC_COOKIE "=; Path=/; HttpOnly;"
	    " SameSite=Lax; Max-Age=0");
	http_redirect(r, "/dich-vu-cong");
}

/* --- the application ---------------------------------------------------- */

static void
apply_form(struct req *r, const struct svc_procedure *p,
    const struct svc_citizen *c, json_t *values, const char *error,
    int status)
{
	struct svc_unit_opt *u;
	struct svc_form f;
	const char *unit = req_form(r, "unit_id");
	int n, i;

	if (svc_form_parse(&r->arena, p->form, &f, NULL) < 0)
		f.n = 0;
	n = svc_receiving_units(db_thread(), &r->arena, p, &u, 400);
	page_begin(r, p->name);
	r->status = status;
	html_printf(&r->out, "<h1>Nộp hồ sơ: %s</h1><p class=\"muted\">Mã thủ"
	    " tục %s · %s · %d ngày làm việc · %s</p>", p->name, p->code,
	    svc_mode_label(p->mode), p->days, svc_money(&r->arena, p->fee));
	if (error)
		page_alert(r, error);
	html_printf(&r->out, "<form method=\"post\" enctype=\"multipart/"
	    "form-data\" action=\"/dich-vu-cong/nop/%s\">",
	    url_escape(&r->arena, p->code));
	svc_web_csrf(r, c);
	html_raw(&r->out, "<fieldset><legend>Người nộp</legend><label for="
	    "\"unit_id\">Nơi nộp hồ sơ *</label><select id=\"unit_id\" name="
	    "\"unit_id\" required>");
	for (i = 0; i < n; i++)
		html_printf(&r->out, "<option value=\"%lld\"%s>%s</option>",
		    (long long)u[i].id, unit && atoll(unit) == u[i].id ?
		    " selected" : "", u[i].name);
	html_printf(&r->out, "</select><label for=\"applicant_name\">Họ và tên"
	    " *</label><input id=\"applicant_name\" name=\"applicant_name\""
	    " required value=\"%s\"><label for=\"applicant_phone\">Điện thoại"
	    "</label><input id=\"applicant_phone\" name=\"applicant_phone\""
	    " type=\"tel\" value=\"%s\"></fieldset><fieldset><legend>Thông tin"
	    " hồ sơ</legend>", req_form(r, "applicant_name") ?
	    req_form(r, "applicant_name") : c->full_name,
	    req_form(r, "applicant_phone") ? req_form(r, "applicant_phone") :
	    c->phone);
	for (i = 0; i < f.n; i++)
		svc_web_field(r, &f.fields[i], values);
	html_raw(&r->out, "</fieldset><p class=\"actions\"><button type=\""
	    "submit\" name=\"action\" value=\"submit\">Nộp hồ sơ</button>"
	    " <button type=\"submit\" name=\"action\" value=\"draft\">Lưu nháp"
	    "</button></p></form>");
	page_end(r);
}

static void
page_apply(struct req *r)
{
	struct svc_procedure p;
	struct svc_citizen c;
	struct svc_actor who;

	if (svc_web_citizen(r, &who, &c) < 0)
		return;
	if (svc_procedure_get(db_thread(), &r->arena, r->args[0], &p) < 0 ||
	    !p.active) {
		http_error(r, 404, "not_found", "Không có thủ tục này", NULL);
		return;
	}
	apply_form(r, &p, &c, NULL, NULL, 200);
}

static void
do_apply(struct req *r)
{
	struct svc_application app = { 0 };
	struct svc_procedure p;
	struct svc_citizen c;
	struct svc_actor who;
	struct svc_err e = { 0 };
	struct db *db = db_thread();
	const char *action = req_form(r, "action");
	char code[SVC_CODE_MAX];
	json_t *values;
	int64_t id = 0;
	int rc;

	if (svc_web_citizen(r, &who, &c) < 0)
		return;
	if (svc_procedure_get(db_thread(), &r->arena, r->args[0], &p) < 0 ||
	    !p.active) {
		http_error(r, 404, "not_found", "Không có thủ tục này", NULL);
		return;
	}
	values = svc_web_values(r);
	app.procedure_code = p.code;
	app.unit_id = req_form(r, "unit_id") ? atoll(req_form(r, "unit_id")) :
	    0;
	app.applicant_name = req_form(r, "applicant_name");
	app.applicant_phone = req_form(r, "applicant_phone");
	app.values = values;
	if (db_begin(db) < 0) {
		json_decref(values);
		apply_form(r, &p, &c, NULL, "Hệ thống bận, hãy thử lại", 503);
		return;
	}
	rc = svc_dossier_create(db, &who, &app, time(NULL), &id, &e);
	if (rc == 0)
		rc = svc_web_attach_all(db, r, &who, id, &e);
	if (rc == 0 && action && strcmp(action, "submit") == 0)
		rc = svc_dossier_submit(db, &who, id, time(NULL), code, &e);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		apply_form(r, &p, &c, values, e.message ? e.message :
		    "Hệ thống bận, hãy thử lại", e.status ? e.status : 503);
		json_decref(values);
		return;
	}
	json_decref(values);
	http_redirect(r, arena_printf(&r->arena, action && strcmp(action,
	    "submit") == 0 ? "/dich-vu-cong/ho-so/%lld/bien-nhan" :
	    "/dich-vu-cong/ho-so/%lld", (long long)id));
}

/* --- a citizen's dossiers ------------------------------------------------- */

static void
page_mine(struct req *r)
{
	struct svc_dossier_query q = { 0 };
	struct svc_dossier *d;
	struct svc_actor who;
	struct svc_citizen c;
	int n, i, total;

	if (svc_web_citizen(r, &who, &c) < 0)
		return;
	q.box = -1;
	q.limit = 100;
	n = svc_dossiers_list(db_thread(), &r->arena, &who, &q, &d, &total);
	page_begin(r, "Hồ sơ của tôi");
	html_printf(&r->out, "<h1>Hồ sơ của tôi</h1><p class=\"muted\">%s ·"
	    " <a href=\"/dich-vu-cong\">Nộp hồ sơ mới</a></p><form method="
	    "\"post\" action=\"/dich-vu-cong/dang-xuat\">", c.email);
	svc_web_csrf(r, &c);
	html_raw(&r->out, "<button type=\"submit\">Đăng xuất</button></form>");
	if (n <= 0)
		html_raw(&r->out, "<p>Chưa có hồ sơ nào.</p>");
	else {
		html_raw(&r->out, "<table class=\"list\"><thead><tr><th scope="
		    "\"col\">Mã hồ sơ</th><th scope=\"col\">Thủ tục</th><th scope="
		    "\"col\">Trạng thái</th><th scope=\"col\">Hẹn trả</th></tr>"
		    "</thead><tbody>");
		for (i = 0; i < n; i++)
			html_printf(&r->out, "<tr><td><a href=\"/dich-vu-cong/"
			    "ho-so/%lld\">%s</a></td><td>%s</td><td>%s</td><td>%s"
			    "</td></tr>", (long long)d[i].id, *d[i].code ?
			    d[i].code : "(nháp)", d[i].procedure_name,
			    svc_state_label(d[i].state),
			    calendar_iso_vn(&r->arena, d[i].due));
		html_raw(&r->out, "</tbody></table>");
	}
	page_end(r);
}

static int
load_mine(struct req *r, struct svc_actor *who, struct svc_citizen *c,
    struct svc_dossier *d)
{
	if (svc_web_citizen(r, who, c) < 0)
		return -1;
	if (svc_dossier_get(db_thread(), &r->arena, who, req_arg_id(r, 0),
	    d) < 0) {
		http_error(r, 404, "not_found", "Không tìm thấy hồ sơ", NULL);
		return -1;
	}
	return 0;
}

static void
files_list(struct req *r, int64_t id)
{
	struct svc_file *f;
	int n, i;

	n = svc_files(db_thread(), &r->arena, id, &f);
	html_raw(&r->out, "<h2>Tệp đã nộp</h2><ul class=\"results\">");
	for (i = 0; i < n; i++)
		html_printf(&r->out, "<li><a href=\"/dich-vu-cong/tep/%lld\">%s"
		    "</a> <span class=\"muted\">(%s, %ld KB%s)</span></li>",
		    (long long)f[i].id, f[i].filename, f[i].round == 2 ?
		    "kết quả giải quyết" : f[i].field, (f[i].size + 1023) / 1024,
		    f[i].round == 1 ? ", bổ sung" : "");
	if (n <= 0)
		html_raw(&r->out, "<li class=\"muted\">Chưa có tệp.</li>");
	html_raw(&r->out, "</ul>");
}

static void
page_dossier(struct req *r)
{
	struct svc_dossier d;
	struct svc_actor who;
	struct svc_citizen c;
	struct svc_event *ev;
	int n, i;

	if (load_mine(r, &who, &c, &d) < 0)
		return;
	page_begin(r, *d.code ? d.code : "Hồ sơ nháp");
	html_printf(&r->out, "<h1>%s</h1><dl class=\"facts\"><dt>Mã hồ sơ</dt>"
	    "<dd>%s</dd><dt>Nơi nộp</dt><dd>%s</dd><dt>Trạng thái</dt><dd>"
	    "<strong>%s</strong></dd><dt>Ngày hẹn trả</dt><dd>%s</dd></dl>",
	    d.procedure_name, *d.code ? d.code : "(chưa nộp)", d.unit_name,
	    svc_state_label(d.state),
	    d.due ? calendar_iso_vn(&r->arena, d.due) : "Chưa có");
	if (*d.code)
		html_printf(&r->out, "<p><a href=\"/dich-vu-cong/ho-so/%lld/"
		    "bien-nhan\">Giấy biên nhận</a></p>", (long long)d.id);
	if (d.state == SVC_SUPPLEMENT)
		page_alert(r, arena_printf(&r->arena, "Yêu cầu bổ sung: %s",
		    d.note));
	files_list(r, d.id);
	if (d.state == SVC_DRAFT || d.state == SVC_SUPPLEMENT) {
		html_printf(&r->out, "<form method=\"post\" enctype=\"multipart/"
		    "form-data\" action=\"/dich-vu-cong/ho-so/%lld/%s\">",
		    (long long)d.id, d.state == SVC_DRAFT ? "nop" : "bo-sung");
		svc_web_csrf(r, &c);
		{
			struct svc_procedure p;
			struct svc_form f;

			if (svc_procedure_by_id(db_thread(), &r->arena,
			    d.procedure_id, &p) == 0 && svc_form_parse(&r->arena,
			    p.form, &f, NULL) == 0)
				for (i = 0; i < f.n; i++)
					if (f.fields[i].type == SVC_F_FILE)
						svc_web_field(r, &f.fields[i], NULL);
		}
		if (d.state == SVC_SUPPLEMENT)
			html_raw(&r->out, "<label for=\"comment\">Ghi chú</label>"
			    "<textarea id=\"comment\" name=\"comment\"></textarea>"
			    "<button type=\"submit\">Gửi bổ sung</button></form>");
		else
			html_raw(&r->out, "<button type=\"submit\">Nộp hồ sơ"
			    "</button></form>");
	}
	if (d.fee > 0 && !d.paid_at && d.state != SVC_DRAFT &&
	    d.state != SVC_REFUSED) {
		html_printf(&r->out, "<form method=\"post\" action=\"/dich-vu-cong/"
		    "ho-so/%lld/thanh-toan\"><p>Phí, lệ phí: %s (%s)</p>",
		    (long long)d.id, svc_money(&r->arena, d.fee),
		    svc_pay_provider()->name);
		svc_web_csrf(r, &c);
		html_raw(&r->out, "<button type=\"submit\">Thanh toán trực tuyến"
		    "</button></form>");
	}
	if (d.state == SVC_RETURNED && d.rating == 0) {
		html_printf(&r->out, "<h2>Đánh giá mức độ hài lòng</h2><form"
		    " method=\"post\" action=\"/dich-vu-cong/ho-so/%lld/danh-gia\">",
		    (long long)d.id);
		svc_web_csrf(r, &c);
		html_raw(&r->out, "<fieldset><legend>Mức độ hài lòng</legend>"
		    "<label><input type=\"radio\" name=\"rating\" value=\"5\""
		    " required> Rất hài lòng</label><label><input type=\"radio\""
		    " name=\"rating\" value=\"4\"> Hài lòng</label><label><input"
		    " type=\"radio\" name=\"rating\" value=\"3\"> Bình thường"
		    "</label><label><input type=\"radio\" name=\"rating\" value="
		    "\"2\"> Không hài lòng</label><label><input type=\"radio\""
		    " name=\"rating\" value=\"1\"> Rất không hài lòng</label>"
		    "</fieldset><label for=\"comment\">Góp ý</label><textarea"
		    " id=\"comment\" name=\"comment\"></textarea><button type="
		    "\"submit\">Gửi đánh giá</button></form>");
	}
	html_raw(&r->out, "<h2>Quá trình xử lý</h2><ol class=\"history\">");
	n = svc_history(db_thread(), &r->arena, d.id, &ev);
	for (i = 0; i < n; i++) {
		int step = svc_step_parse(ev[i].action);

		if (step < 0)
			continue;
		html_printf(&r->out, "<li><time>%s</time> — <strong>%s</strong>"
		    "%s%s</li>", svc_web_time(&r->arena, ev[i].at),
		    svc_step_label(step), *ev[i].due ? "; hẹn trả " : "",
		    calendar_iso_vn(&r->arena, *ev[i].due ? ev[i].due : NULL));
	}
	html_raw(&r->out, "</ol>");
	page_end(r);
}

/* Attach the files of the form, then `then` (submit or answer). */
static void
do_files_then(struct req *r, int submit)
{
	struct svc_dossier d;
	struct svc_actor who;
	struct svc_citizen c;
	struct svc_err e = { 0 };
	struct db *db = db_thread();
	char code[SVC_CODE_MAX];
	int rc;

	if (load_mine(r, &who, &c, &d) < 0)
		return;
	if (req_begin(r, db) < 0)
		return;
	rc = svc_web_attach_all(db, r, &who, d.id, &e);
	if (rc == 0)
		rc = submit ? svc_dossier_submit(db, &who, d.id, time(NULL), code,
		    &e) : svc_dossier_answer(db, &who, d.id, NULL,
		    req_form(r, "comment"), time(NULL), &e);
	if (svc_web_end(r, db, rc, &e) < 0)
		return;
	http_redirect(r, arena_printf(&r->arena, submit ?
	    "/dich-vu-cong/ho-so/%lld/bien-nhan" : "/dich-vu-cong/ho-so/%lld",
	    (long long)d.id));
}

static void do_submit(struct req *r) { do_files_then(r, 1); }
static void do_answer(struct req *r) { do_files_then(r, 0); }

static void
do_rate(struct req *r)
{
	struct svc_dossier d;
	struct svc_actor who;
	struct svc_citizen c;
	struct svc_err e = { 0 };
	struct db *db = db_thread();
	const char *v = req_form(r, "rating");

	if (load_mine(r, &who, &c, &d) < 0 || req_begin(r, db) < 0)
		return;
	if (svc_web_end(r, db, svc_dossier_rate(db, &who, d.id, v &&
	    strlen(v) == 1 ? v[0] - '0' : 0, req_form(r, "comment"), &e),
	    &e) < 0)
		return;
	http_redirect(r, arena_printf(&r->arena, "/dich-vu-cong/ho-so/%lld",
	    (long long)d.id));
}

static void
do_pay(struct req *r)
{
	struct svc_dossier d;
	struct svc_actor who;
	struct svc_citizen c;
	struct svc_err e = { 0 };
	struct db *db = db_thread();
	char ref[65];

	if (load_mine(r, &who, &c, &d) < 0 || req_begin(r, db) < 0)
		return;
	if (svc_web_end(r, db, svc_dossier_pay_online(db, &who, d.id,
	    time(NULL), ref, &e), &e) < 0)
		return;
	http_redirect(r, arena_printf(&r->arena, "/dich-vu-cong/ho-so/%lld",
	    (long long)d.id));
}

static void
page_receipt(struct req *r)
{
	struct svc_dossier d;
	struct svc_actor who;
	struct svc_citizen c;
	struct svc_file *f;
	const char *base;
	int n, i;

	if (load_mine(r, &who, &c, &d) < 0)
		return;
	if (*d.code == '\0') {
		http_error(r, 409, "not_submitted", "Hồ sơ chưa nộp nên chưa có"
		    " biên nhận", NULL);
		return;
	}
	base = svc_web_base(r);
	page_begin(r, "Giấy biên nhận hồ sơ");
	html_printf(&r->out, "<section class=\"card\"><h1>Giấy biên nhận hồ sơ"
	    " trực tuyến</h1><p>Mã hồ sơ: <strong class=\"code\">%s</strong>"
	    "</p><dl class=\"facts\"><dt>Thủ tục</dt><dd>%s (%s)</dd><dt>Nơi"
	    " tiếp nhận</dt><dd>%s</dd><dt>Người nộp</dt><dd>%s</dd><dt>Nộp"
	    " lúc</dt><dd>%s</dd><dt>Trạng thái</dt><dd>%s</dd><dt>Thời hạn"
	    " giải quyết</dt><dd>%d ngày làm việc kể từ khi tiếp nhận</dd>"
	    "<dt>Phí, lệ phí</dt><dd>%s</dd></dl><h2>Giấy tờ đã nộp</h2><ul>",
	    d.code, d.procedure_name, d.procedure_code, d.unit_name,
	    d.applicant_name, svc_web_time(&r->arena, d.submitted_at),
	    svc_state_label(d.state), d.days, svc_money(&r->arena, d.fee));
	n = svc_files(db_thread(), &r->arena, d.id, &f);
	for (i = 0; i < n; i++)
		html_printf(&r->out, "<li>%s</li>", f[i].filename);
	html_printf(&r->out, "</ul><p>Tra cứu tiến độ: <a href=\"%s/dich-vu-cong"
	    "/tra-cuu?ma=%s\">%s/dich-vu-cong/tra-cuu?ma=%s</a></p>", base,
	    url_escape(&r->arena, d.code), base, d.code);
	/* The SVG is numbers and fixed markup only. */
	svc_qr_svg(&r->out, arena_printf(&r->arena, "%s/dich-vu-cong/tra-cuu"
	    "?ma=%s", base, url_escape(&r->arena, d.code)), 160);
	html_raw(&r->out, "<p class=\"muted\">Ngày hẹn trả kết quả được ghi"
	    " khi cơ quan tiếp nhận hồ sơ và gửi tới thư điện tử của bạn.</p>"
	    "</section>");
	page_end(r);
}

static void
page_file(struct req *r)
{
	struct svc_actor who;
	struct svc_file f;

	if (svc_web_citizen(r, &who, NULL) < 0)
		return;
	if (svc_file_get(db_thread(), &r->arena, &who, req_arg_id(r, 0),
	    &f) < 0) {
		http_error(r, 404, "not_found", "Không có tệp này", NULL);
		return;
	}
	svc_web_send_file(r, &f);
}

/* One row a page; the handlers check the citizen's own session. */
static const struct route routes[] = {
	{ HTTP_GET,  "/dich-vu-cong/dang-nhap", ROUTE_PAGE, ROLE_PUBLIC, page_login },
	{ HTTP_POST, "/dich-vu-cong/dang-nhap", ROUTE_PAGE, ROLE_PUBLIC, do_login },
	{ HTTP_POST, "/dich-vu-cong/xac-thuc", ROUTE_PAGE, ROLE_PUBLIC, do_verify },
	{ HTTP_POST, "/dich-vu-cong/dang-xuat", ROUTE_PAGE, ROLE_PUBLIC, do_logout },
	{ HTTP_GET,  "/dich-vu-cong/ho-so", ROUTE_PAGE, ROLE_PUBLIC, page_mine },
	{ HTTP_GET,  "/dich-vu-cong/nop/{}", ROUTE_PAGE, ROLE_PUBLIC, page_apply },
	{ HTTP_POST, "/dich-vu-cong/nop/{}", ROUTE_PAGE, ROLE_PUBLIC, do_apply,
	    ROUTE_UPLOAD },
	{ HTTP_GET,  "/dich-vu-cong/ho-so/{}", ROUTE_PAGE, ROLE_PUBLIC,
	    page_dossier },
	{ HTTP_POST, "/dich-vu-cong/ho-so/{}/nop", ROUTE_PAGE, ROLE_PUBLIC,
	    do_submit, ROUTE_UPLOAD },
	{ HTTP_POST, "/dich-vu-cong/ho-so/{}/bo-sung", ROUTE_PAGE, ROLE_PUBLIC,
	    do_answer, ROUTE_UPLOAD },
	{ HTTP_POST, "/dich-vu-cong/ho-so/{}/danh-gia", ROUTE_PAGE, ROLE_PUBLIC,
	    do_rate },
	{ HTTP_POST, "/dich-vu-cong/ho-so/{}/thanh-toan", ROUTE_PAGE, ROLE_PUBLIC,
	    do_pay },
	{ HTTP_GET,  "/dich-vu-cong/ho-so/{}/bien-nhan", ROUTE_PAGE, ROLE_PUBLIC,
	    page_receipt },
	{ HTTP_GET,  "/dich-vu-cong/tep/{}", ROUTE_PAGE, ROLE_PUBLIC, page_file },
	{ 0, NULL, 0, 0, NULL }
};

void
svc_page_citizen_register(void)
{
	http_routes_add(routes);
}
