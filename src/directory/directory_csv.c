/*
 * directory_csv.c - units and people to and from CSV files.
 *
 * An import reads a header naming its columns (any order, unknown names
 * rejected), then one unit or person a record, each through the same
 * validation as the pages and the API (dir_unit_create,
 * dir_person_create), all in one transaction. Every bad record is listed
 * by line in the report and the reading goes on, so one pass finds every
 * problem; any bad record rolls the whole import back.
 *
 * Return values of the importers: the number of records imported, -1 when
 * the input is wrong (the report says where) and -2 when the database
 * failed (the report says so too).
 *
 * Exports are plain UTF-8 with a header record and CRLF line ends, in the
 * column order of the import, so that an export imports again as it is.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/csv.h"
#include "core/log.h"
#include "directory.h"

#define IMPORT_MAX_ROWS		200000	/* records after the header */
#define IMPORT_MAX_ROWS_TEXT	"200.000"	/* the same, for people */
#define IMPORT_PROGRESS		1000	/* records between progress calls */
#define REPORT_MAX_LINES	1000	/* bad records listed one by one */

#define IMPORT_BAD		(-1)
#define IMPORT_FAILED		(-2)

/* Columns of the units file, in export order. */
enum ucol {
	UC_CODE, UC_NAME, UC_SHORT_NAME, UC_KIND, UC_PARENT_CODE, UC_ADDRESS,
	UC_EMAIL, UC_PHONE, UC_EFFECTIVE_FROM, UC_MAX
};

static const char *const unit_cols[UC_MAX + 1] = {
	"code", "name", "short_name", "kind", "parent_code", "address",
	"email", "phone", "effective_from", NULL
};

#define UNIT_REQUIRED	((1u << UC_CODE) | (1u << UC_NAME) | \
	(1u << UC_SHORT_NAME) | (1u << UC_KIND))

/* Columns of the people file, in export order. */
enum pcol {
	PC_USERNAME, PC_FULL_NAME, PC_UNIT_CODE, PC_POSITION, PC_ROLES,
	PC_EMAIL, PC_PHONE, PC_MAX
};

static const char *const person_cols[PC_MAX + 1] = {
	"username", "full_name", "unit_code", "position", "roles", "email",
	"phone", NULL
};

#define PERSON_REQUIRED	((1u << PC_USERNAME) | (1u << PC_FULL_NAME) | \
	(1u << PC_UNIT_CODE))

/* A unit code and id, for looking units up without the database. */
struct unit_key {
	const char	*code;
	int64_t		 id;
};

/*
 * One import in progress. `pos[i]` is the record index of column i, or -1
 * when the file does not have that column.
 */
struct import {
	struct db		*db;
	const struct dir_actor	*who;
	struct buf		*report;
	const char *const	*cols;
	int			 ncols;
	int			 pos[16];
	size_t			 nfields;	/* fields in the header */
	long			 nbad;
	struct arena		 row;		/* freed after each record */
	struct arena		 keep;		/* lives for the import */
	struct unit_key		*units;		/* people: units in force, */
	size_t			 nunits;	/* sorted by code */
};

/* Append one problem to the report; past REPORT_MAX_LINES only count. */
static void
report_bad(struct import *im, unsigned long line, const char *msg,
    const char *field)
{
	im->nbad++;
	if (im->nbad > REPORT_MAX_LINES)
		return;
	if (line)
		buf_printf(im->report, "dòng %lu: ", line);
	buf_adds(im->report, msg ? msg : "dữ liệu không hợp lệ");
	if (field)
		buf_printf(im->report, " (trường %s)", field);
	buf_addch(im->report, '\n');
}

/* The CSV column a validation error is about. */
static const char *
column_of(const struct import *im, const char *field)
{
	int i;

	if (field == NULL)
		return NULL;
	if (strcmp(field, "parent_id") == 0)
		return "parent_code";
	if (strcmp(field, "unit_id") == 0)
		return "unit_code";
	for (i = 0; i < im->ncols; i++)
		if (strcmp(field, im->cols[i]) == 0)
			return field;
	return NULL;
}

/* The value of column `c` in `rec`: "" when the file lacks the column. */
static const char *
field(const struct import *im, const struct csv_record *rec, int c)
{
	return im->pos[c] < 0 ? "" : rec->fields[im->pos[c]];
}

