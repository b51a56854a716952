/* svc_page_forms.c - the forms of Thông tư 01/2018/TT-VPCP as printable
 * pages (Mẫu 01 receipt and appointment, 02 request to supplement, 03
 * refusal, 04 apology with a new date, 05 control slip), the tracking
 * register (Mẫu 06) for a period, and the indicators page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"
#include "core/page.h"
#include "directory/directory.h"
#include "svc_web.h"

static const char *const titles[6] = {
	"", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
	"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
	"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
	"PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
	"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
};

/* The last history row of `action`, or NULL. */
static const struct svc_event *
last_event(const struct svc_event *ev, int n, const char *action)
{
	int i;

	for (i = n - 1; i >= 0; i--)
		if (strcmp(ev[i].action, action) == 0)
			return &ev[i];
	return NULL;
}

#define PARS_MAX	160

struct pars {
	struct svc_pdf_par	 p[PARS_MAX];
	int			 n;
};

static void
par(struct pars *ps, int size, int center, const char *text)
{
	if (ps->n < PARS_MAX) {
		ps->p[ps->n].text = text;
		ps->p[ps->n].size = size;
		ps->p[ps->n].center = center;
		ps->p[ps->n].qr_after = 0;
		ps->n++;
	}
}

/* The text of form `n` of a dossier, paragraph by paragraph; `e` is the
 * history row of the form's step. */
