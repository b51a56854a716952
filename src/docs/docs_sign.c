/*
 * docs_sign.c - the signatures of a document's attachments on the web:
 * the verification view of every signature of an attachment (page and
 * JSON), and the requests to sign one on the signer's own PC (the
 * leader's approval signature, the body's seal signature at issue).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/blob.h"
#include "core/db.h"
#include "core/html.h"
#include "core/http.h"
#include "core/page.h"
#include "core/reqjson.h"
#include "directory/directory.h"
#include "docs_api.h"
#include "docs_page.h"
#include "sign/sign.h"

/* The attachment of captured id 0 the reader may see, a PDF. Answers
 * 403/404/422 and returns -1 when not. */
static int
visible_file(struct req *r, struct docs_actor *who, struct docs_file *f)
{
	int64_t id = req_arg_id(r, 0);

	if (docs_file_get(db_thread(), &r->arena, who, 0, id, f) < 0) {
		if (docs_file_exists(db_thread(), id))
			http_error(r, 403, "forbidden", "Bạn không được xem tệp"
			    " này: bạn không được xem văn bản của nó", NULL);
		else
			http_error(r, 404, "not_found", "Không có tệp này", NULL);
		return -1;
	}
	if (strcmp(f->mime, "application/pdf") != 0) {
		http_error(r, 422, "not_pdf", "Chỉ tệp PDF mới có chữ ký số để"
		    " kiểm tra", NULL);
		return -1;
	}
	return 0;
}

/* Verify the stored file; answers 422 and returns -1 when unreadable. */
static int
check(struct req *r, const struct docs_file *f, struct sign_check **res,
    size_t *n)
{
	struct blob_file bf;
	char err[SIGN_ERR_MAX];
	const char *m;
	int rc;

	if (blob_open(db_thread(), f->hash, &bf) < 0) {
		http_error(r, 500, "internal", "Không tìm thấy tệp đã lưu", NULL);
		return -1;
	}
	rc = sign_web_verify(r, bf.path, res, n, err, sizeof(err));
	blob_close(&bf);
	if (rc == 0)
		return 0;
	m = strstr(err, ": ");	/* the reader's message names the path */
	http_error(r, 422, "pdf_unreadable", m != NULL ? m + 2 : err, NULL);
	return -1;
}

static void
page_signatures(struct req *r)
{
	struct sign_check *res = NULL;
	struct docs_actor who;
	struct docs_file f;
	size_t n = 0;

	if (docs_page_actor(r, &who) < 0 ||
	    visible_file(r, &who, &f) < 0 || check(r, &f, &res, &n) < 0)
		return;
	page_begin(r, "Chữ ký số của tệp");
	html_printf(&r->out, "<h1>Chữ ký số của tệp</h1><p>Tệp <a href=\""
	    "/van-ban/tep/%lld\"><strong>%s</strong></a> (%ld byte, SHA-256"
	    " <code>%s</code>), kiểm tra với kho chứng thư tin cậy của hệ"
	    " thống.</p>", (long long)f.id, f.filename, f.size, f.hash);
	sign_web_sections(r, res, n);
	page_end(r);
	free(res);
}

static void
api_signatures(struct req *r)
{
	struct sign_check *res = NULL;
	struct docs_actor who;
	struct docs_file f;
	size_t n = 0, i;
	json_t *sigs;
	int all = 1;

	if (docs_api_actor(r, &who) < 0 ||
	    visible_file(r, &who, &f) < 0 || check(r, &f, &res, &n) < 0)
		return;
	sigs = json_array();
	for (i = 0; i < n; i++) {
		json_array_append_new(sigs, sign_check_json(&res[i]));
		all = all && sign_check_valid(&res[i]);
	}
	free(res);
	http_json(r, 200, json_pack("{s:I, s:s, s:I, s:s, s:o, s:i, s:b}",
	    "file", (json_int_t)f.id, "filename", f.filename,
	    "size", (json_int_t)f.size, "sha256", f.hash, "signatures", sigs,
	    "count", (int)n, "valid", n > 0 && all));
}

static int
parse_role(const char *s)
{
	if (s != NULL && strcmp(s, "leader") == 0)
		return SIGN_ROLE_LEADER;
	if (s != NULL && strcmp(s, "seal") == 0)
		return SIGN_ROLE_SEAL;
	return -1;
}

/* Make the request in its own transaction. 0, or -1 with `e`. */
static int
request(struct req *r, const struct docs_actor *who, int role,
    struct docs_sign_req *q, struct docs_err *e)
{
	struct db *db = db_thread();

	if (db_begin(db) < 0) {
		e->status = 503;
		e->code = "busy";
		e->field = NULL;
		e->message = "Hệ thống bận, hãy thử lại";
		return -1;
	}
	if (docs_sign_request(db, &r->arena, who, req_arg_id(r, 0), role, q,
	    e) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		if (e->status == 0) {
			e->status = 500;
			e->code = "db";
			e->message = "Lỗi cơ sở dữ liệu";
		}
		return -1;
	}
	return 0;
}

static void
do_request(struct req *r)
{
	struct docs_err e = { 0 };
	struct docs_sign_req q;
	struct docs_actor who;

	if (docs_page_actor(r, &who) < 0)
		return;
	if (request(r, &who, parse_role(req_form(r, "role")), &q, &e) < 0) {
		http_error(r, e.status, e.code, e.message, e.field);
		return;
	}
	/* The request's page gives the signer the tool's one-time link. */
	http_redirect(r, arena_printf(&r->arena, "/ky-so/yeu-cau/%" PRId64,
	    q.id));
}

