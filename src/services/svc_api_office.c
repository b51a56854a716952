/* svc_api_office.c - the back office over /api/v1: queues, dossiers
 * entered at the counter, the steps from receipt to result, fees,
 * indicators, settings, the catalogue's import and editing, and the
 * changes feed a national portal polls to synchronise dossier status. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/reqjson.h"
#include "directory/directory.h"
#include "svc_web.h"

static void
answer_dossier(struct req *r, const struct svc_actor *who, int64_t id,
    int status)
{
	struct svc_dossier d;

	if (svc_dossier_get(db_thread(), &r->arena, who, id, &d) < 0) {
		http_json_error(r, 404, "not_found", "Không tìm thấy hồ sơ", NULL);
		return;
	}
	http_json(r, status, svc_web_dossier(r, &d, 1));
}

static void
api_list(struct req *r)
{
	struct svc_dossier_query q = { 0 };
	struct svc_dossier *d;
	struct svc_actor who;
	const char *box = req_query(r, "box");
	json_t *items;
	int n, i, total;

	if (svc_web_staff(r, &who) < 0 || req_paging(r, &q.limit,
	    &q.offset) < 0)
		return;
	q.box = SVC_BOX_ALL;
	if (box && (q.box = svc_box_parse(box)) < 0) {
		http_json_error(r, 400, "invalid_box", "box là new, waiting,"
		    " to_handle, to_approve, to_return, overdue hoặc all", "box");
		return;
	}
	q.q = req_query(r, "q");
	n = svc_dossiers_list(db_thread(), &r->arena, &who, &q, &d, &total);
	if (n < 0) {
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, svc_web_dossier(r, &d[i], 0));
	http_json(r, 200, json_pack("{s:o, s:i, s:s}", "items", items, "total",
	    total, "box", svc_box_name(q.box)));
}

static void
api_counter(struct req *r)
{
	struct svc_application app = { 0 };
	struct svc_err e = { 0 };
	struct svc_actor who;
	struct db *db = db_thread();
	int64_t id = 0;

	if (svc_web_staff(r, &who) < 0 || req_json_object(r) < 0 ||
	    req_json_str(r, "procedure", &app.procedure_code) < 0 ||
	    req_json_str(r, "applicant_name", &app.applicant_name) < 0 ||
	    req_json_str(r, "applicant_email", &app.applicant_email) < 0 ||
	    req_json_str(r, "applicant_phone", &app.applicant_phone) < 0 ||
	    req_json_str(r, "applicant_id_number", &app.applicant_idno) < 0 ||
	    req_json_str(r, "applicant_address", &app.applicant_addr) < 0)
		return;
	app.values = json_object_get(r->json, "values");
	if (app.values && !json_is_object(app.values)) {
		http_json_error(r, 422, "invalid_type", "values phải là một đối"
		    " tượng", "values");
		return;
	}
	if (req_begin(r, db) < 0)
		return;
	if (svc_web_end(r, db, svc_dossier_create(db, &who, &app, time(NULL),
	    &id, &e), &e) < 0)
		return;
	answer_dossier(r, &who, id, 201);
}

static void
api_get(struct req *r)
{
	struct svc_actor who;

	if (svc_web_staff(r, &who) < 0)
		return;
	answer_dossier(r, &who, req_arg_id(r, 0), 200);
}

static void
step(struct req *r, int which)
{
	struct svc_action act = { 0 };
	struct svc_err e = { 0 };
	struct svc_actor who;
	struct db *db = db_thread();
	int64_t to = 0;

	if (svc_web_staff(r, &who) < 0)
		return;
	if (r->json == NULL)
		r->json = json_object();
	if (req_json_object(r) < 0 ||
	    req_json_str(r, "comment", &act.comment) < 0 ||
	    req_json_id(r, "to_unit", &to) < 0 ||
	    req_json_str(r, "new_due", &act.new_due) < 0 ||
	    req_json_str(r, "result", &act.result) < 0)
		return;
	act.step = which;
	act.to_unit = to;
	if (req_begin(r, db) < 0)
		return;
	if (svc_web_end(r, db, svc_dossier_act(db, &who, req_arg_id(r, 0),
	    &act, time(NULL), &e), &e) < 0)
		return;
	answer_dossier(r, &who, req_arg_id(r, 0), 200);
}

static void api_receive(struct req *r) { step(r, SVC_STEP_RECEIVE); }
static void api_supplement(struct req *r) { step(r, SVC_STEP_SUPPLEMENT); }
static void api_refuse(struct req *r) { step(r, SVC_STEP_REFUSE); }
static void api_transfer(struct req *r) { step(r, SVC_STEP_TRANSFER); }
static void api_process(struct req *r) { step(r, SVC_STEP_PROCESS); }
static void api_approve(struct req *r) { step(r, SVC_STEP_APPROVE); }
static void api_return(struct req *r) { step(r, SVC_STEP_RETURN); }
static void api_apology(struct req *r) { step(r, SVC_STEP_APOLOGY); }

static void
api_payment(struct req *r)
{
	struct svc_err e = { 0 };
	struct svc_actor who;
	struct db *db = db_thread();
	const char *method = NULL, *receipt = NULL, *ref = NULL;

	if (svc_web_staff(r, &who) < 0 || req_json_object(r) < 0 ||
	    req_json_str(r, "method", &method) < 0 ||
	    req_json_str(r, "receipt_no", &receipt) < 0 ||
	    req_json_str(r, "provider_ref", &ref) < 0 || req_begin(r, db) < 0)
		return;
	if (svc_web_end(r, db, svc_dossier_pay(db, &who, req_arg_id(r, 0),
	    method ? method : "counter", receipt, ref, time(NULL), &e), &e) < 0)
		return;
	answer_dossier(r, &who, req_arg_id(r, 0), 200);
}

static void
api_files(struct req *r)
{
	struct svc_actor who;

	if (svc_web_staff(r, &who) < 0 || svc_web_attach_files(r, &who) < 0)
		return;
	answer_dossier(r, &who, req_arg_id(r, 0), 201);
}

static void
api_result(struct req *r)
{
	struct svc_err e = { 0 };
	struct svc_actor who;
	struct db *db = db_thread();
	struct upload *u = req_file(r, "file");
	int64_t fid;

	if (svc_web_staff(r, &who) < 0)
		return;
	if (u == NULL) {
		http_json_error(r, 422, "no_file", "Gửi tệp kết quả ở trường file",
		    "file");
		return;
	}
	if (req_begin(r, db) < 0)
		return;
	if (svc_web_end(r, db, svc_dossier_attach(db, &who, req_arg_id(r, 0),
	    SVC_RESULT_FIELD, u->path, u->filename, u->size, &fid, &e), &e) < 0)
		return;
	answer_dossier(r, &who, req_arg_id(r, 0), 201);
}

static void
api_file(struct req *r)
{
	struct svc_actor who;
	struct svc_file f;

	if (svc_web_staff(r, &who) < 0)
		return;
	if (svc_file_get(db_thread(), &r->arena, &who, req_arg_id(r, 0),
	    &f) < 0) {
		http_json_error(r, 404, "not_found", "Không có tệp này", NULL);
		return;
	}
	svc_web_send_file(r, &f);
}

/* --- indicators ------------------------------------------------------------ */

