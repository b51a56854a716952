/* svc_page_office.c - the one-stop back office's pages: the queues, one
 * dossier with its applicant, values, files, control slip (Mẫu 05) and
 * the forms of the next steps, the steps posted from those forms, and
 * fees. The printed forms and the register are in svc_page_forms.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "core/page.h"
#include "core/reqjson.h"
#include "directory/directory.h"
#include "svc_web.h"

static const struct {
	int		 box;
	unsigned	 roles;
} tabs[] = {
	{ SVC_BOX_NEW, DIR_ROLE_ONESTOP },
	{ SVC_BOX_WAITING, DIR_ROLE_ONESTOP },
	{ SVC_BOX_TO_HANDLE, DIR_ROLE_SPECIALIST | DIR_ROLE_LEADER },
	{ SVC_BOX_TO_APPROVE, DIR_ROLE_LEADER | DIR_ROLE_SPECIALIST },
	{ SVC_BOX_TO_RETURN, DIR_ROLE_ONESTOP },
	{ SVC_BOX_OVERDUE, ROLE_USER },
	{ SVC_BOX_ALL, ROLE_USER },
};

void
svc_page_office_menu(struct req *r)
{
	html_raw(&r->out, "<nav class=\"crumbs\" aria-label=\"Một cửa\"><a"
	    " href=\"/mot-cua\">Hàng đợi</a> · <a href=\"/mot-cua/so-theo-doi\">"
	    "Sổ theo dõi (Mẫu 06)</a> · <a href=\"/mot-cua/chi-so\">Chỉ số</a>");
	/* Only the one-stop officers enter dossiers at the counter (the
	 * route's role). */
	if (r->user.roles & DIR_ROLE_ONESTOP)
		html_raw(&r->out, " · <a href=\"/mot-cua/nhap\">Nhập hồ sơ tại"
		    " quầy</a>");
	html_raw(&r->out, " · <a href=\"/dich-vu-cong\">Thủ tục</a>");
	if (r->user.roles & DIR_ROLE_ADMIN)
		html_raw(&r->out, " · <a href=\"/mot-cua/danh-muc\">Quản trị danh"
		    " mục</a>");
	html_raw(&r->out, "</nav>");
}

