/*
 * arena.h - allocations that live as long as one request (or one command):
 * everything taken from an arena is freed at once by arena_release().
 * Allocation never fails (out of memory is fatal).
 */
#ifndef CONGSO_ARENA_H
#define CONGSO_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
};

#define ARENA_INIT { NULL }

void	*arena_alloc(struct arena *a, size_t n);	/* zeroed */
char	*arena_strdup(struct arena *a, const char *s);
char	*arena_strndup(struct arena *a, const char *s, size_t n);
char	*arena_printf(struct arena *a, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 arena_release(struct arena *a);

#endif
