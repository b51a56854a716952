/*
 * blob.h - files stored by content: DIR/blobs/ab/cd/<sha256 hex>. A file is
 * written to DIR/tmp, fsynced, renamed into place and its folder fsynced
 * (after the transaction that records it, before its request is
 * answered), so a crash never leaves a partial blob; identical files are
 * stored once.
 */
#ifndef CONGSO_BLOB_H
#define CONGSO_BLOB_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* Store `len` bytes; the hash (64 hex + NUL) goes to `hash`. Records the
 * blob row in `db` (inside the caller's transaction, if any). 0 or -1. */
int	 blob_put(struct db *db, const void *data, size_t len,
	    const char *mime, char hash[65]);
/* Store the file at `path` (in the data folder's tmp/, as an upload is)
 * by moving it into place; the hash goes to `hash`. The file is read once
 * in fixed-size pieces, never held whole. On success `path` no longer
 * exists. 0 or -1. */
int	 blob_put_file(struct db *db, const char *path, const char *mime,
	    char hash[65]);
/* The same for a file whose SHA-256 (64 hex) and size the caller already
 * has, computed as it arrived (an upload's struct upload.sha256); the
 * file is not read again. `flushed` when its bytes are already on disk
 * (uploads are flushed before their handler runs); otherwise it is
 * flushed here. A NULL or malformed hash falls back to blob_put_file. */
int	 blob_put_known(struct db *db, const char *path, const char *sha256,
	    int64_t size, int flushed, const char *mime, char hash[65]);
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
/* Path of a stored blob into `out` (PATH_MAX). 0, or -1 for a malformed
 * hash. */
int	 blob_path(const char *hash, char *out, size_t outlen);
/* 1 when the blob's file exists. */
int	 blob_exists(const char *hash);

#endif
