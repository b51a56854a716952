/*
 * hub_api.c - the hub's JSON API. For members, authenticated by their
 * API key (Authorization: Bearer hub_...), modelled on the national
 * document axis: send a package, list the packages waiting, fetch one,
 * acknowledge it. For admins: members (list, add with the key shown
 * once, read, remove), the message log with search, and the settings.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/blob.h"
#include "core/db.h"
#include "core/http.h"
#include "core/log.h"
#include "core/reqjson.h"
#include "directory/directory.h"
#include "hub/hub_int.h"

#define CERT_MAX	(64u << 10)

/* The contract's failure: {"ack":"fail","error":{...}}. */
static void
ack_fail(struct req *r, int status, const char *code, const char *msg)
{
	http_json(r, status, json_pack("{s:s, s:{s:s, s:s, s:n}}", "ack",
	    "fail", "error", "code", code, "message", msg, "field"));
}

/* The calling member; answered (and -1) when the hub is off or the key
 * is missing or wrong. */
static int
member_auth(struct req *r, struct hub_member *m)
{
	const char *auth = req_header(r, "Authorization");
	struct db *db = db_thread();
	int rc;

	if ((rc = hub_enabled(db)) <= 0) {
		if (rc < 0)
			ack_fail(r, 503, "busy", "Hệ thống bận, hãy thử lại");
		else
			ack_fail(r, 404, "hub_disabled", "Hệ thống này không"
			    " làm trục liên thông (chưa bật hub.enabled hoặc"
			    " chưa có thành viên)");
		return -1;
	}
	if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0 ||
	    (rc = hub_member_by_key(db, &r->arena, auth + 7, m)) == 1) {
		http_header(r, "WWW-Authenticate", "Bearer");
		ack_fail(r, 401, "bad_key", "Thiếu hoặc sai khóa API của thành"
		    " viên trục");
		return -1;
	}
	if (rc < 0) {
		ack_fail(r, 503, "busy", "Hệ thống bận, hãy thử lại");
		return -1;
	}
	return 0;
}

static void
api_send(struct req *r)
{
	struct hub_member m;
	struct hub_result res;

	if (member_auth(r, &m) < 0)
		return;
	if (!r->raw || r->nfiles < 1) {
		ack_fail(r, 400, "no_package", "Gửi gói tin edXML trong thân"
		    " yêu cầu (Content-Type: application/xml)");
		return;
	}
	hub_receive(db_thread(), &m, r->ip ? r->ip : "", r->files[0].path,
	    r->files[0].sha256, &res);
	if (res.status != 200) {
		ack_fail(r, res.status, res.code ? res.code : "internal",
		    res.message);
		return;
	}
	http_json(r, 200, json_pack("{s:s, s:I, s:s, s:b}", "ack", "done",
	    "id", (json_int_t)res.id, "sha256", res.sha256, "duplicate",
	    res.duplicate));
}

static void
api_waiting(struct req *r)
{
	struct hub_waiting *w;
	struct hub_member m;
	int64_t total;
	long limit, after;
	json_t *items;
	int n, i;

	if (member_auth(r, &m) < 0)
		return;
	limit = req_query_num(r, "limit", 50, 200);
	after = req_query_num(r, "after", 0, INT64_MAX / 2);
	if (limit <= 0) {
		http_json_error(r, 400, "invalid_limit", "limit phải từ 1 đến"
		    " 200", "limit");
		return;
	}
	if (after < 0) {
		http_json_error(r, 400, "invalid_after", "after phải là một số"
		    " định danh", "after");
		return;
	}
	n = hub_waiting_list(db_thread(), &r->arena, m.id, after, (int)limit,
	    &w, &total);
	if (n < 0) {
		http_json_error(r, 500, "internal", "Lỗi cơ sở dữ liệu", NULL);
		return;
	}
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s,"
		    " s:s, s:s, s:s?, s:I, s:I}", "id", (json_int_t)w[i].id,
		    "sha256", w[i].sha256, "kind", w[i].kind, "from",
		    w[i].from_code, "to", w[i].to_code, "document_id",
		    w[i].document_id, "status_code", w[i].status_code, "size",
		    (json_int_t)w[i].size, "received_at",
		    (json_int_t)w[i].received_at));
	http_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total",
	    (json_int_t)total));
}

