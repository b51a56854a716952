/*
 * docs_int.h - helpers shared by the documents module's files (private to
 * src/docs/; not part of the module's interface).
 */
#ifndef CONGSO_DOCS_INT_H
#define CONGSO_DOCS_INT_H

#include "docs.h"

/* The visibility condition of a document `d` for the reader whose body is
 * bound to ?20 and whose person id is bound to ?21. Every query reading
 * documents includes it, or reads only the reader's own rows of
 * doc_access (sql/011_docs_speed.sql), which hold the same rule as rows,
 * kept by triggers, so that lists can walk a reader's documents by index
 * and search can match only those (PAGE_OF in docs_query_db.c); change
 * both together, and the e2e test that compares them. */
#define DOCS_VISIBLE \
	" (d.unit_id = ?20" \
	"  OR EXISTS (SELECT 1 FROM doc_receipts vx WHERE vx.doc_id = d.id" \
	"   AND vx.unit_id = ?20)" \
	"  OR EXISTS (SELECT 1 FROM doc_receipts vy JOIN doc_assignments va" \
	"   ON va.receipt_id = vy.id WHERE vy.doc_id = d.id" \
	"   AND va.person_id = ?21)" \
	"  OR EXISTS (SELECT 1 FROM doc_shares vs WHERE vs.doc_id = d.id" \
	"   AND vs.person_id = ?21)) "

/* Bind the reader to ?20 and ?21. */
void	 docs_bind_reader(sqlite3_stmt *st, const struct docs_actor *who);

/* Fill an error; docs_errf formats into a per-thread buffer that lives
 * until the thread's next docs_errf. Both return -1. */
int	 docs_err(struct docs_err *e, int status, const char *code,
	    const char *field, const char *message);
int	 docs_errf(struct docs_err *e, int status, const char *code,
	    const char *field, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
/* Text present (when required), UTF-8 without control characters other
 * than newlines and tabs, at most `max` bytes. */
int	 docs_valid_text(const char *s, int required, size_t max);
/* A real date YYYY-MM-DD; its day number in *day when not NULL. */
int	 docs_valid_date(const char *s, int *day);
/* A history row and an audit row ("docs.<action>", "document:<id>"). */
int	 docs_record(struct db *db, const struct docs_actor *who, int64_t doc,
	    const char *action, const char *comment);
/* The error for a document the actor may not act on: 404 not_found when
 * it does not exist, 403 forbidden when it does (not visible to the
 * actor, or visible but not the actor's body's to change). Returns -1. */
int	 docs_err_unseen(struct db *db, const struct docs_actor *who,
	    int64_t id, struct docs_err *err);
/* Whether the actor holds a role bit. */
int	 docs_has_role(const struct docs_actor *who, unsigned role);
/* The state of a document and its body; -1 when missing. */
int	 docs_state_of(struct db *db, int64_t id, int *state, int64_t *unit,
	    int64_t *drafter);
/* The id of a type by code among active types, 0 when none. */
int64_t	 docs_type_id(struct db *db, const char *code, int *is_letter);
/* The reader's receipt of a document and its state; -1 when none. */
int	 docs_receipt_of(struct db *db, int64_t doc, int64_t unit,
	    int64_t *receipt, int *state);
/* The next number of the body's incoming register. */
int	 docs_in_number(struct db *db, int64_t unit, int year,
	    int64_t *register_id);
/* --- register tables (docs_register_table.c) --- */
#define DOCS_REGISTER_COLS_MAX	9
/* The column titles of the incoming or outgoing register (the decree's
 * tables); returns how many. */
int	 docs_register_columns(int incoming, const char *const **titles);
/* The cells of one entry, in the arena (or static). */
void	 docs_register_cells(struct db *db, struct arena *a, int incoming,
	    const struct docs_doc *d, const char *cells[DOCS_REGISTER_COLS_MAX]);
/* A register of the reader's body by id. 0, or -1 when not theirs. */
int	 docs_register_find(struct db *db, struct arena *a,
	    const struct docs_actor *who, int64_t id, int year,
	    struct docs_register *out);
/* The register's entries of `year` as an XLSX workbook appended to
 * `out` (written through a file in the data folder's tmp/). 0 or -1. */
int	 docs_register_xlsx(struct db *db, struct arena *a,
	    const struct docs_actor *who, const struct docs_register *g,
	    int year, const char *unit_name, struct buf *out);
/* The same as an A4 landscape PDF: the body and the national motto, the
 * title, the numbered columns repeated on every page. 0 or -1. */
int	 docs_register_pdf(struct db *db, struct arena *a,
	    const struct docs_actor *who, const struct docs_register *g,
	    int year, const char *unit_name, struct buf *out);
/* The register page's print stylesheet. */
extern const char docs_print_css[];

/* Queue text extraction for the PDF attachments of a document. */
int	 docs_queue_extract(struct db *db, int64_t file_id);

#endif