static void
api_indicators(struct req *r)
{
	struct svc_indicator *x;
	const char *by = req_query(r, "by"), *from = req_query(r, "from"),
	    *to = req_query(r, "to");
	long unit = req_query_num(r, "unit_id", 0, INT64_MAX);
	int d, today, minute, n, i;
	json_t *items;
	char f[11], t[11];

	svc_local(time(NULL), &today, &minute);
	if (by == NULL)
		by = "unit";
	if (strcmp(by, "unit") != 0 && strcmp(by, "procedure") != 0) {
		http_json_error(r, 400, "invalid_by", "by là unit hoặc procedure",
		    "by");
		return;
	}
	if (unit < 0) {
		http_json_error(r, 400, "invalid_unit", "unit_id không hợp lệ",
		    "unit_id");
		return;
	}
	if (from && calendar_parse_iso(from, &d) < 0) {
		http_json_error(r, 400, "invalid_date", "from có dạng YYYY-MM-DD",
		    "from");
		return;
	}
	if (to && calendar_parse_iso(to, &d) < 0) {
		http_json_error(r, 400, "invalid_date", "to có dạng YYYY-MM-DD",
		    "to");
		return;
	}
	if (from == NULL) {
		int y, m, dd;

		calendar_to_civil(today, &y, &m, &dd);
		from = calendar_format_iso(calendar_from_civil(y, 1, 1), f);
	}
	if (to == NULL)
		to = calendar_format_iso(today, t);
	n = svc_indicators(db_thread(), &r->arena, by, from, to, unit, today,
	    &x);
	if (n < 0) {
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:i,"
		    " s:i, s:i, s:i, s:i, s:i, s:i, s:f, s:i, s:i, s:i, s:f}",
		    "id", (json_int_t)x[i].key_id, "code", x[i].key_code, "name",
		    x[i].key_name, "received", x[i].received, "returned",
		    x[i].returned, "on_time", x[i].on_time, "late", x[i].late,
		    "in_progress", x[i].in_progress, "overdue", x[i].overdue,
		    "online", x[i].online, "online_share", x[i].received ?
		    (double)x[i].online / x[i].received : 0.0, "supplements",
		    x[i].supplements, "refused", x[i].refused, "rated",
		    x[i].rated, "satisfaction", x[i].satisfaction));
	http_json(r, 200, json_pack("{s:s, s:s, s:s, s:o}", "by", by, "from",
	    from, "to", to, "items", items));
}