static void
form_pars(struct req *r, const struct svc_dossier *d, int n,
    const struct svc_event *ev, int nev, const struct svc_event *e,
    const char *url, struct pars *ps)
{
	struct arena *a = &r->arena;
	int i;

	par(ps, 10, 0, d->unit_name);
	par(ps, 10, 0, "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ");
	par(ps, 11, 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	par(ps, 11, 1, "Độc lập - Tự do - Hạnh phúc");
	par(ps, 0, 0, NULL);
	par(ps, 9, 1, arena_printf(a, "Mẫu số 0%d (Thông tư 01/2018/TT-VPCP)",
	    n));
	par(ps, 14, 1, titles[n]);
	par(ps, 11, 1, arena_printf(a, "Mã hồ sơ: %s", d->code));
	par(ps, 0, 0, NULL);
	par(ps, 11, 0, arena_printf(a, "%s tiếp nhận hồ sơ của: %s",
	    d->unit_name, d->applicant_name));
	par(ps, 11, 0, arena_printf(a, "Địa chỉ: %s. Điện thoại: %s. Thư điện"
	    " tử: %s", d->applicant_addr, d->applicant_phone,
	    d->applicant_email));
	par(ps, 11, 0, arena_printf(a, "Nội dung yêu cầu giải quyết: %s (mã"
	    " thủ tục %s)", d->procedure_name, d->procedure_code));
	switch (n) {
	case 1: {
		struct svc_file *f;
		int nf = svc_files(db_thread(), a, d->id, &f);

		par(ps, 11, 0, "Thành phần hồ sơ nộp gồm:");
		for (i = 0; i < nf; i++)
			if (f[i].round < 2)
				par(ps, 11, 0, arena_printf(a, "%d. %s", i + 1,
				    f[i].filename));
		par(ps, 11, 0, "Số lượng hồ sơ: 01 bộ.");
		par(ps, 11, 0, arena_printf(a, "Thời gian giải quyết hồ sơ theo"
		    " quy định: %d ngày làm việc.", d->days));
		par(ps, 11, 0, arena_printf(a, "Thời gian nhận hồ sơ: %s.",
		    svc_web_time(a, e->at)));
		par(ps, 11, 0, arena_printf(a, "Thời gian trả kết quả giải quyết"
		    " hồ sơ: ngày %s.", calendar_iso_vn(a, d->first_due)));
		break;
	}
	case 2:
		par(ps, 11, 0, arena_printf(a, "Ngày %s, hồ sơ cần được bổ sung,"
		    " hoàn thiện các nội dung sau:", svc_web_time(a, e->at)));
		par(ps, 11, 0, e->comment);
		par(ps, 11, 0, "Lý do: hồ sơ chưa đầy đủ theo quy định. Mọi vướng"
		    " mắc xin liên hệ bộ phận tiếp nhận.");
		break;
	case 3:
		par(ps, 11, 0, "Qua xem xét, cơ quan không tiếp nhận giải quyết"
		    " hồ sơ này với lý do:");
		par(ps, 11, 0, e->comment);
		par(ps, 11, 0, "Xin thông báo để Ông/Bà biết và thực hiện.");
		break;
	case 4:
		par(ps, 11, 0, arena_printf(a, "Hồ sơ được tiếp nhận ngày %s,"
		    " hẹn trả kết quả ngày %s. Việc giải quyết hồ sơ đã quá thời"
		    " hạn theo quy định.", svc_web_time(a, d->received_at),
		    calendar_iso_vn(a, d->first_due)));
		par(ps, 11, 0, arena_printf(a, "Lý do: %s", e->comment));
		par(ps, 11, 0, arena_printf(a, "Sự chậm trễ này đã gây phiền hà"
		    " cho Ông/Bà. Chúng tôi xin lỗi và hẹn trả kết quả vào ngày"
		    " %s.", calendar_iso_vn(a, e->due)));
		break;
	case 5:
		par(ps, 11, 0, "Quá trình giao, nhận hồ sơ:");
		for (i = 0; i < nev; i++) {
			int step = svc_step_parse(ev[i].action);

			if (step != SVC_STEP_RECEIVE && step != SVC_STEP_TRANSFER &&
			    step != SVC_STEP_PROCESS && step != SVC_STEP_APPROVE &&
			    step != SVC_STEP_RETURN && step != SVC_STEP_APOLOGY)
				continue;
			par(ps, 10, 0, arena_printf(a, "%s — %s: giao %s, nhận %s;"
			    " %s%s%s", svc_web_time(a, ev[i].at),
			    svc_step_label(step), *ev[i].from_unit ?
			    ev[i].from_unit : d->unit_name, *ev[i].to_unit ?
			    ev[i].to_unit : "—", ev[i].actor_name,
			    *ev[i].comment ? ". " : "", ev[i].comment));
		}
		break;
	}
	par(ps, 0, 0, NULL);
	par(ps, 9, 0, arena_printf(a, "Tra cứu tình trạng hồ sơ: %s", url));
	ps->p[ps->n - 1].qr_after = 1;
}

/* The dossier, the form's number and its history row; answers and
 * returns -1 when there is none. */
static int
form_load(struct req *r, struct svc_dossier *d, int64_t *n,
    struct svc_event **ev, int *nev, const struct svc_event **e)
{
	struct svc_actor who;

	*n = req_arg_id(r, 1);
	if (svc_web_staff(r, &who) < 0)
		return -1;
	if (*n < 1 || *n > 5 || svc_dossier_get(db_thread(), &r->arena, &who,
	    req_arg_id(r, 0), d) < 0 || d->state == SVC_DRAFT) {
		http_error(r, 404, "not_found", "Không có mẫu hoặc hồ sơ này",
		    NULL);
		return -1;
	}
	*nev = svc_history(db_thread(), &r->arena, d->id, ev);
	*e = last_event(*ev, *nev, *n == 1 ? "receive" : *n == 2 ? "supplement" :
	    *n == 3 ? "refuse" : *n == 4 ? "apology" : "submit");
	if (*e == NULL) {
		http_error(r, 409, "no_such_step", "Hồ sơ chưa qua bước của mẫu"
		    " này", NULL);
		return -1;
	}
	return 0;
}

static const char *
track_url(struct req *r, const struct svc_dossier *d)
{
	return arena_printf(&r->arena, "%s/dich-vu-cong/tra-cuu?ma=%s",
	    svc_web_base(r), url_escape(&r->arena, d->code));
}

static void
page_form(struct req *r)
{
	static __thread struct pars ps;
	const struct svc_event *e;
	struct svc_dossier d;
	struct svc_event *ev;
	const char *url;
	int64_t n;
	int nev, i;

	if (form_load(r, &d, &n, &ev, &nev, &e) < 0)
		return;
	url = track_url(r, &d);
	ps.n = 0;
	form_pars(r, &d, (int)n, ev, nev, e, url, &ps);
	page_begin(r, titles[n]);
	html_printf(&r->out, "<article class=\"card print\"><p><a href=\""
	    "/mot-cua/ho-so/%lld/mau-pdf/%d\">Tải bản PDF</a></p>",
	    (long long)d.id, (int)n);
	for (i = 0; i < ps.n; i++) {
		if (ps.p[i].size == 0)
			html_raw(&r->out, "<br>");
		else if (ps.p[i].size >= 14)
			html_printf(&r->out, "<h1>%s</h1>", ps.p[i].text);
		else
			html_printf(&r->out, "<p%s>%s</p>", ps.p[i].center ?
			    " class=\"center\"" : "", ps.p[i].text);
		/* The SVG is numbers and fixed markup only. */
		if (ps.p[i].qr_after)
			svc_qr_svg(&r->out, url, 120);
	}
	html_raw(&r->out, "</article>");
	page_end(r);
}

static void
page_form_pdf(struct req *r)
{
	static __thread struct pars ps;
	const struct svc_event *e;
	struct svc_dossier d;
	struct svc_event *ev;
	int64_t n;
	int nev;

	if (form_load(r, &d, &n, &ev, &nev, &e) < 0)
		return;
	ps.n = 0;
	form_pars(r, &d, (int)n, ev, nev, e, track_url(r, &d), &ps);
	if (svc_pdf_render(ps.p, ps.n, track_url(r, &d), &r->out) < 0) {
		buf_reset(&r->out);
		http_error(r, 500, "internal", "Không tạo được tệp PDF (thiếu phông"
		    " chữ DejaVu?)", NULL);
		return;
	}
	r->status = 200;
	r->content_type = "application/pdf";
	http_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "inline; filename=\"mau-0%d-%s.pdf\"", (int)n, d.code));
}

