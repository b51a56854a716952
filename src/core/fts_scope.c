/*
 * fts_scope.c - the FTS5 tokenizer "scoped": full-text search in which
 * every word is indexed once per reader, so that a search only ever
 * reads the lists of what one reader may see.
 *
 * A row's text is "<reader> <reader> ...\x1f<text>": the readers are
 * tokens such as "u41" (a unit) or "p764" (a person), the text is
 * tokenized by unicode61, and each of its words w is indexed as
 * "<reader>x<w>" for every reader, the readers of one word at the same
 * position (colocated), so phrases still work. "u41xchuyen" is then a
 * list of the documents unit 41 sees that hold "chuyen": a few hundred
 * entries where "chuyen" alone has hundreds of thousands. The reader's
 * id is digits, so the first "x" after it ends it: no two readers' words
 * can give the same token.
 *
 * Queries are tokenized by unicode61 alone: the caller writes the
 * scoped terms ("u41xchuyen" "u41xso"*). Registered on every connection
 * by db_open().
 */
#include <string.h>

#ifdef FTS_SCOPE_EXTENSION
/* Built alone as a loadable extension (build/fts_scope.so), so that the
 * sqlite3 shell can write the tables whose triggers update the index:
 *   sqlite3 -cmd '.load build/fts_scope' data/congso.db */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1
#else
#include <sqlite3.h>
#endif

#include "fts_scope.h"

#define SCOPE_SEP	'\x1f'
#define READERS_MAX	256
#define READER_LEN	24
#define TOKEN_MAX	256

struct scoped {
	fts5_tokenizer	 inner;		/* unicode61's functions */
	Fts5Tokenizer	*inner_tok;
};

struct pass {
	void		*ctx;
	int		(*xToken)(void *, int, const char *, int, int, int);
	const char	(*readers)[READER_LEN];
	int		 nreaders;
	int		 base;		/* offset of the text in the row */
};

static fts5_api *
fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr",
		    NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

static int
scoped_create(void *user, const char **argv, int argc, Fts5Tokenizer **out)
{
	fts5_api *api = user;
	struct scoped *s;
	void *inner_user = NULL;
	int rc;

	if ((s = sqlite3_malloc(sizeof(*s))) == NULL)
		return SQLITE_NOMEM;
	memset(s, 0, sizeof(*s));
	rc = api->xFindTokenizer(api, "unicode61", &inner_user, &s->inner);
	if (rc == SQLITE_OK)
		rc = s->inner.xCreate(inner_user, argv, argc, &s->inner_tok);
	if (rc != SQLITE_OK) {
		sqlite3_free(s);
		return rc;
	}
	*out = (Fts5Tokenizer *)s;
	return SQLITE_OK;
}

static void
scoped_delete(Fts5Tokenizer *t)
{
	struct scoped *s = (struct scoped *)t;

	if (s == NULL)
		return;
	s->inner.xDelete(s->inner_tok);
	sqlite3_free(s);
}

/* One word of the text: once for each reader, at one position. */
static int
each_reader(void *ctx, int flags, const char *tok, int n, int start, int end)
{
	struct pass *p = ctx;
	char buf[READER_LEN + 1 + TOKEN_MAX];
	size_t rl;
	int i, rc;

	(void)flags;
	if (n <= 0 || n > TOKEN_MAX)
		return SQLITE_OK;	/* too long to be a word anyone types */
	for (i = 0; i < p->nreaders; i++) {
		rl = strlen(p->readers[i]);
		memcpy(buf, p->readers[i], rl);
		buf[rl] = 'x';
		memcpy(buf + rl + 1, tok, (size_t)n);
		rc = p->xToken(p->ctx, i ? FTS5_TOKEN_COLOCATED : 0, buf,
		    (int)rl + 1 + n, p->base + start, p->base + end);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

/* The readers before the separator: letters then digits ("u41"). */
static int
read_readers(const char *s, int n, char (*out)[READER_LEN])
{
	int i = 0, k, count = 0;

	while (i < n && count < READERS_MAX) {
		while (i < n && s[i] == ' ')
			i++;
		for (k = 0; i < n && s[i] != ' ' && k < READER_LEN - 1; k++)
			out[count][k] = s[i++];
		while (i < n && s[i] != ' ')
			i++;		/* longer than any id: cut */
		if (k == 0)
			continue;
		out[count][k] = '\0';
		count++;
	}
	return count;
}

static int
scoped_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text,
    int n, int (*xToken)(void *, int, const char *, int, int, int))
{
	static __thread char readers[READERS_MAX][READER_LEN];
	struct scoped *s = (struct scoped *)t;
	const char *sep;
	struct pass p;

	sep = (flags & FTS5_TOKENIZE_QUERY) ? NULL :
	    memchr(text, SCOPE_SEP, (size_t)(n > 0 ? n : 0));
	if (sep == NULL)
		return s->inner.xTokenize(s->inner_tok, ctx, flags, text, n,
		    xToken);
	p.ctx = ctx;
	p.xToken = xToken;
	p.nreaders = read_readers(text, (int)(sep - text), readers);
	p.readers = (const char (*)[READER_LEN])readers;
	p.base = (int)(sep - text) + 1;
	if (p.nreaders == 0)
		return SQLITE_OK;	/* nobody may see it: nothing to find */
	return s->inner.xTokenize(s->inner_tok, &p, flags, sep + 1,
	    n - p.base, each_reader);
}

int
fts_scope_register(sqlite3 *db)
{
	static fts5_tokenizer tok = { scoped_create, scoped_delete,
	    scoped_tokenize };
	fts5_api *api;

	if ((api = fts5_of(db)) == NULL)
		return -1;
	return api->xCreateTokenizer(api, "scoped", api, &tok, NULL) ==
	    SQLITE_OK ? 0 : -1;
}

#ifdef FTS_SCOPE_EXTENSION
int	 sqlite3_ftsscope_init(sqlite3 *db, char **err,
	    const sqlite3_api_routines *api);

int
sqlite3_ftsscope_init(sqlite3 *db, char **err, const sqlite3_api_routines *api)
{
	(void)err;
	SQLITE_EXTENSION_INIT2(api);
	return fts_scope_register(db) == 0 ? SQLITE_OK : SQLITE_ERROR;
}
#endif
