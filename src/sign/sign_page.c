/*
 * sign_page.c - the pages of the sign module: checking the signatures of
 * an uploaded PDF (each signature's signer, chain, signing time,
 * timestamp, integrity and what followed it), and the trust store's
 * administration (import of roots, intermediates and CRLs; removal).
 * The route table and sign_register() are here too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "core/digest.h"
#include "core/page.h"
#include "sign/sign_int.h"

#define TRUST_UPLOAD_MAX	(4u << 20)

/* "2026-03-05T01:02:03Z" (UTC) as "05/03/2026 08:02:03" (Vietnam). */
static const char *
vn_time(struct arena *a, const char *iso)
{
	struct tm tm;
	time_t t;
	char s[32];

	memset(&tm, 0, sizeof(tm));
	if (iso == NULL || iso[0] == '\0')
		return "không rõ";
	if (strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return arena_strdup(a, iso);
	t = timegm(&tm) + 7 * 3600;
	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%d/%m/%Y %H:%M:%S", &tm);
	return arena_strdup(a, s);
}

static const char *
vn_day(struct arena *a, time_t t)
{
	struct tm tm;
	char s[16];

	if (t == 0)
		return "-";
	t += 7 * 3600;
	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%d/%m/%Y", &tm);
	return arena_strdup(a, s);
}

static int
file_sha256(const char *path, char out[65])
{
	unsigned char buf[65536], h[32];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	FILE *f = fopen(path, "rb");
	size_t n;
	int rc = -1;

	if (ctx == NULL || f == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(),
	    NULL) != 1)
		goto out;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (EVP_DigestUpdate(ctx, buf, n) != 1)
			goto out;
	if (ferror(f) || EVP_DigestFinal_ex(ctx, h, NULL) != 1)
		goto out;
	digest_hex(h, 32, out);
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	EVP_MD_CTX_free(ctx);
	return rc;
}

int
sign_web_verify(struct req *r, const char *path, struct sign_check **res,
    size_t *n, char *err, size_t errlen)
{
	X509_STORE *store;
	int rc;

	(void)r;
	if ((store = sign_trust_shared(db_thread(), err, errlen)) ==
	    NULL)
		return -1;
	rc = sign_verify_pdf_store(path, store, res, n, err, errlen);
	X509_STORE_free(store);
	return rc;
}

/* ---- the verification page ------------------------------------------ */

static void
verify_form(struct req *r)
{
	html_raw(&r->out, "<section class=\"card\"><h2>Kiểm tra một tệp</h2>"
	    "<form method=\"post\" enctype=\"multipart/form-data\""
	    " action=\"/ky-so/kiem-tra\">");
	page_csrf(r);
	html_raw(&r->out, "<label for=\"file\">Tệp PDF đã ký (tối đa 20 MB)"
	    "</label><input id=\"file\" name=\"file\" type=\"file\""
	    " accept=\"application/pdf,.pdf\" required>"
	    "<button type=\"submit\">Kiểm tra chữ ký</button></form>"
	    "</section>");
}

static void
verify_page(struct req *r, const char *error, int status)
{
	page_begin(r, "Kiểm tra chữ ký số");
	r->status = status;
	html_raw(&r->out, "<h1>Kiểm tra chữ ký số</h1><p>Tải lên một tệp PDF"
	    " để xem từng chữ ký: người ký, chuỗi chứng thư tới gốc tin cậy"
	    " của kho chứng thư, thời điểm ký, dấu thời gian, nội dung còn"
	    " nguyên vẹn hay không, và phần nào của tệp được thêm sau chữ"
	    " ký.</p>");
	if (error != NULL)
		page_alert(r, error);
	verify_form(r);
	page_end(r);
}

static void
page_verify(struct req *r)
{
	verify_page(r, NULL, 200);
}

static void
one_signature(struct req *r, size_t i, const struct sign_check *c)
{
	int ok = sign_check_valid(c), k;

	html_printf(&r->out, "<section class=\"card\"><h2>Chữ ký %zu: %s</h2>"
	    "<p class=\"%s\" role=\"status\"><strong>%s</strong>", i + 1,
	    c->field, ok ? "notice" : "alert",
	    ok ? "Hợp lệ" : "Không hợp lệ");
	if (!ok && c->problem[0] != '\0')
		html_printf(&r->out, ": %s", c->problem);
	html_printf(&r->out, "</p><dl><dt>Người ký</dt><dd>%s</dd>"
	    "<dt>Nơi cấp chứng thư</dt><dd>%s</dd>"
	    "<dt>Số hiệu chứng thư</dt><dd>%s</dd><dt>Chuỗi chứng thư</dt>"
	    "<dd>", c->signer[0] ? c->signer : "không rõ",
	    c->issuer[0] ? c->issuer : "không rõ",
	    c->serial[0] ? c->serial : "-");
	if (c->nchain == 0)
		html_raw(&r->out, "không dựng được");
	else {
		html_raw(&r->out, "<ol>");
		for (k = 0; k < c->nchain; k++)
			html_printf(&r->out, "<li>%s</li>", c->chain[k]);
		html_raw(&r->out, "</ol>");
	}
	html_printf(&r->out, "%s</dd><dt>Thời điểm ký</dt><dd>%s</dd>"
	    "<dt>Dấu thời gian</dt><dd>",
	    c->trusted ? "(tới một gốc tin cậy)" : "(không tới gốc tin cậy"
	    " nào)", vn_time(&r->arena, c->time));
	if (c->tstime[0] == '\0')
		html_raw(&r->out, "không có");
	else
		html_printf(&r->out, "%s%s%s%s", vn_time(&r->arena, c->tstime),
		    c->tsa[0] ? ", TSA: " : "", c->tsa,
		    c->ts_ok ? "" : " (chưa xác nhận được)");
	html_printf(&r->out, "</dd><dt>Toàn vẹn</dt><dd>%s</dd>"
	    "<dt>Phạm vi</dt><dd>%s</dd></dl></section>",
	    c->intact ? "Nội dung được ký còn nguyên vẹn" :
	    "Nội dung đã bị sửa hoặc chữ ký sai", sign_after_text(c->after));
}

