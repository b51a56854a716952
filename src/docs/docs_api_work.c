/* docs_api_work.c - documents over /api/v1, continued: filing documents
 * from outside, registering, directing, handling, sharing, attachments,
 * deadlines, notifications and work files. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/blob.h"
#include "core/calendar.h"
#include "core/html.h"
#include "core/log.h"
#include "directory/directory.h"
#include "core/reqjson.h"
#include "docs_api.h"

/* The fields of a document filed from outside, from a form (multipart,
 * with its files) or a JSON object. 0, or -1 when answered. */
static int
external_fields(struct req *r, struct docs_external *x)
{
	const char *n;
	char *end;
	long v;

	if (r->json == NULL && r->form != NULL) {
		x->type_code = req_form(r, "type");
		x->issuer_name = req_form(r, "issuer_name");
		x->issuer_code = req_form(r, "issuer_code");
		x->notation = req_form(r, "notation");
		x->doc_date = req_form(r, "date");
		x->summary = req_form(r, "summary");
		x->signer = req_form(r, "signer");
		x->urgency = req_form(r, "urgency");
		x->secret = req_form(r, "confidentiality");
		if ((n = req_form(r, "number")) != NULL && *n != '\0') {
			v = strtol(n, &end, 10);
			if (*end != '\0' || v < 0 || v > 1000000000) {
				http_json_error(r, 422, "invalid_number", "number"
				    " phải là số từ 0", "number");
				return -1;
			}
			x->number = (int)v;
		}
		return 0;
	}
	if (req_json_object(r) < 0 ||
	    req_json_str(r, "type", &x->type_code) < 0 ||
	    req_json_str(r, "issuer_name", &x->issuer_name) < 0 ||
	    req_json_str(r, "issuer_code", &x->issuer_code) < 0 ||
	    req_json_str(r, "notation", &x->notation) < 0 ||
	    req_json_int(r, "number", 0, 1000000000, &x->number) < 0 ||
	    req_json_str(r, "date", &x->doc_date) < 0 ||
	    req_json_str(r, "summary", &x->summary) < 0 ||
	    req_json_str(r, "signer", &x->signer) < 0 ||
	    req_json_str(r, "urgency", &x->urgency) < 0 ||
	    req_json_str(r, "confidentiality", &x->secret) < 0)
		return -1;
	return 0;
}

/* A clerk files a document from outside: JSON, or a form with its
 * scanned files ("file", any number), filed and attached at once. */
static void
api_incoming(struct req *r)
{
	struct docs_external x = { 0 };
	struct docs_file_text text[REQ_MAX_FILES];
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	int64_t id = 0, fid;
	int i, rc;

	if (docs_api_actor(r, &who) < 0 || external_fields(r, &x) < 0)
		return;
	/* Bad fields are refused before any file's text is read; the text
	 * is then read outside the transaction, which checks again. */
	if (docs_external_check(db, &x, NULL, NULL, &e) < 0) {
		docs_api_err(r, &e);
		return;
	}
	for (i = 0; i < r->nfiles; i++)
		docs_file_text_now(db, r->files[i].path, r->files[i].filename,
		    r->files[i].size, &text[i]);
	if (req_begin(r, db) == 0) {
		rc = docs_file_external(db, &who, &x, &id, &e);
		for (i = 0; i < r->nfiles && rc == 0; i++)
			if ((rc = docs_attach(db, &who, id, r->files[i].path,
			    r->files[i].filename, r->files[i].size,
			    r->files[i].sha256, &text[i], &fid, &e)) == 0)
				r->files[i].path[0] = '\0';	/* stored */
		docs_api_end_answer(r, db, rc, &e, &who, id, 201);
	}
	for (i = 0; i < r->nfiles; i++)
		buf_release(&text[i].text);
}

/* An optional JSON object body (a POST may come without one). */
static int
optional_object(struct req *r)
{
	return r->json ? req_json_object(r) : 0;
}

static void
api_register_in(struct req *r)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	const char *on = NULL;
	int64_t id = req_arg_id(r, 0);
	int day = docs_today();
	int rc;

	if (docs_api_actor(r, &who) < 0 || optional_object(r) < 0 ||
	    (r->json && req_json_str(r, "received_on", &on) < 0))
		return;
	if (on && (calendar_parse_iso(on, &day) < 0 || day > docs_today())) {
		http_json_error(r, 422, "invalid_date", "Ngày đến phải là ngày"
		    " YYYY-MM-DD, không sau hôm nay", "received_on");
		return;
	}
	if (req_begin(r, db) < 0)
		return;
	rc = docs_in_register(db, &who, id, day, &e);
	docs_api_end_answer(r, db, rc, &e, &who, id, 200);
}

