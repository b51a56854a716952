/* directory_api.c - units, people and reorganisations over /api/v1. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/cache.h"
#include "core/fold.h"
#include "core/http.h"
#include "core/reqjson.h"
#include "directory.h"

#define PAGE_MAX	200

/* Reads of the directory are answered from the cache while the
 * directory's generation is unchanged: the key is the path and query as
 * given. from_cache() answers a hit and returns 1; otherwise it leaves
 * the key and generation for answer_cached(). */
struct cached {
	const char	*key;
	int64_t		 gen;
};

static int
from_cache(struct req *r, struct cached *c, const char *extra)
{
	struct buf k = BUF_INIT;
	int i;

	buf_adds(&k, extra);
	buf_adds(&k, r->path);
	for (i = 0; i < r->nquery; i++)
		buf_printf(&k, "%c%s=%s", i ? '&' : '?', r->query[i].name,
		    r->query[i].value);
	c->key = arena_strdup(&r->arena, k.data);
	buf_release(&k);
	c->gen = dir_generation(db_thread());
	if (c->gen < 0 || !cache_get(c->key, c->gen, &r->out))
		return 0;
	r->status = 200;
	r->content_type = "application/json; charset=utf-8";
	return 1;
}

static void
answer_cached(struct req *r, const struct cached *c, json_t *v)
{
	http_json(r, 200, v);
	if (c->gen >= 0)
		cache_put(c->key, c->gen, r->out.data, r->out.len);
}

static json_t *
unit_json(const struct dir_unit *u)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:i, s:s, s:o, s:o, s:s, s:s,"
	    " s:s, s:s, s:o, s:o, s:i, s:i}",
	    "id", (json_int_t)u->id, "code", u->code, "name", u->name,
	    "short_name", u->short_name, "level", u->level, "kind", u->kind,
	    "parent_id", u->parent_id ? json_integer(u->parent_id) : json_null(),
	    "parent_name", u->parent_name ? json_string(u->parent_name) :
	    json_null(), "address", u->address ? u->address : "",
	    "email", u->email ? u->email : "", "phone", u->phone ? u->phone : "",
	    "effective_from", u->effective_from,
	    "effective_until", u->effective_until ?
	    json_string(u->effective_until) : json_null(),
	    "successor_id", u->successor_id ? json_integer(u->successor_id) :
	    json_null(), "children", u->nchildren, "people", u->npeople);
}

static json_t *
person_json(const struct dir_person *p)
{
	json_t *roles = json_array();
	int i;

	for (i = 0; i < DIR_ROLE_MAX; i++)
		if (p->roles & (1u << i))
			json_array_append_new(roles, json_string(dir_role_name(i)));
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:o, s:s, s:s,"
	    " s:b, s:b}", "id", (json_int_t)p->id, "username", p->username,
	    "full_name", p->full_name, "unit_id", (json_int_t)p->unit_id,
	    "unit_name", p->unit_name, "unit_code", p->unit_code,
	    "position", p->position, "roles", roles, "email", p->email,
	    "phone", p->phone, "active", p->active,
	    "can_sign_in", p->can_sign_in);
}

static void
list_answer(struct req *r, const struct cached *c, json_t *items, int total,
    int limit, int offset)
{
	answer_cached(r, c, json_pack("{s:o, s:i, s:i, s:i}", "items", items,
	    "total", total, "limit", limit, "offset", offset));
}

static void
api_units(struct req *r)
{
	struct dir_unit_query q = { 0 };
	struct dir_unit *units;
	struct cached c;
	json_t *items;
	long parent;
	int n, i, total;

	if (from_cache(r, &c, ""))
		return;
	if (req_paging(r, &q.limit, &q.offset) < 0)
		return;
	q.q = req_query(r, "q");
	if (q.q && strlen(q.q) > 200) {
		http_json_error(r, 400, "query_too_long", "Từ khóa dài quá 200"
		    " byte", "q");
		return;
	}
	parent = req_query_num(r, "parent", -1, 1L << 40);
	if (req_query(r, "parent") && parent < 0) {
		http_json_error(r, 400, "invalid_parent", "parent phải là số",
		    "parent");
		return;
	}
	q.parent_id = parent;
	q.kind = req_query(r, "kind");
	q.all = req_query(r, "all") && strcmp(req_query(r, "all"), "1") == 0;
	n = dir_units_list(db_thread(), &r->arena, &q, &units, &total);
	if (n < 0) {
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, unit_json(&units[i]));
	list_answer(r, &c, items, total, q.limit, q.offset);
}

static void
api_unit(struct req *r)
{
	struct dir_unit u;
	struct cached c;

	if (from_cache(r, &c, ""))
		return;
	if (dir_unit_get(db_thread(), &r->arena, req_arg_id(r, 0), &u) < 0) {
		http_json_error(r, 404, "not_found", "Không có đơn vị này", NULL);
		return;
	}
	answer_cached(r, &c, unit_json(&u));
}

