/* account_page_admin.c - admin pages: system tokens and the audit log. */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "core/page.h"
#include "directory/directory.h"

static const char *
when(struct arena *a, long t)
{
	struct tm tm;
	time_t tt = t;
	char s[32];

	localtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%d/%m/%Y %H:%M", &tm);
	return arena_strdup(a, s);
}

static void
tokens_page(struct req *r, const char *error, const char *fresh)
{
	struct account_token *t;
	int n, i;

	page_begin(r, "Mã truy cập hệ thống");
	html_raw(&r->out, "<h1>Mã truy cập cho hệ thống khác</h1>"
	    "<p>Các hệ thống kết nối (cổng dịch vụ công, LGSP, …) gọi API bằng"
	    " mã truy cập dài hạn gắn với một tài khoản. Mã chỉ hiện một lần"
	    " khi cấp; thu hồi khi không còn dùng.</p>");
	if (error)
		page_alert(r, error);
	if (fresh)
		html_printf(&r->out, "<p class=\"notice\" role=\"status\">Mã mới"
		    " (chép ngay, sẽ không hiện lại): <code>%s</code></p>", fresh);
	n = account_tokens_list(db_thread(), &r->arena, &t);
	html_raw(&r->out, "<table class=\"list\"><thead><tr>"
	    "<th scope=\"col\">Số</th><th scope=\"col\">Tên</th>"
	    "<th scope=\"col\">Tài khoản</th><th scope=\"col\">Cấp lúc</th>"
	    "<th scope=\"col\">Trạng thái</th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		html_printf(&r->out, "<tr><td>%lld</td><td>%s</td><td>%s</td>"
		    "<td>%s</td><td>", (long long)t[i].id, t[i].name,
		    t[i].username, when(&r->arena, t[i].created_at));
		if (t[i].revoked_at)
			html_printf(&r->out, "Thu hồi %s",
			    when(&r->arena, t[i].revoked_at));
		else {
			html_printf(&r->out, "<form method=\"post\" action=\""
			    "/quan-tri/ma-truy-cap/%lld/thu-hoi\">",
			    (long long)t[i].id);
			page_csrf(r);
			html_raw(&r->out, "<button type=\"submit\">Thu hồi</button>"
			    "</form>");
		}
		html_raw(&r->out, "</td></tr>");
	}
	html_raw(&r->out, "</tbody></table><section class=\"card\"><h2>Cấp mã"
	    " mới</h2><form method=\"post\" action=\"/quan-tri/ma-truy-cap\">");
	page_csrf(r);
	html_raw(&r->out, "<label for=\"name\">Tên (hệ thống nào dùng mã)</label>"
	    "<input id=\"name\" name=\"name\" required maxlength=\"128\">"
	    "<label for=\"username\">Tài khoản gắn với mã</label>"
	    "<input id=\"username\" name=\"username\" required>"
	    "<button type=\"submit\">Cấp mã</button></form></section>");
	page_end(r);
}

static void
page_tokens(struct req *r)
{
	tokens_page(r, NULL, NULL);
}

static void
do_token_issue(struct req *r)
{
	const char *name = req_form(r, "name"), *user = req_form(r, "username");
	struct db *db = db_thread();
	struct dir_person p;
	char token[33];

	if (name == NULL || *name == '\0' || strlen(name) > 128) {
		tokens_page(r, "Đặt tên cho mã (tối đa 128 byte)", NULL);
		r->status = 422;
		return;
	}
	if (user == NULL || dir_person_by_username(db, &r->arena, user, &p) < 0) {
		tokens_page(r, "Không có tài khoản này", NULL);
		r->status = 422;
		return;
	}
	if (db_begin(db) < 0 || account_token_issue(db, r->user.id,
	    r->user.username, r->ip, p.id, name, token) < 0 ||
	    db_commit(db) < 0) {
		db_rollback(db);
		http_error(r, 500, "internal", "Lỗi hệ thống khi cấp mã", NULL);
		return;
	}
	tokens_page(r, NULL, token);
	r->status = 201;
}

static void
do_token_revoke(struct req *r)
{
	struct db *db = db_thread();
	int rc;

	if (db_begin(db) < 0)
		goto fail;
	rc = account_token_revoke(db, r->user.id, r->user.username, r->ip,
	    req_arg_id(r, 0));
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		goto fail;
	}
	if (rc == 1) {
		http_error(r, 404, "not_found", "Không có mã đang hiệu lực này",
		    NULL);
		return;
	}
	http_redirect(r, "/quan-tri/ma-truy-cap");
	return;
