/* account_api.c - sign-in and tokens over the JSON API. */
#include <inttypes.h>
#include <string.h>

#include "account.h"
#include "directory/directory.h"

static void
api_login(struct req *r)
{
	const char *user, *pw;
	struct account_session s;
	enum account_result rc;

	if (r->json == NULL || !json_is_object(r->json)) {
		http_json_error(r, 400, "invalid_body", "Cần JSON"
		    " {\"username\": ..., \"password\": ...}", NULL);
		return;
	}
	user = json_string_value(json_object_get(r->json, "username"));
	pw = json_string_value(json_object_get(r->json, "password"));
	if (user == NULL || *user == '\0' || strlen(user) > 64) {
		http_json_error(r, 422, "invalid_username", "Thiếu tên đăng nhập",
		    "username");
		return;
	}
	if (pw == NULL || *pw == '\0' || strlen(pw) > 256) {
		http_json_error(r, 422, "invalid_password", "Thiếu mật khẩu",
		    "password");
		return;
	}
	rc = account_login(db_thread(), user, pw, r->ip, "api", &s);
	switch (rc) {
	case ACCOUNT_OK:
		http_json(r, 200, json_pack("{s:s, s:I, s:s}", "token", s.token,
		    "expires_at", (json_int_t)s.expires_at, "token_type",
		    "Bearer"));
		return;
	case ACCOUNT_BAD:
		http_json_error(r, 401, "bad_credentials",
		    "Sai tên đăng nhập hoặc mật khẩu", NULL);
		return;
	case ACCOUNT_WAIT:
	case ACCOUNT_LOCKED:
		http_header(r, "Retry-After", arena_printf(&r->arena, "%ld",
		    s.retry_after));
		http_json_error(r, 429, rc == ACCOUNT_WAIT ? "slow_down" :
		    "locked", arena_printf(&r->arena, rc == ACCOUNT_WAIT ?
		    "Đăng nhập sai nhiều lần; hãy chờ %ld giây" :
		    "Tài khoản tạm khóa; thử lại sau %ld giây", s.retry_after),
		    NULL);
		return;
	default:
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
	}
}

static void
api_logout(struct req *r)
{
	const char *auth = req_header(r, "Authorization");

	if (auth && strncasecmp(auth, "Bearer ", 7) == 0)
		account_logout(db_thread(), auth + 7, r->user.id, r->ip);
	http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static void
api_me(struct req *r)
{
	struct dir_person p;
	json_t *roles;
	int i;

	if (dir_person_get(db_thread(), &r->arena, r->user.id, &p) < 0) {
		http_json_error(r, 404, "not_found", "Không có người này", NULL);
		return;
	}
	roles = json_array();
	for (i = 0; i < DIR_ROLE_MAX; i++)
		if (p.roles & (1u << i))
			json_array_append_new(roles, json_string(dir_role_name(i)));
	http_json(r, 200, json_pack("{s:I, s:s, s:s, s:I, s:s, s:o}",
	    "id", (json_int_t)p.id, "username", p.username,
	    "full_name", p.full_name, "unit_id", (json_int_t)p.unit_id,
	    "unit_name", p.unit_name, "roles", roles));
}

static void
api_tokens_list(struct req *r)
{
	struct account_token *t;
	json_t *items;
	int n, i;

	if ((n = account_tokens_list(db_thread(), &r->arena, &t)) < 0) {
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:I, s:s,"
		    " s:I, s:o}", "id", (json_int_t)t[i].id, "name", t[i].name,
		    "person_id", (json_int_t)t[i].person_id,
		    "username", t[i].username,
		    "created_at", (json_int_t)t[i].created_at,
		    "revoked_at", t[i].revoked_at ?
		    json_integer(t[i].revoked_at) : json_null()));
	http_json(r, 200, json_pack("{s:o, s:i}", "items", items, "total", n));
}

static void
api_tokens_issue(struct req *r)
{
	struct db *db = db_thread();
	struct dir_person p;
	const char *name, *user;
	char token[33];
	int64_t id;

	name = json_string_value(json_object_get(r->json, "name"));
	user = json_string_value(json_object_get(r->json, "username"));
	if (name == NULL || *name == '\0' || strlen(name) > 128) {
		http_json_error(r, 422, "invalid_name", "Đặt tên cho mã truy cập"
		    " (hệ thống nào dùng nó), tối đa 128 byte", "name");
		return;
	}
	if (user == NULL || dir_person_by_username(db, &r->arena, user, &p) < 0) {
		http_json_error(r, 422, "unknown_person", "Không có tài khoản này"
		    " để gắn mã truy cập", "username");
		return;
	}
	if (db_begin(db) < 0)
		goto fail;
	id = account_token_issue(db, r->user.id, r->user.username, r->ip, p.id,
	    name, token);
	if (id < 0 || db_commit(db) < 0) {
		db_rollback(db);
		goto fail;
	}
	http_json(r, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id,
	    "name", name, "token", token));
	return;
fail:
	http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
}

static void
api_tokens_revoke(struct req *r)
{
	struct db *db = db_thread();
	int rc;

	if (db_begin(db) < 0)
		goto fail;
	rc = account_token_revoke(db, r->user.id, r->user.username, r->ip,
	    req_arg_id(r, 0));
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		goto fail;
	}
	if (rc == 1) {
		http_json_error(r, 404, "not_found", "Không có mã truy cập đang"
		    " hiệu lực với số này", NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:b}", "revoked", 1));
	return;
fail:
	http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
}

static const struct route routes[] = {
	{ HTTP_POST,   "/api/v1/login",	   ROUTE_API, ROLE_PUBLIC, api_login },
	{ HTTP_POST,   "/api/v1/logout",   ROUTE_API, ROLE_USER,   api_logout },
	{ HTTP_GET,    "/api/v1/me",	   ROUTE_API, ROLE_USER,   api_me },
	{ HTTP_GET,    "/api/v1/tokens",   ROUTE_API, DIR_ROLE_ADMIN,
	    api_tokens_list },
	{ HTTP_POST,   "/api/v1/tokens",   ROUTE_API, DIR_ROLE_ADMIN,
	    api_tokens_issue },
	{ HTTP_DELETE, "/api/v1/tokens/{}", ROUTE_API, DIR_ROLE_ADMIN,
	    api_tokens_revoke },
	{ 0, NULL, 0, 0, NULL }
};

void
account_api_register(void)
{
	http_routes_add(routes);
}