/* Mẫu 06: the register of dossiers received in a period. */
static void
page_register(struct req *r)
{
	struct svc_dossier_query q = { 0 };
	struct svc_dossier *d;
	struct svc_actor who;
	char f[11], t[11];
	int n, i, total, day, minute, dd;

	if (svc_web_staff(r, &who) < 0)
		return;
	svc_local(time(NULL), &day, &minute);
	q.from = req_query(r, "from");
	q.to = req_query(r, "to");
	if (q.from == NULL || calendar_parse_iso(q.from, &dd) < 0)
		q.from = calendar_format_iso(day - 30, f);
	if (q.to == NULL || calendar_parse_iso(q.to, &dd) < 0)
		q.to = calendar_format_iso(day, t);
	q.box = SVC_BOX_ALL;
	q.limit = 500;
	n = svc_dossiers_list(db_thread(), &r->arena, &who, &q, &d, &total);
	page_begin(r, "Sổ theo dõi hồ sơ");
	svc_page_office_menu(r);
	html_printf(&r->out, "<h1>Sổ theo dõi hồ sơ (Mẫu 06)</h1><form class="
	    "\"search\" method=\"get\" action=\"/mot-cua/so-theo-doi\"><label"
	    " for=\"from\">Từ ngày</label><input id=\"from\" name=\"from\""
	    " type=\"date\" value=\"%s\"><label for=\"to\">Đến ngày</label>"
	    "<input id=\"to\" name=\"to\" type=\"date\" value=\"%s\"><button"
	    " type=\"submit\">Xem</button></form><p class=\"muted\">%d hồ sơ%s"
	    " · <a href=\"/mot-cua/so-theo-doi.xlsx?from=%s&amp;to=%s\">Tải"
	    " tệp Excel</a></p>", q.from, q.to, total, total > n ? " (hiện 500"
	    " hồ sơ mới nhất)" : "", q.from, q.to);
	html_raw(&r->out, "<table class=\"list\"><thead><tr><th scope=\"col\">"
	    "TT</th><th scope=\"col\">Mã hồ sơ</th><th scope=\"col\">Tên thủ"
	    " tục</th><th scope=\"col\">Tên cá nhân, tổ chức</th><th scope="
	    "\"col\">Địa chỉ, số điện thoại</th><th scope=\"col\">Cơ quan chủ"
	    " trì giải quyết</th><th scope=\"col\">Ngày nhận</th><th scope="
	    "\"col\">Hẹn trả</th><th scope=\"col\">Ngày trả</th><th scope="
	    "\"col\">Ghi chú</th></tr></thead><tbody>");
	for (i = 0; i < n; i++)
		html_printf(&r->out, "<tr><td>%d</td><td><a href=\"/mot-cua/"
		    "ho-so/%lld\">%s</a></td><td>%s</td><td>%s</td><td>%s %s</td>"
		    "<td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
		    i + 1, (long long)d[i].id, d[i].code, d[i].procedure_name,
		    d[i].applicant_name, d[i].applicant_addr, d[i].applicant_phone,
		    *d[i].handler_unit_name ? d[i].handler_unit_name :
		    d[i].unit_name, svc_web_time(&r->arena, d[i].received_at),
		    calendar_iso_vn(&r->arena, d[i].due),
		    calendar_iso_vn(&r->arena, d[i].finished_on),
		    svc_state_label(d[i].state));
	html_raw(&r->out, "</tbody></table>");
	page_end(r);
}

static void
page_register_xlsx(struct req *r)
{
	struct svc_actor who;
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	int d1, d2;

	if (svc_web_staff(r, &who) < 0)
		return;
	if (from == NULL || to == NULL || calendar_parse_iso(from, &d1) < 0 ||
	    calendar_parse_iso(to, &d2) < 0 || d2 < d1) {
		http_error(r, 400, "invalid_date", "Chọn khoảng ngày hợp lệ (from,"
		    " to có dạng YYYY-MM-DD)", "from");
		return;
	}
	if (svc_register_xlsx(db_thread(), &r->arena, &who, from, to,
	    r->user.unit_name ? r->user.unit_name : "", &r->out) < 0) {
		buf_reset(&r->out);
		http_error(r, 500, "internal", "Không tạo được tệp Excel", NULL);
		return;
	}
	r->status = 200;
	r->content_type = "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet";
	http_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename=\"so-theo-doi-ho-so-%s-%s.xlsx\"", from, to));
}

