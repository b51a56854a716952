/* data.c - the data folder: database, blobs, temporary files. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "blob.h"
#include "data.h"
#include "db.h"
#include "log.h"

static char *dir_path;

static int
mkdir_p(const char *path)
{
	if (mkdir(path, 0750) < 0 && errno != EEXIST) {
		fprintf(stderr, "congso: không tạo được thư mục %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

static int
set_dir(const char *dir)
{
	struct buf b = BUF_INIT;

	free(dir_path);
	if ((dir_path = strdup(dir)) == NULL)
		fatal("%s: out of memory", __func__);
	buf_printf(&b, "%s/congso.db", dir);
	db_set_path(b.data);
	buf_release(&b);
	return 0;
}

int
data_create(const char *dir)
{
	struct buf b = BUF_INIT;
	struct db *db;
	int rc = -1;

	if (mkdir_p(dir) < 0)
		return -1;
	buf_printf(&b, "%s/congso.db", dir);
	if (access(b.data, F_OK) == 0) {
		fprintf(stderr, "congso: %s đã có cơ sở dữ liệu; chọn thư mục "
		    "khác hoặc xóa thư mục cũ\n", dir);
		goto out;
	}
	buf_reset(&b);
	buf_printf(&b, "%s/blobs", dir);
	if (mkdir_p(b.data) < 0)
		goto out;
	buf_reset(&b);
	buf_printf(&b, "%s/tmp", dir);
	if (mkdir_p(b.data) < 0)
		goto out;
	set_dir(dir);
	if ((db = db_thread()) == NULL || db_migrate(db) < 0) {
		fprintf(stderr, "congso: không tạo được cơ sở dữ liệu trong %s\n",
		    dir);
		goto out;
	}
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

int
data_open(const char *dir)
{
	struct buf b = BUF_INIT;
	struct db *db;
	int rc = -1;

	buf_printf(&b, "%s/congso.db", dir);
	if (access(b.data, R_OK | W_OK) < 0) {
		fprintf(stderr, "congso: %s không phải thư mục dữ liệu của congso "
		    "(thiếu congso.db); hãy chạy 'congso init --data %s' trước\n",
		    dir, dir);
		goto out;
	}
	set_dir(dir);
	if ((db = db_thread()) == NULL || db_migrate(db) < 0) {
		fprintf(stderr, "congso: không mở được cơ sở dữ liệu %s\n",
		    b.data);
		goto out;
	}
	blob_set_inline_max(db_setting_long(db, "blobs.inline_max",
	    BLOB_INLINE_MAX));
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

const char *
data_dir(void)
{
	return dir_path;
}

int
data_tmp_sweep(long age)
{
	struct buf b = BUF_INIT;
	struct dirent *e;
	struct stat st;
	time_t now = time(NULL);
	DIR *d;
	int n = 0;

	if (dir_path == NULL)
		return -1;
	buf_printf(&b, "%s/tmp", dir_path);
	if ((d = opendir(b.data)) == NULL) {
		log_error("opendir %s: %s", b.data, strerror(errno));
		buf_release(&b);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		buf_reset(&b);
		buf_printf(&b, "%s/tmp/%s", dir_path, e->d_name);
		if (lstat(b.data, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_mtime < now - age && unlink(b.data) == 0)
			n++;
	}
	closedir(d);
	buf_release(&b);
	if (n > 0)
		log_info("removed %d temporary files left in %s/tmp", n,
		    dir_path);
	return n;
}
