/*
 * directory_cli.c - `congso unit ...` and `congso user ...`: list, show,
 * add and edit units and people, reorganise units, set passwords, issue
 * API tokens, import and export CSV.
 *
 * Scripts read the output, so keep it stable: lists are one record a line,
 * tab-separated (tabs and line breaks inside values become spaces); `add`
 * prints the new id alone; `token issue` prints the token alone. Messages
 * go to standard error, in Vietnamese.
 * Exit status: 0 done, 1 system or database failure, 2 bad usage or input.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "account/account.h"
#include "core/auth.h"
#include "core/cli.h"
#include "core/data.h"
#include "core/fold.h"
#include "directory.h"

#define EXIT_OK		0
#define EXIT_SYSTEM	1
#define EXIT_USAGE	2

#define LIST_DEFAULT	100
#define LIST_MAX	200000
#define PASSWORD_MAX	256	/* bytes of a password line */
#define TOKEN_NAME_MAX	128

static const struct dir_actor cli_actor = { 0, "cli", "" };

/* One run of a subcommand. */
struct ctx {
	const char	*cmd;		/* "unit add", for messages */
	struct cli	 cli;
	struct db	*db;
	struct arena	 a;
};

struct sub {
	const char		*name;
	const char *const	*opts;		/* options with a value */
	const char *const	*switches;
	int			 args_min, args_max;
	const char		*args_help;	/* what the arguments are */
	int			(*fn)(struct ctx *);
};

static int __attribute__((format(printf, 2, 3)))
bad_usage(const struct ctx *x, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "congso %s: ", x->cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

static int
failed(const struct ctx *x, const char *what)
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
static int
rejected(struct ctx *x, const struct dir_err *e)
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

static int
begin(struct ctx *x)
{
	if (db_begin(x->db) < 0)
		return failed(x, "bắt đầu giao dịch");
	return EXIT_OK;
}

static int
commit(struct ctx *x)
{
	if (db_commit(x->db) < 0) {
		db_rollback(x->db);
		return failed(x, "ghi giao dịch");
	}
	return EXIT_OK;
}

/* Print a value for a tab-separated line. */
static void
tsv(const char *s)
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
static int
parse_num(const char *s, long long lo, long long hi, long long *out)
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

static int
limit_of(struct ctx *x, int *limit)
{
	const char *s = cli_get(&x->cli, "--limit");
	long long v;

	*limit = LIST_DEFAULT;
	if (s == NULL)
		return 0;
	if (parse_num(s, 1, LIST_MAX, &v) < 0)
		return bad_usage(x, "--limit phải là số từ 1 đến %d", LIST_MAX);
	*limit = (int)v;
	return 0;
}

/* YYYY-MM-DD naming a real day. */
static int
valid_date(const char *s)
{
	struct tm tm;
	char back[11];
	const char *end;

	if (strlen(s) != 10)
		return 0;
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, "%Y-%m-%d", &tm)) == NULL || *end)
		return 0;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	if (mktime(&tm) == (time_t)-1)
		return 0;
	strftime(back, sizeof(back), "%Y-%m-%d", &tm);
	return strcmp(back, s) == 0;
}

/* A unit by id (digits) or agency code; 0 or the exit status. */
static int
find_unit(struct ctx *x, const char *opt, const char *s, struct dir_unit *u)
{
	long long id;
	int rc;

	if (all_digits(s))
		rc = parse_num(s, 1, INT64_MAX, &id) < 0 ? -1 :
		    dir_unit_get(x->db, &x->a, id, u);
	else
		rc = dir_unit_by_code(x->db, &x->a, s, u);
	if (rc < 0)
		return bad_usage(x, "%s%skhông có đơn vị '%s' (dùng số hoặc mã"
		    " định danh, xem 'congso unit list')", opt ? opt : "",
		    opt ? ": " : "", s);
	return 0;
}

/* The id of an optional unit option: 0 when absent. */
static int
unit_option(struct ctx *x, const char *opt, int64_t *id)
{
	const char *s = cli_get(&x->cli, opt);
	struct dir_unit u;
	int rc;

	*id = 0;
	if (s == NULL)
		return 0;
	if ((rc = find_unit(x, opt, s, &u)) != 0)
		return rc;
	*id = u.id;
	return 0;
}

static int
find_person(struct ctx *x, const char *username, struct dir_person *p)
{
	if (dir_person_by_username(x->db, &x->a, username, p) < 0)
		return bad_usage(x, "không có người dùng '%s'", username);
	return 0;
}

/* --- units ------------------------------------------------------------ */

static int
unit_list(struct ctx *x)
{
	struct dir_unit_query q;
	struct dir_unit *u;
	int n, i, total, rc;

	memset(&q, 0, sizeof(q));
	q.q = cli_get(&x->cli, "--q");
	q.kind = cli_get(&x->cli, "--kind");
	q.all = cli_has(&x->cli, "--all");
	q.parent_id = -1;
	if ((rc = limit_of(x, &q.limit)) != 0)
		return rc;
	if (cli_get(&x->cli, "--parent") &&
	    strcmp(cli_get(&x->cli, "--parent"), "0") == 0)
		q.parent_id = 0;
	else if (cli_get(&x->cli, "--parent") &&
	    (rc = unit_option(x, "--parent", &q.parent_id)) != 0)
		return rc;
	if ((n = dir_units_list(x->db, &x->a, &q, &u, &total)) < 0)
		return failed(x, "đọc danh sách đơn vị");
	for (i = 0; i < n; i++) {
		printf("%" PRId64 "\t", u[i].id);
		tsv(u[i].code);
		putchar('\t');
		tsv(u[i].short_name);
		putchar('\t');
		tsv(u[i].name);
		putchar('\t');
		tsv(u[i].kind);
		putchar('\t');
		if (u[i].parent_id)
			printf("%" PRId64, u[i].parent_id);
		putchar('\n');
	}
	if (n < total)
		fprintf(stderr, "(%d trên %d đơn vị; dùng --limit để xem thêm)\n",
		    n, total);
	return EXIT_OK;
}