static void
api_refuse(struct req *r)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	const char *reason = NULL;
	int64_t id = req_arg_id(r, 0);
	int rc;

	if (docs_api_actor(r, &who) < 0 || req_json_object(r) < 0 ||
	    req_json_str(r, "reason", &reason) < 0)
		return;
	if (req_begin(r, db) < 0)
		return;
	rc = docs_in_refuse(db, &who, id, reason, &e);
	docs_api_end_answer(r, db, rc, &e, &who, id, 200);
}

static void
api_direct(struct req *r)
{
	struct docs_direction d;
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	int64_t id = req_arg_id(r, 0);
	int rc;

	memset(&d, 0, sizeof(d));
	d.day = docs_today();
	if (docs_api_actor(r, &who) < 0 || req_json_object(r) < 0 ||
	    req_json_str(r, "direction", &d.text) < 0 ||
	    req_json_id(r, "main", &d.main) < 0 ||
	    req_json_ids(r, "co", d.co, DOCS_ASSIGNEES_MAX, &d.nco) < 0 ||
	    req_json_ids(r, "info", d.info, DOCS_ASSIGNEES_MAX, &d.ninfo) < 0 ||
	    req_json_int(r, "deadline_days", 0, 1000000000, &d.days) < 0 ||
	    req_json_str(r, "deadline", &d.deadline) < 0)
		return;
	if (req_begin(r, db) < 0)
		return;
	rc = docs_in_direct(db, &who, id, &d, &e);
	docs_api_end_answer(r, db, rc, &e, &who, id, 200);
}

static void
handle(struct req *r, int finish)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	const char *comment = NULL;
	int64_t id = req_arg_id(r, 0);
	int rc;

	if (docs_api_actor(r, &who) < 0 || optional_object(r) < 0 ||
	    (r->json && req_json_str(r, "comment", &comment) < 0))
		return;
	if (!docs_visible(db, &who, id)) {
		docs_api_unseen(r, id);
		return;
	}
	if (req_begin(r, db) < 0)
		return;
	rc = finish ? docs_in_finish(db, &who, id, comment, &e) :
	    docs_in_progress(db, &who, id, comment, &e);
	docs_api_end_answer(r, db, rc, &e, &who, id, 200);
}

static void
api_progress(struct req *r)
{
	handle(r, 0);
}

static void
api_finish(struct req *r)
{
	handle(r, 1);
}

static void
api_share(struct req *r)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	int64_t people[DOCS_ASSIGNEES_MAX], id = req_arg_id(r, 0);
	int n;
	int rc;

	if (docs_api_actor(r, &who) < 0 || req_json_object(r) < 0 ||
	    req_json_ids(r, "people", people, DOCS_ASSIGNEES_MAX, &n) < 0)
		return;
	if (req_begin(r, db) < 0)
		return;
	rc = docs_share(db, &who, id, people, n, &e);
	docs_api_end_answer(r, db, rc, &e, &who, id, 200);
}

/* --- attachments --------------------------------------------------------- */

static void
api_upload(struct req *r)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	struct upload *u;
	struct docs_file_text text = { 0, 0, BUF_INIT };
	int64_t id = req_arg_id(r, 0), fid = 0;
	struct docs_file f;
	int rc;

	if (docs_api_actor(r, &who) < 0)
		return;
	if ((u = req_file(r, "file")) == NULL) {
		http_json_error(r, 422, "missing_file", "Cần một tệp trong trường"
		    " file (multipart/form-data)", "file");
		return;
	}
	if (docs_visible(db, &who, id))
		docs_file_text_now(db, u->path, u->filename, u->size, &text);
	rc = req_begin(r, db);
	if (rc == 0)
		rc = docs_api_end(r, db, docs_attach(db, &who, id, u->path,
		    u->filename, u->size, u->sha256, &text, &fid, &e), &e);
	buf_release(&text.text);
	if (rc < 0)
		return;
	u->path[0] = '\0';	/* moved into the blob store */
	if (docs_file_get(db, &r->arena, &who, id, fid, &f) < 0) {
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	http_header(r, "Location", arena_printf(&r->arena,
	    "/api/v1/document-files/%" PRId64, fid));
	http_json(r, 201, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s}", "id",
	    (json_int_t)f.id, "filename", f.filename, "mime", f.mime, "sha256",
	    f.hash, "size", (json_int_t)f.size, "text_state", f.text_state));
}

