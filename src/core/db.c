/* db.c - SQLite connections, migrations and the statement cache. */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "blob.h"
#include "buf.h"
#include "collate.h"
#include "db.h"
#include "embed.h"
#include "fold.h"
#include "fts_scope.h"
#include "log.h"
#include "memo.h"

#define STMT_CACHE	128

struct stmt_entry {
	const char	*sql;
	sqlite3_stmt	*st;
};

struct stmt_cache {
	struct stmt_entry	 e[STMT_CACHE];
	int			 n;
};

struct db {
	sqlite3			*h;	/* where statements run now */
	struct stmt_cache	*sc;	/* and their cache */
	sqlite3			*own;	/* this thread's connection */
	struct stmt_cache	 own_sc;
	int			 writing;	/* holds write_lock */
	int64_t			 changes;	/* total changes at db_begin */
	/* A member of the shared writer's transaction (see below). */
	int			 member;
	int			 changed;	/* it changed rows */
	int			 durable;	/* it must be on disk */
	int			 sealed;	/* its group has committed */
	int			 done;		/* and it has been told */
	int			 done_rc;	/* 0: committed (and flushed) */
	uint64_t		 done_seq;	/* the commit's number */
	pthread_cond_t		 told;		/* done is set */
	/* db_batch_begin(): its lazy commits stay in the open group. */
	int			 batching;
	uint64_t		 pending_gen;	/* left work in this group; 0 none */
	/* Ids queued by db_defer() in its transaction, per kind: "1,2,". */
	struct buf		 defer[DB_DEFER_MAX];
	/* Watched tables (db_watch()) its open transaction changed. */
	unsigned		 watch_dirty;
};

/*
 * Watches of tables (db_watch()): each registered list of table names,
 * and its generation, bumped once a COMMIT or ROLLBACK has ended a
 * transaction that changed a row of one of them.
 */
static struct {
	const char *const	*tables;
	uint64_t		 gen;	/* atomic */
} watch[DB_WATCH_MAX];
static int nwatch;

/*
 * Work deferred to the end of a transaction (db_defer()): each kind's
 * function, registered at start-up, and in the server the ids the
 * members of the open group have queued (under write_lock).
 */
static db_defer_fn defer_fn[DB_DEFER_MAX];
static int ndefer;
static struct buf group_defer[DB_DEFER_MAX];

static int defer_run(struct db *db, struct buf *ids);
static void defer_drop(struct buf *ids);
/* The most members of a group commit (see group_begin). A group that
 * has ended (under write_lock) has its members told, the log flushed
 * for them first, once the lock is free. */
#define GROUP_MAX	32
struct group_result {
	struct db	*m[GROUP_MAX];
	int		 n;		/* -1: no group ended */
	int		 rc;
	int		 durable;	/* a member must be on disk */
	uint64_t	 seq;
};
static void group_end(int rc, struct group_result *g);
static void group_tell(struct group_result *g, struct db *flusher);
static void group_end_now(int rc, struct db *flusher);

/* Empty a list of ids (which may never have held one). */
static void
ids_clear(struct buf *b)
{
	if (b->data != NULL)
		buf_reset(b);
}

/*
 * Writers of this process queue here before BEGIN IMMEDIATE: a thread
 * that finds another's write transaction open waits on the mutex and is
 * woken the moment it ends, instead of SQLite's busy handler sleeping in
 * whole milliseconds and retrying. Other processes (the command line
 * while the server runs) still meet the busy timeout. Lock order: this
 * mutex before any other (auth's hashing mutex is taken inside
 * transactions, never around one).
 */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Checkpoints of the write-ahead log. By default SQLite copies the log
 * back into the database (and flushes both) inside the COMMIT that
 * crosses 1,000 pages, while that writer still holds the write lock, so
 * every writer behind it waits for the disk. The server instead runs
 * them on a thread of their own (PASSIVE: they never block a reader or
 * a writer); the command line keeps SQLite's automatic ones.
 */
static int ckpt_background;
static int ckpt_running;
static pthread_t ckpt_thread;
static pthread_mutex_t ckpt_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ckpt_wake = PTHREAD_COND_INITIALIZER;
/* The log is checkpointed at once past CKPT_WAKE_PAGES (see wal_grown),
 * and rewound past CKPT_RESTART_PAGES (see ckpt_main). 16 MiB: under a
 * burst of filings or received packages the same pages (the tails of
 * tables and indexes, counters, the job queue) are written by commit
 * after commit, and a checkpoint copies each once however often the log
 * holds it; at 4 MiB the checkpointer ran several times a second, each
 * time flushing the database. */
#define CKPT_WAKE_PAGES		4096

/*
 * Group commit. Connections run with synchronous=NORMAL, so a COMMIT
 * writes its frames to the write-ahead log without flushing it; before
 * db_commit returns (and so before anyone is told the action was done),
 * the log is flushed up to that commit. One flush covers every commit
 * written before it began: a thread whose commit is already covered, or
 * will be by the flush under way, waits for it instead of flushing
 * again, so N writers committing together pay about one flush, not N
 * one after the other under the write lock as synchronous=FULL would.
 */