/* --- settings and the catalogue -------------------------------------------- */

static void
api_settings(struct req *r)
{
	struct svc_err e = { 0 };
	struct db *db = db_thread();
	const char *key;
	json_t *v;
	int rc = 0;

	if (req_json_object(r) < 0)
		return;
	json_object_foreach(r->json, key, v)
		if (!json_is_string(v)) {
			http_json_error(r, 422, "invalid_type", "Giá trị cài đặt là"
			    " chuỗi", key);
			return;
		}
	if (req_begin(r, db) < 0)
		return;
	json_object_foreach(r->json, key, v)
		if (rc == 0)
			rc = svc_setting_set(db, r->user.id, r->user.username,
			    r->ip, key, json_string_value(v), &e);
	if (svc_web_end(r, db, rc, &e) < 0)
		return;
	http_json(r, 200, json_incref(r->json));
}

static void
import_answer(struct req *r, struct db *db, int rc,
    struct svc_import_result *res)
{
	json_t *errs = json_array();
	char *line, *save = NULL;

	for (line = strtok_r(res->errors.data, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save))
		json_array_append_new(errs, json_string(line));
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		http_json(r, 422, json_pack("{s:{s:s, s:s, s:n}, s:o}", "error",
		    "code", "invalid_import", "message", "Không đọc được dữ liệu"
		    " nhập", "field", "errors", errs));
	} else
		http_json(r, res->failed ? 207 : 200, json_pack("{s:i, s:i, s:i,"
		    " s:o}", "created", res->created, "updated", res->updated,
		    "failed", res->failed, "errors", errs));
	buf_release(&res->errors);
}

