/* docs_page_doc.c - the page of one document (facts, recipients,
 * handling, files, history, the forms of the next steps), the drafting
 * form, and the steps posted from those forms. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "directory/directory.h"
#include "docs_api.h"
#include "docs_page.h"

static const char *
action_label(const char *a)
{
	static const char *const map[][2] = {
		{ "create", "Tạo dự thảo" }, { "edit", "Sửa dự thảo" },
		{ "submit", "Trình duyệt" }, { "return", "Trả lại để sửa" },
		{ "approve", "Duyệt" }, { "issue", "Cấp số, phát hành" },
		{ "file", "Nhập văn bản đến" }, { "register", "Vào sổ văn bản đến" },
		{ "refuse", "Từ chối nhận" }, { "direct", "Chỉ đạo, giao xử lý" },
		{ "progress", "Cập nhật tiến độ" }, { "reply", "Dự thảo trả lời" },
		{ "finish", "Hoàn thành xử lý" }, { "share", "Chia sẻ" },
		{ "attach", "Đính kèm tệp" }, { "workfile", "Đưa vào hồ sơ" },
		{ "import", "Nhập từ hệ thống cũ" },
		{ "receive", "Nhận qua liên thông" },
		{ "recall", "Thu hồi qua liên thông" },
		{ "sign_leader_request", "Yêu cầu lãnh đạo ký số" },
		{ "sign_seal_request", "Yêu cầu ký số của cơ quan" },
		{ "signed", "Đã ký số tệp" },
		{ "sealed", "Ký số của cơ quan, ghi số và ngày" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], a) == 0)
			return map[i][1];
	return a;
}

static void
history(struct req *r, int64_t id)
{
	struct docs_event *ev;
	char when[32];
	struct tm tm;
	time_t t;
	int n, i;

	n = docs_history(db_thread(), &r->arena, id, &ev);
	html_raw(&r->out, "<h2>Quá trình xử lý</h2><ol class=\"history\">");
	for (i = 0; i < n; i++) {
		t = (time_t)ev[i].at;
		localtime_r(&t, &tm);
		strftime(when, sizeof(when), "%H:%M %d/%m/%Y", &tm);
		html_printf(&r->out, "<li><time>%s</time> — <strong>%s</strong>"
		    " (%s%s%s)%s%s</li>", when, action_label(ev[i].action),
		    ev[i].actor, *ev[i].unit_name ? ", " : "", ev[i].unit_name,
		    *ev[i].comment ? ": " : "", ev[i].comment);
	}
	html_raw(&r->out, "</ol>");
}

/* A PDF attachment's signatures, and the signing its state calls for:
 * the leader's while in review or approved, the body's seal once
 * issued (the server checks the person's body and roles again). */
static void
sign_links(struct req *r, const struct docs_doc *d, const struct docs_file *f)
{
	const char *role = NULL, *label = NULL;

	html_printf(&r->out, " · <a href=\"/van-ban/tep/%lld/chu-ky\">Chữ ký"
	    " số</a>", (long long)f->id);
	if ((r->user.roles & DIR_ROLE_LEADER) && (strcmp(d->state,
	    "review") == 0 || strcmp(d->state, "approved") == 0)) {
		role = "leader";
		label = "Ký duyệt (lãnh đạo)";
	} else if ((r->user.roles & DIR_ROLE_CLERK) &&
	    strcmp(d->state, "issued") == 0 && d->unit_id != 0) {
		role = "seal";
		label = "Ký số của cơ quan";
	}
	if (role == NULL)
		return;
	html_printf(&r->out, "<form method=\"post\" class=\"inline\""
	    " action=\"/van-ban/tep/%lld/ky\">", (long long)f->id);
	page_csrf(r);
	html_printf(&r->out, "<input type=\"hidden\" name=\"role\""
	    " value=\"%s\"><button type=\"submit\">%s</button></form>", role,
	    label);
}

static void
files(struct req *r, const struct docs_doc *d, int can_attach)
{
	struct docs_file *f;
	int n, i;

	n = docs_files(db_thread(), &r->arena, d->id, &f);
	html_raw(&r->out, "<h2>Tệp đính kèm</h2>");
	if (n <= 0)
		html_raw(&r->out, "<p class=\"muted\">Chưa có tệp.</p>");
	else {
		html_raw(&r->out, "<ul class=\"results\">");
		for (i = 0; i < n; i++) {
			html_printf(&r->out, "<li><a href=\"/van-ban/tep/%lld\">%s"
			    "</a> <span class=\"muted\">(%ld KB)</span>",
			    (long long)f[i].id, f[i].filename,
			    (f[i].size + 1023) / 1024);
			if (strcmp(f[i].mime, "application/pdf") == 0)
				sign_links(r, d, &f[i]);
			html_raw(&r->out, "</li>");
		}
		html_raw(&r->out, "</ul>");
	}
	if (!can_attach)
		return;
	html_printf(&r->out, "<form method=\"post\" enctype=\"multipart/"
	    "form-data\" action=\"/van-ban/%lld/tep\">", (long long)d->id);
	page_csrf(r);
	html_raw(&r->out, "<label for=\"file\">Thêm tệp (PDF, DOCX, XLSX, PNG,"
	    " JPEG; tối đa 20 MB)</label><input id=\"file\" name=\"file\""
	    " type=\"file\" required><button type=\"submit\">Tải lên</button>"
	    "</form>");
}

