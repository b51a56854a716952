/* jobs.c - the durable job queue and its worker thread. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "jobs.h"
#include "log.h"
#include "metrics.h"

#define MAX_KINDS 32

struct kind {
	const char	*name;
	job_fn		 fn;
	int		 batched;	/* jobs_register_batched() */
};

static struct kind kinds[MAX_KINDS];
static int nkinds;
static pthread_t worker;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static int running, started;
/* The job this thread is running, and whether its handler has marked it
 * done in its own transaction (jobs_done_here()). */
static __thread int64_t current_job;
static __thread int done_here;

static void
add_kind(const char *name, job_fn fn, int batched)
{
	if (nkinds == MAX_KINDS)
		fatal("%s: too many job kinds", __func__);
	kinds[nkinds].name = name;
	kinds[nkinds].fn = fn;
	kinds[nkinds].batched = batched;
	nkinds++;
}

void
jobs_register(const char *name, job_fn fn)
{
	add_kind(name, fn, 0);
}

void
jobs_register_batched(const char *name, job_fn fn)
{
	add_kind(name, fn, 1);
}

static const struct kind *
find_kind(const char *name)
{
	int i;

	for (i = 0; i < nkinds; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

int
jobs_enqueue(struct db *db, const char *kind, const char *payload, int delay)
{
	sqlite3_stmt *st;
	time_t now = time(NULL);

	st = db_prepare(db, "INSERT INTO jobs (kind, payload, run_at,"
	    " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, payload);
	db_bind_int(st, 3, now + (delay > 0 ? delay : 0));
	db_bind_int(st, 4, now);
	if (db_step_done(st) < 0)
		return -1;
	jobs_wake();
	return 0;
}

int
jobs_due_now(struct db *db, const char *kind, const char *key, int64_t value)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "UPDATE jobs SET run_at = ?1, updated_at = ?1"
	    " WHERE state = 'queued' AND run_at > ?1 AND kind = ?2"
	    " AND (?3 IS NULL OR json_extract(payload, '$.' || ?3) = ?4)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, time(NULL));
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, key);
	db_bind_int(st, 4, value);
	return db_step_done(st) < 0 ? -1 : db_changes(db);
}

void
jobs_wake(void)
{
	pthread_mutex_lock(&lock);
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
}

int
jobs_stopping(void)
{
	int stop;

	pthread_mutex_lock(&lock);
	stop = started && !running;
	pthread_mutex_unlock(&lock);
	return stop;
}

/* Committed lazily, as the worker's own bookkeeping is: a next run lost
 * to a power failure is queued again at the start by its jobs_ensure(),
 * and an idle server does not flush the disk at every run. */
int
jobs_again(struct db *db, const char *kind, int delay, struct buf *err)
{
	if (db_begin(db) == 0 && jobs_enqueue(db, kind, "{}", delay) == 0 &&
	    db_commit_lazy(db) == 0)
		return 0;
	buf_adds(err, db_errmsg(db));
	db_rollback(db);
	return -1;
}

int
jobs_ensure(struct db *db, const char *kind, int delay)
{
	sqlite3_stmt *st;
	int queued;

	if (db_begin(db) < 0)
		return -1;
	st = db_prepare(db, "SELECT 1 FROM jobs WHERE kind = ?1"
	    " AND state IN ('queued', 'running')");
	if (st == NULL) {
		db_rollback(db);
		return -1;
	}
	db_bind_text(st, 1, kind);
	queued = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	if ((!queued && jobs_enqueue(db, kind, "{}", delay) < 0) ||
	    db_commit(db) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/*
 * "jobs.purge", every hour: removes the jobs done more than
 * jobs.keep_days days ago (a done job's run_at is when it ran), so that
 * the queue does not keep a row for every file ever indexed or package
 * ever sent. A few thousand rows per transaction: the write lock is
 * never held long, whatever the backlog.
 */
#define KEEP_DAYS	30
#define PURGE_BATCH	2000

static int
purge_done(struct db *db, const char *payload, struct buf *err)
{
	sqlite3_stmt *st;
	long days = db_setting_long(db, "jobs.keep_days", KEEP_DAYS);
	int n, total = 0;

	(void)payload;
	if (days < 0 || days > 36500)
		days = KEEP_DAYS;
	do {
		if (db_begin(db) < 0)
			goto fail;
		st = db_prepare(db, "DELETE FROM jobs WHERE id IN (SELECT id"
		    " FROM jobs WHERE state = 'done' AND run_at < ?1 LIMIT ?2)");
		if (st == NULL)
			goto fail;
		db_bind_int(st, 1, time(NULL) - days * 86400);
		db_bind_int(st, 2, PURGE_BATCH);
		if (db_step_done(st) < 0)
			goto fail;
		n = db_changes(db);
		if (db_commit_lazy(db) < 0)
			goto fail;
		total += n;
	} while (n == PURGE_BATCH);
	if (total > 0)
		log_info("removed %d jobs done over %ld days ago", total, days);
	return jobs_again(db, "jobs.purge", 3600, err);
fail:
	buf_adds(err, db_errmsg(db));
	db_rollback(db);
	return -1;
}

int
jobs_backoff(int attempts)
{
	int s = 30;

	while (--attempts > 0 && s < 3600)
		s *= 2;
	return s > 3600 ? 3600 : s;
}

/* The backoff times the setting jobs.backoff_scale (a factor, default 1;
 * tests make it small), at least one second. */
static int
backoff_scaled(struct db *db, int attempts)
{
	struct arena a = ARENA_INIT;
	const char *v = db_setting(db, &a, "jobs.backoff_scale");
	double scale = v ? atof(v) : 1.0;
	int s = jobs_backoff(attempts);

	arena_release(&a);
	if (scale <= 0 || scale > 1000)
		scale = 1.0;
	s = (int)(s * scale);
	return s < 1 ? 1 : s;
}

int
jobs_done_here(struct db *db)
{
	sqlite3_stmt *st;
	time_t now = time(NULL);

	if (current_job == 0)
		return 0;	/* called outside a job: nothing to mark */
	st = db_prepare(db, "UPDATE jobs SET state = 'done', run_at = ?2,"
	    " last_error = '', updated_at = ?2 WHERE id = ?1"
	    " AND state = 'running'");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, current_job);
	db_bind_int(st, 2, now);
	if (db_step_done(st) < 0)
		return -1;
	done_here = 1;
	return 0;
}

int
jobs_recover(struct db *db)
{
	sqlite3_stmt *st;
	int n;

	if (db_begin(db) < 0)
		return -1;
	st = db_prepare(db, "UPDATE jobs SET state = 'queued'"
	    " WHERE state = 'running'");
	if (st == NULL || db_step_done(st) < 0) {
		db_rollback(db);
		return -1;
	}
	n = db_changes(db);
	if (db_commit(db) < 0)
		return -1;
	if (n)
		log_info("requeued %d interrupted jobs", n);
	return 0;
}

/* A job taken by the worker, and how its run went. */
struct claimed {
	int64_t		 id, run_at;
	char		 kind[64];
	char		*payload;
	int		 attempts, max;
	int		 ok, done_here;
	struct buf	 err;
};

static int
by_due(const void *a, const void *b)
{
	const struct claimed *x = a, *y = b;

	if (x->run_at != y->run_at)
		return x->run_at < y->run_at ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Mark up to `max` due jobs running, in one transaction, into `c` in
 * the order they fell due. Their number, or -1. */
static int
claim(struct db *db, struct claimed *c, int max, time_t now)
{
	sqlite3_stmt *st;
	int n = 0, rc;

	if (db_begin(db) < 0)
		return -1;
	st = db_prepare(db, "UPDATE jobs SET state = 'running',"
	    " attempts = attempts + 1, updated_at = ?1"
	    " WHERE id IN (SELECT id FROM jobs WHERE state = 'queued'"
	    " AND run_at <= ?1 ORDER BY run_at, id LIMIT ?2)"
	    " RETURNING id, kind, payload, attempts, max_attempts, run_at");
	if (st == NULL) {
		db_rollback(db);
		return -1;
	}
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, max);
	rc = SQLITE_DONE;
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&c[n], 0, sizeof(c[n]));
		c[n].id = sqlite3_column_int64(st, 0);
		snprintf(c[n].kind, sizeof(c[n].kind), "%s", db_col_text(st, 1));
		c[n].payload = strdup(db_col_text(st, 2));
		c[n].attempts = sqlite3_column_int(st, 3);
		c[n].max = sqlite3_column_int(st, 4);
		c[n].run_at = sqlite3_column_int64(st, 5);
		buf_init(&c[n].err, 0);
		if (c[n++].payload == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	db_done(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		db_rollback(db);
	/* A claim lost to a power failure is what jobs_recover() undoes
	 * anyway: the jobs are run again. */
	else if ((n > 0 ? db_commit_lazy(db) : db_commit(db)) == 0) {
		qsort(c, (size_t)n, sizeof(*c), by_due);
		return n;
	}
	while (n > 0) {
		free(c[--n].payload);
		buf_release(&c[n].err);
	}
	return -1;
}

/*
 * The outcome of the jobs their handlers did not mark done, in one
 * transaction: so that in the server it joins the shared writer's group
 * like every other write (on its own, the statement waited for SQLite's
 * lock while a group was open, then held it, so that the next group's
 * BEGIN waited in turn, and it made a commit of its own), and one for
 * all the jobs taken together. Lazy like the claim: lost to a power
 * failure, the jobs are run again.
 */
static int
settle(struct db *db, struct claimed *c, int n)
{
	sqlite3_stmt *st;
	time_t now = time(NULL);
	int i, left = 0;

	for (i = 0; i < n; i++)
		left += !(c[i].ok && c[i].done_here);
	if (left == 0)
		return 0;
	if (db_begin(db) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (c[i].ok && c[i].done_here)
			continue;
		st = db_prepare(db, "UPDATE jobs SET state = ?2, run_at = ?3,"
		    " last_error = ?4, updated_at = ?5 WHERE id = ?1");
		if (st == NULL) {
			db_rollback(db);
			return -1;
		}
		db_bind_int(st, 1, c[i].id);
		db_bind_text(st, 2, c[i].ok ? "done" : c[i].attempts >= c[i].max ?
		    "failed" : "queued");
		db_bind_int(st, 3, c[i].ok ? now : now +
		    backoff_scaled(db, c[i].attempts));
		db_bind_text(st, 4, c[i].err.data);
		db_bind_int(st, 5, now);
		if (db_step_done(st) < 0) {
			db_rollback(db);
			return -1;
		}
	}
	if (db_commit_lazy(db) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* The batch's work since job `from` was lost with its COMMIT: those jobs
 * are run again (their handlers' own marks were lost too). */
static void
batch_lost(struct claimed *c, int from, int to)
{
	for (; from < to; from++) {
		if (!c[from].ok)
			continue;
		c[from].ok = 0;
		c[from].done_here = 0;
		buf_reset(&c[from].err);
		buf_adds(&c[from].err, "the commit of its batch failed");
	}
}

int
jobs_run_batch(struct db *db, int max)
{
	struct claimed c[JOBS_BATCH_MAX];
	const struct kind *k;
	int i, n, rc, from = -1;

	if (max > JOBS_BATCH_MAX)
		max = JOBS_BATCH_MAX;
	if ((n = claim(db, c, max, time(NULL))) <= 0)
		return n;
	/* The lazy commits of jobs of batched kinds run in a row (of one
	 * kind or several) are committed together (db_batch_begin), with
	 * the outcomes when the batch comes last; `from` is its first job,
	 * -1 when none is open. */
	for (i = 0; i < n; i++) {
		k = find_kind(c[i].kind);
		if (from >= 0 && (k == NULL || !k->batched)) {
			if (db_batch_end(db) < 0)
				batch_lost(c, from, i);
			from = -1;
		}
		if (k != NULL && k->batched && from < 0) {
			db_batch_begin(db);
			from = i;
		}
		if (k == NULL) {
			buf_printf(&c[i].err, "no handler for job kind %s",
			    c[i].kind);
			c[i].attempts = c[i].max;
		} else {
			current_job = c[i].id;
			done_here = 0;
			c[i].ok = k->fn(db, c[i].payload, &c[i].err) == 0;
			c[i].done_here = done_here;
			current_job = 0;
		}
		db_settle(db);
	}
	rc = settle(db, c, n);
	if (from >= 0 && db_batch_end(db) < 0)
		rc = -1;	/* the outcomes too: left running */
	for (i = 0; i < n; i++) {
		metrics_job(c[i].ok);
		if (!c[i].ok)
			log_warn("job %lld (%s) attempt %d failed: %s",
			    (long long)c[i].id, c[i].kind, c[i].attempts,
			    c[i].err.data);
		free(c[i].payload);
		buf_release(&c[i].err);
	}
	return rc < 0 ? -1 : n;
}

int
jobs_run_once(struct db *db)
{
	int n = jobs_run_batch(db, 1);

	return n > 0 ? 1 : n;
}

static void *
worker_main(void *arg)
{
	struct timespec ts;
	struct db *db;
	int rc;

	(void)arg;
	/* Background work yields to the requests: at nice 10 this thread
	 * gets about a tenth of a core the requests want, and all of one
	 * they leave. It never waits for them while holding the write lock
	 * for long: a request queued behind it sleeps, and frees the core. */
	if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10) < 0)
		log_warn("job worker: setpriority: %s", strerror(errno));
	if ((db = db_thread()) == NULL) {
		log_error("job worker has no database");
		return NULL;
	}
	jobs_recover(db);
	jobs_ensure(db, "jobs.purge", 60);
	for (;;) {
		pthread_mutex_lock(&lock);
		if (!running) {
			pthread_mutex_unlock(&lock);
			break;
		}
		pthread_mutex_unlock(&lock);
		rc = jobs_run_batch(db, JOBS_BATCH_MAX);
		if (rc > 0)
			continue;
		pthread_mutex_lock(&lock);
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		if (running)
			pthread_cond_timedwait(&wake, &lock, &ts);
		pthread_mutex_unlock(&lock);
	}
	db_thread_close();
	return NULL;
}

int
jobs_start(void)
{
	if (find_kind("jobs.purge") == NULL)
		jobs_register("jobs.purge", purge_done);
	running = 1;
	if (pthread_create(&worker, NULL, worker_main, NULL) != 0) {
		log_error("cannot start the job worker");
		running = 0;
		return -1;
	}
	started = 1;
	return 0;
}

void
jobs_stop(void)
{
	if (!started)
		return;
	pthread_mutex_lock(&lock);
	running = 0;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(worker, NULL);
	started = 0;
}
