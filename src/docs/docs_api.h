/*
 * docs_api.h - helpers shared by the documents module's JSON files
 * (private to src/docs/).
 */
#ifndef CONGSO_DOCS_API_H
#define CONGSO_DOCS_API_H

#include "core/http.h"
#include "docs.h"

/* The signed-in person as an actor; answers 403 and returns -1 when the
 * person has no unit. */
int	 docs_api_actor(struct req *r, struct docs_actor *who);
/* Answer an error from the module. */
void	 docs_api_err(struct req *r, const struct docs_err *e);
/* The body must be a JSON object; answers 400 otherwise. */
int	 docs_api_object(struct req *r);
/* Optional members of the JSON body, checked for type (answers 422). */
int	 docs_api_str(struct req *r, const char *key, const char **out);
int	 docs_api_id(struct req *r, const char *key, int64_t *out);
int	 docs_api_int(struct req *r, const char *key, int *out);
/* An array of ids (at most `max`); answers 422 when malformed. */
int	 docs_api_ids(struct req *r, const char *key, int64_t *out, int max,
	    int *n);
/* BEGIN IMMEDIATE, answering 503 when the database is busy. */
int	 docs_api_begin(struct req *r, struct db *db);
/* Commit when rc is 0, else roll back and answer `e`. 0 or -1. */
int	 docs_api_end(struct req *r, struct db *db, int rc,
	    const struct docs_err *e);
/* A document as JSON; `full` adds content, recipients, assignees, files. */
json_t	*docs_api_doc(struct req *r, const struct docs_doc *d, int full);
/* A non-negative integer query parameter, `def` when absent, -1 when
 * malformed or above `max`. */
long	 docs_api_query_num(struct req *r, const char *name, long def,
	    long max);
/* Answer with a stored file (found through a visible document). */
void	 docs_send_file(struct req *r, const struct docs_file *f);
void	 docs_api_work_register(void);

#endif