fail:
	http_error(r, 500, "internal", "Lỗi hệ thống khi thu hồi mã", NULL);
}

static void
page_audit(struct req *r)
{
	const char *obj = req_query(r, "doi-tuong");
	struct db *db = db_thread();
	sqlite3_stmt *st;
	long before = req_query(r, "truoc") ? atol(req_query(r, "truoc")) : 0;
	int64_t last = 0;
	int n = 0;

	if (obj && (*obj == '\0' || strlen(obj) > 64))
		obj = NULL;
	page_begin(r, "Nhật ký thay đổi");
	html_printf(&r->out, "<h1>Nhật ký thay đổi</h1><p>Mỗi thay đổi ghi"
	    " người làm, thời điểm, địa chỉ máy và nội dung; các dòng nối với"
	    " nhau bằng mã băm (kiểm tra bằng <code>congso audit verify</code>)."
	    "</p><form class=\"search\" method=\"get\" role=\"search\">"
	    "<label for=\"doi-tuong\">Đối tượng (ví dụ unit:541, person:16)"
	    "</label><div class=\"row\"><input id=\"doi-tuong\" name=\"doi-tuong\""
	    " value=\"%s\"><button type=\"submit\">Lọc</button></div></form>",
	    obj ? obj : "");
	/* Plain terms, so that the rowid and audit_object serve them: the
	 * log holds a row per change, millions in a province, and terms of
	 * optional parameters made every filtered or older page read it
	 * from its newest row down. */
	st = obj ? db_prepare(db, "SELECT id, at, actor, ip, action, object,"
	    " detail FROM audit WHERE object = ?1 AND id < ?2"
	    " ORDER BY id DESC LIMIT 100") : db_prepare(db, "SELECT id, at,"
	    " actor, ip, action, object, detail FROM audit WHERE id < ?2"
	    " ORDER BY id DESC LIMIT 100");
	if (st == NULL) {
		page_alert(r, "Không đọc được nhật ký");
		page_end(r);
		return;
	}
	db_bind_text(st, 1, obj);
	db_bind_int(st, 2, before > 0 ? before : INT64_MAX);
	html_raw(&r->out, "<table class=\"list\"><thead><tr><th scope=\"col\">"
	    "Số</th><th scope=\"col\">Thời điểm (UTC)</th><th scope=\"col\">"
	    "Người làm</th><th scope=\"col\">Địa chỉ</th><th scope=\"col\">"
	    "Việc</th><th scope=\"col\">Đối tượng</th><th scope=\"col\">"
	    "Chi tiết</th></tr></thead><tbody>");
	while (sqlite3_step(st) == SQLITE_ROW) {
		last = sqlite3_column_int64(st, 0);
		n++;
		html_printf(&r->out, "<tr><td>%lld</td><td>%s</td><td>%s</td>"
		    "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
		    (long long)last, db_col_text(st, 1), db_col_text(st, 2),
		    db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5),
		    db_col_text(st, 6));
	}
	db_done(st);
	html_raw(&r->out, "</tbody></table>");
	if (n == 100)
		html_printf(&r->out, "<p><a href=\"/quan-tri/nhat-ky?truoc=%lld"
		    "&amp;doi-tuong=%s\">Xem các dòng cũ hơn</a></p>",
		    (long long)last, obj ? url_escape(&r->arena, obj) : "");
	page_end(r);
}

static const struct route routes[] = {
	{ HTTP_GET,  "/quan-tri/ma-truy-cap",	ROUTE_PAGE, DIR_ROLE_ADMIN,
	    page_tokens },
	{ HTTP_POST, "/quan-tri/ma-truy-cap",	ROUTE_PAGE, DIR_ROLE_ADMIN,
	    do_token_issue },
	{ HTTP_POST, "/quan-tri/ma-truy-cap/{}/thu-hoi", ROUTE_PAGE,
	    DIR_ROLE_ADMIN, do_token_revoke },
	{ HTTP_GET,  "/quan-tri/nhat-ky",	ROUTE_PAGE, DIR_ROLE_ADMIN,
	    page_audit },
	{ 0, NULL, 0, 0, NULL }
};

void
account_admin_register(void)
{
	http_routes_add(routes);
	page_nav_add("Nhật ký", "/quan-tri/nhat-ky", DIR_ROLE_ADMIN);
	page_nav_add("Mã truy cập", "/quan-tri/ma-truy-cap", DIR_ROLE_ADMIN);
}
