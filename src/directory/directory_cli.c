/*
 * directory_cli.c - `congso unit ...` and `congso user ...`: list, show,
 * add and edit units and people, reorganise units, set passwords, issue
 * API tokens, import and export CSV. This file runs a subcommand and holds
 * what both groups share; the subcommands are in directory_cli_unit.c and
 * directory_cli_user.c.
 *
 * Scripts read the output, so keep it stable: lists are one record a line,
 * tab-separated (tabs and line breaks inside values become spaces); `add`
 * prints the new id alone; `token issue` prints the token alone. Messages
 * go to standard error, in Vietnamese.
 * Exit status: 0 done, 1 system or database failure, 2 bad usage or input.
 */
#include <errno.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/cli.h"
#include "core/data.h"
#include "directory.h"
#include "directory_cli.h"

#define LIST_DEFAULT	100
#define LIST_MAX	200000

const struct dir_actor dcli_actor = { 0, "cli", "" };

const char *const dcli_o_data[] = { "--data", NULL };
const char *const dcli_o_out[] = { "--data", "--out", NULL };

int
dcli_bad_usage(const struct dcli_ctx *x, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "congso %s: ", x->cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int
dcli_failed(const struct dcli_ctx *x, const char *what)
{
	fprintf(stderr, "congso %s: lỗi hệ thống khi %s: %s\n", x->cmd, what,
	    db_errmsg(x->db));
	return EXIT_SYSTEM;
}

/* The option a validation error is about. */
static const char *
option_of(const char *field)
{
	static const char *const map[][2] = {
		{ "code", "--code" }, { "name", "--name" },
		{ "short_name", "--short-name" }, { "kind", "--kind" },
		{ "parent_id", "--parent" }, { "address", "--address" },
		{ "email", "--email" }, { "phone", "--phone" },
		{ "effective_from", "--effective-from" },
		{ "effective", "--date" }, { "into", "--into" },
		{ "created", "--new" }, { "username", "--username" },
		{ "full_name", "--full-name" }, { "unit_id", "--unit" },
		{ "position", "--position" }, { "roles", "--roles" },
	};
	size_t i;

	for (i = 0; field && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(field, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/* Report a dir_err and roll back: 1 for a system failure, else 2. */
int
dcli_rejected(struct dcli_ctx *x, const struct dir_err *e)
{
	const char *opt = option_of(e->field);

	db_rollback(x->db);
	if (e->message == NULL || e->status >= 500) {
		fprintf(stderr, "congso %s: %s\n", x->cmd, e->message ?
		    e->message : "lỗi cơ sở dữ liệu");
		return EXIT_SYSTEM;
	}
	if (opt)
		fprintf(stderr, "congso %s: %s (%s)\n", x->cmd, e->message, opt);
	else
		fprintf(stderr, "congso %s: %s\n", x->cmd, e->message);
	return EXIT_USAGE;
}

int
dcli_begin(struct dcli_ctx *x)
{
	if (db_begin(x->db) < 0)
		return dcli_failed(x, "bắt đầu giao dịch");
	return EXIT_OK;
}

int
dcli_commit(struct dcli_ctx *x)
{
	if (db_commit(x->db) < 0) {
		db_rollback(x->db);
		return dcli_failed(x, "ghi giao dịch");
	}
	return EXIT_OK;
}

/* Print a value for a tab-separated line. */
void
dcli_tsv(const char *s)
{
	for (; s && *s; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

/* Why a file could not be used, in Vietnamese for the common cases. */
static const char *
file_error(int err)
{
	switch (err) {
	case ENOENT:
		return "không có tệp hoặc thư mục này";
	case EACCES:
	case EPERM:
		return "không có quyền";
	case EISDIR:
		return "đây là thư mục, không phải tệp";
	case ENOSPC:
		return "hết chỗ trên đĩa";
	case EROFS:
		return "hệ thống tệp chỉ cho đọc";
	default:
		return strerror(err);
	}
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* A decimal number in [lo, hi] into *out. 0 or -1. */
int
dcli_parse_num(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	long long v;

	if (!all_digits(s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int
dcli_limit_of(struct dcli_ctx *x, int *limit)
{
	const char *s = cli_get(&x->cli, "--limit");
	long long v;

	*limit = LIST_DEFAULT;
	if (s == NULL)
		return 0;
	if (dcli_parse_num(s, 1, LIST_MAX, &v) < 0)
		return dcli_bad_usage(x, "--limit phải là số từ 1 đến %d",
		    LIST_MAX);
	*limit = (int)v;
	return 0;
}

/* A unit by id (digits) or agency code; 0 or the exit status. */
int
dcli_find_unit(struct dcli_ctx *x, const char *opt, const char *s,
    struct dir_unit *u)
{
	long long id;
	int rc;

	if (all_digits(s))
		rc = dcli_parse_num(s, 1, INT64_MAX, &id) < 0 ? -1 :
		    dir_unit_get(x->db, &x->a, id, u);
	else
		rc = dir_unit_by_code(x->db, &x->a, s, u);
	if (rc < 0)
		return dcli_bad_usage(x, "%s%skhông có đơn vị '%s' (dùng số"
		    " hoặc mã định danh, xem 'congso unit list')", opt ? opt : "",
		    opt ? ": " : "", s);
	return 0;
}

/* The id of an optional unit option: 0 when absent. */
int
dcli_unit_option(struct dcli_ctx *x, const char *opt, int64_t *id)
{
	const char *s = cli_get(&x->cli, opt);
	struct dir_unit u;
	int rc;

	*id = 0;
	if (s == NULL)
		return 0;
	if ((rc = dcli_find_unit(x, opt, s, &u)) != 0)
		return rc;
	*id = u.id;
	return 0;
}

/* --- import and export (units and people) ----------------------------- */

static int progress_shown;

static void
show_progress(long done)
{
	fprintf(stderr, "\rđã đọc %ld dòng", done);
	progress_shown = 1;
}

int
dcli_run_import(struct dcli_ctx *x, int (*import)(struct db *,
    const struct dir_actor *, const char *, struct buf *, void (*)(long)),
    const char *what)
{
	struct buf report = BUF_INIT;
	const char *path = x->cli.args[0];
	struct stat sb;
	int n;

	if (stat(path, &sb) < 0 || access(path, R_OK) < 0)
		return dcli_bad_usage(x, "không đọc được tệp %s: %s", path,
		    file_error(errno));
	if (S_ISDIR(sb.st_mode))
		return dcli_bad_usage(x, "không đọc được tệp %s: %s", path,
		    file_error(EISDIR));
	progress_shown = 0;
	n = import(x->db, &dcli_actor, path, &report,
	    isatty(STDERR_FILENO) ? show_progress : NULL);
	if (progress_shown)
		fputc('\n', stderr);
	fputs(report.data, stderr);
	buf_release(&report);
	if (n >= 0) {
		printf("Đã nhập %d %s\n", n, what);
		return EXIT_OK;
	}
	fprintf(stderr, "congso %s: không nhập %s nào vì %s\n", x->cmd, what,
	    n == -1 ? "tệp có lỗi (xem các dòng trên)" :
	    "lỗi cơ sở dữ liệu");
	return n == -1 ? EXIT_USAGE : EXIT_SYSTEM;
}

/* Write `b` to stdout, or to FILE.tmp renamed to FILE. 0 or -1. */
static int
write_out(struct dcli_ctx *x, const struct buf *b, const char *path)
{
	char *tmp;
	FILE *fp;

	if (path == NULL) {
		if (fwrite(b->data, 1, b->len, stdout) != b->len ||
		    fflush(stdout) != 0) {
			fprintf(stderr, "congso %s: không ghi được ra đầu ra"
			    " chuẩn: %s\n", x->cmd, file_error(errno));
			return -1;
		}
		return 0;
	}
	tmp = arena_printf(&x->a, "%s.tmp", path);
	if ((fp = fopen(tmp, "wb")) == NULL)
		goto fail;
	if (fwrite(b->data, 1, b->len, fp) != b->len || fflush(fp) != 0 ||
	    fsync(fileno(fp)) < 0) {
		fclose(fp);
		goto fail;
	}
	if (fclose(fp) != 0 || rename(tmp, path) < 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "congso %s: không ghi được %s: %s\n", x->cmd, tmp,
	    file_error(errno));
	unlink(tmp);
	return -1;
}

int
dcli_run_export(struct dcli_ctx *x, int (*export)(struct db *, struct buf *),
    const char *what)
{
	struct buf b = BUF_INIT;
	const char *out = cli_get(&x->cli, "--out");
	int n, rc = EXIT_OK;

	if ((n = export(x->db, &b)) < 0)
		rc = dcli_failed(x, "xuất dữ liệu");
	else if (write_out(x, &b, out) < 0)
		rc = EXIT_SYSTEM;
	else if (out)
		fprintf(stderr, "Đã xuất %d %s vào %s\n", n, what, out);
	buf_release(&b);
	return rc;
}

/*
 * Find the subcommand named by argv[1] (or argv[1] and argv[2] for a
 * two-word one), parse its options, open the data folder and run it.
 */
int
dcli_dispatch(const char *group, const struct dcli_sub *subs, int argc,
    char **argv)
{
	const struct dcli_sub *s;
	struct dcli_ctx x;
	char name[64];
	int words = 1, rc;

	if (argc < 2) {
		fprintf(stderr, "congso %s: thiếu lệnh con; xem 'congso help"
		    " %s'\n", group, group);
		return EXIT_USAGE;
	}
	for (s = subs; s->name; s++) {
		words = strchr(s->name, ' ') ? 2 : 1;
		if (words == 1 && strcmp(s->name, argv[1]) == 0)
			break;
		if (words == 2 && argc > 2 && snprintf(name, sizeof(name),
		    "%s %s", argv[1], argv[2]) < (int)sizeof(name) &&
		    strcmp(s->name, name) == 0)
			break;
	}
	if (s->name == NULL) {
		fprintf(stderr, "congso %s: không có lệnh con '%s'%s; xem"
		    " 'congso help %s'\n", group, argv[1],
		    strcmp(argv[1], "token") == 0 ? " (issue, list, revoke)" :
		    "", group);
		return EXIT_USAGE;
	}
	memset(&x, 0, sizeof(x));
	snprintf(name, sizeof(name), "%s %s", group, s->name);
	x.cmd = name;
	if (cli_parse(&x.cli, argc, argv, 1 + words, s->opts, s->switches) < 0)
		return EXIT_USAGE;
	if (x.cli.nargs < s->args_min || x.cli.nargs > s->args_max) {
		if (s->args_max == 0)
			return dcli_bad_usage(&x, "không nhận đối số '%s'",
			    x.cli.args[0]);
		return dcli_bad_usage(&x, "cần %s; xem 'congso help %s'",
		    s->args_help, group);
	}
	if (cli_need(&x.cli, "--data") == NULL)
		return EXIT_USAGE;
	if (data_open(cli_get(&x.cli, "--data")) < 0)
		return EXIT_SYSTEM;
	x.db = db_thread();
	rc = s->fn(&x);
	arena_release(&x.a);
	db_thread_close();
	return rc;
}
