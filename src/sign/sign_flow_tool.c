/*
 * sign_flow_tool.c - what the signing tool on the signer's PC calls,
 * without a session: GET /ky-so/tep/{token} hands out the PDF to sign;
 * POST or PUT /ky-so/tep/{token} takes the signed PDF back, as a
 * multipart/form-data file (field "file", up to the upload limit) or as
 * a raw application/pdf body (up to the server's body limit, 1 MiB).
 * The token is the secret: errors are JSON, in Vietnamese.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/auth.h"
#include "core/blob.h"
#include "core/data.h"
#include "core/db.h"
#include "core/http.h"
#include "core/log.h"
#include "sign/sign_int.h"

/* A token as the URL carries it: 32 lower-case hex digits. */
static int
token_ok(const char *t)
{
	size_t i;

	for (i = 0; t[i] != '\0'; i++)
		if (!((t[i] >= '0' && t[i] <= '9') ||
		    (t[i] >= 'a' && t[i] <= 'f')))
			return 0;
	return i == SIGN_TOKEN_HEX - 1;
}

const char *
sign_flow_url(struct req *r, const char *token)
{
	const char *host = req_header(r, "Host");
	const char *proto = req_header(r, "X-Forwarded-Proto");

	if (host == NULL || host[0] == '\0' || strpbrk(host, " \r\n\"'<>/\\"))
		host = "localhost";
	return arena_printf(&r->arena, "%s://%s/ky-so/tep/%s",
	    proto != NULL && strcmp(proto, "https") == 0 ? "https" : "http",
	    host, token);
}

static void
tool_error(struct req *r, const struct sign_flow_err *e)
{
	http_json_error(r, e->status, e->code, e->msg,
	    e->status == 422 ? "file" : NULL);
}

static void
tool_get(struct req *r)
{
	struct sign_flow_err e;
	struct sign_req q;
	char th[65];
	int rc;

	memset(&e, 0, sizeof(e));
	if (!token_ok(r->args[0])) {
		http_json_error(r, 404, "not_found", "Không có yêu cầu ký nào"
		    " cho liên kết này", NULL);
		return;
	}
	auth_sha256_hex(r->args[0], strlen(r->args[0]), th);
	if ((rc = sign_req_by_token(db_thread(), th, &q)) != 0) {
		http_json_error(r, rc < 0 ? 500 : 404, rc < 0 ? "internal" :
		    "not_found", rc < 0 ? "Lỗi cơ sở dữ liệu" : "Không có yêu"
		    " cầu ký nào cho liên kết này (sai liên kết, hoặc đã có"
		    " liên kết mới thay thế)", NULL);
		return;
	}
	if (strcmp(q.state, "open") != 0) {
		http_json_error(r, 410, strcmp(q.state, "signed") == 0 ?
		    "request_signed" : strcmp(q.state, "expired") == 0 ?
		    "request_expired" : "request_cancelled", strcmp(q.state,
		    "signed") == 0 ? "Yêu cầu ký này đã được ký xong; liên kết"
		    " chỉ dùng được một lần" : strcmp(q.state, "expired") == 0 ?
		    "Liên kết ký đã hết hạn" : "Yêu cầu ký này đã bị hủy",
		    NULL);
		return;
	}
	if (http_blob(r, q.blob_hash, "application/pdf", (uint64_t)q.size) < 0) {
		http_json_error(r, 500, "internal", "Không đọc được tệp cần ký",
		    NULL);
		return;
	}
	http_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename=\"yeu-cau-ky-%lld.pdf\"", (long long)q.id));
	http_header(r, "X-Congso-Sign-Role", sign_role_code(q.role));
}

static void
tool_put(struct req *r)
{
	struct upload *u = req_file(r, "file");
	const char *ct = req_header(r, "Content-Type");
	struct sign_flow_err e;
	struct sign_req q;

	if (!token_ok(r->args[0])) {
		http_json_error(r, 404, "not_found", "Không có yêu cầu ký nào"
		    " cho liên kết này", NULL);
		return;
	}
	/* The tool sends the signed file as a form's "file" or as the
	 * body itself (streamed to a file in tmp/ by ROUTE_RAW). */
	if (u == NULL && r->raw && (ct == NULL ||
	    strncasecmp(ct, "application/pdf", 15) == 0 ||
	    strncasecmp(ct, "application/octet-stream", 24) == 0) &&
	    r->files[0].size > 0)
		u = &r->files[0];
	if (u == NULL) {
		http_json_error(r, 422, "file_missing", "Hãy gửi tệp PDF đã ký"
		    " trong trường \"file\" (multipart/form-data) hoặc làm thân"
		    " yêu cầu (Content-Type: application/pdf)", "file");
		return;
	}
	memset(&q, 0, sizeof(q));
	if (sign_flow_accept(db_thread(), r->args[0], u->path, r->ip, &q,
	    &e) < 0) {
		log_warn("%s: upload for request %lld refused: %s", __func__,
		    (long long)q.id, e.code);
		tool_error(r, &e);
		return;
	}
	u->path[0] = '\0';	/* moved into the blob store */
	http_json(r, 200, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id",
	    (json_int_t)q.id, "state", q.state, "sha256", q.signed_hash,
	    "signer", q.signer, "certificate_sha256", q.cert_sha256,
	    "message", "Đã nhận tệp đã ký"));
}

void
sign_flow_tool_register(void)
{
	static const struct route routes[] = {
		{ HTTP_GET, "/ky-so/tep/{}", ROUTE_API, ROLE_PUBLIC,
		    tool_get, 0 },
		{ HTTP_POST, "/ky-so/tep/{}", ROUTE_API, ROLE_PUBLIC,
		    tool_put, ROUTE_UPLOAD | ROUTE_RAW },
		{ HTTP_PUT, "/ky-so/tep/{}", ROUTE_API, ROLE_PUBLIC,
		    tool_put, ROUTE_UPLOAD | ROUTE_RAW },
		{ 0, NULL, 0, 0, NULL, 0 }
	};

	http_routes_add(routes);
}