static void
api_fetch(struct req *r)
{
	char blob[65];
	struct hub_member m;
	int rc;

	if (member_auth(r, &m) < 0)
		return;
	rc = hub_delivery_blob(db_thread(), req_arg_id(r, 0), m.id, blob);
	if (rc != 0) {
		if (rc < 0)
			http_json_error(r, 500, "internal", "Lỗi cơ sở dữ liệu",
			    NULL);
		else
			http_json_error(r, 404, "not_found", "Không có gói tin"
			    " này cho thành viên", NULL);
		return;
	}
	if (blob[0] == '\0') {
		http_json_error(r, 410, "gone", "Gói tin đã được chuyển và không"
		    " còn lưu trên trục (chỉ giữ nhật ký)", NULL);
		return;
	}
	if (http_blob(r, blob, "application/xml", 0) < 0) {
		http_json_error(r, 500, "internal", "Không đọc được gói tin",
		    NULL);
		return;
	}
	http_header(r, "ETag", arena_printf(&r->arena, "\"%s\"", blob));
}

static void
api_ack(struct req *r)
{
	const char *status = NULL, *reason = NULL;
	struct hub_member m;
	int64_t id = req_arg_id(r, 0);
	int done, rc;

	if (member_auth(r, &m) < 0)
		return;
	if (req_json_object(r) < 0 || req_json_str(r, "status", &status) < 0 ||
	    req_json_str(r, "reason", &reason) < 0)
		return;
	if (status == NULL || (strcmp(status, "done") != 0 &&
	    strcmp(status, "fail") != 0)) {
		http_json_error(r, 422, "invalid_status", "status phải là done"
		    " hoặc fail", "status");
		return;
	}
	done = strcmp(status, "done") == 0;
	if (reason != NULL && strlen(reason) > HUB_REASON_MAX) {
		http_json_error(r, 422, "reason_too_long", "Lý do dài quá 500"
		    " byte", "reason");
		return;
	}
	if (!done && (reason == NULL || reason[0] == '\0')) {
		http_json_error(r, 422, "reason_missing", "Hãy nêu lý do từ"
		    " chối gói tin", "reason");
		return;
	}
	rc = hub_delivery_finish(db_thread(), id, m.id, done, done ? "" :
	    reason);
	if (rc < 0)
		http_json_error(r, 503, "busy", "Hệ thống bận, hãy thử lại",
		    NULL);
	else if (rc == 1)
		http_json_error(r, 404, "not_found", "Không có gói tin này cho"
		    " thành viên", NULL);
	else if (rc == 2)
		http_json_error(r, 409, "already_acknowledged", "Gói tin đã được"
		    " xác nhận khác trước đó", "status");
	else
		http_json(r, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id,
		    "status", status));
}

/* ---- admins ----------------------------------------------------------- */

static json_t *
member_json(const struct hub_member *m)
{
	json_t *codes = json_array();
	const char *p = m->codes, *c;

	while (p && *p) {
		c = strchr(p, ',');
		json_array_append_new(codes, c ? json_stringn(p, (size_t)(c -
		    p)) : json_string(p));
		p = c ? c + 1 : NULL;
	}
	return json_pack("{s:I, s:s, s:o, s:s?, s:s, s:s?, s:s?, s:I, s:o,"
	    " s:I, s:I}", "id", (json_int_t)m->id, "name", m->name, "codes",
	    codes, "url", m->url[0] ? m->url : NULL, "mode", m->url[0] ?
	    "push" : "pull", "certificate_sha256", m->cert_sha256[0] ?
	    m->cert_sha256 : NULL, "certificate_subject", m->cert_subject[0] ?
	    m->cert_subject : NULL, "created_at", (json_int_t)m->created_at,
	    "removed_at", m->removed_at ? json_integer(m->removed_at) :
	    json_null(), "waiting", (json_int_t)m->waiting, "delivered",
	    (json_int_t)m->delivered);
}