static void
page_queue(struct req *r)
{
	struct svc_dossier_query q = { 0 };
	struct svc_dossier *d;
	struct svc_actor who;
	const char *box = req_query(r, "box");
	char today[11];
	int n, i, total, day, minute;
	size_t t;

	if (svc_web_staff(r, &who) < 0)
		return;
	q.box = box ? svc_box_parse(box) : -1;
	if (q.box < 0)
		q.box = (r->user.roles & DIR_ROLE_ONESTOP) ? SVC_BOX_NEW :
		    (r->user.roles & DIR_ROLE_LEADER) ? SVC_BOX_TO_APPROVE :
		    (r->user.roles & DIR_ROLE_SPECIALIST) ? SVC_BOX_TO_HANDLE :
		    SVC_BOX_ALL;
	q.q = req_query(r, "q");
	q.limit = 100;
	n = svc_dossiers_list(db_thread(), &r->arena, &who, &q, &d, &total);
	svc_local(time(NULL), &day, &minute);
	calendar_format_iso(day, today);
	page_begin(r, "Một cửa điện tử");
	svc_page_office_menu(r);
	html_raw(&r->out, "<h1>Hồ sơ một cửa</h1><nav class=\"tabs\""
	    " aria-label=\"Hàng đợi\"><ul>");
	for (t = 0; t < sizeof(tabs) / sizeof(tabs[0]); t++)
		if (req_has_role(r, tabs[t].roles))
			html_printf(&r->out, "<li><a href=\"/mot-cua?box=%s\"%s>%s"
			    "</a></li>", svc_box_name(tabs[t].box), tabs[t].box ==
			    q.box ? " aria-current=\"page\"" : "",
			    svc_box_label(tabs[t].box));
	html_printf(&r->out, "</ul></nav><form class=\"search\" method=\"get\""
	    " action=\"/mot-cua\" role=\"search\"><input type=\"hidden\" name="
	    "\"box\" value=\"%s\"><label for=\"q\">Mã hồ sơ hoặc tên người nộp"
	    "</label><input id=\"q\" name=\"q\" type=\"search\" value=\"%s\">"
	    "<button type=\"submit\">Tìm</button></form><p class=\"muted\">%d"
	    " hồ sơ</p>", svc_box_name(q.box), q.q ? q.q : "", total);
	if (n > 0) {
		html_raw(&r->out, "<table class=\"list\"><thead><tr><th scope="
		    "\"col\">Mã hồ sơ</th><th scope=\"col\">Thủ tục</th><th scope="
		    "\"col\">Người nộp</th><th scope=\"col\">Kênh</th><th scope="
		    "\"col\">Trạng thái</th><th scope=\"col\">Hẹn trả</th></tr>"
		    "</thead><tbody>");
		for (i = 0; i < n; i++) {
			int late = d[i].due && svc_state_open(d[i].state) &&
			    strcmp(d[i].due, today) < 0;

			html_printf(&r->out, "<tr><td><a href=\"/mot-cua/ho-so/"
			    "%lld\">%s</a></td><td>%s</td><td>%s</td><td>%s</td>"
			    "<td>%s</td><td>%s", (long long)d[i].id, d[i].code,
			    d[i].procedure_name, d[i].applicant_name,
			    strcmp(d[i].channel, "online") == 0 ? "Trực tuyến" :
			    "Tại quầy", svc_state_label(d[i].state),
			    calendar_iso_vn(&r->arena, d[i].due));
			if (late)
				html_raw(&r->out, " <span class=\"tag urgent\">Quá"
				    " hạn</span>");
			html_raw(&r->out, "</td></tr>");
		}
		html_raw(&r->out, "</tbody></table>");
	}
	page_end(r);
}

/* What a history row's action is called, steps and the other rows. */
static const char *
action_label(const char *action)
{
	int step = svc_step_parse(action);

	if (step >= 0)
		return svc_step_label(step);
	if (strcmp(action, "create") == 0)
		return "Tạo hồ sơ";
	if (strcmp(action, "pay") == 0)
		return "Thu phí, lệ phí";
	if (strcmp(action, "sign_request") == 0)
		return "Trình ký số kết quả";
	if (strcmp(action, "signed") == 0)
		return "Kết quả đã được ký số";
	return action;
}

/* The control slip (Mẫu 05): every handover with units, people, times. */
static void
control_slip(struct req *r, int64_t id)
{
	struct svc_event *ev;
	int n, i;

	n = svc_history(db_thread(), &r->arena, id, &ev);
	html_raw(&r->out, "<h2>Phiếu kiểm soát quá trình giải quyết</h2><table"
	    " class=\"list\"><thead><tr><th scope=\"col\">Thời gian</th><th"
	    " scope=\"col\">Bước</th><th scope=\"col\">Bên giao</th><th scope="
	    "\"col\">Bên nhận</th><th scope=\"col\">Người thực hiện</th><th"
	    " scope=\"col\">Ghi chú</th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s"
		    "</td><td>%s</td><td>%s%s%s</td></tr>", svc_web_time(&r->arena,
		    ev[i].at), action_label(ev[i].action), ev[i].from_unit,
		    ev[i].to_unit, ev[i].actor_name,
		    ev[i].comment, *ev[i].due ? " — hẹn trả " : "",
		    calendar_iso_vn(&r->arena, *ev[i].due ? ev[i].due : NULL));
	}
	html_raw(&r->out, "</tbody></table>");
}

