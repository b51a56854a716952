/* docs_page.c - the queues of documents, search with filters, and the
 * registers printed as the decree's tables. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/cache.h"
#include "core/calendar.h"
#include "core/memo.h"
#include "core/page.h"
#include "directory/directory.h"
#include "docs_api.h"
#include "docs_int.h"
#include "docs_page.h"

int
docs_page_actor(struct req *r, struct docs_actor *who)
{
	if (docs_actor_init(db_thread(), who, r->user.id, r->user.username,
	    r->user.full_name, r->ip, r->user.unit_id, r->user.roles) < 0) {
		http_error(r, 403, "no_unit", "Tài khoản không thuộc đơn vị nào",
		    NULL);
		return -1;
	}
	return 0;
}

const char *
docs_page_state(const struct docs_doc *d)
{
	if (d->in_state)
		return docs_in_state_label(docs_in_state_parse(d->in_state));
	return docs_state_label(docs_state_parse(d->state));
}

void
docs_page_urgency(struct req *r, int urgency)
{
	if (urgency > DOCS_URGENCY_NORMAL)
		html_printf(&r->out, "<span class=\"tag urgent\">%s</span> ",
		    docs_urgency_label(urgency));
}

/* 1 when the document is open work of its receiving body past its
 * deadline (both dates YYYY-MM-DD, which compare as strings). */
static int
overdue(const struct docs_doc *d, const char *today)
{
	return d->deadline && d->in_state && strcmp(d->in_state,
	    docs_in_state_name(DOCS_IN_DIRECTED)) == 0 &&
	    strcmp(d->deadline, today) < 0;
}

void
docs_page_table(struct req *r, const struct docs_doc *d, int n)
{
	char today[11];
	int i;

	calendar_format_iso(docs_today(), today);

	html_raw(&r->out, "<table class=\"list\"><thead><tr>"
	    "<th scope=\"col\">Số, ký hiệu</th><th scope=\"col\">Trích yếu</th>"
	    "<th scope=\"col\">Cơ quan ban hành</th><th scope=\"col\">Ngày</th>"
	    "<th scope=\"col\">Trạng thái</th><th scope=\"col\">Hạn xử lý</th>"
	    "</tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		html_printf(&r->out, "<tr><td>%s</td><td>",
		    *d[i].notation ? d[i].notation : "—");
		docs_page_urgency(r, d[i].urgency);
		html_printf(&r->out, "<a href=\"/van-ban/%lld\">%s: %s</a></td>"
		    "<td data-label=\"Cơ quan ban hành\">%s</td><td class=\"date\""
		    " data-label=\"Ngày\">%s</td><td data-label=\"Trạng thái\">"
		    "%s</td><td class=\"date\" data-label=\"Hạn xử lý\">%s",
		    (long long)d[i].id, d[i].type_name, d[i].summary,
		    d[i].issuer_name, calendar_iso_vn(&r->arena, d[i].doc_date),
		    docs_page_state(&d[i]),
		    calendar_iso_vn(&r->arena, d[i].deadline));
		if (overdue(&d[i], today))
			html_raw(&r->out, " <span class=\"tag late\">Quá"
			    " hạn</span>");
		html_raw(&r->out, "</td></tr>");
	}
	html_raw(&r->out, "</tbody></table>");
}

/* The queues a person works from, by role. */
static const struct {
	int		 box;
	unsigned	 roles;
} tabs[] = {
	{ DOCS_BOX_TO_HANDLE, ROLE_USER },
	{ DOCS_BOX_OVERDUE, ROLE_USER },
	{ DOCS_BOX_FOR_INFO, ROLE_USER },
	{ DOCS_BOX_TO_REGISTER, DIR_ROLE_CLERK },
	{ DOCS_BOX_TO_DIRECT, DIR_ROLE_LEADER },
	{ DOCS_BOX_TO_REVIEW, DIR_ROLE_LEADER },
	{ DOCS_BOX_TO_ISSUE, DIR_ROLE_CLERK },
	{ DOCS_BOX_DRAFTS, DIR_ROLE_SPECIALIST | DIR_ROLE_LEADER |
	    DIR_ROLE_CLERK },
	{ DOCS_BOX_INCOMING, ROLE_USER },
	{ DOCS_BOX_OUTGOING, ROLE_USER },
	{ DOCS_BOX_ALL, ROLE_USER },
};