json_t *
hub_msg_json(struct db *db, struct arena *a, const struct hub_msg *m)
{
	struct hub_delivery *d;
	json_t *to = json_array(), *ds = json_array();
	const char *p = m->to_codes, *c;
	int n, i;

	while (p && *p) {
		c = strchr(p, ',');
		json_array_append_new(to, c ? json_stringn(p, (size_t)(c - p)) :
		    json_string(p));
		p = c ? c + 1 : NULL;
	}
	n = hub_msg_deliveries(db, a, m->id, &d);
	for (i = 0; i < n; i++)
		json_array_append_new(ds, json_pack("{s:I, s:s, s:s, s:s, s:s,"
		    " s:s?, s:i, s:I}", "member_id", (json_int_t)d[i].member_id,
		    "member", d[i].member_name, "codes", d[i].codes, "mode",
		    d[i].mode, "state", d[i].state, "reason", d[i].reason[0] ?
		    d[i].reason : NULL, "attempts", d[i].attempts, "updated_at",
		    (json_int_t)d[i].updated_at));
	return json_pack("{s:I, s:I, s:{s:I, s:s}, s:s, s:s?, s:s, s:o, s:s,"
	    " s:s?, s:s, s:I, s:{s:b, s:b, s:b, s:s?, s:s?}, s:s, s:s?, s:i,"
	    " s:i, s:b, s:o}",
	    "id", (json_int_t)m->id, "received_at", (json_int_t)m->received_at,
	    "member", "id", (json_int_t)m->member_id, "name", m->member_name,
	    "ip", m->ip, "kind", m->kind[0] ? m->kind : NULL,
	    "from", m->from_code, "to", to, "document_id", m->document_id,
	    "status_code", m->status_code, "sha256", m->sha256,
	    "size", (json_int_t)m->size,
	    "signature", "present", m->sig_present, "intact", m->sig_intact,
	    "trusted", m->sig_trusted, "signer", m->signer[0] ? m->signer :
	    NULL, "certificate_sha256", m->cert_sha256[0] ? m->cert_sha256 :
	    NULL,
	    "outcome", m->outcome, "reason", m->reason[0] ? m->reason : NULL,
	    "status", m->status, "repeats", m->repeats,
	    "kept", m->blob != NULL, "deliveries", ds);
}

static void
actor(struct req *r, struct hub_actor *who)
{
	who->id = r->user.id;
	who->name = r->user.username ? r->user.username : "";
	who->ip = r->ip ? r->ip : "";
}

static void
api_members(struct req *r)
{
	struct hub_member *m;
	json_t *items = json_array();
	int n, i;

	n = hub_members_list(db_thread(), &r->arena, req_query(r, "all") &&
	    strcmp(req_query(r, "all"), "1") == 0, &m);
	if (n < 0) {
		json_decref(items);
		http_json_error(r, 500, "internal", "Lỗi cơ sở dữ liệu", NULL);
		return;
	}
	for (i = 0; i < n; i++)
		json_array_append_new(items, member_json(&m[i]));
	http_json(r, 200, json_pack("{s:o, s:i, s:i}", "items", items, "total",
	    n, "enabled", hub_enabled(db_thread()) == 1));
}

/* The "codes" field: an array of strings or one string of codes
 * separated by commas, into `codes` (arena); `*n` -1 when absent. 0, or
 * -1 after answering 422. */
static int
json_codes(struct req *r, const char **codes, int *n)
{
	json_t *v = json_object_get(r->json, "codes");
	size_t i;
	char *s, *t;

	*n = -1;
	if (v == NULL)
		return 0;
	*n = 0;
	if (json_is_string(v)) {
		s = arena_strdup(&r->arena, json_string_value(v));
		for (t = strtok(s, ", "); t != NULL; t = strtok(NULL, ", ")) {
			if (*n == HUB_CODES_MAX)
				goto many;
			codes[(*n)++] = t;
		}
		return 0;
	}
	if (!json_is_array(v))
		goto bad;
	if (json_array_size(v) > HUB_CODES_MAX)
		goto many;
	for (i = 0; i < json_array_size(v); i++) {
		if (!json_is_string(json_array_get(v, i)))
			goto bad;
		codes[(*n)++] = arena_strdup(&r->arena,
		    json_string_value(json_array_get(v, i)));
	}
	return 0;
many:
	http_json_error(r, 422, "too_many_codes", "Tối đa 64 mã đơn vị",
	    "codes");
	return -1;
bad:
	http_json_error(r, 422, "invalid_codes", "codes phải là mảng chuỗi mã"
	    " đơn vị", "codes");
	return -1;
}

