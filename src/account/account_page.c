/* account_page.c - sign-in, sign-out, home and password pages. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "core/auth.h"
#include "core/page.h"
#include "directory/directory.h"

#define PRE_COOKIE "cs_pre"

/* Only local paths are followed after sign-in. */
static const char *
safe_next(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\'
	    || strchr(next, '\r') || strchr(next, '\n'))
		return "/";
	return next;
}

static int
is_https(struct req *r)
{
	const char *p = req_header(r, "X-Forwarded-Proto");

	return p && strcmp(p, "https") == 0;
}

static void
login_form(struct req *r, const char *username, const char *error)
{
	char pre[33];

	if (auth_token(pre) < 0)
		pre[0] = '\0';
	http_header(r, "Set-Cookie", arena_printf(&r->arena,
	    PRE_COOKIE "=%s; Path=/dang-nhap; HttpOnly; SameSite=Strict%s",
	    pre, is_https(r) ? "; Secure" : ""));
	page_begin(r, "Đăng nhập");
	html_raw(&r->out, "<section class=\"card narrow\"><h1>Đăng nhập</h1>");
	if (error)
		page_alert(r, error);
	html_printf(&r->out, "<form method=\"post\" action=\"/dang-nhap\">"
	    "<input type=\"hidden\" name=\"_pre\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"next\" value=\"%s\">"
	    "<label for=\"username\">Tên đăng nhập</label>"
	    "<input id=\"username\" name=\"username\" autocomplete=\"username\""
	    " required autofocus value=\"%s\">"
	    "<label for=\"password\">Mật khẩu</label>"
	    "<input id=\"password\" name=\"password\" type=\"password\""
	    " autocomplete=\"current-password\" required>"
	    "<button type=\"submit\">Đăng nhập</button></form></section>",
	    pre, safe_next(req_query(r, "next") ? req_query(r, "next") :
	    req_form(r, "next")), username ? username : "");
	page_end(r);
}

static void
page_login(struct req *r)
{
	if (r->user.id) {
		http_redirect(r, safe_next(req_query(r, "next")));
		return;
	}
	login_form(r, NULL, NULL);
}

static void
do_login(struct req *r)
{
	const char *user = req_form(r, "username"), *pw = req_form(r, "password");
	const char *pre = req_form(r, "_pre"), *cookie = req_cookie(r, PRE_COOKIE);
	struct account_session s;
	struct db *db = db_thread();
	enum account_result rc;

	if (pre == NULL || cookie == NULL || strlen(pre) != 32 ||
	    strcmp(pre, cookie) != 0) {
		r->status = 403;
		login_form(r, user, "Phiên đăng nhập đã hết hạn hoặc không hợp lệ;"
		    " hãy thử lại");
		r->status = 403;
		return;
	}
	if (user == NULL || pw == NULL || *user == '\0' || *pw == '\0' ||
	    strlen(user) > 64 || strlen(pw) > 256) {
		login_form(r, user, "Nhập tên đăng nhập và mật khẩu");
		r->status = 400;
		return;
	}
	rc = account_login(db, user, pw, r->ip, "web", &s);
	switch (rc) {
	case ACCOUNT_OK:
		http_header(r, "Set-Cookie", arena_printf(&r->arena,
		    ACCOUNT_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax;"
		    " Max-Age=%d%s", s.token, ACCOUNT_WEB_TTL,
		    is_https(r) ? "; Secure" : ""));
		http_redirect(r, safe_next(req_form(r, "next")));
		return;
	case ACCOUNT_BAD:
		login_form(r, user, "Sai tên đăng nhập hoặc mật khẩu");
		r->status = 401;
		return;
	case ACCOUNT_WAIT:
	case ACCOUNT_LOCKED:
		login_form(r, user, arena_printf(&r->arena, rc == ACCOUNT_WAIT ?
		    "Đăng nhập sai nhiều lần; hãy chờ %ld giây rồi thử lại" :
		    "Tài khoản tạm khóa do đăng nhập sai nhiều lần; hãy thử lại"
		    " sau %ld giây hoặc liên hệ quản trị", s.retry_after));
		http_header(r, "Retry-After", arena_printf(&r->arena, "%ld",
		    s.retry_after));
		r->status = 429;
		return;
	default:
		http_error(r, 500, "internal", "Lỗi hệ thống khi đăng nhập", NULL);
	}
}

static void
do_logout(struct req *r)
{
	const char *token = req_cookie(r, ACCOUNT_COOKIE);

	if (token)
		account_logout(db_thread(), token, r->user.id, r->ip);
	http_header(r, "Set-Cookie", ACCOUNT_COOKIE "=; Path=/; HttpOnly;"
	    " SameSite=Lax; Max-Age=0");
	http_redirect(r, "/dang-nhap");
}

static void
roles_list(struct req *r, unsigned roles)
{
	int i, any = 0;

	for (i = 0; i < DIR_ROLE_MAX; i++)
		if (roles & (1u << i)) {
			html_printf(&r->out, "%s<span class=\"tag\">%s</span>",
			    any ? " " : "", dir_role_label(i));
			any = 1;
		}
	if (!any)
		html_raw(&r->out, "—");
}

