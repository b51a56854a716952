/* cache.c - generation-stamped answers to read requests. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "log.h"

struct slot {
	pthread_mutex_t	 lock;
	char		*key;
	int64_t		 gen;
	char		*body;
	size_t		 len;
};

static struct slot slots[CACHE_SLOTS];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_ullong hits, misses;

static void
init(void)
{
	int i;

	for (i = 0; i < CACHE_SLOTS; i++)
		pthread_mutex_init(&slots[i].lock, NULL);
}

/* FNV-1a, enough to spread keys over the slots. */
static struct slot *
slot_of(const char *key)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *key; key++) {
		h ^= (unsigned char)*key;
		h *= 1099511628211ULL;
	}
	return &slots[h % CACHE_SLOTS];
}

int
cache_get(const char *key, int64_t gen, struct buf *out)
{
	struct slot *s;
	int hit = 0;

	pthread_once(&once, init);
	s = slot_of(key);
	pthread_mutex_lock(&s->lock);
	if (s->key && s->gen == gen && strcmp(s->key, key) == 0) {
		buf_add(out, s->body, s->len);
		hit = 1;
	}
	pthread_mutex_unlock(&s->lock);
	atomic_fetch_add(hit ? &hits : &misses, 1);
	return hit;
}

void
cache_put(const char *key, int64_t gen, const char *body, size_t len)
{
	struct slot *s;
	char *k, *b;

	if (len > CACHE_BODY_MAX)
		return;
	pthread_once(&once, init);
	if ((k = strdup(key)) == NULL || (b = malloc(len ? len : 1)) == NULL)
		fatal("%s: out of memory", __func__);
	memcpy(b, body, len);
	s = slot_of(key);
	pthread_mutex_lock(&s->lock);
	free(s->key);
	free(s->body);
	s->key = k;
	s->gen = gen;
	s->body = b;
	s->len = len;
	pthread_mutex_unlock(&s->lock);
}

void
cache_counts(unsigned long long *h, unsigned long long *m)
{
	*h = atomic_load(&hits);
	*m = atomic_load(&misses);
}