/* Like field(), but NULL for an empty value. */
static const char *
field_or_null(const struct import *im, const struct csv_record *rec, int c)
{
	const char *s = field(im, rec, c);

	return *s ? s : NULL;
}

/* Map the header record to columns. 0, or -1 after reporting. */
static int
read_header(struct import *im, const struct csv_record *rec,
    unsigned required)
{
	unsigned seen = 0;
	size_t i;
	int c;

	for (c = 0; c < im->ncols; c++)
		im->pos[c] = -1;
	for (i = 0; i < rec->nfields; i++) {
		for (c = 0; c < im->ncols; c++)
			if (strcmp(rec->fields[i], im->cols[c]) == 0)
				break;
		if (c == im->ncols) {
			struct buf m = BUF_INIT;

			buf_printf(&m, "tiêu đề có cột không biết '%.64s' (các"
			    " cột: ", rec->fields[i]);
			for (c = 0; c < im->ncols; c++)
				buf_printf(&m, "%s%s", c ? "," : "",
				    im->cols[c]);
			buf_addch(&m, ')');
			report_bad(im, rec->line, m.data, NULL);
			buf_release(&m);
			return -1;
		}
		if (seen & (1u << c)) {
			struct buf m = BUF_INIT;

			buf_printf(&m, "tiêu đề có cột %s hai lần", im->cols[c]);
			report_bad(im, rec->line, m.data, NULL);
			buf_release(&m);
			return -1;
		}
		seen |= 1u << c;
		im->pos[c] = (int)i;
	}
	for (c = 0; c < im->ncols; c++)
		if ((required & (1u << c)) && !(seen & (1u << c))) {
			struct buf m = BUF_INIT;

			buf_printf(&m, "tiêu đề thiếu cột bắt buộc %s",
			    im->cols[c]);
			report_bad(im, rec->line, m.data, NULL);
			buf_release(&m);
			return -1;
		}
	im->nfields = rec->nfields;
	return 0;
}

/* Report a failed create: a bad record (-1) or a database failure (-2). */
static int
row_failed(struct import *im, unsigned long line, const struct dir_err *e)
{
	if (e->status >= 500 || e->message == NULL) {
		report_bad(im, line, "lỗi cơ sở dữ liệu, đã dừng nhập", NULL);
		return IMPORT_FAILED;
	}
	report_bad(im, line, e->message, column_of(im, e->field));
	return IMPORT_BAD;
}

typedef int (*row_fn)(struct import *, const struct csv_record *);

/*
 * Read `path` and hand each record after the header to `fn`, which returns
 * 0, IMPORT_BAD (reported) or IMPORT_FAILED (stop). Runs the transaction.
 */
