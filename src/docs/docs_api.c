/* docs_api.c - documents over /api/v1: types, numbering settings, lists
 * and search, drafts from creation to issue, registers. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/cache.h"
#include "core/calendar.h"
#include "core/fold.h"
#include "directory/directory.h"
#include "core/jsonw.h"
#include "core/reqjson.h"
#include "docs_api.h"
#include "docs_int.h"

/* --- helpers ------------------------------------------------------------ */

int
docs_api_actor(struct req *r, struct docs_actor *who)
{
	if (docs_actor_init(db_thread(), who, r->user.id, r->user.username,
	    r->user.full_name, r->ip, r->user.unit_id, r->user.roles) < 0) {
		http_json_error(r, 403, "no_unit", "Tài khoản không thuộc đơn vị"
		    " nào", NULL);
		return -1;
	}
	return 0;
}

void
docs_api_unseen(struct req *r, int64_t id)
{
	if (docs_exists(db_thread(), id))
		http_error(r, 403, "forbidden", "Bạn không được xem văn bản này:"
		    " văn bản không do đơn vị của bạn ban hành hoặc nhận, và"
		    " không được giao hay chia sẻ cho bạn", NULL);
	else
		http_error(r, 404, "not_found", "Không có văn bản này", NULL);
}

void
docs_api_err(struct req *r, const struct docs_err *e)
{
	http_error(r, e->status ? e->status : 500, e->code ? e->code :
	    "internal", e->message ? e->message : "Lỗi hệ thống", e->field);
}

int
docs_api_end(struct req *r, struct db *db, int rc, const struct docs_err *e)
{
	static const struct docs_err busy = { 503, "busy", NULL,
	    "Hệ thống bận, hãy thử lại" };

	if (rc < 0) {
		db_rollback(db);
		docs_api_err(r, e);
		return -1;
	}
	if (db_commit(db) < 0) {
		db_rollback(db);
		docs_api_err(r, &busy);
		return -1;
	}
	return 0;
}