static void
values_table(struct req *r, const struct svc_dossier *d)
{
	struct svc_procedure p;
	struct svc_form f;
	json_error_t jerr;
	json_t *v, *x;
	int i;

	if (svc_procedure_by_id(db_thread(), &r->arena, d->procedure_id,
	    &p) < 0 || svc_form_parse(&r->arena, p.form, &f, NULL) < 0 ||
	    (v = json_loads(d->data, 0, &jerr)) == NULL)
		return;
	html_raw(&r->out, "<h2>Nội dung hồ sơ</h2><dl class=\"facts\">");
	for (i = 0; i < f.n; i++) {
		if (f.fields[i].type == SVC_F_FILE)
			continue;
		x = json_object_get(v, f.fields[i].name);
		if (json_is_string(x))
			html_printf(&r->out, "<dt>%s</dt><dd>%s</dd>",
			    f.fields[i].label, json_string_value(x));
		else if (json_is_integer(x))
			html_printf(&r->out, "<dt>%s</dt><dd>%lld</dd>",
			    f.fields[i].label, (long long)json_integer_value(x));
	}
	html_raw(&r->out, "</dl>");
	json_decref(v);
}

static void
action_form(struct req *r, int64_t id, const char *path, const char *title,
    const char *fields, const char *button)
{
	html_printf(&r->out, "<form method=\"post\" class=\"card\" action=\""
	    "/mot-cua/ho-so/%lld/%s\"><h3>%s</h3>", (long long)id, path, title);
	page_csrf(r);
	/* `fields` is markup written in this file, never request data. */
	html_raw(&r->out, fields);
	html_printf(&r->out, "<button type=\"submit\">%s</button></form>",
	    button);
}

static void
actions(struct req *r, const struct svc_actor *who, const struct svc_dossier *d)
{
	int onestop = (who->roles & DIR_ROLE_ONESTOP) && who->body_id ==
	    d->unit_id;
	int handler = d->handler_unit_id && (who->body_id ==
	    d->handler_unit_id || who->unit_id == d->handler_unit_id);
	int leader = handler && (who->roles & DIR_ROLE_LEADER);

	html_raw(&r->out, "<h2>Xử lý</h2>");
	if (onestop && d->state == SVC_SUBMITTED) {
		action_form(r, d->id, "tiep-nhan", "Tiếp nhận (Mẫu 01)",
		    "<p>Ngày hẹn trả được tính theo ngày làm việc.</p>",
		    "Tiếp nhận");
		if (!d->supplemented)
			action_form(r, d->id, "bo-sung", "Yêu cầu bổ sung (Mẫu"
			    " 02, chỉ một lần)", "<label for=\"c1\">Giấy tờ cần"
			    " bổ sung</label><textarea id=\"c1\" name=\"comment\""
			    " required></textarea>", "Gửi yêu cầu");
		action_form(r, d->id, "tu-choi", "Từ chối tiếp nhận (Mẫu 03)",
		    "<label for=\"c2\">Lý do</label><textarea id=\"c2\" name="
		    "\"comment\" required></textarea>", "Từ chối");
	}
	if ((onestop && d->state == SVC_RECEIVED) || ((handler && (who->roles &
	    (DIR_ROLE_LEADER | DIR_ROLE_SPECIALIST))) &&
	    d->state == SVC_TRANSFERRED))
		action_form(r, d->id, "chuyen", "Chuyển xử lý (Mẫu 05)",
		    "<label for=\"u\">Mã định danh đơn vị nhận (vd"
		    " 000.00.05.H55)</label><input id=\"u\" name=\"to_unit_code\""
		    " required><label for=\"c3\">Ghi chú</label><textarea id="
		    "\"c3\" name=\"comment\"></textarea>", "Chuyển");
	if (handler && d->state == SVC_TRANSFERRED && (who->roles &
	    (DIR_ROLE_SPECIALIST | DIR_ROLE_LEADER)))
		action_form(r, d->id, "xu-ly", "Xử lý, trình phê duyệt",
		    "<label for=\"res\">Kết quả xử lý</label><textarea id=\"res\""
		    " name=\"result\" required></textarea>", "Trình");
	if (leader && d->state == SVC_PROCESSING)
		action_form(r, d->id, "phe-duyet", "Phê duyệt kết quả",
		    "<p>Kết quả sẽ được chuyển bộ phận một cửa để trả.</p>",
		    "Phê duyệt");
	if (onestop && d->state == SVC_APPROVED)
		action_form(r, d->id, "tra-ket-qua", "Trả kết quả", "",
		    "Đã trả kết quả");
	if ((onestop || leader) && svc_state_open(d->state))
		action_form(r, d->id, "xin-loi", "Xin lỗi, hẹn lại ngày trả"
		    " (Mẫu 04)", "<label for=\"nd\">Ngày hẹn mới</label><input"
		    " id=\"nd\" name=\"new_due\" type=\"date\" required><label"
		    " for=\"c4\">Lý do chậm</label><textarea id=\"c4\" name="
		    "\"comment\" required></textarea>", "Gửi thư xin lỗi");
	if (onestop && d->fee > 0 && !d->paid_at && d->state != SVC_REFUSED &&
	    d->state != SVC_DRAFT)
		action_form(r, d->id, "le-phi", "Thu phí, lệ phí",
		    "<label for=\"rc\">Số biên lai</label><input id=\"rc\" name="
		    "\"receipt_no\" required>", "Ghi nhận đã thu");
}

