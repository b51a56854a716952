/*
 * sign_flow_api.c - the JSON API of signing on the signer's own PC for
 * people signed in: requests for a PDF one uploads oneself (create,
 * list, read, a new link for the tool, cancel), and the certificates
 * one signs with (list, register, remove).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "core/http.h"
#include "core/reqjson.h"
#include "sign/sign_int.h"

#define LIST_MAX	200
#define CERT_FILE_MAX	(64u << 10)

static json_t *
iso(time_t t)
{
	struct tm tm;
	char s[32];

	if (t == 0)
		return json_null();
	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(s);
}

static json_t *
req_json(const struct sign_req *q)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(q->id));
	json_object_set_new(o, "state", json_string(q->state));
	json_object_set_new(o, "state_text",
	    json_string(sign_state_label(q->state)));
	json_object_set_new(o, "role", json_string(sign_role_code(q->role)));
	json_object_set_new(o, "person_id", json_integer(q->person_id));
	json_object_set_new(o, "owner", json_pack("{s:s, s:I}", "kind",
	    q->owner_kind, "id", (json_int_t)q->owner_id));
	json_object_set_new(o, "filename", q->filename[0] ?
	    json_string(q->filename) : json_null());
	json_object_set_new(o, "size", json_integer(q->size));
	json_object_set_new(o, "sha256", json_string(q->blob_hash));
	json_object_set_new(o, "created_at", iso(q->created_at));
	json_object_set_new(o, "expires_at", iso(q->expires_at));
	json_object_set_new(o, "closed_at", iso(q->closed_at));
	json_object_set_new(o, "signed_sha256", q->signed_hash[0] ?
	    json_string(q->signed_hash) : json_null());
	json_object_set_new(o, "signer", q->signer[0] ?
	    json_string(q->signer) : json_null());
	json_object_set_new(o, "certificate_sha256", q->cert_sha256[0] ?
	    json_string(q->cert_sha256) : json_null());
	return o;
}

/* The request named in the path, when the caller signs it or asked for
 * it; otherwise answered (404) and -1. */
static int
visible(struct req *r, struct sign_req *q)
{
	int rc = sign_req_get(db_thread(), req_arg_id(r, 0), q);

	if (rc < 0) {
		http_json_error(r, 500, "internal", "Lỗi cơ sở dữ liệu", NULL);
		return -1;
	}
	if (rc == 1 || (q->person_id != r->user.id &&
	    q->created_by != r->user.id)) {
		http_json_error(r, 404, "not_found", "Không có yêu cầu ký này",
		    NULL);
		return -1;
	}
	return 0;
}

static void
with_token(struct req *r, json_t *o, const char *token)
{
	const char *url = sign_flow_url(r, token);

	json_object_set_new(o, "token", json_string(token));
	json_object_set_new(o, "file_url", json_string(url));
	json_object_set_new(o, "upload_url", json_string(url));
}

static void
api_create(struct req *r)
{
	struct upload *u = req_file(r, "file");
	const char *role = req_form(r, "role"), *ttl = req_form(r, "ttl_hours");
	char token[SIGN_TOKEN_HEX], err[SIGN_ERR_MAX];
	enum sign_role sr = SIGN_ROLE_LEADER;
	struct sign_req q;
	json_t *o;
	int64_t id;
	long hours = 72;
	char *end;

	if (u == NULL) {
		http_json_error(r, 422, "file_missing", "Hãy gửi tệp PDF cần ký"
		    " trong trường \"file\" (multipart/form-data)", "file");
		return;
	}
	if (role != NULL && role[0] != '\0') {
		if (strcmp(role, "seal") == 0)
			sr = SIGN_ROLE_SEAL;
		else if (strcmp(role, "leader") != 0) {
			http_json_error(r, 422, "invalid_role",
			    "Vai trò ký phải là leader hoặc seal", "role");
			return;
		}
	}
	if (ttl != NULL && ttl[0] != '\0') {
		hours = strtol(ttl, &end, 10);
		if (*end != '\0' || hours < 1 || hours > SIGN_FLOW_TTL_MAX /
		    3600) {
			http_json_error(r, 422, "invalid_ttl",
			    "Thời hạn phải là số giờ từ 1 đến 720",
			    "ttl_hours");
			return;
		}
	}
	if (sign_flow_self_create(db_thread(), r->user.id, r->user.username ?
	    r->user.username : "", r->ip ? r->ip : "", u->path, u->filename,
	    sr, (int)hours * 3600, &id, token, err, sizeof(err)) < 0) {
		http_json_error(r, 422, "pdf_unreadable", err, "file");
		return;
	}
	u->path[0] = '\0';	/* moved into the blob store */
	if (sign_req_get(db_thread(), id, &q) != 0) {
		http_json_error(r, 500, "internal", "Lỗi cơ sở dữ liệu", NULL);
		return;
	}
	o = req_json(&q);
	with_token(r, o, token);
	http_header(r, "Location", arena_printf(&r->arena,
	    "/api/v1/sign/requests/%" PRId64, id));
	http_json(r, 201, o);
}

static void
api_list(struct req *r)
{
	struct sign_req *v = NULL;
	json_t *a;
	size_t n = 0, i;

	if (sign_req_list(db_thread(), r->user.id, LIST_MAX, &v, &n) < 0) {
		http_json_error(r, 500, "internal", "Lỗi cơ sở dữ liệu", NULL);
		return;
	}
	a = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(a, req_json(&v[i]));
	free(v);
	http_json(r, 200, json_pack("{s:o, s:i}", "requests", a, "count",
	    (int)n));
}

static void
api_get(struct req *r)
{
	struct sign_req q;

	if (visible(r, &q) < 0)
		return;
	http_json(r, 200, req_json(&q));
}

