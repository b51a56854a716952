/* directory_page_admin.c - admin forms: units, people, reorganisations. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "directory_page.h"

static const char *const kinds[] = {
	"province", "department", "district", "commune", "division", "party",
	NULL
};

static int64_t
form_id(struct req *r, const char *name)
{
	const char *s = req_form(r, name);
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return 0;
	v = strtoll(s, &end, 10);
	return (*end || v < 0) ? -1 : v;
}

static const char *
form_text(struct req *r, const char *name)
{
	const char *s = req_form(r, name);

	return s ? s : "";
}

static void
field(struct req *r, const char *id, const char *label, const char *value,
    const char *bad, const char *extra)
{
	int is_bad = bad && strcmp(bad, id) == 0;

	html_printf(&r->out, "<label for=\"%s\">%s</label>", id, label);
	if (is_bad)
		html_printf(&r->out, "<input id=\"%s\" name=\"%s\" value=\"%s\""
		    " aria-invalid=\"true\"%s>", id, id, value ? value : "",
		    strcmp(extra, "required") == 0 ? " required" : "");
	else
		html_printf(&r->out, "<input id=\"%s\" name=\"%s\" value=\"%s\"%s>",
		    id, id, value ? value : "", strcmp(extra, "required") == 0 ?
		    " required" : "");
}

static void
unit_form(struct req *r, const struct dir_unit *u, const struct dir_err *e)
{
	int i;

	page_begin(r, u->id ? "Sửa đơn vị" : "Thêm đơn vị");
	html_printf(&r->out, "<section class=\"card\"><h1>%s</h1>", u->id ?
	    "Sửa đơn vị" : "Thêm đơn vị");
	if (e && e->message)
		page_alert(r, e->message);
	if (u->id)
		html_printf(&r->out, "<form method=\"post\" action=\"/quan-tri/"
		    "don-vi/%lld\">", (long long)u->id);
	else
		html_raw(&r->out, "<form method=\"post\" action=\"/quan-tri/"
		    "don-vi\">");
	page_csrf(r);
	field(r, "code", "Mã định danh (QCVN 102, ví dụ 000.00.12.H55)",
	    u->code, e ? e->field : NULL, "required");
	field(r, "name", "Tên đầy đủ", u->name, e ? e->field : NULL, "required");
	field(r, "short_name", "Tên viết tắt (trong ký hiệu văn bản)",
	    u->short_name, e ? e->field : NULL, "required");
	html_raw(&r->out, "<label for=\"kind\">Loại đơn vị</label>"
	    "<select id=\"kind\" name=\"kind\">");
	for (i = 0; kinds[i]; i++) {
		if (u->kind && strcmp(u->kind, kinds[i]) == 0)
			html_printf(&r->out, "<option value=\"%s\" selected>%s"
			    "</option>", kinds[i], dir_kind_label(kinds[i]));
		else
			html_printf(&r->out, "<option value=\"%s\">%s</option>",
			    kinds[i], dir_kind_label(kinds[i]));
	}
	html_raw(&r->out, "</select>");
	field(r, "parent_id", "Số hiệu đơn vị cấp trên (để trống nếu là gốc)",
	    u->parent_id ? arena_printf(&r->arena, "%lld",
	    (long long)u->parent_id) : "", e ? e->field : NULL, "");
	if (u->parent_name)
		html_printf(&r->out, "<p class=\"muted\">Hiện là: %s</p>",
		    u->parent_name);
	field(r, "address", "Địa chỉ", u->address, e ? e->field : NULL, "");
	field(r, "email", "Thư điện tử", u->email, e ? e->field : NULL, "");
	field(r, "phone", "Điện thoại", u->phone, e ? e->field : NULL, "");
	if (!u->id)
		field(r, "effective_from", "Hiệu lực từ ngày (YYYY-MM-DD)",
		    u->effective_from, e ? e->field : NULL, "");
	html_raw(&r->out, "<button type=\"submit\">Lưu</button></form>"
	    "</section>");
	page_end(r);
}

static void
page_unit_new(struct req *r)
{
	struct dir_unit u = { 0 }, parent;
	const char *p = req_query(r, "cap-tren");

	u.kind = "division";
	if (p && dir_unit_get(db_thread(), &r->arena, atoll(p), &parent) == 0) {
		u.parent_id = parent.id;
		u.parent_name = parent.name;
	}
	unit_form(r, &u, NULL);
}

static void
page_unit_edit(struct req *r)
{
	struct dir_unit u;

	if (dir_unit_get(db_thread(), &r->arena, req_arg_id(r, 0), &u) < 0) {
		http_error(r, 404, "not_found", "Không có đơn vị này", NULL);
		return;
	}
	unit_form(r, &u, NULL);
}

static void
unit_from_form(struct req *r, struct dir_unit *u)
{
	u->code = form_text(r, "code");
	u->name = form_text(r, "name");
	u->short_name = form_text(r, "short_name");
	u->kind = form_text(r, "kind");
	u->address = form_text(r, "address");
	u->email = form_text(r, "email");
	u->phone = form_text(r, "phone");
	u->parent_id = form_id(r, "parent_id");
	if (*form_text(r, "effective_from"))
		u->effective_from = form_text(r, "effective_from");
}

static void
save_unit(struct req *r, int64_t id)
{
	struct dir_actor who = { r->user.id, r->user.username, r->ip };
	struct dir_err e = { 0 };
	struct dir_unit u = { 0 };
	struct db *db = db_thread();
	int rc;

	if (id && dir_unit_get(db, &r->arena, id, &u) < 0) {
		http_error(r, 404, "not_found", "Không có đơn vị này", NULL);
		return;
	}
	unit_from_form(r, &u);
	u.id = id;
	if (u.parent_id < 0) {
		e.status = 422;
		e.field = "parent_id";
		e.message = "Số hiệu đơn vị cấp trên phải là số";
		goto bad;
	}
	if (db_begin(db) < 0) {
		http_error(r, 503, "busy", "Hệ thống bận, hãy thử lại", NULL);
		return;
	}
	rc = id ? dir_unit_update(db, &who, &u, &e) :
	    dir_unit_create(db, &who, &u, &e);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		goto bad;
	}
	http_redirect(r, arena_printf(&r->arena, "/don-vi/%lld",
	    (long long)u.id));
	return;
bad:
	unit_form(r, &u, &e);
	r->status = e.status ? e.status : 500;
}

static void
do_unit_create(struct req *r)
{
	save_unit(r, 0);
}

static void
do_unit_update(struct req *r)
{
	save_unit(r, req_arg_id(r, 0));
}

static void
person_form(struct req *r, const struct dir_person *p, const struct dir_err *e)
{
	int i;

	page_begin(r, p->id ? "Sửa người dùng" : "Thêm người dùng");
	html_printf(&r->out, "<section class=\"card\"><h1>%s</h1>", p->id ?
	    "Sửa người dùng" : "Thêm người dùng");
	if (e && e->message)
		page_alert(r, e->message);
	if (p->id)
		html_printf(&r->out, "<form method=\"post\" action=\"/quan-tri/"
		    "nguoi/%lld\">", (long long)p->id);
	else
		html_raw(&r->out, "<form method=\"post\" action=\"/quan-tri/"
		    "nguoi\">");
	page_csrf(r);
	field(r, "username", "Tên đăng nhập (chữ thường không dấu)",
	    p->username, e ? e->field : NULL, "required");
	field(r, "full_name", "Họ và tên", p->full_name, e ? e->field : NULL,
	    "required");
	field(r, "unit_id", "Số hiệu đơn vị", p->unit_id ? arena_printf(
	    &r->arena, "%lld", (long long)p->unit_id) : "", e ? e->field : NULL,
	    "required");
	if (p->unit_name)
		html_printf(&r->out, "<p class=\"muted\">Đơn vị: %s</p>",
		    p->unit_name);
	field(r, "position", "Chức vụ", p->position, e ? e->field : NULL, "");
	field(r, "email", "Thư điện tử", p->email, e ? e->field : NULL, "");
	field(r, "phone", "Điện thoại", p->phone, e ? e->field : NULL, "");
	html_raw(&r->out, "<fieldset><legend>Vai trò</legend>");
	for (i = 0; i < DIR_ROLE_MAX; i++) {
		if (p->roles & (1u << i))
			html_printf(&r->out, "<label class=\"check\"><input"
			    " type=\"checkbox\" name=\"role_%s\" value=\"1\""
			    " checked> %s</label>", dir_role_name(i),
			    dir_role_label(i));
		else
			html_printf(&r->out, "<label class=\"check\"><input"
			    " type=\"checkbox\" name=\"role_%s\" value=\"1\"> %s"
			    "</label>", dir_role_name(i), dir_role_label(i));
	}
	html_raw(&r->out, "</fieldset>");
	if (p->id)
		html_raw(&r->out, p->active ? "<label class=\"check\"><input"
		    " type=\"checkbox\" name=\"active\" value=\"1\" checked>"
		    " Đang hoạt động</label>" : "<label class=\"check\"><input"
		    " type=\"checkbox\" name=\"active\" value=\"1\">"
		    " Đang hoạt động</label>");
	html_raw(&r->out, "<button type=\"submit\">Lưu</button></form>"
	    "</section>");
	page_end(r);
}

static void
page_person_new(struct req *r)
{
	struct dir_person p;
	struct dir_unit u;
	const char *unit = req_query(r, "don-vi");

	memset(&p, 0, sizeof(p));
	p.active = 1;
	if (unit && dir_unit_get(db_thread(), &r->arena, atoll(unit), &u) == 0) {
		p.unit_id = u.id;
		p.unit_name = u.name;
	}
	person_form(r, &p, NULL);
}

static void
page_person_edit(struct req *r)
{
	struct dir_person p;

	if (dir_person_get(db_thread(), &r->arena, req_arg_id(r, 0), &p) < 0) {
		http_error(r, 404, "not_found", "Không có người này", NULL);
		return;
	}
	person_form(r, &p, NULL);
}

static void
save_person(struct req *r, int64_t id)
{
	struct dir_actor who = { r->user.id, r->user.username, r->ip };
	struct dir_err e = { 0 };
	struct dir_person p;
	struct db *db = db_thread();
	char name[32];
	int i, rc;

	memset(&p, 0, sizeof(p));
	if (id && dir_person_get(db, &r->arena, id, &p) < 0) {
		http_error(r, 404, "not_found", "Không có người này", NULL);
		return;
	}
	p.id = id;
	p.username = form_text(r, "username");
	p.full_name = form_text(r, "full_name");
	p.position = form_text(r, "position");
	p.email = form_text(r, "email");
	p.phone = form_text(r, "phone");
	p.unit_id = form_id(r, "unit_id");
	p.active = id ? req_form(r, "active") != NULL : 1;
	p.roles = 0;
	for (i = 0; i < DIR_ROLE_MAX; i++) {
		snprintf(name, sizeof(name), "role_%s", dir_role_name(i));
		if (req_form(r, name))
			p.roles |= 1u << i;
	}
	if (p.unit_id <= 0) {
		e.status = 422;
		e.field = "unit_id";
		e.message = "Nhập số hiệu đơn vị (xem trên trang đơn vị)";
		p.unit_id = 0;
		goto bad;
	}
	if (db_begin(db) < 0) {
		http_error(r, 503, "busy", "Hệ thống bận, hãy thử lại", NULL);
		return;
	}
	rc = id ? dir_person_update(db, &who, &p, &e) :
	    dir_person_create(db, &who, &p, &e);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		goto bad;
	}
	http_redirect(r, arena_printf(&r->arena, "/nguoi/%lld",
	    (long long)p.id));
	return;
bad:
	person_form(r, &p, &e);
	r->status = e.status ? e.status : 500;
}

static void
do_person_create(struct req *r)
{
	save_person(r, 0);
}

static void
do_person_update(struct req *r)
{
	save_person(r, req_arg_id(r, 0));
}

static void
reorg_form(struct req *r, const struct dir_unit *u, const struct dir_err *e)
{
	char today[11];

	dir_today(today);
	page_begin(r, "Sắp xếp đơn vị");
	html_raw(&r->out, "<section class=\"card\"><h1>Sắp xếp đơn vị</h1>");
	if (e && e->message)
		page_alert(r, e->message);
	html_raw(&r->out, "<form method=\"post\" action=\"/quan-tri/sap-xep\">");
	page_csrf(r);
	html_raw(&r->out, "<label for=\"kind\">Hình thức</label>"
	    "<select id=\"kind\" name=\"kind\">"
	    "<option value=\"merge\">Hợp nhất, sáp nhập</option>"
	    "<option value=\"split\">Chia tách</option>"
	    "<option value=\"rename\">Đổi tên</option>"
	    "<option value=\"abolish\">Giải thể</option></select>");
	html_printf(&r->out, "<label for=\"from\">Số hiệu các đơn vị được sắp"
	    " xếp (cách nhau bởi dấu phẩy)</label><input id=\"from\" name=\"from\""
	    " required value=\"%s\">", u ? arena_printf(&r->arena, "%lld",
	    (long long)u->id) : "");
	if (u)
		html_printf(&r->out, "<p class=\"muted\">%s (%s)</p>", u->name,
		    u->code);
	html_printf(&r->out, "<label for=\"into\">Số hiệu đơn vị tiếp nhận (hợp"
	    " nhất vào đơn vị có sẵn, hoặc nơi nhận người khi giải thể)</label>"
	    "<input id=\"into\" name=\"into\">"
	    "<fieldset><legend>Đơn vị mới (hợp nhất thành đơn vị mới, chia"
	    " tách, hoặc tên mới khi đổi tên)</legend>"
	    "<label for=\"new_code\">Mã định danh</label>"
	    "<input id=\"new_code\" name=\"new_code\">"
	    "<label for=\"new_name\">Tên</label>"
	    "<input id=\"new_name\" name=\"new_name\">"
	    "<label for=\"new_short\">Tên viết tắt</label>"
	    "<input id=\"new_short\" name=\"new_short\">"
	    "<label for=\"new2_code\">Mã định danh đơn vị mới thứ hai (chia"
	    " tách)</label><input id=\"new2_code\" name=\"new2_code\">"
	    "<label for=\"new2_name\">Tên đơn vị mới thứ hai</label>"
	    "<input id=\"new2_name\" name=\"new2_name\">"
	    "<label for=\"new2_short\">Tên viết tắt</label>"
	    "<input id=\"new2_short\" name=\"new2_short\"></fieldset>"
	    "<label for=\"effective\">Ngày có hiệu lực</label>"
	    "<input id=\"effective\" name=\"effective\" type=\"date\""
	    " value=\"%s\" required>"
	    "<label for=\"note\">Căn cứ (số quyết định, nghị quyết)</label>"
	    "<input id=\"note\" name=\"note\">"
	    "<button type=\"submit\">Thực hiện</button></form></section>", today);
	page_end(r);
}

static void
page_reorg(struct req *r)
{
	struct dir_unit u;
	const char *id = req_query(r, "don-vi");

	if (id && dir_unit_get(db_thread(), &r->arena, atoll(id), &u) == 0)
		reorg_form(r, &u, NULL);
	else
		reorg_form(r, NULL, NULL);
}

static void
do_reorg(struct req *r)
{
	struct dir_actor who = { r->user.id, r->user.username, r->ip };
	struct dir_err e = { 0 };
	struct dir_reorg g;
	struct db *db = db_thread();
	const char *p;
	char *end;
	int64_t successor;

	memset(&g, 0, sizeof(g));
	g.kind = form_text(r, "kind");
	g.effective = form_text(r, "effective");
	g.note = form_text(r, "note");
	for (p = form_text(r, "from"); *p && g.nfrom < 16; ) {
		long long v = strtoll(p, &end, 10);

		if (end == p || v <= 0) {
			e.status = 422;
			e.message = "Danh sách đơn vị phải là các số hiệu, cách"
			    " nhau bởi dấu phẩy";
			goto bad;
		}
		g.from[g.nfrom++] = v;
		p = end;
		while (*p == ',' || *p == ' ')
			p++;
	}
	g.into = form_id(r, "into");
	if (g.into < 0) {
		e.status = 422;
		e.message = "Số hiệu đơn vị tiếp nhận phải là số";
		goto bad;
	}
	if (*form_text(r, "new_name")) {
		g.created[0].code = form_text(r, "new_code");
		g.created[0].name = form_text(r, "new_name");
		g.created[0].short_name = form_text(r, "new_short");
		g.ncreated = 1;
	}
	if (*form_text(r, "new2_name")) {
		g.created[g.ncreated].code = form_text(r, "new2_code");
		g.created[g.ncreated].name = form_text(r, "new2_name");
		g.created[g.ncreated].short_name = form_text(r, "new2_short");
		g.ncreated++;
	}
	if (db_begin(db) < 0) {
		http_error(r, 503, "busy", "Hệ thống bận, hãy thử lại", NULL);
		return;
	}
	if (dir_reorg_apply(db, &who, &g, &successor, &e) < 0 ||
	    db_commit(db) < 0) {
		db_rollback(db);
		goto bad;
	}
	http_redirect(r, arena_printf(&r->arena, "/don-vi/%lld", (long long)
	    (successor ? successor : g.from[0])));
	return;
bad:
	reorg_form(r, NULL, &e);
	r->status = e.status ? e.status : 500;
}

static void
csv_answer(struct req *r, int (*export)(struct db *, struct buf *),
    const char *filename)
{
	if (export(db_thread(), &r->out) < 0) {
		buf_reset(&r->out);
		http_error(r, 500, "internal", "Lỗi hệ thống khi xuất dữ liệu",
		    NULL);
		return;
	}
	http_header(r, "Content-Disposition", filename);
	http_text(r, 200, "text/csv; charset=utf-8");
}

static void
export_units(struct req *r)
{
	csv_answer(r, dir_export_units, "attachment; filename=\"don-vi.csv\"");
}

static void
export_people(struct req *r)
{
	csv_answer(r, dir_export_people, "attachment; filename=\"nguoi.csv\"");
}

static const struct route routes[] = {
	{ HTTP_GET,  "/quan-tri/xuat/don-vi.csv", ROUTE_PAGE, DIR_ROLE_ADMIN,
	    export_units },
	{ HTTP_GET,  "/quan-tri/xuat/nguoi.csv", ROUTE_PAGE, DIR_ROLE_ADMIN,
	    export_people },
	{ HTTP_GET,  "/quan-tri/don-vi/moi",	ROUTE_PAGE, DIR_ROLE_ADMIN,
	    page_unit_new },
	{ HTTP_POST, "/quan-tri/don-vi",	ROUTE_PAGE, DIR_ROLE_ADMIN,
	    do_unit_create },
	{ HTTP_GET,  "/quan-tri/don-vi/{}/sua",	ROUTE_PAGE, DIR_ROLE_ADMIN,
	    page_unit_edit },
	{ HTTP_POST, "/quan-tri/don-vi/{}",	ROUTE_PAGE, DIR_ROLE_ADMIN,
	    do_unit_update },
	{ HTTP_GET,  "/quan-tri/nguoi/moi",	ROUTE_PAGE, DIR_ROLE_ADMIN,
	    page_person_new },
	{ HTTP_POST, "/quan-tri/nguoi",		ROUTE_PAGE, DIR_ROLE_ADMIN,
	    do_person_create },
	{ HTTP_GET,  "/quan-tri/nguoi/{}/sua",	ROUTE_PAGE, DIR_ROLE_ADMIN,
	    page_person_edit },
	{ HTTP_POST, "/quan-tri/nguoi/{}",	ROUTE_PAGE, DIR_ROLE_ADMIN,
	    do_person_update },
	{ HTTP_GET,  "/quan-tri/sap-xep",	ROUTE_PAGE, DIR_ROLE_ADMIN,
	    page_reorg },
	{ HTTP_POST, "/quan-tri/sap-xep",	ROUTE_PAGE, DIR_ROLE_ADMIN,
	    do_reorg },
	{ 0, NULL, 0, 0, NULL }
};

void
directory_admin_register(void)
{
	http_routes_add(routes);
}
