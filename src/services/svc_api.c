/* svc_api.c - public services over /api/v1 for everyone and for citizens:
 * the catalogue (anonymous, diacritics ignored, paged), public tracking by
 * dossier code, sign-in with an e-mailed code, and a citizen's own
 * dossiers from draft to rating. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/reqjson.h"
#include "svc_web.h"

static json_t *
procedure_json(const struct svc_procedure *p, int full)
{
	json_error_t jerr;
	json_t *o;

	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:I, s:b}",
	    "code", p->code, "name", p->name, "field", p->field, "level",
	    svc_level_name(p->level), "agency", p->agency, "mode",
	    svc_mode_name(p->mode), "mode_label", svc_mode_label(p->mode),
	    "days", p->days, "fee", (json_int_t)p->fee, "active", p->active);
	json_object_set_new(o, "unit_code", *p->unit_code ?
	    json_string(p->unit_code) : json_null());
	if (!full)
		return o;
	json_object_set_new(o, "fee_text", json_string(p->fee_text));
	json_object_set_new(o, "result", json_string(p->result));
	json_object_set_new(o, "legal_basis", json_string(p->legal_basis));
	json_object_set_new(o, "components", json_loads(p->components, 0,
	    &jerr));
	json_object_set_new(o, "form", json_loads(p->form, 0, &jerr));
	return o;
}

/* --- catalogue ----------------------------------------------------------- */

static void
api_procedures(struct req *r)
{
	struct svc_proc_query q = { 0 };
	struct svc_procedure *p;
	const char *lv = req_query(r, "level");
	json_t *items;
	int n, i, total;

	if (req_paging(r, &q.limit, &q.offset) < 0)
		return;
	q.q = req_query(r, "q");
	if (q.q && strlen(q.q) > 200) {
		http_json_error(r, 400, "invalid_query", "Từ khóa quá dài", "q");
		return;
	}
	q.level = -1;
	if (lv && *lv && (q.level = svc_level_parse(lv)) < 0) {
		http_json_error(r, 400, "invalid_level", "level là province,"
		    " district hoặc commune", "level");
		return;
	}
	q.field = req_query(r, "field");
	q.active_only = 1;
	n = svc_procedures_list(db_thread(), &r->arena, &q, &p, &total);
	if (n < 0) {
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, procedure_json(&p[i], 0));
	http_header(r, "Cache-Control", "public, max-age=60");
	http_json(r, 200, json_pack("{s:o, s:i, s:i, s:i}", "items", items,
	    "total", total, "limit", q.limit, "offset", q.offset));
}

static void
api_procedure(struct req *r)
{
	struct svc_procedure p;

	if (svc_procedure_get(db_thread(), &r->arena, r->args[0], &p) < 0 ||
	    !p.active) {
		http_json_error(r, 404, "not_found", "Không có thủ tục này", NULL);
		return;
	}
	http_json(r, 200, procedure_json(&p, 1));
}

/* --- public tracking ------------------------------------------------------ */

static void
api_track(struct req *r)
{
	struct svc_dossier d;

	/* A malformed code and a code that does not exist get the same
	 * answer, so codes cannot be probed. */
	if (svc_dossier_by_code(db_thread(), &r->arena, r->args[0], &d) < 0) {
		http_json_error(r, 404, "not_found", "Không tìm thấy hồ sơ có mã"
		    " này", NULL);
		return;
	}
	http_json(r, 200, svc_web_tracking(r, &d));
}

/* --- citizens' sign-in ---------------------------------------------------- */

static void
api_code(struct req *r)
{
	struct db *db = db_thread();
	const char *email = NULL;
	int rc;

	if (req_json_object(r) < 0 || req_json_str(r, "email", &email) < 0)
		return;
	if (!svc_email_valid(email)) {
		http_json_error(r, 422, "invalid_email", "Địa chỉ thư điện tử"
		    " không hợp lệ", "email");
		return;
	}
	if (req_begin(r, db) < 0)
		return;
	rc = svc_citizen_send_code(db, email, r->ip);
	if (rc < 0) {
		db_rollback(db);
		if (rc == -2) {
			http_header(r, "Retry-After", "60");
			http_json_error(r, 429, "too_soon", "Mã vừa được gửi; hãy"
			    " chờ một phút rồi thử lại", "email");
		} else
			http_json_error(r, 500, "internal", "Không gửi được mã",
			    NULL);
		return;
	}
	if (db_commit(db) < 0) {
		db_rollback(db);
		http_json_error(r, 503, "busy", "Hệ thống bận, hãy thử lại", NULL);
		return;
	}
	http_json(r, 202, json_pack("{s:s}", "message", "Mã xác thực đã được"
	    " gửi tới địa chỉ thư điện tử"));
}

