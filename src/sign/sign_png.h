/*
 * sign_png.h - PNG images (the handwritten signature, the red seal)
 * decoded with zlib and written as PDF image XObjects with a soft mask
 * for transparency (internal to the sign module).
 */
#ifndef CONGSO_SIGN_PNG_H
#define CONGSO_SIGN_PNG_H

#include "sign/sign_int.h"

#define SIGN_PNG_MAX_FILE	(16u << 20)
#define SIGN_PNG_MAX_PIXELS	(16u << 20)

struct sign_png;

/* Decode the PNG file at `path` (any colour type, bit depth up to 16,
 * not interlaced) to 8-bit RGB and alpha. 0 or -1 with a message. */
int	 sign_png_read(const char *path, struct sign_png **out, char *err,
	    size_t errlen);
/* The same from memory. */
int	 sign_png_decode(const unsigned char *data, size_t len,
	    struct sign_png **out, char *err, size_t errlen);
unsigned sign_png_width(const struct sign_png *p);
unsigned sign_png_height(const struct sign_png *p);
/* Write the image (and its /SMask when not opaque); number in `*num`. */
int	 sign_png_write(const struct sign_png *p, struct sign_upd *u,
	    uint32_t *num);
void	 sign_png_free(struct sign_png *p);

#endif