static void
page_indicators(struct req *r)
{
	struct svc_indicator *x;
	struct svc_actor who;
	const char *by = req_query(r, "by"), *from = req_query(r, "from"),
	    *to = req_query(r, "to");
	char f[11], t[11];
	int n, i, day, minute, dd, y, m, d0;

	if (svc_web_staff(r, &who) < 0)
		return;
	svc_local(time(NULL), &day, &minute);
	calendar_to_civil(day, &y, &m, &d0);
	if (by == NULL || strcmp(by, "procedure") != 0)
		by = "unit";
	if (from == NULL || calendar_parse_iso(from, &dd) < 0)
		from = calendar_format_iso(calendar_from_civil(y, 1, 1), f);
	if (to == NULL || calendar_parse_iso(to, &dd) < 0)
		to = calendar_format_iso(day, t);
	n = svc_indicators(db_thread(), &r->arena, by, from, to,
	    (r->user.roles & DIR_ROLE_ADMIN) ? 0 : who.body_id, day, &x);
	page_begin(r, "Chỉ số giải quyết hồ sơ");
	svc_page_office_menu(r);
	html_printf(&r->out, "<h1>Chỉ số giải quyết hồ sơ</h1><form class="
	    "\"search\" method=\"get\" action=\"/mot-cua/chi-so\"><label for="
	    "\"by\">Theo</label><select id=\"by\" name=\"by\"><option value="
	    "\"unit\">Đơn vị</option><option value=\"procedure\"%s>Thủ tục"
	    "</option></select><label for=\"from\">Từ ngày</label><input id="
	    "\"from\" name=\"from\" type=\"date\" value=\"%s\"><label for=\"to\">"
	    "Đến ngày</label><input id=\"to\" name=\"to\" type=\"date\" value="
	    "\"%s\"><button type=\"submit\">Xem</button></form>",
	    strcmp(by, "procedure") == 0 ? " selected" : "", from, to);
	html_raw(&r->out, "<table class=\"list\"><thead><tr><th scope=\"col\">"
	    "Đơn vị, thủ tục</th><th scope=\"col\">Tiếp nhận</th><th scope="
	    "\"col\">Trực tuyến</th><th scope=\"col\">Đã trả</th><th scope="
	    "\"col\">Đúng hạn</th><th scope=\"col\">Trễ hạn</th><th scope="
	    "\"col\">Đang giải quyết</th><th scope=\"col\">Quá hạn</th><th"
	    " scope=\"col\">Bổ sung</th><th scope=\"col\">Từ chối</th><th"
	    " scope=\"col\">Hài lòng (1-5)</th></tr></thead><tbody>");
	for (i = 0; i < n; i++)
		html_printf(&r->out, "<tr><td>%s <span class=\"muted\">%s</span>"
		    "</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td>"
		    "<td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td></tr>",
		    x[i].key_name, x[i].key_code, x[i].received, x[i].online,
		    x[i].returned, x[i].on_time, x[i].late, x[i].in_progress,
		    x[i].overdue, x[i].supplements, x[i].refused, x[i].rated ?
		    arena_printf(&r->arena, "%.1f (%d)", x[i].satisfaction,
		    x[i].rated) : "—");
	html_raw(&r->out, "</tbody></table>");
	page_end(r);
}

#define STAFF	(DIR_ROLE_ONESTOP | DIR_ROLE_SPECIALIST | DIR_ROLE_LEADER | \
	DIR_ROLE_ADMIN)

/* One row a page. */
static const struct route routes[] = {
	{ HTTP_GET, "/mot-cua/ho-so/{}/mau/{}", ROUTE_PAGE, STAFF, page_form },
	{ HTTP_GET, "/mot-cua/ho-so/{}/mau-pdf/{}", ROUTE_PAGE, STAFF,
	    page_form_pdf },
	{ HTTP_GET, "/mot-cua/so-theo-doi", ROUTE_PAGE, STAFF, page_register },
	{ HTTP_GET, "/mot-cua/so-theo-doi.xlsx", ROUTE_PAGE, STAFF,
	    page_register_xlsx },
	{ HTTP_GET, "/mot-cua/chi-so", ROUTE_PAGE, STAFF, page_indicators },
	{ 0, NULL, 0, 0, NULL }
};

void
svc_page_forms_register(void)
{
	http_routes_add(routes);
}
