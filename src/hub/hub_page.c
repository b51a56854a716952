/*
 * hub_page.c - the hub's pages for admins (/quan-tri/truc-lien-thong):
 * its settings, the members with adding (the API key shown once) and
 * removal, and the message log with search and paging. The route table
 * and hub_register() are here too.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "core/db.h"
#include "core/jobs.h"
#include "core/page.h"
#include "core/reqjson.h"
#include "directory/directory.h"
#include "hub/hub_int.h"

#define BASE		"/quan-tri/truc-lien-thong"
#define PAGE_SIZE	50

static void
actor(struct req *r, struct hub_actor *who)
{
	who->id = r->user.id;
	who->name = r->user.username ? r->user.username : "";
	who->ip = r->ip ? r->ip : "";
}

static void
settings_form(struct req *r)
{
	struct db *db = db_thread();
	int on = hub_enabled(db) == 1, keep = hub_keep_packages(db);

	html_printf(&r->out, "<section class=\"card\"><h2>Cài đặt</h2><p>"
	    "Trục liên thông đang <strong>%s</strong>.</p><form method=\"post\""
	    " action=\"" BASE "/cai-dat\">", on ? "bật" : "tắt");
	page_csrf(r);
	html_printf(&r->out, "<label class=\"check\"><input type=\"checkbox\""
	    " name=\"enabled\" value=\"1\"%s> Làm trục liên thông cho các"
	    " thành viên</label><label class=\"check\"><input type=\"checkbox\""
	    " name=\"keep_packages\" value=\"1\"%s> Giữ tệp gói tin sau khi"
	    " đã chuyển (bỏ chọn: chỉ giữ nhật ký)</label>"
	    "<button type=\"submit\">Lưu cài đặt</button></form></section>",
	    on ? " checked" : "", keep ? " checked" : "");
}

static void
members_table(struct req *r)
{
	struct hub_member *m;
	int n, i;

	n = hub_members_list(db_thread(), &r->arena, 0, &m);
	html_raw(&r->out, "<h2>Thành viên</h2><table class=\"list\"><thead><tr>"
	    "<th scope=\"col\">Số</th><th scope=\"col\">Tên</th>"
	    "<th scope=\"col\">Mã đơn vị</th><th scope=\"col\">Nhận gói tin</th>"
	    "<th scope=\"col\">Chứng thư ghim</th><th scope=\"col\">Đang chờ"
	    "</th><th scope=\"col\">Đã chuyển</th><th scope=\"col\">Từ ngày"
	    "</th><th scope=\"col\"></th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		html_printf(&r->out, "<tr><td>%lld</td><td>%s</td><td>%s</td>"
		    "<td>%s%s</td><td>%s</td><td>%lld</td><td>%lld</td><td>%s</td>"
		    "<td><form method=\"post\" action=\"" BASE "/thanh-vien/"
		    "%lld/xoa\">", (long long)m[i].id, m[i].name, m[i].codes,
		    m[i].url[0] ? "đẩy tới " : "tự lấy (pull)", m[i].url,
		    m[i].cert_subject[0] ? m[i].cert_subject : "không",
		    (long long)m[i].waiting, (long long)m[i].delivered,
		    hub_vn_time(&r->arena, m[i].created_at), (long long)m[i].id);
		page_csrf(r);
		html_printf(&r->out, "<button type=\"submit\" aria-label=\"Gỡ"
		    " thành viên %s\">Gỡ</button></form>", m[i].name);
		if (m[i].url[0] != '\0' && m[i].waiting > 0) {
			html_printf(&r->out, "<form method=\"post\" action=\""
			    BASE "/thanh-vien/%lld/day-ngay\">",
			    (long long)m[i].id);
			page_csrf(r);
			html_printf(&r->out, "<button type=\"submit\""
			    " aria-label=\"Đẩy ngay các gói đang chờ tới %s\""
			    " title=\"Khi hệ thống thành viên đã chạy lại: đẩy"
			    " ngay thay vì đợi đến lượt thử lại\">Đẩy ngay"
			    "</button></form>", m[i].name);
		}
		html_raw(&r->out, "</td></tr>");
	}
	if (n <= 0)
		html_raw(&r->out, "<tr><td colspan=\"9\">Chưa có thành viên"
		    " nào.</td></tr>");
	html_raw(&r->out, "</tbody></table>");
}

static void
add_form(struct req *r)
{
	html_raw(&r->out, "<section class=\"card\"><h2>Thêm thành viên</h2>"
	    "<form method=\"post\" action=\"" BASE "/thanh-vien\">");
	page_csrf(r);
	html_raw(&r->out, "<label for=\"name\">Tên hệ thống</label>"
	    "<input id=\"name\" name=\"name\" required maxlength=\"200\">"
	    "<label for=\"codes\">Mã đơn vị nhận thay (mã đầy đủ như"
	    " 000.00.00.H41 hoặc phần cuối như H41; cách nhau bằng dấu phẩy)"
	    "</label><input id=\"codes\" name=\"codes\" required>"
	    "<label for=\"url\">Địa chỉ đẩy gói tin (hệ thống congso, để trống"
	    " nếu thành viên tự lấy)</label><input id=\"url\" name=\"url\""
	    " type=\"url\" placeholder=\"https://congso.nghean.gov.vn\">"
	    "<label for=\"cert\">Chứng thư ký gói tin của thành viên (PEM, không"
	    " bắt buộc)</label><textarea id=\"cert\" name=\"cert\" rows=\"4\">"
	    "</textarea><button type=\"submit\">Thêm và cấp khóa API</button>"
	    "</form></section>");
}

static void
overview(struct req *r, const char *notice, const char *error, int status)
{
	page_begin(r, "Trục liên thông (LGSP)");
	r->status = status;
	html_raw(&r->out, "<h1>Trục liên thông (LGSP)</h1><p>Các hệ thống"
	    " thành viên gửi gói tin edXML qua trục; trục kiểm tra chữ ký số,"
	    " ghi nhật ký và chuyển gói tin tới thành viên nhận thay cho đơn"
	    " vị nhận. <a href=\"" BASE "/nhat-ky\">Xem nhật ký gói tin</a>."
	    "</p>");
	if (notice != NULL)
		page_notice(r, notice);
	if (error != NULL)
		page_alert(r, error);
	settings_form(r);
	members_table(r);
	add_form(r);
	page_end(r);
}

static void
page_overview(struct req *r)
{
	overview(r, NULL, NULL, 200);
}

static void
do_member_add(struct req *r)
{
	struct hub_member_new nm;
	struct hub_actor who;
	char key[HUB_KEY_LEN + 1], err[HUB_ERR_MAX], *codes, *t;
	const char *cert = req_form(r, "cert");
	int64_t id;
	int rc;

	memset(&nm, 0, sizeof(nm));
	nm.name = req_form(r, "name");
	nm.url = req_form(r, "url");
	codes = arena_strdup(&r->arena, req_form(r, "codes") ?
	    req_form(r, "codes") : "");
	for (t = strtok(codes, ", "); t != NULL; t = strtok(NULL, ", ")) {
		if (nm.ncodes == HUB_CODES_MAX) {
			nm.ncodes++;
			break;
		}
		nm.codes[nm.ncodes++] = t;
	}
	if (cert != NULL && cert[0] != '\0') {
		nm.cert_pem = cert;
		nm.cert_len = strlen(cert);
	}
	actor(r, &who);
	rc = hub_member_create(db_thread(), &who, &nm, key, &id, err,
	    sizeof(err));
	if (rc < 0) {
		overview(r, NULL, rc == -1 ? err : "Hệ thống bận, hãy thử lại",
		    rc == -1 ? 422 : 503);
		return;
	}
	page_begin(r, "Đã thêm thành viên trục");
	html_printf(&r->out, "<h1>Đã thêm thành viên %s</h1>"
	    "<p class=\"notice\" role=\"status\">Khóa API của thành viên chỉ"
	    " hiện <strong>một lần</strong> này; trục chỉ lưu mã băm của khóa."
	    " Hãy chép và trao cho quản trị hệ thống thành viên.</p>"
	    "<p><label for=\"key\">Khóa API</label><input id=\"key\""
	    " readonly value=\"%s\" size=\"50\"></p>"
	    "<p>Hệ thống thành viên gửi khóa trong tiêu đề <code>Authorization:"
	    " Bearer …</code> khi gọi <code>/api/v1/hub/packages</code>.</p>"
	    "<p><a href=\"" BASE "\">Về trang trục liên thông</a></p>",
	    nm.name, key);
	page_end(r);
}

static void
do_member_remove(struct req *r)
{
	struct hub_actor who;
	int rc;

	actor(r, &who);
	rc = hub_member_remove(db_thread(), &who, req_arg_id(r, 0));
	if (rc != 0) {
		overview(r, NULL, rc < 0 ? "Hệ thống bận, hãy thử lại" :
		    "Không có thành viên này (hoặc đã gỡ)", rc < 0 ? 503 : 404);
		return;
	}
	http_redirect(r, BASE);
}

static void
do_member_push_now(struct req *r)
{
	struct hub_actor who;
	char notice[160];
	int rc, n;

	actor(r, &who);
	rc = hub_member_push_now(db_thread(), &who, req_arg_id(r, 0), &n);
	if (rc != 0) {
		overview(r, NULL, rc < 0 ? "Hệ thống bận, hãy thử lại" : rc == 1 ?
		    "Không có thành viên này (hoặc đã gỡ)" : "Thành viên này tự"
		    " lấy gói tin (pull): trục không đẩy tới nó", rc < 0 ? 503 :
		    rc == 1 ? 404 : 409);
		return;
	}
	snprintf(notice, sizeof(notice), "Đang đẩy %d gói tin đang chờ tới"
	    " thành viên", n);
	overview(r, notice, NULL, 200);
}

static void
do_settings(struct req *r)
{
	const char *en = req_form(r, "enabled"), *keep = req_form(r,
	    "keep_packages");
	struct hub_actor who;

	actor(r, &who);
	if (hub_setting_set(db_thread(), &who, "hub.enabled", en &&
	    strcmp(en, "1") == 0 ? "1" : "0") < 0 ||
	    hub_setting_set(db_thread(), &who, "hub.keep_packages", keep &&
	    strcmp(keep, "1") == 0 ? "1" : "0") < 0) {
		overview(r, NULL, "Hệ thống bận, hãy thử lại", 503);
		return;
	}
	http_redirect(r, BASE);
}

/* ---- the log ---------------------------------------------------------- */