static void
page_home(struct req *r)
{
	struct arena *a = &r->arena;
	struct dir_person p;

	page_begin(r, "Trang chủ");
	html_printf(&r->out, "<h1>Xin chào, %s</h1>", r->user.full_name);
	if (dir_person_get(db_thread(), a, r->user.id, &p) == 0) {
		html_printf(&r->out, "<dl class=\"facts\"><dt>Đơn vị</dt><dd><a"
		    " href=\"/don-vi/%lld\">%s</a> <span class=\"code\">%s</span>"
		    "</dd><dt>Chức vụ</dt><dd>%s</dd><dt>Vai trò</dt><dd>",
		    (long long)p.unit_id, p.unit_name, p.unit_code,
		    *p.position ? p.position : "—");
		roles_list(r, p.roles);
		html_printf(&r->out, "</dd><dt>Thư điện tử</dt><dd>%s</dd></dl>",
		    *p.email ? p.email : "—");
	}
	page_home_sections(r);
	html_raw(&r->out, "<ul class=\"tiles\">"
	    "<li><a href=\"/don-vi\">Danh bạ đơn vị</a></li>"
	    "<li><a href=\"/nguoi\">Tìm cán bộ</a></li>"
	    "<li><a href=\"/tai-khoan\">Đổi mật khẩu</a></li></ul>");
	page_end(r);
}

static void
password_page(struct req *r, const char *error, const char *notice)
{
	page_begin(r, "Tài khoản");
	html_raw(&r->out, "<section class=\"card narrow\"><h1>Đổi mật khẩu</h1>");
	if (error)
		page_alert(r, error);
	if (notice)
		page_notice(r, notice);
	html_raw(&r->out, "<form method=\"post\" action=\"/tai-khoan/mat-khau\">");
	page_csrf(r);
	html_raw(&r->out, "<label for=\"old\">Mật khẩu hiện tại</label>"
	    "<input id=\"old\" name=\"old\" type=\"password\""
	    " autocomplete=\"current-password\" required>"
	    "<label for=\"new\">Mật khẩu mới (ít nhất 10 ký tự)</label>"
	    "<input id=\"new\" name=\"new\" type=\"password\""
	    " autocomplete=\"new-password\" required minlength=\"10\">"
	    "<label for=\"again\">Nhập lại mật khẩu mới</label>"
	    "<input id=\"again\" name=\"again\" type=\"password\""
	    " autocomplete=\"new-password\" required>"
	    "<button type=\"submit\">Đổi mật khẩu</button></form></section>");
	page_end(r);
}

static void
page_account(struct req *r)
{
	password_page(r, NULL, req_query(r, "ok") ? "Đã đổi mật khẩu" : NULL);
}

static void
do_password(struct req *r)
{
	const char *old = req_form(r, "old"), *nw = req_form(r, "new");
	const char *again = req_form(r, "again"), *why;
	struct dir_actor who = { r->user.id, r->user.username, r->ip };
	struct db *db = db_thread();
	sqlite3_stmt *st;
	int ok = 0;

	if (!old || !nw || !again) {
		password_page(r, "Điền đủ các ô", NULL);
		r->status = 400;
		return;
	}
	st = db_prepare(db, "SELECT password_hash FROM people WHERE id = ?1");
	if (st == NULL)
		goto fail;
	db_bind_int(st, 1, r->user.id);
	if (sqlite3_step(st) == SQLITE_ROW)
		ok = auth_verify_password(db_col_text(st, 0), old);
	db_done(st);
	if (!ok) {
		password_page(r, "Mật khẩu hiện tại không đúng", NULL);
		r->status = 403;
		return;
	}
	if (strcmp(nw, again) != 0) {
		password_page(r, "Hai lần nhập mật khẩu mới không giống nhau", NULL);
		r->status = 422;
		return;
	}
	if ((why = auth_password_weak(nw)) != NULL) {
		password_page(r, why, NULL);
		r->status = 422;
		return;
	}
	if (db_begin(db) < 0)
		goto fail;
	if (dir_person_set_password(db, &who, r->user.id, nw) < 0) {
		db_rollback(db);
		goto fail;
	}
	/* Every other session of this person ends. */
	st = db_prepare(db, "DELETE FROM sessions WHERE person_id = ?1"
	    " AND csrf <> ?2");
	if (st == NULL) {
		db_rollback(db);
		goto fail;
	}
	db_bind_int(st, 1, r->user.id);
	db_bind_text(st, 2, r->user.csrf ? r->user.csrf : "");
	if (db_step_done(st) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		goto fail;
	}
	http_redirect(r, "/tai-khoan?ok=1");
	return;
fail:
	http_error(r, 500, "internal", "Lỗi hệ thống khi đổi mật khẩu", NULL);
}

static void
page_health(struct req *r)
{
	struct db *db = db_thread();

	if (db == NULL || db_exec(db, "SELECT 1") < 0) {
		buf_adds(&r->out, "db: error\n");
		http_text(r, 503, "text/plain; charset=utf-8");
		return;
	}
	buf_adds(&r->out, "ok\n");
	http_text(r, 200, "text/plain; charset=utf-8");
}

static const struct route routes[] = {
	{ HTTP_GET,  "/",			ROUTE_PAGE, ROLE_USER,   page_home },
	{ HTTP_GET,  "/dang-nhap",		ROUTE_PAGE, ROLE_PUBLIC, page_login },
	{ HTTP_POST, "/dang-nhap",		ROUTE_PAGE, ROLE_PUBLIC, do_login },
	{ HTTP_POST, "/dang-xuat",		ROUTE_PAGE, ROLE_USER,   do_logout },
	{ HTTP_GET,  "/tai-khoan",		ROUTE_PAGE, ROLE_USER,   page_account },
	{ HTTP_POST, "/tai-khoan/mat-khau",	ROUTE_PAGE, ROLE_USER,   do_password },
	{ HTTP_GET,  "/healthz",		ROUTE_API,  ROLE_PUBLIC, page_health },
	{ 0, NULL, 0, 0, NULL }
};

void
account_register(void)
{
	http_routes_add(routes);
	account_cache_init();
	http_set_authenticator(account_authenticate);
	page_nav_add("Trang chủ", "/", ROLE_USER);
	account_api_register();
	account_admin_register();
}
