/* blob.c - content-addressed file store. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "auth.h"
#include "blob.h"
#include "data.h"
#include "digest.h"
#include "log.h"

static int
hex_ok(const char *h)
{
	int i;

	for (i = 0; i < 64; i++)
		if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
			return 0;
	return h[64] == '\0';
}

int
blob_path(const char *hash, char *out, size_t outlen)
{
	if (!hex_ok(hash) || data_dir() == NULL)
		return -1;
	snprintf(out, outlen, "%s/blobs/%.2s/%.2s/%s", data_dir(), hash,
	    hash + 2, hash);
	return 0;
}

int
blob_exists(const char *hash)
{
	char path[4096];

	return blob_path(hash, path, sizeof(path)) == 0 &&
	    access(path, F_OK) == 0;
}

static int
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return -1;
	fsync(fd);
	close(fd);
	return 0;
}

/*
 * Folders whose new entries (a blob renamed in, a leaf folder made) are
 * not yet flushed, per thread. Inside a transaction the flush waits for
 * db_commit(), which calls blob_flush() once the process's write lock is
 * free, so that writers do not queue behind each other's disk flushes;
 * the answer to the request still comes after it. Outside a transaction
 * the flush is immediate.
 */
#define PENDING_MAX 16
static __thread char pending[PENDING_MAX][4096];
static __thread int npending;

void
blob_flush(void)
{
	int i;

	for (i = 0; i < npending; i++)
		fsync_dir(pending[i]);
	npending = 0;
}

static void
flush_later(struct db *db, const char *dir)
{
	int i;

	for (i = 0; i < npending; i++)
		if (strcmp(pending[i], dir) == 0)
			return;
	if (npending == PENDING_MAX)
		blob_flush();
	snprintf(pending[npending++], sizeof(pending[0]), "%s", dir);
	if (db == NULL || sqlite3_get_autocommit(db_handle(db)))
		blob_flush();
}

/* DIR/blobs/ab/cd for a hash, made when missing (the parent of a folder
 * made is flushed too). */
static void
leaf_dir(struct db *db, const char *hash, char *dir, size_t len)
{
	snprintf(dir, len, "%s/blobs/%.2s", data_dir(), hash);
	if (mkdir(dir, 0750) == 0) {
		char top[4096];

		snprintf(top, sizeof(top), "%s/blobs", data_dir());
		flush_later(db, top);
	}
	snprintf(dir, len, "%s/blobs/%.2s/%.2s", data_dir(), hash, hash + 2);
	if (mkdir(dir, 0750) == 0) {
		char mid[4096];

		snprintf(mid, sizeof(mid), "%s/blobs/%.2s", data_dir(), hash);
		flush_later(db, mid);
	}
}

static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int	record(struct db *, const char *, size_t, const char *);

int
blob_put(struct db *db, const void *data, size_t len, const char *mime,
    char hash[65])
{
	char tmp[4096], path[4096], dir[4096];
	int fd;

	auth_sha256_hex(data, len, hash);
	if (blob_path(hash, path, sizeof(path)) < 0)
		return -1;
	if (access(path, F_OK) != 0) {
		leaf_dir(db, hash, dir, sizeof(dir));
		snprintf(tmp, sizeof(tmp), "%s/tmp/blob-XXXXXX", data_dir());
		if ((fd = mkstemp(tmp)) < 0) {
			log_error("mkstemp %s: %s", tmp, strerror(errno));
			return -1;
		}
		if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
			log_error("write %s: %s", tmp, strerror(errno));
			close(fd);
			unlink(tmp);
			return -1;
		}
		close(fd);
		if (rename(tmp, path) < 0) {
			log_error("rename %s: %s", path, strerror(errno));
			unlink(tmp);
			return -1;
		}
		flush_later(db, dir);
	}
	return record(db, hash, len, mime);
}

static int
record(struct db *db, const char *hash, size_t len, const char *mime)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO blobs (hash, size, mime, created_at)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (hash) DO NOTHING");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, (int64_t)len);
	db_bind_text(st, 3, mime);
	db_bind_int(st, 4, time(NULL));
	return db_step_done(st);
}

int
blob_hash_file(const char *path, char hex[65], int64_t *size)
{
	unsigned char piece[65536], md[32];
	EVP_MD_CTX *ctx;
	ssize_t n;
	int fd, i, rc = -1;

	*size = 0;
	if ((fd = open(path, O_RDONLY)) < 0) {
		log_error("open %s: %s", path, strerror(errno));
		return -1;
	}
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(ctx, digest_md(256), NULL) != 1)
		goto out;
	while ((n = read(fd, piece, sizeof(piece))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_error("read %s: %s", path, strerror(errno));
			goto out;
		}
		EVP_DigestUpdate(ctx, piece, (size_t)n);
		*size += n;
	}
	if (EVP_DigestFinal_ex(ctx, md, NULL) != 1)
		goto out;
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	close(fd);
	return rc;
}

int
blob_hash_known(const char *path, const char *known, char hex[65],
    int64_t *size)
{
	struct stat st;

	if (known == NULL || !hex_ok(known))
		return blob_hash_file(path, hex, size);
	if (stat(path, &st) < 0) {
		log_error("stat %s: %s", path, strerror(errno));
		return -1;
	}
	memcpy(hex, known, 65);
	*size = (int64_t)st.st_size;
	return 0;
}

int
blob_put_file(struct db *db, const char *path, const char *mime,
    char hash[65])
{
	char known[65];
	int64_t size;

	if (blob_hash_file(path, known, &size) < 0)
		return -1;
	return blob_put_known(db, path, known, size, 0, mime, hash);
}

int
blob_put_known(struct db *db, const char *path, const char *sha256,
    int64_t size, int flushed, const char *mime, char hash[65])
{
	char dst[4096], dir[4096];
	int fd;

	if (sha256 == NULL || !hex_ok(sha256))
		return blob_put_file(db, path, mime, hash);
	memcpy(hash, sha256, 65);
	if (blob_path(hash, dst, sizeof(dst)) < 0)
		return -1;
	if (access(dst, F_OK) == 0)
		unlink(path);		/* stored already */
	else {
		if (!flushed) {
			if ((fd = open(path, O_RDONLY)) < 0 || fsync(fd) < 0) {
				log_error("fsync %s: %s", path,
				    strerror(errno));
				if (fd >= 0)
					close(fd);
				return -1;
			}
			close(fd);
		}
		leaf_dir(db, hash, dir, sizeof(dir));
		if (rename(path, dst) < 0) {
			log_error("rename %s: %s", dst, strerror(errno));
			return -1;
		}
		flush_later(db, dir);
	}
	return record(db, hash, (size_t)size, mime);
}
