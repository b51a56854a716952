/*
 * blob.h - files stored by content (SHA-256), identical files once.
 *
 * Files up to blob_inline_max() bytes (128 KiB by default, setting
 * `blobs.inline_max`) are kept in the database, in their `blobs` row:
 * they are durable with the transaction that records them, by the one
 * flush of the write-ahead log that covers a whole group of commits.
 * On this machine's disk, a small file made durable on its own (fsync of
 * the file and of its folder) costs about 1 ms of kernel CPU, which
 * capped filing and receiving at about a thousand files per second.
 *
 * Larger files are kept as DIR/blobs/ab/cd/<sha256 hex>: written to
 * DIR/tmp, fsynced, renamed into place and their folder fsynced (after
 * the transaction that records them, before the request is answered),
 * so a crash never leaves a partial blob. For them the flush costs
 * little beside writing the bytes.
 */
#ifndef CONGSO_BLOB_H
#define CONGSO_BLOB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "db.h"

#define BLOB_INLINE_MAX	(128 * 1024)

/* The largest file kept in the database; set once at start (from the
 * setting blobs.inline_max), before any thread stores a blob. */
int64_t	 blob_inline_max(void);
void	 blob_set_inline_max(int64_t n);

/* Store `len` bytes; the hash (64 hex + NUL) goes to `hash`. Records the
 * blob row in `db` (inside the caller's transaction, if any). 0 or -1. */
int	 blob_put(struct db *db, const void *data, size_t len,
	    const char *mime, char hash[65]);
/* The same for bytes whose SHA-256 (64 hex) the caller computed as they
 * came (a decoded attachment); a NULL or malformed one falls back to
 * blob_put(). */
int	 blob_put_hashed(struct db *db, const void *data, size_t len,
	    const char *sha256, const char *mime, char hash[65]);
/* Store the file at `path` (in the data folder's tmp/, as an upload is)
 * by moving it into place; the hash goes to `hash`. The file is read once
 * in fixed-size pieces, never held whole. On success `path` no longer
 * exists. 0 or -1. */
int	 blob_put_file(struct db *db, const char *path, const char *mime,
	    char hash[65]);
/* The same for a file whose SHA-256 (64 hex) and size the caller already
 * has, computed as it arrived (an upload's struct upload.sha256); a file
 * kept as a file is not read again. `flushed` when blob_settle() ran on
 * it (uploads are settled before their handler runs); otherwise a file
 * kept as a file is flushed here. A NULL or malformed hash falls back to
 * blob_put_file. */
int	 blob_put_known(struct db *db, const char *path, const char *sha256,
	    int64_t size, int flushed, const char *mime, char hash[65]);
/* Flush a file that is about to be stored, when it will be kept as a
 * file (larger than blob_inline_max()), so that storing it inside a
 * transaction finds nothing left to write. 0 or -1. */
int	 blob_settle(int fd, int64_t size);
int	 blob_settle_path(const char *path, int64_t size);
/* Flush the folders this thread renamed blobs into inside a transaction
 * (db_commit() and db_rollback() call it after the write lock is free;
 * see blob.c). */
void	 blob_flush(void);
/* SHA-256 (64 hex + NUL) and size of a file, read in pieces. 0 or -1. */
int	 blob_hash_file(const char *path, char hex[65], int64_t *size);
/* The same, taking the hash from `known` when it is one (computed as the
 * file arrived, struct upload.sha256) and the size from the file system;
 * otherwise by reading the file. 0 or -1. */
int	 blob_hash_known(const char *path, const char *known, char hex[65],
	    int64_t *size);
/* Path of a blob's file into `out` (PATH_MAX), whether or not the blob
 * is kept as a file (blob_open() reads either kind). 0, or -1 for a
 * malformed hash. */
int	 blob_path(const char *hash, char *out, size_t outlen);

/* A memory file (memfd) and the name that opens it in this process,
 * /proc/self/fd/N, into `path` (PATH_MAX): for bytes bound for the
 * database, which need no file on the disk. The descriptor, or -1. */
int	 blob_memfile(const char *what, char *path, size_t len);
/* A new descriptor for reading the file `path`, a memory file of this
 * process or any other (closed by the caller), or -1 with errno. */
int	 blob_open_fd(const char *path);
/* 1 when `path` is such a name (it is not removed like a file). */
int	 blob_is_memfile(const char *path);
/* Read up to `len` bytes at `off` of the file `path` (fewer at its
 * end): a memory file of this process through its open descriptor
 * (opening /proc/self/fd/N walks procfs, tens of microseconds that
 * callers spent holding the write lock), any other file by opening it.
 * The number of bytes, or -1 with errno. */
ssize_t	 blob_pread(const char *path, void *buf, size_t len, off_t off);

/* A stored blob opened for code that reads files by name. */
struct blob_file {
	char	path[4096];	/* the name to open (in this process) */
	int	fd;		/* open on it, or -1 */
};

/* Open a stored blob by hash: a file's own path; for a blob kept in the
 * database, a memory file (blob_memfile). 0; -1 for a malformed hash or
 * an error (logged), with nothing left open. `f` is always safe to
 * blob_close(). */
int	 blob_open(struct db *db, const char *hash, struct blob_file *f);
/* A descriptor open on the blob for reading (the memory file's own, or
 * the file opened now), closed by blob_close(); -1 (logged). For another
 * process, which cannot open a memory file of this one by its name: the
 * descriptor travels instead (SCM_RIGHTS). */
int	 blob_fd(struct blob_file *f);
void	 blob_close(struct blob_file *f);
/* A stdio stream on a stored blob, from its start (a blob kept in the
 * database is a memory file, opened anew through its name), or NULL. */
FILE	*blob_fopen(struct db *db, const char *hash);

#endif
