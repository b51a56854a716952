/* docs_page_work.c - work files (hồ sơ công việc) and deadlines pages. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "directory/directory.h"
#include "docs_page.h"

static void
list(struct req *r, const char *alert, int status)
{
	struct docs_workfile *w;
	struct docs_actor who;
	int n, i;

	if (docs_page_actor(r, &who) < 0)
		return;
	n = docs_workfiles(db_thread(), &r->arena, &who, &w);
	page_begin(r, "Hồ sơ công việc");
	if (status)
		r->status = status;
	html_raw(&r->out, "<h1>Hồ sơ công việc</h1>");
	if (alert)
		page_alert(r, alert);
	if (n > 0) {
		html_raw(&r->out, "<table class=\"list\"><thead><tr><th scope="
		    "\"col\">Ký hiệu</th><th scope=\"col\">Tiêu đề</th><th"
		    " scope=\"col\">Người lập</th><th scope=\"col\">Thời hạn bảo"
		    " quản</th><th scope=\"col\">Số văn bản</th><th scope=\"col\">"
		    "Trạng thái</th></tr></thead><tbody>");
		for (i = 0; i < n; i++)
			html_printf(&r->out, "<tr><td>%s</td><td><a href=\"/ho-so/"
			    "%lld\">%s</a></td><td>%s</td><td>%s</td><td>%d</td>"
			    "<td>%s</td></tr>", w[i].code, (long long)w[i].id,
			    w[i].title, w[i].owner_name, w[i].retention,
			    w[i].ndocs, strcmp(w[i].state, "open") == 0 ?
			    "Đang mở" : "Đã đóng");
		html_raw(&r->out, "</tbody></table>");
	} else
		html_raw(&r->out, "<p>Đơn vị chưa có hồ sơ nào.</p>");
	html_raw(&r->out, "<section class=\"card\"><h2>Lập hồ sơ</h2>"
	    "<form method=\"post\" action=\"/ho-so\">");
	page_csrf(r);
	html_raw(&r->out, "<label for=\"code\">Ký hiệu hồ sơ</label><input"
	    " id=\"code\" name=\"code\" required maxlength=\"32\"><label"
	    " for=\"title\">Tiêu đề</label><input id=\"title\" name=\"title\""
	    " required maxlength=\"500\"><label for=\"retention\">Thời hạn bảo"
	    " quản</label><input id=\"retention\" name=\"retention\" required"
	    " value=\"10 năm\"><button type=\"submit\">Lập hồ sơ</button></form>"
	    "</section>");
	page_end(r);
}

static void
page_list(struct req *r)
{
	list(r, NULL, 0);
}

static void
do_create(struct req *r)
{
	struct docs_workfile w = { 0 };
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();

	if (docs_page_actor(r, &who) < 0)
		return;
	w.code = req_form(r, "code");
	w.title = req_form(r, "title");
	w.retention = req_form(r, "retention");
	if (db_begin(db) < 0) {
		http_error(r, 503, "busy", "Hệ thống bận, hãy thử lại", NULL);
		return;
	}
	if (docs_workfile_create(db, &who, &w, &e) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		list(r, e.message ? e.message : "Lỗi hệ thống", e.status ?
		    e.status : 500);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/ho-so/%lld",
	    (long long)w.id));
}

static void
show(struct req *r, int64_t id, const char *alert, int status)
{
	struct docs_workfile w;
	struct docs_actor who;
	struct docs_doc *d;
	int n;

	if (docs_page_actor(r, &who) < 0)
		return;
	if (docs_workfile_get(db_thread(), &r->arena, &who, id, &w) < 0) {
		http_error(r, 404, "not_found", "Không có hồ sơ này", NULL);
		return;
	}
	page_begin(r, w.title);
	if (status)
		r->status = status;
	html_printf(&r->out, "<nav aria-label=\"Vị trí\" class=\"crumbs\">"
	    "<a href=\"/ho-so\">Hồ sơ công việc</a></nav><h1>%s</h1>", w.title);
	if (alert)
		page_alert(r, alert);
	html_printf(&r->out, "<dl class=\"facts\"><dt>Ký hiệu</dt><dd>%s</dd>"
	    "<dt>Người lập</dt><dd>%s</dd><dt>Thời hạn bảo quản</dt><dd>%s</dd>"
	    "<dt>Trạng thái</dt><dd>%s</dd></dl>", w.code, w.owner_name,
	    w.retention, strcmp(w.state, "open") == 0 ? "Đang mở" : "Đã đóng");
	n = docs_workfile_docs(db_thread(), &r->arena, &who, id, &d);
	html_printf(&r->out, "<h2>Văn bản trong hồ sơ (%d)</h2>", n > 0 ? n : 0);
	if (n > 0)
		docs_page_table(r, d, n);
	if (strcmp(w.state, "open") == 0) {
		html_printf(&r->out, "<form method=\"post\" action=\"/ho-so/%lld/"
		    "them\" class=\"step\">", (long long)id);
		page_csrf(r);
		html_raw(&r->out, "<label for=\"doc\">Số định danh văn bản (số"
		    " trong địa chỉ /van-ban/...)</label><input id=\"doc\""
		    " name=\"document_id\" type=\"number\" min=\"1\" required>"
		    "<button type=\"submit\">Đưa vào hồ sơ</button></form>");
		html_printf(&r->out, "<form method=\"post\" action=\"/ho-so/%lld/"
		    "dong\" class=\"step\">", (long long)id);
		page_csrf(r);
		html_raw(&r->out, "<button type=\"submit\">Đóng hồ sơ</button>"
		    "</form>");
	}
	page_end(r);
}

static void
page_show(struct req *r)
{
	show(r, req_arg_id(r, 0), NULL, 0);
}

static void
do_change(struct req *r, int close)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	int64_t id = req_arg_id(r, 0), doc;
	int rc;

	if (docs_page_actor(r, &who) < 0)
		return;
	doc = req_form(r, "document_id") ? atoll(req_form(r, "document_id")) :
	    0;
	if (db_begin(db) < 0) {
		http_error(r, 503, "busy", "Hệ thống bận, hãy thử lại", NULL);
		return;
	}
	rc = close ? docs_workfile_close(db, &who, id, &e) :
	    docs_workfile_add(db, &who, id, doc, &e);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		if (e.status == 404)
			http_error(r, 404, "not_found", e.message, NULL);
		else
			show(r, id, e.message ? e.message : "Lỗi hệ thống",
			    e.status ? e.status : 500);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/ho-so/%lld",
	    (long long)id));
}

static void
do_add(struct req *r)
{
	do_change(r, 0);
}

static void
do_close(struct req *r)
{
	do_change(r, 1);
}

/* Deadlines of the reader, and of the body for leaders and clerks. */
static void
page_deadlines(struct req *r)
{
	struct docs_actor who;
	struct docs_doc *d;
	char until[11];
	int n, last, unit;

	if (docs_page_actor(r, &who) < 0)
		return;
	if (calendar_db_due(db_thread(), docs_today(), DOCS_SOON_DAYS,
	    &last) < 0) {
		http_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	calendar_format_iso(last, until);
	page_begin(r, "Hạn xử lý");
	html_printf(&r->out, "<h1>Văn bản sắp đến hạn và quá hạn</h1><p"
	    " class=\"muted\">Đến hết ngày %s (%d ngày làm việc tới).</p>",
	    calendar_iso_vn(&r->arena, until), DOCS_SOON_DAYS);
	for (unit = 0; unit < 2; unit++) {
		if (unit && !req_has_role(r, DIR_ROLE_CLERK | DIR_ROLE_LEADER))
			break;
		n = docs_due_list(db_thread(), &r->arena, &who, unit, until, &d);
		html_printf(&r->out, "<h2>%s (%d)</h2>", unit ? "Của cả đơn vị" :
		    "Việc của tôi", n > 0 ? n : 0);
		if (n > 0)
			docs_page_table(r, d, n);
	}
	page_end(r);
}

static const struct route routes[] = {
	{ HTTP_GET,  "/ho-so",		ROUTE_PAGE, ROLE_USER, page_list },
	{ HTTP_POST, "/ho-so",		ROUTE_PAGE, ROLE_USER, do_create },
	{ HTTP_GET,  "/ho-so/{}",	ROUTE_PAGE, ROLE_USER, page_show },
	{ HTTP_POST, "/ho-so/{}/them",	ROUTE_PAGE, ROLE_USER, do_add },
	{ HTTP_POST, "/ho-so/{}/dong",	ROUTE_PAGE, ROLE_USER, do_close },
	{ HTTP_GET,  "/han-xu-ly",	ROUTE_PAGE, ROLE_USER, page_deadlines },
	{ 0, NULL, 0, 0, NULL }
};

void
docs_page_work_register(void)
{
	http_routes_add(routes);
}