static const char *
val(struct req *r, const char *name)
{
	const char *v = req_query(r, name);

	return v ? v : "";
}

static void
log_form(struct req *r)
{
	static const char *const outcomes[][2] = {
		{ "", "Mọi kết quả" }, { "accepted", "Đã nhận" },
		{ "refused", "Từ chối" }, { "waiting", "Đang chờ chuyển" },
		{ "delivered", "Đã chuyển" }, { "failed", "Chuyển thất bại" },
	};
	size_t i;

	html_printf(&r->out, "<form class=\"search card\" method=\"get\""
	    " action=\"" BASE "/nhat-ky\"><div class=\"row\">"
	    "<label for=\"code\">Mã đơn vị gửi hoặc nhận</label>"
	    "<input id=\"code\" name=\"code\" value=\"%s\"></div>"
	    "<div class=\"row\"><label for=\"document_id\">Mã văn bản"
	    " (DocumentId)</label><input id=\"document_id\" name=\"document_id\""
	    " value=\"%s\"></div><div class=\"row\"><label for=\"sha256\">"
	    "SHA-256</label><input id=\"sha256\" name=\"sha256\" value=\"%s\">"
	    "</div><div class=\"row\"><label for=\"from\">Từ ngày</label>"
	    "<input id=\"from\" name=\"from\" placeholder=\"dd/mm/yyyy\""
	    " value=\"%s\"><label for=\"to\">Đến ngày</label><input id=\"to\""
	    " name=\"to\" placeholder=\"dd/mm/yyyy\" value=\"%s\"></div>"
	    "<div class=\"row\"><label for=\"outcome\">Kết quả</label>"
	    "<select id=\"outcome\" name=\"outcome\">", val(r, "code"),
	    val(r, "document_id"), val(r, "sha256"), val(r, "from"),
	    val(r, "to"));
	for (i = 0; i < sizeof(outcomes) / sizeof(outcomes[0]); i++)
		html_printf(&r->out, "<option value=\"%s\"%s>%s</option>",
		    outcomes[i][0], strcmp(val(r, "outcome"), outcomes[i][0]) ?
		    "" : " selected", outcomes[i][1]);
	html_raw(&r->out, "</select><button type=\"submit\">Tìm</button></div>"
	    "</form>");
}

