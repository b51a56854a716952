/*
 * docs_cli.c - `congso doc import` and `congso doc search`.
 *
 * import reads a JSON Lines file, one document of an old system a line,
 * and files each with docs_import_one() inside a savepoint, so a refused
 * line leaves nothing behind; lines are committed in batches together
 * with the file's position, so a run stopped by a signal, a crash or
 * --max-lines resumes after the last committed line. Every refused line
 * is reported on standard error with its number and reason, and kept.
 *
 * search runs docs_list(), the function behind /van-ban and
 * /api/v1/documents, for the person named by --as.
 *
 * Messages go to standard error in Vietnamese; results to standard output
 * (tab-separated, or JSON with --json).
 * Exit status: 0 done, 1 system failure or interrupted, 2 bad usage or
 * input (for import: some line was refused; the others are in).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/calendar.h"
#include "core/cli.h"
#include "core/data.h"
#include "directory/directory.h"
#include "docs.h"

#define EXIT_OK		0
#define EXIT_SYSTEM	1
#define EXIT_USAGE	2

#define BATCH_DEFAULT	1000
#define BATCH_MAX	100000
#define LINE_MAX_BYTES	(1 << 20)
#define SEARCH_DEFAULT	20
#define SEARCH_MAX	200

static volatile sig_atomic_t stop_requested;

static void
on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int
bad_usage(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
bad_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "congso doc %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

static int
parse_count(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* --- import --------------------------------------------------------------- */

/* A string member, NULL when absent or null; -1 when of another type. */
static int
member_str(json_t *o, const char *name, const char **out)
{
	json_t *v = json_object_get(o, name);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -1;
	*out = json_string_value(v);
	return 0;
}

static int
member_int(json_t *o, const char *name, int *out)
{
	json_t *v = json_object_get(o, name);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 1000000000)
		return -1;
	*out = (int)json_integer_value(v);
	return 0;
}

/* A string or an array of strings, at most `max`. */
static int
member_list(json_t *o, const char *name, const char **out, int max, int *n)
{
	json_t *v = json_object_get(o, name), *e;
	size_t i;

	*n = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		out[(*n)++] = json_string_value(v);
		return 0;
	}
	if (!json_is_array(v) || json_array_size(v) > (size_t)max)
		return -1;
	json_array_foreach(v, i, e) {
		if (!json_is_string(e))
			return -1;
		out[(*n)++] = json_string_value(e);
	}
	return 0;
}

/*
 * Read one line's object into `im`; relative file paths are taken from
 * `base` (the import file's folder) into `paths`. NULL, or why not.
 */
static const char *
read_line(json_t *o, struct docs_import *im, const char *base,
    char paths[][PATH_MAX])
{
	static const struct {
		const char	*name;
		size_t		 off;
	} strs[] = {
		{ "unit", offsetof(struct docs_import, unit) },
		{ "direction", offsetof(struct docs_import, direction) },
		{ "type", offsetof(struct docs_import, type) },
		{ "notation", offsetof(struct docs_import, notation) },
		{ "date", offsetof(struct docs_import, date) },
		{ "summary", offsetof(struct docs_import, summary) },
		{ "signer", offsetof(struct docs_import, signer) },
		{ "urgency", offsetof(struct docs_import, urgency) },
		{ "confidentiality", offsetof(struct docs_import, secret) },
		{ "from", offsetof(struct docs_import, from) },
		{ "received_on", offsetof(struct docs_import, received_on) },
		{ "division", offsetof(struct docs_import, division) },
	};
	const char *files[DOCS_IMPORT_FILES_MAX];
	size_t i;
	int k;

	memset(im, 0, sizeof(*im));
	if (!json_is_object(o))
		return "dòng không phải một đối tượng JSON";
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (member_str(o, strs[i].name, (const char **)((char *)im +
		    strs[i].off)) < 0)
			return strs[i].name;
	if (member_int(o, "number", &im->number) < 0)
		return "number";
	if (member_int(o, "in_number", &im->in_number) < 0)
		return "in_number";
	if (member_list(o, "to", im->to, DOCS_RECIPIENTS_MAX, &im->nto) < 0)
		return "to";
	if (member_list(o, "files", files, DOCS_IMPORT_FILES_MAX,
	    &im->nfiles) < 0)
		return "files";
	for (k = 0; k < im->nfiles; k++) {
		if (*files[k] == '/')
			snprintf(paths[k], PATH_MAX, "%s", files[k]);
		else if (snprintf(paths[k], PATH_MAX, "%s/%s", base, files[k]) >=
		    PATH_MAX)
			return "files";
		im->files[k] = paths[k];
	}
	return NULL;
}

