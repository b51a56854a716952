/* http.c - the request object, limits and dispatch over libmicrohttpd. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "blob.h"
#include "clock.h"
#include "data.h"
#include "db.h"
#include "digest.h"
#include "fold.h"
#include "form.h"
#include "http.h"
#include "log.h"
#include "metrics.h"
#include "page.h"

#define MAX_TABLES	32

static const struct route *tables[MAX_TABLES];
static int ntables;
static void (*authenticator)(struct req *);
static struct MHD_Daemon *daemon_h;
static struct http_limits lim;

static const char *method_names[HTTP_METHOD_MAX] = {
	"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"
};

void
http_routes_add(const struct route *table)
{
	if (ntables == MAX_TABLES)
		fatal("%s: too many route tables", __func__);
	tables[ntables++] = table;
}

void
http_routes_print(FILE *fp)
{
	const struct route *rt;
	int i;

	for (i = 0; i < ntables; i++)
		for (rt = tables[i]; rt->handler; rt++)
			fprintf(fp, "%s %s %s %x\n", method_names[rt->method],
			    rt->pattern, rt->kind == ROUTE_API ? "api" : "page",
			    rt->roles);
}

void
http_set_authenticator(void (*fn)(struct req *))
{
	authenticator = fn;
}

/* --- parameters --------------------------------------------------- */

static const char *
param_find(struct param *p, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(p[i].name, name) == 0)
			return p[i].value;
	return NULL;
}

const char *
req_query(struct req *r, const char *name)
{
	return param_find(r->query, r->nquery, name);
}

const char *
req_form(struct req *r, const char *name)
{
	return param_find(r->form, r->nform, name);
}

struct upload *
req_file(struct req *r, const char *field)
{
	int i;

	for (i = 0; i < r->nfiles; i++)
		if (strcmp(r->files[i].field, field) == 0)
			return &r->files[i];
	return NULL;
}

