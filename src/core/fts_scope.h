/*
 * fts_scope.h - the FTS5 tokenizer "scoped" (see fts_scope.c): words
 * indexed once per reader, "<reader>x<word>", from rows written as
 * "<reader> <reader> ...\x1f<text>".
 */
#ifndef CONGSO_FTS_SCOPE_H
#define CONGSO_FTS_SCOPE_H

#include <sqlite3.h>

/* Register the tokenizer on a connection. 0 or -1. */
int	 fts_scope_register(sqlite3 *db);

#endif