void
docs_send_file(struct req *r, const struct docs_file *f)
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

static void
api_download(struct req *r)
{
	struct docs_actor who;
	struct docs_file f;

	if (docs_api_actor(r, &who) < 0)
		return;
	if (docs_file_get(db_thread(), &r->arena, &who, 0, req_arg_id(r, 0),
	    &f) < 0) {
		if (docs_file_exists(db_thread(), req_arg_id(r, 0)))
			http_json_error(r, 403, "forbidden", "Bạn không được tải"
			    " tệp này: bạn không được xem văn bản của nó", NULL);
		else
			http_json_error(r, 404, "not_found", "Không có tệp này",
			    NULL);
		return;
	}
	docs_send_file(r, &f);
}

/* --- deadlines and notifications ------------------------------------------ */

static void
api_deadlines(struct req *r)
{
	struct docs_actor who;
	struct docs_doc *d;
	const char *scope = req_query(r, "scope");
	char until[11], deadline_iso[11];
	json_t *soon, *overdue, *o;
	int n, i, today = docs_today(), last, due, unit = 0;

	if (docs_api_actor(r, &who) < 0)
		return;
	if (scope && strcmp(scope, "unit") == 0)
		unit = 1;
	else if (scope && *scope && strcmp(scope, "me") != 0) {
		http_json_error(r, 400, "invalid_scope", "scope: me hoặc unit",
		    "scope");
		return;
	}
	if (calendar_db_due(db_thread(), today, DOCS_SOON_DAYS, &last) < 0) {
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	n = docs_due_list(db_thread(), &r->arena, &who, unit,
	    calendar_format_iso(last, until), &d);
	soon = json_array();
	overdue = json_array();
	for (i = 0; i < n; i++) {
		if (!d[i].deadline || calendar_parse_iso(d[i].deadline, &due) < 0)
			continue;
		o = docs_api_doc(r, &d[i], 0);
		if (docs_due_status(today, due, last) == DOCS_DUE_OVERDUE)
			json_array_append_new(overdue, o);
		else
			json_array_append_new(soon, o);
	}
	http_json(r, 200, json_pack("{s:s, s:s, s:s, s:o, s:o}", "scope",
	    unit ? "unit" : "me", "today", calendar_format_iso(today,
	    deadline_iso), "soon_until", until, "soon", soon, "overdue",
	    overdue));
}

static void
api_notices(struct req *r)
{
	struct docs_notice *n;
	json_t *items = json_array();
	int c, i;

	c = docs_notices(db_thread(), &r->arena, r->user.id, &n);
	for (i = 0; i < c; i++)
		json_array_append_new(items, json_pack("{s:I, s:I, s:s, s:s, s:s,"
		    " s:b}", "id", (json_int_t)n[i].id, "document",
		    (json_int_t)n[i].doc_id, "kind", n[i].kind, "message",
		    n[i].message, "day", n[i].day, "read", n[i].read));
	http_json(r, 200, json_pack("{s:o}", "items", items));
}

/* --- work files ---------------------------------------------------------- */

static json_t *
workfile_json(const struct docs_workfile *w)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:{s:I, s:s}, s:s, s:s, s:i}",
	    "id", (json_int_t)w->id, "unit_id", (json_int_t)w->unit_id,
	    "code", w->code, "title", w->title, "owner", "id",
	    (json_int_t)w->owner_id, "full_name", w->owner_name, "retention",
	    w->retention, "state", w->state, "documents", w->ndocs);
}

static void
api_workfiles(struct req *r)
{
	struct docs_workfile *w;
	struct docs_actor who;
	json_t *items;
	int n, i;

	if (docs_api_actor(r, &who) < 0)
		return;
	n = docs_workfiles(db_thread(), &r->arena, &who, &w);
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, workfile_json(&w[i]));
	http_json(r, 200, json_pack("{s:o}", "items", items));
}

static void
answer_workfile(struct req *r, const struct docs_actor *who, int64_t id,
    int status)
{
	struct docs_workfile w;
	struct docs_doc *d;
	json_t *o, *docs;
	int n, i;

	if (docs_workfile_get(db_thread(), &r->arena, who, id, &w) < 0) {
		http_json_error(r, 404, "not_found", "Không có hồ sơ này", NULL);
		return;
	}
	o = workfile_json(&w);
	n = docs_workfile_docs(db_thread(), &r->arena, who, id, &d);
	docs = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(docs, docs_api_doc(r, &d[i], 0));
	json_object_set_new(o, "items", docs);
	if (status == 201)
		http_header(r, "Location", arena_printf(&r->arena,
		    "/api/v1/workfiles/%" PRId64, id));
	http_json(r, status, o);
}