/* A member error of hub_member_create/update as JSON. */
static void
member_error(struct req *r, const char *err)
{
	int taken = strstr(err, "đã thuộc") != NULL;

	http_json_error(r, taken ? 409 : 422, taken ? "code_taken" :
	    "invalid_member", err, strstr(err, "Mã") ? "codes" :
	    strstr(err, "Tên") ? "name" : strstr(err, "URL") ? "url" :
	    strstr(err, "Chứng thư") ? "certificate" : NULL);
}

static void
api_member_add(struct req *r)
{
	struct hub_member_new nm;
	struct hub_member m;
	struct hub_actor who;
	char key[HUB_KEY_LEN + 1], err[HUB_ERR_MAX];
	const char *cert = NULL;
	json_t *o;
	int64_t id;
	int rc;

	memset(&nm, 0, sizeof(nm));
	if (req_json_object(r) < 0 || req_json_str(r, "name", &nm.name) < 0 ||
	    req_json_str(r, "url", &nm.url) < 0 ||
	    req_json_str(r, "certificate", &cert) < 0)
		return;
	if (json_codes(r, nm.codes, &nm.ncodes) < 0)
		return;
	if (nm.ncodes < 0)
		nm.ncodes = 0;
	if (cert != NULL && cert[0] != '\0') {
		if (strlen(cert) > CERT_MAX) {
			http_json_error(r, 422, "certificate_too_large",
			    "Chứng thư lớn quá 64 KiB", "certificate");
			return;
		}
		nm.cert_pem = cert;
		nm.cert_len = strlen(cert);
	}
	actor(r, &who);
	rc = hub_member_create(db_thread(), &who, &nm, key, &id, err,
	    sizeof(err));
	if (rc == -1) {
		member_error(r, err);
		return;
	}
	if (rc < 0 || hub_member_get(db_thread(), &r->arena, id, &m) != 0) {
		http_json_error(r, 503, "busy", "Hệ thống bận, hãy thử lại",
		    NULL);
		return;
	}
	o = member_json(&m);
	json_object_set_new(o, "key", json_string(key));
	http_json(r, 201, o);
}

static void
api_member(struct req *r)
{
	struct hub_member m;
	int rc = hub_member_get(db_thread(), &r->arena, req_arg_id(r, 0), &m);

	if (rc != 0) {
		http_json_error(r, rc < 0 ? 500 : 404, rc < 0 ? "internal" :
		    "not_found", rc < 0 ? "Lỗi cơ sở dữ liệu" :
		    "Không có thành viên này", NULL);
		return;
	}
	http_json(r, 200, member_json(&m));
}