static void
select_options(struct req *r, const char *name, const char *label,
    const char *const *values, const char *const *labels, int n,
    const char *current)
{
	int i;

	html_printf(&r->out, "<label for=\"%s\">%s</label><select id=\"%s\""
	    " name=\"%s\"><option value=\"\">Tất cả</option>", name, label,
	    name, name);
	for (i = 0; i < n; i++)
		if (current && strcmp(current, values[i]) == 0)
			html_printf(&r->out, "<option value=\"%s\" selected>%s"
			    "</option>", values[i], labels[i]);
		else
			html_printf(&r->out, "<option value=\"%s\">%s</option>",
			    values[i], labels[i]);
	html_raw(&r->out, "</select>");
}

/*
 * The choice of a type, the same on every page of the lists while none is
 * chosen: kept in the read cache under the types' watch number (see
 * docs_types_gen), in a key of its MEMO_SECONDS window, so that a change
 * made by the command line shows within that time. Every page, answered
 * from the cache or not, used to read all the types again.
 */
static void
type_select(struct req *r, const char *current)
{
	const char *tv[64] = { NULL }, *tl[64] = { NULL };
	struct docs_type *t;
	int64_t gen = docs_types_gen();
	size_t start = r->out.len;
	char key[48];
	int i, n, keep = current == NULL && gen >= 0;

	snprintf(key, sizeof(key), "docs-types:%lld",
	    (long long)(time(NULL) / MEMO_SECONDS));
	if (keep && cache_get(key, gen, &r->out))
		return;
	n = docs_types(db_thread(), &r->arena, &t);
	for (i = 0; i < n && i < 64; i++) {
		tv[i] = t[i].code;
		tl[i] = t[i].name;
	}
	select_options(r, "type", "Loại văn bản", tv, tl, n < 64 ? n : 64,
	    current);
	if (keep && n >= 0)
		cache_put(key, gen, r->out.data + start,
		    r->out.len - start);
}

static void
search_form(struct req *r, const struct docs_query *q, const char *box)
{
	const char *uv[DOCS_URGENCY_MAX], *ul[DOCS_URGENCY_MAX];
	int i;

	html_printf(&r->out, "<form class=\"search\" method=\"get\""
	    " action=\"/van-ban\" role=\"search\"><input type=\"hidden\""
	    " name=\"box\" value=\"%s\"><label for=\"q\">Tìm văn bản (trích"
	    " yếu, số ký hiệu, cơ quan ban hành, nội dung tệp PDF; không cần"
	    " dấu)</label><div class=\"row\"><input id=\"q\" name=\"q\""
	    " type=\"search\" value=\"%s\" placeholder=\"ví dụ: quyet dinh"
	    " chuyen doi so\"><button type=\"submit\">Tìm</button></div>"
	    "<details><summary>Lọc thêm</summary>", box, q->q ? q->q : "");
	type_select(r, q->type_code);
	for (i = 0; i < DOCS_URGENCY_MAX; i++) {
		uv[i] = docs_urgency_name(i);
		ul[i] = docs_urgency_label(i);
	}
	select_options(r, "urgency", "Độ khẩn", uv, ul, DOCS_URGENCY_MAX,
	    q->urgency >= 0 ? docs_urgency_name(q->urgency) : NULL);
	html_printf(&r->out, "<label for=\"from\">Từ ngày</label><input"
	    " id=\"from\" name=\"from\" type=\"date\" value=\"%s\">"
	    "<label for=\"to\">Đến ngày</label><input id=\"to\" name=\"to\""
	    " type=\"date\" value=\"%s\"></details></form>",
	    q->from ? q->from : "", q->to ? q->to : "");
}

static const char *
valid_date_or_null(struct req *r, const char *name)
{
	const char *s = req_query(r, name);
	int day;

	return s && calendar_parse_iso(s, &day) == 0 ? s : NULL;
}