static void
api_session(struct req *r)
{
	struct db *db = db_thread();
	const char *email = NULL, *code = NULL, *name = NULL;
	char token[33], csrf[33];
	int64_t id;
	int rc;

	if (req_json_object(r) < 0 || req_json_str(r, "email", &email) < 0 ||
	    req_json_str(r, "code", &code) < 0 ||
	    req_json_str(r, "full_name", &name) < 0)
		return;
	if (req_begin(r, db) < 0)
		return;
	rc = svc_citizen_verify(db, email ? email : "", code, name, "api",
	    r->ip, token, csrf, &id);
	if (rc == -2 || db_commit(db) < 0) {
		db_rollback(db);
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	if (rc < 0) {
		http_json_error(r, 401, "bad_code", "Mã xác thực sai hoặc đã hết"
		    " hạn", "code");
		return;
	}
	http_json(r, 201, json_pack("{s:s, s:I, s:i}", "token", token,
	    "citizen_id", (json_int_t)id, "expires_in", SVC_SESSION_TTL));
}

static void
api_me(struct req *r)
{
	struct svc_actor who;
	struct svc_citizen c;

	if (svc_web_citizen(r, &who, &c) < 0)
		return;
	http_json(r, 200, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)c.id,
	    "email", c.email, "full_name", c.full_name));
}

/* --- a citizen's dossiers -------------------------------------------------- */

static int
read_application(struct req *r, struct svc_application *app)
{
	int64_t unit = 0;

	memset(app, 0, sizeof(*app));
	if (req_json_object(r) < 0 ||
	    req_json_str(r, "procedure", &app->procedure_code) < 0 ||
	    req_json_id(r, "unit_id", &unit) < 0 ||
	    req_json_str(r, "applicant_name", &app->applicant_name) < 0 ||
	    req_json_str(r, "applicant_email", &app->applicant_email) < 0 ||
	    req_json_str(r, "applicant_phone", &app->applicant_phone) < 0 ||
	    req_json_str(r, "applicant_id_number", &app->applicant_idno) < 0 ||
	    req_json_str(r, "applicant_address", &app->applicant_addr) < 0)
		return -1;
	app->unit_id = unit;
	app->values = json_object_get(r->json, "values");
	if (app->values && !json_is_object(app->values)) {
		http_json_error(r, 422, "invalid_type", "values phải là một đối"
		    " tượng", "values");
		return -1;
	}
	return 0;
}

/* Answer with the dossier `id` as the actor sees it. */
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
api_my_list(struct req *r)
{
	struct svc_dossier_query q = { 0 };
	struct svc_dossier *d;
	struct svc_actor who;
	json_t *items;
	int n, i, total;

	if (svc_web_citizen(r, &who, NULL) < 0 ||
	    req_paging(r, &q.limit, &q.offset) < 0)
		return;
	q.box = -1;
	n = svc_dossiers_list(db_thread(), &r->arena, &who, &q, &d, &total);
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, svc_web_dossier(r, &d[i], 0));
	http_json(r, 200, json_pack("{s:o, s:i}", "items", items, "total",
	    total));
}

static void
api_my_create(struct req *r)
{
	struct svc_application app;
	struct svc_err e = { 0 };
	struct svc_actor who;
	struct db *db = db_thread();
	int64_t id = 0;

	if (svc_web_citizen(r, &who, NULL) < 0 || read_application(r, &app) < 0
	    || req_begin(r, db) < 0)
		return;
	if (svc_web_end(r, db, svc_dossier_create(db, &who, &app, time(NULL),
	    &id, &e), &e) < 0)
		return;
	answer_dossier(r, &who, id, 201);
}

static void
api_my_get(struct req *r)
{
	struct svc_actor who;

	if (svc_web_citizen(r, &who, NULL) < 0)
		return;
	answer_dossier(r, &who, req_arg_id(r, 0), 200);
}

static void
api_my_update(struct req *r)
{
	struct svc_application app;
	struct svc_err e = { 0 };
	struct svc_actor who;
	struct db *db = db_thread();

	if (svc_web_citizen(r, &who, NULL) < 0 || read_application(r, &app) < 0
	    || req_begin(r, db) < 0)
		return;
	if (svc_web_end(r, db, svc_dossier_update(db, &who, req_arg_id(r, 0),
	    &app, &e), &e) < 0)
		return;
	answer_dossier(r, &who, req_arg_id(r, 0), 200);
}

static void
api_my_files(struct req *r)
{
	struct svc_actor who;

	if (svc_web_citizen(r, &who, NULL) < 0 ||
	    svc_web_attach_files(r, &who) < 0)
		return;
	answer_dossier(r, &who, req_arg_id(r, 0), 201);
}

static void
api_my_submit(struct req *r)
{
	struct svc_err e = { 0 };
	struct svc_actor who;
	struct db *db = db_thread();
	char code[SVC_CODE_MAX];

	if (svc_web_citizen(r, &who, NULL) < 0 || req_begin(r, db) < 0)
		return;
	if (svc_web_end(r, db, svc_dossier_submit(db, &who, req_arg_id(r, 0),
	    time(NULL), code, &e), &e) < 0)
		return;
	answer_dossier(r, &who, req_arg_id(r, 0), 200);
}