static void
step_form(struct req *r, int64_t id, const char *action, const char *button,
    const char *comment_label, int required)
{
	html_printf(&r->out, "<form method=\"post\" action=\"/van-ban/%lld/%s\""
	    " class=\"step\">", (long long)id, action);
	page_csrf(r);
	if (comment_label)
		html_printf(&r->out, "<label for=\"c-%s\">%s</label><textarea"
		    " id=\"c-%s\" name=\"comment\" rows=\"2\"%s></textarea>",
		    action, comment_label, action, required ? " required" : "");
	html_printf(&r->out, "<button type=\"submit\">%s</button></form>",
	    button);
}

static void
people_select(struct req *r, const char *name, const char *label,
    const struct dir_person *p, int n, int multiple)
{
	int i;

	/* Ids get a prefix: "main" is the page's <main>. */
	if (multiple)
		html_printf(&r->out, "<label for=\"giao-%s\">%s</label>"
		    "<p class=\"hint\" id=\"giao-%s-hint\">Giữ phím Ctrl (trên"
		    " máy Mac: Cmd) để chọn nhiều người</p><select"
		    " id=\"giao-%s\" name=\"%s\" multiple size=\"6\""
		    " aria-describedby=\"giao-%s-hint\">", name, label, name,
		    name, name, name);
	else
		html_printf(&r->out, "<label for=\"giao-%s\">%s</label><select"
		    " id=\"giao-%s\" name=\"%s\" required>", name, label, name,
		    name);
	if (!multiple)
		html_raw(&r->out, "<option value=\"\">— Chọn —</option>");
	for (i = 0; i < n; i++)
		html_printf(&r->out, "<option value=\"%lld\">%s — %s</option>",
		    (long long)p[i].id, p[i].full_name, p[i].position);
	html_raw(&r->out, "</select>");
}

static void
direct_form(struct req *r, const struct docs_actor *who, int64_t id)
{
	struct dir_person_query q = { 0 };
	struct dir_person *p;
	int n, total;

	q.unit_id = who->body_id;
	q.limit = 200;
	n = dir_people_list(db_thread(), &r->arena, &q, &p, &total);
	html_printf(&r->out, "<form method=\"post\" action=\"/van-ban/%lld/"
	    "chi-dao\" class=\"step\">", (long long)id);
	page_csrf(r);
	html_raw(&r->out, "<label for=\"direction\">Ý kiến chỉ đạo</label>"
	    "<textarea id=\"direction\" name=\"direction\" rows=\"2\">"
	    "</textarea>");
	people_select(r, "main", "Người xử lý chính", p, n > 0 ? n : 0, 0);
	people_select(r, "co", "Người phối hợp", p, n > 0 ? n : 0, 1);
	people_select(r, "info", "Người nhận để biết", p, n > 0 ? n : 0, 1);
	html_raw(&r->out, "<label for=\"days\">Hạn xử lý (số ngày làm việc)"
	    "</label><input id=\"days\" name=\"deadline_days\" type=\"number\""
	    " min=\"0\" max=\"365\" value=\"5\"><button type=\"submit\">Giao"
	    " xử lý</button></form>");
}

