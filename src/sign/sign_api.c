/*
 * sign_api.c - the JSON API of the sign module: POST /api/v1/pdf/verify
 * checks the signatures of an uploaded PDF (multipart field "file") and
 * answers what the verification page shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/http.h"
#include "sign/sign_int.h"

json_t *
sign_check_json(const struct sign_check *c)
{
	json_t *o = json_object(), *chain = json_array(), *ts = json_null();
	int k;

	for (k = 0; k < c->nchain; k++)
		json_array_append_new(chain, json_string(c->chain[k]));
	if (c->tstime[0] != '\0')
		ts = json_pack("{s:s, s:s?, s:b}", "time", c->tstime,
		    "tsa", c->tsa[0] ? c->tsa : NULL, "verified", c->ts_ok);
	json_object_set_new(o, "field", json_string(c->field));
	json_object_set_new(o, "valid", json_boolean(sign_check_valid(c)));
	json_object_set_new(o, "signer", c->signer[0] ?
	    json_string(c->signer) : json_null());
	json_object_set_new(o, "issuer", c->issuer[0] ?
	    json_string(c->issuer) : json_null());
	json_object_set_new(o, "serial", c->serial[0] ?
	    json_string(c->serial) : json_null());
	json_object_set_new(o, "chain", chain);
	json_object_set_new(o, "trusted", json_boolean(c->trusted));
	json_object_set_new(o, "signing_time", c->time[0] ?
	    json_string(c->time) : json_null());
	json_object_set_new(o, "timestamp", ts);
	json_object_set_new(o, "intact", json_boolean(c->intact));
	json_object_set_new(o, "coverage",
	    json_string(sign_after_code(c->after)));
	json_object_set_new(o, "coverage_text",
	    json_string(sign_after_text(c->after)));
	json_object_set_new(o, "problem", c->problem[0] ?
	    json_string(c->problem) : json_null());
	return o;
}

static void
api_verify(struct req *r)
{
	struct upload *u = req_file(r, "file");
	struct sign_check *res = NULL;
	char err[SIGN_ERR_MAX];
	json_t *sigs, *out;
	size_t n = 0, i;
	int all = 1;

	if (u == NULL) {
		http_json_error(r, 422, "file_missing", "Hãy gửi tệp PDF trong"
		    " trường \"file\" (multipart/form-data)", "file");
		return;
	}
	if (sign_web_verify(r, u->path, &res, &n, err, sizeof(err)) < 0) {
		const char *m = strstr(err, ": ");

		http_json_error(r, 422, "pdf_unreadable", m != NULL ? m + 2 :
		    err, "file");
		return;
	}
	sigs = json_array();
	for (i = 0; i < n; i++) {
		json_array_append_new(sigs, sign_check_json(&res[i]));
		all = all && sign_check_valid(&res[i]);
	}
	out = json_pack("{s:s?, s:I, s:o, s:i, s:b}", "filename", u->filename,
	    "size", (json_int_t)u->size, "signatures", sigs, "count", (int)n,
	    "valid", n > 0 && all);
	free(res);
	if (out == NULL) {
		http_json_error(r, 500, "internal", "Lỗi bên trong", NULL);
		return;
	}
	http_json(r, 200, out);
}

static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/pdf/verify", ROUTE_API, ROLE_USER, api_verify,
	    ROUTE_UPLOAD },
	{ 0, NULL, 0, 0, NULL, 0 }
};

void
sign_api_register(unsigned admin_roles)
{
	(void)admin_roles;
	http_routes_add(routes);
}
