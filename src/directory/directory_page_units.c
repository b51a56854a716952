/* directory_page_units.c - the unit tree, search and unit pages. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/log.h"
#include "directory_page.h"

static const char *const kind_labels[][2] = {
	{ "province", "Tỉnh" }, { "department", "Sở, ban, ngành" },
	{ "district", "Cấp huyện" }, { "commune", "Xã, phường, thị trấn" },
	{ "division", "Phòng, đơn vị trực thuộc" }, { "party", "Cơ quan Đảng" },
};

const char *
dir_kind_label(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(kind_labels) / sizeof(kind_labels[0]); i++)
		if (strcmp(kind_labels[i][0], kind) == 0)
			return kind_labels[i][1];
	return kind;
}

void
dir_page_roles(struct req *r, unsigned roles)
{
	int i;

	for (i = 0; i < DIR_ROLE_MAX; i++)
		if (roles & (1u << i))
			html_printf(&r->out, "<span class=\"tag\">%s</span> ",
			    dir_role_label(i));
}

void
dir_page_people_table(struct req *r, const struct dir_person *p, int n,
    int with_unit)
{
	int i;

	html_raw(&r->out, "<table class=\"list\"><thead><tr><th scope=\"col\">"
	    "Họ và tên</th><th scope=\"col\">Chức vụ</th>");
	if (with_unit)
		html_raw(&r->out, "<th scope=\"col\">Đơn vị</th>");
	html_raw(&r->out, "<th scope=\"col\">Thư điện tử</th><th scope=\"col\">"
	    "Điện thoại</th><th scope=\"col\">Vai trò</th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		html_printf(&r->out, "<tr><td><a href=\"/nguoi/%lld\">%s</a></td>"
		    "<td>%s</td>", (long long)p[i].id, p[i].full_name,
		    p[i].position);
		if (with_unit)
			html_printf(&r->out, "<td><a href=\"/don-vi/%lld\">%s</a>"
			    "</td>", (long long)p[i].unit_id, p[i].unit_name);
		html_printf(&r->out, "<td>%s</td><td>%s</td><td>", p[i].email,
		    p[i].phone);
		dir_page_roles(r, p[i].roles);
		html_raw(&r->out, "</td></tr>");
	}
	html_raw(&r->out, "</tbody></table>");
}

static void
tree_children(struct req *r, const char *date, int64_t parent, int depth)
{
	struct dir_unit *u;
	int n, i;

	n = dir_tree_at(db_thread(), &r->arena, date, parent, &u);
	if (n <= 0)
		return;
	html_raw(&r->out, "<ul class=\"tree\" role=\"group\">");
	for (i = 0; i < n; i++) {
		if (u[i].nchildren && depth < 1)
			html_printf(&r->out, "<li><details open data-unit=\"%lld\""
			    " data-date=\"%s\"><summary><a href=\"/don-vi/%lld\">"
			    "%s</a> <span class=\"code\">%s</span>"
			    " <span class=\"count\">(%d)</span></summary>",
			    (long long)u[i].id, date, (long long)u[i].id,
			    u[i].name, u[i].code, u[i].nchildren);
		else if (u[i].nchildren)
			html_printf(&r->out, "<li><details data-unit=\"%lld\""
			    " data-date=\"%s\"><summary><a href=\"/don-vi/%lld\">"
			    "%s</a> <span class=\"code\">%s</span>"
			    " <span class=\"count\">(%d)</span></summary>"
			    "</details></li>", (long long)u[i].id, date,
			    (long long)u[i].id, u[i].name, u[i].code,
			    u[i].nchildren);
		else
			html_printf(&r->out, "<li class=\"leaf\"><a href=\"/don-vi/"
			    "%lld\">%s</a> <span class=\"code\">%s</span></li>",
			    (long long)u[i].id, u[i].name, u[i].code);
		if (u[i].nchildren && depth < 1) {
			tree_children(r, date, u[i].id, depth + 1);
			html_raw(&r->out, "</details></li>");
		}
	}
	html_raw(&r->out, "</ul>");
}

static void
search_form(struct req *r, const char *q, const char *date)
{
	html_printf(&r->out, "<form class=\"search\" method=\"get\""
	    " action=\"/don-vi\" role=\"search\"><label for=\"q\">Tìm đơn vị"
	    " (tên, tên viết tắt hoặc mã; không cần dấu)</label>"
	    "<div class=\"row\"><input id=\"q\" name=\"q\" type=\"search\""
	    " value=\"%s\" placeholder=\"ví dụ: dong hy\">"
	    "<button type=\"submit\">Tìm</button></div>"
	    "<label for=\"ngay\">Cây đơn vị tại ngày</label>"
	    "<div class=\"row\"><input id=\"ngay\" name=\"ngay\" type=\"date\""
	    " value=\"%s\"><button type=\"submit\" name=\"xem\" value=\"1\">"
	    "Xem</button></div></form>", q ? q : "", date);
}

static void
page_units(struct req *r)
{
	const char *q = req_query(r, "q"), *date = req_query(r, "ngay");
	struct dir_unit_query uq = { 0 };
	struct dir_unit *u;
	char today[11];
	int n, i, total;

	dir_today(today);
	if (date == NULL || strlen(date) != 10)
		date = today;
	page_begin(r, "Danh bạ đơn vị");
	html_raw(&r->out, "<h1>Danh bạ đơn vị</h1>");
	if (req_has_role(r, DIR_ROLE_ADMIN))
		html_raw(&r->out, "<p class=\"actions\"><a class=\"button\""
		    " href=\"/quan-tri/don-vi/moi\">Thêm đơn vị</a>"
		    " <a class=\"button\" href=\"/quan-tri/sap-xep\">Sắp xếp"
		    " đơn vị</a> <a class=\"button\" href=\"/quan-tri/xuat/"
		    "don-vi.csv\">Xuất CSV đơn vị</a> <a class=\"button\""
		    " href=\"/quan-tri/xuat/nguoi.csv\">Xuất CSV cán bộ</a></p>");
	search_form(r, q, date);
	if (q && *q) {
		if (strlen(q) > 200)
			q = arena_strndup(&r->arena, q, 200);
		uq.q = q;
		uq.parent_id = -1;
		uq.limit = 100;
		n = dir_units_list(db_thread(), &r->arena, &uq, &u, &total);
		html_printf(&r->out, "<h2 id=\"ket-qua\">Kết quả cho “%s”: %d"
		    " đơn vị</h2>", q, total);
		if (n > 0) {
			html_raw(&r->out, "<ul class=\"results\">");
			for (i = 0; i < n; i++)
				html_printf(&r->out, "<li><a href=\"/don-vi/%lld\">"
				    "%s</a> <span class=\"code\">%s</span>"
				    " <span class=\"muted\">%s%s%s</span></li>",
				    (long long)u[i].id, u[i].name, u[i].code,
				    dir_kind_label(u[i].kind), u[i].parent_name ?
				    " — " : "", u[i].parent_name ?
				    u[i].parent_name : "");
			html_raw(&r->out, "</ul>");
		} else
			html_raw(&r->out, "<p>Không tìm thấy đơn vị nào.</p>");
	} else {
		html_printf(&r->out, "<h2>Cây đơn vị ngày %s</h2>",
		    calendar_iso_vn(&r->arena, date));
		tree_children(r, date, 0, 0);
	}
	page_end(r);
}

/* The children of a node of the tree, for app.js to open it in place. */
static void
page_tree_part(struct req *r)
{
	const char *date = req_query(r, "ngay");
	struct dir_unit *u;
	char today[11];
	int n, i;

	dir_today(today);
	if (date == NULL || strlen(date) != 10)
		date = today;
	n = dir_tree_at(db_thread(), &r->arena, date, req_arg_id(r, 0), &u);
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	html_raw(&r->out, "<ul class=\"tree\" role=\"group\">");
	for (i = 0; i < n; i++) {
		if (u[i].nchildren)
			html_printf(&r->out, "<li><details data-unit=\"%lld\""
			    " data-date=\"%s\"><summary><a href=\"/don-vi/%lld\">"
			    "%s</a> <span class=\"code\">%s</span>"
			    " <span class=\"count\">(%d)</span></summary>"
			    "</details></li>", (long long)u[i].id, date,
			    (long long)u[i].id, u[i].name, u[i].code,
			    u[i].nchildren);
		else
			html_printf(&r->out, "<li class=\"leaf\"><a href=\"/don-vi/"
			    "%lld\">%s</a> <span class=\"code\">%s</span></li>",
			    (long long)u[i].id, u[i].name, u[i].code);
	}
	html_raw(&r->out, "</ul>");
}

