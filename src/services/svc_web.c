/* svc_web.c - what the services module's pages and JSON handlers share:
 * who is asking (staff or citizen, each with their own session), errors,
 * transactions, files, dates, dossiers as JSON. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "core/blob.h"
#include "core/html.h"
#include "core/log.h"
#include "core/page.h"
#include "core/reqjson.h"
#include "svc_web.h"

int
svc_web_staff(struct req *r, struct svc_actor *who)
{
	if (svc_staff_actor(db_thread(), who, r->user.id, r->user.username,
	    r->user.full_name, r->ip, r->user.unit_id, r->user.roles) < 0) {
		http_error(r, 403, "no_unit", "Tài khoản không thuộc đơn vị nào",
		    NULL);
		return -1;
	}
	return 0;
}

static void
citizen_actor(struct req *r, const struct svc_citizen *c,
    struct svc_actor *who)
{
	memset(who, 0, sizeof(*who));
	who->kind = SVC_ACTOR_CITIZEN;
	who->id = c->id;
	who->name = c->email;
	who->full_name = c->full_name;
	who->ip = r->ip;
}

int
svc_web_citizen_peek(struct req *r, struct svc_citizen *c)
{
	const char *auth = req_header(r, "Authorization");

	memset(c, 0, sizeof(*c));
	if (auth && strncasecmp(auth, "Bearer ", 7) == 0)
		return svc_citizen_by_token(db_thread(), &r->arena, auth + 7,
		    "api", c);
	return svc_citizen_by_token(db_thread(), &r->arena,
	    req_cookie(r, SVC_COOKIE), "web", c);
}

int
svc_web_citizen(struct req *r, struct svc_actor *who, struct svc_citizen *cp)
{
	struct svc_citizen c;
	const char *t;

	if (svc_web_citizen_peek(r, &c) < 0) {
		if (r->route->kind == ROUTE_API) {
			http_header(r, "WWW-Authenticate", "Bearer");
			http_json_error(r, 401, "unauthenticated", "Cần đăng nhập"
			    " tài khoản công dân (mã xác thực gửi qua thư điện"
			    " tử)", NULL);
		} else
			http_redirect(r, arena_printf(&r->arena,
			    "/dich-vu-cong/dang-nhap?next=%s",
			    url_escape(&r->arena, r->path)));
		return -1;
	}
	if (c.csrf && r->method != HTTP_GET && r->method != HTTP_HEAD) {
		/* Its own field: a member of staff signed in on the same
		 * browser sends the staff token as _csrf. */
		t = req_form(r, "_ccsrf");
		if (t == NULL)
			t = req_header(r, "X-Citizen-CSRF");
		if (t == NULL || strlen(t) != strlen(c.csrf) ||
		    CRYPTO_memcmp(t, c.csrf, strlen(t)) != 0) {
			http_error(r, 403, "csrf", "Phiên biểu mẫu không hợp lệ"
			    " hoặc đã hết hạn; hãy tải lại trang và thử lại",
			    NULL);
			return -1;
		}
	}
	citizen_actor(r, &c, who);
	if (cp)
		*cp = c;
	return 0;
}

void
svc_web_csrf(struct req *r, const struct svc_citizen *c)
{
	if (c && c->csrf)
		html_printf(&r->out, "<input type=\"hidden\" name=\"_ccsrf\""
		    " value=\"%s\">", c->csrf);
	if (r->user.csrf)
		page_csrf(r);
}

void
svc_web_field(struct req *r, const struct svc_field *f, json_t *values)
{
	json_t *v = values ? json_object_get(values, f->name) : NULL;
	char num[32] = "";
	const char *val = "";
	int k;

	if (json_is_string(v))
		val = json_string_value(v);
	else if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld",
		    (long long)json_integer_value(v));
		val = num;
	}
	html_printf(&r->out, "<label for=\"v_%s\">%s%s</label>", f->name,
	    f->label, f->required ? " *" : "");
	switch (f->type) {
	case SVC_F_CHOICE:
		html_printf(&r->out, "<select id=\"v_%s\" name=\"v_%s\"%s>"
		    "<option value=\"\">— Chọn —</option>", f->name, f->name,
		    f->required ? " required" : "");
		for (k = 0; k < f->noptions; k++)
			html_printf(&r->out, "<option%s>%s</option>",
			    strcmp(val, f->options[k]) == 0 ? " selected" : "",
			    f->options[k]);
		html_raw(&r->out, "</select>");
		break;
	case SVC_F_FILE:
		html_printf(&r->out, "<input id=\"v_%s\" name=\"%s\" type=\"file\""
		    " accept=\".pdf,.png,.jpg,.jpeg,.docx,.xlsx\">", f->name,
		    f->name);
		break;
	default:
		html_printf(&r->out, "<input id=\"v_%s\" name=\"v_%s\" type=\"%s\""
		    " value=\"%s\"%s>", f->name, f->name, f->type == SVC_F_NUMBER ?
		    "number" : f->type == SVC_F_DATE ? "date" : f->check ==
		    SVC_CHECK_EMAIL ? "email" : f->check == SVC_CHECK_PHONE ?
		    "tel" : "text", val, f->required ? " required" : "");
	}
	if (f->hint && *f->hint)
		html_printf(&r->out, "<p class=\"muted\">%s</p>", f->hint);
}