static void
api_import(struct req *r)
{
	struct svc_import_result res = { 0 };
	struct db *db = db_thread();
	char *text;
	int rc;

	if (r->json == NULL || !(json_is_array(r->json) ||
	    json_is_object(r->json))) {
		http_json_error(r, 400, "invalid_json", "Gửi một mảng JSON các thủ"
		    " tục", NULL);
		return;
	}
	text = json_dumps(r->json, JSON_COMPACT);
	if (text == NULL || req_begin(r, db) < 0) {
		free(text);
		return;
	}
	buf_init(&res.errors, 1 << 20);
	rc = svc_import_json(db, r->user.id, r->user.username, r->ip, text,
	    strlen(text), &res);
	free(text);
	import_answer(r, db, rc, &res);
}

static void
api_import_file(struct req *r)
{
	struct svc_import_result res = { 0 };
	struct upload *u = req_file(r, "file");
	struct db *db = db_thread();
	struct buf text = BUF_INIT;
	char piece[65536];
	ssize_t n;
	int rc, json, fd;

	if (u == NULL || u->size > (8u << 20)) {
		http_json_error(r, 422, "no_file", "Gửi tệp CSV hoặc JSON ở trường"
		    " file (tối đa 8 MB)", "file");
		return;
	}
	if ((fd = open(u->path, O_RDONLY)) < 0) {
		http_json_error(r, 500, "internal", "Không đọc được tệp", NULL);
		return;
	}
	while ((n = read(fd, piece, sizeof(piece))) > 0)
		buf_add(&text, piece, (size_t)n);
	close(fd);
	json = strlen(u->filename) > 5 && strcasecmp(u->filename +
	    strlen(u->filename) - 5, ".json") == 0;
	if (req_begin(r, db) < 0) {
		buf_release(&text);
		return;
	}
	buf_init(&res.errors, 1 << 20);
	rc = json ? svc_import_json(db, r->user.id, r->user.username, r->ip,
	    text.data, text.len, &res) : svc_import_csv(db, r->user.id,
	    r->user.username, r->ip, text.data, text.len, &res);
	buf_release(&text);
	import_answer(r, db, rc, &res);
}

static void
api_procedure_put(struct req *r)
{
	struct svc_procedure p;
	struct svc_err e = { 0 };
	struct db *db = db_thread();
	int created;

	if (req_json_object(r) < 0)
		return;
	json_object_set_new(r->json, "code", json_string(r->args[0]));
	if (svc_procedure_from_json(&r->arena, r->json, &p, &e) < 0) {
		svc_web_err(r, &e);
		return;
	}
	if (req_begin(r, db) < 0)
		return;
	if (svc_web_end(r, db, svc_procedure_save(db, r->user.id,
	    r->user.username, r->ip, &p, &created, &e), &e) < 0)
		return;
	http_json(r, created ? 201 : 200, json_pack("{s:s, s:I}", "code",
	    p.code, "id", (json_int_t)p.id));
}

/* Dossiers of the reader's body changed since `since` (Unix seconds),
 * oldest change first: what a national portal polls to keep the status
 * of dossiers in step. */
static void
api_changes(struct req *r)
{
	struct svc_dossier_query q = { 0 };
	struct svc_dossier *d;
	struct svc_actor who;
	long since = req_query_num(r, "since", 0, 4102444800L);
	json_t *items;
	long last = since;
	int n, i, total;

	if (svc_web_staff(r, &who) < 0)
		return;
	if (since < 0) {
		http_json_error(r, 400, "invalid_since", "since là số giây Unix",
		    "since");
		return;
	}
	q.box = SVC_BOX_ALL;
	q.limit = 200;
	n = svc_dossiers_list(db_thread(), &r->arena, &who, &q, &d, &total);
	items = json_array();
	for (i = n - 1; i >= 0; i--) {
		if (d[i].updated_at <= since)
			continue;
		if (d[i].updated_at > last)
			last = d[i].updated_at;
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:o,"
		    " s:o, s:I}", "code", d[i].code, "procedure",
		    d[i].procedure_code, "state", svc_state_name(d[i].state),
		    "due", d[i].due ? json_string(d[i].due) : json_null(),
		    "finished_on", d[i].finished_on ?
		    json_string(d[i].finished_on) : json_null(), "updated_at",
		    (json_int_t)d[i].updated_at));
	}
	http_json(r, 200, json_pack("{s:o, s:I}", "items", items, "next_since",
	    (json_int_t)last));
}

