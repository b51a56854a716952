/* svc_page_admin.c - pages for the catalogue (admins import it from CSV
 * or JSON and export it as CSV to edit in a spreadsheet) and for entering
 * a dossier handed in at the one-stop counter. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/page.h"
#include "core/reqjson.h"
#include "directory/directory.h"
#include "svc_web.h"

static void
catalogue_page(struct req *r, const struct svc_import_result *res)
{
	page_begin(r, "Danh mục thủ tục hành chính");
	svc_page_office_menu(r);
	html_raw(&r->out, "<h1>Danh mục thủ tục hành chính</h1><p><a href=\""
	    "/mot-cua/danh-muc.csv\">Tải danh mục (CSV)</a> để sửa bằng bảng"
	    " tính, rồi nhập lại. Thủ tục trùng mã được cập nhật.</p>");
	if (res) {
		page_notice(r, arena_printf(&r->arena, "Đã thêm %d, cập nhật %d,"
		    " lỗi %d thủ tục.", res->created, res->updated,
		    res->failed));
		if (res->errors.len)
			html_printf(&r->out, "<pre class=\"error\">%s</pre>",
			    res->errors.data);
	}
	html_raw(&r->out, "<form method=\"post\" enctype=\"multipart/form-data\""
	    " action=\"/mot-cua/danh-muc\">");
	page_csrf(r);
	html_raw(&r->out, "<label for=\"file\">Tệp CSV hoặc JSON</label><input"
	    " id=\"file\" name=\"file\" type=\"file\" accept=\".csv,.json\""
	    " required><p class=\"muted\">Dòng tiêu đề CSV: " SVC_CSV_HEADER
	    "</p><button type=\"submit\">Nhập</button></form>");
	page_end(r);
}

static void
page_catalogue(struct req *r)
{
	catalogue_page(r, NULL);
}

static void
do_import(struct req *r)
{
	struct svc_import_result res = { 0 };
	struct upload *u = req_file(r, "file");
	struct buf text = BUF_INIT;
	struct db *db = db_thread();
	char piece[65536];
	ssize_t n;
	int fd, rc, json;

	if (u == NULL || u->size > (8u << 20) ||
	    (fd = open(u->path, O_RDONLY)) < 0) {
		http_error(r, 422, "no_file", "Chọn tệp CSV hoặc JSON (tối đa 8"
		    " MB)", "file");
		return;
	}
	while ((n = read(fd, piece, sizeof(piece))) > 0)
		buf_add(&text, piece, (size_t)n);
	close(fd);
	json = strlen(u->filename) > 5 && strcasecmp(u->filename +
	    strlen(u->filename) - 5, ".json") == 0;
	if (req_begin(r, db) < 0) {
		buf_release(&text);
		return;
	}
	buf_init(&res.errors, 1 << 20);
	rc = json ? svc_import_json(db, r->user.id, r->user.username, r->ip,
	    text.data, text.len, &res) : svc_import_csv(db, r->user.id,
	    r->user.username, r->ip, text.data, text.len, &res);
	buf_release(&text);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		res.created = res.updated = 0;
	}
	catalogue_page(r, &res);
	if (rc < 0)
		r->status = 422;
	buf_release(&res.errors);
}

static void
page_export(struct req *r)
{
	if (svc_export_csv(db_thread(), &r->out) < 0) {
		buf_reset(&r->out);
		http_error(r, 500, "internal", "Không xuất được danh mục", NULL);
		return;
	}
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	http_header(r, "Content-Disposition", "attachment;"
	    " filename=\"danh-muc-thu-tuc.csv\"");
}

/* --- a dossier handed in at the counter ---------------------------------- */