static void
api_unit_history(struct req *r)
{
	struct dir_event *ev;
	struct dir_unit u;
	json_t *h;
	int n, i;

	if (dir_unit_get(db_thread(), &r->arena, req_arg_id(r, 0), &u) < 0) {
		http_json_error(r, 404, "not_found", "Không có đơn vị này", NULL);
		return;
	}
	n = dir_unit_history(db_thread(), &r->arena, u.id, &ev);
	h = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(h, json_pack("{s:s, s:s, s:s?, s:s, s:s,"
		    " s:s}", "event", ev[i].event, "from", ev[i].from, "until",
		    ev[i].until, "name", ev[i].name, "detail", ev[i].detail,
		    "role", ev[i].role));
	http_json(r, 200, json_pack("{s:o, s:o}", "unit", unit_json(&u),
	    "history", h));
}

static void
api_tree(struct req *r)
{
	struct dir_unit *units;
	const char *date = req_query(r, "date");
	char today[11];
	struct cached c;
	json_t *items;
	long parent = req_query_num(r, "parent", 0, 1L << 40);
	int n, i;

	dir_today(today);
	if (from_cache(r, &c, today))
		return;
	if (date == NULL || *date == '\0')
		date = today;
	if (strlen(date) != 10 || date[4] != '-' || date[7] != '-') {
		http_json_error(r, 400, "invalid_date", "date phải có dạng"
		    " YYYY-MM-DD", "date");
		return;
	}
	if (parent < 0) {
		http_json_error(r, 400, "invalid_parent", "parent phải là số",
		    "parent");
		return;
	}
	n = dir_tree_at(db_thread(), &r->arena, date, parent, &units);
	if (n < 0) {
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s,"
		    " s:s, s:i}", "id", (json_int_t)units[i].id, "code",
		    units[i].code, "name", units[i].name, "short_name",
		    units[i].short_name, "kind", units[i].kind, "children",
		    units[i].nchildren));
	answer_cached(r, &c, json_pack("{s:s, s:I, s:o, s:i}", "date", date,
	    "parent", (json_int_t)parent, "items", items, "total", n));
}

static int
unit_from_body(struct req *r, struct dir_unit *u)
{
	if (req_json_str(r, "code", &u->code) < 0 ||
	    req_json_str(r, "name", &u->name) < 0 ||
	    req_json_str(r, "short_name", &u->short_name) < 0 ||
	    req_json_str(r, "kind", &u->kind) < 0 ||
	    req_json_str(r, "address", &u->address) < 0 ||
	    req_json_str(r, "email", &u->email) < 0 ||
	    req_json_str(r, "phone", &u->phone) < 0 ||
	    req_json_str(r, "effective_from", &u->effective_from) < 0 ||
	    req_json_id(r, "parent_id", &u->parent_id) < 0)
		return -1;
	return 0;
}

static void
answer_err(struct req *r, const struct dir_err *e)
{
	http_json_error(r, e->status ? e->status : 500, e->code ? e->code :
	    "internal", e->message ? e->message : "Lỗi hệ thống", e->field);
}

/* Run `fn` in one transaction; answer its error, or 0 to the caller. */
static int
commit_or_answer(struct req *r, struct db *db, int rc, struct dir_err *e)
{
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		answer_err(r, e);
		return -1;
	}
	return 0;
}

static void
api_unit_create(struct req *r)
{
	struct dir_actor who = { r->user.id, r->user.username, r->ip };
	struct dir_err e = { 0 };
	struct dir_unit u = { 0 }, out;
	struct db *db = db_thread();

	if (req_json_object(r) < 0 || unit_from_body(r, &u) < 0)
		return;
	if (req_begin(r, db) < 0)
		return;
	if (commit_or_answer(r, db, dir_unit_create(db, &who, &u, &e), &e) < 0)
		return;
	dir_unit_get(db, &r->arena, u.id, &out);
	http_header(r, "Location", arena_printf(&r->arena, "/api/v1/units/%"
	    PRId64, u.id));
	http_json(r, 201, unit_json(&out));
}

static void
api_unit_update(struct req *r)
{
	struct dir_actor who = { r->user.id, r->user.username, r->ip };
	struct dir_err e = { 0 };
	struct dir_unit u, out;
	struct db *db = db_thread();

	if (req_json_object(r) < 0)
		return;
	if (dir_unit_get(db, &r->arena, req_arg_id(r, 0), &u) < 0) {
		http_json_error(r, 404, "not_found", "Không có đơn vị này", NULL);
		return;
	}
	if (unit_from_body(r, &u) < 0)
		return;
	if (json_object_get(r->json, "parent_id") &&
	    json_is_null(json_object_get(r->json, "parent_id")))
		u.parent_id = 0;
	if (req_begin(r, db) < 0)
		return;
	if (commit_or_answer(r, db, dir_unit_update(db, &who, &u, &e), &e) < 0)
		return;
	dir_unit_get(db, &r->arena, u.id, &out);
	http_json(r, 200, unit_json(&out));
}