static void
actions(struct req *r, const struct docs_actor *who, const struct docs_doc *d)
{
	int state = docs_state_parse(d->state), ours = d->unit_id == who->body_id;
	int in = d->in_state ? docs_in_state_parse(d->in_state) : -1;
	size_t start = r->out.len, empty;

	html_raw(&r->out, "<section class=\"actions-box\"><h2>Xử lý</h2>");
	empty = r->out.len;
	if (ours && d->drafter_id == who->id &&
	    docs_next(state, DOCS_STEP_SUBMIT) >= 0) {
		html_printf(&r->out, "<p><a class=\"button\" href=\"/van-ban/%lld/"
		    "sua\">Sửa dự thảo</a></p>", (long long)d->id);
		step_form(r, d->id, "trinh", "Trình duyệt", NULL, 0);
	}
	if (ours && (who->roles & DIR_ROLE_LEADER) &&
	    state == DOCS_REVIEW) {
		step_form(r, d->id, "duyet", "Duyệt", "Ý kiến (nếu có)", 0);
		step_form(r, d->id, "tra-lai", "Trả lại để sửa", "Ý kiến khi trả"
		    " lại (bắt buộc)", 1);
	}
	if (ours && (who->roles & DIR_ROLE_CLERK) &&
	    state == DOCS_APPROVED)
		step_form(r, d->id, "phat-hanh", "Cấp số và phát hành", NULL, 0);
	if (in == DOCS_IN_RECEIVED && (who->roles & DIR_ROLE_CLERK)) {
		step_form(r, d->id, "vao-so", "Vào sổ văn bản đến", NULL, 0);
		html_printf(&r->out, "<form method=\"post\" action=\"/van-ban/%lld"
		    "/tu-choi\" class=\"step\">", (long long)d->id);
		page_csrf(r);
		html_raw(&r->out, "<label for=\"reason\">Lý do từ chối</label>"
		    "<textarea id=\"reason\" name=\"reason\" rows=\"2\" required>"
		    "</textarea><button type=\"submit\">Từ chối nhận</button>"
		    "</form>");
	}
	if ((in == DOCS_IN_REGISTERED || in == DOCS_IN_DIRECTED) &&
	    (who->roles & DIR_ROLE_LEADER))
		direct_form(r, who, d->id);
	if (in == DOCS_IN_DIRECTED && d->my_role && strcmp(d->my_role,
	    "info") != 0) {
		step_form(r, d->id, "tien-do", "Cập nhật tiến độ", "Tiến độ xử lý",
		    1);
		html_printf(&r->out, "<p><a class=\"button\" href=\"/van-ban/moi?"
		    "tra-loi=%lld\">Soạn văn bản trả lời</a></p>",
		    (long long)d->id);
		if (strcmp(d->my_role, "main") == 0 ||
		    (who->roles & DIR_ROLE_LEADER))
			step_form(r, d->id, "hoan-thanh", "Hoàn thành xử lý",
			    "Kết quả (nếu có)", 0);
	}
	/* No step for this reader: no heading over nothing. */
	if (r->out.len == empty)
		buf_truncate(&r->out, start);
	else
		html_raw(&r->out, "</section>");
}

/* The body's work files holding the document, and a choice of its open
 * ones to put it in (docs_workfile_add decides who may). */
static void
workfiles(struct req *r, const struct docs_actor *who, int64_t id)
{
	struct docs_workfile *w;
	sqlite3_stmt *st;
	int64_t held[64];
	int n, i, k, nheld = 0, offered = 0;

	if ((n = docs_workfiles(db_thread(), &r->arena, who, &w)) <= 0)
		return;
	html_raw(&r->out, "<h2>Hồ sơ công việc</h2>");
	st = db_prepare(db_thread(), "SELECT f.id, f.code, f.title FROM"
	    " doc_workfile_docs x JOIN doc_workfiles f ON f.id = x.workfile_id"
	    " WHERE x.doc_id = ?1 AND f.unit_id = ?2 ORDER BY f.code");
	if (st != NULL) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, who->body_id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			html_printf(&r->out, "%s<li><a href=\"/ho-so/%lld\">%s —"
			    " %s</a></li>", nheld ? "" : "<ul class=\"results\">",
			    (long long)sqlite3_column_int64(st, 0),
			    db_col_text(st, 1), db_col_text(st, 2));
			if (nheld < 64)
				held[nheld++] = sqlite3_column_int64(st, 0);
		}
		db_done(st);
	}
	if (nheld)
		html_raw(&r->out, "</ul>");
	for (i = 0; i < n; i++) {
		for (k = 0; k < nheld && held[k] != w[i].id; k++)
			;
		if (k < nheld || strcmp(w[i].state, "open") != 0)
			continue;
		if (!offered++) {
			html_printf(&r->out, "<form method=\"post\" action=\"/van-ban/"
			    "%lld/ho-so\" class=\"step\">", (long long)id);
			page_csrf(r);
			html_raw(&r->out, "<label for=\"workfile\">Đưa vào hồ sơ"
			    "</label><select id=\"workfile\" name=\"workfile\">");
		}
		html_printf(&r->out, "<option value=\"%lld\">%s — %s</option>",
		    (long long)w[i].id, w[i].code, w[i].title);
	}
	if (offered)
		html_raw(&r->out, "</select><button type=\"submit\">Đưa vào hồ"
		    " sơ</button></form>");
	else if (!nheld)
		html_raw(&r->out, "<p class=\"muted\">Đơn vị chưa có hồ sơ nào"
		    " đang mở; lập hồ sơ ở trang <a href=\"/ho-so\">Hồ sơ công"
		    " việc</a>.</p>");
}

