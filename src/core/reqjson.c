/* reqjson.c - typed fields of JSON bodies and numbers of query strings. */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "reqjson.h"

static int
wrong(struct req *r, const char *key, const char *what)
{
	http_json_error(r, 422, "invalid_type", arena_printf(&r->arena,
	    "Trường %s phải là %s", key, what), key);
	return -1;
}

int
req_json_object(struct req *r)
{
	if (r->json == NULL || !json_is_object(r->json)) {
		http_json_error(r, 400, "invalid_body", "Cần một đối tượng JSON"
		    " (Content-Type: application/json)", NULL);
		return -1;
	}
	return 0;
}

int
req_json_str(struct req *r, const char *key, const char **out)
{
	json_t *v = json_object_get(r->json, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return wrong(r, key, "chuỗi");
	*out = arena_strdup(&r->arena, json_string_value(v));
	return 0;
}

int
req_json_id(struct req *r, const char *key, int64_t *out)
{
	json_t *v = json_object_get(r->json, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return wrong(r, key, "số nguyên không âm");
	*out = json_integer_value(v);
	return 0;
}

int
req_json_int(struct req *r, const char *key, long min, long max, int *out)
{
	json_t *v = json_object_get(r->json, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < min ||
	    json_integer_value(v) > max) {
		http_json_error(r, 422, "invalid_type", arena_printf(&r->arena,
		    "Trường %s phải là số nguyên từ %ld đến %ld", key, min, max),
		    key);
		return -1;
	}
	*out = (int)json_integer_value(v);
	return 0;
}

int
req_json_ids(struct req *r, const char *key, int64_t *out, int max, int *n)
{
	json_t *a = json_object_get(r->json, key), *v;
	size_t i;

	*n = 0;
	if (a == NULL || json_is_null(a))
		return 0;
	if (!json_is_array(a) || json_array_size(a) > (size_t)max) {
		http_json_error(r, 422, "invalid_type", arena_printf(&r->arena,
		    "Trường %s phải là mảng tối đa %d số", key, max), key);
		return -1;
	}
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return wrong(r, key, "mảng số nguyên dương");
		out[(*n)++] = json_integer_value(v);
	}
	return 0;
}

int
req_json_bool(struct req *r, const char *key, int *out)
{
	json_t *v = json_object_get(r->json, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return wrong(r, key, "true hoặc false");
	*out = json_is_true(v);
	return 0;
}

long
req_query_num(struct req *r, const char *name, long def, long max)
{
	const char *s = req_query(r, name);
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return def;
	v = strtol(s, &end, 10);
	if (*end || v < 0 || v > max)
		return -1;
	return v;
}

int
req_paging(struct req *r, int *limit, int *offset)
{
	long l = req_query_num(r, "limit", 50, 200);
	long o = req_query_num(r, "offset", 0, 10000000);

	if (l <= 0) {
		http_json_error(r, 400, "invalid_limit", "limit phải từ 1 đến 200",
		    "limit");
		return -1;
	}
	if (o < 0) {
		http_json_error(r, 400, "invalid_offset", "offset không hợp lệ",
		    "offset");
		return -1;
	}
	*limit = (int)l;
	*offset = (int)o;
	return 0;
}

int
req_begin(struct req *r, struct db *db)
{
	if (db_begin(db) < 0) {
		http_json_error(r, 503, "busy", "Hệ thống bận, hãy thử lại", NULL);
		return -1;
	}
	return 0;
}