/* What a field error means, for a report line. */
static const char *
field_error(const char *field)
{
	static __thread char why[160];

	if (strchr(field, ' '))
		return field;
	if (strcmp(field, "to") == 0 || strcmp(field, "files") == 0)
		snprintf(why, sizeof(why), "%s phải là chuỗi hoặc mảng chuỗi"
		    " (tối đa %d)", field, strcmp(field, "to") == 0 ?
		    DOCS_RECIPIENTS_MAX : DOCS_IMPORT_FILES_MAX);
	else if (strcmp(field, "number") == 0 ||
	    strcmp(field, "in_number") == 0)
		snprintf(why, sizeof(why), "%s phải là số nguyên không âm", field);
	else
		snprintf(why, sizeof(why), "%s phải là chuỗi", field);
	return why;
}

/* The key of an import file: its real path, size and first line. */
static int
file_key(const char *path, FILE *fp, long size, char key[65], char *real)
{
	char *line = NULL, first[65];
	struct buf b = BUF_INIT;
	size_t cap = 0;
	ssize_t n;

	if (realpath(path, real) == NULL)
		return -1;
	n = getline(&line, &cap, fp);
	auth_sha256_hex(line ? line : "", n > 0 ? (size_t)n : 0, first);
	free(line);
	rewind(fp);
	buf_printf(&b, "%s\n%ld\n%s", real, size, first);
	auth_sha256_hex(b.data, b.len, key);
	buf_release(&b);
	return 0;
}

struct import_ctx {
	struct db		*db;
	struct docs_import_run	 run;
	struct docs_actor	 who;
	long			 batch_first;	/* first line of the batch */
	long			 batch_ok, batch_bad;
	int			 open;		/* a transaction is open */
};

/* Commit the batch up to `line` with the file's position. 0 or -1. */
static int
commit_batch(struct import_ctx *x, long line)
{
	char detail[160];

	if (!x->open)
		return 0;
	x->run.last_line = line;
	snprintf(detail, sizeof(detail), "dòng %ld–%ld: %ld văn bản, %ld dòng"
	    " bị từ chối", x->batch_first, line, x->batch_ok, x->batch_bad);
	if (docs_import_save(x->db, &x->run) < 0 ||
	    audit_record(x->db, 0, "cli", "", "docs.import", x->run.key,
	    detail) < 0 || db_commit(x->db) < 0) {
		db_rollback(x->db);
		x->open = 0;
		return -1;
	}
	x->open = 0;
	x->batch_ok = x->batch_bad = 0;
	return 0;
}

static int
reject(struct import_ctx *x, long line, const char *why)
{
	fprintf(stderr, "dòng %ld: %s\n", line, why);
	x->run.rejected++;
	x->batch_bad++;
	return docs_import_reject(x->db, x->run.key, line, why);
}

