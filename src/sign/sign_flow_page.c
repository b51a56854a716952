/*
 * sign_flow_page.c - the pages of signing on the signer's own PC: one's
 * requests (to sign, and asked for) with a form to send one's own PDF
 * for signing; a request's page, where the signer has the link for the
 * signing tool issued and the requester follows the state; and the
 * certificates one signs with.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/blob.h"
#include "core/db.h"
#include "core/log.h"
#include "core/page.h"
#include "sign/sign_int.h"

#define LIST_MAX	200
#define CERT_FILE_MAX	(64u << 10)

/* Unix time as "05/03/2026 08:02" in Vietnam's time (arena). */
static const char *
vn_when(struct arena *a, time_t t)
{
	struct tm tm;
	char s[32];

	if (t == 0)
		return "-";
	t += 7 * 3600;
	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%d/%m/%Y %H:%M", &tm);
	return arena_strdup(a, s);
}

static const char *
actor(struct req *r)
{
	return r->user.username != NULL ? r->user.username : "";
}

static const char *
ip(struct req *r)
{
	return r->ip != NULL ? r->ip : "";
}

/* ---- the list, and sending one's own PDF ------------------------------- */

static void
list_page(struct req *r, const char *error, int status)
{
	struct sign_req *v = NULL;
	size_t n = 0, i;

	page_begin(r, "Yêu cầu ký số");
	r->status = status;
	html_raw(&r->out, "<h1>Yêu cầu ký số</h1><p>Văn bản chờ bạn ký bằng"
	    " chứng thư số (USB token) trên máy của bạn, qua công cụ ký số"
	    " (như plugin ký số của Ban Cơ yếu Chính phủ), và các yêu cầu do"
	    " bạn tạo.</p>");
	if (error != NULL)
		page_alert(r, error);
	if (sign_req_list(db_thread(), r->user.id, LIST_MAX, &v, &n) < 0)
		page_alert(r, "Không đọc được danh sách yêu cầu");
	html_raw(&r->out, "<table class=\"list\"><thead><tr>"
	    "<th scope=\"col\">Số</th><th scope=\"col\">Tệp</th>"
	    "<th scope=\"col\">Vai trò</th><th scope=\"col\">Trạng thái</th>"
	    "<th scope=\"col\">Tạo lúc</th><th scope=\"col\">Hạn</th>"
	    "</tr></thead><tbody>");
	for (i = 0; i < n; i++)
		html_printf(&r->out, "<tr><td><a href=\"/ky-so/yeu-cau/%lld\">"
		    "%lld</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
		    "<td>%s</td></tr>", (long long)v[i].id, (long long)v[i].id,
		    v[i].filename[0] ? v[i].filename : v[i].owner_kind,
		    sign_role_label(v[i].role), sign_state_label(v[i].state),
		    vn_when(&r->arena, v[i].created_at),
		    vn_when(&r->arena, v[i].expires_at));
	if (n == 0)
		html_raw(&r->out, "<tr><td colspan=\"6\">Chưa có yêu cầu nào."
		    "</td></tr>");
	free(v);
	html_raw(&r->out, "</tbody></table><section class=\"card\"><h2>Ký một"
	    " tệp PDF của bạn</h2><form method=\"post\""
	    " enctype=\"multipart/form-data\" action=\"/ky-so/yeu-cau\">");
	page_csrf(r);
	html_raw(&r->out, "<label for=\"file\">Tệp PDF (tối đa 20 MB)</label>"
	    "<input id=\"file\" name=\"file\" type=\"file\" required"
	    " accept=\"application/pdf,.pdf\"><label for=\"role\">Vai trò"
	    "</label><select id=\"role\" name=\"role\">"
	    "<option value=\"leader\">Ký số của người có thẩm quyền</option><option value=\"seal\">"
	    "Ký số của cơ quan (đóng dấu)</option></select>"
	    "<label for=\"ttl\">Thời hạn (giờ)</label><input id=\"ttl\""
	    " name=\"ttl_hours\" type=\"number\" min=\"1\" max=\"720\""
	    " value=\"72\"><button type=\"submit\">Tạo yêu cầu ký</button>"
	    "</form><p>Chữ ký chỉ được nhận khi làm bằng chứng thư số bạn đã"
	    " đăng ký ở trang <a href=\"/ky-so/chung-thu\">Chứng thư số của"
	    " tôi</a>.</p></section>");
	page_end(r);
}

static void
page_list(struct req *r)
{
	list_page(r, NULL, 200);
}

/* ---- one request -------------------------------------------------------- */