static void
log_row(struct req *r, const struct hub_msg *m)
{
	struct hub_delivery *d;
	int n, i;

	html_printf(&r->out, "<tr><td>%lld</td><td>%s</td><td>%s</td>"
	    "<td>%s</td><td>%s</td><td>%s%s%s</td><td>%s</td>"
	    "<td><code title=\"%s\">%.12s…</code><br>%lld byte</td><td>%s</td>"
	    "<td>", (long long)m->id, hub_vn_time(&r->arena, m->received_at),
	    m->member_name, m->from_code, m->to_codes,
	    strcmp(m->kind, "status") == 0 ? "Trạng thái " : strcmp(m->kind,
	    "doc") == 0 ? "Văn bản" : "-", m->status_code ? m->status_code : "",
	    "", m->document_id, m->sha256, m->sha256, (long long)m->size,
	    !m->sig_present ? "Không ký" : !m->sig_intact ? "Chữ ký hỏng" :
	    !m->sig_trusted ? "Không tin cậy" : m->signer);
	html_printf(&r->out, "<strong>%s</strong>", hub_state_label(
	    m->outcome));
	if (m->reason[0])
		html_printf(&r->out, ": %s", m->reason);
	if (m->repeats)
		html_printf(&r->out, " (gửi lại %d lần)", m->repeats);
	n = hub_msg_deliveries(db_thread(), &r->arena, m->id, &d);
	if (n > 0) {
		html_raw(&r->out, "<ul>");
		for (i = 0; i < n; i++) {
			html_printf(&r->out, "<li>%s (%s): %s", d[i].member_name,
			    hub_state_label(d[i].mode), hub_state_label(
			    d[i].state));
			if (d[i].reason[0])
				html_printf(&r->out, " – %s", d[i].reason);
			html_raw(&r->out, "</li>");
		}
		html_raw(&r->out, "</ul>");
	}
	html_printf(&r->out, "%s</td></tr>", m->blob == NULL &&
	    strcmp(m->outcome, "accepted") == 0 ? "Chỉ còn nhật ký" : "");
}