static void
show(struct req *r, int64_t id, const char *alert, int status)
{
	struct docs_recipient *rc;
	struct docs_assignee *as;
	struct docs_actor who;
	struct docs_doc d;
	const char *date;
	int n, i, state, can_attach;

	if (docs_page_actor(r, &who) < 0)
		return;
	if (docs_get(db_thread(), &r->arena, &who, id, &d) < 0) {
		docs_api_unseen(r, id);
		return;
	}
	state = docs_state_parse(d.state);
	date = calendar_iso_vn(&r->arena, d.doc_date);
	page_begin(r, *d.notation ? d.notation : d.summary);
	if (status)
		r->status = status;
	html_printf(&r->out, "<nav aria-label=\"Vị trí\" class=\"crumbs\">"
	    "<a href=\"/van-ban\">Văn bản</a></nav><h1>%s: %s</h1>",
	    d.type_name, d.summary);
	if (alert)
		page_alert(r, alert);
	html_raw(&r->out, "<dl class=\"facts\"><dt>Số, ký hiệu</dt><dd>");
	html_printf(&r->out, "%s</dd><dt>Cơ quan ban hành</dt><dd>%s</dd>"
	    "<dt>Ngày văn bản</dt><dd>%s</dd><dt>Độ khẩn</dt><dd>%s</dd>"
	    "<dt>Trạng thái</dt><dd>%s</dd>", *d.notation ? d.notation :
	    "Chưa cấp số", d.issuer_name, *date ? date : "—",
	    docs_urgency_label(d.urgency), docs_page_state(&d));
	if (d.drafter_id)
		html_printf(&r->out, "<dt>Người soạn thảo</dt><dd>%s</dd>",
		    d.drafter_name);
	if (*d.signer_name)
		html_printf(&r->out, "<dt>Người ký</dt><dd>%s</dd>", d.signer_name);
	if (d.reply_to)
		html_printf(&r->out, "<dt>Trả lời văn bản</dt><dd><a href=\""
		    "/van-ban/%lld\">số %lld</a></dd>", (long long)d.reply_to,
		    (long long)d.reply_to);
	if (d.receipt_id) {
		html_printf(&r->out, "<dt>Số đến</dt><dd>%s</dd><dt>Ngày đến</dt>"
		    "<dd>%s</dd>", d.in_number ? arena_printf(&r->arena, "%d",
		    d.in_number) : "—", d.received_on ? calendar_iso_vn(
		    &r->arena, d.received_on) : "—");
		if (d.direction && *d.direction)
			html_printf(&r->out, "<dt>Ý kiến chỉ đạo</dt><dd>%s</dd>",
			    d.direction);
		if (d.deadline)
			html_printf(&r->out, "<dt>Hạn xử lý</dt><dd>%s</dd>",
			    calendar_iso_vn(&r->arena, d.deadline));
		if (d.refused_reason && *d.refused_reason)
			html_printf(&r->out, "<dt>Lý do từ chối</dt><dd>%s</dd>",
			    d.refused_reason);
	}
	html_raw(&r->out, "</dl>");
	if (*d.content)
		html_printf(&r->out, "<h2>Nội dung</h2><div class=\"content\""
		    " style=\"white-space: pre-wrap\">%s</div>", d.content);
	n = docs_recipients(db_thread(), &r->arena, d.id, &rc);
	if (n > 0) {
		html_raw(&r->out, "<h2>Nơi nhận</h2><ul class=\"results\">");
		for (i = 0; i < n; i++)
			html_printf(&r->out, "<li>%s <span class=\"muted\">%s%s%s"
			    "</span></li>", rc[i].name, rc[i].code,
			    rc[i].in_state ? " — " : strcmp(rc[i].state,
			    "pending_exchange") == 0 ? " — chờ liên thông" : "",
			    rc[i].in_state ? docs_in_state_label(
			    docs_in_state_parse(rc[i].in_state)) : "");
		html_raw(&r->out, "</ul>");
		for (i = 0; i < n && rc[i].unit_id != 0; i++)
			;
		if (i < n)
			html_printf(&r->out, "<p><a href=\"/lien-thong/van-ban/"
			    "%lld\">Trạng thái liên thông của từng nơi nhận</a>"
			    "</p>", (long long)d.id);
	}
	if (d.receipt_id && (n = docs_assignees(db_thread(), &r->arena,
	    d.receipt_id, &as)) > 0) {
		html_raw(&r->out, "<h2>Phân công</h2><ul class=\"results\">");
		for (i = 0; i < n; i++)
			html_printf(&r->out, "<li>%s — %s%s</li>", as[i].full_name,
			    strcmp(as[i].role, "main") == 0 ? "xử lý chính" :
			    strcmp(as[i].role, "co") == 0 ? "phối hợp" :
			    "để biết", as[i].done_at ? " (đã xong)" : "");
		html_raw(&r->out, "</ul>");
	}
	actions(r, &who, &d);
	can_attach = (d.unit_id == who.body_id && state != DOCS_ISSUED) ||
	    (state == DOCS_EXTERNAL && d.receipt_id);
	files(r, &d, can_attach);
	workfiles(r, &who, d.id);
	history(r, d.id);
	page_end(r);
}