json_t *
svc_web_values(struct req *r)
{
	json_t *o = json_object();
	int i;

	for (i = 0; i < r->nform; i++)
		if (strncmp(r->form[i].name, "v_", 2) == 0 &&
		    *r->form[i].value)
			json_object_set_new(o, r->form[i].name + 2,
			    json_string(r->form[i].value));
	return o;
}

int
svc_web_attach_all(struct db *db, struct req *r, const struct svc_actor *who,
    int64_t id, struct svc_err *e)
{
	int64_t fid;
	int i;

	for (i = 0; i < r->nfiles; i++) {
		if (r->files[i].size == 0 || *r->files[i].filename == '\0')
			continue;
		if (svc_dossier_attach(db, who, id, r->files[i].field,
		    r->files[i].path, r->files[i].filename, r->files[i].size,
		    &fid, e) < 0)
			return -1;
	}
	return 0;
}

const char *
svc_web_base(struct req *r)
{
	const char *base = svc_setting(db_thread(), &r->arena,
	    "services.base_url", ""), *host = req_header(r, "Host"),
	    *proto = req_header(r, "X-Forwarded-Proto");

	if (*base || host == NULL || *host == '\0' || strlen(host) > 255 ||
	    strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-:[]") != strlen(host))
		return base;
	return arena_printf(&r->arena, "%s://%s", proto && strcmp(proto,
	    "https") == 0 ? "https" : "http", host);
}

void
svc_web_err(struct req *r, const struct svc_err *e)
{
	http_error(r, e->status ? e->status : 500, e->code ? e->code :
	    "internal", e->message ? e->message : "Lỗi hệ thống", e->field);
}

int
svc_web_end(struct req *r, struct db *db, int rc, const struct svc_err *e)
{
	static const struct svc_err busy = { 503, "busy", NULL,
	    "Hệ thống bận, hãy thử lại" };

	if (rc < 0) {
		db_rollback(db);
		svc_web_err(r, e);
		return -1;
	}
	if (db_commit(db) < 0) {
		db_rollback(db);
		svc_web_err(r, &busy);
		return -1;
	}
	return 0;
}

void
svc_web_send_file(struct req *r, const struct svc_file *f)
{
	if (http_blob(r, f->hash, f->mime, 0) < 0) {
		http_error(r, 500, "internal", "Không đọc được tệp", NULL);
		return;
	}
	http_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename*=UTF-8''%s", url_escape(&r->arena,
	    f->filename)));
	http_header(r, "Cache-Control", "private, no-store");
}

const char *
svc_web_time(struct arena *a, long t)
{
	struct tm tm;
	time_t tt = t;
	char s[32];

	if (t == 0)
		return "";
	localtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%d/%m/%Y %H:%M", &tm);
	return arena_strdup(a, s);
}

json_t *
svc_web_json_time(long t)
{
	struct tm tm;
	time_t tt = t;
	char s[40];

	if (t == 0)
		return json_null();
	localtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S%z", &tm);
	/* +0700 → +07:00 */
	if (strlen(s) == 24) {
		memmove(s + 23, s + 22, 2);
		s[22] = ':';
		s[25] = '\0';
	}
	return json_string(s);
}

static json_t *
str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *
svc_web_tracking(struct req *r, const struct svc_dossier *d)
{
	struct svc_event *ev;
	json_t *o, *steps;
	int n, i;

	o = json_pack("{s:s, s:{s:s, s:s, s:s}, s:{s:s, s:s}, s:s, s:s,"
	    " s:o, s:o, s:o, s:o, s:o, s:b}", "code", d->code, "procedure",
	    "code", d->procedure_code, "name", d->procedure_name, "mode",
	    svc_mode_name(d->mode), "unit", "name", d->unit_name, "code",
	    d->unit_code, "state", svc_state_name(d->state), "state_label",
	    svc_state_label(d->state), "submitted_at",
	    svc_web_json_time(d->submitted_at), "received_at",
	    svc_web_json_time(d->received_at), "due", str_or_null(d->due),
	    "first_due", str_or_null(d->first_due), "finished_on",
	    str_or_null(d->finished_on), "late", d->apologies > 0);
	steps = json_array();
	n = svc_history(db_thread(), &r->arena, d->id, &ev);
	for (i = 0; i < n; i++) {
		int step = svc_step_parse(ev[i].action);

		/* The lifecycle only: drafts, fees, signing and ratings are
		 * the applicant's and the office's own business. */
		if (step < 0 || step == SVC_STEP_RATE)
			continue;
		json_array_append_new(steps, json_pack("{s:o, s:s, s:s, s:s,"
		    " s:o, s:o, s:o}", "at", svc_web_json_time(ev[i].at),
		    "action", ev[i].action, "label", svc_step_label(step),
		    "state", ev[i].state, "from_unit",
		    str_or_null(ev[i].from_unit), "to_unit",
		    str_or_null(ev[i].to_unit), "due", str_or_null(ev[i].due)));
	}
	json_object_set_new(o, "steps", steps);
	return o;
}