static void
detail_page(struct req *r, const struct sign_req *q, const char *token,
    const char *notice)
{
	int signer = q->person_id == r->user.id;
	const char *url;

	page_begin(r, "Yêu cầu ký số");
	html_printf(&r->out, "<h1>Yêu cầu ký số %lld</h1>", (long long)q->id);
	if (notice != NULL)
		page_notice(r, notice);
	html_printf(&r->out, "<dl><dt>Trạng thái</dt><dd><strong>%s</strong>"
	    "</dd><dt>Tệp</dt><dd>%s (%lld byte, SHA-256 <code>%s</code>)</dd>"
	    "<dt>Vai trò</dt><dd>%s</dd><dt>Thuộc</dt><dd>%s %lld</dd>"
	    "<dt>Tạo lúc</dt><dd>%s</dd><dt>Hạn</dt><dd>%s</dd>",
	    sign_state_label(q->state), q->filename[0] ? q->filename :
	    "tệp cần ký", (long long)q->size, q->blob_hash,
	    sign_role_label(q->role), q->owner_kind, (long long)q->owner_id,
	    vn_when(&r->arena, q->created_at),
	    vn_when(&r->arena, q->expires_at));
	if (strcmp(q->state, "signed") == 0)
		html_printf(&r->out, "<dt>Ký lúc</dt><dd>%s</dd><dt>Người ký"
		    " (theo chứng thư)</dt><dd>%s</dd><dt>Tệp đã ký</dt><dd>"
		    "SHA-256 <code>%s</code></dd>",
		    vn_when(&r->arena, q->closed_at), q->signer,
		    q->signed_hash);
	html_printf(&r->out, "</dl><p><a href=\"/ky-so/yeu-cau/%lld/tep\">"
	    "Tải tệp %s</a></p>", (long long)q->id,
	    strcmp(q->state, "signed") == 0 ? "đã ký" : "cần ký");
	if (token != NULL) {
		url = sign_flow_url(r, token);
		html_printf(&r->out, "<section class=\"card\" id=\"sign-tool\""
		    " data-file-url=\"%s\" data-upload-url=\"%s\""
		    " data-role=\"%s\"><h2>Liên kết cho công cụ ký số</h2><p>"
		    "Công cụ ký số trên máy bạn tải tệp từ địa chỉ dưới đây,"
		    " ký bằng token của bạn, rồi gửi tệp đã ký về cùng địa chỉ"
		    " (POST hoặc PUT). Liên kết chỉ dùng được một lần, tới %s;"
		    " không chia sẻ nó.</p><dl><dt>Tải tệp cần ký (GET)</dt>"
		    "<dd><code>%s</code></dd><dt>Gửi tệp đã ký (POST/PUT)</dt><dd>"
		    "<code>%s</code></dd></dl></section>", url, url,
		    sign_role_code(q->role), vn_when(&r->arena, q->expires_at),
		    url, url);
	}
	if (strcmp(q->state, "open") == 0 && signer && token == NULL) {
		html_printf(&r->out, "<form method=\"post\""
		    " action=\"/ky-so/yeu-cau/%lld/lien-ket\">",
		    (long long)q->id);
		page_csrf(r);
		html_raw(&r->out, "<button type=\"submit\">Lấy liên kết ký"
		    "</button> <small>(liên kết cũ, nếu có, hết hiệu lực)"
		    "</small></form>");
	}
	if (strcmp(q->state, "open") == 0 && q->created_by == r->user.id) {
		html_printf(&r->out, "<form method=\"post\""
		    " action=\"/ky-so/yeu-cau/%lld/huy\">", (long long)q->id);
		page_csrf(r);
		html_raw(&r->out, "<button type=\"submit\">Hủy yêu cầu</button>"
		    "</form>");
	}
	html_raw(&r->out, "<p><a href=\"/ky-so/yeu-cau\">Các yêu cầu ký số"
	    "</a></p>");
	page_end(r);
}

/* The request named in the path, when the person signs it or asked for
 * it; otherwise answered and -1. */
static int
visible(struct req *r, struct sign_req *q)
{
	int rc = sign_req_get(db_thread(), req_arg_id(r, 0), q);

	if (rc < 0) {
		http_error(r, 500, "internal", "Lỗi cơ sở dữ liệu", NULL);
		return -1;
	}
	if (rc == 1 || (q->person_id != r->user.id &&
	    q->created_by != r->user.id)) {
		http_error(r, 404, "not_found", "Không có yêu cầu ký này",
		    NULL);
		return -1;
	}
	return 0;
}

static void
page_detail(struct req *r)
{
	struct sign_req q;

	if (visible(r, &q) == 0)
		detail_page(r, &q, NULL, NULL);
}