/* Put the document in a work file of the body, from its page. */
static void
do_workfile(struct req *r)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	const char *s = req_form(r, "workfile");
	int64_t id = req_arg_id(r, 0);

	if (docs_page_actor(r, &who) < 0)
		return;
	if (db_begin(db) < 0) {
		http_error(r, 503, "busy", "Hệ thống bận, hãy thử lại", NULL);
		return;
	}
	if (docs_workfile_add(db, &who, s ? atoll(s) : 0, id, &e) < 0 ||
	    db_commit(db) < 0) {
		db_rollback(db);
		show(r, id, e.message ? e.message : "Lỗi hệ thống", e.status ?
		    e.status : 500);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/van-ban/%lld",
	    (long long)id));
}

static void
page_doc(struct req *r)
{
	show(r, req_arg_id(r, 0), NULL, 0);
}

static void
page_file(struct req *r)
{
	struct docs_actor who;
	struct docs_file f;

	if (docs_page_actor(r, &who) < 0)
		return;
	if (docs_file_get(db_thread(), &r->arena, &who, 0, req_arg_id(r, 0),
	    &f) < 0) {
		if (docs_file_exists(db_thread(), req_arg_id(r, 0)))
			http_error(r, 403, "forbidden", "Bạn không được tải tệp"
			    " này: bạn không được xem văn bản của nó", NULL);
		else
			http_error(r, 404, "not_found", "Không có tệp này", NULL);
		return;
	}
	docs_send_file(r, &f);
}

/* Run one step posted from the document page, then show the page. */
static void
do_step(struct req *r)
{
	struct docs_direction dir;
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	const char *a = r->args[1], *comment = req_form(r, "comment");
	int64_t id = req_arg_id(r, 0);
	int rc, i;

	if (docs_page_actor(r, &who) < 0)
		return;
	if (db_begin(db) < 0) {
		http_error(r, 503, "busy", "Hệ thống bận, hãy thử lại", NULL);
		return;
	}
	if (strcmp(a, "trinh") == 0)
		rc = docs_step(db, &who, id, DOCS_STEP_SUBMIT, comment, &e);
	else if (strcmp(a, "duyet") == 0)
		rc = docs_step(db, &who, id, DOCS_STEP_APPROVE, comment, &e);
	else if (strcmp(a, "tra-lai") == 0)
		rc = docs_step(db, &who, id, DOCS_STEP_RETURN, comment, &e);
	else if (strcmp(a, "phat-hanh") == 0)
		rc = docs_issue(db, &who, id, docs_today(), &e);
	else if (strcmp(a, "vao-so") == 0)
		rc = docs_in_register(db, &who, id, docs_today(), &e);
	else if (strcmp(a, "tu-choi") == 0)
		rc = docs_in_refuse(db, &who, id, req_form(r, "reason"), &e);
	else if (strcmp(a, "tien-do") == 0)
		rc = docs_in_progress(db, &who, id, comment, &e);
	else if (strcmp(a, "hoan-thanh") == 0)
		rc = docs_in_finish(db, &who, id, comment, &e);
	else if (strcmp(a, "chi-dao") == 0) {
		memset(&dir, 0, sizeof(dir));
		dir.day = docs_today();
		dir.text = req_form(r, "direction");
		dir.main = req_form(r, "main") ? atoll(req_form(r, "main")) : 0;
		dir.days = req_form(r, "deadline_days") ?
		    atoi(req_form(r, "deadline_days")) : 0;
		for (i = 0; i < r->nform; i++) {
			if (strcmp(r->form[i].name, "co") == 0 &&
			    dir.nco < DOCS_ASSIGNEES_MAX)
				dir.co[dir.nco++] = atoll(r->form[i].value);
			else if (strcmp(r->form[i].name, "info") == 0 &&
			    dir.ninfo < DOCS_ASSIGNEES_MAX)
				dir.info[dir.ninfo++] = atoll(r->form[i].value);
		}
		rc = docs_in_direct(db, &who, id, &dir, &e);
	} else {
		e.status = 404;
		e.message = "Không có thao tác này";
		rc = -1;
	}
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		if (e.status == 404) {
			http_error(r, 404, "not_found", e.message, NULL);
			return;
		}
		show(r, id, e.message ? e.message : "Lỗi hệ thống", e.status ?
		    e.status : 500);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/van-ban/%lld",
	    (long long)id));
}