static void
api_workfile_create(struct req *r)
{
	struct docs_workfile w = { 0 };
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();

	if (docs_api_actor(r, &who) < 0 || req_json_object(r) < 0 ||
	    req_json_str(r, "code", &w.code) < 0 ||
	    req_json_str(r, "title", &w.title) < 0 ||
	    req_json_str(r, "retention", &w.retention) < 0)
		return;
	if (req_begin(r, db) < 0 ||
	    docs_api_end(r, db, docs_workfile_create(db, &who, &w, &e), &e) < 0)
		return;
	answer_workfile(r, &who, w.id, 201);
}

static void
api_workfile(struct req *r)
{
	struct docs_actor who;

	if (docs_api_actor(r, &who) == 0)
		answer_workfile(r, &who, req_arg_id(r, 0), 200);
}

static void
api_workfile_add(struct req *r)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	int64_t doc = 0, id = req_arg_id(r, 0);

	if (docs_api_actor(r, &who) < 0 || req_json_object(r) < 0 ||
	    req_json_id(r, "document_id", &doc) < 0)
		return;
	if (req_begin(r, db) < 0 ||
	    docs_api_end(r, db, docs_workfile_add(db, &who, id, doc, &e), &e) < 0)
		return;
	answer_workfile(r, &who, id, 200);
}

static void
api_workfile_close(struct req *r)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	int64_t id = req_arg_id(r, 0);

	if (docs_api_actor(r, &who) < 0)
		return;
	if (req_begin(r, db) < 0 ||
	    docs_api_end(r, db, docs_workfile_close(db, &who, id, &e), &e) < 0)
		return;
	answer_workfile(r, &who, id, 200);
}

/* One row a route; a row's role stays on its first line, where
 * tests/e2e/openapi_check.sh reads it. */
static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/incoming",	ROUTE_API, DIR_ROLE_CLERK,
	    api_incoming, ROUTE_UPLOAD },
	{ HTTP_POST, "/api/v1/documents/{}/register", ROUTE_API, DIR_ROLE_CLERK,
	    api_register_in },
	{ HTTP_POST, "/api/v1/documents/{}/refuse", ROUTE_API, DIR_ROLE_CLERK,
	    api_refuse },
	{ HTTP_POST, "/api/v1/documents/{}/direct", ROUTE_API, DIR_ROLE_LEADER,
	    api_direct },
	{ HTTP_POST, "/api/v1/documents/{}/progress", ROUTE_API, ROLE_USER,
	    api_progress },
	{ HTTP_POST, "/api/v1/documents/{}/finish", ROUTE_API, ROLE_USER,
	    api_finish },
	{ HTTP_POST, "/api/v1/documents/{}/share", ROUTE_API, DIR_ROLE_LEADER | DIR_ROLE_CLERK,
	    api_share },
	{ HTTP_POST, "/api/v1/documents/{}/files", ROUTE_API, ROLE_USER,
	    api_upload, ROUTE_UPLOAD },
	{ HTTP_GET,  "/api/v1/document-files/{}", ROUTE_API, ROLE_USER,
	    api_download },
	{ HTTP_GET,  "/api/v1/deadlines",	ROUTE_API, ROLE_USER,
	    api_deadlines },
	{ HTTP_GET,  "/api/v1/notifications",	ROUTE_API, ROLE_USER,
	    api_notices },
	{ HTTP_GET,  "/api/v1/workfiles",	ROUTE_API, ROLE_USER,
	    api_workfiles },
	{ HTTP_POST, "/api/v1/workfiles",	ROUTE_API, ROLE_USER,
	    api_workfile_create },
	{ HTTP_GET,  "/api/v1/workfiles/{}",	ROUTE_API, ROLE_USER,
	    api_workfile },
	{ HTTP_POST, "/api/v1/workfiles/{}/documents", ROUTE_API, ROLE_USER,
	    api_workfile_add },
	{ HTTP_POST, "/api/v1/workfiles/{}/close", ROUTE_API, ROLE_USER,
	    api_workfile_close },
	{ 0, NULL, 0, 0, NULL }
};

void
docs_api_work_register(void)
{
	http_routes_add(routes);
}