static void
page_dossier(struct req *r)
{
	struct svc_dossier d;
	struct svc_actor who;
	struct svc_file *f;
	const char *msg = req_query(r, "ok");
	int n, i;

	if (svc_web_staff(r, &who) < 0)
		return;
	if (svc_dossier_get(db_thread(), &r->arena, &who, req_arg_id(r, 0),
	    &d) < 0 || d.state == SVC_DRAFT) {
		http_error(r, 404, "not_found", "Không tìm thấy hồ sơ", NULL);
		return;
	}
	page_begin(r, d.code);
	svc_page_office_menu(r);
	if (msg)
		page_notice(r, "Đã cập nhật hồ sơ.");
	html_printf(&r->out, "<h1>%s</h1><dl class=\"facts\"><dt>Thủ tục</dt>"
	    "<dd>%s (%s)</dd><dt>Trạng thái</dt><dd><strong>%s</strong></dd>"
	    "<dt>Kênh nộp</dt><dd>%s</dd><dt>Nơi tiếp nhận</dt><dd>%s</dd>"
	    "<dt>Đơn vị giải quyết</dt><dd>%s</dd><dt>Ngày nộp</dt><dd>%s</dd>"
	    "<dt>Ngày hẹn trả</dt><dd>%s%s</dd><dt>Phí, lệ phí</dt><dd>%s%s"
	    "</dd></dl>", d.code, d.procedure_name, d.procedure_code,
	    svc_state_label(d.state), strcmp(d.channel, "online") == 0 ?
	    "Trực tuyến" : "Tại quầy", d.unit_name, *d.handler_unit_name ?
	    d.handler_unit_name : "—", svc_web_time(&r->arena, d.submitted_at),
	    calendar_iso_vn(&r->arena, d.due),
	    d.apologies ? " (đã hẹn lại)" : "",
	    svc_money(&r->arena, d.fee), d.fee > 0 ? (d.paid_at ? " — đã thu" :
	    " — chưa thu") : "");
	html_printf(&r->out, "<h2>Người nộp</h2><dl class=\"facts\"><dt>Họ tên"
	    "</dt><dd>%s</dd><dt>Thư điện tử</dt><dd>%s</dd><dt>Điện thoại</dt>"
	    "<dd>%s</dd><dt>Số định danh</dt><dd>%s</dd><dt>Địa chỉ</dt><dd>%s"
	    "</dd></dl>", d.applicant_name, d.applicant_email,
	    d.applicant_phone, d.applicant_idno, d.applicant_addr);
	if (*d.note)
		html_printf(&r->out, "<p><strong>Ghi chú gần nhất:</strong> %s</p>",
		    d.note);
	if (*d.result_text)
		html_printf(&r->out, "<p><strong>Kết quả xử lý:</strong> %s</p>",
		    d.result_text);
	values_table(r, &d);
	n = svc_files(db_thread(), &r->arena, d.id, &f);
	html_raw(&r->out, "<h2>Tệp</h2><ul class=\"results\">");
	for (i = 0; i < n; i++)
		html_printf(&r->out, "<li><a href=\"/mot-cua/tep/%lld\">%s</a>"
		    " <span class=\"muted\">(%s, %ld KB%s)</span></li>",
		    (long long)f[i].id, f[i].filename, f[i].field,
		    (f[i].size + 1023) / 1024, f[i].round ? ", bổ sung" : "");
	html_printf(&r->out, "</ul><p class=\"actions\">In: <a href=\"/mot-cua/"
	    "ho-so/%lld/mau/1\">Mẫu 01</a> · <a href=\"/mot-cua/ho-so/%lld/mau/"
	    "2\">Mẫu 02</a> · <a href=\"/mot-cua/ho-so/%lld/mau/3\">Mẫu 03</a>"
	    " · <a href=\"/mot-cua/ho-so/%lld/mau/4\">Mẫu 04</a> · <a href=\""
	    "/mot-cua/ho-so/%lld/mau/5\">Mẫu 05</a></p>", (long long)d.id,
	    (long long)d.id, (long long)d.id, (long long)d.id, (long long)d.id);
	actions(r, &who, &d);
	control_slip(r, d.id);
	page_end(r);
}

