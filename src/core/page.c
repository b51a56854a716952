/* page.c - the common frame of HTML pages. */
#include <string.h>

#include "page.h"

#define MAX_NAV 32
#define MAX_HOME 8

struct nav {
	const char	*label;
	const char	*href;
	unsigned	 roles;
};

static struct nav navs[MAX_NAV];
static int nnav;
static void (*homes[MAX_HOME])(struct req *);
static int nhome;
static char site[256] = "Công sở số";

void
page_nav_add(const char *label, const char *href, unsigned roles)
{
	if (nnav < MAX_NAV) {
		navs[nnav].label = label;
		navs[nnav].href = href;
		navs[nnav].roles = roles;
		nnav++;
	}
}

void
page_home_add(void (*fn)(struct req *r))
{
	if (nhome < MAX_HOME)
		homes[nhome++] = fn;
}

void
page_home_sections(struct req *r)
{
	int i;

	for (i = 0; i < nhome; i++)
		homes[i](r);
}

void
page_home_count(struct req *r, const char *href, int n, const char *label,
    int late)
{
	/* Markup stays in the format: values are escaped. */
	html_printf(&r->out, late ? "<li><a href=\"%s\" class=\"late\">"
	    "<span class=\"n\">%d</span> %s</a></li>" : "<li><a href=\"%s\">"
	    "<span class=\"n\">%d</span> %s</a></li>", href, n, label);
}

void
page_set_site(const char *name)
{
	size_t n = strlen(name);

	if (n >= sizeof(site))
		n = sizeof(site) - 1;
	memcpy(site, name, n);
	site[n] = '\0';
}

void
page_begin(struct req *r, const char *title)
{
	struct buf *b = &r->out;
	int i;

	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	html_printf(b, "<!doctype html>\n<html lang=\"vi\"><head>"
	    "<meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<title>%s — %s</title>"
	    "<link rel=\"stylesheet\" href=\"/static/style.css\">"
	    "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">"
	    "<script src=\"/static/app.js\" defer></script>"
	    "</head><body>"
	    "<a class=\"skip\" href=\"#main\">Bỏ qua, đến nội dung chính</a>"
	    "<header class=\"top\"><div class=\"brand\"><a href=\"/\">"
	    "<span class=\"logo\" aria-hidden=\"true\">★</span> %s</a></div>",
	    title, site, site);
	if (r->user.id) {
		html_printf(b, "<nav aria-label=\"Chức năng\"><ul>");
		for (i = 0; i < nnav; i++)
			if (!req_has_role(r, navs[i].roles))
				continue;
			else if (strcmp(r->path, navs[i].href) == 0 ||
			    (strlen(navs[i].href) > 1 && strncmp(r->path,
			    navs[i].href, strlen(navs[i].href)) == 0))
				html_printf(b, "<li><a href=\"%s\" aria-current="
				    "\"page\">%s</a></li>", navs[i].href,
				    navs[i].label);
			else
				html_printf(b, "<li><a href=\"%s\">%s</a></li>",
				    navs[i].href, navs[i].label);
		html_printf(b, "</ul></nav><div class=\"who\">"
		    "<a href=\"/tai-khoan\">%s</a> <span class=\"unit\">%s</span>"
		    "<form method=\"post\" action=\"/dang-xuat\">",
		    r->user.full_name ? r->user.full_name : "",
		    r->user.unit_name ? r->user.unit_name : "");
		page_csrf(r);
		html_raw(b, "<button type=\"submit\" class=\"link\">Đăng xuất"
		    "</button></form></div>");
	}
	html_raw(b, "</header><main id=\"main\" tabindex=\"-1\">");
}

void
page_end(struct req *r)
{
	html_raw(&r->out, "</main><footer><p>Công sở số — nền tảng chính quyền"
	    " điện tử mã nguồn mở</p></footer></body></html>\n");
}

void
page_csrf(struct req *r)
{
	if (r->user.csrf)
		html_printf(&r->out, "<input type=\"hidden\" name=\"_csrf\""
		    " value=\"%s\">", r->user.csrf);
}

void
page_notice(struct req *r, const char *msg)
{
	html_printf(&r->out, "<p class=\"notice\" role=\"status\">%s</p>", msg);
}

void
page_alert(struct req *r, const char *msg)
{
	html_printf(&r->out, "<p class=\"error\" role=\"alert\">%s</p>", msg);
}
