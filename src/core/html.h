/*
 * html.h - the HTML writer. Escaping belongs to the writer: in
 * html_printf() every %s is HTML-escaped (text and attribute values alike:
 * & < > " ' are replaced), so request data cannot become markup. Literal
 * markup goes through html_raw() with a string constant or through
 * html_printf()'s format string, which must be a constant.
 * Numbers (%d %u %ld %lld %zu %x, with flags and width) print as printf.
 */
#ifndef CONGSO_HTML_H
#define CONGSO_HTML_H

#include "arena.h"
#include "buf.h"

void	 html_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Append `s` escaped. */
void	 html_text(struct buf *b, const char *s);
/* Append trusted markup as it is. */
void	 html_raw(struct buf *b, const char *markup);
/* Percent-encode `s` for a URL query value or path segment (RFC 3986
 * unreserved characters kept), in the arena. */
char	*url_escape(struct arena *a, const char *s);

#endif
