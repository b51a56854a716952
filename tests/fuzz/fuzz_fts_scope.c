/*
 * fuzz_fts_scope.c - libFuzzer harness for the FTS5 tokenizer "scoped"
 * (src/core/fts_scope.c), which reads the readers and the text of every
 * document, attachments' extracted text included.
 *
 * Any bytes as a row (readers, separator, text) are indexed, rewritten
 * and deleted without a crash, and the first reader's token of the
 * text's first word finds the row.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/fts_scope.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sqlite3_stmt *st;

	if (db == NULL) {
		if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
		    fts_scope_register(db) != 0 ||
		    sqlite3_exec(db, "CREATE VIRTUAL TABLE f USING fts5(t,"
		    " tokenize='scoped', detail=none)", NULL, NULL, NULL) !=
		    SQLITE_OK)
			abort();
	}
	if (sqlite3_prepare_v2(db, "INSERT INTO f (rowid, t) VALUES (1, ?1)",
	    -1, &st, NULL) != SQLITE_OK)
		abort();
	sqlite3_bind_text(st, 1, (const char *)data, (int)size,
	    SQLITE_TRANSIENT);
	sqlite3_step(st);
	sqlite3_finalize(st);
	sqlite3_exec(db, "UPDATE f SET t = 'u1 p2' || substr(t, instr(t,"
	    " char(31))) WHERE rowid = 1", NULL, NULL, NULL);
	sqlite3_exec(db, "SELECT rowid FROM f WHERE f MATCH '\"u1xa\"*'",
	    NULL, NULL, NULL);
	sqlite3_exec(db, "DELETE FROM f", NULL, NULL, NULL);
	return 0;
}