const char *
req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
req_cookie(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

int64_t
req_arg_id(struct req *r, int i)
{
	const char *s;
	int64_t v = 0;

	if (i >= r->nargs)
		return 0;
	for (s = r->args[i]; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000000LL)
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

int
req_has_role(struct req *r, unsigned roles)
{
	if (roles == ROLE_PUBLIC)
		return 1;
	if (r->user.id == 0)
		return 0;
	if (roles == ROLE_USER)
		return 1;
	return (r->user.roles & roles) != 0;
}

struct collect {
	struct req	*r;
	int		 bad;
};

static enum MHD_Result
collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct collect *c = cls;
	struct req *r = c->r;

	(void)kind;
	if (value == NULL)
		value = "";
	if (!utf8_valid(key, strlen(key)) || !utf8_valid(value, strlen(value))) {
		c->bad = 1;
		return MHD_NO;
	}
	if (r->nquery == REQ_MAX_PARAMS) {
		c->bad = 2;
		return MHD_NO;
	}
	r->query[r->nquery].name = arena_strdup(&r->arena, key);
	r->query[r->nquery].value = arena_strdup(&r->arena, value);
	r->nquery++;
	return MHD_YES;
}

/* --- answers -------------------------------------------------------- */

void
http_header(struct req *r, const char *name, const char *value)
{
	if (r->nheaders == (int)(sizeof(r->headers) / sizeof(r->headers[0]))) {
		log_warn("too many headers for %s", r->path);
		return;
	}
	r->headers[r->nheaders].name = arena_strdup(&r->arena, name);
	r->headers[r->nheaders].value = arena_strdup(&r->arena, value);
	r->nheaders++;
}

void
http_redirect(struct req *r, const char *location)
{
	buf_reset(&r->out);
	r->status = 303;
	r->content_type = "text/plain; charset=utf-8";
	http_header(r, "Location", location);
}

int
http_file(struct req *r, const char *path, const char *content_type,
    uint64_t size)
{
	struct stat sb;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		log_error("open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) < 0 || (size > 0 && (uint64_t)sb.st_size != size)) {
		log_error("%s: size %lld, expected %llu", path,
		    (long long)sb.st_size, (unsigned long long)size);
		close(fd);
		return -1;
	}
	if (r->send_fd >= 0)
		close(r->send_fd);
	buf_reset(&r->out);
	r->send_fd = fd;
	r->send_size = (uint64_t)sb.st_size;
	r->status = 200;
	r->content_type = content_type;
	return 0;
}

int
http_blob(struct req *r, const char *hash, const char *content_type,
    uint64_t size)
{
	struct blob_file f;
	int rc;

	if (blob_open(db_thread(), hash, &f) < 0)
		return -1;
	rc = http_file(r, f.path, content_type, size);
	blob_close(&f);
	return rc;
}

void
http_json(struct req *r, int status, json_t *v)
{
	char *s;

	buf_reset(&r->out);
	s = json_dumps(v, JSON_COMPACT);
	if (s) {
		buf_adds(&r->out, s);
		free(s);
	}
	buf_addch(&r->out, '\n');
	json_decref(v);
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
}

void
http_json_error(struct req *r, int status, const char *code,
    const char *message, const char *field)
{
	json_t *e = json_pack("{s:s, s:s}", "code", code, "message", message);

	json_object_set_new(e, "field", field ? json_string(field) : json_null());
	http_json(r, status, json_pack("{s:o}", "error", e));
}

void
http_error(struct req *r, int status, const char *code, const char *message,
    const char *field)
{
	if (r->route == NULL || r->route->kind == ROUTE_API ||
	    strncmp(r->path, "/api/", 5) == 0) {
		http_json_error(r, status, code, message, field);
		return;
	}
	buf_reset(&r->out);
	page_begin(r, "Lỗi");
	html_printf(&r->out, "<h1>Không thực hiện được</h1>"
	    "<p class=\"error\" role=\"alert\">%s</p>"
	    "<p><a href=\"/\">Về trang chủ</a></p>", message);
	page_end(r);
	r->status = status;
}

void
http_text(struct req *r, int status, const char *content_type)
{
	r->status = status;
	r->content_type = content_type;
}

/* --- dispatch ------------------------------------------------------- */

static int
match(const char *pattern, const char *path, struct req *r)
{
	const char *p = pattern, *q = path, *seg;
	int nargs = 0;

	while (*p && *q) {
		if (p[0] == '{' && p[1] == '}') {
			seg = q;
			while (*q && *q != '/')
				q++;
			if (q == seg || nargs == REQ_MAX_ARGS)
				return 0;
			if (r)
				r->args[nargs] = arena_strndup(&r->arena, seg,
				    (size_t)(q - seg));
			nargs++;
			p += 2;
		} else if (p[0] == '*' && p[1] == '\0') {
			if (r)
				r->args[nargs] = arena_strdup(&r->arena, q);
			nargs++;
			q += strlen(q);
			p++;
		} else if (*p++ != *q++)
			return 0;
	}
	if (*p || *q)
		return 0;
	if (r)
		r->nargs = nargs;
	return 1;
}

static const struct route *
find_route(struct req *r, int *path_known)
{
	const struct route *rt;
	enum http_method m;
	int i;

	*path_known = 0;
	m = r->method == HTTP_HEAD ? HTTP_GET : r->method;
	for (i = 0; i < ntables; i++)
		for (rt = tables[i]; rt->handler; rt++) {
			if (!match(rt->pattern, r->path, NULL))
				continue;
			*path_known = 1;
			if (rt->method == m) {
				match(rt->pattern, r->path, r);
				return rt;
			}
		}
	return NULL;
}

static int
csrf_ok(struct req *r)
{
	const char *t;

	if (r->method == HTTP_GET || r->method == HTTP_HEAD)
		return 1;
	if (r->user.id == 0 || r->user.bearer)
		return 1;	/* no ambient credentials to abuse */
	t = req_form(r, "_csrf");
	if (t == NULL)
		t = req_header(r, "X-CSRF-Token");
	if (t == NULL || r->user.csrf == NULL ||
	    strlen(t) != strlen(r->user.csrf))
		return 0;
	return CRYPTO_memcmp(t, r->user.csrf, strlen(t)) == 0;
}

static void
dispatch(struct req *r)
{
	const char *ct;
	struct collect c = { r, 0 };
	json_error_t jerr;
	int known, rc;
	char *next;

	if ((int)r->method == HTTP_METHOD_MAX) {
		http_json_error(r, 405, "method_not_allowed",
		    "Phương thức không được hỗ trợ", NULL);
		return;
	}
	if (!utf8_valid(r->path, strlen(r->path))) {
		http_error(r, 400, "invalid_utf8",
		    "Đường dẫn không phải UTF-8 hợp lệ", NULL);
		return;
	}
	known = r->path_known;
	if (r->route == NULL) {
		if (known)
			http_error(r, 405, "method_not_allowed",
			    "Phương thức không được phép ở địa chỉ này", NULL);
		else
			http_error(r, 404, "not_found",
			    "Không tìm thấy trang hoặc tài nguyên yêu cầu", NULL);
		return;
	}
	if (r->too_large) {
		http_error(r, 413, "body_too_large",
		    "Dữ liệu gửi lên vượt quá giới hạn cho phép", NULL);
		return;
	}
	if (r->bad_upload) {
		http_error(r, 400, "bad_upload", "Tệp gửi lên không đọc được: biểu"
		    " mẫu hỏng, tên không phải UTF-8 hoặc quá nhiều tệp", NULL);
		return;
	}
	r->query = arena_alloc(&r->arena, sizeof(*r->query) * REQ_MAX_PARAMS);
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_query,
	    &c);
	if (c.bad) {
		http_error(r, 400, c.bad == 1 ? "invalid_utf8" : "too_many_params",
		    c.bad == 1 ? "Tham số không phải UTF-8 hợp lệ" :
		    "Quá nhiều tham số", NULL);
		return;
	}
	ct = req_header(r, "Content-Type");
	if (r->body.len > 0 && ct &&
	    strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
		r->form = arena_alloc(&r->arena, sizeof(*r->form) * REQ_MAX_PARAMS);
		rc = form_parse(&r->arena, r->body.data, r->body.len, r->form,
		    REQ_MAX_PARAMS, &r->nform);
		if (rc < 0) {
			http_error(r, 400, rc == -1 ? "invalid_utf8" :
			    "too_many_params", rc == -1 ?
			    "Dữ liệu biểu mẫu không phải UTF-8 hợp lệ" :
			    "Biểu mẫu có quá nhiều trường", NULL);
			return;
		}
	} else if (r->body.len > 0 && ct &&
	    strncasecmp(ct, "application/json", 16) == 0) {
		r->json = json_loadb(r->body.data, r->body.len,
		    JSON_REJECT_DUPLICATES, &jerr);
		if (r->json == NULL) {
			http_json_error(r, 400, "invalid_json", arena_printf(
			    &r->arena, "JSON không hợp lệ (dòng %d, cột %d): %s",
			    jerr.line, jerr.column, jerr.text), NULL);
			return;
		}
	}
	if (!db_thread_ok()) {
		/* Logged by db_open; every handler needs the connection. */
		http_error(r, 503, "unavailable", "Không mở được cơ sở dữ liệu;"
		    " hãy thử lại sau", NULL);
		return;
	}
	if (authenticator)
		authenticator(r);
	if (!req_has_role(r, r->route->roles)) {
		if (r->user.id == 0) {
			if (r->route->kind == ROUTE_API) {
				http_header(r, "WWW-Authenticate", "Bearer");
				http_json_error(r, 401, "unauthenticated",
				    "Cần đăng nhập (thiếu hoặc sai mã truy cập)",
				    NULL);
			} else {
				next = url_escape(&r->arena, r->path);
				http_redirect(r, arena_printf(&r->arena,
				    "/dang-nhap?next=%s", next));
			}
		} else
			http_error(r, 403, "forbidden",
			    "Tài khoản của bạn không có quyền thực hiện thao tác này",
			    NULL);
		return;
	}
	if (!csrf_ok(r)) {
		http_error(r, 403, "csrf", "Phiên biểu mẫu không hợp lệ hoặc đã"
		    " hết hạn (thiếu mã CSRF); hãy tải lại trang và thử lại", NULL);
		return;
	}
	r->route->handler(r);
	if (r->status == 0) {
		log_error("handler for %s %s answered nothing",
		    method_names[r->method], r->path);
		http_error(r, 500, "internal", "Lỗi hệ thống", NULL);
	}
}

