/* static.c - the stylesheet and script compiled into the binary, and
 * /metrics. */
#include <stdio.h>
#include <string.h>

#include "embed.h"
#include "http.h"
#include "metrics.h"
#include "static.h"

static void
serve_static(struct req *r)
{
	const struct embed_file *f;
	const char *name = r->args[0], *ext;
	char path[128];

	if (strlen(name) > 64 || strchr(name, '/') ||
	    snprintf(path, sizeof(path), "static/%s", name) < 0 ||
	    (f = embed_find(path)) == NULL) {
		http_error(r, 404, "not_found", "Không có tệp này", NULL);
		return;
	}
	buf_add(&r->out, f->data, f->len);
	ext = strrchr(name, '.');
	http_header(r, "Cache-Control", "public, max-age=3600");
	http_text(r, 200, ext && strcmp(ext, ".css") == 0 ?
	    "text/css; charset=utf-8" : ext && strcmp(ext, ".js") == 0 ?
	    "text/javascript; charset=utf-8" : ext && strcmp(ext, ".svg") == 0 ?
	    "image/svg+xml" : "application/octet-stream");
}

/* Metrics are for the operators' scraper on the machine itself. */
static void
serve_metrics(struct req *r)
{
	if (strcmp(r->ip, "127.0.0.1") != 0 && strcmp(r->ip, "::1") != 0) {
		http_error(r, 403, "forbidden", "Chỉ đọc được từ máy chủ", NULL);
		return;
	}
	metrics_render(&r->out);
	http_text(r, 200, "text/plain; version=0.0.4; charset=utf-8");
}

static const struct route routes[] = {
	{ HTTP_GET, "/static/{}", ROUTE_PAGE, ROLE_PUBLIC, serve_static },
	{ HTTP_GET, "/metrics",   ROUTE_API,  ROLE_PUBLIC, serve_metrics },
	{ 0, NULL, 0, 0, NULL }
};

void
static_register(void)
{
	http_routes_add(routes);
}
