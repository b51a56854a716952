/* html.c - the escaping HTML writer. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "textrun.h"

/* Bytes that end a run of plain text: those escaped, and the end (0). */
static const unsigned char stop[256] = {
	[0] = 1, ['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\''] = 1,
};

void
html_text(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	const char *rep;

	for (;;) {
		const unsigned char *run = p;

		p += text_run((const char *)p, stop);
		buf_add(b, run, (size_t)(p - run));
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: return;	/* the end */
		}
		buf_adds(b, rep);
		p++;
	}
}

void
html_raw(struct buf *b, const char *markup)
{
	buf_adds(b, markup);
}

/* One conversion of the format at a time: copy the spec, print it with
 * snprintf for numbers, escape it for strings. */
void
html_printf(struct buf *b, const char *fmt, ...)
{
	char spec[32];
	va_list ap;
	const char *p, *lit;
	size_t n;
	int lmod;

	va_start(ap, fmt);
	lit = fmt;
	for (p = fmt; (p = strchr(p, '%')) != NULL; p++) {
		buf_add(b, lit, (size_t)(p - lit));
		if (p[1] == '%') {
			buf_addch(b, '%');
			p++;
			lit = p + 1;
			continue;
		}
		n = 1;
		while (p[n] && strchr("-+ #0123456789.", p[n]))
			n++;
		lmod = 0;	/* 0 int, 1 long, 2 long long, 3 size_t */
		if (p[n] == 'l' && p[n + 1] == 'l') {
			lmod = 2;
			n += 2;
		} else if (p[n] == 'l') {
			lmod = 1;
			n++;
		} else if (p[n] == 'z') {
			lmod = 3;
			n++;
		} else if (p[n] == 'h') {
			n++;
			if (p[n] == 'h')
				n++;
		}
		if (n + 2 > sizeof(spec) || p[n] == '\0') {
			lit = p;
			break;
		}
		memcpy(spec, p, n + 1);
		spec[n + 1] = '\0';
		switch (p[n]) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			html_text(b, s ? s : "");
			break;
		}
		case 'c': {
			char c[2] = { (char)va_arg(ap, int), 0 };

			html_text(b, c);
			break;
		}
		case 'd': case 'i':
			/* Plain %d, %ld, %lld: digits by hand. */
			if (n == (lmod == 0 ? 1u : lmod == 1 ? 2u : lmod == 2 ?
			    3u : 0u)) {
				buf_add_int(b, lmod == 1 ? va_arg(ap, long) :
				    lmod == 2 ? va_arg(ap, long long) :
				    va_arg(ap, int));
				break;
			}
			/* FALLTHROUGH */
		case 'u': case 'x': case 'X': case 'o':
			if (lmod == 1)
				buf_printf(b, spec, va_arg(ap, long));
			else if (lmod == 2)
				buf_printf(b, spec, va_arg(ap, long long));
			else if (lmod == 3)
				buf_printf(b, spec, va_arg(ap, size_t));
			else
				buf_printf(b, spec, va_arg(ap, int));
			break;
		case 'f': case 'g': case 'e':
			buf_printf(b, spec, va_arg(ap, double));
			break;
		default:
			/* Unknown conversion: print nothing for it. */
			break;
		}
		p += n;
		lit = p + 1;
	}
	buf_adds(b, lit);
	va_end(ap);
}

char *
url_escape(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(s), i, j = 0;
	char *out = arena_alloc(a, len * 3 + 1);

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~')
			out[j++] = (char)c;
		else {
			out[j++] = '%';
			out[j++] = hex[c >> 4];
			out[j++] = hex[c & 15];
		}
	}
	out[j] = '\0';
	return out;
}