static enum MHD_Result
respond(struct req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len;
	char *body;
	int i;

	if (r->status == 0)
		http_error(r, 500, "internal", "Lỗi hệ thống", NULL);
	if (r->send_fd >= 0 && r->status == 200) {
		/* MHD reads the file as it sends it and closes it. */
		resp = MHD_create_response_from_fd64(r->send_size, r->send_fd);
		if (resp == NULL)
			return MHD_NO;
		r->send_fd = -1;
	} else {
		body = buf_detach(&r->out, &len);
		resp = MHD_create_response_from_buffer(len, body,
		    MHD_RESPMEM_MUST_FREE);
		if (resp == NULL) {
			free(body);
			return MHD_NO;
		}
	}
	MHD_add_response_header(resp, "Content-Type", r->content_type ?
	    r->content_type : "text/html; charset=utf-8");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
	for (i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i].name,
		    r->headers[i].value);
	if (MHD_get_response_header(resp, "Cache-Control") == NULL)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	metrics_request(r->status, clock_mono_us() - r->started_us);
	return ret;
}

static enum http_method
parse_method(const char *m)
{
	int i;

	for (i = 0; i < HTTP_METHOD_MAX; i++)
		if (strcmp(m, method_names[i]) == 0)
			return (enum http_method)i;
	return HTTP_METHOD_MAX;
}