static const char *
reorg_label(const char *kind)
{
	if (strcmp(kind, "merge") == 0)
		return "hợp nhất";
	if (strcmp(kind, "split") == 0)
		return "chia tách";
	if (strcmp(kind, "rename") == 0)
		return "đổi tên";
	if (strcmp(kind, "abolish") == 0)
		return "giải thể";
	return kind;
}

/* A unit's history, one event a line. */
static void
print_history(const struct dir_event *ev, int n)
{
	int i;

	if (n <= 0)
		return;
	puts("Lịch sử:");
	for (i = 0; i < n; i++) {
		if (strcmp(ev[i].event, "version") == 0) {
			printf("  %s đến %s: %s", ev[i].from, ev[i].until ?
			    ev[i].until : "nay", ev[i].name);
			if (*ev[i].detail)
				printf(", thuộc %s", ev[i].detail);
		} else {
			printf("  %s: %s", ev[i].from, reorg_label(strncmp(
			    ev[i].event, "reorg:", 6) == 0 ? ev[i].event + 6 :
			    ev[i].event));
			if (*ev[i].detail)
				printf(" (%s)", ev[i].detail);
			if (*ev[i].name)
				printf(" - %s", ev[i].name);
		}
		putchar('\n');
	}
}

static int
unit_show(struct ctx *x)
{
	struct dir_event *ev;
	struct dir_unit u;
	int rc, n;

	if ((rc = find_unit(x, NULL, x->cli.args[0], &u)) != 0)
		return rc;
	printf("Số: %" PRId64 "\n", u.id);
	printf("Mã định danh: %s\n", u.code);
	printf("Tên: %s\n", u.name);
	printf("Tên viết tắt: %s\n", u.short_name);
	printf("Loại: %s\n", u.kind);
	printf("Cấp: %d\n", u.level);
	if (u.parent_id)
		printf("Đơn vị cấp trên: %s (số %" PRId64 ")\n",
		    u.parent_name ? u.parent_name : "", u.parent_id);
	if (*u.address)
		printf("Địa chỉ: %s\n", u.address);
	if (*u.email)
		printf("Thư điện tử: %s\n", u.email);
	if (*u.phone)
		printf("Điện thoại: %s\n", u.phone);
	printf("Hiệu lực từ: %s\n", u.effective_from);
	if (u.effective_until)
		printf("Hết hiệu lực từ: %s\n", u.effective_until);
	if (u.successor_id)
		printf("Đơn vị kế thừa: %s (số %" PRId64 ")\n",
		    u.successor_name ? u.successor_name : "", u.successor_id);
	printf("Đơn vị trực thuộc: %d\n", u.nchildren);
	printf("Số người: %d\n", u.npeople);
	n = dir_unit_history(x->db, &x->a, u.id, &ev);
	print_history(ev, n);
	return EXIT_OK;
}

/* Fill the fields of `u` given as options (add and edit). */
static int
unit_fields(struct ctx *x, struct dir_unit *u)
{
	const char *s;
	int rc;

	if ((s = cli_get(&x->cli, "--code")) != NULL)
		u->code = s;
	if ((s = cli_get(&x->cli, "--name")) != NULL)
		u->name = s;
	if ((s = cli_get(&x->cli, "--short-name")) != NULL)
		u->short_name = s;
	if ((s = cli_get(&x->cli, "--kind")) != NULL)
		u->kind = s;
	if ((s = cli_get(&x->cli, "--address")) != NULL)
		u->address = s;
	if ((s = cli_get(&x->cli, "--email")) != NULL)
		u->email = s;
	if ((s = cli_get(&x->cli, "--phone")) != NULL)
		u->phone = s;
	if ((s = cli_get(&x->cli, "--effective-from")) != NULL)
		u->effective_from = s;
	if ((s = cli_get(&x->cli, "--parent")) != NULL) {
		if (strcmp(s, "0") == 0)
			u->parent_id = 0;
		else if ((rc = unit_option(x, "--parent", &u->parent_id)) != 0)
			return rc;
	}
	return 0;
}

static int
unit_add(struct ctx *x)
{
	static const char *const need[] = { "--code", "--name",
	    "--short-name", "--kind", NULL };
	struct dir_unit u;
	struct dir_err e = { 0 };
	int i, rc;

	for (i = 0; need[i]; i++)
		if (cli_need(&x->cli, need[i]) == NULL)
			return EXIT_USAGE;
	memset(&u, 0, sizeof(u));
	if ((rc = unit_fields(x, &u)) != 0 || (rc = begin(x)) != 0)
		return rc;
	if (dir_unit_create(x->db, &cli_actor, &u, &e) < 0)
		return rejected(x, &e);
	if ((rc = commit(x)) != 0)
		return rc;
	printf("%" PRId64 "\n", u.id);
	return EXIT_OK;
}