static void
do_upload(struct req *r)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	struct upload *u = req_file(r, "file");
	struct docs_file_text text = { 0, 0, BUF_INIT };
	int64_t id = req_arg_id(r, 0), fid;

	if (docs_page_actor(r, &who) < 0)
		return;
	if (u == NULL) {
		show(r, id, "Hãy chọn một tệp", 422);
		return;
	}
	if (docs_visible(db, &who, id))
		docs_file_text_now(db, u->path, u->filename, u->size, &text);
	if (db_begin(db) < 0) {
		buf_release(&text.text);
		http_error(r, 503, "busy", "Hệ thống bận, hãy thử lại", NULL);
		return;
	}
	if (docs_attach(db, &who, id, u->path, u->filename, u->size,
	    u->sha256, &text, &fid, &e) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		buf_release(&text.text);
		show(r, id, e.message ? e.message : "Lỗi hệ thống", e.status ?
		    e.status : 500);
		return;
	}
	buf_release(&text.text);
	u->path[0] = '\0';
	http_redirect(r, arena_printf(&r->arena, "/van-ban/%lld",
	    (long long)id));
}

/* --- drafting ------------------------------------------------------------ */

/* A posted field, or "" (a form shown the first time). */
static const char *
form_value(struct req *r, const char *name)
{
	const char *v = req_form(r, name);

	return v ? v : "";
}

/* The recipients of a new draft: in the province by name or code, a
 * line each, with a list of the bodies to choose from (app.js adds the
 * one chosen to the lines; without it the choice is sent as one more
 * line), and outside the province by name and code. */
/* The recipient of a reply: the body that sent the document answered,
 * in the province (`*in`, its name) or outside it (`*out`, "name;
 * code"). Nothing when the reader may not see that document. */