static void
api_request(struct req *r)
{
	struct docs_err e = { 0 };
	struct docs_sign_req q;
	struct docs_actor who;
	const char *role;

	if (docs_api_actor(r, &who) < 0)
		return;
	role = r->json ? json_string_value(json_object_get(r->json, "role")) :
	    NULL;
	if (request(r, &who, parse_role(role), &q, &e) < 0) {
		docs_api_err(r, &e);
		return;
	}
	http_json(r, 201, json_pack("{s:I, s:I, s:s, s:s, s:s}", "id",
	    (json_int_t)q.id, "document", (json_int_t)q.doc_id, "role", role,
	    "token", q.token, "tool_url", arena_printf(&r->arena,
	    "/ky-so/tep/%s", q.token)));
}

/* ---- where a type's signatures and stamps go (admin) --------------- */

static json_t *
places_json(const struct docs_places *pl)
{
	json_t *o = json_object();
	int w;

	for (w = 0; w < DOCS_PLACE_MAX; w++)
		json_object_set_new(o, docs_place_name(w), pl->p[w].set ?
		    json_pack("{s:i, s:[f,f,f,f]}", "page", pl->p[w].page,
		    "rect", pl->p[w].rect[0], pl->p[w].rect[1],
		    pl->p[w].rect[2], pl->p[w].rect[3]) : json_null());
	return o;
}

static void
api_places(struct req *r)
{
	struct docs_places pl;

	if (docs_places_get(db_thread(), req_arg_id(r, 0), &pl) < 0) {
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:I, s:o}", "type",
	    (json_int_t)req_arg_id(r, 0), "places", places_json(&pl)));
}

/* One place of the body: null clears it, else {"page":N,"rect":[4]}. */
static int
read_place(json_t *v, struct docs_place *p, struct docs_err *e)
{
	json_t *rect = json_object_get(v, "rect"), *page;
	size_t k;

	memset(p, 0, sizeof(*p));
	if (json_is_null(v))
		return 0;
	page = json_object_get(v, "page");
	if (!json_is_object(v) || !json_is_array(rect) ||
	    json_array_size(rect) != 4 || (page && !json_is_integer(page))) {
		e->status = 422;
		e->code = "bad_place";
		e->field = "places";
		e->message = "Mỗi vị trí là null hoặc {\"page\": số, \"rect\":"
		    " [x1, y1, x2, y2]}";
		return -1;
	}
	for (k = 0; k < 4; k++) {
		if (!json_is_number(json_array_get(rect, k))) {
			e->status = 422;
			e->code = "bad_rect";
			e->field = "rect";
			e->message = "Tọa độ phải là số";
			return -1;
		}
		p->rect[k] = json_number_value(json_array_get(rect, k));
	}
	if (page && (json_integer_value(page) < 0 ||
	    json_integer_value(page) > 10000)) {
		e->status = 422;
		e->code = "bad_page";
		e->field = "page";
		e->message = "Trang phải từ 0 tới 10000";
		return -1;
	}
	p->page = page ? (int)json_integer_value(page) : 0;
	p->set = 1;
	return 0;
}

static void
api_places_set(struct req *r)
{
	struct db *db = db_thread();
	struct docs_err e = { 0 };
	struct docs_actor who;
	struct docs_place p;
	const char *key;
	json_t *v;
	int rc = 0, w;

	if (docs_api_actor(r, &who) < 0)
		return;
	if (!json_is_object(r->json)) {
		http_json_error(r, 422, "bad_json", "Cần một đối tượng JSON với"
		    " leader, seal, number, date", NULL);
		return;
	}
	if (!docs_type_exists(db, req_arg_id(r, 0))) {
		http_json_error(r, 404, "not_found", "Không có loại văn bản"
		    " này", NULL);
		return;
	}
	if (req_begin(r, db) < 0)
		return;
	json_object_foreach(r->json, key, v) {
		if ((w = docs_place_parse(key)) < 0) {
			e.status = 422;
			e.code = "bad_place";
			e.field = key;
			e.message = "Chỉ có các vị trí leader, seal, number,"
			    " date";
			rc = -1;
		} else if ((rc = read_place(v, &p, &e)) == 0)
			rc = docs_place_set(db, &who, req_arg_id(r, 0), w,
			    p.set ? &p : NULL, &e);
		if (rc < 0)
			break;
	}
	if (docs_api_end(r, db, rc, &e) < 0)
		return;
	api_places(r);
}

static int
on_signed(struct db *db, int64_t owner_id, const char *blob_hash)
{
	return docs_sign_swap(db, owner_id, blob_hash);
}

#define SIGNERS	(DIR_ROLE_LEADER | DIR_ROLE_CLERK)

void
docs_sign_register(void)
{
	static const struct route routes[] = {
		{ HTTP_GET,  "/van-ban/tep/{}/chu-ky", ROUTE_PAGE, ROLE_USER,
		    page_signatures, 0 },
		{ HTTP_POST, "/van-ban/tep/{}/ky", ROUTE_PAGE, SIGNERS,
		    do_request, 0 },
		{ HTTP_GET,  "/api/v1/document-files/{}/signatures", ROUTE_API, ROLE_USER,
		    api_signatures, 0 },
		{ HTTP_POST, "/api/v1/document-files/{}/sign-requests", ROUTE_API, DIR_ROLE_LEADER | DIR_ROLE_CLERK,
		    api_request, 0 },
		{ HTTP_GET,  "/api/v1/document-types/{}/sign-places", ROUTE_API, ROLE_USER,
		    api_places, 0 },
		{ HTTP_PUT,  "/api/v1/document-types/{}/sign-places", ROUTE_API, DIR_ROLE_ADMIN,
		    api_places_set, 0 },
		{ 0, NULL, 0, 0, NULL, 0 }
	};

	http_routes_add(routes);
	sign_flow_on_signed(DOCS_SIGN_OWNER, on_signed);
}