static void
do_create(struct req *r)
{
	struct upload *u = req_file(r, "file");
	const char *role = req_form(r, "role"), *ttl = req_form(r, "ttl_hours");
	char token[SIGN_TOKEN_HEX], err[SIGN_ERR_MAX];
	struct sign_req q;
	long hours = 72;
	int64_t id;
	char *end;

	if (u == NULL) {
		list_page(r, "Hãy chọn một tệp PDF", 422);
		return;
	}
	if (ttl != NULL && ttl[0] != '\0') {
		hours = strtol(ttl, &end, 10);
		if (*end != '\0' || hours < 1 || hours > 720) {
			list_page(r, "Thời hạn phải là số giờ từ 1 đến 720",
			    422);
			return;
		}
	}
	if (sign_flow_self_create(db_thread(), r->user.id, actor(r), ip(r),
	    u->path, u->filename, role != NULL && strcmp(role, "seal") == 0 ?
	    SIGN_ROLE_SEAL : SIGN_ROLE_LEADER, (int)hours * 3600, &id, token,
	    err, sizeof(err)) < 0) {
		list_page(r, err, 422);
		return;
	}
	u->path[0] = '\0';	/* moved into the blob store */
	if (sign_req_get(db_thread(), id, &q) != 0) {
		http_error(r, 500, "internal", "Lỗi cơ sở dữ liệu", NULL);
		return;
	}
	detail_page(r, &q, token, "Đã tạo yêu cầu ký.");
}

static void
do_link(struct req *r)
{
	char token[SIGN_TOKEN_HEX];
	struct sign_req q;
	int rc;

	if (visible(r, &q) < 0)
		return;
	if (q.person_id != r->user.id) {
		http_error(r, 403, "not_signer",
		    "Chỉ người phải ký mới lấy được liên kết ký", NULL);
		return;
	}
	if ((rc = sign_flow_issue(db_thread(), q.id, token)) != 0) {
		http_error(r, rc < 0 ? 500 : 409, "not_open", rc < 0 ?
		    "Lỗi cơ sở dữ liệu" : "Yêu cầu không còn chờ ký (đã ký, bị"
		    " hủy hoặc hết hạn)", NULL);
		return;
	}
	detail_page(r, &q, token, NULL);
}

static void
do_cancel(struct req *r)
{
	struct sign_req q;

	if (visible(r, &q) < 0)
		return;
	if (q.created_by != r->user.id || sign_flow_withdraw(db_thread(), &q,
	    r->user.id, actor(r), ip(r)) < 0) {
		http_error(r, 409, "not_open", "Không hủy được: yêu cầu không"
		    " còn chờ ký hoặc không do bạn tạo", NULL);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/ky-so/yeu-cau/%" PRId64,
	    q.id));
}

/* The file as it is now: the self-service file (which the handler
 * swapped for the signed one), else the signed PDF or the one to sign. */
static void
page_file(struct req *r)
{
	char hash[65];
	struct sign_req q;

	if (visible(r, &q) < 0)
		return;
	snprintf(hash, sizeof(hash), "%s", q.signed_hash[0] ? q.signed_hash :
	    q.blob_hash);
	if (strcmp(q.owner_kind, SIGN_OWNER_SELF) == 0 &&
	    sign_self_current(db_thread(), q.owner_id, hash) < 0) {
		http_error(r, 500, "internal", "Lỗi cơ sở dữ liệu", NULL);
		return;
	}
	if (http_blob(r, hash, "application/pdf", 0) < 0) {
		http_error(r, 500, "internal", "Không đọc được tệp", NULL);
		return;
	}
	http_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename*=UTF-8''%s", url_escape(&r->arena,
	    q.filename[0] ? q.filename : "yeu-cau-ky.pdf")));
	http_header(r, "Cache-Control", "private, no-store");
}

/* ---- the certificates one signs with ------------------------------------ */