static void
page_log(struct req *r)
{
	struct hub_query q;
	struct hub_msg *m;
	int64_t total = 0;
	const char *from = val(r, "from"), *to = val(r, "to");
	long page = req_query_num(r, "trang", 1, 100000);
	const char *error = NULL;
	struct buf link = BUF_INIT;
	int n, i;

	memset(&q, 0, sizeof(q));
	q.code = val(r, "code");
	q.document_id = val(r, "document_id");
	q.sha256 = val(r, "sha256");
	q.outcome = val(r, "outcome");
	if (page < 1)
		page = 1;
	q.limit = PAGE_SIZE;
	q.offset = (int)(page - 1) * PAGE_SIZE;
	if (from[0] && (q.since = hub_parse_day(from, 0)) < 0) {
		error = "Ngày bắt đầu phải viết dd/mm/yyyy";
		q.since = 0;
	}
	if (to[0] && (q.until = hub_parse_day(to, 1)) < 0) {
		error = "Ngày kết thúc phải viết dd/mm/yyyy";
		q.until = 0;
	}
	if (strcmp(q.outcome, "") && strcmp(q.outcome, "accepted") &&
	    strcmp(q.outcome, "refused") && strcmp(q.outcome, "waiting") &&
	    strcmp(q.outcome, "delivered") && strcmp(q.outcome, "failed"))
		q.outcome = "";
	page_begin(r, "Nhật ký trục liên thông");
	if (error != NULL)
		r->status = 400;
	html_raw(&r->out, "<p class=\"crumbs\"><a href=\"" BASE "\">Trục liên"
	    " thông</a></p><h1>Nhật ký gói tin</h1>");
	if (error != NULL)
		page_alert(r, error);
	log_form(r);
	n = error ? 0 : hub_log_search(db_thread(), &r->arena, &q, &m, &total);
	if (n < 0) {
		page_alert(r, "Không đọc được nhật ký");
		n = 0;
	}
	html_printf(&r->out, "<p class=\"count\">%lld gói tin</p>"
	    "<table class=\"list\"><thead><tr><th scope=\"col\">Số</th>"
	    "<th scope=\"col\">Thời điểm</th><th scope=\"col\">Thành viên gửi"
	    "</th><th scope=\"col\">Từ</th><th scope=\"col\">Tới</th>"
	    "<th scope=\"col\">Loại</th><th scope=\"col\">Mã văn bản</th>"
	    "<th scope=\"col\">SHA-256, cỡ</th><th scope=\"col\">Người ký</th>"
	    "<th scope=\"col\">Kết quả</th></tr></thead><tbody>",
	    (long long)total);
	for (i = 0; i < n; i++)
		log_row(r, &m[i]);
	if (n == 0)
		html_raw(&r->out, "<tr><td colspan=\"10\">Không có gói tin nào."
		    "</td></tr>");
	html_raw(&r->out, "</tbody></table>");
	if (total > (int64_t)page * PAGE_SIZE || page > 1) {
		buf_printf(&link, "code=%s&document_id=%s&sha256=%s&from=%s"
		    "&to=%s&outcome=%s", url_escape(&r->arena, q.code),
		    url_escape(&r->arena, q.document_id), url_escape(&r->arena,
		    q.sha256), url_escape(&r->arena, from), url_escape(
		    &r->arena, to), url_escape(&r->arena, q.outcome));
		html_raw(&r->out, "<nav aria-label=\"Trang\"><p>");
		if (page > 1)
			html_printf(&r->out, "<a href=\"" BASE "/nhat-ky?%s"
			    "&trang=%ld\">← Trang trước</a> ", link.data,
			    page - 1);
		html_printf(&r->out, "Trang %ld ", page);
		if (total > (int64_t)page * PAGE_SIZE)
			html_printf(&r->out, "<a href=\"" BASE "/nhat-ky?%s"
			    "&trang=%ld\">Trang sau →</a>", link.data, page + 1);
		html_raw(&r->out, "</p></nav>");
		buf_release(&link);
	}
	page_end(r);
}