void
docs_api_doc_write(struct jw *w, struct req *r, const struct docs_doc *d,
    int full)
{
	struct db *db = db_thread();
	struct docs_recipient *rc;
	struct docs_assignee *as;
	struct docs_file *f;
	int n, i;

	jw_obj(w);
	jw_kint(w, "id", d->id);
	jw_kstr(w, "origin", d->origin);
	jw_kstr(w, "direction", d->receipt_id ? "in" : "out");
	jw_kint0(w, "unit_id", d->unit_id);
	jw_key(w, "type");
	jw_obj(w);
	jw_kstr(w, "code", d->type_code);
	jw_kstr(w, "name", d->type_name);
	jw_obj_end(w);
	jw_kstr(w, "issuer_name", d->issuer_name);
	jw_kstr(w, "issuer_code", d->issuer_code);
	jw_kstr(w, "summary", d->summary);
	jw_kstr0(w, "notation", d->notation);
	jw_kstr(w, "urgency", docs_urgency_name(d->urgency));
	jw_kint(w, "urgency_rank", d->urgency);
	jw_kint0(w, "number", d->number);
	jw_kstr(w, "state", d->state);
	jw_kstr(w, "date", d->doc_date);
	jw_kstr(w, "reply_due", d->reply_due);
	jw_kint0(w, "reply_to", d->reply_to);
	jw_key(w, "drafter");
	if (d->drafter_id) {
		jw_obj(w);
		jw_kint(w, "id", d->drafter_id);
		jw_kstr(w, "full_name", d->drafter_name);
		jw_obj_end(w);
	} else
		jw_null(w);
	jw_kstr0(w, "signer", d->signer_name);
	jw_key(w, "receipt");
	if (d->receipt_id) {
		jw_obj(w);
		jw_kint(w, "id", d->receipt_id);
		jw_kstr(w, "state", d->in_state);
		jw_kint0(w, "number", d->in_number);
		jw_kstr(w, "received_on", d->received_on);
		jw_kstr(w, "deadline", d->deadline);
		jw_kstr0(w, "direction", d->direction);
		jw_kstr0(w, "refused_reason", d->refused_reason);
		jw_kstr(w, "my_role", d->my_role);
		jw_obj_end(w);
	} else
		jw_null(w);
	if (!full) {
		jw_obj_end(w);
		return;
	}
	jw_kstr(w, "content", d->content);
	jw_kstr(w, "division", d->division);
	jw_kint(w, "version", d->version);
	jw_key(w, "recipients");
	jw_arr(w);
	n = docs_recipients(db, &r->arena, d->id, &rc);
	for (i = 0; i < n; i++) {
		jw_obj(w);
		jw_kint0(w, "unit_id", rc[i].unit_id);
		jw_kstr(w, "name", rc[i].name);
		jw_kstr(w, "code", rc[i].code);
		jw_kstr(w, "state", rc[i].state);
		jw_kstr(w, "receipt_state", rc[i].in_state);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	if (d->receipt_id) {
		jw_key(w, "assignees");
		jw_arr(w);
		n = docs_assignees(db, &r->arena, d->receipt_id, &as);
		for (i = 0; i < n; i++) {
			jw_obj(w);
			jw_kint(w, "person_id", as[i].person_id);
			jw_kstr(w, "full_name", as[i].full_name);
			jw_kstr(w, "role", as[i].role);
			jw_kbool(w, "done", as[i].done_at != 0);
			jw_obj_end(w);
		}
		jw_arr_end(w);
	}
	jw_key(w, "files");
	jw_arr(w);
	n = docs_files(db, &r->arena, d->id, &f);
	for (i = 0; i < n; i++) {
		jw_obj(w);
		jw_kint(w, "id", f[i].id);
		jw_kstr(w, "filename", f[i].filename);
		jw_kstr(w, "mime", f[i].mime);
		jw_kstr(w, "sha256", f[i].hash);
		jw_kint(w, "size", f[i].size);
		jw_kstr(w, "text_state", f[i].text_state);
		jw_kstr(w, "url", arena_printf(&r->arena,
		    "/api/v1/document-files/%" PRId64, f[i].id));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

/* Answer with one document in full, written straight into the answer. */
static void
write_doc(struct req *r, const struct docs_doc *d, int status)
{
	struct jw w;

	buf_reset(&r->out);
	jw_init(&w, &r->out);
	docs_api_doc_write(&w, r, d, 1);
	buf_addch(&r->out, '\n');
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
}

json_t *
docs_api_doc(struct req *r, const struct docs_doc *d, int full)
{
	struct buf b = BUF_INIT;
	struct jw w;
	json_t *o;

	jw_init(&w, &b);
	docs_api_doc_write(&w, r, d, full);
	o = json_loadb(b.data, b.len, 0, NULL);
	buf_release(&b);
	return o ? o : json_object();
}

/* --- types and numbering --------------------------------------------------- */

static void
api_types(struct req *r)
{
	struct docs_type *t;
	json_t *items = json_array();
	int n, i;

	n = docs_types(db_thread(), &r->arena, &t);
	for (i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:b}",
		    "id", (json_int_t)t[i].id, "code", t[i].code, "name",
		    t[i].name, "abbr", t[i].abbr, "active", t[i].active));
	http_json(r, 200, json_pack("{s:o, s:i}", "items", items, "total",
	    n > 0 ? n : 0));
}

static void
type_save(struct req *r, int64_t id)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct docs_type t = { 0 };
	struct db *db = db_thread();
	json_t *act;

	if (docs_api_actor(r, &who) < 0 || req_json_object(r) < 0)
		return;
	t.id = id;
	t.active = 1;
	if (id) {
		struct docs_type *all;
		int n, i;

		n = docs_types(db, &r->arena, &all);
		for (i = 0; i < n && all[i].id != id; i++)
			;
		if (i == n) {
			http_json_error(r, 404, "not_found", "Không có loại văn"
			    " bản này", NULL);
			return;
		}
		t = all[i];
	}
	if (req_json_str(r, "code", &t.code) < 0 ||
	    req_json_str(r, "name", &t.name) < 0 ||
	    req_json_str(r, "abbr", &t.abbr) < 0)
		return;
	act = json_object_get(r->json, "active");
	if (act && !json_is_boolean(act)) {
		http_json_error(r, 422, "invalid_type", "active phải là true hoặc"
		    " false", "active");
		return;
	}
	if (act)
		t.active = json_is_true(act);
	if (req_begin(r, db) < 0 ||
	    docs_api_end(r, db, docs_type_save(db, &who, &t, &e), &e) < 0)
		return;
	http_json(r, id ? 200 : 201, json_pack("{s:I, s:s, s:s, s:s, s:b}",
	    "id", (json_int_t)t.id, "code", t.code, "name", t.name, "abbr",
	    t.abbr ? t.abbr : "", "active", t.active));
}