/* One line: 0 filed or refused (reported), -1 system failure. */
static int
import_line(struct import_ctx *x, const char *text, size_t len, long line,
    const char *base)
{
	static char paths[DOCS_IMPORT_FILES_MAX][PATH_MAX];
	struct docs_import im;
	struct docs_err e = { 0 };
	json_error_t jerr;
	const char *why;
	json_t *o;
	int64_t id = 0;
	int rc;

	if (len > LINE_MAX_BYTES)
		return reject(x, line, "dòng dài quá 1 MB");
	if ((o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		char msg[256];

		snprintf(msg, sizeof(msg), "không phải JSON hợp lệ (cột %d: %s)",
		    jerr.column, jerr.text);
		return reject(x, line, msg);
	}
	if ((why = read_line(o, &im, base, paths)) != NULL) {
		rc = reject(x, line, field_error(why));
		json_decref(o);
		return rc;
	}
	if (db_exec(x->db, "SAVEPOINT line") < 0) {
		json_decref(o);
		return -1;
	}
	rc = docs_import_one(x->db, &x->who, &im, &id, &e);
	json_decref(o);
	if (rc < 0) {
		if (db_exec(x->db, "ROLLBACK TO line; RELEASE line") < 0)
			return -1;
		if (e.status >= 500) {
			fprintf(stderr, "dòng %ld: lỗi hệ thống: %s\n", line,
			    db_errmsg(x->db));
			return -1;
		}
		return reject(x, line, e.message ? e.message : "bị từ chối");
	}
	if (db_exec(x->db, "RELEASE line") < 0)
		return -1;
	x->run.accepted++;
	x->batch_ok++;
	return 0;
}

static void
show_progress(const struct import_ctx *x, long line, time_t started,
    long first)
{
	double s = difftime(time(NULL), started);

	fprintf(stderr, "\rdòng %ld: %ld văn bản, %ld dòng bị từ chối",
	    line, x->run.accepted, x->run.rejected);
	if (s >= 1)
		fprintf(stderr, " (%.0f dòng/giây)", (double)(line - first) / s);
	fflush(stderr);
}

static int
cmd_import(struct cli *c)
{
	struct import_ctx x;
	struct stat sb;
	struct sigaction sa;
	char key[65], real[PATH_MAX], base[PATH_MAX], *line = NULL, *slash;
	const char *path;
	size_t cap = 0;
	ssize_t n;
	long batch = BATCH_DEFAULT, max_lines = 0, lineno = 0, done = 0, last;
	int tty = isatty(STDERR_FILENO), rc = EXIT_SYSTEM;
	time_t started = time(NULL), shown = 0;
	FILE *fp;

	if (cli_get(c, "--batch") && parse_count(cli_get(c, "--batch"), 1,
	    BATCH_MAX, &batch) < 0)
		return bad_usage("import", "--batch phải là số từ 1 đến %d",
		    BATCH_MAX);
	if (cli_get(c, "--max-lines") && parse_count(cli_get(c,
	    "--max-lines"), 1, LONG_MAX, &max_lines) < 0)
		return bad_usage("import", "--max-lines phải là số dương");
	path = c->args[0];
	if ((fp = fopen(path, "r")) == NULL || fstat(fileno(fp), &sb) < 0 ||
	    !S_ISREG(sb.st_mode)) {
		int err = fp ? EISDIR : errno;

		if (fp)
			fclose(fp);
		return bad_usage("import", "không đọc được tệp %s: %s", path,
		    err == ENOENT ? "không có tệp này" : err == EISDIR ?
		    "không phải tệp thường" : strerror(err));
	}
	if (file_key(path, fp, (long)sb.st_size, key, real) < 0) {
		fclose(fp);
		return bad_usage("import", "không đọc được tệp %s: %s", path,
		    strerror(errno));
	}
	snprintf(base, sizeof(base), "%s", real);
	if ((slash = strrchr(base, '/')) != NULL)
		*(slash == base ? slash + 1 : slash) = '\0';
	if (data_open(cli_get(c, "--data")) < 0) {
		fclose(fp);
		return EXIT_SYSTEM;
	}
	memset(&x, 0, sizeof(x));
	x.db = db_thread();
	x.who.name = "cli";
	x.who.full_name = "Nhập từ hệ thống cũ (congso doc import)";
	x.who.ip = "";
	if (db_begin(x.db) < 0 || docs_import_resume(x.db, key, real,
	    (long)sb.st_size, &x.run) < 0 || db_commit(x.db) < 0) {
		db_rollback(x.db);
		fprintf(stderr, "congso doc import: lỗi cơ sở dữ liệu: %s\n",
		    db_errmsg(x.db));
		goto out;
	}
	if (x.run.finished) {
		printf("Tệp %s đã được nhập xong trước đây: %ld văn bản, %ld dòng"
		    " bị từ chối\n", path, x.run.accepted, x.run.rejected);
		rc = x.run.rejected ? EXIT_USAGE : EXIT_OK;
		goto out;
	}
	if (x.run.last_line > 0)
		fprintf(stderr, "Tiếp tục sau dòng %ld (đã nhập %ld văn bản, %ld"
		    " dòng bị từ chối)\n", x.run.last_line, x.run.accepted,
		    x.run.rejected);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	last = x.run.last_line;
	while ((n = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if (lineno <= x.run.last_line)
			continue;
		if (stop_requested || (max_lines && done == max_lines))
			break;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!x.open) {
			if (db_begin(x.db) < 0)
				goto failed;
			x.open = 1;
			x.batch_first = lineno;
		}
		done++;
		if (strspn(line, " \t") != (size_t)n &&
		    import_line(&x, line, (size_t)n, lineno, base) < 0)
			goto failed;
		last = lineno;
		if (done % batch == 0 && commit_batch(&x, last) < 0)
			goto failed;
		if (tty && time(NULL) != shown) {
			shown = time(NULL);
			show_progress(&x, lineno, started, x.run.last_line);
		}
	}
	if (ferror(fp)) {
		fprintf(stderr, "congso doc import: lỗi đọc %s: %s\n", path,
		    strerror(errno));
		goto failed;
	}
	/* The last batch, with the file's position; finished at its end. */
	if (!x.open) {
		if (db_begin(x.db) < 0)
			goto failed;
		x.open = 1;
		x.batch_first = last + 1;
	}
	x.run.finished = n <= 0;
	if (commit_batch(&x, last) < 0)
		goto failed;
	if (tty)
		fputc('\n', stderr);
	if (!x.run.finished) {
		fprintf(stderr, "Đã dừng sau dòng %ld; chạy lại lệnh này để nhập"
		    " tiếp.\n", x.run.last_line);
		printf("Đã nhập %ld văn bản; %ld dòng bị từ chối\n",
		    x.run.accepted, x.run.rejected);
		rc = stop_requested ? EXIT_SYSTEM : EXIT_OK;
		goto out;
	}
	/* The segments the import wrote to the search index, merged now
	 * rather than by the server's job once it starts. */
	if (tty)
		fprintf(stderr, "Đang gộp chỉ mục tìm kiếm…\n");
	if (docs_index_merge(x.db, 0) < 0) {
		fprintf(stderr, "congso doc import: lỗi khi gộp chỉ mục tìm"
		    " kiếm (%s); máy chủ sẽ gộp tiếp.\n", db_errmsg(x.db));
		rc = EXIT_SYSTEM;
		goto out;
	}
	printf("Đã nhập %ld văn bản; %ld dòng bị từ chối\n", x.run.accepted,
	    x.run.rejected);
	rc = x.run.rejected ? EXIT_USAGE : EXIT_OK;
	goto out;
failed:
	if (x.open)
		db_rollback(x.db);
	if (tty)
		fputc('\n', stderr);
	fprintf(stderr, "congso doc import: dừng vì lỗi hệ thống (%s); các dòng"
	    " đến dòng %ld đã được ghi, chạy lại lệnh để nhập tiếp.\n",
	    db_errmsg(x.db), x.run.last_line);
	rc = EXIT_SYSTEM;
out:
	free(line);
	fclose(fp);
	db_thread_close();
	return rc;
}

/* --- search --------------------------------------------------------------- */

static void
tsv(const char *s)
{
	for (; s && *s; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static json_t *
doc_json(const struct docs_doc *d)
{
	json_t *o;

	o = json_pack("{s:I, s:s, s:{s:s, s:s}, s:s, s:s, s:s, s:s, s:s}",
	    "id", (json_int_t)d->id, "notation", d->notation, "type", "code",
	    d->type_code, "name", d->type_name, "issuer_name", d->issuer_name,
	    "summary", d->summary, "urgency", docs_urgency_name(d->urgency),
	    "state", d->state, "direction", d->receipt_id ? "in" : "out");
	json_object_set_new(o, "date", d->doc_date ? json_string(d->doc_date) :
	    json_null());
	json_object_set_new(o, "receipt_state", d->in_state ?
	    json_string(d->in_state) : json_null());
	return o;
}

static int
cmd_search(struct cli *c)
{
	struct docs_query q = { 0 };
	struct dir_person p;
	struct docs_actor who;
	struct docs_doc *d;
	struct arena a = { 0 };
	struct buf words = BUF_INIT;
	const char *s, *as = cli_get(c, "--as");
	long limit = SEARCH_DEFAULT;
	int i, n, total, rc = EXIT_USAGE, day;

	q.urgency = -1;
	q.box = DOCS_BOX_ALL;
	if (as == NULL)
		return bad_usage("search", "thiếu --as TÊN_ĐĂNG_NHẬP (tìm như"
		    " người này tìm trên web)");
	if (cli_get(c, "--limit") && parse_count(cli_get(c, "--limit"), 1,
	    SEARCH_MAX, &limit) < 0)
		return bad_usage("search", "--limit phải là số từ 1 đến %d",
		    SEARCH_MAX);
	if ((s = cli_get(c, "--urgency")) && (q.urgency =
	    docs_urgency_parse(s)) < 0)
		return bad_usage("search", "--urgency: thuong, khan, thuong_khan"
		    " hoặc hoa_toc");
	q.from = cli_get(c, "--from");
	q.to = cli_get(c, "--to");
	if ((q.from && calendar_parse_iso(q.from, &day) < 0) ||
	    (q.to && calendar_parse_iso(q.to, &day) < 0))
		return bad_usage("search", "--from và --to là ngày YYYY-MM-DD");
	q.type_code = cli_get(c, "--type");
	q.limit = (int)limit;
	for (i = 0; i < c->nargs; i++)
		buf_printf(&words, "%s%s", i ? " " : "", c->args[i]);
	q.q = words.data;
	if (strlen(q.q) > 200) {
		buf_release(&words);
		return bad_usage("search", "từ khóa dài quá 200 byte");
	}
	if (data_open(cli_get(c, "--data")) < 0) {
		buf_release(&words);
		return EXIT_SYSTEM;
	}
	if (dir_person_by_username(db_thread(), &a, as, &p) < 0 || !p.active) {
		rc = bad_usage("search", "không có người dùng '%s' đang làm"
		    " việc", as);
		goto out;
	}
	if (docs_actor_init(db_thread(), &who, p.id, p.username, p.full_name,
	    "", p.unit_id, p.roles) < 0) {
		rc = bad_usage("search", "người dùng '%s' không thuộc đơn vị"
		    " nào", as);
		goto out;
	}
	n = docs_list(db_thread(), &a, &who, &q, &d, &total);
	if (n == -2) {
		rc = bad_usage("search", "từ khóa cần ít nhất một chữ hoặc số");
		goto out;
	}
	if (n < 0) {
		fprintf(stderr, "congso doc search: lỗi cơ sở dữ liệu: %s\n",
		    db_errmsg(db_thread()));
		rc = EXIT_SYSTEM;
		goto out;
	}
	if (cli_has(c, "--json")) {
		json_t *items = json_array(), *o;

		for (i = 0; i < n; i++)
			json_array_append_new(items, doc_json(&d[i]));
		o = json_pack("{s:s, s:s, s:o, s:i}", "as", as, "q", q.q,
		    "items", items, "total", total);
		json_dumpf(o, stdout, JSON_INDENT(1));
		putchar('\n');
		json_decref(o);
	} else {
		for (i = 0; i < n; i++) {
			printf("%lld\t", (long long)d[i].id);
			tsv(*d[i].notation ? d[i].notation : "-");
			putchar('\t');
			tsv(d[i].doc_date ? d[i].doc_date : "-");
			putchar('\t');
			tsv(d[i].type_name);
			putchar('\t');
			tsv(d[i].issuer_name);
			putchar('\t');
			tsv(d[i].summary);
			putchar('\n');
		}
		fprintf(stderr, "%d/%d văn bản %s được xem\n", n, total, as);
	}
	rc = EXIT_OK;
out:
	buf_release(&words);
	arena_release(&a);
	db_thread_close();
	return rc;
}

/* --- demo --------------------------------------------------------------- */

static int
cmd_demo(struct cli *c)
{
	int rc, steps;

	if (data_open(cli_get(c, "--data")) < 0)
		return EXIT_SYSTEM;
	rc = docs_demo_load(db_thread(), &steps);
	db_thread_close();
	if (rc == -2)
		return EXIT_USAGE;
	if (rc < 0) {
		fprintf(stderr, "congso doc demo: dừng sau %d bước; xóa thư mục"
		    " dữ liệu, tạo lại rồi thử lại\n", steps);
		return EXIT_SYSTEM;
	}
	printf("Đã nạp văn bản mẫu của Sở Thông tin và Truyền thông: %d bước"
	    " xử lý\n", steps);
	return EXIT_OK;
}

/* --- dispatch ------------------------------------------------------------- */

void
docs_usage(void)
{
	fputs("congso doc import --data DIR [--batch N] [--max-lines N]"
	    " FILE.jsonl\n"
	    "  Nhập văn bản từ hệ thống cũ: mỗi dòng một đối tượng JSON:\n"
	    "    unit       mã định danh đơn vị giữ sổ (vd 000.00.12.H55)\n"
	    "    direction  \"out\" (văn bản đi) hoặc \"in\" (văn bản đến)\n"
	    "    type       loại văn bản: viết tắt (QĐ, CV, TB...) hoặc tên\n"
	    "    number     số văn bản; notation  số, ký hiệu (12/QĐ-UBND)\n"
	    "    date       ngày văn bản YYYY-MM-DD; summary  trích yếu\n"
	    "    signer     người ký; urgency  thuong, khan, thuong_khan,"
	    " hoa_toc\n"
	    "    from       văn bản đến: cơ quan ban hành (mã định danh hoặc"
	    " tên)\n"
	    "    to         văn bản đi: nơi nhận (mã định danh hoặc tên, chuỗi"
	    " hoặc mảng)\n"
	    "    files      đường dẫn tệp đính kèm (tương đối so với FILE);"
	    " PDF, DOCX,\n"
	    "               XLSX, PNG, JPEG; văn bản trong PDF được trích sau\n"
	    "    tùy chọn:  received_on, in_number (ngày đến, số đến của văn"
	    " bản đến),\n"
	    "               division (đơn vị soạn thảo công văn đi)\n"
	    "  Văn bản đi vào sổ văn bản đi với số của nó; văn bản đến vào sổ"
	    " văn bản\n"
	    "  đến và đã xử lý xong. Mỗi dòng nhập trọn vẹn hoặc không nhập gì;"
	    " dòng\n"
	    "  bị từ chối được báo kèm số dòng và lý do. Ghi mỗi N dòng (mặc"
	    " định 1000)\n"
	    "  cùng vị trí trong tệp: khi bị ngắt (Ctrl-C, sự cố), chạy lại"
	    " đúng lệnh\n"
	    "  này để nhập tiếp sau dòng đã ghi. --max-lines N: chỉ nhập N"
	    " dòng lần này.\n"
	    "  Thoát 0 khi mọi dòng được nhập, 2 khi có dòng bị từ chối, 1"
	    " khi lỗi\n"
	    "  hệ thống hoặc bị ngắt.\n"
	    "congso doc search --data DIR --as TÊN_ĐĂNG_NHẬP [--json] [--type"
	    " LOẠI]\n"
	    "                  [--from NGÀY] [--to NGÀY] [--urgency ĐỘ_KHẨN]"
	    " [--limit N]\n"
	    "                  TỪ KHÓA...\n"
	    "  Tìm văn bản đúng như người đó tìm trên web (không cần dấu; chỉ"
	    " văn bản\n"
	    "  người đó được xem). In mỗi dòng: id, số ký hiệu, ngày, loại, cơ"
	    " quan\n"
	    "  ban hành, trích yếu (cách nhau bằng tab); --json in JSON.\n"
	    "congso doc demo --data DIR\n"
	    "  Nạp văn bản mẫu vào thư mục vừa tạo bằng 'congso init --demo"
	    " thai-nguyen'\n"
	    "  (make demo làm việc này): sổ văn bản đi, đến trong năm của Sở"
	    " Thông tin\n"
	    "  và Truyền thông, và văn bản đang xử lý ở mọi hàng đợi của các"
	    " tài khoản\n"
	    "  thử vanthu, lanhdao, chuyenvien (chờ vào sổ, chờ bút phê, đang"
	    " xử lý,\n"
	    "  sắp đến hạn, quá hạn, dự thảo chờ duyệt, chờ cấp số), một hồ sơ"
	    " công việc.\n",
	    stdout);
	docs_seal_usage();
}

int
docs_cli(int argc, char **argv)
{
	static const char *const import_opts[] = { "--data", "--batch",
	    "--max-lines", NULL };
	static const char *const search_opts[] = { "--data", "--as", "--type",
	    "--from", "--to", "--urgency", "--limit", NULL };
	static const char *const search_switches[] = { "--json", NULL };
	static const char *const demo_opts[] = { "--data", NULL };
	struct cli c;

	if (argc < 2) {
		fprintf(stderr, "congso doc: thiếu lệnh con (import, search, demo);"
		    " xem 'congso help doc'\n");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "import") == 0) {
		if (cli_parse(&c, argc, argv, 2, import_opts, NULL) < 0)
			return EXIT_USAGE;
		if (cli_need(&c, "--data") == NULL)
			return EXIT_USAGE;
		if (c.nargs != 1)
			return bad_usage("import", "cần đúng một tệp FILE.jsonl;"
			    " xem 'congso help doc'");
		return cmd_import(&c);
	}
	if (strcmp(argv[1], "search") == 0) {
		if (cli_parse(&c, argc, argv, 2, search_opts,
		    search_switches) < 0)
			return EXIT_USAGE;
		if (cli_need(&c, "--data") == NULL)
			return EXIT_USAGE;
		if (c.nargs == 0)
			return bad_usage("search", "cần từ khóa; xem 'congso help"
			    " doc'");
		return cmd_search(&c);
	}
	if (strcmp(argv[1], "demo") == 0) {
		if (cli_parse(&c, argc, argv, 2, demo_opts, NULL) < 0)
			return EXIT_USAGE;
		if (cli_need(&c, "--data") == NULL)
			return EXIT_USAGE;
		if (c.nargs != 0)
			return bad_usage("demo", "không nhận tham số '%s'",
			    c.args[0]);
		return cmd_demo(&c);
	}
	if (strcmp(argv[1], "seal-key") == 0 || strcmp(argv[1], "place") == 0)
		return docs_seal_cli(argc, argv);
	fprintf(stderr, "congso doc: không có lệnh con '%s' (import, search,"
	    " demo, seal-key, place);"
	    " xem 'congso help doc'\n", argv[1]);
	return EXIT_USAGE;
}