void
sign_web_sections(struct req *r, const struct sign_check *res, size_t n)
{
	size_t i, good = 0;

	for (i = 0; i < n; i++)
		good += sign_check_valid(&res[i]) != 0;
	if (n == 0)
		page_alert(r, "Tệp không có chữ ký số nào");
	else if (good == n)
		html_printf(&r->out, "<p class=\"notice\" role=\"status\">Cả %zu"
		    " chữ ký đều hợp lệ.</p>", n);
	else
		html_printf(&r->out, "<p class=\"alert\" role=\"alert\">%zu trên"
		    " %zu chữ ký không hợp lệ.</p>", n - good, n);
	for (i = 0; i < n; i++)
		one_signature(r, i, &res[i]);
}

static void
do_verify(struct req *r)
{
	struct upload *u = req_file(r, "file");
	struct sign_check *res = NULL;
	char err[SIGN_ERR_MAX], sha[65] = "";
	size_t n = 0;

	if (u == NULL) {
		verify_page(r, "Hãy chọn một tệp PDF", 422);
		return;
	}
	if (sign_web_verify(r, u->path, &res, &n, err, sizeof(err)) < 0) {
		/* The reader's message starts with the temporary path. */
		const char *m = strstr(err, ": ");

		verify_page(r, m != NULL ? m + 2 : err, 422);
		return;
	}
	file_sha256(u->path, sha);
	page_begin(r, "Kết quả kiểm tra chữ ký số");
	html_printf(&r->out, "<h1>Kết quả kiểm tra chữ ký số</h1><p>Tệp <strong>"
	    "%s</strong> (%zu byte, SHA-256 <code>%s</code>).</p>",
	    u->filename != NULL ? u->filename : "", u->size, sha);
	sign_web_sections(r, res, n);
	verify_form(r);
	page_end(r);
	free(res);
}

/* ---- the trust store's administration --------------------------------- */

static void
trust_page(struct req *r, const char *notice, const char *error, int status)
{
	struct sign_trust_item *it = NULL;
	size_t n = 0, i;

	page_begin(r, "Kho chứng thư tin cậy");
	r->status = status;
	html_raw(&r->out, "<h1>Kho chứng thư tin cậy</h1><p>Chữ ký số chỉ"
	    " hợp lệ khi chứng thư của người ký dẫn tới một <strong>chứng thư"
	    " gốc</strong> trong kho (qua các <strong>chứng thư trung gian"
	    "</strong> nếu có) và không có trong <strong>danh sách thu hồi"
	    " (CRL)</strong> của nơi cấp.</p>");
	if (notice != NULL)
		page_notice(r, notice);
	if (error != NULL)
		page_alert(r, error);
	if (sign_trust_list(db_thread(), &it, &n) < 0)
		page_alert(r, "Không đọc được kho chứng thư");
	html_raw(&r->out, "<table class=\"list\"><thead><tr>"
	    "<th scope=\"col\">Số</th><th scope=\"col\">Loại</th>"
	    "<th scope=\"col\">Chủ thể</th><th scope=\"col\">Hiệu lực</th>"
	    "<th scope=\"col\">SHA-256</th><th scope=\"col\">Thêm bởi</th>"
	    "<th scope=\"col\"></th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		html_printf(&r->out, "<tr><td>%lld</td><td>%s</td><td>%s</td>"
		    "<td>%s – %s</td><td><code>%.16s…</code></td><td>%s, %s"
		    "</td><td><form method=\"post\" action=\"/quan-tri/"
		    "kho-chung-thu/%lld/xoa\">", (long long)it[i].id,
		    sign_trust_kind_label(it[i].kind), it[i].subject,
		    vn_day(&r->arena, it[i].not_before),
		    vn_day(&r->arena, it[i].not_after), it[i].sha256,
		    it[i].added_by, vn_day(&r->arena, it[i].added_at),
		    (long long)it[i].id);
		page_csrf(r);
		html_raw(&r->out, "<button type=\"submit\">Bỏ khỏi kho</button>"
		    "</form></td></tr>");
	}
	if (n == 0)
		html_raw(&r->out, "<tr><td colspan=\"7\">Kho trống: chưa chữ ký"
		    " nào được tin cậy.</td></tr>");
	html_raw(&r->out, "</tbody></table><section class=\"card\"><h2>Nhập"
	    " chứng thư hoặc CRL</h2><form method=\"post\""
	    " enctype=\"multipart/form-data\" action=\"/quan-tri/"
	    "kho-chung-thu\">");
	page_csrf(r);
	html_raw(&r->out, "<label for=\"file\">Tệp PEM (có thể nhiều chứng"
	    " thư và CRL) hoặc DER (một chứng thư hoặc một CRL)</label>"
	    "<input id=\"file\" name=\"file\" type=\"file\" required"
	    " accept=\".pem,.crt,.cer,.der,.crl\"><button type=\"submit\">Nhập"
	    " vào kho</button></form></section>");
	page_end(r);
	free(it);
}

