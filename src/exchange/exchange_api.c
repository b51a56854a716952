/* exchange_api.c - the JSON API of the exchange: the endpoint other
 * instances and hubs post packages to, the statuses of a document's
 * recipients, recall/update/replace, the requests waiting for a clerk,
 * and for admins the outbox, the refused inbox and the peer table. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/audit.h"
#include "core/http.h"
#include "core/jobs.h"
#include "core/reqjson.h"
#include "directory/directory.h"
#include "docs/docs.h"
#include "edxml.h"
#include "exchange_int.h"

/* POST /api/v1/exchange/packages: the transport acknowledgement. */
static void
api_receive(struct req *r)
{
	struct exchange_ack ack;
	json_t *j;

	if (!r->raw || r->nfiles < 1 || r->files[0].size == 0) {
		http_json(r, 400, json_pack("{ss s{ss ss sn}}", "ack", "fail",
		    "error", "code", "empty", "message", "Cần một gói edXML"
		    " trong thân yêu cầu", "field"));
		return;
	}
	/* The file is moved to the blob store or left for the request's
	 * end to remove. */
	exchange_receive(db_thread(), r->files[0].path, r->files[0].sha256,
	    &ack);
	if (ack.status == 200)
		j = json_pack("{ss ss sb}", "ack", "done", "sha256", ack.sha256,
		    "duplicate", ack.duplicate);
	else
		j = json_pack("{ss ss s{ss ss sn}}", "ack", "fail", "sha256",
		    ack.sha256, "error", "code", ack.code ? ack.code : "fail",
		    "message", ack.message, "field");
	http_json(r, ack.status ? ack.status : 500, j);
}

static int
actor(struct req *r, struct docs_actor *who)
{
	if (docs_actor_init(db_thread(), who, r->user.id, r->user.username,
	    r->user.full_name, r->ip, r->user.unit_id, r->user.roles) < 0) {
		http_json_error(r, 403, "no_unit", "Tài khoản không thuộc đơn vị"
		    " nào", NULL);
		return -1;
	}
	return 0;
}

/* A document the reader may see: 0, or -1 after answering. */
static int
visible(struct req *r, const struct docs_actor *who, int64_t id)
{
	if (docs_visible(db_thread(), who, id))
		return 0;
	if (docs_exists(db_thread(), id))
		http_error(r, 403, "forbidden", "Bạn không được xem văn bản này",
		    NULL);
	else
		http_error(r, 404, "not_found", "Không có văn bản này", NULL);
	return -1;
}

json_t *
exchange_statuses_json(struct db *db, struct arena *a, int64_t doc)
{
	struct docs_recipient *rc;
	struct exchange_status_row *s;
	json_t *items = json_array(), *rcps = json_array(), *o;
	int nr, ns, i, k;

	nr = docs_recipients(db, a, doc, &rc);
	ns = exchange_statuses(db, a, doc, &s);
	for (i = 0; i < nr; i++) {
		const char *last = NULL;

		if (rc[i].unit_id != 0)
			continue;
		o = json_array();
		for (k = 0; k < ns; k++) {
			if (strcmp(s[k].recipient_code, rc[i].code) != 0)
				continue;
			last = s[k].status_code;
			json_array_append_new(o, json_pack("{ss ss ss ss ss sI}",
			    "status", s[k].status_code, "label",
			    edxml_status_label(s[k].status_code), "description",
			    s[k].description, "staff", s[k].staff, "department",
			    s[k].department, "at", (json_int_t)s[k].at));
		}
		json_array_append_new(rcps, json_pack("{ss ss ss ss? so}", "code",
		    rc[i].code, "name", rc[i].name, "state", rc[i].state,
		    "last_status", last, "statuses", o));
	}
	for (k = 0; k < ns; k++)
		json_array_append_new(items, json_pack("{ss ss ss ss ss sI}",
		    "recipient", s[k].recipient_code, "status",
		    s[k].status_code, "label",
		    edxml_status_label(s[k].status_code), "description",
		    s[k].description, "staff", s[k].staff, "at",
		    (json_int_t)s[k].at));
	return json_pack("{sI so so}", "document", (json_int_t)doc,
	    "recipients", rcps, "items", items);
}