/* One row a route; a row's role stays on its first line, where
 * tests/e2e/openapi_check.sh reads it. */
static const struct route routes[] = {
	{ HTTP_GET,  "/api/v1/services/dossiers", ROUTE_API, ROLE_USER, api_list },
	{ HTTP_POST, "/api/v1/services/dossiers", ROUTE_API, DIR_ROLE_ONESTOP,
	    api_counter },
	{ HTTP_GET,  "/api/v1/services/dossiers/{}", ROUTE_API, ROLE_USER, api_get },
	{ HTTP_POST, "/api/v1/services/dossiers/{}/files", ROUTE_API, DIR_ROLE_ONESTOP,
	    api_files, ROUTE_UPLOAD },
	{ HTTP_POST, "/api/v1/services/dossiers/{}/result", ROUTE_API, DIR_ROLE_SPECIALIST | DIR_ROLE_LEADER,
	    api_result, ROUTE_UPLOAD },
	{ HTTP_GET,  "/api/v1/services/dossier-files/{}", ROUTE_API, ROLE_USER,
	    api_file },
	{ HTTP_POST, "/api/v1/services/dossiers/{}/receive", ROUTE_API, DIR_ROLE_ONESTOP,
	    api_receive },
	{ HTTP_POST, "/api/v1/services/dossiers/{}/supplement", ROUTE_API, DIR_ROLE_ONESTOP,
	    api_supplement },
	{ HTTP_POST, "/api/v1/services/dossiers/{}/refuse", ROUTE_API, DIR_ROLE_ONESTOP,
	    api_refuse },
	{ HTTP_POST, "/api/v1/services/dossiers/{}/transfer", ROUTE_API, ROLE_USER,
	    api_transfer },
	{ HTTP_POST, "/api/v1/services/dossiers/{}/process", ROUTE_API, DIR_ROLE_SPECIALIST | DIR_ROLE_LEADER,
	    api_process },
	{ HTTP_POST, "/api/v1/services/dossiers/{}/approve", ROUTE_API, DIR_ROLE_LEADER,
	    api_approve },
	{ HTTP_POST, "/api/v1/services/dossiers/{}/return", ROUTE_API, DIR_ROLE_ONESTOP,
	    api_return },
	{ HTTP_POST, "/api/v1/services/dossiers/{}/apology", ROUTE_API, ROLE_USER,
	    api_apology },
	{ HTTP_POST, "/api/v1/services/dossiers/{}/payment", ROUTE_API, DIR_ROLE_ONESTOP,
	    api_payment },
	{ HTTP_GET,  "/api/v1/services/indicators", ROUTE_API, ROLE_USER,
	    api_indicators },
	{ HTTP_GET,  "/api/v1/services/changes", ROUTE_API, ROLE_USER, api_changes },
	{ HTTP_PUT,  "/api/v1/services/settings", ROUTE_API, DIR_ROLE_ADMIN,
	    api_settings },
	{ HTTP_POST, "/api/v1/procedures", ROUTE_API, DIR_ROLE_ADMIN, api_import },
	{ HTTP_POST, "/api/v1/procedures/import", ROUTE_API, DIR_ROLE_ADMIN,
	    api_import_file, ROUTE_UPLOAD },
	{ HTTP_PUT,  "/api/v1/procedures/{}", ROUTE_API, DIR_ROLE_ADMIN,
	    api_procedure_put },
	{ 0, NULL, 0, 0, NULL }
};

void
svc_api_office_register(void)
{
	http_routes_add(routes);
}