void
hub_page_register(void)
{
	static const struct route routes[] = {
		{ HTTP_GET,  BASE, ROUTE_PAGE, DIR_ROLE_ADMIN, page_overview, 0 },
		{ HTTP_POST, BASE "/cai-dat", ROUTE_PAGE, DIR_ROLE_ADMIN,
		    do_settings, 0 },
		{ HTTP_POST, BASE "/thanh-vien", ROUTE_PAGE, DIR_ROLE_ADMIN,
		    do_member_add, 0 },
		{ HTTP_POST, BASE "/thanh-vien/{}/day-ngay", ROUTE_PAGE,
		    DIR_ROLE_ADMIN, do_member_push_now, 0 },
		{ HTTP_POST, BASE "/thanh-vien/{}/xoa", ROUTE_PAGE,
		    DIR_ROLE_ADMIN, do_member_remove, 0 },
		{ HTTP_GET,  BASE "/nhat-ky", ROUTE_PAGE, DIR_ROLE_ADMIN,
		    page_log, 0 },
		{ 0, NULL, 0, 0, NULL, 0 }
	};

	http_routes_add(routes);
}

void
hub_register(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	hub_api_register();
	hub_page_register();
	jobs_register("hub.forward", hub_job_forward);
	page_nav_add("Trục liên thông", BASE, DIR_ROLE_ADMIN);
}
