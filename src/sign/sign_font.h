/*
 * sign_font.h - a TrueType font embedded as a subset for the text of
 * signature appearances (internal to the sign module).
 */
#ifndef CONGSO_SIGN_FONT_H
#define CONGSO_SIGN_FONT_H

#include "sign/sign_int.h"

struct sign_font;

/* Read a TrueType font file (with a Unicode cmap). NULL when it cannot
 * be used. Free with sign_font_free(). */
struct sign_font *sign_font_open(const char *path);
void	 sign_font_free(struct sign_font *f);
/* Append the UTF-8 text as a hex string of glyph numbers to `hex`,
 * marking the glyphs used; the width in points at `size`. */
double	 sign_font_text(struct sign_font *f, const char *utf8, double size,
	    struct buf *hex);
/* Write the Type0 font with the subset of the glyphs used so far; its
 * object number into `*font`. 0 or -1. */
int	 sign_font_write(struct sign_font *f, struct sign_upd *u,
	    uint32_t *font);
/* The same under the object number `font` the caller took before. */
int	 sign_font_write_as(struct sign_font *f, struct sign_upd *u,
	    uint32_t font);

#endif