static int
unit_edit(struct ctx *x)
{
	struct dir_unit u;
	struct dir_err e = { 0 };
	int rc;

	if ((rc = find_unit(x, NULL, x->cli.args[0], &u)) != 0 ||
	    (rc = unit_fields(x, &u)) != 0 || (rc = begin(x)) != 0)
		return rc;
	if (dir_unit_update(x->db, &cli_actor, &u, &e) < 0)
		return rejected(x, &e);
	if ((rc = commit(x)) != 0)
		return rc;
	fprintf(stderr, "Đã sửa đơn vị %s (số %" PRId64 ")\n", u.name, u.id);
	return EXIT_OK;
}

/* Print the units under `parent` as they stood on `date`. The number of
 * units directly under it, or -1. */
static int
tree_print(struct ctx *x, const char *date, int64_t parent, int depth)
{
	struct dir_unit *kids;
	int n, i;

	if (depth > 16)
		return 0;
	if ((n = dir_tree_at(x->db, &x->a, date, parent, &kids)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		printf("%*s%s  %s\n", depth * 2, "", kids[i].code, kids[i].name);
		if (kids[i].nchildren &&
		    tree_print(x, date, kids[i].id, depth + 1) < 0)
			return -1;
	}
	return n;
}

static int
unit_tree(struct ctx *x)
{
	const char *date = cli_get(&x->cli, "--date"), *root;
	struct dir_unit u, *peers;
	char today[11];
	int rc, n, i;

	dir_today(today);
	if (date == NULL)
		date = today;
	else if (!valid_date(date))
		return bad_usage(x, "--date phải có dạng YYYY-MM-DD và là ngày"
		    " có thật");
	if ((root = cli_get(&x->cli, "--root")) == NULL) {
		if ((n = tree_print(x, date, 0, 0)) < 0)
			return failed(x, "đọc cây đơn vị");
		if (n == 0)
			fprintf(stderr, "(không có đơn vị nào có hiệu lực vào"
			    " ngày %s)\n", date);
		return EXIT_OK;
	}
	if ((rc = find_unit(x, "--root", root, &u)) != 0)
		return rc;
	if (strcmp(u.effective_from, date) > 0 ||
	    (u.effective_until && strcmp(u.effective_until, date) <= 0))
		return bad_usage(x, "đơn vị %s không có hiệu lực vào ngày %s"
		    " (hiệu lực từ %s%s%s)", u.code, date, u.effective_from,
		    u.effective_until ? " đến " : "",
		    u.effective_until ? u.effective_until : "");
	/* The root's name on that date, when it had the same parent. */
	n = dir_tree_at(x->db, &x->a, date, u.parent_id, &peers);
	for (i = 0; i < n; i++)
		if (peers[i].id == u.id)
			u.name = peers[i].name;
	printf("%s  %s\n", u.code, u.name);
	return tree_print(x, date, u.id, 1) < 0 ?
	    failed(x, "đọc cây đơn vị") : EXIT_OK;
}

/* Units named by the arguments into r->from[]. */
static int
reorg_from(struct ctx *x, struct dir_reorg *r)
{
	struct dir_unit u;
	int i, rc;

	if (x->cli.nargs > 16)
		return bad_usage(x, "tối đa 16 đơn vị một lần");
	for (i = 0; i < x->cli.nargs; i++) {
		if ((rc = find_unit(x, NULL, x->cli.args[i], &u)) != 0)
			return rc;
		r->from[r->nfrom++] = u.id;
	}
	return 0;
}

/* Carry out `r`, then say what happened. */
static int
reorg_run(struct ctx *x, struct dir_reorg *r, const char *done)
{
	struct dir_err e = { 0 };
	struct dir_unit s;
	int64_t successor;
	int rc;

	if (cli_need(&x->cli, "--date") == NULL)
		return EXIT_USAGE;
	r->effective = cli_get(&x->cli, "--date");
	r->note = cli_get(&x->cli, "--note");
	if ((rc = begin(x)) != 0)
		return rc;
	if (dir_reorg_apply(x->db, &cli_actor, r, &successor, &e) < 0)
		return rejected(x, &e);
	if ((rc = commit(x)) != 0)
		return rc;
	if (successor && dir_unit_get(x->db, &x->a, successor, &s) == 0)
		printf("Đã %s từ ngày %s; đơn vị kế thừa: %s (số %" PRId64
		    ", mã %s)\n", done, r->effective, s.name, s.id, s.code);
	else
		printf("Đã %s từ ngày %s\n", done, r->effective);
	return EXIT_OK;
}

static int
unit_merge(struct ctx *x)
{
	struct dir_reorg r;
	struct dir_unit *c;
	int rc;

	memset(&r, 0, sizeof(r));
	r.kind = "merge";
	if ((rc = reorg_from(x, &r)) != 0 ||
	    (rc = unit_option(x, "--into", &r.into)) != 0)
		return rc;
	if (r.into && (cli_get(&x->cli, "--name") ||
	    cli_get(&x->cli, "--code")))
		return bad_usage(x, "dùng --into (đơn vị có sẵn) hoặc --code,"
		    " --name, --short-name (đơn vị mới), không dùng cả hai");
	if (!r.into) {
		if (cli_need(&x->cli, "--code") == NULL ||
		    cli_need(&x->cli, "--name") == NULL ||
		    cli_need(&x->cli, "--short-name") == NULL)
			return EXIT_USAGE;
		c = &r.created[r.ncreated++];
		c->code = cli_get(&x->cli, "--code");
		c->name = cli_get(&x->cli, "--name");
		c->short_name = cli_get(&x->cli, "--short-name");
		c->kind = cli_get(&x->cli, "--kind");
		if ((rc = unit_option(x, "--parent", &c->parent_id)) != 0)
			return rc;
	}
	return reorg_run(x, &r, "hợp nhất");
}

static int
unit_split(struct ctx *x)
{
	struct dir_reorg r;
	struct dir_unit *c;
	char *s, *bar1, *bar2;
	int i, rc;

	memset(&r, 0, sizeof(r));
	r.kind = "split";
	if ((rc = reorg_from(x, &r)) != 0)
		return rc;
	for (i = 0; i < x->cli.nopts; i++) {
		if (strcmp(x->cli.names[i], "--new") != 0)
			continue;
		if (r.ncreated == 8)
			return bad_usage(x, "tối đa 8 đơn vị mới (--new)");
		s = arena_strdup(&x->a, x->cli.values[i]);
		if ((bar1 = strchr(s, '|')) == NULL ||
		    (bar2 = strchr(bar1 + 1, '|')) == NULL ||
		    strchr(bar2 + 1, '|') != NULL)
			return bad_usage(x, "--new '%s': cần dạng 'MÃ|TÊN|TÊN"
			    " VIẾT TẮT'", x->cli.values[i]);
		*bar1 = *bar2 = '\0';
		c = &r.created[r.ncreated++];
		c->code = s;
		c->name = bar1 + 1;
		c->short_name = bar2 + 1;
	}
	if (r.ncreated < 2)
		return bad_usage(x, "chia tách cần ít nhất hai --new"
		    " 'MÃ|TÊN|TÊN VIẾT TẮT'");
	return reorg_run(x, &r, "chia tách");
}

static int
unit_rename(struct ctx *x)
{
	struct dir_reorg r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.kind = "rename";
	if (cli_need(&x->cli, "--name") == NULL)
		return EXIT_USAGE;
	if ((rc = reorg_from(x, &r)) != 0)
		return rc;
	r.created[0].name = cli_get(&x->cli, "--name");
	r.created[0].short_name = cli_get(&x->cli, "--short-name");
	r.ncreated = 1;
	return reorg_run(x, &r, "đổi tên");
}

static int
unit_abolish(struct ctx *x)
{
	struct dir_reorg r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.kind = "abolish";
	if ((rc = reorg_from(x, &r)) != 0 ||
	    (rc = unit_option(x, "--into", &r.into)) != 0)
		return rc;
	return reorg_run(x, &r, "giải thể");
}

/* --- import and export (units and people) ----------------------------- */

static int progress_shown;

static void
show_progress(long done)
{
	fprintf(stderr, "\rđã đọc %ld dòng", done);
	progress_shown = 1;
}

static int
run_import(struct ctx *x, int (*import)(struct db *,
    const struct dir_actor *, const char *, struct buf *, void (*)(long)),
    const char *what)
{
	struct buf report = BUF_INIT;
	const char *path = x->cli.args[0];
	struct stat sb;
	int n;

	if (stat(path, &sb) < 0 || access(path, R_OK) < 0)
		return bad_usage(x, "không đọc được tệp %s: %s", path,
		    file_error(errno));
	if (S_ISDIR(sb.st_mode))
		return bad_usage(x, "không đọc được tệp %s: %s", path,
		    file_error(EISDIR));
	progress_shown = 0;
	n = import(x->db, &cli_actor, path, &report,
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
write_out(struct ctx *x, const struct buf *b, const char *path)
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

static int
run_export(struct ctx *x, int (*export)(struct db *, struct buf *),
    const char *what)
{
	struct buf b = BUF_INIT;
	const char *out = cli_get(&x->cli, "--out");
	int n, rc = EXIT_OK;

	if ((n = export(x->db, &b)) < 0)
		rc = failed(x, "xuất dữ liệu");
	else if (write_out(x, &b, out) < 0)
		rc = EXIT_SYSTEM;
	else if (out)
		fprintf(stderr, "Đã xuất %d %s vào %s\n", n, what, out);
	buf_release(&b);
	return rc;
}

static int
unit_import(struct ctx *x)
{
	return run_import(x, dir_import_units, "đơn vị");
}

static int
unit_export(struct ctx *x)
{
	return run_export(x, dir_export_units, "đơn vị");
}

/* --- people ----------------------------------------------------------- */

static int
user_list(struct ctx *x)
{
	struct dir_person_query q;
	struct dir_person *p;
	const char *role = cli_get(&x->cli, "--role");
	int n, i, total, rc;

	memset(&q, 0, sizeof(q));
	q.q = cli_get(&x->cli, "--q");
	if ((rc = limit_of(x, &q.limit)) != 0 ||
	    (rc = unit_option(x, "--unit", &q.unit_id)) != 0)
		return rc;
	if (role && (dir_roles_parse(role, &q.role) < 0 || q.role == 0))
		return bad_usage(x, "--role: không có vai trò '%s' (admin, clerk,"
		    " leader, specialist, onestop, editor)", role);
	if ((n = dir_people_list(x->db, &x->a, &q, &p, &total)) < 0)
		return failed(x, "đọc danh sách người dùng");
	for (i = 0; i < n; i++) {
		printf("%" PRId64 "\t", p[i].id);
		tsv(p[i].username);
		putchar('\t');
		tsv(p[i].full_name);
		putchar('\t');
		tsv(p[i].unit_code);
		putchar('\t');
		tsv(p[i].position);
		putchar('\t');
		tsv(dir_roles_format(&x->a, p[i].roles));
		printf("\t%d\n", p[i].active);
	}
	if (n < total)
		fprintf(stderr, "(%d trên %d người; dùng --limit để xem thêm)\n",
		    n, total);
	return EXIT_OK;
}

static int
user_show(struct ctx *x)
{
	struct dir_person p;
	int rc, i, first = 1;

	if ((rc = find_person(x, x->cli.args[0], &p)) != 0)
		return rc;
	printf("Số: %" PRId64 "\n", p.id);
	printf("Tên đăng nhập: %s\n", p.username);
	printf("Họ và tên: %s\n", p.full_name);
	printf("Đơn vị: %s (%s)\n", p.unit_name, p.unit_code);
	if (*p.position)
		printf("Chức vụ: %s\n", p.position);
	fputs("Vai trò: ", stdout);
	for (i = 0; i < DIR_ROLE_MAX; i++)
		if (p.roles & (1u << i)) {
			printf("%s%s", first ? "" : ", ", dir_role_label(i));
			first = 0;
		}
	printf("%s(%s)\n", first ? "" : " ", dir_roles_format(&x->a, p.roles));
	if (*p.email)
		printf("Thư điện tử: %s\n", p.email);
	if (*p.phone)
		printf("Điện thoại: %s\n", p.phone);
	printf("Trạng thái: %s\n", p.active ? "đang hoạt động" :
	    "ngừng hoạt động");
	printf("Mật khẩu: %s\n", p.can_sign_in ? "đã đặt" : "chưa đặt (chưa"
	    " đăng nhập được)");
	return EXIT_OK;
}

/*
 * The first line of standard input as a password, checked for strength.
 * Echo is off when it is a terminal. 0 or the exit status.
 */
static int
read_password(struct ctx *x, char out[PASSWORD_MAX])
{
	struct termios old, quiet;
	const char *why;
	int tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	int got;
	size_t len;

	if (tty) {
		fputs("Mật khẩu mới: ", stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	got = fgets(out, PASSWORD_MAX, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!got)
		return bad_usage(x, "không đọc được mật khẩu từ đầu vào chuẩn"
		    " (dòng đầu tiên)");
	len = strcspn(out, "\r\n");
	if (out[len] == '\0' && len == PASSWORD_MAX - 1) {
		explicit_bzero(out, PASSWORD_MAX);
		return bad_usage(x, "mật khẩu quá dài (tối đa %d byte)",
		    PASSWORD_MAX - 2);
	}
	out[len] = '\0';
	if ((why = auth_password_weak(out)) != NULL) {
		explicit_bzero(out, PASSWORD_MAX);
		return bad_usage(x, "%s", why);
	}
	return 0;
}

/* Fill the fields of `p` given as options (add and edit). */
static int
person_fields(struct ctx *x, struct dir_person *p)
{
	const char *s;
	int rc;

	if ((s = cli_get(&x->cli, "--username")) != NULL)
		p->username = s;
	if ((s = cli_get(&x->cli, "--full-name")) != NULL)
		p->full_name = s;
	if ((s = cli_get(&x->cli, "--position")) != NULL)
		p->position = s;
	if ((s = cli_get(&x->cli, "--email")) != NULL)
		p->email = s;
	if ((s = cli_get(&x->cli, "--phone")) != NULL)
		p->phone = s;
	if ((s = cli_get(&x->cli, "--roles")) != NULL &&
	    dir_roles_parse(s, &p->roles) < 0)
		return bad_usage(x, "--roles: vai trò không hợp lệ '%s' (admin,"
		    " clerk, leader, specialist, onestop, editor, cách nhau bằng"
		    " dấu ;)", s);
	if ((s = cli_get(&x->cli, "--active")) != NULL) {
		if (strcmp(s, "yes") == 0)
			p->active = 1;
		else if (strcmp(s, "no") == 0)
			p->active = 0;
		else
			return bad_usage(x, "--active phải là yes hoặc no");
	}
	if (cli_get(&x->cli, "--unit") &&
	    (rc = unit_option(x, "--unit", &p->unit_id)) != 0)
		return rc;
	return 0;
}

static int
user_save(struct ctx *x, int create)
{
	char password[PASSWORD_MAX];
	struct dir_person p;
	struct dir_err e = { 0 };
	int rc, with_pw = cli_has(&x->cli, "--password-stdin");

	memset(&p, 0, sizeof(p));
	if (create) {
		if (cli_need(&x->cli, "--username") == NULL ||
		    cli_need(&x->cli, "--full-name") == NULL ||
		    cli_need(&x->cli, "--unit") == NULL)
			return EXIT_USAGE;
		p.active = 1;
	} else if ((rc = find_person(x, x->cli.args[0], &p)) != 0)
		return rc;
	if ((rc = person_fields(x, &p)) != 0)
		return rc;
	if (with_pw && (rc = read_password(x, password)) != 0)
		return rc;
	if ((rc = begin(x)) != 0)
		goto out;
	if ((create ? dir_person_create(x->db, &cli_actor, &p, &e) :
	    dir_person_update(x->db, &cli_actor, &p, &e)) < 0) {
		rc = rejected(x, &e);
		goto out;
	}
	if (with_pw && dir_person_set_password(x->db, &cli_actor, p.id,
	    password) < 0) {
		db_rollback(x->db);
		rc = failed(x, "đặt mật khẩu");
		goto out;
	}
	if ((rc = commit(x)) != 0)
		goto out;
	if (create)
		printf("%" PRId64 "\n", p.id);
	else
		fprintf(stderr, "Đã sửa người dùng %s\n", p.username);
out:
	explicit_bzero(password, sizeof(password));
	return rc;
}

static int
user_add(struct ctx *x)
{
	return user_save(x, 1);
}

static int
user_edit(struct ctx *x)
{
	return user_save(x, 0);
}

static int
user_passwd(struct ctx *x)
{
	char password[PASSWORD_MAX];
	struct dir_person p;
	int rc;

	if ((rc = find_person(x, x->cli.args[0], &p)) != 0 ||
	    (rc = read_password(x, password)) != 0)
		return rc;
	if ((rc = begin(x)) == 0) {
		if (dir_person_set_password(x->db, &cli_actor, p.id,
		    password) < 0) {
			db_rollback(x->db);
			rc = failed(x, "đặt mật khẩu");
		} else if ((rc = commit(x)) == 0)
			printf("Đã đặt mật khẩu mới cho %s\n", p.username);
	}
	explicit_bzero(password, sizeof(password));
	return rc;
}

static int
user_import(struct ctx *x)
{
	return run_import(x, dir_import_people, "người");
}

static int
user_export(struct ctx *x)
{
	return run_export(x, dir_export_people, "người");
}

static int
token_issue(struct ctx *x)
{
	const char *name = cli_need(&x->cli, "--name");
	struct dir_person p;
	char token[AUTH_TOKEN_HEX];
	int64_t id;
	int rc;

	if (name == NULL)
		return EXIT_USAGE;
	if (*name == '\0' || strlen(name) > TOKEN_NAME_MAX ||
	    !utf8_valid(name, strlen(name)))
		return bad_usage(x, "--name: đặt tên cho mã truy cập (hệ thống"
		    " nào dùng nó), tối đa %d byte", TOKEN_NAME_MAX);
	if ((rc = find_person(x, x->cli.args[0], &p)) != 0 ||
	    (rc = begin(x)) != 0)
		return rc;
	id = account_token_issue(x->db, cli_actor.id, cli_actor.name,
	    cli_actor.ip, p.id, name, token);
	if (id < 0) {
		db_rollback(x->db);
		return failed(x, "cấp mã truy cập");
	}
	if ((rc = commit(x)) != 0)
		return rc;
	puts(token);
	fprintf(stderr, "Mã truy cập số %" PRId64 " cho %s; mã chỉ hiện một"
	    " lần này, hãy lưu lại.\n", id, p.username);
	explicit_bzero(token, sizeof(token));
	return EXIT_OK;
}

static void
print_time(long long t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char s[32];

	localtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%Y-%m-%d %H:%M", &tm);
	fputs(s, stdout);
}

static int
token_list(struct ctx *x)
{
	struct account_token *t;
	int n, i;

	if ((n = account_tokens_list(x->db, &x->a, &t)) < 0)
		return failed(x, "đọc danh sách mã truy cập");
	for (i = 0; i < n; i++) {
		printf("%lld\t", (long long)t[i].id);
		tsv(t[i].name);
		putchar('\t');
		tsv(t[i].username);
		putchar('\t');
		print_time(t[i].created_at);
		if (t[i].revoked_at == 0)
			fputs("\thiệu lực\n", stdout);
		else {
			fputs("\tthu hồi ", stdout);
			print_time(t[i].revoked_at);
			putchar('\n');
		}
	}
	return EXIT_OK;
}

static int
token_revoke(struct ctx *x)
{
	long long id;
	int rc;

	if (parse_num(x->cli.args[0], 1, INT64_MAX, &id) < 0)
		return bad_usage(x, "số mã truy cập không hợp lệ: '%s'",
		    x->cli.args[0]);
	if ((rc = begin(x)) != 0)
		return rc;
	rc = account_token_revoke(x->db, cli_actor.id, cli_actor.name,
	    cli_actor.ip, id);
	if (rc < 0) {
		db_rollback(x->db);
		return failed(x, "thu hồi mã truy cập");
	}
	if (rc == 1) {
		db_rollback(x->db);
		return bad_usage(x, "không có mã truy cập đang hiệu lực số %lld",
		    id);
	}
	if ((rc = commit(x)) != 0)
		return rc;
	printf("Đã thu hồi mã truy cập số %lld\n", id);
	return EXIT_OK;
}

/* --- the tables ------------------------------------------------------- */

static const char *const o_data[] = { "--data", NULL };
static const char *const o_out[] = { "--data", "--out", NULL };
static const char *const o_unit_list[] = { "--data", "--q", "--parent",
    "--kind", "--limit", NULL };
static const char *const s_all[] = { "--all", NULL };
static const char *const o_unit_add[] = { "--data", "--code", "--name",
    "--short-name", "--kind", "--parent", "--address", "--email", "--phone",
    "--effective-from", NULL };
static const char *const o_unit_edit[] = { "--data", "--code", "--name",
    "--short-name", "--kind", "--parent", "--address", "--email", "--phone",
    NULL };
static const char *const o_tree[] = { "--data", "--date", "--root", NULL };
static const char *const o_merge[] = { "--data", "--into", "--code",
    "--name", "--short-name", "--kind", "--parent", "--date", "--note",
    NULL };
static const char *const o_split[] = { "--data", "--new", "--date",
    "--note", NULL };
static const char *const o_rename[] = { "--data", "--name", "--short-name",
    "--date", "--note", NULL };
static const char *const o_abolish[] = { "--data", "--into", "--date",
    "--note", NULL };
static const char *const o_user_list[] = { "--data", "--q", "--unit",
    "--role", "--limit", NULL };
static const char *const o_user_add[] = { "--data", "--username",
    "--full-name", "--unit", "--position", "--roles", "--email", "--phone",
    NULL };
static const char *const o_user_edit[] = { "--data", "--username",
    "--full-name", "--unit", "--position", "--roles", "--email", "--phone",
    "--active", NULL };
static const char *const s_password[] = { "--password-stdin", NULL };
static const char *const o_token[] = { "--data", "--name", NULL };

static const struct sub unit_subs[] = {
	{ "list", o_unit_list, s_all, 0, 0, NULL, unit_list },
	{ "show", o_data, NULL, 1, 1, "SỐ|MÃ", unit_show },
	{ "add", o_unit_add, NULL, 0, 0, NULL, unit_add },
	{ "edit", o_unit_edit, NULL, 1, 1, "SỐ|MÃ", unit_edit },
	{ "tree", o_tree, NULL, 0, 0, NULL, unit_tree },
	{ "merge", o_merge, NULL, 1, 16, "SỐ|MÃ...", unit_merge },
	{ "split", o_split, NULL, 1, 1, "SỐ|MÃ", unit_split },
	{ "rename", o_rename, NULL, 1, 1, "SỐ|MÃ", unit_rename },
	{ "abolish", o_abolish, NULL, 1, 1, "SỐ|MÃ", unit_abolish },
	{ "import", o_data, NULL, 1, 1, "TỆP.csv", unit_import },
	{ "export", o_out, NULL, 0, 0, NULL, unit_export },
	{ NULL, NULL, NULL, 0, 0, NULL, NULL }
};

static const struct sub user_subs[] = {
	{ "list", o_user_list, NULL, 0, 0, NULL, user_list },
	{ "show", o_data, NULL, 1, 1, "TÊN_ĐĂNG_NHẬP", user_show },
	{ "add", o_user_add, s_password, 0, 0, NULL, user_add },
	{ "edit", o_user_edit, s_password, 1, 1, "TÊN_ĐĂNG_NHẬP", user_edit },
	{ "passwd", o_data, NULL, 1, 1, "TÊN_ĐĂNG_NHẬP", user_passwd },
	{ "import", o_data, NULL, 1, 1, "TỆP.csv", user_import },
	{ "export", o_out, NULL, 0, 0, NULL, user_export },
	{ "token issue", o_token, NULL, 1, 1, "TÊN_ĐĂNG_NHẬP", token_issue },
	{ "token list", o_data, NULL, 0, 0, NULL, token_list },
	{ "token revoke", o_data, NULL, 1, 1, "SỐ", token_revoke },
	{ NULL, NULL, NULL, 0, 0, NULL, NULL }
};

/*
 * Find the subcommand named by argv[1] (or argv[1] and argv[2] for a
 * two-word one), parse its options, open the data folder and run it.
 */
static int
dispatch(const char *group, const struct sub *subs, int argc, char **argv)
{
	const struct sub *s;
	struct ctx x;
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
			return bad_usage(&x, "không nhận đối số '%s'",
			    x.cli.args[0]);
		return bad_usage(&x, "cần %s; xem 'congso help %s'",
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

int
directory_cli_unit(int argc, char **argv)
{
	return dispatch("unit", unit_subs, argc, argv);
}

int
directory_cli_user(int argc, char **argv)
{
	return dispatch("user", user_subs, argc, argv);
}

void
directory_usage_unit(void)
{
	fputs(
"Cách dùng: congso unit LỆNH_CON --data THƯ_MỤC [TÙY CHỌN]\n"
"Đơn vị là SỐ (cột đầu của 'list') hoặc MÃ định danh QCVN 102\n"
"(vd 000.00.12.H55).\n"
"\n"
"  list [--q CHỮ] [--parent ĐƠN_VỊ|0] [--kind LOẠI] [--all] [--limit N]\n"
"      Mỗi dòng một đơn vị, cách nhau bằng tab: số, mã, tên viết tắt,\n"
"      tên, loại, số đơn vị cấp trên. --q tìm không dấu; --parent 0:\n"
"      đơn vị cấp cao nhất; --all: cả đơn vị đã hết hiệu lực; mặc định\n"
"      100 dòng.\n"
"  show ĐƠN_VỊ\n"
"      Thông tin, đơn vị kế thừa và lịch sử của đơn vị.\n"
"  add --code MÃ --name TÊN --short-name VIẾT_TẮT --kind LOẠI\n"
"      [--parent ĐƠN_VỊ] [--address ..] [--email ..] [--phone ..]\n"
"      [--effective-from YYYY-MM-DD]\n"
"      Thêm đơn vị; in số của đơn vị mới. LOẠI: province, department,\n"
"      district, commune, division, party.\n"
"  edit ĐƠN_VỊ [--code ..] [--name ..] [--short-name ..] [--kind ..]\n"
"      [--parent ĐƠN_VỊ|0] [--address ..] [--email ..] [--phone ..]\n"
"      Sửa đơn vị đang hiệu lực (đổi tên theo quyết định: dùng rename).\n"
"  tree [--date YYYY-MM-DD] [--root ĐƠN_VỊ]\n"
"      Cây đơn vị như vào ngày --date (mặc định hôm nay), tên lúc đó.\n"
"  merge ĐƠN_VỊ... --into ĐƠN_VỊ --date YYYY-MM-DD [--note ..]\n"
"  merge ĐƠN_VỊ... --code MÃ --name TÊN --short-name VIẾT_TẮT\n"
"      [--kind LOẠI] [--parent ĐƠN_VỊ] --date YYYY-MM-DD [--note ..]\n"
"      Hợp nhất vào đơn vị có sẵn hoặc vào đơn vị mới; người và đơn vị\n"
"      trực thuộc chuyển sang đơn vị kế thừa.\n"
"  split ĐƠN_VỊ --new 'MÃ|TÊN|VIẾT_TẮT' --new '...' --date YYYY-MM-DD\n"
"      Chia tách thành 2 đến 8 đơn vị mới; người chuyển sang đơn vị đầu.\n"
"  rename ĐƠN_VỊ --name TÊN [--short-name VIẾT_TẮT] --date YYYY-MM-DD\n"
"  abolish ĐƠN_VỊ --date YYYY-MM-DD [--into ĐƠN_VỊ]\n"
"      Giải thể; còn người hay đơn vị trực thuộc thì cần --into.\n"
"      Ngày sắp xếp không được sau hôm nay.\n"
"  import TỆP.csv\n"
"      Nhập đơn vị từ CSV (UTF-8), dòng đầu là tiêu đề: code, name,\n"
"      short_name, kind (bắt buộc), parent_code, address, email, phone,\n"
"      effective_from. Đơn vị cấp trên phải có sẵn hoặc ở dòng trước.\n"
"      Có dòng lỗi thì không nhập gì và liệt kê mọi dòng lỗi.\n"
"  export [--out TỆP.csv]\n"
"      Xuất các đơn vị đang hiệu lực theo cấp và mã, cùng các cột trên.\n"
"\n"
"Mã thoát: 0 thành công, 1 lỗi hệ thống, 2 sai tham số hoặc dữ liệu.\n",
	    stdout);
}

void
directory_usage_user(void)
{
	fputs(
"Cách dùng: congso user LỆNH_CON --data THƯ_MỤC [TÙY CHỌN]\n"
"Đơn vị là SỐ hoặc MÃ định danh (xem 'congso unit list').\n"
"\n"
"  list [--q CHỮ] [--unit ĐƠN_VỊ] [--role VAI_TRÒ] [--limit N]\n"
"      Mỗi dòng một người, cách nhau bằng tab: số, tên đăng nhập, họ và\n"
"      tên, mã đơn vị, chức vụ, vai trò, đang hoạt động (1/0).\n"
"  show TÊN_ĐĂNG_NHẬP\n"
"  add --username TÊN --full-name HỌ_TÊN --unit ĐƠN_VỊ [--position ..]\n"
"      [--roles clerk;leader] [--email ..] [--phone ..] [--password-stdin]\n"
"      Thêm người dùng; in số của người mới. --password-stdin: đọc mật\n"
"      khẩu ở dòng đầu của đầu vào chuẩn.\n"
"  edit TÊN_ĐĂNG_NHẬP [các tùy chọn của add] [--active yes|no]\n"
"  passwd TÊN_ĐĂNG_NHẬP\n"
"      Đặt mật khẩu mới, đọc ở dòng đầu của đầu vào chuẩn (không bao giờ\n"
"      từ dòng lệnh, để không lộ qua ps):\n"
"      printf '%s\\n' \"$MK\" | congso user passwd vanthu --data DIR\n"
"  import TỆP.csv\n"
"      Nhập người dùng từ CSV, dòng đầu là tiêu đề: username, full_name,\n"
"      unit_code (bắt buộc), position, roles, email, phone. Có dòng lỗi\n"
"      thì không nhập gì và liệt kê mọi dòng lỗi.\n"
"  export [--out TỆP.csv]\n"
"      Xuất người đang hoạt động theo mã đơn vị và tên đăng nhập.\n"
"  token issue TÊN_ĐĂNG_NHẬP --name TÊN\n"
"      Cấp mã truy cập API lâu dài cho hệ thống khác; in mã một lần.\n"
"  token list\n"
"  token revoke SỐ\n"
"\n"
"Vai trò: admin (quản trị), clerk (văn thư), leader (lãnh đạo),\n"
"specialist (chuyên viên), onestop (một cửa), editor (biên tập).\n"
"Mã thoát: 0 thành công, 1 lỗi hệ thống, 2 sai tham số hoặc dữ liệu.\n",
	    stdout);
}
