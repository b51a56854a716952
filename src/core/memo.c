/* memo.c - remembered lookups of rows that seldom change (see memo.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "log.h"
#include "memo.h"

struct memo_entry {
	char		 key[MEMO_KEY_MAX];	/* "": empty */
	uint64_t	 gen;
	time_t		 until;
	int64_t		 v[2];
};

struct memo {
	int			 watch;
	pthread_mutex_t		 lock;
	struct memo_entry	 e[MEMO_SLOTS];
};

struct memo *
memo_new(const char *const *tables)
{
	struct memo *m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		fatal("%s: out of memory", __func__);
	m->watch = db_watch(tables);
	pthread_mutex_init(&m->lock, NULL);
	return m;
}

uint64_t
memo_gen(struct memo *m)
{
	return m != NULL ? db_watch_gen(m->watch) : 0;
}

static struct memo_entry *
slot(struct memo *m, const char *key)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return &m->e[h % MEMO_SLOTS];
}

int
memo_get(struct memo *m, const char *key, int64_t v[2])
{
	struct memo_entry *e;
	int hit;

	if (m == NULL || strlen(key) >= MEMO_KEY_MAX)
		return 0;
	e = slot(m, key);
	pthread_mutex_lock(&m->lock);
	hit = strcmp(e->key, key) == 0 && e->gen == memo_gen(m) &&
	    time(NULL) < e->until;
	if (hit)
		memcpy(v, e->v, sizeof(e->v));
	pthread_mutex_unlock(&m->lock);
	return hit;
}

void
memo_put(struct memo *m, const char *key, uint64_t gen, const int64_t v[2])
{
	struct memo_entry *e;

	if (m == NULL || strlen(key) >= MEMO_KEY_MAX)
		return;
	e = slot(m, key);
	pthread_mutex_lock(&m->lock);
	memcpy(e->key, key, strlen(key) + 1);
	e->gen = gen;
	e->until = time(NULL) + MEMO_SECONDS;
	memcpy(e->v, v, sizeof(e->v));
	pthread_mutex_unlock(&m->lock);
}