static pthread_mutex_t sync_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sync_done = PTHREAD_COND_INITIALIZER;
static uint64_t commits_written;	/* commits whose frames are written */
static uint64_t commits_flushed;	/* of those, known to be on disk */
static int sync_running;		/* atomic; set under sync_lock */
/* Members of the shared writer's groups wait under group_lock (see
 * below). group_held: the member of a group left open while a flush ran,
 * woken when it ends (see group_leave). */
static pthread_mutex_t group_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db *group_held;

static int
wal_flush(struct db *db)
{
	sqlite3_file *f = NULL;

	/* The log as this connection opened it; flushing any descriptor
	 * of the file flushes what every connection wrote to it. */
	if (sqlite3_file_control(db->h, "main", SQLITE_FCNTL_JOURNAL_POINTER,
	    &f) != SQLITE_OK || f == NULL || f->pMethods == NULL)
		return -1;
	return f->pMethods->xSync(f, SQLITE_SYNC_NORMAL) == SQLITE_OK ? 0 :
	    -1;
}

static int
commit_flush(struct db *db, uint64_t mine)
{
	uint64_t upto;
	int rc = 0;

	pthread_mutex_lock(&sync_lock);
	while (commits_flushed < mine) {
		if (sync_running) {
			pthread_cond_wait(&sync_done, &sync_lock);
			continue;
		}
		__atomic_store_n(&sync_running, 1, __ATOMIC_RELEASE);
		upto = __atomic_load_n(&commits_written, __ATOMIC_ACQUIRE);
		pthread_mutex_unlock(&sync_lock);
		rc = wal_flush(db);
		pthread_mutex_lock(&sync_lock);
		__atomic_store_n(&sync_running, 0, __ATOMIC_RELEASE);
		if (rc == 0 && upto > commits_flushed)
			commits_flushed = upto;
		pthread_cond_broadcast(&sync_done);
		pthread_mutex_lock(&group_lock);
		if (group_held != NULL)
			pthread_cond_signal(&group_held->told);
		pthread_mutex_unlock(&group_lock);
		if (rc < 0) {
			log_error("cannot flush the database's log: %s",
			    strerror(errno));
			break;
		}
	}
	pthread_mutex_unlock(&sync_lock);
	return rc;
}

/*
 * The shared writer (the server). Every write transaction of the process
 * runs on one connection, `writer`: db_begin() takes the write lock,
 * opens a SAVEPOINT on it and points the thread's `struct db` at it;
 * db_commit() releases the savepoint and, when other threads are already
 * queued for the lock, hands the still open transaction to them instead
 * of committing it, then waits. The last of such a group COMMITs once
 * for all of them (at most GROUP_MAX), and each member's db_commit()
 * returns that result. So a burst of concurrent writes costs one COMMIT
 * and writes each page once to the log, where each of them touched the
 * same last pages of the same indexes; and the writer's page cache stays
 * valid from one transaction to the next, where each thread's own
 * connection had to read again every page another had changed.
 * A member that rolls back undoes only its savepoint. If SQLite rolls
 * the whole transaction back (a full disk, say), every member of the
 * group is told its commit failed. Reads outside transactions stay on
 * each thread's own connection, and see a group's writes once it has
 * committed, before any member's db_commit() returns.
 * The thread that ends a group frees the lock for the next group, then
 * flushes the log (commit_flush) and only then wakes the members: each
 * sleeps once, on a condition of its own, where it used to be woken by
 * the commit with every other waiting thread and then wait again for the
 * flush.
 * A group whose members must be on disk is not committed while a flush
 * is under way, even with no thread queued for the lock: its commit
 * could only be flushed by the next flush, after that one, so it stays
 * open for the threads that come meanwhile and is committed as the flush
 * ends (its last member is woken for it). Under a burst of filings the
 * groups grew from 2.3 to 3.3-4.3 members, and the pages each filing
 * writes to the log from 15 to 10-12: the tails of the same tables and
 * indexes, the audit chain's head, a search index segment, written once
 * for more of them.
 */
static struct db *writer;
static int group_open;			/* under write_lock */
static struct db *group[GROUP_MAX];	/* under write_lock */
static int ngroup;			/* under write_lock */
/* Under write_lock: the number of the open group (counted at each end),
 * and whether a batch left work in it (see db_batch_begin). */
static uint64_t group_gen = 1;
static int group_pending;
static int batch_failed;	/* a group with a batch's work failed */
static int lock_waiters;		/* atomic: queued in db_begin */

static int group_leave(struct db *db, int keep, int durable);

/* `*ts` = `ms` milliseconds from now (ms < 1000), for a timed wait. */
static void
in_ms(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_nsec += ms * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Take write_lock, waiting `secs` seconds at most (a holder that never
 * comes back must not stop every writer for good). 0 or -1. */
static int
write_lock_within(int secs)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += secs;
	return pthread_mutex_timedlock(&write_lock, &until) == 0 ? 0 : -1;
}

static void
write_release(struct db *db)
{
	if (db->writing) {
		db->writing = 0;
		pthread_mutex_unlock(&write_lock);
	}
}

static char *thread_path;
/* Each thread's connection; closed when the thread exits (the server's
 * pool threads) or by db_thread_close(). */
static __thread struct db *thread_db;
static pthread_key_t thread_key;
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;

static void
thread_exit(void *p)
{
	db_close(p);
	thread_db = NULL;
}