static void
unit_history(struct req *r, int64_t id)
{
	struct dir_event *e;
	int n, i;

	n = dir_unit_history(db_thread(), &r->arena, id, &e);
	html_raw(&r->out, "<h2>Lịch sử</h2><ol class=\"history\">");
	for (i = 0; i < n; i++) {
		if (strcmp(e[i].event, "version") == 0)
			html_printf(&r->out, "<li>Từ %s%s%s: <strong>%s</strong>%s%s"
			    "</li>", calendar_iso_vn(&r->arena, e[i].from),
			    e[i].until ? " đến " : "", e[i].until ?
			    calendar_iso_vn(&r->arena, e[i].until) : "",
			    e[i].name,
			    *e[i].detail ? ", trực thuộc " : "", e[i].detail);
		else
			html_printf(&r->out, "<li>Ngày %s: sắp xếp (%s) — %s%s%s"
			    "</li>", calendar_iso_vn(&r->arena, e[i].from),
			    e[i].event + 6, e[i].detail, *e[i].name ? ". " : "",
			    e[i].name);
	}
	html_raw(&r->out, "</ol>");
}

static void
page_unit(struct req *r)
{
	struct dir_person_query pq = { 0 };
	struct dir_unit_query cq = { 0 };
	struct dir_person *people;
	struct dir_unit u, *kids;
	struct db *db = db_thread();
	int n, i, total, ktotal;
	long off;

	if (dir_unit_get(db, &r->arena, req_arg_id(r, 0), &u) < 0) {
		http_error(r, 404, "not_found", "Không có đơn vị này", NULL);
		return;
	}
	page_begin(r, u.name);
	html_printf(&r->out, "<nav aria-label=\"Vị trí\" class=\"crumbs\">"
	    "<a href=\"/don-vi\">Danh bạ</a>%s", u.parent_id ? " › " : "");
	if (u.parent_id)
		html_printf(&r->out, "<a href=\"/don-vi/%lld\">%s</a>",
		    (long long)u.parent_id, u.parent_name);
	html_printf(&r->out, "</nav><h1>%s</h1>", u.name);
	if (u.effective_until) {
		html_printf(&r->out, "<p class=\"error\" role=\"status\">Đơn vị đã"
		    " hết hiệu lực từ ngày %s.", calendar_iso_vn(&r->arena,
		    u.effective_until));
		if (u.successor_id)
			html_printf(&r->out, " Đơn vị kế thừa: <a href=\"/don-vi/"
			    "%lld\">%s</a>.", (long long)u.successor_id,
			    u.successor_name);
		html_raw(&r->out, "</p>");
	}
	html_printf(&r->out, "<dl class=\"facts\"><dt>Mã định danh</dt>"
	    "<dd class=\"code\">%s</dd><dt>Tên viết tắt</dt><dd>%s</dd>"
	    "<dt>Loại</dt><dd>%s (cấp %d)</dd><dt>Địa chỉ</dt><dd>%s</dd>"
	    "<dt>Thư điện tử</dt><dd>%s</dd><dt>Điện thoại</dt><dd>%s</dd>"
	    "<dt>Hiệu lực từ</dt><dd>%s</dd></dl>", u.code, u.short_name,
	    dir_kind_label(u.kind), u.level, *u.address ? u.address : "—",
	    *u.email ? u.email : "—", *u.phone ? u.phone : "—",
	    calendar_iso_vn(&r->arena, u.effective_from));
	if (req_has_role(r, DIR_ROLE_ADMIN) && !u.effective_until)
		html_printf(&r->out, "<p class=\"actions\">"
		    "<a class=\"button\" href=\"/quan-tri/don-vi/%lld/sua\">Sửa</a>"
		    " <a class=\"button\" href=\"/quan-tri/don-vi/moi?cap-tren=%lld\">"
		    "Thêm đơn vị trực thuộc</a>"
		    " <a class=\"button\" href=\"/quan-tri/nguoi/moi?don-vi=%lld\">"
		    "Thêm người</a>"
		    " <a class=\"button\" href=\"/quan-tri/sap-xep?don-vi=%lld\">"
		    "Sắp xếp (hợp nhất, chia tách, đổi tên, giải thể)</a></p>",
		    (long long)u.id, (long long)u.id, (long long)u.id,
		    (long long)u.id);

	cq.parent_id = u.id;
	cq.limit = 200;
	n = dir_units_list(db, &r->arena, &cq, &kids, &ktotal);
	if (n > 0) {
		html_printf(&r->out, "<h2>Đơn vị trực thuộc (%d)</h2>"
		    "<ul class=\"results\">", ktotal);
		for (i = 0; i < n; i++)
			html_printf(&r->out, "<li><a href=\"/don-vi/%lld\">%s</a>"
			    " <span class=\"code\">%s</span></li>",
			    (long long)kids[i].id, kids[i].name, kids[i].code);
		html_raw(&r->out, "</ul>");
	}
	off = req_query(r, "tu") ? strtol(req_query(r, "tu"), NULL, 10) : 0;
	pq.unit_id = u.id;
	pq.limit = 50;
	pq.offset = off > 0 && off < 1000000 ? (int)off : 0;
	n = dir_people_list(db, &r->arena, &pq, &people, &total);
	html_printf(&r->out, "<h2>Cán bộ, công chức (%d)</h2>", total);
	if (n > 0) {
		dir_page_people_table(r, people, n, 0);
		if (pq.offset + n < total)
			html_printf(&r->out, "<p><a href=\"/don-vi/%lld?tu=%d\">"
			    "Xem tiếp</a></p>", (long long)u.id, pq.offset + n);
	}
	unit_history(r, u.id);
	page_end(r);
}

