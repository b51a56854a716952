/*
 * cache.h - a small in-memory cache of answers to read requests. An entry
 * is keyed by a string (the path and query) and stamped with the
 * generation of the data it was built from; a lookup with another
 * generation misses, so a module that bumps its generation in the same
 * transaction as every change (a trigger on its tables) never serves a
 * stale answer, even across several server processes sharing a database.
 *
 * Bounded: CACHE_SLOTS entries of at most CACHE_BODY_MAX bytes each,
 * direct-mapped by the key's hash; a newer entry replaces an older one.
 */
#ifndef CONGSO_CACHE_H
#define CONGSO_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define CACHE_SLOTS	512
#define CACHE_BODY_MAX	(32 * 1024)

/* Append the cached body for `key` at generation `gen` to `out`:
 * 1 on a hit, 0 on a miss. */
int	 cache_get(const char *key, int64_t gen, struct buf *out);
/* Remember `len` bytes of `body` for `key` at `gen` (bodies over
 * CACHE_BODY_MAX are not kept). */
void	 cache_put(const char *key, int64_t gen, const char *body, size_t len);
/* Hits and misses so far, for /metrics. */
void	 cache_counts(unsigned long long *hits, unsigned long long *misses);

#endif