static void
api_reorganise(struct req *r)
{
	struct dir_actor who = { r->user.id, r->user.username, r->ip };
	struct dir_err e = { 0 };
	struct dir_reorg g;
	struct dir_unit out;
	struct db *db = db_thread();
	json_t *from, *created, *v;
	int64_t successor;
	size_t i;

	memset(&g, 0, sizeof(g));
	if (req_json_object(r) < 0 || req_json_str(r, "kind", &g.kind) < 0 ||
	    req_json_str(r, "effective", &g.effective) < 0 ||
	    req_json_str(r, "note", &g.note) < 0 ||
	    req_json_id(r, "into", &g.into) < 0)
		return;
	if (g.kind == NULL) {
		http_json_error(r, 422, "invalid_kind", "Thiếu hình thức sắp xếp"
		    " (merge, split, rename, abolish)", "kind");
		return;
	}
	from = json_object_get(r->json, "from");
	if (!json_is_array(from) || json_array_size(from) == 0 ||
	    json_array_size(from) > 16) {
		http_json_error(r, 422, "invalid_from", "from phải là mảng 1–16"
		    " mã số đơn vị", "from");
		return;
	}
	json_array_foreach(from, i, v) {
		if (!json_is_integer(v)) {
			http_json_error(r, 422, "invalid_from", "from phải là"
			    " mảng số nguyên", "from");
			return;
		}
		g.from[g.nfrom++] = json_integer_value(v);
	}
	created = json_object_get(r->json, "created");
	if (created && (!json_is_array(created) || json_array_size(created) > 8)) {
		http_json_error(r, 422, "invalid_created", "created phải là mảng"
		    " tối đa 8 đơn vị mới", "created");
		return;
	}
	json_array_foreach(created, i, v) {
		json_t *saved = r->json;
		int bad;

		if (!json_is_object(v)) {
			http_json_error(r, 422, "invalid_created", "Mỗi phần tử"
			    " của created phải là đối tượng", "created");
			return;
		}
		r->json = v;
		bad = unit_from_body(r, &g.created[g.ncreated]);
		r->json = saved;
		if (bad < 0)
			return;
		g.ncreated++;
	}
	if (req_begin(r, db) < 0)
		return;
	if (commit_or_answer(r, db, dir_reorg_apply(db, &who, &g, &successor,
	    &e), &e) < 0)
		return;
	if (successor && dir_unit_get(db, &r->arena, successor, &out) == 0)
		http_json(r, 201, json_pack("{s:s, s:s, s:o}", "kind", g.kind,
		    "effective", g.effective, "successor", unit_json(&out)));
	else
		http_json(r, 201, json_pack("{s:s, s:s, s:n}", "kind", g.kind,
		    "effective", g.effective, "successor"));
}

static void
api_people(struct req *r)
{
	struct dir_person_query q = { 0 };
	struct dir_person *people;
	struct cached c;
	json_t *items;
	long unit;
	int n, i, total;

	if (from_cache(r, &c, ""))
		return;
	if (req_paging(r, &q.limit, &q.offset) < 0)
		return;
	q.q = req_query(r, "q");
	if (q.q && strlen(q.q) > 200) {
		http_json_error(r, 400, "query_too_long", "Từ khóa dài quá 200"
		    " byte", "q");
		return;
	}
	unit = req_query_num(r, "unit", 0, 1L << 40);
	if (unit < 0) {
		http_json_error(r, 400, "invalid_unit", "unit phải là số", "unit");
		return;
	}
	q.unit_id = unit;
	if (req_query(r, "role") && dir_roles_parse(req_query(r, "role"),
	    &q.role) < 0) {
		http_json_error(r, 400, "invalid_role", "Vai trò không hợp lệ"
		    " (admin, clerk, leader, specialist, onestop, editor)", "role");
		return;
	}
	n = dir_people_list(db_thread(), &r->arena, &q, &people, &total);
	if (n < 0) {
		http_json_error(r, 500, "internal", "Lỗi hệ thống", NULL);
		return;
	}
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, person_json(&people[i]));
	list_answer(r, &c, items, total, q.limit, q.offset);
}

static void
api_person(struct req *r)
{
	struct dir_person p;
	struct cached c;

	if (from_cache(r, &c, ""))
		return;
	if (dir_person_get(db_thread(), &r->arena, req_arg_id(r, 0), &p) < 0) {
		http_json_error(r, 404, "not_found", "Không có người này", NULL);
		return;
	}
	answer_cached(r, &c, person_json(&p));
}