static void
page_list(struct req *r)
{
	struct docs_query q = { 0 };
	struct docs_actor who;
	struct docs_doc *d;
	const char *box = req_query(r, "box"), *s;
	long off;
	size_t i;
	int n, total;
	const char *key;
	int64_t gen;
	size_t start;

	if (docs_page_actor(r, &who) < 0)
		return;
	q.box = box ? docs_box_parse(box) : -1;
	if (q.box < 0)
		q.box = req_has_role(r, DIR_ROLE_CLERK) ? DOCS_BOX_TO_REGISTER :
		    req_has_role(r, DIR_ROLE_LEADER) ? DOCS_BOX_TO_DIRECT :
		    DOCS_BOX_TO_HANDLE;
	q.q = req_query(r, "q");
	if (q.q && (*q.q == '\0' || strlen(q.q) > 200))
		q.q = NULL;
	q.type_code = req_query(r, "type");
	if (q.type_code && *q.type_code == '\0')
		q.type_code = NULL;
	q.urgency = (s = req_query(r, "urgency")) && *s ?
	    docs_urgency_parse(s) : -1;
	q.from = valid_date_or_null(r, "from");
	q.to = valid_date_or_null(r, "to");
	off = (s = req_query(r, "tu")) ? strtol(s, NULL, 10) : 0;
	q.offset = off > 0 && off < 10000000 ? (int)off : 0;
	q.limit = 50;
	if (q.q)
		q.box = DOCS_BOX_ALL;
	page_begin(r, "Văn bản");
	html_raw(&r->out, "<h1>Văn bản</h1><p class=\"actions\">");
	if (req_has_role(r, DIR_ROLE_SPECIALIST | DIR_ROLE_LEADER |
	    DIR_ROLE_CLERK))
		html_raw(&r->out, "<a class=\"button\" href=\"/van-ban/moi\">"
		    "Soạn văn bản</a> ");
	html_raw(&r->out, "<a class=\"button\" href=\"/so-van-ban\">Sổ văn bản"
	    "</a> <a class=\"button\" href=\"/ho-so\">Hồ sơ công việc</a></p>"
	    "<nav aria-label=\"Hàng đợi\" class=\"tabs\"><ul>");
	for (i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++) {
		if (!req_has_role(r, tabs[i].roles))
			continue;
		/* Markup stays in the format: values are escaped. */
		html_printf(&r->out, tabs[i].box == q.box && !q.q ?
		    "<li><a href=\"/van-ban?box=%s\" aria-current=\"page\">%s"
		    "</a></li>" : "<li><a href=\"/van-ban?box=%s\">%s</a></li>",
		    docs_box_name(tabs[i].box), docs_box_label(tabs[i].box));
	}
	html_raw(&r->out, "</ul></nav>");
	search_form(r, &q, docs_box_name(q.box));
	/* The list itself depends on the reader, the day, the box and the
	 * query: kept while the reader's generation stands. */
	key = arena_printf(&r->arena, "docs-page:%" PRId64 ":%" PRId64 ":%d:%d",
	    who.id, who.body_id, docs_today(), q.box);
	for (i = 0; i < (size_t)r->nquery; i++)
		key = arena_printf(&r->arena, "%s%c%s=%s", key, i ? '&' : '?',
		    r->query[i].name, r->query[i].value);
	gen = docs_reader_generation(db_thread(), &who);
	if (gen >= 0 && cache_get(key, gen, &r->out)) {
		page_end(r);
		return;
	}
	start = r->out.len;
	n = docs_list(db_thread(), &r->arena, &who, &q, &d, &total);
	if (n == -2)
		page_alert(r, "Từ khóa cần ít nhất một chữ hoặc số.");
	else if (n < 0)
		page_alert(r, "Lỗi hệ thống, hãy thử lại.");
	else {
		html_printf(&r->out, "<h2>%s: %d văn bản</h2>", q.q ?
		    "Kết quả tìm kiếm" : docs_box_label(q.box), total);
		if (n > 0)
			docs_page_table(r, d, n);
		if (q.offset + n < total)
			html_printf(&r->out, "<p><a href=\"/van-ban?box=%s&amp;"
			    "q=%s&amp;tu=%d\">Xem tiếp</a></p>",
			    docs_box_name(q.box), q.q ? url_escape(&r->arena,
			    q.q) : "", q.offset + n);
		if (gen >= 0)
			cache_put(key, gen, r->out.data + start,
			    r->out.len - start);
	}
	page_end(r);
}

/* The year of the registers asked for (?nam=), this year by default. */
static int
page_year(struct req *r)
{
	long y = req_query(r, "nam") ? strtol(req_query(r, "nam"), NULL, 10) :
	    calendar_year(docs_today());

	if (y < CALENDAR_YEAR_MIN || y > CALENDAR_YEAR_MAX)
		y = calendar_year(docs_today());
	return (int)y;
}

