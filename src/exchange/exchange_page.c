/* exchange_page.c - the exchange's pages: where a document sent stands
 * at each recipient, the recall/update/replace requests waiting for the
 * receiving clerk, and for admins the outbox (with a retry button), the
 * packages refused at receipt and the peer table. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/jobs.h"
#include "core/page.h"
#include "directory/directory.h"
#include "docs/docs.h"
#include "edxml.h"
#include "exchange_int.h"

const char *
exchange_state_label(const char *state, int attempts)
{
	if (strcmp(state, "queued") == 0)
		return attempts > 0 ? "Đang thử gửi lại" : "Chờ gửi";
	if (strcmp(state, "sending") == 0)
		return "Đang gửi";
	if (strcmp(state, "sent") == 0)
		return "Đã gửi";
	if (strcmp(state, "failed") == 0)
		return "Gửi thất bại";
	if (strcmp(state, "received") == 0)
		return "Đã nhận";
	if (strcmp(state, "registered") == 0)
		return "Đã tạo văn bản đến";
	if (strcmp(state, "refused") == 0)
		return "Bị từ chối khi nhận";
	return state;
}

/* "dd/mm/yyyy HH:MM" at UTC+7, in the arena. */
static const char *
vn_time(struct arena *a, long t)
{
	time_t x = (time_t)t + 7 * 3600;
	struct tm tm;

	if (t == 0)
		return "";
	gmtime_r(&x, &tm);
	return arena_printf(a, "%02d/%02d/%04d %02d:%02d", tm.tm_mday,
	    tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

static int
actor(struct req *r, struct docs_actor *who)
{
	if (docs_actor_init(db_thread(), who, r->user.id, r->user.username,
	    r->user.full_name, r->ip, r->user.unit_id, r->user.roles) < 0) {
		http_error(r, 403, "no_unit", "Tài khoản không thuộc đơn vị nào",
		    NULL);
		return -1;
	}
	return 0;
}

/* ---- a document's recipients -------------------------------------------- */

static void
doc_page(struct req *r, const char *notice, const char *error)
{
	struct db *db = db_thread();
	struct docs_actor who;
	struct docs_doc d;
	struct docs_recipient *rc;
	struct exchange_status_row *s;
	int64_t id = req_arg_id(r, 0);
	int nr, ns, i, k, shown = 0;

	if (actor(r, &who) < 0)
		return;
	if (!docs_visible(db, &who, id) ||
	    docs_exchange_get(db, &r->arena, id, &d) < 0) {
		http_error(r, docs_exists(db, id) ? 403 : 404, "not_found",
		    "Không có văn bản này hoặc bạn không được xem", NULL);
		return;
	}
	nr = docs_recipients(db, &r->arena, id, &rc);
	ns = exchange_statuses(db, &r->arena, id, &s);
	page_begin(r, "Liên thông văn bản");
	html_printf(&r->out, "<h1>Liên thông: %s</h1><p><a href=\"/van-ban/"
	    "%lld\">%s</a> — %s</p>", *d.notation ? d.notation : "Văn bản",
	    (long long)id, d.summary, d.issuer_name);
	if (notice)
		page_notice(r, notice);
	if (error)
		page_alert(r, error);
	for (i = 0; i < nr; i++) {
		if (rc[i].unit_id != 0)
			continue;
		shown++;
		html_printf(&r->out, "<section class=\"card\"><h2>%s <small>%s"
		    "</small></h2><table class=\"list\"><thead><tr>"
		    "<th scope=\"col\">Mã</th><th scope=\"col\">Trạng thái</th>"
		    "<th scope=\"col\">Nội dung</th><th scope=\"col\">Người xử lý"
		    "</th><th scope=\"col\">Thời gian</th></tr></thead><tbody>",
		    rc[i].name, rc[i].code);
		for (k = 0; k < ns; k++)
			if (strcmp(s[k].recipient_code, rc[i].code) == 0)
				html_printf(&r->out, "<tr><td>%s</td><td>%s</td>"
				    "<td>%s</td><td>%s</td><td>%s</td></tr>",
				    s[k].status_code,
				    edxml_status_label(s[k].status_code),
				    s[k].description, s[k].staff,
				    vn_time(&r->arena, s[k].at));
		html_printf(&r->out, "</tbody></table><p>Gói: %s</p></section>",
		    strcmp(rc[i].state, "sent") == 0 ? "đã đưa vào hàng đợi gửi" :
		    strcmp(rc[i].state, "pending_exchange") == 0 ?
		    "chờ liên thông" : rc[i].state);
	}
	if (shown == 0)
		html_raw(&r->out, "<p>Văn bản không có nơi nhận ngoài hệ thống.</p>");
	if (shown && d.unit_id == who.body_id && strcmp(d.state, "issued") ==
	    0 && (who.roles & DIR_ROLE_CLERK)) {
		html_printf(&r->out, "<section class=\"card\"><h2>Thu hồi văn bản"
		    "</h2><form method=\"post\" action=\"/lien-thong/van-ban/%lld/"
		    "thu-hoi\">", (long long)id);
		page_csrf(r);
		html_raw(&r->out, "<label for=\"reason\">Lý do thu hồi</label>"
		    "<textarea id=\"reason\" name=\"reason\" required"
		    " maxlength=\"2000\"></textarea><button type=\"submit\">Gửi"
		    " yêu cầu thu hồi</button></form></section>");
	}
	page_end(r);
}

static void
page_doc(struct req *r)
{
	doc_page(r, NULL, NULL);
}

static void
do_recall(struct req *r)
{
	struct db *db = db_thread();
	struct docs_actor who;
	struct docs_doc d;
	const char *reason = req_form(r, "reason");
	int64_t id = req_arg_id(r, 0);
	char payload[64];
	json_t *j;
	char *pl;

	if (actor(r, &who) < 0)
		return;
	if (docs_exchange_get(db, &r->arena, id, &d) < 0 ||
	    d.unit_id != who.body_id || strcmp(d.state, "issued") != 0) {
		http_error(r, 403, "forbidden", "Chỉ văn thư đơn vị ban hành được"
		    " thu hồi văn bản đã phát hành", NULL);
		return;
	}
	if (reason == NULL || *reason == '\0' || strlen(reason) >
	    EXCHANGE_REASON_MAX) {
		r->status = 422;
		doc_page(r, NULL, "Cần ghi lý do thu hồi (tối đa 2.000 byte)");
		r->status = 422;
		return;
	}
	j = json_pack("{sI si ss}", "doc", (json_int_t)id, "business", 1,
	    "reason", reason);
	pl = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	snprintf(payload, sizeof(payload), "document:%" PRId64, id);
	if (pl == NULL || db_begin(db) < 0) {
		free(pl);
		http_error(r, 503, "busy", "Hệ thống bận, thử lại sau", NULL);
		return;
	}
	if (jobs_enqueue(db, "exchange.send", pl, 0) < 0 ||
	    audit_record(db, who.id, who.name, r->ip, "exchange.recall",
	    payload, reason) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		free(pl);
		http_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	free(pl);
	doc_page(r, "Đã đưa yêu cầu thu hồi vào hàng đợi gửi", NULL);
}

/* ---- requests waiting for the receiving clerk --------------------------- */

static void
requests_page(struct req *r, const char *notice, const char *error)
{
	struct docs_actor who;
	struct exchange_request *q;
	int n, i;

	if (actor(r, &who) < 0)
		return;
	n = exchange_requests(db_thread(), &r->arena, who.body_id, 0, &q);
	page_begin(r, "Yêu cầu thu hồi, cập nhật văn bản");
	html_raw(&r->out, "<h1>Yêu cầu thu hồi, cập nhật, thay thế văn bản"
	    " đến</h1>");
	if (notice)
		page_notice(r, notice);
	if (error)
		page_alert(r, error);
	html_raw(&r->out, "<table class=\"list\"><thead><tr><th scope=\"col\">"
	    "Văn bản</th><th scope=\"col\">Nơi gửi</th><th scope=\"col\">Yêu cầu"
	    "</th><th scope=\"col\">Lý do</th><th scope=\"col\">Ngày</th>"
	    "<th scope=\"col\">Trả lời</th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		html_printf(&r->out, "<tr><td><a href=\"/van-ban/%lld\">%s</a>"
		    "</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>"
		    "<form method=\"post\" action=\"/lien-thong/yeu-cau/%lld/"
		    "dong-y\">", (long long)q[i].doc_id, q[i].notation,
		    q[i].from_code, q[i].business == 1 ? "Thu hồi" :
		    q[i].business == 2 ? "Cập nhật" : "Thay thế", q[i].reason,
		    vn_time(&r->arena, q[i].created_at), (long long)q[i].id);
		page_csrf(r);
		html_printf(&r->out, "<button type=\"submit\">Đồng ý</button>"
		    "</form><form method=\"post\" action=\"/lien-thong/yeu-cau/"
		    "%lld/tu-choi\">", (long long)q[i].id);
		page_csrf(r);
		html_raw(&r->out, "<label>Lý do không đồng ý <input name=\"reason\""
		    " required maxlength=\"2000\"></label><button type=\"submit\">"
		    "Không đồng ý</button></form></td></tr>");
	}
	if (n <= 0)
		html_raw(&r->out, "<tr><td colspan=\"6\">Không có yêu cầu nào đang"
		    " chờ.</td></tr>");
	html_raw(&r->out, "</tbody></table>");
	page_end(r);
}

static void
page_requests(struct req *r)
{
	requests_page(r, NULL, NULL);
}

static void
decide(struct req *r, int agree)
{
	struct docs_actor who;
	struct exchange_request q;
	struct buf err = BUF_INIT;
	const char *reason = req_form(r, "reason");
	char state[16];
	int64_t id = req_arg_id(r, 0), doc, unit;
	int recalled, rc;

	if (actor(r, &who) < 0)
		return;
	if (exchange_request_get(db_thread(), &r->arena, id, &q) < 0 ||
	    docs_exchange_receipt(db_thread(), q.receipt_id, &doc, &unit, state,
	    &recalled) < 0 || unit != who.body_id) {
		http_error(r, 404, "not_found", "Không có yêu cầu này", NULL);
		return;
	}
	if ((!agree && (reason == NULL || *reason == '\0')) ||
	    (reason && strlen(reason) > EXCHANGE_REASON_MAX)) {
		requests_page(r, NULL, "Cần ghi lý do không đồng ý (tối đa 2.000"
		    " byte)");
		r->status = 422;
		return;
	}
	rc = exchange_decide(db_thread(), id, agree, reason, who.id, who.name,
	    r->ip, &err);
	if (rc != 0)
		requests_page(r, NULL, rc == 1 ? "Yêu cầu đã được trả lời" :
		    err.data);
	else
		requests_page(r, agree ? "Đã đồng ý; trả lời đã gửi nơi gửi" :
		    "Đã không đồng ý; trả lời đã gửi nơi gửi", NULL);
	buf_release(&err);
}

static void do_agree(struct req *r) { decide(r, 1); }
static void do_disagree(struct req *r) { decide(r, 0); }

/* ---- admin -------------------------------------------------------------- */

static void
pkg_rows(struct req *r, struct exchange_pkg *p, int n, int retry)
{
	int i;

	for (i = 0; i < n; i++) {
		html_printf(&r->out, "<tr><td>%lld</td><td>%s</td><td>%s → %s"
		    "</td><td>%s%s%s</td><td>%s</td><td>%d</td><td>%s</td>"
		    "<td>%s</td><td>", (long long)p[i].id,
		    strcmp(p[i].kind, "doc") == 0 ? "Văn bản" : "Trạng thái",
		    p[i].from_code, p[i].to_code, p[i].notation,
		    *p[i].status_code ? " — " : "", p[i].status_code,
		    exchange_state_label(p[i].state, p[i].attempts),
		    p[i].attempts, p[i].last_error,
		    vn_time(&r->arena, p[i].updated_at));
		if (retry && strcmp(p[i].state, "failed") == 0) {
			html_printf(&r->out, "<form method=\"post\" action=\""
			    "/quan-tri/lien-thong/goi/%lld/gui-lai\">",
			    (long long)p[i].id);
			page_csrf(r);
			html_raw(&r->out, "<button type=\"submit\">Gửi lại"
			    "</button></form>");
		}
		html_raw(&r->out, "</td></tr>");
	}
	if (n <= 0)
		html_raw(&r->out, "<tr><td colspan=\"9\">Không có gói nào.</td>"
		    "</tr>");
}

static const char pkg_head[] = "<table class=\"list\"><thead><tr>"
    "<th scope=\"col\">Số</th><th scope=\"col\">Loại</th><th scope=\"col\">"
    "Từ → đến</th><th scope=\"col\">Văn bản</th><th scope=\"col\">Trạng thái"
    "</th><th scope=\"col\">Lần gửi</th><th scope=\"col\">Lỗi, lý do</th>"
    "<th scope=\"col\">Cập nhật</th><th scope=\"col\"></th></tr></thead>"
    "<tbody>";

static void
admin_page(struct req *r, const char *notice, const char *error)
{
	struct db *db = db_thread();
	struct exchange_pkg *p;
	struct exchange_peer *peers;
	int n, i, total;

	page_begin(r, "Quản trị liên thông văn bản");
	html_raw(&r->out, "<h1>Quản trị liên thông văn bản</h1>");
	if (notice)
		page_notice(r, notice);
	if (error)
		page_alert(r, error);
	html_raw(&r->out, "<section class=\"card\"><h2>Hàng đợi gửi</h2>");
	n = exchange_pkgs(db, &r->arena, "out", "outbox", 0, 100, 0, &p, &total);
	html_printf(&r->out, "<p>%d gói chờ gửi, đang thử lại hoặc thất bại."
	    "</p>", total);
	if (total > 0) {
		html_raw(&r->out, "<form method=\"post\" action=\""
		    "/quan-tri/lien-thong/gui-ngay\">");
		page_csrf(r);
		html_raw(&r->out, "<p>Khi đường truyền tới nơi nhận đã thông"
		    " lại, gửi ngay các gói đang chờ thử lại thay vì đợi đến"
		    " lượt (số lần gửi được đếm lại từ đầu).</p><button"
		    " type=\"submit\">Gửi ngay các gói đang chờ</button></form>");
	}
	html_raw(&r->out, pkg_head);
	pkg_rows(r, p, n, 1);
	html_raw(&r->out, "</tbody></table></section><section class=\"card\">"
	    "<h2>Gói bị từ chối khi nhận</h2>");
	n = exchange_pkgs(db, &r->arena, "in", "refused", 0, 100, 0, &p, &total);
	html_raw(&r->out, pkg_head);
	pkg_rows(r, p, n, 0);
	html_raw(&r->out, "</tbody></table></section><section class=\"card\">"
	    "<h2>Máy ngang hàng</h2><table class=\"list\"><thead><tr>"
	    "<th scope=\"col\">Mã phụ trách</th><th scope=\"col\">Tên</th>"
	    "<th scope=\"col\">Địa chỉ</th><th scope=\"col\">Loại</th>"
	    "<th scope=\"col\">Chứng thư ghim</th><th scope=\"col\"></th></tr>"
	    "</thead><tbody>");
	n = exchange_peers(db, &r->arena, &peers);
	for (i = 0; i < n; i++) {
		html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s"
		    "</td><td><code>%.16s</code></td><td><form method=\"post\""
		    " action=\"/quan-tri/lien-thong/may/%lld/xoa\">",
		    peers[i].match, peers[i].name, peers[i].url,
		    strcmp(peers[i].kind, "hub") == 0 ? "Trục (hub)" :
		    "Trực tiếp", peers[i].cert_sha256, (long long)peers[i].id);
		page_csrf(r);
		html_raw(&r->out, "<button type=\"submit\">Xóa</button></form>"
		    "</td></tr>");
	}
	if (n <= 0)
		html_raw(&r->out, "<tr><td colspan=\"6\">Chưa có máy ngang hàng."
		    "</td></tr>");
	html_raw(&r->out, "</tbody></table><h3>Thêm hoặc sửa</h3><form"
	    " method=\"post\" action=\"/quan-tri/lien-thong/may\">");
	page_csrf(r);
	html_raw(&r->out, "<label for=\"match\">Mã phụ trách (mã định danh,"
	    " hậu tố như H41, hoặc *)</label><input id=\"match\" name=\"match\""
	    " required maxlength=\"64\"><label for=\"name\">Tên</label><input"
	    " id=\"name\" name=\"name\" maxlength=\"255\"><label for=\"url\">Địa"
	    " chỉ (http:// hoặc https://)</label><input id=\"url\" name=\"url\""
	    " type=\"url\" required maxlength=\"512\"><label for=\"kind\">Loại"
	    "</label><select id=\"kind\" name=\"kind\"><option value=\"direct\">"
	    "Trực tiếp</option><option value=\"hub\">Trục (hub)</option>"
	    "</select><label for=\"api_key\">Khóa API của trục</label><input"
	    " id=\"api_key\" name=\"api_key\" type=\"password\" maxlength=\"256\""
	    " autocomplete=\"off\"><label for=\"cert_sha256\">SHA-256 chứng thư"
	    " ghim (tùy chọn)</label><input id=\"cert_sha256\""
	    " name=\"cert_sha256\" maxlength=\"64\"><button type=\"submit\">Lưu"
	    "</button></form></section>");
	page_end(r);
}

static void
page_admin(struct req *r)
{
	admin_page(r, NULL, NULL);
}

static void
do_retry(struct req *r)
{
	struct db *db = db_thread();
	int64_t id = req_arg_id(r, 0);
	char object[64];
	int rc;

	snprintf(object, sizeof(object), "package:%" PRId64, id);
	if (db_begin(db) < 0) {
		admin_page(r, NULL, "Hệ thống bận, thử lại sau");
		return;
	}
	rc = exchange_retry(db, id);
	if (rc != 0 || audit_record(db, r->user.id, r->user.username, r->ip,
	    "exchange.retry", object, "") < 0 || db_commit(db) < 0) {
		db_rollback(db);
		admin_page(r, NULL, rc == 1 ? "Chỉ gửi lại gói đi đã thất bại" :
		    "Lỗi hệ thống");
		return;
	}
	http_redirect(r, "/quan-tri/lien-thong");
}

static void
do_send_now(struct req *r)
{
	char notice[128];
	int n = exchange_send_now_as(db_thread(), r->user.id, r->user.username,
	    r->ip);

	if (n < 0) {
		admin_page(r, NULL, "Hệ thống bận, thử lại sau");
		return;
	}
	snprintf(notice, sizeof(notice), n > 0 ? "Đang gửi %d gói chờ trong"
	    " hàng đợi" : "Không có gói nào chờ thử lại", n);
	admin_page(r, notice, NULL);
}

static void
do_peer_add(struct req *r)
{
	struct db *db = db_thread();
	struct exchange_peer p;
	char object[96];

	memset(&p, 0, sizeof(p));
	p.match = req_form(r, "match");
	p.name = req_form(r, "name");
	p.url = req_form(r, "url");
	p.kind = req_form(r, "kind");
	p.api_key = req_form(r, "api_key");
	p.cert_sha256 = req_form(r, "cert_sha256");
	if (exchange_peer_check(&p) != NULL) {
		admin_page(r, NULL, "Máy ngang hàng không hợp lệ: mã phụ trách là"
		    " mã định danh, hậu tố hoặc *; địa chỉ http(s)://; SHA-256"
		    " gồm 64 ký tự hex");
		r->status = 422;
		return;
	}
	snprintf(object, sizeof(object), "peer:%s", p.match);
	if (db_begin(db) < 0 || exchange_peer_save(db, &p) < 0 ||
	    audit_record(db, r->user.id, r->user.username, r->ip,
	    "exchange.peer.save", object, p.url) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		admin_page(r, NULL, "Lỗi hệ thống");
		return;
	}
	http_redirect(r, "/quan-tri/lien-thong");
}

static void
do_peer_remove(struct req *r)
{
	struct db *db = db_thread();
	int64_t id = req_arg_id(r, 0);
	char object[64];

	snprintf(object, sizeof(object), "peer:%" PRId64, id);
	if (db_begin(db) < 0) {
		admin_page(r, NULL, "Hệ thống bận");
		return;
	}
	if (exchange_peer_remove(db, id, NULL) != 0 || audit_record(db,
	    r->user.id, r->user.username, r->ip, "exchange.peer.remove",
	    object, "") < 0 || db_commit(db) < 0) {
		db_rollback(db);
		admin_page(r, NULL, "Không có máy ngang hàng này");
		return;
	}
	http_redirect(r, "/quan-tri/lien-thong");
}

static const struct route routes[] = {
	{ HTTP_GET,  "/lien-thong/van-ban/{}", ROUTE_PAGE, ROLE_USER, page_doc },
	{ HTTP_POST, "/lien-thong/van-ban/{}/thu-hoi", ROUTE_PAGE,
	    DIR_ROLE_CLERK, do_recall },
	{ HTTP_GET,  "/lien-thong/yeu-cau", ROUTE_PAGE, DIR_ROLE_CLERK,
	    page_requests },
	{ HTTP_POST, "/lien-thong/yeu-cau/{}/dong-y", ROUTE_PAGE,
	    DIR_ROLE_CLERK, do_agree },
	{ HTTP_POST, "/lien-thong/yeu-cau/{}/tu-choi", ROUTE_PAGE,
	    DIR_ROLE_CLERK, do_disagree },
	{ HTTP_GET,  "/quan-tri/lien-thong", ROUTE_PAGE, DIR_ROLE_ADMIN,
	    page_admin },
	{ HTTP_POST, "/quan-tri/lien-thong/goi/{}/gui-lai", ROUTE_PAGE,
	    DIR_ROLE_ADMIN, do_retry },
	{ HTTP_POST, "/quan-tri/lien-thong/gui-ngay", ROUTE_PAGE,
	    DIR_ROLE_ADMIN, do_send_now },
	{ HTTP_POST, "/quan-tri/lien-thong/may", ROUTE_PAGE, DIR_ROLE_ADMIN,
	    do_peer_add },
	{ HTTP_POST, "/quan-tri/lien-thong/may/{}/xoa", ROUTE_PAGE,
	    DIR_ROLE_ADMIN, do_peer_remove },
	{ 0, NULL, 0, 0, NULL, 0 }
};

void
exchange_page_register(void)
{
	http_routes_add(routes);
}
