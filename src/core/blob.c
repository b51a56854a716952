/* blob.c - content-addressed file store. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "auth.h"
#include "blob.h"
#include "data.h"
#include "digest.h"
#include "log.h"

/* Kept in the database up to this size; a blob is read whole into memory
 * to be stored or opened, so the setting is capped. */
#define INLINE_CAP	(4 * 1024 * 1024)
static int64_t inline_max = BLOB_INLINE_MAX;

int64_t
blob_inline_max(void)
{
	return inline_max;
}

void
blob_set_inline_max(int64_t n)
{
	inline_max = n < 0 ? 0 : n > INLINE_CAP ? INLINE_CAP : n;
}

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

static int	record(struct db *, const char *, size_t, const char *,
		    const void *);

int
blob_put(struct db *db, const void *data, size_t len, const char *mime,
    char hash[65])
{
	char known[65];

	auth_sha256_hex(data, len, known);
	return blob_put_hashed(db, data, len, known, mime, hash);
}

int
blob_put_hashed(struct db *db, const void *data, size_t len,
    const char *sha256, const char *mime, char hash[65])
{
	char tmp[4096], path[4096], dir[4096];
	int fd;

	if (sha256 == NULL || !hex_ok(sha256))
		return blob_put(db, data, len, mime, hash);
	memcpy(hash, sha256, 65);
	if (blob_path(hash, path, sizeof(path)) < 0)
		return -1;
	if ((int64_t)len <= inline_max)
		return record(db, hash, len, mime, data);
	if (access(path, F_OK) != 0) {
		leaf_dir(db, hash, dir, sizeof(dir));
		snprintf(tmp, sizeof(tmp), "%s/tmp/blob-XXXXXX", data_dir());
		if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
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
	return record(db, hash, len, mime, NULL);
}

/* The blob's row; `data` (len bytes) for one kept in the database. An
 * existing row is left as it is: same hash, same bytes. */
static int
record(struct db *db, const char *hash, size_t len, const char *mime,
    const void *data)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO blobs (hash, size, mime, created_at,"
	    " data) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (hash) DO NOTHING");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, (int64_t)len);
	db_bind_text(st, 3, mime);
	db_bind_int(st, 4, time(NULL));
	if (data != NULL)
		sqlite3_bind_blob64(st, 5, len ? data : "", len, SQLITE_STATIC);
	return db_step_done(st);
}

/* A small file into its row: read whole (it must still be `size` bytes
 * long), then removed. */
static int
put_inline(struct db *db, const char *path, const char *hash, int64_t size,
    const char *mime)
{
	char *data;
	ssize_t got;
	int rc = -1;

	if ((data = malloc((size_t)size + 1)) == NULL)
		return -1;
	if ((got = blob_pread(path, data, (size_t)size + 1, 0)) < 0)
		log_error("read %s: %s", path, strerror(errno));
	else if (got != size)
		log_error("%s: %zd bytes, expected %lld", path, got,
		    (long long)size);
	else if ((rc = record(db, hash, (size_t)got, mime, data)) == 0 &&
	    !blob_is_memfile(path))
		unlink(path);
	free(data);
	return rc;
}

int
blob_settle(int fd, int64_t size)
{
	if (size <= inline_max)
		return 0;		/* goes into the database */
	return fdatasync(fd);
}

int
blob_settle_path(const char *path, int64_t size)
{
	int fd, rc;

	if (size <= inline_max)
		return 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	rc = blob_settle(fd, size);
	close(fd);
	return rc;
}

#define MEMFILE_PREFIX	"/proc/self/fd/"

int
blob_memfile(const char *what, char *path, size_t len)
{
	int fd;

	if ((fd = memfd_create(what, MFD_CLOEXEC)) < 0) {
		log_error("memfd_create: %s", strerror(errno));
		return -1;
	}
	snprintf(path, len, MEMFILE_PREFIX "%d", fd);
	return fd;
}

/* The open descriptor behind a memory file's name, or -1. */
static int
memfile_fd(const char *path)
{
	char *end;
	long fd;

	if (!blob_is_memfile(path))
		return -1;
	fd = strtol(path + sizeof(MEMFILE_PREFIX) - 1, &end, 10);
	return *end == '\0' && fd >= 0 && fd <= INT32_MAX ? (int)fd : -1;
}

ssize_t
blob_pread(const char *path, void *buf, size_t len, off_t off)
{
	size_t got = 0;
	ssize_t n = 0;
	int fd = memfile_fd(path), own = 0;

	if (fd < 0) {
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			return -1;
		own = 1;
	}
	while (got < len) {
		n = pread(fd, (char *)buf + got, len - got, off + (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (own)
		close(fd);
	return n < 0 && got == 0 ? -1 : (ssize_t)got;
}

int
blob_open_fd(const char *path)
{
	int fd = memfile_fd(path);

	if (fd >= 0)
		return fcntl(fd, F_DUPFD_CLOEXEC, 0);
	return open(path, O_RDONLY | O_CLOEXEC);
}

int
blob_is_memfile(const char *path)
{
	return strncmp(path, MEMFILE_PREFIX, sizeof(MEMFILE_PREFIX) - 1) == 0;
}

static int
mem_out(struct blob_file *f, const void *data, size_t len)
{
	if ((f->fd = blob_memfile("congso-blob", f->path,
	    sizeof(f->path))) < 0)
		return -1;
	if (write_all(f->fd, data, len) < 0) {
		log_error("memfd: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int
blob_open(struct db *db, const char *hash, struct blob_file *f)
{
	sqlite3_stmt *st;
	const void *p;
	int rc = -1;

	f->fd = -1;
	if (blob_path(hash, f->path, sizeof(f->path)) < 0)
		return -1;
	st = db_prepare(db, "SELECT data FROM blobs WHERE hash = ?1"
	    " AND data IS NOT NULL");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, hash);
	switch (sqlite3_step(st)) {
	case SQLITE_DONE:
		rc = 0;			/* kept as a file */
		break;
	case SQLITE_ROW:
		p = sqlite3_column_blob(st, 0);
		rc = mem_out(f, p, (size_t)sqlite3_column_bytes(st, 0));
		break;
	default:
		log_error("blob %s: %s", hash, db_errmsg(db));
	}
	db_done(st);
	if (rc < 0)
		blob_close(f);	/* a memory file half made */
	return rc;
}

int
blob_fd(struct blob_file *f)
{
	if (f->fd < 0 && (f->fd = open(f->path, O_RDONLY | O_CLOEXEC)) < 0)
		log_error("open %s: %s", f->path, strerror(errno));
	return f->fd;
}

FILE *
blob_fopen(struct db *db, const char *hash)
{
	struct blob_file bf;
	FILE *f = NULL;

	if (blob_open(db, hash, &bf) == 0)
		f = fopen(bf.path, "rb");
	blob_close(&bf);	/* the stream has an open of its own */
	return f;
}

void
blob_close(struct blob_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

int
blob_hash_file(const char *path, char hex[65], int64_t *size)
{
	unsigned char piece[65536], md[32];
	EVP_MD_CTX *ctx;
	ssize_t n;
	int fd, rc = -1;

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
	digest_hex(md, 32, hex);
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
	if (size <= inline_max)
		return put_inline(db, path, hash, size, mime);
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
	return record(db, hash, (size_t)size, mime, NULL);
}
