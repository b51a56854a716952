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
#include "directory/directory.h"
#include "docs_api.h"
#include "docs_page.h"
#include "sign/sign.h"

/* The attachment of captured id 0 the reader may see, and the path of
 * its stored file. Answers 403/404 and returns -1 when not visible. */
static int
visible_file(struct req *r, struct docs_actor *who, struct docs_file *f,
    char *path, size_t len)
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
	if (blob_path(f->hash, path, len) < 0) {
		http_error(r, 500, "internal", "Không tìm thấy tệp đã lưu", NULL);
		return -1;
	}
	return 0;
}

/* Verify the stored file; answers 422 and returns -1 when unreadable. */
static int
check(struct req *r, const char *path, struct sign_check **res, size_t *n)
{
	char err[SIGN_ERR_MAX];
	const char *m;

	if (sign_web_verify(r, path, res, n, err, sizeof(err)) == 0)
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
	char path[4096];
	size_t n = 0;

	if (docs_page_actor(r, &who) < 0 ||
	    visible_file(r, &who, &f, path, sizeof(path)) < 0 ||
	    check(r, path, &res, &n) < 0)
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
	char path[4096];
	size_t n = 0, i;
	json_t *sigs;
	int all = 1;

	if (docs_api_actor(r, &who) < 0 ||
	    visible_file(r, &who, &f, path, sizeof(path)) < 0 ||
	    check(r, path, &res, &n) < 0)
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
		{ 0, NULL, 0, 0, NULL, 0 }
	};

	http_routes_add(routes);
	sign_flow_on_signed(DOCS_SIGN_OWNER, on_signed);
}