static void
api_statuses(struct req *r)
{
	struct docs_actor who;
	int64_t id = req_arg_id(r, 0);

	if (actor(r, &who) < 0 || visible(r, &who, id) < 0)
		return;
	http_json(r, 200, exchange_statuses_json(db_thread(), &r->arena, id));
}

/* Recall (1), update (2) or replace (3) a document sent: a clerk of the
 * issuing body. */
static void
business(struct req *r, int kind)
{
	struct docs_actor who;
	struct docs_doc d;
	struct db *db = db_thread();
	const char *reason = NULL, *summary = NULL;
	int64_t id = req_arg_id(r, 0);
	json_t *j;
	char *payload;
	int rc;

	if (actor(r, &who) < 0 || req_json_object(r) < 0 ||
	    req_json_str(r, "reason", &reason) < 0 ||
	    req_json_str(r, "summary", &summary) < 0)
		return;
	if (docs_exchange_get(db, &r->arena, id, &d) < 0 ||
	    d.unit_id != who.body_id) {
		if (visible(r, &who, id) == 0)
			http_json_error(r, 403, "forbidden", "Chỉ văn thư đơn vị"
			    " ban hành được thu hồi, cập nhật, thay thế", NULL);
		return;
	}
	if (strcmp(d.state, "issued") != 0) {
		http_json_error(r, 409, "not_issued", "Văn bản chưa phát hành",
		    NULL);
		return;
	}
	if (reason == NULL || *reason == '\0' || strlen(reason) >
	    EXCHANGE_REASON_MAX) {
		http_json_error(r, 422, "invalid_reason", "Cần ghi lý do (tối đa"
		    " 2.000 byte)", "reason");
		return;
	}
	if (summary && (strlen(summary) > DOCS_SUMMARY_MAX || kind == 1)) {
		http_json_error(r, 422, "invalid_summary", "Trích yếu mới tối đa"
		    " 500 byte, chỉ khi cập nhật hoặc thay thế", "summary");
		return;
	}
	j = json_pack("{sI si ss ss?}", "doc", (json_int_t)id, "business",
	    kind, "reason", reason, "summary", summary);
	payload = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (payload == NULL || req_begin(r, db) < 0) {
		free(payload);
		if (r->status == 0)
			http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	rc = jobs_enqueue(db, "exchange.send", payload, 0) < 0 ||
	    audit_record(db, who.id, who.name, r->ip, kind == 1 ?
	    "exchange.recall" : kind == 2 ? "exchange.update" :
	    "exchange.replace", arena_printf(&r->arena, "document:%" PRId64,
	    id), reason) < 0;
	free(payload);
	if (rc || db_commit(db) < 0) {
		db_rollback(db);
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	http_json(r, 202, json_pack("{sI ss}", "document", (json_int_t)id,
	    "queued", kind == 1 ? "recall" : kind == 2 ? "update" :
	    "replace"));
}

static void api_recall(struct req *r) { business(r, 1); }
static void api_update(struct req *r) { business(r, 2); }
static void api_replace(struct req *r) { business(r, 3); }

static const char *
business_name(int b)
{
	return b == 1 ? "recall" : b == 2 ? "update" : b == 3 ? "replace" :
	    "new";
}

static json_t *
request_json(const struct exchange_request *q)
{
	return json_pack("{sI sI sI ss ss ss ss ss ss sI}", "id",
	    (json_int_t)q->id, "receipt", (json_int_t)q->receipt_id,
	    "document", (json_int_t)q->doc_id, "business",
	    business_name(q->business), "reason", q->reason, "state", q->state,
	    "answer", q->answer, "from", q->from_code, "notation", q->notation,
	    "created_at", (json_int_t)q->created_at);
}

static void
api_requests(struct req *r)
{
	struct docs_actor who;
	struct exchange_request *q;
	json_t *items;
	int n, i;

	if (actor(r, &who) < 0)
		return;
	if ((n = exchange_requests(db_thread(), &r->arena, who.body_id, 0,
	    &q)) < 0) {
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, request_json(&q[i]));
	http_json(r, 200, json_pack("{so si}", "items", items, "total", n));
}

static void
decide(struct req *r, int agree)
{
	struct docs_actor who;
	struct exchange_request q;
	struct buf err = BUF_INIT;
	const char *reason = NULL;
	int64_t id = req_arg_id(r, 0);
	int rc;

	if (actor(r, &who) < 0 || (r->json && (req_json_object(r) < 0 ||
	    req_json_str(r, "reason", &reason) < 0)))
		return;
	if (exchange_request_get(db_thread(), &r->arena, id, &q) < 0) {
		http_json_error(r, 404, "not_found", "Không có yêu cầu này", NULL);
		return;
	}
	{
		char state[16];
		int64_t doc, unit;
		int recalled;

		if (docs_exchange_receipt(db_thread(), q.receipt_id, &doc, &unit,
		    state, &recalled) < 0 || unit != who.body_id) {
			http_json_error(r, 403, "forbidden", "Yêu cầu này gửi đơn"
			    " vị khác", NULL);
			return;
		}
	}
	if (!agree && (reason == NULL || *reason == '\0')) {
		http_json_error(r, 422, "invalid_reason", "Cần ghi lý do không"
		    " đồng ý", "reason");
		return;
	}
	if (reason && strlen(reason) > EXCHANGE_REASON_MAX) {
		http_json_error(r, 422, "invalid_reason", "Lý do tối đa 2.000"
		    " byte", "reason");
		return;
	}
	rc = exchange_decide(db_thread(), id, agree, reason, who.id, who.name,
	    r->ip, &err);
	if (rc == 1)
		http_json_error(r, 409, "decided", "Yêu cầu đã được trả lời",
		    NULL);
	else if (rc < 0)
		http_json_error(r, 500, "internal", err.data, NULL);
	else if (exchange_request_get(db_thread(), &r->arena, id, &q) == 0)
		http_json(r, 200, request_json(&q));
	else
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
	buf_release(&err);
}

static void api_agree(struct req *r) { decide(r, 1); }
static void api_disagree(struct req *r) { decide(r, 0); }

json_t *
exchange_pkg_json(const struct exchange_pkg *p)
{
	return json_pack("{sI ss ss ss so so ss ss ss ss ss ss si ss ss si ss"
	    " ss sI sI so}",
	    "id", (json_int_t)p->id, "direction", p->direction, "kind", p->kind,
	    "sha256", p->sha256,
	    "document", p->doc_id ? json_integer(p->doc_id) : json_null(),
	    "receipt", p->receipt_id ? json_integer(p->receipt_id) :
	    json_null(), "from", p->from_code, "to", p->to_code, "document_id",
	    p->document_id, "notation", p->notation, "status_code",
	    p->status_code, "business", business_name(p->business), "size",
	    (int)p->size, "state", p->state, "label",
	    exchange_state_label(p->state, p->attempts), "attempts",
	    p->attempts, "last_error", p->last_error, "url", p->peer_url,
	    "created_at", (json_int_t)p->created_at, "updated_at",
	    (json_int_t)p->updated_at, "sent_at", p->sent_at ?
	    json_integer(p->sent_at) : json_null());
}

static void
list(struct req *r, const char *direction, const char *state)
{
	struct exchange_pkg *p;
	json_t *items;
	const char *qs = req_query(r, "state");
	int limit, offset, n, i, total;

	if (req_paging(r, &limit, &offset) < 0)
		return;
	if (qs && *qs)
		state = qs;
	if ((n = exchange_pkgs(db_thread(), &r->arena, direction, state, 0,
	    limit, offset, &p, &total)) < 0) {
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, exchange_pkg_json(&p[i]));
	http_json(r, 200, json_pack("{so si}", "items", items, "total", total));
}

static void api_outbox(struct req *r) { list(r, "out", "outbox"); }
static void api_refused(struct req *r) { list(r, "in", "refused"); }
static void api_packages(struct req *r) { list(r, NULL, NULL); }

static void
api_retry(struct req *r)
{
	struct db *db = db_thread();
	struct exchange_pkg p;
	int64_t id = req_arg_id(r, 0);
	int rc;

	if (req_begin(r, db) < 0)
		return;
	rc = exchange_retry(db, id);
	if (rc == 0 && audit_record(db, r->user.id, r->user.username, r->ip,
	    "exchange.retry", arena_printf(&r->arena, "package:%" PRId64, id),
	    "") < 0)
		rc = -1;
	if (rc != 0 || db_commit(db) < 0) {
		db_rollback(db);
		if (rc == 1)
			http_json_error(r, 409, "not_failed", "Chỉ gửi lại gói đi"
			    " đã thất bại", NULL);
		else
			http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	exchange_pkg_get(db, &r->arena, id, &p);
	http_json(r, 200, exchange_pkg_json(&p));
}

static void
api_send_now(struct req *r)
{
	int n = exchange_send_now_as(db_thread(), r->user.id, r->user.username,
	    r->ip);

	if (n < 0)
		http_json_error(r, 503, "busy", "Hệ thống bận, hãy thử lại", NULL);
	else
		http_json(r, 200, json_pack("{si}", "packages", n));
}

json_t *
exchange_peer_json(const struct exchange_peer *p)
{
	return json_pack("{sI ss ss ss ss sb ss ss}", "id", (json_int_t)p->id,
	    "match", p->match, "name", p->name, "url", p->url, "kind", p->kind,
	    "has_api_key", *p->api_key != '\0', "cert_sha256", p->cert_sha256,
	    "ca_file", p->ca_file);
}

static void
api_peers(struct req *r)
{
	struct exchange_peer *p;
	json_t *items;
	int n, i;

	if ((n = exchange_peers(db_thread(), &r->arena, &p)) < 0) {
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, exchange_peer_json(&p[i]));
	http_json(r, 200, json_pack("{so si}", "items", items, "total", n));
}

const char *
exchange_peer_check(struct exchange_peer *p)
{
	size_t i;

	if (!exchange_match_valid(p->match))
		return "match";
	if (p->url == NULL || strlen(p->url) > EXCHANGE_URL_MAX ||
	    (strncmp(p->url, "http://", 7) != 0 &&
	    strncmp(p->url, "https://", 8) != 0))
		return "url";
	if (p->kind && strcmp(p->kind, "direct") && strcmp(p->kind, "hub"))
		return "kind";
	if (p->name && strlen(p->name) > 255)
		return "name";
	if (p->api_key && strlen(p->api_key) > 256)
		return "api_key";
	if (p->ca_file && strlen(p->ca_file) > 1024)
		return "ca_file";
	if (p->cert_sha256 && *p->cert_sha256) {
		if (strlen(p->cert_sha256) != 64)
			return "cert_sha256";
		for (i = 0; i < 64; i++)
			if (!strchr("0123456789abcdefABCDEF", p->cert_sha256[i]))
				return "cert_sha256";
	}
	return NULL;
}

static void
api_peer_add(struct req *r)
{
	struct db *db = db_thread();
	struct exchange_peer p;
	const char *bad;

	memset(&p, 0, sizeof(p));
	if (req_json_object(r) < 0 || req_json_str(r, "match", &p.match) < 0 ||
	    req_json_str(r, "url", &p.url) < 0 ||
	    req_json_str(r, "kind", &p.kind) < 0 ||
	    req_json_str(r, "name", &p.name) < 0 ||
	    req_json_str(r, "api_key", &p.api_key) < 0 ||
	    req_json_str(r, "cert_sha256", &p.cert_sha256) < 0 ||
	    req_json_str(r, "ca_file", &p.ca_file) < 0)
		return;
	if ((bad = exchange_peer_check(&p)) != NULL) {
		http_json_error(r, 422, "invalid_peer", "Máy ngang hàng không hợp"
		    " lệ: match là mã định danh, hậu tố (vd H41) hoặc *; url"
		    " http(s)://; kind direct hoặc hub; cert_sha256 64 ký tự hex",
		    bad);
		return;
	}
	if (req_begin(r, db) < 0)
		return;
	if (exchange_peer_save(db, &p) < 0 || audit_record(db, r->user.id,
	    r->user.username, r->ip, "exchange.peer.save", arena_printf(
	    &r->arena, "peer:%s", p.match), p.url) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	if (p.kind == NULL)
		p.kind = "direct";
	if (p.name == NULL)
		p.name = "";
	if (p.api_key == NULL)
		p.api_key = "";
	if (p.cert_sha256 == NULL)
		p.cert_sha256 = "";
	if (p.ca_file == NULL)
		p.ca_file = "";
	http_json(r, 201, exchange_peer_json(&p));
}

static void
api_peer_remove(struct req *r)
{
	struct db *db = db_thread();
	int64_t id = req_arg_id(r, 0);
	int rc;

	if (req_begin(r, db) < 0)
		return;
	rc = exchange_peer_remove(db, id, NULL);
	if (rc == 0 && audit_record(db, r->user.id, r->user.username, r->ip,
	    "exchange.peer.remove", arena_printf(&r->arena, "peer:%" PRId64,
	    id), "") < 0)
		rc = -1;
	if (rc != 0 || db_commit(db) < 0) {
		db_rollback(db);
		if (rc == 1)
			http_json_error(r, 404, "not_found", "Không có máy ngang"
			    " hàng này", NULL);
		else
			http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	http_json(r, 200, json_pack("{sb}", "removed", 1));
}

static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/exchange/packages", ROUTE_API, ROLE_PUBLIC,
	    api_receive, ROUTE_RAW },
	{ HTTP_GET,  "/api/v1/exchange/packages", ROUTE_API, DIR_ROLE_ADMIN,
	    api_packages },
	{ HTTP_POST, "/api/v1/exchange/packages/{}/retry", ROUTE_API, DIR_ROLE_ADMIN,
	    api_retry },
	{ HTTP_POST, "/api/v1/exchange/outbox/send-now", ROUTE_API,
	    DIR_ROLE_ADMIN, api_send_now },
	{ HTTP_GET,  "/api/v1/exchange/outbox", ROUTE_API, DIR_ROLE_ADMIN,
	    api_outbox },
	{ HTTP_GET,  "/api/v1/exchange/refused", ROUTE_API, DIR_ROLE_ADMIN,
	    api_refused },
	{ HTTP_GET,  "/api/v1/exchange/peers", ROUTE_API, DIR_ROLE_ADMIN,
	    api_peers },
	{ HTTP_POST, "/api/v1/exchange/peers", ROUTE_API, DIR_ROLE_ADMIN,
	    api_peer_add },
	{ HTTP_DELETE, "/api/v1/exchange/peers/{}", ROUTE_API, DIR_ROLE_ADMIN,
	    api_peer_remove },
	{ HTTP_GET,  "/api/v1/exchange/documents/{}/statuses", ROUTE_API, ROLE_USER,
	    api_statuses },
	{ HTTP_POST, "/api/v1/exchange/documents/{}/recall", ROUTE_API, DIR_ROLE_CLERK,
	    api_recall },
	{ HTTP_POST, "/api/v1/exchange/documents/{}/update", ROUTE_API, DIR_ROLE_CLERK,
	    api_update },
	{ HTTP_POST, "/api/v1/exchange/documents/{}/replace", ROUTE_API, DIR_ROLE_CLERK,
	    api_replace },
	{ HTTP_GET,  "/api/v1/exchange/requests", ROUTE_API, DIR_ROLE_CLERK,
	    api_requests },
	{ HTTP_POST, "/api/v1/exchange/requests/{}/agree", ROUTE_API, DIR_ROLE_CLERK,
	    api_agree },
	{ HTTP_POST, "/api/v1/exchange/requests/{}/refuse", ROUTE_API, DIR_ROLE_CLERK,
	    api_disagree },
	{ 0, NULL, 0, 0, NULL, 0 }
};

void
exchange_api_register(void)
{
	http_routes_add(routes);
}
