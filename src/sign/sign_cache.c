/*
 * sign_cache.c - parsed keys and certificates kept while their file stays
 * the same (device, inode, size, modification time), so a process that
 * signs many documents does not decode the same PEM file and set up the
 * same RSA blinding each time. A few entries per kind, replaced in turn;
 * every entry handed out is a new reference the caller frees. Keys that
 * needed a password are never kept.
 */
#include <sys/stat.h>

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "sign/sign_int.h"

#define CACHE_SLOTS	8

struct slot {
	char		 path[PATH_MAX];
	dev_t		 dev;
	ino_t		 ino;
	off_t		 size;
	struct timespec	 mtime;
	void		*obj;
};

struct cache {
	pthread_mutex_t	 mu;
	struct slot	 s[CACHE_SLOTS];
	unsigned	 next;
};

static struct cache caches[SIGN_CACHE_MAX] = {
	{ PTHREAD_MUTEX_INITIALIZER, { { "", 0, 0, 0, { 0, 0 }, NULL } }, 0 },
	{ PTHREAD_MUTEX_INITIALIZER, { { "", 0, 0, 0, { 0, 0 }, NULL } }, 0 },
};

/* A new reference to `obj` of `kind`, or NULL. */
static void *
ref(enum sign_cache_kind kind, void *obj)
{
	if (kind == SIGN_CACHE_KEY)
		return EVP_PKEY_up_ref(obj) == 1 ? obj : NULL;
	return X509_chain_up_ref(obj);
}

static void
unref(enum sign_cache_kind kind, void *obj)
{
	if (obj == NULL)
		return;
	if (kind == SIGN_CACHE_KEY)
		EVP_PKEY_free(obj);
	else
		sk_X509_pop_free(obj, X509_free);
}

static int
same(const struct slot *s, const char *path, const struct stat *st)
{
	return s->obj != NULL && s->dev == st->st_dev &&
	    s->ino == st->st_ino && s->size == st->st_size &&
	    s->mtime.tv_sec == st->st_mtim.tv_sec &&
	    s->mtime.tv_nsec == st->st_mtim.tv_nsec &&
	    strcmp(s->path, path) == 0;
}

void *
sign_cache_get(enum sign_cache_kind kind, const char *path,
    const struct stat *st)
{
	struct cache *c = &caches[kind];
	void *obj = NULL;
	int i;

	pthread_mutex_lock(&c->mu);
	for (i = 0; i < CACHE_SLOTS; i++)
		if (same(&c->s[i], path, st)) {
			obj = ref(kind, c->s[i].obj);
			break;
		}
	pthread_mutex_unlock(&c->mu);
	return obj;
}

void
sign_cache_put(enum sign_cache_kind kind, const char *path,
    const struct stat *st, void *obj)
{
	struct cache *c = &caches[kind];
	struct slot *s;
	void *r;

	if (strlen(path) >= sizeof(c->s[0].path) || (r = ref(kind, obj)) ==
	    NULL)
		return;
	pthread_mutex_lock(&c->mu);
	s = &c->s[c->next++ % CACHE_SLOTS];
	unref(kind, s->obj);
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->dev = st->st_dev;
	s->ino = st->st_ino;
	s->size = st->st_size;
	s->mtime = st->st_mtim;
	s->obj = r;
	pthread_mutex_unlock(&c->mu);
}