static void
api_type_create(struct req *r)
{
	type_save(r, 0);
}

static void
api_type_update(struct req *r)
{
	int64_t id = req_arg_id(r, 0);

	if (id <= 0) {
		http_json_error(r, 404, "not_found", "Không có loại văn bản này",
		    NULL);
		return;
	}
	type_save(r, id);
}

static void
api_numbering(struct req *r)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	json_t *v;

	if (docs_api_actor(r, &who) < 0 || req_json_object(r) < 0)
		return;
	v = json_object_get(r->json, "shared");
	if (!json_is_boolean(v)) {
		http_json_error(r, 422, "invalid_type", "shared phải là true (một"
		    " dãy số chung) hoặc false (mỗi loại một dãy số)", "shared");
		return;
	}
	if (req_begin(r, db) < 0 ||
	    docs_api_end(r, db, docs_numbering_set(db, &who, req_arg_id(r, 0),
	    json_is_true(v), &e), &e) < 0)
		return;
	http_json(r, 200, json_pack("{s:I, s:b}", "unit_id",
	    (json_int_t)req_arg_id(r, 0), "shared", json_is_true(v)));
}

/* --- lists, search, one document ---------------------------------------- */

static int
query_date(struct req *r, const char *name, const char **out)
{
	const char *s = req_query(r, name);

	if (s == NULL || *s == '\0')
		return 0;
	if (calendar_parse_iso(s, &(int){ 0 }) < 0) {
		http_json_error(r, 400, "invalid_date", arena_printf(&r->arena,
		    "%s phải là ngày YYYY-MM-DD", name), name);
		return -1;
	}
	*out = s;
	return 0;
}