static void
thread_key_init(void)
{
	if (pthread_key_create(&thread_key, thread_exit) != 0)
		fatal("%s: pthread_key_create", __func__);
}

/*
 * When another connection holds the database's write lock (a statement
 * outside db_begin, the job worker's bookkeeping, another process), wait
 * in steps of 0.1 ms rising to 2 ms, up to 10 s in all. SQLite's own busy
 * timeout sleeps 1, 2, 5, 10 ... 100 ms at a time: a lock held for a
 * fraction of a millisecond cost its waiter several.
 */
static int
busy_wait(void *arg, int count)
{
	struct timespec ts = { 0, 0 };
	long us = count < 20 ? 100 : count < 200 ? 500 : 2000;

	(void)arg;
	/* 20 x 0.1 + 180 x 0.5 + 4955 x 2 ms is about 10 s. */
	if (count >= 5155)
		return 0;
	ts.tv_nsec = us * 1000;
	nanosleep(&ts, NULL);
	return 1;
}

/* After each commit (in place of SQLite's own checkpoints, which would
 * run in the committing thread): a log past CKPT_WAKE_PAGES wakes the
 * checkpointer now rather than at its next tick. */
static int
wal_grown(void *arg, sqlite3 *h, const char *name, int pages)
{
	(void)arg;
	(void)h;
	(void)name;
	if (pages >= CKPT_WAKE_PAGES)
		pthread_cond_signal(&ckpt_wake);
	return SQLITE_OK;
}

static void
sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s;
	struct buf b;

	(void)argc;
	if ((s = sqlite3_value_text(argv[0])) == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	buf_init(&b, 0);
	fold_append(&b, (const char *)s);
	sqlite3_result_text(ctx, b.data, (int)b.len, SQLITE_TRANSIENT);
	buf_release(&b);
}

/*
 * SQLite keeps memory statistics by default, under one mutex taken by
 * every allocation of every connection: with several request threads,
 * perf showed them queueing on it inside sqlite3Malloc. congso reads no
 * such statistic. (Must come before SQLite initialises; if something
 * initialised it first, the call is refused and nothing changes.)
 */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void