static int
person_from_body(struct req *r, struct dir_person *p)
{
	json_t *roles = json_object_get(r->json, "roles"), *v;
	size_t i;

	if (req_json_str(r, "username", &p->username) < 0 ||
	    req_json_str(r, "full_name", &p->full_name) < 0 ||
	    req_json_str(r, "position", &p->position) < 0 ||
	    req_json_str(r, "email", &p->email) < 0 ||
	    req_json_str(r, "phone", &p->phone) < 0 ||
	    req_json_id(r, "unit_id", &p->unit_id) < 0)
		return -1;
	if (roles) {
		if (!json_is_array(roles)) {
			http_json_error(r, 422, "invalid_roles", "roles phải là"
			    " mảng tên vai trò", "roles");
			return -1;
		}
		p->roles = 0;
		json_array_foreach(roles, i, v) {
			unsigned bit;

			if (!json_is_string(v) || dir_roles_parse(
			    json_string_value(v), &bit) < 0) {
				http_json_error(r, 422, "invalid_roles", "Vai trò"
				    " không hợp lệ (admin, clerk, leader,"
				    " specialist, onestop, editor)", "roles");
				return -1;
			}
			p->roles |= bit;
		}
	}
	return req_json_bool(r, "active", &p->active);
}

static void
api_person_create(struct req *r)
{
	struct dir_actor who = { r->user.id, r->user.username, r->ip };
	struct dir_err e = { 0 };
	struct dir_person p, out;
	struct db *db = db_thread();

	memset(&p, 0, sizeof(p));
	p.active = 1;
	if (req_json_object(r) < 0 || person_from_body(r, &p) < 0)
		return;
	if (req_begin(r, db) < 0)
		return;
	if (commit_or_answer(r, db, dir_person_create(db, &who, &p, &e), &e) < 0)
		return;
	dir_person_get(db, &r->arena, p.id, &out);
	http_header(r, "Location", arena_printf(&r->arena, "/api/v1/people/%"
	    PRId64, p.id));
	http_json(r, 201, person_json(&out));
}

static void
api_person_update(struct req *r)
{
	struct dir_actor who = { r->user.id, r->user.username, r->ip };
	struct dir_err e = { 0 };
	struct dir_person p, out;
	struct db *db = db_thread();

	if (req_json_object(r) < 0)
		return;
	if (dir_person_get(db, &r->arena, req_arg_id(r, 0), &p) < 0) {
		http_json_error(r, 404, "not_found", "Không có người này", NULL);
		return;
	}
	if (person_from_body(r, &p) < 0)
		return;
	if (req_begin(r, db) < 0)
		return;
	if (commit_or_answer(r, db, dir_person_update(db, &who, &p, &e), &e) < 0)
		return;
	dir_person_get(db, &r->arena, p.id, &out);
	http_json(r, 200, person_json(&out));
}

static const struct route routes[] = {
	{ HTTP_GET,   "/api/v1/units",		  ROUTE_API, ROLE_USER, api_units },
	{ HTTP_POST,  "/api/v1/units",		  ROUTE_API, DIR_ROLE_ADMIN,
	    api_unit_create },
	{ HTTP_GET,   "/api/v1/units/tree",	  ROUTE_API, ROLE_USER, api_tree },
	{ HTTP_GET,   "/api/v1/units/{}",	  ROUTE_API, ROLE_USER, api_unit },
	{ HTTP_PATCH, "/api/v1/units/{}",	  ROUTE_API, DIR_ROLE_ADMIN,
	    api_unit_update },
	{ HTTP_PUT,   "/api/v1/units/{}",	  ROUTE_API, DIR_ROLE_ADMIN,
	    api_unit_update },
	{ HTTP_GET,   "/api/v1/units/{}/history", ROUTE_API, ROLE_USER,
	    api_unit_history },
	{ HTTP_POST,  "/api/v1/reorganisations",  ROUTE_API, DIR_ROLE_ADMIN,
	    api_reorganise },
	{ HTTP_GET,   "/api/v1/people",		  ROUTE_API, ROLE_USER, api_people },
	{ HTTP_POST,  "/api/v1/people",		  ROUTE_API, DIR_ROLE_ADMIN,
	    api_person_create },
	{ HTTP_GET,   "/api/v1/people/{}",	  ROUTE_API, ROLE_USER, api_person },
	{ HTTP_PATCH, "/api/v1/people/{}",	  ROUTE_API, DIR_ROLE_ADMIN,
	    api_person_update },
	{ HTTP_PUT,   "/api/v1/people/{}",	  ROUTE_API, DIR_ROLE_ADMIN,
	    api_person_update },
	{ 0, NULL, 0, 0, NULL }
};

void
directory_api_register(void)
{
	http_routes_add(routes);
}