static void
api_list(struct req *r)
{
	struct docs_query q = { 0 };
	struct docs_actor who;
	struct docs_doc *d;
	const char *s;
	struct jw w;
	long l, o, u;
	int n, i, total;
	const char *key;
	int64_t gen;

	if (docs_api_actor(r, &who) < 0)
		return;
	q.urgency = -1;
	l = req_query_num(r, "limit", 50, 200);
	o = req_query_num(r, "offset", 0, 10000000);
	u = req_query_num(r, "unit", 0, 1L << 40);
	if (l <= 0 || o < 0 || u < 0) {
		http_json_error(r, 400, l <= 0 ? "invalid_limit" : o < 0 ?
		    "invalid_offset" : "invalid_unit", l <= 0 ? "limit phải từ 1"
		    " đến 200" : o < 0 ? "offset không hợp lệ" : "unit phải là số",
		    l <= 0 ? "limit" : o < 0 ? "offset" : "unit");
		return;
	}
	q.limit = (int)l;
	q.offset = (int)o;
	q.unit_id = u;
	if ((s = req_query(r, "box")) && *s &&
	    (q.box = docs_box_parse(s)) < 0) {
		http_json_error(r, 400, "invalid_box", "box không hợp lệ (all,"
		    " drafts, to_review, to_issue, outgoing, to_register,"
		    " to_direct, to_handle, for_info, overdue, incoming)", "box");
		return;
	}
	q.q = req_query(r, "q");
	if (q.q && strlen(q.q) > 200) {
		http_json_error(r, 400, "query_too_long", "Từ khóa dài quá 200"
		    " byte", "q");
		return;
	}
	if ((s = req_query(r, "urgency")) && *s &&
	    (q.urgency = docs_urgency_parse(s)) < 0) {
		http_json_error(r, 400, "invalid_urgency", "Độ khẩn: thuong,"
		    " khan, thuong_khan hoặc hoa_toc", "urgency");
		return;
	}
	q.type_code = req_query(r, "type");
	if (q.type_code && *q.type_code == '\0')
		q.type_code = NULL;
	q.state = req_query(r, "state");
	if (q.state && *q.state == '\0')
		q.state = NULL;
	if (q.state && docs_state_parse(q.state) < 0 &&
	    docs_in_state_parse(q.state) < 0) {
		http_json_error(r, 400, "invalid_state", "Trạng thái không hợp"
		    " lệ", "state");
		return;
	}
	if (query_date(r, "from", &q.from) < 0 || query_date(r, "to", &q.to) < 0)
		return;
	/* The answer depends on the reader, the day (overdue) and the
	 * query; it is kept while the reader's generation stands. */
	key = arena_printf(&r->arena, "docs:%" PRId64 ":%" PRId64 ":%d:%s",
	    who.id, who.body_id, docs_today(), r->path);
	for (i = 0; i < r->nquery; i++)
		key = arena_printf(&r->arena, "%s%c%s=%s", key, i ? '&' : '?',
		    r->query[i].name, r->query[i].value);
	gen = docs_reader_generation(db_thread(), &who);
	if (gen >= 0 && cache_get(key, gen, &r->out)) {
		r->status = 200;
		r->content_type = "application/json; charset=utf-8";
		return;
	}
	n = docs_list(db_thread(), &r->arena, &who, &q, &d, &total);
	if (n == -2) {
		http_json_error(r, 400, "invalid_query", "Từ khóa cần ít nhất một"
		    " chữ hoặc số", "q");
		return;
	}
	if (n < 0) {
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	/* Written straight out: a list is the hottest answer there is. */
	buf_reset(&r->out);
	jw_init(&w, &r->out);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	for (i = 0; i < n; i++)
		docs_api_doc_write(&w, r, &d[i], 0);
	jw_arr_end(&w);
	jw_kint(&w, "total", total);
	jw_kint(&w, "limit", q.limit);
	jw_kint(&w, "offset", q.offset);
	jw_obj_end(&w);
	buf_addch(&r->out, '\n');
	r->status = 200;
	r->content_type = "application/json; charset=utf-8";
	if (gen >= 0)
		cache_put(key, gen, r->out.data, r->out.len);
}

static int
load(struct req *r, struct docs_actor *who, struct docs_doc *d)
{
	if (docs_api_actor(r, who) < 0)
		return -1;
	if (docs_get(db_thread(), &r->arena, who, req_arg_id(r, 0), d) < 0) {
		docs_api_unseen(r, req_arg_id(r, 0));
		return -1;
	}
	return 0;
}

static void
api_get(struct req *r)
{
	struct docs_actor who;
	struct docs_doc d;

	if (load(r, &who, &d) == 0)
		write_doc(r, &d, 200);
}

static void
api_history(struct req *r)
{
	struct docs_actor who;
	struct docs_event *ev;
	struct docs_doc d;
	json_t *items;
	int n, i;

	if (load(r, &who, &d) < 0)
		return;
	n = docs_history(db_thread(), &r->arena, d.id, &ev);
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s}",
		    "at", (json_int_t)ev[i].at, "actor", ev[i].actor, "action",
		    ev[i].action, "comment", ev[i].comment, "unit",
		    ev[i].unit_name));
	http_json(r, 200, json_pack("{s:I, s:o}", "document", (json_int_t)d.id,
	    "items", items));
}

static void
api_versions(struct req *r)
{
	struct docs_actor who;
	struct docs_version *v;
	struct docs_doc d;
	json_t *items;
	int n, i;

	if (load(r, &who, &d) < 0)
		return;
	n = docs_versions(db_thread(), &r->arena, d.id, &v);
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:i, s:s, s:s, s:s, s:s,"
		    " s:I}", "version", v[i].version, "type", v[i].type_code,
		    "summary", v[i].summary, "content", v[i].content, "by",
		    v[i].by, "at", (json_int_t)v[i].at));
	http_json(r, 200, json_pack("{s:I, s:i, s:o}", "document",
	    (json_int_t)d.id, "current", d.version, "items", items));
}

