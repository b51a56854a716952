/*
 * reqjson.h - typed reading of a request's JSON body and query numbers.
 * Each reader answers the request itself (400/422 with the error shape,
 * naming the field) and returns -1 when the value is of the wrong type;
 * an absent or null field leaves *out unchanged and returns 0.
 */
#ifndef CONGSO_REQJSON_H
#define CONGSO_REQJSON_H

#include <stdint.h>

#include "db.h"
#include "http.h"

/* The body must be a JSON object: 0, or -1 after answering 400. */
int	 req_json_object(struct req *r);
/* A string field, copied into the request's arena. */
int	 req_json_str(struct req *r, const char *key, const char **out);
/* A non-negative integer id (0 is allowed and means "none"). */
int	 req_json_id(struct req *r, const char *key, int64_t *out);
/* An integer within [min, max]. */
int	 req_json_int(struct req *r, const char *key, long min, long max,
	    int *out);
/* An array of at most `max` positive ids. */
int	 req_json_ids(struct req *r, const char *key, int64_t *out, int max,
	    int *n);
/* A boolean field (1 or 0 in *out). */
int	 req_json_bool(struct req *r, const char *key, int *out);
/* A query parameter as a number in [0, max]: `def` when absent, -1 when
 * malformed or out of range (nothing answered: the caller names it). */
long	 req_query_num(struct req *r, const char *name, long def, long max);
/* limit (1-200, default 50) and offset from the query; 0, or -1 after
 * answering 400. */
int	 req_paging(struct req *r, int *limit, int *offset);
/* BEGIN IMMEDIATE, or answer 503 busy and return -1. */
int	 req_begin(struct req *r, struct db *db);

#endif
