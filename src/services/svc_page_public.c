/* svc_page_public.c - the public pages of the services portal, open to
 * everyone: the catalogue searched without diacritics, one procedure with
 * its papers, and tracking a dossier by its code (steps and dates, no
 * personal data). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/page.h"
#include "core/reqjson.h"
#include "svc_web.h"

#define PAGE_SIZE	20

static void
citizen_bar(struct req *r)
{
	struct svc_citizen c;

	html_raw(&r->out, "<nav class=\"crumbs\" aria-label=\"Cổng dịch vụ"
	    " công\"><a href=\"/dich-vu-cong\">Dịch vụ công</a> · <a href=\""
	    "/dich-vu-cong/tra-cuu\">Tra cứu hồ sơ</a> · ");
	if (svc_web_citizen_peek(r, &c) == 0)
		html_printf(&r->out, "<a href=\"/dich-vu-cong/ho-so\">Hồ sơ của"
		    " tôi</a> <span class=\"muted\">(%s)</span>", c.email);
	else
		html_raw(&r->out, "<a href=\"/dich-vu-cong/dang-nhap\">Đăng nhập"
		    " công dân</a>");
	html_raw(&r->out, "</nav>");
}

static void
page_catalogue(struct req *r)
{
	struct svc_proc_query q = { 0 };
	struct svc_procedure *p;
	const char *lv = req_query(r, "level");
	long page = req_query_num(r, "page", 1, 10000);
	int n, i, total, l;

	q.q = req_query(r, "q");
	if (q.q && strlen(q.q) > 200)
		q.q = NULL;
	q.level = lv && *lv ? svc_level_parse(lv) : -1;
	q.active_only = 1;
	q.limit = PAGE_SIZE;
	if (page < 1)
		page = 1;
	q.offset = (int)(page - 1) * PAGE_SIZE;
	n = svc_procedures_list(db_thread(), &r->arena, &q, &p, &total);
	page_begin(r, "Dịch vụ công trực tuyến");
	citizen_bar(r);
	html_printf(&r->out, "<h1>Thủ tục hành chính</h1><form class=\"search\""
	    " method=\"get\" action=\"/dich-vu-cong\" role=\"search\"><label"
	    " for=\"q\">Tìm thủ tục (không cần gõ dấu)</label><input id=\"q\""
	    " name=\"q\" type=\"search\" value=\"%s\" placeholder=\"vd: dang ky"
	    " khai sinh\"><label for=\"level\">Cấp thực hiện</label><select"
	    " id=\"level\" name=\"level\"><option value=\"\">Tất cả</option>",
	    q.q ? q.q : "");
	for (l = 0; l < SVC_LEVEL_MAX; l++)
		html_printf(&r->out, "<option value=\"%s\"%s>%s</option>",
		    svc_level_name(l), q.level == l ? " selected" : "",
		    svc_level_label(l));
	html_printf(&r->out, "</select><button type=\"submit\">Tìm</button>"
	    "</form><p class=\"muted\">%d thủ tục</p>", total);
	if (n > 0) {
		html_raw(&r->out, "<table class=\"list\"><thead><tr><th scope="
		    "\"col\">Mã</th><th scope=\"col\">Tên thủ tục</th><th scope="
		    "\"col\">Lĩnh vực</th><th scope=\"col\">Cấp</th><th scope="
		    "\"col\">Hình thức</th></tr></thead><tbody>");
		for (i = 0; i < n; i++)
			html_printf(&r->out, "<tr><td>%s</td><td><a href=\""
			    "/dich-vu-cong/thu-tuc/%s\">%s</a></td><td>%s</td>"
			    "<td>%s</td><td>%s</td></tr>", p[i].code,
			    url_escape(&r->arena, p[i].code), p[i].name,
			    p[i].field, svc_level_label(p[i].level),
			    svc_mode_label(p[i].mode));
		html_raw(&r->out, "</tbody></table>");
	}
	if (total > (int)page * PAGE_SIZE)
		html_printf(&r->out, "<p><a href=\"/dich-vu-cong?q=%s&amp;level="
		    "%s&amp;page=%ld\">Trang sau</a></p>", url_escape(&r->arena,
		    q.q ? q.q : ""), lv ? url_escape(&r->arena, lv) : "",
		    page + 1);
	page_end(r);
}

static void
page_procedure(struct req *r)
{
	struct svc_component *comp = NULL;
	struct svc_procedure p;
	struct svc_err e;
	json_error_t jerr;
	json_t *arr;
	int n = 0, i;

	if (svc_procedure_get(db_thread(), &r->arena, r->args[0], &p) < 0 ||
	    !p.active) {
		http_error(r, 404, "not_found", "Không có thủ tục này", NULL);
		return;
	}
	if ((arr = json_loads(p.components, 0, &jerr)) != NULL) {
		if (svc_components_from_json(&r->arena, arr, &comp, &n, &e) < 0)
			n = 0;
		json_decref(arr);
	}
	page_begin(r, p.name);
	citizen_bar(r);
	html_printf(&r->out, "<h1>%s</h1><dl class=\"facts\">"
	    "<dt>Mã thủ tục</dt><dd>%s</dd><dt>Lĩnh vực</dt><dd>%s</dd>"
	    "<dt>Cấp thực hiện</dt><dd>%s</dd><dt>Cơ quan thực hiện</dt>"
	    "<dd>%s</dd><dt>Hình thức dịch vụ công</dt><dd>%s</dd>"
	    "<dt>Thời hạn giải quyết</dt><dd>%d ngày làm việc</dd>"
	    "<dt>Phí, lệ phí</dt><dd>%s%s%s</dd><dt>Kết quả</dt><dd>%s</dd>"
	    "<dt>Căn cứ pháp lý</dt><dd>%s</dd></dl>", p.name, p.code, p.field,
	    svc_level_label(p.level), p.agency, svc_mode_label(p.mode), p.days,
	    svc_money(&r->arena, p.fee), *p.fee_text ? " — " : "", p.fee_text,
	    p.result, p.legal_basis);
	html_raw(&r->out, "<h2>Thành phần hồ sơ</h2><table class=\"list\">"
	    "<thead><tr><th scope=\"col\">Giấy tờ</th><th scope=\"col\">Bản"
	    " chính</th><th scope=\"col\">Bản sao</th><th scope=\"col\">Mẫu"
	    "</th></tr></thead><tbody>");
	for (i = 0; i < n; i++)
		html_printf(&r->out, "<tr><td>%s</td><td>%d</td><td>%d</td>"
		    "<td>%s</td></tr>", comp[i].name, comp[i].originals,
		    comp[i].copies, comp[i].template_url);
	html_printf(&r->out, "</tbody></table><p class=\"actions\"><a class=\""
	    "button\" href=\"/dich-vu-cong/nop/%s\">Nộp hồ sơ trực tuyến</a>"
	    "</p>", url_escape(&r->arena, p.code));
	page_end(r);
}

static void
page_track(struct req *r)
{
	const char *code = req_query(r, "ma");
	struct svc_dossier d;
	struct svc_event *ev;
	int n, i, found;

	found = code && *code && svc_dossier_by_code(db_thread(), &r->arena,
	    code, &d) == 0;
	if (code && *code && !found)
		r->status = 404;
	page_begin(r, "Tra cứu hồ sơ");
	if (code && *code && !found)
		r->status = 404;
	citizen_bar(r);
	html_printf(&r->out, "<h1>Tra cứu tiến độ hồ sơ</h1><form class=\""
	    "search\" method=\"get\" action=\"/dich-vu-cong/tra-cuu\" role=\""
	    "search\"><label for=\"ma\">Mã hồ sơ</label><input id=\"ma\" name="
	    "\"ma\" value=\"%s\" placeholder=\"000.00.46.H55-261122-0001\""
	    " required><button type=\"submit\">Tra cứu</button></form>",
	    code ? code : "");
	if (code && *code && !found) {
		page_alert(r, "Không tìm thấy hồ sơ có mã này. Hãy kiểm tra lại"
		    " mã trên giấy tiếp nhận.");
		page_end(r);
		return;
	}
	if (!found) {
		page_end(r);
		return;
	}
	html_printf(&r->out, "<section class=\"card\"><h2>%s</h2><dl class="
	    "\"facts\"><dt>Thủ tục</dt><dd>%s</dd><dt>Nơi tiếp nhận</dt><dd>%s"
	    "</dd><dt>Trạng thái</dt><dd><strong>%s</strong></dd><dt>Ngày nộp"
	    "</dt><dd>%s</dd><dt>Ngày hẹn trả</dt><dd>%s</dd>", d.code,
	    d.procedure_name, d.unit_name, svc_state_label(d.state),
	    svc_web_time(&r->arena, d.submitted_at), d.due ?
	    calendar_iso_vn(&r->arena, d.due) : "Chưa có");
	if (d.finished_on)
		html_printf(&r->out, "<dt>Ngày hoàn thành</dt><dd>%s</dd>",
		    calendar_iso_vn(&r->arena, d.finished_on));
	html_raw(&r->out, "</dl><h3>Các bước</h3><ol class=\"history\">");
	n = svc_history(db_thread(), &r->arena, d.id, &ev);
	for (i = 0; i < n; i++) {
		int step = svc_step_parse(ev[i].action);

		if (step < 0 || step == SVC_STEP_RATE)
			continue;
		html_printf(&r->out, "<li><time>%s</time> — <strong>%s</strong>",
		    svc_web_time(&r->arena, ev[i].at), svc_step_label(step));
		if (*ev[i].to_unit && step == SVC_STEP_TRANSFER)
			html_printf(&r->out, " tới %s", ev[i].to_unit);
		if (*ev[i].due)
			html_printf(&r->out, "; hẹn trả %s",
			    calendar_iso_vn(&r->arena, ev[i].due));
		html_raw(&r->out, "</li>");
	}
	html_raw(&r->out, "</ol></section>");
	page_end(r);
}

/* One row a page. */
static const struct route routes[] = {
	{ HTTP_GET, "/dich-vu-cong", ROUTE_PAGE, ROLE_PUBLIC, page_catalogue },
	{ HTTP_GET, "/dich-vu-cong/thu-tuc/{}", ROUTE_PAGE, ROLE_PUBLIC,
	    page_procedure },
	{ HTTP_GET, "/dich-vu-cong/tra-cuu", ROUTE_PAGE, ROLE_PUBLIC, page_track },
	{ 0, NULL, 0, 0, NULL }
};

void
svc_page_public_register(void)
{
	http_routes_add(routes);
}
