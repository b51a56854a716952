/*
 * db.h - the SQLite layer: one connection per thread, WAL, foreign keys,
 * busy timeout, compiled-in migrations, cached prepared statements.
 *
 * SQL text lives in each module's *_db.c file and takes bound parameters
 * only. A statement from db_prepare() belongs to the connection's cache:
 * do not finalize it; it is reset and its bindings cleared on the next
 * db_prepare() of the same SQL, and by db_done().
 */
#ifndef CONGSO_DB_H
#define CONGSO_DB_H

#include <sqlite3.h>
#include <stdint.h>

struct db;

/* Open (creating if needed) the database at `path`, apply the pragmas and
 * register the SQL function fold(text). 0 or -1 (logged). */
int	 db_open(const char *path, struct db **out);
void	 db_close(struct db *db);
sqlite3	*db_handle(struct db *db);

/* Apply every compiled-in migration newer than the schema's user_version,
 * each in its own transaction. 0 or -1. */
int	 db_migrate(struct db *db);
/* Highest migration number compiled in. */
int	 db_schema_version(void);

/* The calling thread's connection to the database set by
 * db_set_path(); opened on first use, closed by db_thread_close(). */
void	 db_set_path(const char *path);
const char *db_path(void);
struct db *db_thread(void);
/* 0 when a database is set but this thread's connection to it cannot be
 * opened (db_thread() is NULL: say so rather than run the request). */
int	 db_thread_ok(void);
void	 db_thread_close(void);
/* The sort keys of `table` (its column sort_key = `expr`, a key of
 * core/collate.h): made for every row when the collation named by the
 * setting `setting` is not this program's (an upgrade of ICU, or never
 * made), else for the rows without one. One transaction; 0 or -1. */
int	 db_sort_keys(struct db *db, const char *setting, const char *table,
	    const char *expr);
/* The value of a row of settings, copied into `a`; NULL when not set. */
struct arena;
const char	*db_setting(struct db *db, struct arena *a, const char *key);
/* Set a row of settings (in the caller's transaction, if any); a NULL
 * value removes it. 0 or -1. */
int	 db_setting_set(struct db *db, const char *key, const char *value);
/* A setting read as a positive whole number; `fallback` when it is not
 * set, not a number or not above zero. */
/* Remember settings read as numbers (the server, at start-up, before any
 * thread writes). */
void	 db_settings_memo(void);
long	 db_setting_long(struct db *db, const char *key, long fallback);
/* The same where 0 is a value (a limit that turns something off). */
long	 db_setting_count(struct db *db, const char *key, long fallback);
/* Move the log's checkpoints to a thread of their own (the server: see
 * db.c); connections opened after the start leave them to it. The stop
 * waits for the thread, which checkpoints the whole log last. */
int	 db_checkpointer_start(void);
void	 db_checkpointer_stop(void);
/* Run every write transaction of the process on one shared connection,
 * committing concurrent ones together (the server: see db.c). Stop it
 * once no thread writes any more. */
int	 db_writer_start(void);
void	 db_writer_stop(void);
/* After a request or a job: roll back a transaction its handler left
 * open (logged as an error) so that no write lock outlives it. */
void	 db_thread_settle(void);
void	 db_settle(struct db *db);

/* A cached statement for `sql` (a string literal), reset and unbound.
 * NULL on error (logged with the SQL). */
sqlite3_stmt *db_prepare(struct db *db, const char *sql);
/* Reset a statement from db_prepare() once its rows are read. */
void	 db_done(sqlite3_stmt *st);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. 0 or -1. */
int	 db_begin(struct db *db);
int	 db_commit(struct db *db);
/* COMMIT without waiting for the log to reach the disk: for bookkeeping
 * that may be lost on a power failure without harm, because what is
 * redone after it (a job run again) gives the same result. The next
 * durable commit, or the next checkpoint, takes it to the disk. */
int	 db_commit_lazy(struct db *db);
int	 db_rollback(struct db *db);
/*
 * A batch of this thread's transactions (the job worker's, around the
 * jobs it took together). In the server, a lazy commit inside a batch
 * leaves its work in the shared writer's open transaction and returns at
 * once: the group is committed by db_batch_end(), or earlier by whichever
 * thread ends it, so the batch costs one COMMIT (and one run of each kind
 * of deferred work) instead of one per transaction. What it committed is
 * seen by other connections only then. Durable commits inside a batch
 * are as ever (and take the batch's earlier work with them). Elsewhere
 * (the command line) the two calls do nothing. db_batch_end: 0, or -1
 * when the COMMIT that ended the batch failed (the batch's work is lost
 * with it; done jobs are then left running until the next start).
 */
void	 db_batch_begin(struct db *db);
int	 db_batch_end(struct db *db);
/*
 * Work deferred to the end of a transaction: db_defer() queues an id of a
 * kind in the caller's transaction, and the kind's function runs once,
 * just before the COMMIT, with every id queued (a JSON array such as
 * "[12,15,12]"; an id may repeat), on the committing connection inside
 * the transaction. In the server that is once for the whole group of
 * transactions committed together, so that work that costs per
 * statement (a full-text index writes a segment at every statement's
 * end) is paid once. A member that rolls back drops its ids; a function
 * that fails makes the COMMIT fail. Outside a transaction db_defer() runs
 * the function at once. Register the kinds at start-up.
 */
#define DB_DEFER_MAX	4
typedef int (*db_defer_fn)(struct db *db, const char *ids_json);
int	 db_defer_register(db_defer_fn fn);
int	 db_defer(struct db *db, int kind, int64_t id);
/*
 * Watches for caches of rows: db_watch() registers a list of table names
 * (NULL-terminated, static) and returns its id; db_watch_gen() is a
 * number that moves on once a transaction of this process that changed a
 * row of one of them has ended (after its COMMIT, or its ROLLBACK). An
 * entry stamped with the number read before its rows were read is
 * current while the number stays. Changes made by another process (the
 * command line) are not seen: a cache also bounds its entries' age.
 * Register at start-up, before any thread writes.
 */
#define DB_WATCH_MAX	8
int	 db_watch(const char *const *tables);
uint64_t db_watch_gen(int id);
/* Run SQL without parameters (schema, pragmas). 0 or -1. */
int	 db_exec(struct db *db, const char *sql);

/* Bind helpers: a NULL string binds SQL NULL. */
int	 db_bind_text(sqlite3_stmt *st, int idx, const char *s);
int	 db_bind_int(sqlite3_stmt *st, int idx, int64_t v);
/* Column text as a non-NULL C string ("" for NULL). */
const char *db_col_text(sqlite3_stmt *st, int col);

/* Run a single-row statement to completion: SQLITE_DONE/SQLITE_ROW map to
 * 0, anything else logs and returns -1. The statement is reset. */
int	 db_step_done(sqlite3_stmt *st);
/* Last error message of the connection. */
const char *db_errmsg(struct db *db);
/* Rows changed by the last statement; last inserted rowid. */
int	 db_changes(struct db *db);
int64_t	 db_last_id(struct db *db);

#endif