static void
do_step(struct req *r, int step)
{
	struct svc_action act = { 0 };
	struct svc_err e = { 0 };
	struct svc_actor who;
	struct db *db = db_thread();
	const char *code = req_form(r, "to_unit_code");

	if (svc_web_staff(r, &who) < 0)
		return;
	act.step = step;
	act.comment = req_form(r, "comment");
	act.new_due = req_form(r, "new_due");
	act.result = req_form(r, "result");
	if (code && *code) {
		struct dir_unit u;

		if (dir_unit_by_code(db, &r->arena, code, &u) < 0) {
			http_error(r, 422, "invalid_unit", "Không có đơn vị có mã"
			    " định danh này", "to_unit_code");
			return;
		}
		act.to_unit = u.id;
	}
	if (req_begin(r, db) < 0)
		return;
	if (svc_web_end(r, db, svc_dossier_act(db, &who, req_arg_id(r, 0), &act,
	    time(NULL), &e), &e) < 0)
		return;
	http_redirect(r, arena_printf(&r->arena, "/mot-cua/ho-so/%lld?ok=1",
	    (long long)req_arg_id(r, 0)));
}

static void do_receive(struct req *r) { do_step(r, SVC_STEP_RECEIVE); }
static void do_supplement(struct req *r) { do_step(r, SVC_STEP_SUPPLEMENT); }
static void do_refuse(struct req *r) { do_step(r, SVC_STEP_REFUSE); }
static void do_transfer(struct req *r) { do_step(r, SVC_STEP_TRANSFER); }
static void do_process(struct req *r) { do_step(r, SVC_STEP_PROCESS); }
static void do_approve(struct req *r) { do_step(r, SVC_STEP_APPROVE); }
static void do_return(struct req *r) { do_step(r, SVC_STEP_RETURN); }
static void do_apology(struct req *r) { do_step(r, SVC_STEP_APOLOGY); }

static void
do_pay(struct req *r)
{
	struct svc_err e = { 0 };
	struct svc_actor who;
	struct db *db = db_thread();

	if (svc_web_staff(r, &who) < 0 || req_begin(r, db) < 0)
		return;
	if (svc_web_end(r, db, svc_dossier_pay(db, &who, req_arg_id(r, 0),
	    "counter", req_form(r, "receipt_no"), NULL, time(NULL), &e),
	    &e) < 0)
		return;
	http_redirect(r, arena_printf(&r->arena, "/mot-cua/ho-so/%lld?ok=1",
	    (long long)req_arg_id(r, 0)));
}

static void
page_file(struct req *r)
{
	struct svc_actor who;
	struct svc_file f;

	if (svc_web_staff(r, &who) < 0)
		return;
	if (svc_file_get(db_thread(), &r->arena, &who, req_arg_id(r, 0),
	    &f) < 0) {
		http_error(r, 404, "not_found", "Không có tệp này", NULL);
		return;
	}
	svc_web_send_file(r, &f);
}