static int
import_file(struct import *im, const char *path, unsigned required,
    row_fn fn, void (*progress)(long))
{
	struct csv_reader r;
	struct csv_record rec;
	struct stat sb;
	FILE *fp;
	unsigned long too_many = 0;	/* line past the row limit */
	long rows = 0;
	int rc, failed = 0, began = 0;

	if ((fp = fopen(path, "rb")) != NULL &&
	    (fstat(fileno(fp), &sb) < 0 || S_ISDIR(sb.st_mode))) {
		fclose(fp);
		fp = NULL;
		errno = EISDIR;
	}
	if (fp == NULL) {
		struct buf m = BUF_INIT;

		buf_printf(&m, "không mở được tệp %s: %s", path,
		    errno == ENOENT ? "không có tệp này" : errno == EACCES ?
		    "không có quyền đọc" : errno == EISDIR ? "đây là thư mục" :
		    strerror(errno));
		report_bad(im, 0, m.data, NULL);
		buf_release(&m);
		return IMPORT_BAD;
	}
	csv_reader_init(&r, fp, NULL);
	if (db_begin(im->db) < 0) {
		report_bad(im, 0, "không bắt đầu được giao dịch cơ sở dữ liệu"
		    " (cơ sở dữ liệu đang bận?)", NULL);
		failed = 1;
		goto out;
	}
	began = 1;
	rc = csv_read(&r, &rec);
	if (rc == 0) {
		report_bad(im, 0, "tệp trống: thiếu dòng tiêu đề", NULL);
		goto out;
	}
	if (rc < 0) {
		report_bad(im, 0, r.err.msg, NULL);
		failed = r.err.code == CSV_EIO;
		goto out;
	}
	if (read_header(im, &rec, required) < 0)
		goto out;
	for (;;) {
		rc = csv_read(&r, &rec);
		if (rc == 0)
			break;
		if (++rows > IMPORT_MAX_ROWS) {
			too_many = rc > 0 ? rec.line : r.err.record_line;
			break;
		}
		if (progress && rows % IMPORT_PROGRESS == 0)
			progress(rows);
		if (rc < 0) {
			report_bad(im, 0, r.err.msg, NULL);
			if (r.err.code == CSV_EIO) {
				failed = 1;
				break;
			}
			continue;
		}
		if (rec.nfields != im->nfields) {
			struct buf m = BUF_INIT;

			buf_printf(&m, "có %zu trường, tiêu đề có %zu",
			    rec.nfields, im->nfields);
			report_bad(im, rec.line, m.data, NULL);
			buf_release(&m);
			continue;
		}
		rc = fn(im, &rec);
		arena_release(&im->row);
		if (rc == IMPORT_FAILED) {
			failed = 1;
			break;
		}
	}
out:
	csv_reader_release(&r);
	fclose(fp);
	if (im->nbad > REPORT_MAX_LINES)
		buf_printf(im->report, "... và %ld dòng lỗi khác\n",
		    im->nbad - REPORT_MAX_LINES);
	if (too_many)	/* shown even past the listing limit */
		buf_printf(im->report, "dòng %lu: tệp quá %s dòng dữ liệu;"
		    " hãy chia thành nhiều tệp\n", too_many,
		    IMPORT_MAX_ROWS_TEXT);
	if (failed || im->nbad || too_many) {
		if (began && db_rollback(im->db) < 0)
			failed = 1;
		return failed ? IMPORT_FAILED : IMPORT_BAD;
	}
	if (db_commit(im->db) < 0) {
		report_bad(im, 0, "không ghi được giao dịch vào cơ sở dữ liệu",
		    NULL);
		db_rollback(im->db);
		return IMPORT_FAILED;
	}
	return (int)rows;
}

static void
import_init(struct import *im, struct db *db, const struct dir_actor *who,
    struct buf *report, const char *const *cols, int ncols)
{
	memset(im, 0, sizeof(*im));
	im->db = db;
	im->who = who;
	im->report = report;
	im->cols = cols;
	im->ncols = ncols;
}

static void
import_release(struct import *im)
{
	arena_release(&im->row);
	arena_release(&im->keep);
}

/* --- units ------------------------------------------------------------ */

static int
unit_row(struct import *im, const struct csv_record *rec)
{
	struct dir_unit u, parent;
	struct dir_err e;
	const char *pcode;

	memset(&u, 0, sizeof(u));
	memset(&e, 0, sizeof(e));
	u.code = field_or_null(im, rec, UC_CODE);
	u.name = field(im, rec, UC_NAME);
	u.short_name = field(im, rec, UC_SHORT_NAME);
	u.kind = field_or_null(im, rec, UC_KIND);
	u.address = field(im, rec, UC_ADDRESS);
	u.email = field(im, rec, UC_EMAIL);
	u.phone = field(im, rec, UC_PHONE);
	u.effective_from = field_or_null(im, rec, UC_EFFECTIVE_FROM);
	if ((pcode = field_or_null(im, rec, UC_PARENT_CODE)) != NULL) {
		if (dir_unit_by_code(im->db, &im->row, pcode, &parent) < 0) {
			struct buf m = BUF_INIT;

			buf_printf(&m, "không có đơn vị cấp trên mã %.64s (trong"
			    " cơ sở dữ liệu hay ở các dòng trước)", pcode);
			report_bad(im, rec->line, m.data, "parent_code");
			buf_release(&m);
			return IMPORT_BAD;
		}
		if (parent.effective_until) {
			struct buf m = BUF_INIT;

			buf_printf(&m, "đơn vị cấp trên %.64s đã hết hiệu lực từ"
			    " %s", pcode, parent.effective_until);
			report_bad(im, rec->line, m.data, "parent_code");
			buf_release(&m);
			return IMPORT_BAD;
		}
		u.parent_id = parent.id;
	}
	if (dir_unit_create(im->db, im->who, &u, &e) < 0)
		return row_failed(im, rec->line, &e);
	return 0;
}