/* Links to the registers of the year before and, up to this year, the
 * year after: in January a clerk closes and prints last year's. */
static void
year_nav(struct req *r, int y)
{
	html_raw(&r->out, "<nav class=\"crumbs screen-only\" aria-label="
	    "\"Năm\">");
	if (y > CALENDAR_YEAR_MIN)
		html_printf(&r->out, "<a href=\"/so-van-ban?nam=%d\">← Năm %d"
		    "</a>", y - 1, y - 1);
	if (y < calendar_year(docs_today()))
		html_printf(&r->out, "%s<a href=\"/so-van-ban?nam=%d\">Năm %d"
		    " →</a>", y > CALENDAR_YEAR_MIN ? " · " : "", y + 1, y + 1);
	html_raw(&r->out, "</nav>");
}

static void
page_registers(struct req *r)
{
	struct docs_register *g;
	struct docs_actor who;
	int n, i, y = page_year(r);

	if (docs_page_actor(r, &who) < 0)
		return;
	n = docs_registers(db_thread(), &r->arena, who.body_id, y, &g);
	page_begin(r, "Sổ văn bản");
	html_printf(&r->out, "<h1>Sổ văn bản năm %d</h1>", y);
	year_nav(r, y);
	if (n <= 0)
		html_raw(&r->out, "<p>Đơn vị chưa có sổ văn bản nào (sổ được"
		    " mở khi cấp số văn bản đi hoặc vào sổ văn bản đến đầu"
		    " tiên).</p>");
	else {
		html_raw(&r->out, "<ul class=\"results\">");
		for (i = 0; i < n; i++)
			html_printf(&r->out, "<li><a href=\"/so-van-ban/%lld?nam="
			    "%d\">%s</a> <span class=\"muted\">(%d số)</span>"
			    "</li>", (long long)g[i].id, y, g[i].name,
			    g[i].last);
		html_raw(&r->out, "</ul>");
	}
	page_end(r);
}

static void
page_register(struct req *r)
{
	struct docs_register g;
	struct docs_actor who;
	struct docs_doc *d;
	const char *const *cols;
	const char *cells[DOCS_REGISTER_COLS_MAX];
	int n, i, k, ncol, in, y = page_year(r);

	if (docs_page_actor(r, &who) < 0)
		return;
	if (docs_register_find(db_thread(), &r->arena, &who, req_arg_id(r, 0),
	    y, &g) < 0) {
		http_error(r, 404, "not_found", "Không có sổ văn bản này", NULL);
		return;
	}
	in = strcmp(g.direction, "in") == 0;
	n = docs_register_entries(db_thread(), &r->arena, &who, g.id, y, &d);
	page_begin(r, g.name);
	html_printf(&r->out, "<link rel=\"stylesheet\" href=\"/so-van-ban/"
	    "in.css\"><nav aria-label=\"Vị trí\" class=\"crumbs\"><a href=\""
	    "/so-van-ban?nam=%d\">Sổ văn bản năm %d</a></nav>", y, y);
	html_printf(&r->out, "<div class=\"register-head print-only\"><div><p>"
	    "%s</p></div><div><p><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	    "</strong></p><p>Độc lập - Tự do - Hạnh phúc</p></div></div>"
	    "<h1>%s năm %d</h1><p class=\"muted screen-only\">%s</p>"
	    "<p class=\"actions\"><a class=\"button\" href=\"/so-van-ban/%lld/"
	    "pdf?nam=%d\" download>Tải về PDF</a> <a class=\"button\""
	    " href=\"/so-van-ban/%lld/xlsx?nam=%d\" download>Tải về XLSX</a>"
	    " <span class=\"muted\">Sổ theo mẫu của Nghị định 30/2020; in"
	    " được cả từ trang này (Ctrl + P)</span></p>",
	    r->user.unit_name ? r->user.unit_name : "",
	    in ? "Sổ đăng ký văn bản đến" : "Sổ đăng ký văn bản đi", y,
	    g.name, (long long)g.id, y, (long long)g.id, y);
	ncol = docs_register_columns(in, &cols);
	html_raw(&r->out, "<table class=\"list register\"><thead><tr>");
	for (k = 0; k < ncol; k++)
		html_printf(&r->out, "<th scope=\"col\">%s</th>", cols[k]);
	html_raw(&r->out, "</tr><tr class=\"colnum print-only\">");
	for (k = 0; k < ncol; k++)
		html_printf(&r->out, "<th scope=\"col\">(%d)</th>", k + 1);
	html_raw(&r->out, "</tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		memset(cells, 0, sizeof(cells));
		docs_register_cells(db_thread(), &r->arena, in, &d[i], cells);
		html_raw(&r->out, "<tr>");
		for (k = 0; k < ncol; k++)
			if (k == (in ? 5 : 2))
				html_printf(&r->out, "<td><a href=\"/van-ban/%lld\">"
				    "%s</a></td>", (long long)d[i].id, cells[k]);
			else
				html_printf(&r->out, "<td>%s</td>", cells[k] ?
				    cells[k] : "");
		html_raw(&r->out, "</tr>");
	}
	html_raw(&r->out, "</tbody></table>");
	if (n == 0)
		html_raw(&r->out, "<p class=\"muted\">Sổ chưa có văn bản nào trong"
		    " năm này.</p>");
	page_end(r);
}

