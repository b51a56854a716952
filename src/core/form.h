/*
 * form.h - parsing of application/x-www-form-urlencoded bodies (and
 * query strings of the same form).
 */
#ifndef CONGSO_FORM_H
#define CONGSO_FORM_H

#include <stddef.h>

#include "arena.h"

struct param {
	const char	*name;
	const char	*value;
};

/* Parse `len` bytes into at most `max` name/value pairs allocated in the
 * arena, decoding '+' and %XX. 0; -1 when a name or value is not UTF-8 or
 * holds a NUL byte; -2 when there are more than `max` pairs. The number
 * of pairs goes to *count. */
int	 form_parse(struct arena *a, const char *body, size_t len,
	    struct param *out, int max, int *count);

#endif