static void
page_people(struct req *r)
{
	const char *q = req_query(r, "q");
	struct dir_person_query pq = { 0 };
	struct dir_person *p;
	int n, total;

	page_begin(r, "Tìm cán bộ");
	html_printf(&r->out, "<h1>Tìm cán bộ, công chức</h1><form class=\"search\""
	    " method=\"get\" action=\"/nguoi\" role=\"search\"><label for=\"q\">"
	    "Họ tên, tên đăng nhập hoặc thư điện tử (không cần dấu)</label>"
	    "<div class=\"row\"><input id=\"q\" name=\"q\" type=\"search\""
	    " value=\"%s\"><button type=\"submit\">Tìm</button></div></form>",
	    q ? q : "");
	if (req_has_role(r, DIR_ROLE_ADMIN))
		html_raw(&r->out, "<p class=\"actions\"><a class=\"button\""
		    " href=\"/quan-tri/nguoi/moi\">Thêm người</a></p>");
	if (q && *q) {
		if (strlen(q) > 200)
			q = arena_strndup(&r->arena, q, 200);
		pq.q = q;
		pq.limit = 100;
		n = dir_people_list(db_thread(), &r->arena, &pq, &p, &total);
		html_printf(&r->out, "<h2>Kết quả: %d người%s</h2>", total,
		    total > 100 ? " (hiện 100 người đầu)" : "");
		if (n > 0)
			dir_page_people_table(r, p, n, 1);
	}
	page_end(r);
}