static void
client_ip(struct req *r)
{
	const union MHD_ConnectionInfo *ci;
	char ip[INET6_ADDRSTRLEN] = "?";
	const struct sockaddr *sa;

	ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && (sa = ci->client_addr)) {
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)
			    (const void *)sa)->sin_addr, ip, sizeof(ip));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
			    (const void *)sa)->sin6_addr, ip, sizeof(ip));
	}
	r->ip = arena_strdup(&r->arena, ip);
}

/* The request's file slots with room for one more (the caller checks
 * REQ_MAX_FILES): made at its first file, doubled as more come, so that
 * a request clears only the slots it uses (each holds a 4 KiB path). */
static struct upload *
upload_slots(struct req *r)
{
	struct upload *more;
	int i, cap;

	if (r->nfiles < r->files_cap)
		return r->files;
	cap = r->files_cap ? r->files_cap * 2 : 1;
	if (cap > REQ_MAX_FILES)
		cap = REQ_MAX_FILES;
	more = arena_alloc(&r->arena, sizeof(*more) * (size_t)cap);
	if (r->nfiles > 0)
		memcpy(more, r->files, sizeof(*more) * (size_t)r->nfiles);
	for (i = r->nfiles; i < cap; i++)
		more[i].fd = -1;
	r->files = more;
	r->files_cap = cap;
	return more;
}

/*
 * A new upload file and its running hash. 0 or -1. For a request whose
 * whole body fits in blobs.inline_max (r->small), a memory file: its
 * bytes go into the database, and a file in DIR/tmp, made, written,
 * read back and removed, cost about as much kernel time as the rest of
 * storing them. Otherwise DIR/tmp/PREFIX-XXXXXX.
 */
