/*
 * http.h - requests, responses and the route table, over libmicrohttpd.
 *
 * A request is read whole (within limits) before its handler runs. The
 * handler receives a struct req with the method, the decoded path, query
 * and form parameters (checked to be UTF-8), the JSON body when one was
 * sent, the signed-in person, the route's captured path segments and an
 * arena for its allocations; it writes its answer with the http_* and
 * page_* functions. Roles are checked by the route table before the
 * handler runs; CSRF tokens on every state-changing request authenticated
 * by a session cookie.
 */
#ifndef CONGSO_HTTP_H
#define CONGSO_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "arena.h"
#include "buf.h"

enum http_method {
	HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE,
	HTTP_METHOD_MAX
};

/* Who may call a route: ROLE_PUBLIC anyone, ROLE_USER anyone signed in,
 * otherwise a person holding at least one of the role bits (the module
 * that defines people says which bit is which). */
#define ROLE_PUBLIC	0u
#define ROLE_USER	(1u << 30)

/* Route kinds: pages redirect strangers to sign-in and answer errors in
 * HTML; API routes answer 401 and JSON errors. */
enum route_kind { ROUTE_PAGE, ROUTE_API, ROUTE_KIND_MAX };

#define REQ_MAX_ARGS	8
#define REQ_MAX_PARAMS	256

#include "form.h"

/* The signed-in person (id 0: nobody). Filled by the authenticator. */
struct http_user {
	int64_t		 id;
	int64_t		 unit_id;
	unsigned	 roles;
	const char	*username;
	const char	*full_name;
	const char	*unit_name;
	const char	*csrf;		/* session's CSRF token; NULL for bearer */
	int		 bearer;	/* authenticated by Authorization: Bearer */
};

struct req;
typedef void (*http_handler)(struct req *);

/* Route flags. */
#define ROUTE_UPLOAD	(1u << 0)	/* takes multipart/form-data files */
#define ROUTE_RAW	(1u << 1)	/* a body that is not a form is streamed
					 * to a file in tmp/ (up to raw_max) and
					 * given as files[0], field "body" */

struct route {
	enum http_method	 method;
	const char		*pattern;	/* "/units/{}" captures a segment */
	enum route_kind		 kind;
	unsigned		 roles;
	http_handler		 handler;
	unsigned		 flags;		/* ROUTE_* */
};

#define REQ_MAX_FILES	16

/* A file of a multipart/form-data request, already on disk in the data
 * folder's tmp/ (within the upload limit). The file is removed when the
 * request ends unless the handler took it (blob_put_file() renames it
 * and clears `path`). */
struct upload {
	const char	*field;		/* form field name */
	const char	*filename;	/* the sender's name, no folders */
	const char	*content_type;
	char		 path[4096];	/* a file in DIR/tmp, or for a small
					 * body a memory file /proc/self/fd/N */
	size_t		 size;
	int		 fd;		/* -1 once closed */
	int		 mem;		/* a memory file: open until the end */
	/* SHA-256 of the bytes, hex, computed as they arrived: set once the
	 * request's body is complete (before the handler), "" otherwise. */
	char		 sha256[65];
	void		*md;		/* the running hash (EVP_MD_CTX) */
};

struct req {
	enum http_method	 method;
	const char		*path;
	const char		*ip;
	const struct route	*route;
	const char		*args[REQ_MAX_ARGS];
	int			 nargs;
	struct param		*query;
	int			 nquery;
	struct param		*form;
	int			 nform;
	json_t			*json;		/* parsed JSON body or NULL */
	/* Up to REQ_MAX_FILES files: slots taken from the arena as files
	 * come (a request without any, nearly all, clears none); the first
	 * nfiles are used. */
	struct upload		*files;
	int			 nfiles;
	int			 files_cap;
	struct buf		 body;
	struct http_user	 user;
	struct arena		 arena;
	void			*conn;		/* struct MHD_Connection */
	/* the answer */
	int			 status;
	struct buf		 out;
	const char		*content_type;
	struct param		 headers[8];
	int			 nheaders;
	/* bookkeeping */
	int			 too_large;
	int			 bad_upload;	/* malformed or too many parts */
	int			 path_known;	/* some route has this path */
	long long		 started_us;
	void			*post;		/* MHD post processor (uploads) */
	size_t			 uploaded;	/* bytes of all parts so far */
	int			 raw;		/* body streamed to files[0] */
	int			 small;		/* Content-Length within
						 * blobs.inline_max: uploads
						 * in memory files */
	int			 send_fd;	/* http_file: answer from it; -1 */
	uint64_t		 send_size;
};