static void
page_person(struct req *r)
{
	struct dir_person p;

	if (dir_person_get(db_thread(), &r->arena, req_arg_id(r, 0), &p) < 0) {
		http_error(r, 404, "not_found", "Không có người này", NULL);
		return;
	}
	page_begin(r, p.full_name);
	html_printf(&r->out, "<h1>%s</h1><dl class=\"facts\"><dt>Chức vụ</dt>"
	    "<dd>%s</dd><dt>Đơn vị</dt><dd><a href=\"/don-vi/%lld\">%s</a></dd>"
	    "<dt>Thư điện tử</dt><dd>%s</dd><dt>Điện thoại</dt><dd>%s</dd>"
	    "<dt>Tên đăng nhập</dt><dd>%s</dd><dt>Vai trò</dt><dd>",
	    p.full_name, *p.position ? p.position : "—", (long long)p.unit_id,
	    p.unit_name, *p.email ? p.email : "—", *p.phone ? p.phone : "—",
	    p.username);
	dir_page_roles(r, p.roles);
	html_printf(&r->out, "</dd><dt>Trạng thái</dt><dd>%s</dd></dl>",
	    !p.active ? "Đã khóa" : p.can_sign_in ? "Đang hoạt động" :
	    "Chưa đặt mật khẩu");
	if (req_has_role(r, DIR_ROLE_ADMIN))
		html_printf(&r->out, "<p class=\"actions\"><a class=\"button\""
		    " href=\"/quan-tri/nguoi/%lld/sua\">Sửa</a></p>",
		    (long long)p.id);
	page_end(r);
}

static const struct route routes[] = {
	{ HTTP_GET, "/don-vi",		ROUTE_PAGE, ROLE_USER, page_units },
	{ HTTP_GET, "/don-vi/{}",	ROUTE_PAGE, ROLE_USER, page_unit },
	{ HTTP_GET, "/don-vi/{}/cay",	ROUTE_PAGE, ROLE_USER, page_tree_part },
	{ HTTP_GET, "/nguoi",		ROUTE_PAGE, ROLE_USER, page_people },
	{ HTTP_GET, "/nguoi/{}",	ROUTE_PAGE, ROLE_USER, page_person },
	{ 0, NULL, 0, 0, NULL }
};

void
directory_page_register(void)
{
	http_routes_add(routes);
}

void
directory_register(void)
{
	directory_page_register();
	directory_admin_register();
	directory_api_register();
	page_nav_add("Danh bạ", "/don-vi", ROLE_USER);
	page_nav_add("Cán bộ", "/nguoi", ROLE_USER);
	if (db_thread() != NULL && db_sort_keys(db_thread(),
	    "directory.sort_key_collation", "people",
	    "vi_name_key(full_name)") < 0)
		log_error("people's sort keys could not be made: they list"
		    " in byte order");
}