static void
reply_recipient(struct req *r, int64_t reply_to, const char **in,
    const char **out)
{
	struct docs_actor who;
	struct docs_doc d;
	sqlite3_stmt *st;

	if (docs_actor_init(db_thread(), &who, r->user.id, r->user.username,
	    r->user.full_name, r->ip, r->user.unit_id, r->user.roles) < 0 ||
	    docs_get(db_thread(), &r->arena, &who, reply_to, &d) < 0)
		return;
	st = db_prepare(db_thread(), "SELECT name FROM units WHERE"
	    " effective_until IS NULL AND id != ?3 AND (id = ?1 OR"
	    " (?2 != '' AND code = ?2))");
	if (st != NULL) {
		db_bind_int(st, 1, strcmp(d.origin, "internal") == 0 ?
		    d.unit_id : 0);
		db_bind_text(st, 2, d.issuer_code ? d.issuer_code : "");
		db_bind_int(st, 3, who.body_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			*in = arena_strdup(&r->arena, db_col_text(st, 0));
		db_done(st);
	}
	if (*in == NULL && d.issuer_name && *d.issuer_name)
		*out = d.issuer_code && *d.issuer_code ? arena_printf(&r->arena,
		    "%s; %s", d.issuer_name, d.issuer_code) : d.issuer_name;
}

static void
recipients_fields(struct req *r, int64_t reply_to)
{
	const char *in = NULL, *out = NULL;
	sqlite3_stmt *st;

	/* A reply begun from the document answered goes back to its
	 * sender; a form posted again keeps what was typed. */
	if (reply_to && req_form(r, "summary") == NULL)
		reply_recipient(r, reply_to, &in, &out);

	html_printf(&r->out, "<label for=\"recipients\">Nơi nhận trong tỉnh:"
	    " mỗi dòng một đơn vị, tên hoặc mã định danh</label><textarea"
	    " id=\"recipients\" name=\"recipients\" rows=\"3\""
	    " placeholder=\"UBND phường Cam Giá\">%s</textarea><label"
	    " for=\"pick\">Chọn thêm nơi nhận (gõ vài chữ của tên)</label>"
	    "<input id=\"pick\" name=\"recipient\" list=\"units\""
	    " autocomplete=\"off\" data-adds-to=\"recipients\">"
	    "<datalist id=\"units\">", in ? in : form_value(r,
	    "recipients"));
	st = db_prepare(db_thread(), "SELECT name, code FROM units WHERE"
	    " effective_until IS NULL AND kind IN ('province', 'department',"
	    " 'district', 'commune') AND id != ?1 ORDER BY code");
	if (st != NULL) {
		db_bind_int(st, 1, r->user.unit_id);
		while (sqlite3_step(st) == SQLITE_ROW)
			html_printf(&r->out, "<option value=\"%s\">%s</option>",
			    db_col_text(st, 0), db_col_text(st, 1));
		db_done(st);
	}
	html_printf(&r->out, "</datalist><label for=\"external\">Nơi nhận"
	    " ngoài tỉnh: mỗi dòng “Tên cơ quan; mã định danh”</label>"
	    "<textarea id=\"external\" name=\"external\" rows=\"2\">%s"
	    "</textarea>", out ? out : form_value(r, "external"));
}

static void
draft_form(struct req *r, const struct docs_doc *d, int64_t reply_to,
    const char *alert, int status)
{
	struct docs_type *t;
	const char *type, *due;
	int n, i, u;

	/* A new draft shown again after a refusal keeps what was typed. */
	type = d ? d->type_code : req_form(r, "type");
	u = d ? d->urgency : docs_urgency_parse(req_form(r, "urgency"));
	due = d ? d->reply_due : req_form(r, "reply_due");
	page_begin(r, d ? "Sửa dự thảo" : "Soạn văn bản");
	if (status)
		r->status = status;
	html_printf(&r->out, "<section class=\"card\"><h1>%s</h1>", d ?
	    "Sửa dự thảo" : "Soạn văn bản");
	if (alert)
		page_alert(r, alert);
	if (d)
		html_printf(&r->out, "<form method=\"post\" action=\"/van-ban/"
		    "%lld/sua\">", (long long)d->id);
	else
		html_raw(&r->out, "<form method=\"post\" action=\"/van-ban/moi\">");
	page_csrf(r);
	if (reply_to)
		html_printf(&r->out, "<input type=\"hidden\" name=\"reply_to\""
		    " value=\"%lld\"><p>Trả lời văn bản <a href=\"/van-ban/%lld"
		    "\">số %lld</a></p>", (long long)reply_to,
		    (long long)reply_to, (long long)reply_to);
	html_raw(&r->out, "<label for=\"type\">Loại văn bản</label><select"
	    " id=\"type\" name=\"type\">");
	n = docs_types(db_thread(), &r->arena, &t);
	for (i = 0; i < n; i++)
		if (t[i].active)
			html_printf(&r->out, "<option value=\"%s\"%s>%s</option>",
			    t[i].code, type && strcmp(type, t[i].code) == 0 ?
			    " selected" : "", t[i].name);
	html_printf(&r->out, "</select><label for=\"summary\">Trích yếu"
	    "</label><input id=\"summary\" name=\"summary\" required"
	    " maxlength=\"500\" value=\"%s\"><label for=\"content\">Nội dung"
	    "</label><textarea id=\"content\" name=\"content\" rows=\"8\">%s"
	    "</textarea><label for=\"division\">Đơn vị soạn thảo (viết tắt, dùng"
	    " trong ký hiệu công văn, ví dụ VP)</label><input id=\"division\""
	    " name=\"division\" maxlength=\"32\" value=\"%s\">",
	    d ? d->summary : form_value(r, "summary"), d ? d->content :
	    form_value(r, "content"), d ? d->division : form_value(r,
	    "division"));
	html_raw(&r->out, "<label for=\"urgency\">Độ khẩn</label><select"
	    " id=\"urgency\" name=\"urgency\">");
	for (i = 0; i < DOCS_URGENCY_MAX; i++)
		html_printf(&r->out, "<option value=\"%s\"%s>%s</option>",
		    docs_urgency_name(i), u == i ? " selected" : "",
		    docs_urgency_label(i));
	html_printf(&r->out, "</select><label for=\"reply_due\">Hạn trả lời"
	    " (nếu có)</label><input id=\"reply_due\" name=\"reply_due\""
	    " type=\"date\" value=\"%s\">", due ? due : "");
	if (!d)
		recipients_fields(r, reply_to);
	html_raw(&r->out, "<p class=\"muted\">Hệ thống không xử lý văn bản mật"
	    " (Mật, Tối mật, Tuyệt mật).</p><button type=\"submit\">Lưu dự"
	    " thảo</button></form></section>");
	page_end(r);
}

static void
page_new(struct req *r)
{
	const char *s = req_query(r, "tra-loi");

	draft_form(r, NULL, s ? atoll(s) : 0, NULL, 0);
}

/* Lines of a textarea into the draft's recipients. */
static void
recipients_from_form(struct req *r, struct docs_draft *d)
{
	char *s, *line, *save = NULL, *semi;

	if ((s = (char *)req_form(r, "recipients")) != NULL) {
		s = arena_strdup(&r->arena, s);
		for (line = strtok_r(s, "\r\n", &save); line &&
		    d->nunits < DOCS_RECIPIENTS_MAX; line = strtok_r(NULL,
		    "\r\n", &save)) {
			line += strspn(line, " \t");
			if (*line)
				d->unit_codes[d->nunits++] = line;
		}
	}
	/* The choice app.js did not move into the lines (no script). */
	if ((s = (char *)req_form(r, "recipient")) != NULL &&
	    *(s += strspn(s, " \t")) && d->nunits < DOCS_RECIPIENTS_MAX)
		d->unit_codes[d->nunits++] = s;
	if ((s = (char *)req_form(r, "external")) != NULL) {
		s = arena_strdup(&r->arena, s);
		for (line = strtok_r(s, "\r\n", &save); line &&
		    d->next < DOCS_RECIPIENTS_MAX; line = strtok_r(NULL,
		    "\r\n", &save)) {
			line += strspn(line, " \t");
			if (*line == '\0')
				continue;
			if ((semi = strchr(line, ';')) != NULL) {
				*semi++ = '\0';
				d->ext_codes[d->next] = semi + strspn(semi, " ");
			}
			d->ext_names[d->next++] = line;
		}
	}
	d->set_recipients = 1;
}

static void
do_new(struct req *r)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct docs_draft d;
	struct db *db = db_thread();
	int64_t id = 0;

	if (docs_page_actor(r, &who) < 0)
		return;
	memset(&d, 0, sizeof(d));
	d.type_code = req_form(r, "type");
	d.summary = req_form(r, "summary");
	d.content = req_form(r, "content");
	d.division = req_form(r, "division");
	d.urgency = req_form(r, "urgency");
	d.reply_due = req_form(r, "reply_due");
	d.reply_to = req_form(r, "reply_to") ? atoll(req_form(r, "reply_to")) :
	    0;
	recipients_from_form(r, &d);
	if (db_begin(db) < 0) {
		http_error(r, 503, "busy", "Hệ thống bận, hãy thử lại", NULL);
		return;
	}
	if (docs_draft_create(db, &who, &d, &id, &e) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		draft_form(r, NULL, d.reply_to, e.message ? e.message :
		    "Lỗi hệ thống", e.status ? e.status : 500);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/van-ban/%lld",
	    (long long)id));
}