static void
counter_form(struct req *r, const char *code, json_t *values,
    const char *error, int status)
{
	struct svc_procedure p;
	struct svc_form f;
	int i, found;

	found = code && *code && svc_procedure_get(db_thread(), &r->arena,
	    code, &p) == 0 && p.active;
	page_begin(r, "Nhập hồ sơ tại quầy");
	r->status = status;
	svc_page_office_menu(r);
	html_printf(&r->out, "<h1>Nhập hồ sơ nộp trực tiếp</h1><form method="
	    "\"get\" class=\"search\" action=\"/mot-cua/nhap\"><label for=\"tt\">"
	    "Mã thủ tục</label><input id=\"tt\" name=\"thu_tuc\" value=\"%s\""
	    " required><button type=\"submit\">Chọn</button></form>",
	    code ? code : "");
	if (error)
		page_alert(r, error);
	if (!found) {
		if (code && *code)
			page_alert(r, "Không có thủ tục này");
		page_end(r);
		return;
	}
	if (svc_form_parse(&r->arena, p.form, &f, NULL) < 0)
		f.n = 0;
	html_printf(&r->out, "<h2>%s</h2><form method=\"post\" enctype=\""
	    "multipart/form-data\" action=\"/mot-cua/nhap?thu_tuc=%s\">",
	    p.name, url_escape(&r->arena, p.code));
	page_csrf(r);
	html_printf(&r->out, "<fieldset><legend>Người nộp</legend><label for="
	    "\"an\">Họ và tên *</label><input id=\"an\" name=\"applicant_name\""
	    " required value=\"%s\"><label for=\"ae\">Thư điện tử (nhận thông"
	    " báo)</label><input id=\"ae\" name=\"applicant_email\" type=\"email\""
	    " value=\"%s\"><label for=\"ap\">Điện thoại</label><input id=\"ap\""
	    " name=\"applicant_phone\" type=\"tel\" value=\"%s\"><label for="
	    "\"ad\">Địa chỉ</label><input id=\"ad\" name=\"applicant_address\""
	    " value=\"%s\"></fieldset><fieldset><legend>Thông tin hồ sơ"
	    "</legend>", req_form(r, "applicant_name") ?
	    req_form(r, "applicant_name") : "", req_form(r, "applicant_email") ?
	    req_form(r, "applicant_email") : "", req_form(r, "applicant_phone") ?
	    req_form(r, "applicant_phone") : "",
	    req_form(r, "applicant_address") ? req_form(r, "applicant_address") :
	    "");
	for (i = 0; i < f.n; i++)
		svc_web_field(r, &f.fields[i], values);
	html_raw(&r->out, "</fieldset><button type=\"submit\">Nộp và cấp mã"
	    " hồ sơ</button></form>");
	page_end(r);
}

static void
page_counter(struct req *r)
{
	counter_form(r, req_query(r, "thu_tuc"), NULL, NULL, 200);
}

static void
do_counter(struct req *r)
{
	struct svc_application app = { 0 };
	struct svc_err e = { 0 };
	struct svc_actor who;
	struct db *db = db_thread();
	json_t *values;
	int64_t id = 0;
	int rc;

	if (svc_web_staff(r, &who) < 0)
		return;
	values = svc_web_values(r);
	app.procedure_code = req_query(r, "thu_tuc");
	app.applicant_name = req_form(r, "applicant_name");
	app.applicant_email = req_form(r, "applicant_email");
	app.applicant_phone = req_form(r, "applicant_phone");
	app.applicant_addr = req_form(r, "applicant_address");
	app.values = values;
	if (db_begin(db) < 0) {
		counter_form(r, app.procedure_code, values, "Hệ thống bận", 503);
		json_decref(values);
		return;
	}
	rc = svc_dossier_create(db, &who, &app, time(NULL), &id, &e);
	if (rc == 0)
		rc = svc_web_attach_all(db, r, &who, id, &e);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		counter_form(r, app.procedure_code, values, e.message ?
		    e.message : "Hệ thống bận", e.status ? e.status : 503);
		json_decref(values);
		return;
	}
	json_decref(values);
	http_redirect(r, arena_printf(&r->arena, "/mot-cua/ho-so/%lld?ok=1",
	    (long long)id));
}

/* One row a page. */
static const struct route routes[] = {
	{ HTTP_GET,  "/mot-cua/danh-muc", ROUTE_PAGE, DIR_ROLE_ADMIN,
	    page_catalogue },
	{ HTTP_POST, "/mot-cua/danh-muc", ROUTE_PAGE, DIR_ROLE_ADMIN, do_import,
	    ROUTE_UPLOAD },
	{ HTTP_GET,  "/mot-cua/danh-muc.csv", ROUTE_PAGE, DIR_ROLE_ADMIN,
	    page_export },
	{ HTTP_GET,  "/mot-cua/nhap", ROUTE_PAGE, DIR_ROLE_ONESTOP, page_counter },
	{ HTTP_POST, "/mot-cua/nhap", ROUTE_PAGE, DIR_ROLE_ONESTOP, do_counter,
	    ROUTE_UPLOAD },
	{ 0, NULL, 0, 0, NULL }
};

void
svc_page_admin_register(void)
{
	http_routes_add(routes);
}