static int
upload_open(struct req *r, struct upload *u, const char *prefix)
{
	if (r->small) {
		if ((u->fd = blob_memfile(prefix, u->path,
		    sizeof(u->path))) < 0) {
			u->path[0] = '\0';
			return -1;
		}
		u->mem = 1;
	} else {
		snprintf(u->path, sizeof(u->path), "%s/tmp/%s-XXXXXX",
		    data_dir(), prefix);
		if ((u->fd = mkostemp(u->path, O_CLOEXEC)) < 0) {
			log_error("mkstemp %s: %s", u->path, strerror(errno));
			u->path[0] = '\0';
			return -1;
		}
	}
	u->sha256[0] = '\0';
	if ((u->md = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestInit_ex(u->md, digest_md(256), NULL) != 1) {
		EVP_MD_CTX_free(u->md);
		u->md = NULL;	/* the blob store hashes the file itself */
	}
	return 0;
}

/* Append to an upload: its file and its hash. 0 or -1. */
static int
upload_write(struct upload *u, const char *data, size_t size)
{
	ssize_t n;

	if (u->md != NULL && EVP_DigestUpdate(u->md, data, size) != 1) {
		EVP_MD_CTX_free(u->md);
		u->md = NULL;
	}
	while (size > 0) {
		if ((n = write(u->fd, data, size)) < 0) {
			if (errno == EINTR)
				continue;
			log_error("write %s: %s", u->path, strerror(errno));
			return -1;
		}
		data += n;
		size -= (size_t)n;
		u->size += (size_t)n;
	}
	return 0;
}

/* The hash of a complete upload into u->sha256 (when it was kept). */
static void
upload_hash_end(struct upload *u, int complete)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (u->md == NULL)
		return;
	if (complete && EVP_DigestFinal_ex(u->md, md, &len) == 1 && len == 32)
		digest_hex(md, len, u->sha256);
	EVP_MD_CTX_free(u->md);
	u->md = NULL;
}

/* A part of a multipart/form-data body: files go to the data folder's
 * tmp/, other fields to r->form. */
static enum MHD_Result
post_part(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *content_type,
    const char *transfer_encoding, const char *data, uint64_t off,
    size_t size)
{
	struct req *r = cls;
	struct upload *u;
	const char *base;
	char *v;

	(void)kind;
	(void)transfer_encoding;
	r->uploaded += size;
	if (r->uploaded > lim.upload_max) {
		r->too_large = 1;
		return MHD_NO;
	}
	if (!utf8_valid(key, strlen(key))) {
		r->bad_upload = 1;
		return MHD_NO;
	}
	if (filename && *filename) {
		if (off == 0) {
			if (r->nfiles == REQ_MAX_FILES || data_dir() == NULL ||
			    !utf8_valid(filename, strlen(filename))) {
				r->bad_upload = 1;
				return MHD_NO;
			}
			u = &upload_slots(r)[r->nfiles];
			base = filename + strlen(filename);
			while (base > filename && base[-1] != '/' &&
			    base[-1] != '\\')
				base--;
			u->field = arena_strdup(&r->arena, key);
			u->filename = arena_strdup(&r->arena, base);
			u->content_type = arena_strdup(&r->arena, content_type ?
			    content_type : "application/octet-stream");
			if (upload_open(r, u, "up") < 0) {
				r->bad_upload = 1;
				return MHD_NO;
			}
			r->nfiles++;
		}
		u = &r->files[r->nfiles - 1];
		if (upload_write(u, data, size) < 0) {
			r->bad_upload = 1;
			return MHD_NO;
		}
		return MHD_YES;
	}
	if (filename)
		return MHD_YES;		/* a file input left empty */
	if (off == 0) {
		if (r->nform == REQ_MAX_PARAMS) {
			r->bad_upload = 1;
			return MHD_NO;
		}
		r->form[r->nform].name = arena_strdup(&r->arena, key);
		r->form[r->nform].value = arena_strndup(&r->arena, data, size);
		r->nform++;
		return MHD_YES;
	}
	/* The rest of the last field's value. */
	if (r->nform == 0 || off > 65536) {
		r->bad_upload = 1;
		return MHD_NO;
	}
	v = arena_alloc(&r->arena, (size_t)off + size + 1);
	memcpy(v, r->form[r->nform - 1].value, (size_t)off);
	memcpy(v + off, data, size);
	r->form[r->nform - 1].value = v;
	return MHD_YES;
}

