/* arena.c - per-request allocations, freed together. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "log.h"

#define BLOCK_SIZE	8192

struct arena_block {
	struct arena_block	*next;
	size_t			 used, size;
	_Alignas(16) unsigned char data[];
};

/* n bytes at a multiple of `align` (a power of two, at most 16), not
 * cleared. */
static void *
take(struct arena *a, size_t n, size_t align)
{
	struct arena_block *b = a->head;
	size_t size, at = 0;
	void *p;

	if (b != NULL)
		at = (b->used + align - 1) & ~(align - 1);
	if (b == NULL || at > b->size || b->size - at < n) {
		size = n > BLOCK_SIZE ? n : BLOCK_SIZE;
		if ((b = malloc(sizeof(*b) + size)) == NULL)
			fatal("%s: out of memory", __func__);
		b->used = 0;
		b->size = size;
		b->next = a->head;
		a->head = b;
		at = 0;
	}
	p = b->data + at;
	b->used = at + n;
	return p;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	void *p = take(a, n, 16);

	memset(p, 0, n);
	return p;
}

/* Strings are packed end to end, byte aligned, and not cleared before
 * they are copied in: a list's 1,300 short strings a request. */
char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = take(a, n + 1, 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_release(struct arena *a)
{
	struct arena_block *b, *next;

	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}