int
dir_import_units(struct db *db, const struct dir_actor *who,
    const char *path, struct buf *report, void (*progress)(long done))
{
	struct import im;
	int rc;

	import_init(&im, db, who, report, unit_cols, UC_MAX);
	rc = import_file(&im, path, UNIT_REQUIRED, unit_row, progress);
	import_release(&im);
	return rc;
}

/* --- people ----------------------------------------------------------- */

static int
key_by_code(const void *a, const void *b)
{
	const struct unit_key *x = a, *y = b;

	return strcmp(x->code, y->code);
}

/*
 * Every unit in force, sorted by code, into `*out` (allocated in `a`).
 * The count, or -1.
 */
static int
units_in_force(struct db *db, struct arena *a, struct unit_key **out)
{
	struct dir_unit_query q;
	struct dir_unit *list;
	int total = 0, n, i;

	memset(&q, 0, sizeof(q));
	q.parent_id = -1;
	q.limit = 1;
	if (dir_units_list(db, a, &q, &list, &total) < 0)
		return -1;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(total + 1));
	if (total == 0)
		return 0;
	q.limit = total;
	if ((n = dir_units_list(db, a, &q, &list, &total)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		(*out)[i].code = list[i].code;
		(*out)[i].id = list[i].id;
	}
	qsort(*out, (size_t)n, sizeof(**out), key_by_code);
	return n;
}

static int64_t
unit_id_of(const struct import *im, const char *code)
{
	struct unit_key k = { code, 0 }, *hit;

	hit = bsearch(&k, im->units, im->nunits, sizeof(k), key_by_code);
	return hit ? hit->id : 0;
}

static int
person_row(struct import *im, const struct csv_record *rec)
{
	struct dir_person p;
	struct dir_err e;
	const char *ucode, *roles;

	memset(&p, 0, sizeof(p));
	memset(&e, 0, sizeof(e));
	p.username = field(im, rec, PC_USERNAME);
	p.full_name = field(im, rec, PC_FULL_NAME);
	p.position = field(im, rec, PC_POSITION);
	p.email = field(im, rec, PC_EMAIL);
	p.phone = field(im, rec, PC_PHONE);
	p.active = 1;
	ucode = field(im, rec, PC_UNIT_CODE);
	if (*ucode == '\0') {
		report_bad(im, rec->line, "thiếu mã đơn vị", "unit_code");
		return IMPORT_BAD;
	}
	if ((p.unit_id = unit_id_of(im, ucode)) == 0) {
		struct buf m = BUF_INIT;

		buf_printf(&m, "không có đơn vị đang hiệu lực mã %.64s", ucode);
		report_bad(im, rec->line, m.data, "unit_code");
		buf_release(&m);
		return IMPORT_BAD;
	}
	roles = field(im, rec, PC_ROLES);
	if (dir_roles_parse(roles, &p.roles) < 0) {
		struct buf m = BUF_INIT;

		buf_printf(&m, "vai trò không hợp lệ '%.64s' (dùng admin, clerk,"
		    " leader, specialist, onestop, editor, cách nhau bằng"
		    " dấu ;)", roles);
		report_bad(im, rec->line, m.data, "roles");
		buf_release(&m);
		return IMPORT_BAD;
	}
	if (dir_person_create(im->db, im->who, &p, &e) < 0)
		return row_failed(im, rec->line, &e);
	return 0;
}

int
dir_import_people(struct db *db, const struct dir_actor *who,
    const char *path, struct buf *report, void (*progress)(long done))
{
	struct import im;
	int n, rc;

	import_init(&im, db, who, report, person_cols, PC_MAX);
	if ((n = units_in_force(db, &im.keep, &im.units)) < 0) {
		report_bad(&im, 0, "lỗi cơ sở dữ liệu khi đọc danh sách đơn vị",
		    NULL);
		import_release(&im);
		return IMPORT_FAILED;
	}
	im.nunits = (size_t)n;
	rc = import_file(&im, path, PERSON_REQUIRED, person_row, progress);
	import_release(&im);
	return rc;
}

/* --- export ----------------------------------------------------------- */