static void
certs_page(struct req *r, const char *notice, const char *error, int status)
{
	struct sign_pcert *v = NULL;
	size_t n = 0, i;

	page_begin(r, "Chứng thư số của tôi");
	r->status = status;
	html_raw(&r->out, "<h1>Chứng thư số của tôi</h1><p>Tệp bạn ký bằng"
	    " công cụ ký số chỉ được nhận khi chữ ký mới làm bằng một chứng"
	    " thư số đăng ký ở đây. Xuất chứng thư (tệp .cer hoặc .pem, không"
	    " có khóa bí mật) từ USB token rồi tải lên; chứng thư phải dẫn tới"
	    " một gốc tin cậy của kho chứng thư.</p>");
	if (notice != NULL)
		page_notice(r, notice);
	if (error != NULL)
		page_alert(r, error);
	if (sign_pcert_list(db_thread(), r->user.id, &v, &n) < 0)
		page_alert(r, "Không đọc được danh sách chứng thư");
	html_raw(&r->out, "<table class=\"list\"><thead><tr>"
	    "<th scope=\"col\">Chủ thể</th><th scope=\"col\">Nơi cấp</th>"
	    "<th scope=\"col\">Hiệu lực đến</th><th scope=\"col\">SHA-256</th>"
	    "<th scope=\"col\"></th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		html_printf(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td>"
		    "<td><code>%.16s…</code></td><td><form method=\"post\""
		    " action=\"/ky-so/chung-thu/%lld/xoa\">", v[i].subject,
		    v[i].issuer, vn_when(&r->arena, v[i].not_after),
		    v[i].sha256, (long long)v[i].id);
		page_csrf(r);
		html_raw(&r->out, "<button type=\"submit\">Gỡ</button></form>"
		    "</td></tr>");
	}
	if (n == 0)
		html_raw(&r->out, "<tr><td colspan=\"5\">Chưa đăng ký chứng thư"
		    " nào.</td></tr>");
	free(v);
	html_raw(&r->out, "</tbody></table><section class=\"card\"><h2>Đăng ký"
	    " chứng thư</h2><form method=\"post\""
	    " enctype=\"multipart/form-data\" action=\"/ky-so/chung-thu\">");
	page_csrf(r);
	html_raw(&r->out, "<label for=\"file\">Chứng thư số (PEM hoặc DER)"
	    "</label><input id=\"file\" name=\"file\" type=\"file\" required"
	    " accept=\".cer,.crt,.pem,.der\"><button type=\"submit\">Đăng ký"
	    "</button></form></section>");
	page_end(r);
}

static void
page_certs(struct req *r)
{
	certs_page(r, NULL, NULL, 200);
}

static void
do_cert_add(struct req *r)
{
	struct upload *u = req_file(r, "file");
	char err[SIGN_ERR_MAX], *data;
	FILE *f;
	int rc;

	if (u == NULL || u->size == 0 || u->size > CERT_FILE_MAX) {
		certs_page(r, NULL, "Hãy chọn tệp chứng thư số (tối đa 64 KiB)",
		    422);
		return;
	}
	data = arena_alloc(&r->arena, u->size);
	if ((f = fopen(u->path, "rb")) == NULL) {
		certs_page(r, NULL, "Không đọc được tệp", 500);
		return;
	}
	rc = fread(data, 1, u->size, f) == u->size ? 0 : -1;
	fclose(f);
	if (rc < 0 || sign_pcert_add(db_thread(), r->user.id, data, u->size,
	    actor(r), r->user.id, ip(r), NULL, err, sizeof(err)) < 0) {
		certs_page(r, NULL, rc < 0 ? "Không đọc được tệp" : err, 422);
		return;
	}
	certs_page(r, "Đã đăng ký chứng thư.", NULL, 200);
}

static void
do_cert_remove(struct req *r)
{
	char err[SIGN_ERR_MAX];

	if (sign_pcert_remove(db_thread(), r->user.id, req_arg_id(r, 0),
	    actor(r), r->user.id, ip(r), err, sizeof(err)) < 0) {
		certs_page(r, NULL, err, 404);
		return;
	}
	http_redirect(r, "/ky-so/chung-thu");
}

void
sign_flow_page_register(void)
{
	static const struct route routes[] = {
		{ HTTP_GET, "/ky-so/yeu-cau", ROUTE_PAGE, ROLE_USER,
		    page_list, 0 },
		{ HTTP_POST, "/ky-so/yeu-cau", ROUTE_PAGE, ROLE_USER,
		    do_create, ROUTE_UPLOAD },
		{ HTTP_GET, "/ky-so/yeu-cau/{}", ROUTE_PAGE, ROLE_USER,
		    page_detail, 0 },
		{ HTTP_POST, "/ky-so/yeu-cau/{}/lien-ket", ROUTE_PAGE,
		    ROLE_USER, do_link, 0 },
		{ HTTP_POST, "/ky-so/yeu-cau/{}/huy", ROUTE_PAGE, ROLE_USER,
		    do_cancel, 0 },
		{ HTTP_GET, "/ky-so/yeu-cau/{}/tep", ROUTE_PAGE, ROLE_USER,
		    page_file, 0 },
		{ HTTP_GET, "/ky-so/chung-thu", ROUTE_PAGE, ROLE_USER,
		    page_certs, 0 },
		{ HTTP_POST, "/ky-so/chung-thu", ROUTE_PAGE, ROLE_USER,
		    do_cert_add, ROUTE_UPLOAD },
		{ HTTP_POST, "/ky-so/chung-thu/{}/xoa", ROUTE_PAGE, ROLE_USER,
		    do_cert_remove, 0 },
		{ 0, NULL, 0, 0, NULL, 0 }
	};

	http_routes_add(routes);
	page_nav_add("Yêu cầu ký số", "/ky-so/yeu-cau", ROLE_USER);
	page_nav_add("Chứng thư số của tôi", "/ky-so/chung-thu", ROLE_USER);
}