/* --- drafts ----------------------------------------------------------------- */

static int
recipients_from_body(struct req *r, struct docs_draft *d)
{
	json_t *a, *v;
	size_t i;

	a = json_object_get(r->json, "recipients");
	if (a && !json_is_null(a)) {
		d->set_recipients = 1;
		if (!json_is_array(a) || json_array_size(a) >
		    DOCS_RECIPIENTS_MAX)
			goto bad;
		json_array_foreach(a, i, v) {
			if (json_is_integer(v) && json_integer_value(v) > 0)
				d->unit_ids[d->nunits++] = json_integer_value(v);
			else if (json_is_string(v))
				d->unit_codes[d->nunits++] = arena_strdup(
				    &r->arena, json_string_value(v));
			else
				goto bad;
		}
	}
	a = json_object_get(r->json, "external_recipients");
	if (a && !json_is_null(a)) {
		d->set_recipients = 1;
		if (!json_is_array(a) || json_array_size(a) >
		    DOCS_RECIPIENTS_MAX)
			goto bad_ext;
		json_array_foreach(a, i, v) {
			json_t *name = json_object_get(v, "name");
			json_t *code = json_object_get(v, "code");

			if (!json_is_string(name) || (code && !json_is_null(code) &&
			    !json_is_string(code)))
				goto bad_ext;
			d->ext_names[d->next] = arena_strdup(&r->arena,
			    json_string_value(name));
			d->ext_codes[d->next++] = json_is_string(code) ?
			    arena_strdup(&r->arena, json_string_value(code)) : NULL;
		}
	}
	return 0;
bad:
	http_json_error(r, 422, "invalid_recipients", "recipients là mảng tối"
	    " đa 64 số đơn vị, mã định danh hoặc tên đơn vị", "recipients");
	return -1;
bad_ext:
	http_json_error(r, 422, "invalid_recipients", "external_recipients là"
	    " mảng tối đa 64 đối tượng {name, code}", "external_recipients");
	return -1;
}

static int
draft_from_body(struct req *r, struct docs_draft *d)
{
	memset(d, 0, sizeof(*d));
	if (req_json_object(r) < 0 ||
	    req_json_str(r, "type", &d->type_code) < 0 ||
	    req_json_str(r, "summary", &d->summary) < 0 ||
	    req_json_str(r, "content", &d->content) < 0 ||
	    req_json_str(r, "urgency", &d->urgency) < 0 ||
	    req_json_str(r, "confidentiality", &d->secret) < 0 ||
	    req_json_str(r, "reply_due", &d->reply_due) < 0 ||
	    req_json_str(r, "division", &d->division) < 0 ||
	    req_json_id(r, "reply_to", &d->reply_to) < 0)
		return -1;
	return recipients_from_body(r, d);
}

void
docs_api_end_answer(struct req *r, struct db *db, int rc,
    const struct docs_err *e, const struct docs_actor *who, int64_t id,
    int status)
{
	struct docs_doc d;

	if (rc < 0) {
		(void)docs_api_end(r, db, rc, e);
		return;
	}
	/* Read before the commit: on the shared writer, whose pages these
	 * are, not after it on this thread's own connection, whose cache
	 * every commit since its last read has emptied. */
	if (docs_get(db, &r->arena, who, id, &d) < 0) {
		db_rollback(db);
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	write_doc(r, &d, status);
	if (docs_api_end(r, db, 0, e) == 0 && status == 201)
		http_header(r, "Location", arena_printf(&r->arena,
		    "/api/v1/documents/%" PRId64, id));
}

static void
api_create(struct req *r)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct docs_draft d;
	struct db *db = db_thread();
	int64_t id = 0;
	int rc;

	if (docs_api_actor(r, &who) < 0 || draft_from_body(r, &d) < 0)
		return;
	if (req_begin(r, db) < 0)
		return;
	rc = docs_draft_create(db, &who, &d, &id, &e);
	docs_api_end_answer(r, db, rc, &e, &who, id, 201);
}