json_t *
svc_web_dossier(struct req *r, const struct svc_dossier *d, int full)
{
	struct db *db = db_thread();
	json_error_t jerr;
	json_t *o, *a;
	int n, i;

	o = json_pack("{s:I, s:o, s:{s:I, s:s, s:s, s:s, s:i}, s:{s:I, s:s,"
	    " s:s}, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:I, s:b,"
	    " s:o, s:b, s:o}",
	    "id", (json_int_t)d->id, "code", str_or_null(d->code),
	    "procedure", "id", (json_int_t)d->procedure_id, "code",
	    d->procedure_code, "name", d->procedure_name, "mode",
	    svc_mode_name(d->mode), "days", d->days,
	    "unit", "id", (json_int_t)d->unit_id, "name", d->unit_name, "code",
	    d->unit_code, "channel", d->channel, "state",
	    svc_state_name(d->state), "state_label", svc_state_label(d->state),
	    "applicant_name", d->applicant_name,
	    "submitted_at", svc_web_json_time(d->submitted_at),
	    "received_at", svc_web_json_time(d->received_at),
	    "due", str_or_null(d->due), "first_due", str_or_null(d->first_due),
	    "finished_on", str_or_null(d->finished_on),
	    "fee", (json_int_t)d->fee, "paid", d->paid_at != 0,
	    "handler_unit", d->handler_unit_id ? json_pack("{s:I, s:s}", "id",
	    (json_int_t)d->handler_unit_id, "name", d->handler_unit_name) :
	    json_null(), "supplemented", d->supplemented,
	    "rating", d->rating ? json_integer(d->rating) : json_null());
	if (!full)
		return o;
	json_object_set_new(o, "applicant", json_pack("{s:s, s:s, s:s, s:s,"
	    " s:s}", "name", d->applicant_name, "email", d->applicant_email,
	    "phone", d->applicant_phone, "id_number", d->applicant_idno,
	    "address", d->applicant_addr));
	a = json_loads(d->data, 0, &jerr);
	json_object_set_new(o, "values", a ? a : json_object());
	json_object_set_new(o, "note", json_string(d->note));
	json_object_set_new(o, "result", json_string(d->result_text));
	json_object_set_new(o, "apologies", json_integer(d->apologies));
	json_object_set_new(o, "rating_comment",
	    json_string(d->rating_comment));
	{
		struct svc_file *f;

		a = json_array();
		n = svc_files(db, &r->arena, d->id, &f);
		for (i = 0; i < n; i++)
			json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s,"
			    " s:I, s:s, s:i}", "id", (json_int_t)f[i].id, "field",
			    f[i].field, "filename", f[i].filename, "mime",
			    f[i].mime, "size", (json_int_t)f[i].size, "sha256",
			    f[i].hash, "round", f[i].round));
		json_object_set_new(o, "files", a);
	}
	{
		struct svc_event *ev;

		a = json_array();
		n = svc_history(db, &r->arena, d->id, &ev);
		for (i = 0; i < n; i++)
			json_array_append_new(a, json_pack("{s:o, s:s, s:s, s:s,"
			    " s:s, s:o, s:o, s:s, s:o}", "at",
			    svc_web_json_time(ev[i].at), "actor_kind",
			    ev[i].actor_kind, "actor", ev[i].actor_name, "action",
			    ev[i].action, "state", ev[i].state, "from_unit",
			    str_or_null(ev[i].from_unit), "to_unit",
			    str_or_null(ev[i].to_unit), "comment", ev[i].comment,
			    "due", str_or_null(ev[i].due)));
		json_object_set_new(o, "history", a);
	}
	{
		struct svc_payment *p;

		a = json_array();
		n = svc_payments(db, &r->arena, d->id, &p);
		for (i = 0; i < n; i++)
			json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s,"
			    " s:o}", "amount", (json_int_t)p[i].amount, "method",
			    p[i].method, "receipt_no", p[i].receipt_no,
			    "provider_ref", p[i].provider_ref, "paid_at",
			    svc_web_json_time(p[i].paid_at)));
		json_object_set_new(o, "payments", a);
	}
	return o;
}

int
svc_web_attach_files(struct req *r, const struct svc_actor *who)
{
	struct svc_err e = { 0 };
	struct db *db = db_thread();
	int64_t fid;
	int i, rc = 0;

	if (r->nfiles == 0) {
		http_json_error(r, 422, "no_file", "Chưa chọn tệp nào (gửi"
		    " multipart/form-data, tên trường là tên trường tệp của biểu"
		    " mẫu)", NULL);
		return -1;
	}
	if (req_begin(r, db) < 0)
		return -1;
	for (i = 0; i < r->nfiles && rc == 0; i++)
		rc = svc_dossier_attach(db, who, req_arg_id(r, 0),
		    r->files[i].field, r->files[i].path, r->files[i].filename,
		    r->files[i].size, &fid, &e);
	return svc_web_end(r, db, rc, &e);
}