/* The start of a raw body streamed to a file (ROUTE_RAW). 0 or -1. */
static int
raw_open(struct req *r, const char *ct)
{
	struct upload *u = &upload_slots(r)[0];

	if (data_dir() == NULL || upload_open(r, u, "raw") < 0)
		return -1;
	u->field = "body";
	u->filename = "body";
	u->content_type = arena_strdup(&r->arena, ct ? ct :
	    "application/octet-stream");
	r->nfiles = 1;
	r->raw = 1;
	return 0;
}

static int
raw_write(struct req *r, const char *data, size_t size)
{
	struct upload *u = &r->files[0];

	if (u->size + size > lim.raw_max) {
		r->too_large = 1;
		return 0;
	}
	return upload_write(u, data, size);
}

/* Close the request's files; a memory file only at the end (`ended`):
 * its descriptor is all there is of it. */
static void
uploads_close(struct req *r, int ended)
{
	int i;

	for (i = 0; i < r->nfiles; i++)
		if (r->files[i].fd >= 0 && (ended || !r->files[i].mem)) {
			close(r->files[i].fd);
			r->files[i].fd = -1;
		}
}

/* The request's files are complete: flush those the blob store will
 * keep as files now, before the handler runs, so that storing them
 * inside its transaction (which holds the write lock) finds nothing left
 * to write; then close them. Small ones go into the database, durable
 * with its log (blob.h). */
static void
uploads_finish(struct req *r)
{
	int i;

	for (i = 0; i < r->nfiles; i++) {
		upload_hash_end(&r->files[i], !r->too_large && !r->bad_upload);
		if (r->files[i].fd >= 0 && !r->too_large && !r->bad_upload)
			(void)blob_settle(r->files[i].fd,
			    (int64_t)r->files[i].size);
	}
	uploads_close(r, 0);
}

/* The parsing buffer of a form of `cl` bytes (its Content-Length, or
 * NULL): 64 KiB, or for a smaller body its size and a margin, at least 4
 * KiB (the buffer is cleared when made: a filing's 2 KB form cleared
 * 64 KiB). Values longer than it arrive in pieces either way. */
static size_t
post_buffer(const char *cl)
{
	unsigned long long n;

	if (cl == NULL || (n = strtoull(cl, NULL, 10)) >= 63 * 1024)
		return 64 * 1024;
	return n < 3 * 1024 ? 4096 : (size_t)n + 1024;
}

static enum MHD_Result
access_cb(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct req *r = *con_cls;
	const char *cl, *ct;
	size_t max;

	(void)cls;
	(void)version;
	if (r == NULL) {
		if ((r = calloc(1, sizeof(*r))) == NULL)
			return MHD_NO;
		r->started_us = clock_mono_us();
		r->conn = conn;
		r->send_fd = -1;
		r->method = parse_method(method);
		r->path = arena_strdup(&r->arena, url);
		client_ip(r);
		if ((int)r->method != HTTP_METHOD_MAX)
			r->route = find_route(r, &r->path_known);
		max = lim.body_max;
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		    "Content-Length");
		r->small = cl != NULL && strtoull(cl, NULL, 10) <=
		    (unsigned long long)blob_inline_max();
		ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		    "Content-Type");
		if (r->route && (r->route->flags & ROUTE_UPLOAD) && ct &&
		    strncasecmp(ct, "multipart/form-data", 19) == 0) {
			max = lim.upload_max;
			r->form = arena_alloc(&r->arena,
			    sizeof(*r->form) * REQ_MAX_PARAMS);
			r->post = MHD_create_post_processor(conn,
			    post_buffer(cl), post_part, r);
			if (r->post == NULL)
				r->bad_upload = 1;
		} else if (r->route && (r->route->flags & ROUTE_RAW) &&
		    (ct == NULL || strncasecmp(ct,
		    "application/x-www-form-urlencoded", 33) != 0)) {
			max = lim.raw_max;
			if (raw_open(r, ct) < 0)
				r->bad_upload = 1;
		}
		buf_init(&r->body, lim.body_max);
		buf_init(&r->out, 0);
		if (cl && strtoull(cl, NULL, 10) > max)
			r->too_large = 1;
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (r->too_large || r->bad_upload)
			;	/* discard the rest */
		else if (r->post) {
			if (MHD_post_process(r->post, upload_data,
			    *upload_data_size) != MHD_YES && !r->too_large)
				r->bad_upload = 1;
		} else if (r->raw) {
			if (raw_write(r, upload_data, *upload_data_size) < 0)
				r->bad_upload = 1;
		} else if (buf_add(&r->body, upload_data, *upload_data_size) < 0)
			r->too_large = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->post) {
		if (MHD_destroy_post_processor(r->post) != MHD_YES &&
		    !r->too_large)
			r->bad_upload = 1;
		r->post = NULL;
	}
	uploads_finish(r);
	dispatch(r);
	db_thread_settle();
	return respond(r);
}