static void
api_member_edit(struct req *r)
{
	struct hub_member_edit e;
	struct hub_member m;
	struct hub_actor who;
	char key[HUB_KEY_LEN + 1], err[HUB_ERR_MAX];
	int64_t id = req_arg_id(r, 0);
	json_t *v, *o;
	int rc, newkey = 0;

	memset(&e, 0, sizeof(e));
	if (req_json_object(r) < 0 || req_json_str(r, "name", &e.name) < 0 ||
	    req_json_bool(r, "new_key", &newkey) < 0 ||
	    json_codes(r, e.codes, &e.ncodes) < 0)
		return;
	e.new_key = newkey;
	if ((v = json_object_get(r->json, "url")) != NULL) {
		if (json_is_null(v))
			e.url = "";
		else if (req_json_str(r, "url", &e.url) < 0)
			return;
	}
	if ((v = json_object_get(r->json, "certificate")) != NULL) {
		if (json_is_null(v) || (json_is_string(v) &&
		    json_string_length(v) == 0))
			e.cert_clear = 1;
		else if (req_json_str(r, "certificate", &e.cert_pem) < 0)
			return;
		else if (strlen(e.cert_pem) > CERT_MAX) {
			http_json_error(r, 422, "certificate_too_large",
			    "Chứng thư lớn quá 64 KiB", "certificate");
			return;
		} else
			e.cert_len = strlen(e.cert_pem);
	}
	actor(r, &who);
	rc = hub_member_update(db_thread(), &who, id, &e, key, err,
	    sizeof(err));
	if (rc == 1) {
		http_json_error(r, 404, "not_found", "Không có thành viên này"
		    " (hoặc đã gỡ)", NULL);
		return;
	}
	if (rc == -1) {
		member_error(r, err);
		return;
	}
	if (rc < 0 || hub_member_get(db_thread(), &r->arena, id, &m) != 0) {
		http_json_error(r, 503, "busy", "Hệ thống bận, hãy thử lại",
		    NULL);
		return;
	}
	o = member_json(&m);
	if (key[0] != '\0')
		json_object_set_new(o, "key", json_string(key));
	http_json(r, 200, o);
}

static void
api_member_remove(struct req *r)
{
	struct hub_actor who;
	int rc;

	actor(r, &who);
	rc = hub_member_remove(db_thread(), &who, req_arg_id(r, 0));
	if (rc != 0) {
		http_json_error(r, rc < 0 ? 503 : 404, rc < 0 ? "busy" :
		    "not_found", rc < 0 ? "Hệ thống bận, hãy thử lại" :
		    "Không có thành viên này (hoặc đã gỡ)", NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:I, s:b}", "id",
	    (json_int_t)req_arg_id(r, 0), "removed", 1));
}

static void
api_member_push_now(struct req *r)
{
	struct hub_actor who;
	int rc, n;

	actor(r, &who);
	rc = hub_member_push_now(db_thread(), &who, req_arg_id(r, 0), &n);
	if (rc < 0)
		http_json_error(r, 503, "busy", "Hệ thống bận, hãy thử lại",
		    NULL);
	else if (rc == 1)
		http_json_error(r, 404, "not_found", "Không có thành viên này"
		    " (hoặc đã gỡ)", NULL);
	else if (rc == 2)
		http_json_error(r, 409, "pull_member", "Thành viên này tự lấy"
		    " gói tin (pull): trục không đẩy tới nó", NULL);
	else
		http_json(r, 200, json_pack("{s:I, s:i}", "id",
		    (json_int_t)req_arg_id(r, 0), "deliveries", n));
}

/* The log search from the query string; -1 after answering 400. */
static int
log_query(struct req *r, struct hub_query *q)
{
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	const char *o;
	long member;

	memset(q, 0, sizeof(*q));
	if (req_paging(r, &q->limit, &q->offset) < 0)
		return -1;
	q->q = req_query(r, "q");
	q->code = req_query(r, "code");
	q->document_id = req_query(r, "document_id");
	q->sha256 = req_query(r, "sha256");
	o = req_query(r, "outcome");
	if (o && o[0] && strcmp(o, "accepted") && strcmp(o, "refused") &&
	    strcmp(o, "waiting") && strcmp(o, "delivered") &&
	    strcmp(o, "failed")) {
		http_json_error(r, 400, "invalid_outcome", "outcome phải là"
		    " accepted, refused, waiting, delivered hoặc failed",
		    "outcome");
		return -1;
	}
	q->outcome = o;
	if (from && from[0] && (q->since = hub_parse_day(from, 0)) < 0) {
		http_json_error(r, 400, "invalid_date", "Ngày phải viết"
		    " yyyy-mm-dd hoặc dd/mm/yyyy", "from");
		return -1;
	}
	if (to && to[0] && (q->until = hub_parse_day(to, 1)) < 0) {
		http_json_error(r, 400, "invalid_date", "Ngày phải viết"
		    " yyyy-mm-dd hoặc dd/mm/yyyy", "to");
		return -1;
	}
	if ((member = req_query_num(r, "member", 0, INT64_MAX / 2)) < 0) {
		http_json_error(r, 400, "invalid_member", "member phải là số"
		    " định danh của thành viên", "member");
		return -1;
	}
	q->member_id = member;
	return 0;
}