static int
key_by_id(const void *a, const void *b)
{
	const struct unit_key *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Write one record of `n` NUL-terminated fields. 0 or -1. */
static int
write_record(struct csv_writer *w, const char *const *f, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (csv_write_str(w, f[i] ? f[i] : "") < 0)
			return -1;
	return csv_end_record(w);
}

int
dir_export_units(struct db *db, struct buf *out)
{
	struct arena a = ARENA_INIT;
	struct dir_unit_query q;
	struct dir_unit *list, parent;
	struct unit_key *byid, k, *hit;
	struct csv_writer w;
	const char *f[UC_MAX];
	int total = 0, n = 0, i, rc = -1;

	memset(&q, 0, sizeof(q));
	q.parent_id = -1;
	q.limit = 1;
	if (dir_units_list(db, &a, &q, &list, &total) < 0)
		goto out;
	if (total > 0) {
		q.limit = total;
		if ((n = dir_units_list(db, &a, &q, &list, &total)) < 0)
			goto out;
	}
	byid = arena_alloc(&a, sizeof(*byid) * (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		byid[i].id = list[i].id;
		byid[i].code = list[i].code;
	}
	qsort(byid, (size_t)n, sizeof(*byid), key_by_id);

	csv_writer_init(&w, out);
	if (write_record(&w, unit_cols, UC_MAX) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		struct dir_unit *u = &list[i];

		f[UC_CODE] = u->code;
		f[UC_NAME] = u->name;
		f[UC_SHORT_NAME] = u->short_name;
		f[UC_KIND] = u->kind;
		f[UC_PARENT_CODE] = "";
		if (u->parent_id) {
			k.id = u->parent_id;
			hit = bsearch(&k, byid, (size_t)n, sizeof(k), key_by_id);
			if (hit)
				f[UC_PARENT_CODE] = hit->code;
			else if (dir_unit_get(db, &a, u->parent_id, &parent) == 0)
				f[UC_PARENT_CODE] = parent.code;
			else {
				log_error("unit %" PRId64 ": no parent %" PRId64,
				    u->id, u->parent_id);
				goto out;
			}
		}
		f[UC_ADDRESS] = u->address;
		f[UC_EMAIL] = u->email;
		f[UC_PHONE] = u->phone;
		f[UC_EFFECTIVE_FROM] = u->effective_from;
		if (write_record(&w, f, UC_MAX) < 0)
			goto out;
	}
	rc = n;
out:
	if (rc < 0)
		log_error("units export failed");
	arena_release(&a);
	return rc;
}

static int
person_order(const void *a, const void *b)
{
	const struct dir_person *x = *(struct dir_person *const *)a;
	const struct dir_person *y = *(struct dir_person *const *)b;
	int c = strcmp(x->unit_code, y->unit_code);

	return c ? c : strcmp(x->username, y->username);
}

int
dir_export_people(struct db *db, struct buf *out)
{
	struct arena a = ARENA_INIT;
	struct dir_person_query q;
	struct dir_person *list, **sel;
	struct unit_key *units, k;
	struct csv_writer w;
	const char *f[PC_MAX];
	int total = 0, n = 0, nunits, nsel = 0, i, rc = -1;

	if ((nunits = units_in_force(db, &a, &units)) < 0)
		goto out;
	memset(&q, 0, sizeof(q));
	q.limit = 1;
	if (dir_people_list(db, &a, &q, &list, &total) < 0)
		goto out;
	if (total > 0) {
		q.limit = total;
		if ((n = dir_people_list(db, &a, &q, &list, &total)) < 0)
			goto out;
	}
	/* Active people of units in force: an import makes people active. */
	sel = arena_alloc(&a, sizeof(*sel) * (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		k.code = list[i].unit_code;
		if (list[i].active && bsearch(&k, units, (size_t)nunits,
		    sizeof(k), key_by_code))
			sel[nsel++] = &list[i];
	}
	qsort(sel, (size_t)nsel, sizeof(*sel), person_order);

	csv_writer_init(&w, out);
	if (write_record(&w, person_cols, PC_MAX) < 0)
		goto out;
	for (i = 0; i < nsel; i++) {
		f[PC_USERNAME] = sel[i]->username;
		f[PC_FULL_NAME] = sel[i]->full_name;
		f[PC_UNIT_CODE] = sel[i]->unit_code;
		f[PC_POSITION] = sel[i]->position;
		f[PC_ROLES] = dir_roles_format(&a, sel[i]->roles);
		f[PC_EMAIL] = sel[i]->email;
		f[PC_PHONE] = sel[i]->phone;
		if (write_record(&w, f, PC_MAX) < 0)
			goto out;
	}
	rc = nsel;
out:
	if (rc < 0)
		log_error("people export failed");
	arena_release(&a);
	return rc;
}