#define STAFF	(DIR_ROLE_ONESTOP | DIR_ROLE_SPECIALIST | DIR_ROLE_LEADER | \
	DIR_ROLE_ADMIN)

/* One row a page. */
static const struct route routes[] = {
	{ HTTP_GET,  "/mot-cua", ROUTE_PAGE, STAFF, page_queue },
	{ HTTP_GET,  "/mot-cua/ho-so/{}", ROUTE_PAGE, STAFF, page_dossier },
	{ HTTP_POST, "/mot-cua/ho-so/{}/tiep-nhan", ROUTE_PAGE, DIR_ROLE_ONESTOP,
	    do_receive },
	{ HTTP_POST, "/mot-cua/ho-so/{}/bo-sung", ROUTE_PAGE, DIR_ROLE_ONESTOP,
	    do_supplement },
	{ HTTP_POST, "/mot-cua/ho-so/{}/tu-choi", ROUTE_PAGE, DIR_ROLE_ONESTOP,
	    do_refuse },
	{ HTTP_POST, "/mot-cua/ho-so/{}/chuyen", ROUTE_PAGE, STAFF, do_transfer },
	{ HTTP_POST, "/mot-cua/ho-so/{}/xu-ly", ROUTE_PAGE,
	    DIR_ROLE_SPECIALIST | DIR_ROLE_LEADER, do_process },
	{ HTTP_POST, "/mot-cua/ho-so/{}/phe-duyet", ROUTE_PAGE, DIR_ROLE_LEADER,
	    do_approve },
	{ HTTP_POST, "/mot-cua/ho-so/{}/tra-ket-qua", ROUTE_PAGE,
	    DIR_ROLE_ONESTOP, do_return },
	{ HTTP_POST, "/mot-cua/ho-so/{}/xin-loi", ROUTE_PAGE, STAFF, do_apology },
	{ HTTP_POST, "/mot-cua/ho-so/{}/le-phi", ROUTE_PAGE, DIR_ROLE_ONESTOP,
	    do_pay },
	{ HTTP_GET,  "/mot-cua/tep/{}", ROUTE_PAGE, STAFF, page_file },
	{ 0, NULL, 0, 0, NULL }
};

/* The home page's section for the people of the one-stop office and
 * those who handle dossiers: how many wait in each of their queues. Left
 * out for others, and for a handler with nothing waiting. */
static void
home(struct req *r)
{
	struct svc_dossier_query q = { 0 };
	struct svc_dossier *d;
	struct svc_actor who;
	size_t i;
	int n[sizeof(tabs) / sizeof(tabs[0])], total, any = 0;

	if (!(r->user.roles & STAFF) || svc_staff_actor(db_thread(), &who,
	    r->user.id, r->user.username, r->user.full_name, r->ip,
	    r->user.unit_id, r->user.roles) < 0)
		return;
	for (i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++) {
		n[i] = -1;
		if (tabs[i].box == SVC_BOX_ALL || !(r->user.roles &
		    tabs[i].roles))
			continue;
		q.box = tabs[i].box;
		q.limit = 1;
		if (svc_dossiers_list(db_thread(), &r->arena, &who, &q, &d,
		    &total) >= 0)
			any |= (n[i] = total) > 0;
	}
	if (!any && !(r->user.roles & DIR_ROLE_ONESTOP))
		return;
	html_raw(&r->out, "<h2>Hồ sơ một cửa</h2><ul class=\"tiles counts\">");
	for (i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++) {
		if (n[i] < 0)
			continue;
		page_home_count(r, arena_printf(&r->arena, "/mot-cua?box=%s",
		    svc_box_name(tabs[i].box)), n[i],
		    svc_box_label(tabs[i].box), tabs[i].box == SVC_BOX_OVERDUE &&
		    n[i] > 0);
	}
	html_raw(&r->out, "</ul>");
}

void
svc_page_office_register(void)
{
	page_home_add(home);
	http_routes_add(routes);
	svc_page_forms_register();
}