static void
api_token(struct req *r)
{
	char token[SIGN_TOKEN_HEX];
	struct sign_req q;
	json_t *o;
	int rc;

	if (visible(r, &q) < 0)
		return;
	if (q.person_id != r->user.id) {
		http_json_error(r, 403, "not_signer",
		    "Chỉ người phải ký mới lấy được liên kết ký", NULL);
		return;
	}
	if ((rc = sign_flow_issue(db_thread(), q.id, token)) != 0) {
		http_json_error(r, rc < 0 ? 500 : 409, rc < 0 ? "internal" :
		    "not_open", rc < 0 ? "Lỗi cơ sở dữ liệu" : "Yêu cầu không"
		    " còn chờ ký (đã ký, bị hủy hoặc hết hạn)", NULL);
		return;
	}
	o = req_json(&q);
	with_token(r, o, token);
	http_json(r, 200, o);
}

static void
api_cancel(struct req *r)
{
	struct sign_req q;

	if (visible(r, &q) < 0)
		return;
	if (q.created_by != r->user.id) {
		http_json_error(r, 403, "not_requester", "Chỉ người tạo yêu cầu"
		    " mới hủy được; yêu cầu của một phân hệ do phân hệ đó hủy",
		    NULL);
		return;
	}
	if (sign_flow_withdraw(db_thread(), &q, r->user.id, r->user.username ?
	    r->user.username : "", r->ip ? r->ip : "") < 0) {
		http_json_error(r, 409, "not_open", "Yêu cầu không còn chờ ký"
		    " (đã ký, bị hủy hoặc hết hạn)", NULL);
		return;
	}
	sign_req_get(db_thread(), q.id, &q);
	http_json(r, 200, req_json(&q));
}

/* ---- certificates ----------------------------------------------------- */

static json_t *
pcert_json(const struct sign_pcert *c)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s}",
	    "id", (json_int_t)c->id, "sha256", c->sha256, "subject",
	    c->subject, "issuer", c->issuer, "serial", c->serial,
	    "not_before", iso(c->not_before), "not_after", iso(c->not_after),
	    "added_at", iso(c->added_at), "added_by", c->added_by);
}

static void
api_certs(struct req *r)
{
	struct sign_pcert *v = NULL;
	json_t *a;
	size_t n = 0, i;

	if (sign_pcert_list(db_thread(), r->user.id, &v, &n) < 0) {
		http_json_error(r, 500, "internal", "Lỗi cơ sở dữ liệu", NULL);
		return;
	}
	a = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(a, pcert_json(&v[i]));
	free(v);
	http_json(r, 200, json_pack("{s:o}", "certificates", a));
}

static void
api_cert_add(struct req *r)
{
	struct upload *u = req_file(r, "file");
	char err[SIGN_ERR_MAX], *data;
	struct sign_pcert c;
	FILE *f;
	int rc;

	if (u == NULL || u->size == 0 || u->size > CERT_FILE_MAX) {
		http_json_error(r, 422, "file_missing", "Hãy gửi chứng thư số"
		    " (PEM hoặc DER, tối đa 64 KiB) trong trường \"file\"",
		    "file");
		return;
	}
	data = arena_alloc(&r->arena, u->size);
	if ((f = fopen(u->path, "rb")) == NULL) {
		http_json_error(r, 500, "internal", "Không đọc được tệp", NULL);
		return;
	}
	rc = fread(data, 1, u->size, f) == u->size ? 0 : -1;
	fclose(f);
	if (rc < 0 || sign_pcert_add(db_thread(), r->user.id, data, u->size,
	    r->user.username ? r->user.username : "", r->user.id,
	    r->ip ? r->ip : "", &c, err, sizeof(err)) < 0) {
		http_json_error(r, 422, "certificate_refused", rc < 0 ?
		    "Không đọc được tệp" : err, "file");
		return;
	}
	http_json(r, 201, pcert_json(&c));
}

static void
api_cert_remove(struct req *r)
{
	char err[SIGN_ERR_MAX];

	if (sign_pcert_remove(db_thread(), r->user.id, req_arg_id(r, 0),
	    r->user.username ? r->user.username : "", r->user.id,
	    r->ip ? r->ip : "", err, sizeof(err)) < 0) {
		http_json_error(r, 404, "not_found", err, NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:b}", "removed", 1));
}

/* At file scope so that each row's method, path, kind and role share
 * one line (tests/e2e/openapi_check.sh reads them). */
static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/sign/requests", ROUTE_API, ROLE_USER,
	    api_create, ROUTE_UPLOAD },
	{ HTTP_GET, "/api/v1/sign/requests", ROUTE_API, ROLE_USER,
	    api_list, 0 },
	{ HTTP_GET, "/api/v1/sign/requests/{}", ROUTE_API, ROLE_USER,
	    api_get, 0 },
	{ HTTP_POST, "/api/v1/sign/requests/{}/token", ROUTE_API, ROLE_USER,
	    api_token, 0 },
	{ HTTP_POST, "/api/v1/sign/requests/{}/cancel", ROUTE_API, ROLE_USER,
	    api_cancel, 0 },
	{ HTTP_GET, "/api/v1/sign/certs", ROUTE_API, ROLE_USER,
	    api_certs, 0 },
	{ HTTP_POST, "/api/v1/sign/certs", ROUTE_API, ROLE_USER,
	    api_cert_add, ROUTE_UPLOAD },
	{ HTTP_DELETE, "/api/v1/sign/certs/{}", ROUTE_API, ROLE_USER,
	    api_cert_remove, 0 },
	{ 0, NULL, 0, 0, NULL, 0 }
};

void
sign_flow_api_register(void)
{
	http_routes_add(routes);
}