sqlite_setup(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* A row of `table` changed on `arg`'s connection (SQLite's update hook:
 * rowid tables, triggers' changes included). */
static void
watch_hook(void *arg, int op, const char *dbname, const char *table,
    sqlite3_int64 rowid)
{
	struct db *db = arg;
	const char *const *t;
	int i;

	(void)op;
	(void)dbname;
	(void)rowid;
	for (i = 0; i < nwatch; i++)
		for (t = watch[i].tables; *t != NULL; t++)
			if (strcmp(*t, table) == 0)
				db->watch_dirty |= 1u << i;
}

/* The transaction of `db` has ended (committed or not): its watched
 * tables' generations move on. */
static void
watch_ended(struct db *db)
{
	int i;

	for (i = 0; i < nwatch && db->watch_dirty != 0; i++)
		if (db->watch_dirty & (1u << i))
			__atomic_add_fetch(&watch[i].gen, 1, __ATOMIC_ACQ_REL);
	db->watch_dirty = 0;
}

int
db_watch(const char *const *tables)
{
	if (nwatch == DB_WATCH_MAX)
		fatal("%s: too many watches", __func__);
	watch[nwatch].tables = tables;
	return nwatch++;
}

uint64_t
db_watch_gen(int id)
{
	return __atomic_load_n(&watch[id].gen, __ATOMIC_ACQUIRE);
}

int
db_open(const char *path, struct db **out)
{
	struct db *db;

	pthread_once(&sqlite_once, sqlite_setup);
	if ((db = calloc(1, sizeof(*db))) == NULL)
		fatal("%s: out of memory", __func__);
	pthread_cond_init(&db->told, NULL);
	if (sqlite3_open_v2(path, &db->own, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_error("cannot open %s: %s", path, sqlite3_errmsg(db->own));
		sqlite3_close(db->own);
		pthread_cond_destroy(&db->told);
		free(db);
		return -1;
	}
	db->h = db->own;
	db->sc = &db->own_sc;
	sqlite3_busy_handler(db->h, busy_wait, NULL);
	sqlite3_update_hook(db->h, watch_hook, db);
	sqlite3_create_function(db->h, "fold", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_fold, NULL, NULL);
	if (fts_scope_register(db->h) < 0)
		log_warn("the full-text tokenizer \"scoped\" is not available");
	if (collate_register(db->h) < 0)
		log_warn("the Vietnamese collations are not available");
	if (ckpt_background)
		sqlite3_wal_hook(db->h, wal_grown, NULL);
	if (db_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	    " PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
	    " PRAGMA cache_size=-4000;") < 0) {
		db_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

void
db_close(struct db *db)
{
	int i;

	if (db == NULL)
		return;
	if (db->member)
		db_rollback(db);
	if (db->writing && !sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	watch_ended(db);
	write_release(db);
	for (i = 0; i < DB_DEFER_MAX; i++)
		buf_release(&db->defer[i]);
	for (i = 0; i < db->own_sc.n; i++)
		sqlite3_finalize(db->own_sc.e[i].st);
	sqlite3_close(db->own);
	pthread_cond_destroy(&db->told);
	free(db);
}

sqlite3 *
db_handle(struct db *db)
{
	return db->h;
}

int
db_exec(struct db *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_error("%s", err ? err : "unknown error");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static int
migration_number(const char *name)
{
	/* "sql/001_core.sql" -> 1 */
	return atoi(name + 4);
}

static int
db_user_version(struct db *db)
{
	sqlite3_stmt *st;
	int v = 0;

	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
db_schema_version(void)
{
	int v = 0, n;
	size_t i;

	for (i = 0; i < embed_count; i++)
		if (strncmp(embed_files[i].name, "sql/", 4) == 0 &&
		    (n = migration_number(embed_files[i].name)) > v)
			v = n;
	return v;
}

/* Whether migration `n` was applied: schema_migrations lists each one,
 * so a migration numbered below one already applied (two modules built
 * side by side) still runs. */
static int
migration_applied(struct db *db, int n)
{
	sqlite3_stmt *st;
	int done = 0;

	if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM schema_migrations"
	    " WHERE number = ?1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int(st, 1, n);
	done = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return done;
}

int
db_migrate(struct db *db)
{
	char sql[512];
	int n, done;
	size_t i;

	if (db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    " number INTEGER PRIMARY KEY, name TEXT NOT NULL,"
	    " applied_at INTEGER NOT NULL) STRICT") < 0)
		return -1;
	/* A folder from before the table existed: user_version counted the
	 * migrations applied, in order. */
	if ((n = db_user_version(db)) > 0 && migration_applied(db, n) == 0) {
		snprintf(sql, sizeof(sql), "WITH RECURSIVE k(x) AS (SELECT 1"
		    " UNION ALL SELECT x + 1 FROM k WHERE x < %d)"
		    " INSERT OR IGNORE INTO schema_migrations SELECT x, '', 0"
		    " FROM k", n);
		if (db_exec(db, sql) < 0)
			return -1;
	}
	/* embed_files[] is sorted by path, so migrations run in order. */
	for (i = 0; i < embed_count; i++) {
		if (strncmp(embed_files[i].name, "sql/", 4) != 0)
			continue;
		n = migration_number(embed_files[i].name);
		if ((done = migration_applied(db, n)) < 0)
			return -1;
		if (done)
			continue;
		if (db_begin(db) < 0)
			return -1;
		snprintf(sql, sizeof(sql), "INSERT INTO schema_migrations"
		    " VALUES (%d, '%.80s', unixepoch()); PRAGMA user_version=%d",
		    n, embed_files[i].name + 4, n > db_user_version(db) ? n :
		    db_user_version(db));
		if (db_exec(db, (const char *)embed_files[i].data) < 0 ||
		    db_exec(db, sql) < 0) {
			log_error("migration %s failed", embed_files[i].name);
			db_rollback(db);
			return -1;
		}
		if (db_commit(db) < 0)
			return -1;
		log_info("applied %s", embed_files[i].name);
	}
	return 0;
}

/*
 * The log may grow past this many pages (32 MiB) while readers hold old
 * ones; past it the checkpointer waits for them (they take milliseconds)
 * and rewinds it (RESTART), so that commits write over pages of the log
 * the kernel already has. Under a steady load of writes and reads the
 * log never rewinds on its own: it grew by 110 KB per received package,
 * to 200 MB in a run of 2,000, and every commit then wrote to new pages
 * of the file (allocated, zeroed, their blocks reserved) and made each
 * flush write the file's new size too.
 */
#define CKPT_RESTART_PAGES	8192

/* How the rewind waits for readers still on old pages of the log: 20
 * polls 0.1 ms apart, then it gives up until the next tick. */
static int
busy_brief(void *arg, int count)
{
	struct timespec ts = { 0, 100 * 1000 };

	(void)arg;
	if (count >= 20)
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

/*
 * Rewind the log. SQLite's RESTART holds the database's write lock while
 * it waits (through the busy handler) for every reader to leave the old
 * pages: with the connections' 10 s handler, one long reader (an export,
 * a backup, a report) stopped every writer of the server for 10 s, and
 * again at each tick. So it queues behind the writers of this process
 * like one of them (ending a group left open for the next holder), and
 * waits 2 ms at most for readers; a reader that stays makes it try again
 * at the next tick, with the log growing meanwhile.
 */
static void
ckpt_restart(struct db *db)
{
	if (write_lock_within(1) < 0)
		return;
	group_end_now(0, db);
	sqlite3_busy_handler(db->h, busy_brief, NULL);
	(void)sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_RESTART,
	    NULL, NULL);
	sqlite3_busy_handler(db->h, busy_wait, NULL);
	pthread_mutex_unlock(&write_lock);
}

static void *
ckpt_main(void *arg)
{
	struct timespec ts;
	struct db *db = arg;
	int nlog, ndone;

	pthread_mutex_lock(&ckpt_lock);
	while (ckpt_running) {
		in_ms(&ts, 200);
		pthread_cond_timedwait(&ckpt_wake, &ckpt_lock, &ts);
		pthread_mutex_unlock(&ckpt_lock);
		nlog = ndone = 0;
		if (sqlite3_wal_checkpoint_v2(db->h, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, &nlog, &ndone) == SQLITE_OK &&
		    nlog > CKPT_RESTART_PAGES)
			ckpt_restart(db);
		pthread_mutex_lock(&ckpt_lock);
	}
	pthread_mutex_unlock(&ckpt_lock);
	(void)sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	    NULL, NULL);
	db_close(db);
	return NULL;
}

int
db_checkpointer_start(void)
{
	struct db *db;

	/* Its connection is opened here, so that automatic checkpoints are
	 * only turned off once there is a thread to run them. */
	if (thread_path == NULL || db_open(thread_path, &db) < 0)
		return -1;
	ckpt_running = 1;
	if (pthread_create(&ckpt_thread, NULL, ckpt_main, db) != 0) {
		log_error("cannot start the checkpoint thread");
		ckpt_running = 0;
		db_close(db);
		return -1;
	}
	ckpt_background = 1;
	return 0;
}

void
db_checkpointer_stop(void)
{
	if (!ckpt_running)
		return;
	pthread_mutex_lock(&ckpt_lock);
	ckpt_running = 0;
	pthread_cond_signal(&ckpt_wake);
	pthread_mutex_unlock(&ckpt_lock);
	pthread_join(ckpt_thread, NULL);
}

int
db_sort_keys(struct db *db, const char *setting, const char *table,
    const char *expr)
{
	struct arena a = ARENA_INIT;
	const char *made = db_setting(db, &a, setting);
	const char *now = collate_version();
	int all = made == NULL || strcmp(made, now) != 0, rc;
	char sql[256];

	snprintf(sql, sizeof(sql), "UPDATE %s SET sort_key = %s%s", table,
	    expr, all ? "" : " WHERE sort_key IS NULL");
	if (db_begin(db) < 0) {
		arena_release(&a);
		return -1;
	}
	/* The version is recorded only with the keys made for it. */
	rc = db_exec(db, sql);
	if (rc == 0 && all)
		rc = db_setting_set(db, setting, now);
	if (rc == 0 && db_commit(db) == 0) {
		if (all)
			log_info("%s: sort keys made for %s", table, now);
	} else {
		db_rollback(db);
		rc = -1;
	}
	arena_release(&a);
	return rc;
}

const char *
db_setting(struct db *db, struct arena *a, const char *key)
{
	sqlite3_stmt *st;
	const char *v = NULL;

	st = db_prepare(db, "SELECT value FROM settings WHERE key = ?1");
	if (st == NULL)
		return NULL;
	db_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = arena_strdup(a, db_col_text(st, 0));
	db_done(st);
	return v;
}

int
db_setting_set(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt *st = db_prepare(db, value ? "INSERT INTO settings (key,"
	    " value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET"
	    " value = ?2" : "DELETE FROM settings WHERE key = ?1");

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, key);
	if (value)
		db_bind_text(st, 2, value);
	return db_step_done(st);
}

/*
 * The numbers of settings, remembered by the server (db_settings_memo)
 * while the table does not change: a filing read three of them (its size
 * limit, its text extraction's), each a read of the table's pages again
 * after any other thread's commit. A change made by the command line is
 * seen within MEMO_SECONDS.
 */
static struct memo *settings_memo;
static const char *const settings_tables[] = { "settings", NULL };

void
db_settings_memo(void)
{
	if (settings_memo == NULL)
		settings_memo = memo_new(settings_tables);
}

/* A setting read as a whole number of at least `min`, else `fallback`. */
static long
setting_number(struct db *db, const char *key, long min, long fallback)
{
	struct arena a = ARENA_INIT;
	const char *v;
	char *end;
	int64_t got[2];
	uint64_t gen;
	long n;

	/* Remembered: the number, and whether there was one. */
	if (memo_get(settings_memo, key, got))
		return got[1] && got[0] >= min ? (long)got[0] : fallback;
	gen = memo_gen(settings_memo);
	v = db_setting(db, &a, key);
	n = v ? strtol(v, &end, 10) : 0;
	got[0] = n;
	got[1] = v != NULL && end != v && *end == '\0';
	arena_release(&a);
	memo_put(settings_memo, key, gen, got);
	return got[1] && n >= min ? n : fallback;
}

long
db_setting_long(struct db *db, const char *key, long fallback)
{
	return setting_number(db, key, 1, fallback);
}

long
db_setting_count(struct db *db, const char *key, long fallback)
{
	return setting_number(db, key, 0, fallback);
}

void
db_set_path(const char *path)
{
	free(thread_path);
	if ((thread_path = strdup(path)) == NULL)
		fatal("%s: out of memory", __func__);
}

const char *
db_path(void)
{
	return thread_path;
}

struct db *
db_thread(void)
{
	if (thread_db == NULL && thread_path != NULL) {
		pthread_once(&thread_once, thread_key_init);
		if (db_open(thread_path, &thread_db) < 0)
			thread_db = NULL;
		else
			pthread_setspecific(thread_key, thread_db);
	}
	return thread_db;
}

int
db_thread_ok(void)
{
	return thread_path == NULL || db_thread() != NULL;
}

void
db_thread_settle(void)
{
	db_settle(thread_db);
}

void
db_settle(struct db *db)
{
	if (db == NULL)
		return;
	if (db->member) {
		log_error("a transaction was left open; rolled back");
		group_leave(db, 0, 0);
		return;
	}
	if (!sqlite3_get_autocommit(db->h)) {
		log_error("a transaction was left open; rolled back");
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	}
	watch_ended(db);
	defer_drop(db->defer);
	write_release(db);
	blob_flush();
}

void
db_thread_close(void)
{
	if (thread_db) {
		pthread_setspecific(thread_key, NULL);
		db_close(thread_db);
		thread_db = NULL;
	}
}

sqlite3_stmt *
db_prepare(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < db->sc->n; i++)
		if (db->sc->e[i].sql == sql) {
			st = db->sc->e[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK) {
		log_error("%s: %s", sqlite3_errmsg(db->h), sql);
		return NULL;
	}
	if (db->sc->n < STMT_CACHE) {
		db->sc->e[db->sc->n].sql = sql;
		db->sc->e[db->sc->n].st = st;
		db->sc->n++;
	} else {
		/* Full: replace the oldest entry. */
		sqlite3_finalize(db->sc->e[0].st);
		memmove(&db->sc->e[0], &db->sc->e[1],
		    sizeof(db->sc->e[0]) * (STMT_CACHE - 1));
		db->sc->e[STMT_CACHE - 1].sql = sql;
		db->sc->e[STMT_CACHE - 1].st = st;
	}
	return st;
}

void
db_done(sqlite3_stmt *st)
{
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

/* --- work deferred to the commit ----------------------------------------- */

int
db_defer_register(db_defer_fn fn)
{
	if (ndefer == DB_DEFER_MAX)
		fatal("%s: too many kinds of deferred work", __func__);
	defer_fn[ndefer] = fn;
	return ndefer++;
}

static int
in_transaction(struct db *db)
{
	return db->member || !sqlite3_get_autocommit(db->h);
}

/* Run the deferred work of `ids` (one buffer per kind) on `db`, inside
 * its open transaction, and empty them. 0 or -1. */
static int
defer_run(struct db *db, struct buf *ids)
{
	struct buf json = BUF_INIT;
	int i, rc = 0;

	for (i = 0; i < ndefer; i++) {
		if (ids[i].len == 0)
			continue;
		/* "1,2," into "[1,2]". */
		ids_clear(&json);
		if (rc == 0 && (buf_addch(&json, '[') < 0 ||
		    buf_add(&json, ids[i].data, ids[i].len - 1) < 0 ||
		    buf_addch(&json, ']') < 0 || defer_fn[i](db, json.data) < 0))
			rc = -1;
		ids_clear(&ids[i]);
	}
	buf_release(&json);
	return rc;
}

static void
defer_drop(struct buf *ids)
{
	int i;

	for (i = 0; i < ndefer; i++)
		ids_clear(&ids[i]);
}

int
db_defer(struct db *db, int kind, int64_t id)
{
	char one[32];

	if (kind < 0 || kind >= ndefer)
		return -1;
	if (!in_transaction(db)) {
		snprintf(one, sizeof(one), "[%" PRId64 "]", id);
		return defer_fn[kind](db, one);
	}
	return buf_printf(&db->defer[kind], "%" PRId64 ",", id);
}

/* --- the shared writer --------------------------------------------------- */

/* Point `db` at the writer's connection, or back at its own. */
static void
use_writer(struct db *db, int on)
{
	db->h = on ? writer->own : db->own;
	db->sc = on ? &writer->own_sc : &db->own_sc;
}

/* End the open group (write_lock held): COMMIT it (`rc` 0) or roll it
 * back, and hand its members to `g`, for group_tell(). */
static void
group_end(int rc, struct group_result *g)
{
	uint64_t seq = 0;
	int i, changed = 0;

	if (rc == 0 && defer_run(writer, group_defer) < 0) {
		log_error("the work deferred by %d writers failed", ngroup);
		rc = -1;
	}
	defer_drop(group_defer);
	if (rc == 0 && (rc = db_exec(writer, "COMMIT")) < 0)
		log_error("the shared transaction of %d writers failed",
		    ngroup);
	if (!sqlite3_get_autocommit(writer->own))
		sqlite3_exec(writer->own, "ROLLBACK", NULL, NULL, NULL);
	watch_ended(writer);
	changed = group_pending;
	for (i = 0; i < ngroup; i++)
		changed |= group[i]->changed;
	if (rc == 0 && changed)
		seq = __atomic_add_fetch(&commits_written, 1, __ATOMIC_ACQ_REL);
	g->rc = rc;
	g->seq = seq;
	g->n = ngroup;
	g->durable = 0;
	pthread_mutex_lock(&group_lock);
	group_held = NULL;
	for (i = 0; i < ngroup; i++) {
		g->m[i] = group[i];
		g->durable |= group[i]->durable;
		group[i]->sealed = 1;
	}
	pthread_mutex_unlock(&group_lock);
	if (rc < 0 && group_pending) {
		log_error("a batch's work was lost with its group");
		batch_failed = 1;
	}
	ngroup = 0;
	group_pending = 0;
	group_gen++;
	group_open = 0;
}

/* Tell the members of an ended group how it ended, its log flushed
 * first (on `flusher`'s connection) when a member needs it durable. */
static void
group_tell(struct group_result *g, struct db *flusher)
{
	int i, rc = g->rc;

	if (g->n <= 0)
		return;
	if (rc == 0 && g->seq && g->durable && commit_flush(flusher,
	    g->seq) < 0)
		rc = -1;
	pthread_mutex_lock(&group_lock);
	for (i = 0; i < g->n; i++) {
		g->m[i]->done_rc = rc;
		g->m[i]->done_seq = g->seq;
		g->m[i]->done = 1;
		pthread_cond_signal(&g->m[i]->told);
	}
	pthread_mutex_unlock(&group_lock);
}

/* End the open group, if any, and tell its members at once, write_lock
 * still held (for the rare callers that go on holding it). */
static void
group_end_now(int rc, struct db *flusher)
{
	struct group_result g;

	if (!group_open)
		return;
	group_end(rc, &g);
	group_tell(&g, flusher);
}

/* Wait to be told how the group `db` joined ended. Should the thread
 * that was queued for the lock never take it (it gave up), or a flush
 * that held the group open end, a waiting member finds the lock free and
 * ends the group itself. */
static void
group_wait(struct db *db)
{
	struct group_result g;
	struct timespec ts;
	int sealed, tried = 0;

	pthread_mutex_lock(&group_lock);
	while (!db->done) {
		if (db->sealed) {
			/* Committed: the thread that ended it tells. */
			pthread_cond_wait(&db->told, &group_lock);
			continue;
		}
		/* Held open for a flush that has ended already (before this
		 * member slept, so its wake-up was missed): end it now. */
		if (tried || db != group_held ||
		    __atomic_load_n(&sync_running, __ATOMIC_ACQUIRE)) {
			in_ms(&ts, 2);
			pthread_cond_timedwait(&db->told, &group_lock, &ts);
			if (db->done || db->sealed ||
			    __atomic_load_n(&sync_running, __ATOMIC_ACQUIRE))
				continue;
		}
		tried = 1;
		pthread_mutex_unlock(&group_lock);
		if (pthread_mutex_trylock(&write_lock) == 0) {
			pthread_mutex_lock(&group_lock);
			sealed = db->sealed;
			pthread_mutex_unlock(&group_lock);
			g.n = -1;
			if (!sealed && group_open)
				group_end(0, &g);
			pthread_mutex_unlock(&write_lock);
			group_tell(&g, db);
		}
		pthread_mutex_lock(&group_lock);
	}
	pthread_mutex_unlock(&group_lock);
}

static int
group_begin(struct db *db)
{
	int rc;

	if (db->writing) {
		log_error("%s: a transaction is already open", __func__);
		return -1;
	}
	__atomic_add_fetch(&lock_waiters, 1, __ATOMIC_ACQ_REL);
	rc = write_lock_within(10);
	__atomic_sub_fetch(&lock_waiters, 1, __ATOMIC_ACQ_REL);
	if (rc != 0) {
		log_warn("%s: write lock not free after 10 s", __func__);
		return -1;
	}
	db->writing = 1;
	if (!group_open) {
		if (db_exec(writer, "BEGIN IMMEDIATE") < 0)
			goto fail;
		group_open = 1;
	}
	if (db_exec(writer, "SAVEPOINT member") < 0) {
		if (ngroup == 0 && !group_pending)
			group_end_now(-1, NULL);	/* none to tell */
		goto fail;
	}
	db->member = 1;
	db->changed = db->sealed = db->done = 0;
	db->changes = sqlite3_total_changes64(writer->own);
	use_writer(db, 1);
	return 0;
fail:
	db->writing = 0;
	pthread_mutex_unlock(&write_lock);
	return -1;
}

/* The member `db` is done: keep its work (`keep`) or undo it. */
static int
group_leave(struct db *db, int keep, int durable)
{
	struct group_result g;
	int i, waiters, flushing, joined = 0;
	int rc = keep ? db_exec(db, "RELEASE member") : 0;

	if ((!keep || rc < 0) && !sqlite3_get_autocommit(writer->own))
		(void)db_exec(db, "ROLLBACK TO member; RELEASE member");
	for (i = 0; i < ndefer; i++) {
		if (keep && rc == 0 && db->defer[i].len > 0)
			buf_add(&group_defer[i], db->defer[i].data,
			    db->defer[i].len);
		ids_clear(&db->defer[i]);
	}
	db->changed = keep && rc == 0 &&
	    sqlite3_total_changes64(writer->own) != db->changes;
	db->durable = durable;
	use_writer(db, 0);
	db->member = 0;
	g.n = -1;
	if (sqlite3_get_autocommit(writer->own)) {
		/* SQLite rolled the whole transaction back: the group's
		 * earlier members lost their work too. */
		group_end(-1, &g);
		rc = keep ? -1 : 0;
	} else if (!keep || rc < 0) {
		/* Its own work is undone; the others' goes on. */
		if (ngroup == 0 && !group_pending)
			group_end(-1, &g);
		else if (__atomic_load_n(&lock_waiters, __ATOMIC_ACQUIRE) == 0)
			group_end(0, &g);
		rc = keep ? -1 : 0;
	} else if (db->batching && !durable) {
		/* Left in the open group: committed with it later. */
		group_pending |= db->changed;
		db->pending_gen = group_gen;
	} else {
		group[ngroup++] = db;
		joined = 1;
		/* Left open for the next holder of the lock, or, when a
		 * flush is under way, committed as it ends. */
		waiters = __atomic_load_n(&lock_waiters, __ATOMIC_ACQUIRE);
		flushing = durable && __atomic_load_n(&sync_running,
		    __ATOMIC_ACQUIRE);
		if (ngroup == GROUP_MAX || (waiters == 0 && !flushing))
			group_end(0, &g);
		else if (waiters == 0) {
			pthread_mutex_lock(&group_lock);
			group_held = db;
			pthread_mutex_unlock(&group_lock);
		}
	}
	if (db->writing) {
		db->writing = 0;
		pthread_mutex_unlock(&write_lock);
	}
	group_tell(&g, db);	/* a group it ended */
	if (joined) {
		group_wait(db);
		rc = db->done_rc;
	}
	blob_flush();	/* the folders of blobs it recorded */
	if (keep && rc == 0 && durable && db->changed &&
	    commit_flush(db, db->done_seq) < 0)
		rc = -1;
	return rc;
}

int
db_writer_start(void)
{
	if (thread_path == NULL || db_open(thread_path, &writer) < 0)
		return -1;
	return 0;
}

void
db_writer_stop(void)
{
	struct db *w = writer;

	pthread_mutex_lock(&write_lock);
	if (group_open)
		group_end_now(0, w);
	writer = NULL;
	pthread_mutex_unlock(&write_lock);
	db_close(w);
}

int
db_begin(struct db *db)
{
	if (writer != NULL)
		return group_begin(db);
	/* Bounded: should a holder never come back, waiting falls back to
	 * SQLite's own busy timeout as if this lock did not exist. */
	if (!db->writing) {
		if (write_lock_within(10) == 0)
			db->writing = 1;
		else
			log_warn("%s: write lock not free after 10 s",
			    __func__);
	}
	if (db_exec(db, "BEGIN IMMEDIATE") < 0) {
		if (sqlite3_get_autocommit(db->h))
			write_release(db);
		return -1;
	}
	db->changes = sqlite3_total_changes64(db->h);
	return 0;
}

static int
commit(struct db *db, int durable)
{
	int rc;
	uint64_t mine = 0;

	if (db->member)
		return group_leave(db, 1, durable);
	if (!sqlite3_get_autocommit(db->h) && defer_run(db, db->defer) < 0) {
		(void)db_exec(db, "ROLLBACK");
		watch_ended(db);
		write_release(db);
		blob_flush();
		return -1;
	}
	rc = db_exec(db, "COMMIT");
	if (sqlite3_get_autocommit(db->h)) {
		watch_ended(db);
		if (rc == 0 && sqlite3_total_changes64(db->h) != db->changes)
			mine = __atomic_add_fetch(&commits_written, 1,
			    __ATOMIC_ACQ_REL);
		write_release(db);
		blob_flush();	/* the folders of blobs it recorded */
		if (mine && durable && commit_flush(db, mine) < 0)
			rc = -1;
	}
	return rc;
}

int
db_commit(struct db *db)
{
	return commit(db, 1);
}

int
db_commit_lazy(struct db *db)
{
	return commit(db, 0);
}

void
db_batch_begin(struct db *db)
{
	db->batching = writer != NULL;
	db->pending_gen = 0;
}

int
db_batch_end(struct db *db)
{
	struct group_result g;
	uint64_t gen = db->pending_gen;
	int failed;

	db->batching = 0;
	db->pending_gen = 0;
	if (gen == 0 || writer == NULL)
		return 0;
	if (write_lock_within(10) < 0) {
		/* The holder ends the group when it leaves. */
		log_warn("%s: write lock not free after 10 s", __func__);
		return 0;
	}
	g.n = -1;
	/* Ended already by another thread, or still open with its work. */
	if (group_open && group_gen == gen)
		group_end(0, &g);
	failed = batch_failed;
	batch_failed = 0;
	pthread_mutex_unlock(&write_lock);
	group_tell(&g, db);
	return failed ? -1 : 0;
}

int
db_rollback(struct db *db)
{
	int rc = 0;

	if (db->member)
		return group_leave(db, 0, 0);
	defer_drop(db->defer);
	if (!sqlite3_get_autocommit(db->h))
		rc = db_exec(db, "ROLLBACK");
	if (sqlite3_get_autocommit(db->h)) {
		watch_ended(db);
		write_release(db);
		blob_flush();
	}
	return rc;
}

int
db_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

int
db_bind_int(sqlite3_stmt *st, int idx, int64_t v)
{
	return sqlite3_bind_int64(st, idx, v);
}

const char *
db_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? (const char *)s : "";
}

/*
 * In the server every write goes through the shared writer's
 * transactions. A statement that writes on a thread's own connection
 * outside one takes SQLite's lock behind the group's back: it waits for
 * the open group to commit, then holds up the next group's BEGIN, and
 * commits alone. Such a statement is a bug; the suite fails on this.
 */
static void
check_write(sqlite3_stmt *st)
{
	sqlite3 *h = sqlite3_db_handle(st);

	if (writer != NULL && h != writer->own && sqlite3_get_autocommit(h) &&
	    !sqlite3_stmt_readonly(st))
		log_error("a write outside a transaction: %s", sqlite3_sql(st));
}

int
db_step_done(sqlite3_stmt *st)
{
	int rc;

	check_write(st);
	rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		log_error("%s", sqlite3_errmsg(sqlite3_db_handle(st)));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

const char *
db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->h);
}

int
db_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

int64_t
db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}