static void
page_edit(struct req *r)
{
	struct docs_actor who;
	struct docs_doc d;

	if (docs_page_actor(r, &who) < 0)
		return;
	if (docs_get(db_thread(), &r->arena, &who, req_arg_id(r, 0), &d) < 0) {
		docs_api_unseen(r, req_arg_id(r, 0));
		return;
	}
	draft_form(r, &d, 0, NULL, 0);
}

static void
do_edit(struct req *r)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct docs_draft d;
	struct docs_doc cur;
	struct db *db = db_thread();
	int64_t id = req_arg_id(r, 0);

	if (docs_page_actor(r, &who) < 0)
		return;
	memset(&d, 0, sizeof(d));
	d.type_code = req_form(r, "type");
	d.summary = req_form(r, "summary");
	d.content = req_form(r, "content");
	d.division = req_form(r, "division");
	d.urgency = req_form(r, "urgency");
	d.reply_due = req_form(r, "reply_due");
	if (db_begin(db) < 0) {
		http_error(r, 503, "busy", "Hệ thống bận, hãy thử lại", NULL);
		return;
	}
	if (docs_draft_update(db, &who, id, &d, &e) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		if (docs_get(db, &r->arena, &who, id, &cur) < 0) {
			docs_api_unseen(r, id);
			return;
		}
		draft_form(r, &cur, 0, e.message ? e.message : "Lỗi hệ thống",
		    e.status ? e.status : 500);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/van-ban/%lld",
	    (long long)id));
}

#define WRITERS	(DIR_ROLE_SPECIALIST | DIR_ROLE_LEADER | DIR_ROLE_CLERK)

static const struct route routes[] = {
	{ HTTP_GET,  "/van-ban/moi",	ROUTE_PAGE, WRITERS, page_new },
	{ HTTP_POST, "/van-ban/moi",	ROUTE_PAGE, WRITERS, do_new },
	{ HTTP_GET,  "/van-ban/tep/{}",	ROUTE_PAGE, ROLE_USER, page_file },
	{ HTTP_GET,  "/van-ban/{}",	ROUTE_PAGE, ROLE_USER, page_doc },
	{ HTTP_GET,  "/van-ban/{}/sua",	ROUTE_PAGE, ROLE_USER, page_edit },
	{ HTTP_POST, "/van-ban/{}/sua",	ROUTE_PAGE, ROLE_USER, do_edit },
	{ HTTP_POST, "/van-ban/{}/tep",	ROUTE_PAGE, ROLE_USER, do_upload,
	    ROUTE_UPLOAD },
	{ HTTP_POST, "/van-ban/{}/ho-so", ROUTE_PAGE, ROLE_USER, do_workfile },
	{ HTTP_POST, "/van-ban/{}/{}",	ROUTE_PAGE, ROLE_USER, do_step },
	{ 0, NULL, 0, 0, NULL }
};

void
docs_page_doc_register(void)
{
	http_routes_add(routes);
}
