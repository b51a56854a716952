/*
 * jobs.h - the durable job queue. A job is a row (kind, JSON payload,
 * when to run); a worker thread takes due jobs one at a time and runs the
 * handler registered for the kind. A handler that fails is retried with
 * exponential backoff (30 s, 1 min, 2 min ... capped at 1 h) until its
 * max_attempts, then marked failed with the last error. The setting
 * jobs.backoff_scale multiplies the waits (tests set it small). Jobs running when
 * the process stopped are queued again at start: nothing is lost. Jobs
 * done are kept jobs.keep_days days (default 30), then removed by the
 * hourly job "jobs.purge"; failed ones stay for the administrator.
 */
#ifndef CONGSO_JOBS_H
#define CONGSO_JOBS_H

#include "buf.h"
#include "db.h"

/* Run one job: 0 when done, -1 to retry later (reason in `err`). */
typedef int (*job_fn)(struct db *db, const char *payload, struct buf *err);

/* Register the handler of a kind. Call at start-up. */
void	 jobs_register(const char *kind, job_fn fn);
/* The same for a kind whose jobs, run in a row with jobs of any batched
 * kind, may have their lazy commits committed together (db_batch_begin):
 * its handler must not read, outside a transaction, what an earlier job
 * of the batch wrote. */
void	 jobs_register_batched(const char *kind, job_fn fn);
/* Queue a job to run after `delay` seconds, inside the caller's
 * transaction. 0 or -1. */
int	 jobs_enqueue(struct db *db, const char *kind, const char *payload,
	    int delay);
/* Queue a job of `kind` to run after `delay` seconds unless one is
 * already queued or running, in a transaction of its own: for the
 * periodic jobs a module starts once and each run queues again. */
int	 jobs_ensure(struct db *db, const char *kind, int delay);
/* In a periodic job's handler, once its work is done: queue its next run
 * of `kind` after `delay` seconds, in a transaction of its own (not
 * flushed at once: the kind must be one that jobs_ensure() queues at
 * start-up). 0, or -1 with the database's reason in `err`. */
int	 jobs_again(struct db *db, const char *kind, int delay,
	    struct buf *err);
/* In a handler, inside the transaction that holds its result: mark the
 * running job done in that same transaction, so that the worker does not
 * commit it done in another one of its own (and the result and the mark
 * are kept or lost together). The handler must then return that
 * transaction's commit result. Does nothing outside a job. 0 or -1. */
int	 jobs_done_here(struct db *db);
/* Take and run one due job. 1 when one ran, 0 when none was due, -1 on
 * a database error. */
int	 jobs_run_once(struct db *db);
/* Take up to `max` (at most JOBS_BATCH_MAX) due jobs in one transaction,
 * run them in the order they fell due, and record the outcome of those
 * their handlers did not mark done in one more: a job of a few
 * milliseconds made two commits of its own. The number run, 0 when none
 * was due, -1 on a database error. */
#define JOBS_BATCH_MAX	16
int	 jobs_run_batch(struct db *db, int max);
/* Requeue jobs left running by a stopped process. */
int	 jobs_recover(struct db *db);
/* Seconds to wait before attempt `attempts` + 1. */
int	 jobs_backoff(int attempts);
/* Start / stop the worker thread (it uses its own connection). */
int	 jobs_start(void);
void	 jobs_stop(void);
/* Whether the worker has been asked to stop: a handler that goes on
 * taking work, or waits long, ends early and leaves the rest to later
 * jobs. */
int	 jobs_stopping(void);
/* Inside the caller's transaction: the queued jobs of `kind` waiting
 * out a backoff due now, only those whose JSON payload has `key` equal
 * to `value` when `key` is not NULL (an operator who will not wait once
 * a link is back). Call jobs_wake() once it is committed. How many, or
 * -1. */
int	 jobs_due_now(struct db *db, const char *kind, const char *key,
	    int64_t value);
/* Wake the worker to look for due jobs now: after a change made due
 * some (jobs_enqueue() does it itself). */
void	 jobs_wake(void);

#endif