/* The register as a file: XLSX, or PDF. */
static void
register_file(struct req *r, int pdf)
{
	struct docs_register g;
	struct docs_actor who;
	int y = page_year(r);

	if (docs_page_actor(r, &who) < 0)
		return;
	if (docs_register_find(db_thread(), &r->arena, &who, req_arg_id(r, 0),
	    y, &g) < 0) {
		http_error(r, 404, "not_found", "Không có sổ văn bản này", NULL);
		return;
	}
	docs_send_register(r, &who, &g, y, pdf);
}

static void
page_register_xlsx(struct req *r)
{
	register_file(r, 0);
}

static void
page_register_pdf(struct req *r)
{
	register_file(r, 1);
}

static void
page_print_css(struct req *r)
{
	buf_adds(&r->out, docs_print_css);
	http_header(r, "Cache-Control", "public, max-age=3600");
	http_text(r, 200, "text/css; charset=utf-8");
}

static const struct route routes[] = {
	{ HTTP_GET, "/van-ban",		ROUTE_PAGE, ROLE_USER, page_list },
	{ HTTP_GET, "/so-van-ban",	ROUTE_PAGE, ROLE_USER, page_registers },
	{ HTTP_GET, "/so-van-ban/in.css", ROUTE_PAGE, ROLE_USER, page_print_css },
	{ HTTP_GET, "/so-van-ban/{}",	ROUTE_PAGE, ROLE_USER, page_register },
	{ HTTP_GET, "/so-van-ban/{}/xlsx", ROUTE_PAGE, ROLE_USER,
	    page_register_xlsx },
	{ HTTP_GET, "/so-van-ban/{}/pdf", ROUTE_PAGE, ROLE_USER,
	    page_register_pdf },
	{ 0, NULL, 0, 0, NULL }
};

/* The home page's section: how much waits in each of the person's
 * queues, each a link to it; the overdue in red when there is any. */
static void
home(struct req *r)
{
	struct docs_actor who;
	size_t i;
	int n;

	if (docs_actor_init(db_thread(), &who, r->user.id, r->user.username,
	    r->user.full_name, r->ip, r->user.unit_id, r->user.roles) < 0)
		return;
	html_raw(&r->out, "<h2>Văn bản của tôi</h2><ul class=\"tiles"
	    " counts\">");
	for (i = 0; i < sizeof(tabs) / sizeof(tabs[0]) &&
	    tabs[i].box != DOCS_BOX_INCOMING; i++) {
		if (!req_has_role(r, tabs[i].roles) || (n = docs_box_total(
		    db_thread(), &r->arena, &who, tabs[i].box)) < 0)
			continue;
		page_home_count(r, arena_printf(&r->arena, "/van-ban?box=%s",
		    docs_box_name(tabs[i].box)), n, docs_box_label(tabs[i].box),
		    tabs[i].box == DOCS_BOX_OVERDUE && n > 0);
	}
	html_raw(&r->out, "</ul>");
}

void
docs_page_register(void)
{
	page_home_add(home);
	http_routes_add(routes);
	docs_page_doc_register();
	docs_page_work_register();
}