static void
page_trust(struct req *r)
{
	trust_page(r, NULL, NULL, 200);
}

/* The uploaded file whole, at most TRUST_UPLOAD_MAX bytes (arena). */
static char *
upload_bytes(struct req *r, struct upload *u, size_t *len)
{
	FILE *f;
	char *p;

	if (u->size == 0 || u->size > TRUST_UPLOAD_MAX ||
	    (f = fopen(u->path, "rb")) == NULL)
		return NULL;
	p = arena_alloc(&r->arena, u->size);
	if (p == NULL || fread(p, 1, u->size, f) != u->size)
		p = NULL;
	fclose(f);
	*len = u->size;
	return p;
}

static int
import_upload(struct req *r, int *added, int *dups, char *err, size_t errlen)
{
	struct upload *u = req_file(r, "file");
	size_t len = 0;
	char *data;

	if (u == NULL)
		return sign_err(err, errlen, "Hãy chọn một tệp");
	if ((data = upload_bytes(r, u, &len)) == NULL)
		return sign_err(err, errlen, "Tệp rỗng hoặc lớn hơn %u byte",
		    TRUST_UPLOAD_MAX);
	return sign_trust_import(db_thread(), data, len,
	    r->user.username != NULL ? r->user.username : "", r->user.id,
	    r->ip != NULL ? r->ip : "", added, dups, err, errlen);
}

static void
do_trust_import(struct req *r)
{
	char err[SIGN_ERR_MAX], msg[128];
	int added, dups;

	if (import_upload(r, &added, &dups, err, sizeof(err)) < 0) {
		trust_page(r, NULL, err, 422);
		return;
	}
	snprintf(msg, sizeof(msg), "Đã nhập %d mục; %d mục đã có trong kho.",
	    added, dups);
	trust_page(r, msg, NULL, 200);
}

static void
do_trust_remove(struct req *r)
{
	char err[SIGN_ERR_MAX];

	if (sign_trust_remove(db_thread(), req_arg_id(r, 0),
	    r->user.username != NULL ? r->user.username : "", r->user.id,
	    r->ip != NULL ? r->ip : "", err, sizeof(err)) < 0) {
		trust_page(r, NULL, err, 404);
		return;
	}
	http_redirect(r, "/quan-tri/kho-chung-thu");
}

/* ---- routes ----------------------------------------------------------- */

void
sign_register(unsigned admin_roles)
{
	static struct route routes[] = {
		{ HTTP_GET,  "/ky-so/kiem-tra", ROUTE_PAGE, ROLE_USER,
		    page_verify, 0 },
		{ HTTP_POST, "/ky-so/kiem-tra", ROUTE_PAGE, ROLE_USER,
		    do_verify, ROUTE_UPLOAD },
		{ HTTP_GET,  "/quan-tri/kho-chung-thu", ROUTE_PAGE, 0,
		    page_trust, 0 },
		{ HTTP_POST, "/quan-tri/kho-chung-thu", ROUTE_PAGE, 0,
		    do_trust_import, ROUTE_UPLOAD },
		{ HTTP_POST, "/quan-tri/kho-chung-thu/{}/xoa", ROUTE_PAGE, 0,
		    do_trust_remove, 0 },
		{ 0, NULL, 0, 0, NULL, 0 }
	};
	size_t i;

	/* The admin rows carry roles 0 until here; without an admin role
	 * they are left out rather than opened to everyone. */
	if (admin_roles == 0)
		routes[2].handler = NULL;
	for (i = 0; routes[i].handler != NULL; i++)
		if (routes[i].roles == 0)
			routes[i].roles = admin_roles;
	http_routes_add(routes);
	sign_api_register(admin_roles);
	sign_flow_tool_register();
	sign_flow_page_register();
	sign_flow_api_register();
	sign_flow_on_signed(SIGN_OWNER_SELF, sign_flow_self_signed);
	page_nav_add("Kiểm tra chữ ký", "/ky-so/kiem-tra", ROLE_USER);
	if (admin_roles != 0)
		page_nav_add("Kho chứng thư", "/quan-tri/kho-chung-thu",
		    admin_roles);
}