static void
api_log(struct req *r)
{
	struct hub_query q;
	struct hub_msg *m;
	json_t *items;
	int64_t total;
	int n, i;

	if (log_query(r, &q) < 0)
		return;
	n = hub_log_search(db_thread(), &r->arena, &q, &m, &total);
	if (n < 0) {
		http_json_error(r, 500, "internal", "Lỗi cơ sở dữ liệu", NULL);
		return;
	}
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, hub_msg_json(db_thread(),
		    &r->arena, &m[i]));
	http_json(r, 200, json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	    "total", (json_int_t)total, "limit", q.limit, "offset", q.offset));
}

static json_t *
settings_json(struct db *db)
{
	return json_pack("{s:b, s:b, s:b}", "enabled", hub_enabled(db) == 1,
	    "keep_packages", hub_keep_packages(db), "require_signature",
	    hub_require_signature(db));
}

static void
api_settings(struct req *r)
{
	http_json(r, 200, settings_json(db_thread()));
}

static void
api_settings_set(struct req *r)
{
	static const char *const keys[][2] = {
		{ "enabled", "hub.enabled" },
		{ "keep_packages", "hub.keep_packages" },
		{ "require_signature", "hub.require_signature" },
	};
	struct hub_actor who;
	int v[3], i;

	if (req_json_object(r) < 0)
		return;
	for (i = 0; i < 3; i++) {
		v[i] = -1;
		if (req_json_bool(r, keys[i][0], &v[i]) < 0)
			return;
	}
	actor(r, &who);
	for (i = 0; i < 3; i++)
		if (v[i] >= 0 && hub_setting_set(db_thread(), &who, keys[i][1],
		    v[i] ? "1" : "0") < 0) {
			http_json_error(r, 503, "busy", "Hệ thống bận, hãy thử"
			    " lại", NULL);
			return;
		}
	http_json(r, 200, settings_json(db_thread()));
}

void
hub_api_register(void)
{
	static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/hub/packages", ROUTE_API, ROLE_PUBLIC, api_send,
	    ROUTE_RAW },
	{ HTTP_GET, "/api/v1/hub/packages", ROUTE_API, ROLE_PUBLIC, api_waiting },
	{ HTTP_GET, "/api/v1/hub/packages/{}", ROUTE_API, ROLE_PUBLIC, api_fetch },
	{ HTTP_POST, "/api/v1/hub/packages/{}/ack", ROUTE_API, ROLE_PUBLIC, api_ack },
	{ HTTP_GET, "/api/v1/hub/members", ROUTE_API, DIR_ROLE_ADMIN, api_members },
	{ HTTP_POST, "/api/v1/hub/members", ROUTE_API, DIR_ROLE_ADMIN,
	    api_member_add },
	{ HTTP_GET, "/api/v1/hub/members/{}", ROUTE_API, DIR_ROLE_ADMIN, api_member },
	{ HTTP_PATCH, "/api/v1/hub/members/{}", ROUTE_API, DIR_ROLE_ADMIN,
	    api_member_edit },
	{ HTTP_DELETE, "/api/v1/hub/members/{}", ROUTE_API, DIR_ROLE_ADMIN,
	    api_member_remove },
	{ HTTP_POST, "/api/v1/hub/members/{}/push-now", ROUTE_API, DIR_ROLE_ADMIN,
	    api_member_push_now },
	{ HTTP_GET, "/api/v1/hub/log", ROUTE_API, DIR_ROLE_ADMIN, api_log },
	{ HTTP_GET, "/api/v1/hub/settings", ROUTE_API, DIR_ROLE_ADMIN, api_settings },
	{ HTTP_PATCH, "/api/v1/hub/settings", ROUTE_API, DIR_ROLE_ADMIN,
	    api_settings_set },
	{ 0, NULL, 0, 0, NULL, 0 }
	};

	http_routes_add(routes);
}
