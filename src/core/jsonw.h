/*
 * jsonw.h - a JSON writer straight into a buffer, for answers built in
 * hot paths (lists of documents): no tree of objects to allocate and
 * free, the same compact text jansson's json_dumps(JSON_COMPACT) gives.
 * Strings must be valid UTF-8 (they come from the database, which only
 * holds checked text); quotes, backslashes and control characters are
 * escaped. Nesting up to JW_DEPTH.
 */
#ifndef CONGSO_JSONW_H
#define CONGSO_JSONW_H

#include <stdint.h>

#include "buf.h"

#define JW_DEPTH	16

struct jw {
	struct buf	*b;
	int		 depth;
	unsigned char	 count[JW_DEPTH];	/* values so far at each level */
};

void	 jw_init(struct jw *w, struct buf *b);
void	 jw_obj(struct jw *w);		/* { */
void	 jw_obj_end(struct jw *w);	/* } */
void	 jw_arr(struct jw *w);		/* [ */
void	 jw_arr_end(struct jw *w);	/* ] */
/* A key of the current object; its value follows. */
void	 jw_key(struct jw *w, const char *k);
void	 jw_str(struct jw *w, const char *s);	/* NULL: null */
void	 jw_int(struct jw *w, int64_t v);
void	 jw_bool(struct jw *w, int v);
void	 jw_null(struct jw *w);
/* Key and value at once. jw_kstr0 writes null for NULL or "". */
void	 jw_kstr(struct jw *w, const char *k, const char *s);
void	 jw_kstr0(struct jw *w, const char *k, const char *s);
void	 jw_kint(struct jw *w, const char *k, int64_t v);
/* jw_kint0 writes null for 0 (an id or number not set). */
void	 jw_kint0(struct jw *w, const char *k, int64_t v);
void	 jw_kbool(struct jw *w, const char *k, int v);

#endif