/* Server limits; 0 keeps the default (shown). */
struct http_limits {
	size_t		 body_max;	/* 1 MiB: larger bodies get 413 */
	size_t		 upload_max;	/* 21 MiB for ROUTE_UPLOAD routes */
	size_t		 raw_max;	/* 256 MiB for ROUTE_RAW routes */
	unsigned	 timeout;	/* 30 s idle per connection */
	unsigned	 connections;	/* 1024 at once */
	unsigned	 per_ip;	/* 256 from one address */
	unsigned	 threads;	/* 0: one per core */
};

/* Add a module's route table (terminated by a row with handler NULL).
 * Call before http_start(). */
void	 http_routes_add(const struct route *table);
/* Print every registered route, one a line: METHOD PATTERN KIND ROLES
 * (ROLES in hex; 0 public, 40000000 any signed-in person). For tests
 * that check each route's protection, and for operators. */
void	 http_routes_print(FILE *fp);
/* The authenticator fills req->user from the cookie or bearer token; it
 * is supplied by the module that owns people and sessions. */
void	 http_set_authenticator(void (*fn)(struct req *));
/* Start serving on "ADDR:PORT". 0 or -1 (logged). */
int	 http_start(const char *listen, const struct http_limits *limits);
void	 http_stop(void);

/* Parameters: the query string's, the form's (x-www-form-urlencoded
 * body); NULL when absent. */
const char *req_query(struct req *r, const char *name);
const char *req_form(struct req *r, const char *name);
/* The first uploaded file of a form field, NULL when absent. */
struct upload *req_file(struct req *r, const char *field);
/* A request header, NULL when absent. */
const char *req_header(struct req *r, const char *name);
/* A cookie's value, NULL when absent. */
const char *req_cookie(struct req *r, const char *name);
/* Captured path segment i parsed as a positive integer; 0 when not. */
int64_t	 req_arg_id(struct req *r, int i);
/* Whether the person holds any of the role bits. */
int	 req_has_role(struct req *r, unsigned roles);

/* Answers. The body is in r->out; these set status and type. */
void	 http_header(struct req *r, const char *name, const char *value);
void	 http_redirect(struct req *r, const char *location);
/* JSON answer; takes the reference to `v`. */
void	 http_json(struct req *r, int status, json_t *v);
/* {"error":{"code":..,"message":..,"field":..}}; field may be NULL. */
void	 http_json_error(struct req *r, int status, const char *code,
	    const char *message, const char *field);
/* An error answered in the route's kind: JSON for the API, an HTML page
 * with the Vietnamese message otherwise. */
void	 http_error(struct req *r, int status, const char *code,
	    const char *message, const char *field);
/* Answer 200 with the file at `path`, sent from the file as the client
 * reads it (never loaded whole); `size` > 0 must be the file's size
 * (else 500), 0 takes it as it is. 0, or -1 when the file cannot be
 * opened (nothing answered: the caller answers the error). */
int	 http_file(struct req *r, const char *path, const char *content_type,
	    uint64_t size);
/* The same for a stored blob (blob.h), by its hash. */
int	 http_blob(struct req *r, const char *hash, const char *content_type,
	    uint64_t size);
/* Plain text answer. */
void	 http_text(struct req *r, int status, const char *content_type);

#endif
