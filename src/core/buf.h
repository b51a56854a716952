/*
 * buf.h - growable byte buffer, the one string builder of congso.
 *
 * Invariants: after buf_init() (or BUF_INIT) `data` is never NULL and is
 * always NUL-terminated at data[len]; `len < cap` whenever cap > 0.
 * A buffer may carry a maximum size: an append that would pass it fails
 * with -1 and leaves the buffer unchanged, so limits on outside input are
 * enforced where the bytes are stored.
 */
#ifndef CONGSO_BUF_H
#define CONGSO_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;	/* 0 while data points at the shared empty string */
	size_t	 max;	/* 0 = no limit */
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0, 0 }

/* Initialise an empty buffer; `max` bytes at most (0 for no limit). */
void	 buf_init(struct buf *b, size_t max);
/* Free the storage; the buffer is empty and usable again. */
void	 buf_release(struct buf *b);
/* Forget the contents, keep the storage. */
void	 buf_reset(struct buf *b);
/* Hand the malloc'd string to the caller (who frees it); buffer is reset. */
char	*buf_detach(struct buf *b, size_t *len);
/* Make room for `extra` more bytes. 0 or -1 when over the limit. */
int	 buf_grow(struct buf *b, size_t extra);
int	 buf_add(struct buf *b, const void *p, size_t n);
int	 buf_adds(struct buf *b, const char *s);
int	 buf_addch(struct buf *b, int c);
/* A signed integer in decimal, as printf's %lld writes it. */
int	 buf_add_int(struct buf *b, int64_t v);
/* The same digits written at the end of `d` (24 bytes, not terminated):
 * their start, and their count in *len. */
const char *int_text(char d[24], int64_t v, size_t *len);
int	 buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	 buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
/* Shorten to `len` bytes (no-op when already shorter). */
void	 buf_truncate(struct buf *b, size_t len);

#endif
