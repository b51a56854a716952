/*
 * memo.h - remembered lookups of rows that seldom change (a unit's body,
 * a document type's id), so that a request does not read them again
 * from the database. Under a stream of writes every read on a thread's
 * own connection starts with its page cache discarded (another
 * connection committed), and each such lookup read its pages again.
 *
 * A memo watches a list of tables (db_watch()): any change to them made
 * by this process ends every entry at once; an entry also lives at most
 * MEMO_SECONDS, so that a change made by another process (the command
 * line) is seen within that time. Read memo_gen() before looking the row
 * up in the database, and remember it with that number.
 *
 * Bounded: MEMO_SLOTS entries, direct-mapped by the key's hash; a newer
 * entry replaces an older one. Thread-safe.
 */
#ifndef CONGSO_MEMO_H
#define CONGSO_MEMO_H

#include <stdint.h>

#define MEMO_SLOTS	256
#define MEMO_KEY_MAX	64	/* longer keys are never remembered */
#define MEMO_SECONDS	2

struct memo;

/* A memo of rows of `tables` (NULL-terminated, static). Call at start-up,
 * before any thread writes (as db_watch()); never freed. */
struct memo *memo_new(const char *const *tables);
/* The number to remember a lookup with, read before the lookup. A NULL
 * memo remembers nothing. */
uint64_t memo_gen(struct memo *m);
/* The two values remembered for `key`: 1, or 0 when none is current. */
int	 memo_get(struct memo *m, const char *key, int64_t v[2]);
void	 memo_put(struct memo *m, const char *key, uint64_t gen,
	    const int64_t v[2]);

#endif