static void
api_update(struct req *r)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct docs_draft d;
	struct db *db = db_thread();
	int64_t id = req_arg_id(r, 0);
	int rc;

	if (docs_api_actor(r, &who) < 0 || draft_from_body(r, &d) < 0)
		return;
	if (d.reply_to) {
		http_json_error(r, 422, "invalid_reply_to", "Không đổi được văn"
		    " bản được trả lời", "reply_to");
		return;
	}
	if (req_begin(r, db) < 0)
		return;
	rc = docs_draft_update(db, &who, id, &d, &e);
	docs_api_end_answer(r, db, rc, &e, &who, id, 200);
}

static void
step(struct req *r, int s)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	const char *comment = NULL;
	int64_t id = req_arg_id(r, 0);
	int rc;

	if (docs_api_actor(r, &who) < 0)
		return;
	if (r->json && (req_json_object(r) < 0 ||
	    req_json_str(r, "comment", &comment) < 0))
		return;
	if (req_begin(r, db) < 0)
		return;
	rc = docs_step(db, &who, id, s, comment, &e);
	docs_api_end_answer(r, db, rc, &e, &who, id, 200);
}

static void
api_submit(struct req *r)
{
	step(r, DOCS_STEP_SUBMIT);
}

static void
api_approve(struct req *r)
{
	step(r, DOCS_STEP_APPROVE);
}

static void
api_return(struct req *r)
{
	step(r, DOCS_STEP_RETURN);
}

static void
api_issue(struct req *r)
{
	struct docs_actor who;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	int64_t id = req_arg_id(r, 0);
	int rc;

	if (docs_api_actor(r, &who) < 0)
		return;
	if (req_begin(r, db) < 0)
		return;
	rc = docs_issue(db, &who, id, docs_today(), &e);
	docs_api_end_answer(r, db, rc, &e, &who, id, 200);
}

/* --- registers ------------------------------------------------------------ */

static int
query_year(struct req *r)
{
	long y = req_query_num(r, "year", calendar_year(docs_today()),
	    CALENDAR_YEAR_MAX);

	if (y < CALENDAR_YEAR_MIN) {
		http_json_error(r, 400, "invalid_year", "year không hợp lệ",
		    "year");
		return -1;
	}
	return (int)y;
}

static void
api_registers(struct req *r)
{
	struct docs_register *g;
	struct docs_actor who;
	json_t *items;
	int n, i, year;

	if (docs_api_actor(r, &who) < 0 || (year = query_year(r)) < 0)
		return;
	n = docs_registers(db_thread(), &r->arena, who.body_id, year, &g);
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:i}",
		    "id", (json_int_t)g[i].id, "direction", g[i].direction,
		    "name", g[i].name, "last_number", g[i].last));
	http_json(r, 200, json_pack("{s:I, s:i, s:o}", "unit_id",
	    (json_int_t)who.body_id, "year", year, "items", items));
}

static void
api_register_entries(struct req *r)
{
	struct docs_actor who;
	struct docs_doc *d;
	json_t *items;
	int n, i, year;

	if (docs_api_actor(r, &who) < 0 || (year = query_year(r)) < 0)
		return;
	n = docs_register_entries(db_thread(), &r->arena, &who,
	    req_arg_id(r, 0), year, &d);
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, docs_api_doc(r, &d[i], 0));
	http_json(r, 200, json_pack("{s:I, s:i, s:o}", "register",
	    (json_int_t)req_arg_id(r, 0), "year", year, "items", items));
}

void
docs_send_register(struct req *r, const struct docs_actor *who,
    const struct docs_register *g, int year, int pdf)
{
	const char *unit = r->user.unit_name ? r->user.unit_name : "";
	int rc;

	rc = pdf ? docs_register_pdf(db_thread(), &r->arena, who, g, year,
	    unit, &r->out) : docs_register_xlsx(db_thread(), &r->arena, who,
	    g, year, unit, &r->out);
	if (rc < 0) {
		buf_reset(&r->out);
		http_error(r, 500, "internal", pdf ? "Không tạo được tệp PDF"
		    " (thiếu phông chữ DejaVu?)" : "Không tạo được tệp XLSX",
		    NULL);
		return;
	}
	http_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename=\"so-van-ban-%s-%d.%s\"",
	    strcmp(g->direction, "in") == 0 ? "den" : "di", year, pdf ? "pdf" :
	    "xlsx"));
	http_header(r, "Cache-Control", "private, no-store");
	http_text(r, 200, pdf ? "application/pdf" : "application/vnd."
	    "openxmlformats-officedocument.spreadsheetml.sheet");
}

