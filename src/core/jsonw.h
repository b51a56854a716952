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

#include <stddef.h>
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
/*
 * A key of the current object; its value follows. Keys are string
 * literals that need no escape (names such as "summary"): each macro
 * pastes its key into its written form, quotes and colon included, at
 * compile time, so that writing it is one copy; a key that is not a
 * literal does not compile. jw_key_esc writes any other key, escaped.
 */
#define JW_QKEY(k)	"\"" k "\":", sizeof(k) + 2
#define jw_key(w, k)		jw_key_q(w, JW_QKEY(k))
void	 jw_key_esc(struct jw *w, const char *k);
void	 jw_str(struct jw *w, const char *s);	/* NULL: null */
void	 jw_int(struct jw *w, int64_t v);
void	 jw_bool(struct jw *w, int v);
void	 jw_null(struct jw *w);
/* Key and value at once. jw_kstr0 writes null for NULL or "". */
#define jw_kstr(w, k, s)	jw_kstr_q(w, JW_QKEY(k), s)
#define jw_kstr0(w, k, s)	jw_kstr0_q(w, JW_QKEY(k), s)
#define jw_kint(w, k, v)	jw_kint_q(w, JW_QKEY(k), v)
/* jw_kint0 writes null for 0 (an id or number not set). */
#define jw_kint0(w, k, v)	jw_kint0_q(w, JW_QKEY(k), v)
#define jw_kbool(w, k, v)	jw_kbool_q(w, JW_QKEY(k), v)

/* What the macros call: `q` is the key written out, `n` its length. */
void	 jw_key_q(struct jw *w, const char *q, size_t n);
void	 jw_kstr_q(struct jw *w, const char *q, size_t n, const char *s);
void	 jw_kstr0_q(struct jw *w, const char *q, size_t n, const char *s);
void	 jw_kint_q(struct jw *w, const char *q, size_t n, int64_t v);
void	 jw_kint0_q(struct jw *w, const char *q, size_t n, int64_t v);
void	 jw_kbool_q(struct jw *w, const char *q, size_t n, int v);

#endif