static void
completed_cb(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct req *r = *con_cls;
	int i;

	(void)cls;
	(void)conn;
	(void)toe;
	if (r == NULL)
		return;
	if (r->post)
		MHD_destroy_post_processor(r->post);
	if (r->send_fd >= 0)
		close(r->send_fd);
	uploads_close(r, 1);
	for (i = 0; i < r->nfiles; i++) {
		upload_hash_end(&r->files[i], 0);
		if (r->files[i].path[0] && !r->files[i].mem)
			unlink(r->files[i].path);
	}
	json_decref(r->json);
	buf_release(&r->body);
	buf_release(&r->out);
	arena_release(&r->arena);
	free(r);
	*con_cls = NULL;
}

int
http_start(const char *listen, const struct http_limits *limits)
{
	struct sockaddr_in sin;
	char host[64];
	const char *colon;
	long port;
	unsigned threads;

	memset(&lim, 0, sizeof(lim));
	if (limits)
		lim = *limits;
	if (lim.body_max == 0)
		lim.body_max = 1 << 20;
	if (lim.upload_max == 0)
		lim.upload_max = 21 << 20;
	if (lim.raw_max == 0)
		lim.raw_max = (size_t)256 << 20;
	if (lim.timeout == 0)
		lim.timeout = 30;
	if (lim.connections == 0)
		lim.connections = 1024;
	if (lim.per_ip == 0)
		lim.per_ip = 256;
	threads = lim.threads;
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		threads = n > 0 ? (unsigned)n : 2;
	}
	colon = strrchr(listen, ':');
	if (colon == NULL || (size_t)(colon - listen) >= sizeof(host)) {
		log_error("bad listen address %s (want ADDR:PORT)", listen);
		return -1;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	port = strtol(colon + 1, NULL, 10);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (port <= 0 || port > 65535 ||
	    inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
		log_error("bad listen address %s (want IPv4:PORT)", listen);
		return -1;
	}
	daemon_h = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_EPOLL | MHD_USE_TURBO, 0, NULL, NULL, access_cb, NULL,
	    MHD_OPTION_SOCK_ADDR, &sin,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_LIMIT, lim.connections,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, lim.per_ip,
	    MHD_OPTION_CONNECTION_TIMEOUT, lim.timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024,
	    MHD_OPTION_NOTIFY_COMPLETED, completed_cb, NULL,
	    MHD_OPTION_END);
	if (daemon_h == NULL) {
		log_error("cannot listen on %s", listen);
		return -1;
	}
	log_info("listening on http://%s with %u threads", listen, threads);
	return 0;
}

void
http_stop(void)
{
	if (daemon_h) {
		MHD_stop_daemon(daemon_h);
		daemon_h = NULL;
	}
}