/* A register of the caller's body as a file: XLSX, or PDF. */
static void
api_register_file(struct req *r, int pdf)
{
	struct docs_register g;
	struct docs_actor who;
	int year;

	if (docs_api_actor(r, &who) < 0 || (year = query_year(r)) < 0)
		return;
	if (docs_register_find(db_thread(), &r->arena, &who, req_arg_id(r, 0),
	    year, &g) < 0) {
		http_json_error(r, 404, "not_found", "Không có sổ văn bản này của"
		    " đơn vị", NULL);
		return;
	}
	docs_send_register(r, &who, &g, year, pdf);
}

static void
api_register_xlsx(struct req *r)
{
	api_register_file(r, 0);
}

static void
api_register_pdf(struct req *r)
{
	api_register_file(r, 1);
}

/* One row a route; a row's role stays on its first line, where
 * tests/e2e/openapi_check.sh reads it. */
static const struct route routes[] = {
	{ HTTP_GET,   "/api/v1/document-types", ROUTE_API, ROLE_USER, api_types },
	{ HTTP_POST,  "/api/v1/document-types", ROUTE_API, DIR_ROLE_ADMIN,
	    api_type_create },
	{ HTTP_PATCH, "/api/v1/document-types/{}", ROUTE_API, DIR_ROLE_ADMIN,
	    api_type_update },
	{ HTTP_PUT,   "/api/v1/units/{}/document-numbering", ROUTE_API, DIR_ROLE_ADMIN,
	    api_numbering },
	{ HTTP_GET,   "/api/v1/documents", ROUTE_API, ROLE_USER, api_list },
	{ HTTP_POST,  "/api/v1/documents", ROUTE_API,
	    DIR_ROLE_SPECIALIST | DIR_ROLE_LEADER | DIR_ROLE_CLERK, api_create },
	{ HTTP_GET,   "/api/v1/documents/{}", ROUTE_API, ROLE_USER, api_get },
	{ HTTP_PATCH, "/api/v1/documents/{}", ROUTE_API, DIR_ROLE_SPECIALIST | DIR_ROLE_LEADER | DIR_ROLE_CLERK,
	    api_update },
	{ HTTP_GET,   "/api/v1/documents/{}/history", ROUTE_API, ROLE_USER,
	    api_history },
	{ HTTP_GET,   "/api/v1/documents/{}/versions", ROUTE_API, ROLE_USER,
	    api_versions },
	{ HTTP_POST,  "/api/v1/documents/{}/submit", ROUTE_API, DIR_ROLE_SPECIALIST | DIR_ROLE_LEADER | DIR_ROLE_CLERK,
	    api_submit },
	{ HTTP_POST,  "/api/v1/documents/{}/approve", ROUTE_API, DIR_ROLE_LEADER,
	    api_approve },
	{ HTTP_POST,  "/api/v1/documents/{}/return", ROUTE_API, DIR_ROLE_LEADER,
	    api_return },
	{ HTTP_POST,  "/api/v1/documents/{}/issue", ROUTE_API, DIR_ROLE_CLERK,
	    api_issue },
	{ HTTP_GET,   "/api/v1/registers", ROUTE_API, ROLE_USER, api_registers },
	{ HTTP_GET,   "/api/v1/registers/{}", ROUTE_API, ROLE_USER,
	    api_register_entries },
	{ HTTP_GET,   "/api/v1/registers/{}/xlsx", ROUTE_API, ROLE_USER,
	    api_register_xlsx },
	{ HTTP_GET,   "/api/v1/registers/{}/pdf", ROUTE_API, ROLE_USER,
	    api_register_pdf },
	{ 0, NULL, 0, 0, NULL }
};

void
docs_api_register(void)
{
	http_routes_add(routes);
	docs_api_work_register();
}