static void
api_my_supplement(struct req *r)
{
	struct svc_err e = { 0 };
	struct svc_actor who;
	struct db *db = db_thread();
	const char *comment = NULL;
	json_t *values;

	if (svc_web_citizen(r, &who, NULL) < 0 || req_json_object(r) < 0 ||
	    req_json_str(r, "comment", &comment) < 0)
		return;
	values = json_object_get(r->json, "values");
	if (values && !json_is_object(values)) {
		http_json_error(r, 422, "invalid_type", "values phải là một đối"
		    " tượng", "values");
		return;
	}
	if (req_begin(r, db) < 0)
		return;
	if (svc_web_end(r, db, svc_dossier_answer(db, &who, req_arg_id(r, 0),
	    values, comment, time(NULL), &e), &e) < 0)
		return;
	answer_dossier(r, &who, req_arg_id(r, 0), 200);
}

static void
api_my_rating(struct req *r)
{
	struct svc_err e = { 0 };
	struct svc_actor who;
	struct db *db = db_thread();
	const char *comment = NULL;
	int rating = 0;

	if (svc_web_citizen(r, &who, NULL) < 0 || req_json_object(r) < 0 ||
	    req_json_int(r, "rating", 1, 5, &rating) < 0 ||
	    req_json_str(r, "comment", &comment) < 0)
		return;
	if (rating == 0) {
		http_json_error(r, 422, "required", "Chọn mức đánh giá từ 1 đến 5",
		    "rating");
		return;
	}
	if (req_begin(r, db) < 0)
		return;
	if (svc_web_end(r, db, svc_dossier_rate(db, &who, req_arg_id(r, 0),
	    rating, comment, &e), &e) < 0)
		return;
	answer_dossier(r, &who, req_arg_id(r, 0), 200);
}

static void
api_my_payment(struct req *r)
{
	struct svc_err e = { 0 };
	struct svc_actor who;
	struct db *db = db_thread();
	char ref[65];

	if (svc_web_citizen(r, &who, NULL) < 0 || req_begin(r, db) < 0)
		return;
	if (svc_web_end(r, db, svc_dossier_pay_online(db, &who,
	    req_arg_id(r, 0), time(NULL), ref, &e), &e) < 0)
		return;
	answer_dossier(r, &who, req_arg_id(r, 0), 200);
}

static void
api_my_file(struct req *r)
{
	struct svc_actor who;
	struct svc_file f;

	if (svc_web_citizen(r, &who, NULL) < 0)
		return;
	if (svc_file_get(db_thread(), &r->arena, &who, req_arg_id(r, 0),
	    &f) < 0) {
		http_json_error(r, 404, "not_found", "Không có tệp này", NULL);
		return;
	}
	svc_web_send_file(r, &f);
}

/* One row a route; a row's role stays on its first line, where
 * tests/e2e/openapi_check.sh reads it. Citizens' routes are public in the
 * table: the handler checks the citizen's own token. */
static const struct route routes[] = {
	{ HTTP_GET,  "/api/v1/procedures", ROUTE_API, ROLE_PUBLIC, api_procedures },
	{ HTTP_GET,  "/api/v1/procedures/{}", ROUTE_API, ROLE_PUBLIC, api_procedure },
	{ HTTP_GET,  "/api/v1/dossiers/{}", ROUTE_API, ROLE_PUBLIC, api_track },
	{ HTTP_POST, "/api/v1/citizens/code", ROUTE_API, ROLE_PUBLIC, api_code },
	{ HTTP_POST, "/api/v1/citizens/session", ROUTE_API, ROLE_PUBLIC,
	    api_session },
	{ HTTP_GET,  "/api/v1/citizen", ROUTE_API, ROLE_PUBLIC, api_me },
	{ HTTP_GET,  "/api/v1/citizen/dossiers", ROUTE_API, ROLE_PUBLIC,
	    api_my_list },
	{ HTTP_POST, "/api/v1/citizen/dossiers", ROUTE_API, ROLE_PUBLIC,
	    api_my_create },
	{ HTTP_GET,  "/api/v1/citizen/dossiers/{}", ROUTE_API, ROLE_PUBLIC,
	    api_my_get },
	{ HTTP_PATCH, "/api/v1/citizen/dossiers/{}", ROUTE_API, ROLE_PUBLIC,
	    api_my_update },
	{ HTTP_POST, "/api/v1/citizen/dossiers/{}/files", ROUTE_API, ROLE_PUBLIC,
	    api_my_files, ROUTE_UPLOAD },
	{ HTTP_GET,  "/api/v1/citizen/dossier-files/{}", ROUTE_API, ROLE_PUBLIC,
	    api_my_file },
	{ HTTP_POST, "/api/v1/citizen/dossiers/{}/submit", ROUTE_API, ROLE_PUBLIC,
	    api_my_submit },
	{ HTTP_POST, "/api/v1/citizen/dossiers/{}/supplement", ROUTE_API, ROLE_PUBLIC,
	    api_my_supplement },
	{ HTTP_POST, "/api/v1/citizen/dossiers/{}/rating", ROUTE_API, ROLE_PUBLIC,
	    api_my_rating },
	{ HTTP_POST, "/api/v1/citizen/dossiers/{}/payment", ROUTE_API, ROLE_PUBLIC,
	    api_my_payment },
	{ 0, NULL, 0, 0, NULL }
};

void
svc_api_citizen_register(void)
{
	http_routes_add(routes);
}
