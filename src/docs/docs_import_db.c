/* docs_import_db.c - the SQL of bringing documents in from an old system:
 * one document of an old register filed as it stood (outgoing: issued
 * with its own number; incoming: received, registered and done), its
 * files, and how far each import file got. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/blob.h"
#include "core/calendar.h"
#include "core/data.h"
#include "directory/directory.h"
#include "docs.h"
#include "docs_int.h"

#define INTERNAL(e) docs_err(e, 500, "internal", NULL, "Lỗi hệ thống")

/* A body named by a line: a unit here, or one outside. */
struct body {
	int64_t		 id;		/* 0: not a unit here */
	char		 name[DIR_NAME_MAX + 1];
	char		 code[64];
	char		 short_name[64];
};

static int
unit_row(sqlite3_stmt *st, struct body *b)
{
	b->id = sqlite3_column_int64(st, 0);
	snprintf(b->name, sizeof(b->name), "%s", db_col_text(st, 1));
	snprintf(b->code, sizeof(b->code), "%s", db_col_text(st, 2));
	snprintf(b->short_name, sizeof(b->short_name), "%s",
	    db_col_text(st, 3));
	return 0;
}

/* A unit in force by agency code. 0, or -1 when none. */
static int
unit_by_code(struct db *db, const char *code, struct body *b)
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, "SELECT id, name, code, short_name FROM units"
	    " WHERE code = ?1 AND effective_until IS NULL");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, code);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = unit_row(st, b);
	db_done(st);
	return rc;
}

/* The letter and number of the province's level-1 code ("H55"). */
static int
own_province(struct db *db, const char *code)
{
	sqlite3_stmt *st;
	int same = 0;

	st = db_prepare(db, "SELECT 1 FROM units WHERE parent_id IS NULL"
	    " AND substr(code, 11) = substr(?1, 11) LIMIT 1");
	if (st == NULL)
		return 0;
	db_bind_text(st, 1, code);
	same = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	return same;
}

/*
 * The body `s` names: an agency code of a unit here, a code of a body
 * outside the province, or a name (a unit here when exactly one unit in
 * force bears it). 0, or -1 with `err` for a code of this province that
 * no unit has.
 */
static int
find_body(struct db *db, const char *s, const char *field, struct body *b,
    struct docs_err *err)
{
	sqlite3_stmt *st;
	int n = 0;

	memset(b, 0, sizeof(*b));
	if (docs_code_shaped(s)) {
		if (unit_by_code(db, s, b) == 0)
			return 0;
		if (own_province(db, s))
			return docs_errf(err, 422, "unknown_unit", field, "không"
			    " có đơn vị mã %s trong tỉnh (%s)", s, field);
		snprintf(b->name, sizeof(b->name), "%s", s);
		snprintf(b->code, sizeof(b->code), "%s", s);
		return 0;
	}
	st = db_prepare(db, "SELECT id, name, code, short_name FROM units"
	    " WHERE name = ?1 AND effective_until IS NULL LIMIT 2");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_text(st, 1, s);
	while (sqlite3_step(st) == SQLITE_ROW && ++n == 1)
		unit_row(st, b);
	db_done(st);
	if (n != 1) {
		memset(b, 0, sizeof(*b));
		snprintf(b->name, sizeof(b->name), "%s", s);
	}
	return 0;
}

/* A type by code, or by name with diacritics and case ignored. */
static int64_t
find_type(struct db *db, const char *s, char *abbr, size_t abbrlen)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	st = db_prepare(db, "SELECT id, abbr FROM doc_types WHERE active AND"
	    " (code = ?1 OR fold(name) = fold(?1)) ORDER BY code = ?1 DESC"
	    " LIMIT 1");
	if (st == NULL)
		return 0;
	db_bind_text(st, 1, s);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(abbr, abbrlen, "%s", db_col_text(st, 1));
	}
	db_done(st);
	return id;
}

/* Whether the unit's registers hold this document already. */
static int
already_there(struct db *db, int out, int64_t unit, const char *notation,
    const char *date, const char *issuer)
{
	sqlite3_stmt *st;
	int found;

	if (out)
		st = db_prepare(db, "SELECT 1 FROM documents WHERE notation = ?1"
		    " AND doc_date = ?2 AND unit_id = ?3");
	else
		st = db_prepare(db, "SELECT 1 FROM documents d JOIN doc_receipts"
		    " x ON x.doc_id = d.id AND x.unit_id = ?3 WHERE d.notation ="
		    " ?1 AND d.doc_date = ?2 AND d.issuer_name = ?4");
	if (st == NULL)
		return 0;
	db_bind_text(st, 1, notation);
	db_bind_text(st, 2, date);
	db_bind_int(st, 3, unit);
	if (!out)
		db_bind_text(st, 4, issuer);
	found = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	return found;
}

/* Move a register's counter for `year` past `number`. */
static int
counter_past(struct db *db, int64_t reg, int year, int number)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO doc_register_years (register_id, year,"
	    " last_number) VALUES (?1, ?2, ?3) ON CONFLICT (register_id, year)"
	    " DO UPDATE SET last_number = max(last_number, excluded.last_number)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, reg);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, number);
	return db_step_done(st);
}

/* A history row without an audit row: an import writes one audit row
 * per committed batch (see docs_cli.c). */
static int
history(struct db *db, const struct docs_actor *who, int64_t doc,
    int64_t unit, const char *comment)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO doc_history (doc_id, unit_id, at,"
	    " actor, action, comment) VALUES (?1, ?2, ?3, ?4, 'import', ?5)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, doc);
	db_bind_int(st, 2, unit);
	db_bind_int(st, 3, docs_now());
	db_bind_text(st, 4, who->full_name ? who->full_name : who->name);
	db_bind_text(st, 5, comment);
	return db_step_done(st);
}

/* Copy `src` into the data folder's tmp/; the copy's path to `tmp`. */
static int
copy_in(const char *src, char *tmp, size_t tmplen, unsigned char *head,
    size_t *nhead)
{
	char piece[65536];
	ssize_t n, w;
	size_t off;
	int in, out;

	*nhead = 0;
	if ((in = open(src, O_RDONLY)) < 0)
		return -1;
	snprintf(tmp, tmplen, "%s/tmp/import-XXXXXX", data_dir());
	if ((out = mkstemp(tmp)) < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, piece, sizeof(piece))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (*nhead < 16) {
			size_t k = (size_t)n < 16 - *nhead ? (size_t)n :
			    16 - *nhead;

			memcpy(head + *nhead, piece, k);
			*nhead += k;
		}
		for (off = 0; off < (size_t)n; off += (size_t)w)
			if ((w = write(out, piece + off, (size_t)n - off)) < 0)
				goto fail;
	}
	close(in);
	if (close(out) < 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
fail:
	close(in);
	close(out);
	unlink(tmp);
	return -1;
}

/* Why a file could not be read, in Vietnamese for the common cases. */
static const char *
file_error(int err)
{
	switch (err) {
	case ENOENT:
		return "không có tệp này";
	case EACCES:
	case EPERM:
		return "không có quyền đọc";
	case EISDIR:
		return "đây là thư mục";
	case ENOSPC:
		return "hết chỗ trên đĩa";
	default:
		return strerror(err);
	}
}

static int
attach(struct db *db, int64_t doc, const char *path, struct docs_err *err)
{
	sqlite3_stmt *st;
	struct stat sb;
	unsigned char head[16];
	const char *mime, *name = strrchr(path, '/');
	char tmp[4096], hash[65];
	size_t nhead;
	int pdf;

	name = name ? name + 1 : path;
	if (stat(path, &sb) < 0)
		return docs_errf(err, 422, "missing_file", "files", "không đọc"
		    " được tệp %s: %s", path, file_error(errno));
	if (!S_ISREG(sb.st_mode))
		return docs_errf(err, 422, "missing_file", "files", "không đọc"
		    " được tệp %s: %s", path, file_error(EISDIR));
	if (sb.st_size > docs_file_max(db))
		return docs_errf(err, 413, "file_too_large", "files", "tệp %s"
		    " lớn hơn giới hạn %ld MB", path, docs_file_max(db) >> 20);
	if (!docs_valid_text(name, 1, 255))
		return docs_errf(err, 422, "invalid_filename", "files", "tên tệp"
		    " %s không hợp lệ", path);
	if (copy_in(path, tmp, sizeof(tmp), head, &nhead) < 0)
		return docs_errf(err, 422, "missing_file", "files", "không chép"
		    " được tệp %s: %s", path, file_error(errno));
	if (docs_file_kind(name, head, nhead, &mime) < 0) {
		unlink(tmp);
		return docs_errf(err, 415, "unsupported_type", "files", "tệp %s:"
		    " chỉ nhận PDF, DOCX, XLSX, PNG hoặc JPEG (đúng phần mở rộng"
		    " và nội dung)", path);
	}
	if (blob_put_file(db, tmp, mime, hash) < 0) {
		unlink(tmp);
		return INTERNAL(err);
	}
	pdf = strcmp(mime, "application/pdf") == 0;
	st = db_prepare(db, "INSERT INTO doc_attachments (doc_id, hash,"
	    " filename, mime, size, text_state, created_at) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6, ?7)");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_int(st, 1, doc);
	db_bind_text(st, 2, hash);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, mime);
	db_bind_int(st, 5, (int64_t)sb.st_size);
	db_bind_text(st, 6, pdf ? "pending" : "none");
	db_bind_int(st, 7, docs_now());
	if (db_step_done(st) < 0 ||
	    (pdf && docs_queue_extract(db, db_last_id(db)) < 0))
		return INTERNAL(err);
	return 0;
}

/* Whether the last statement failed on a UNIQUE index. */
static int
duplicate(struct db *db)
{
	return sqlite3_extended_errcode(db_handle(db)) ==
	    SQLITE_CONSTRAINT_UNIQUE;
}

static int
file_out(struct db *db, const struct docs_actor *who,
    const struct docs_import *im, const struct body *unit, int64_t type,
    const char *abbr, int64_t *id, struct docs_err *err)
{
	sqlite3_stmt *st;
	struct body to;
	char notation[128];
	const char *nota = im->notation;
	int64_t reg;
	int day, year, shared, i, rc;

	docs_valid_date(im->date, &day);
	year = calendar_year(day);
	if (im->number <= 0)
		return docs_err(err, 422, "invalid_number", "number", "văn bản đi"
		    " cần số (number) là số nguyên dương");
	if (nota == NULL || *nota == '\0') {
		if (docs_notation(notation, sizeof(notation), im->number, abbr,
		    unit->short_name, im->division) < 0)
			return docs_err(err, 422, "invalid_notation", "notation",
			    "thiếu ký hiệu (notation); công văn cần ký hiệu hoặc"
			    " đơn vị soạn thảo (division)");
		nota = notation;
	}
	if (!docs_valid_text(nota, 1, 64))
		return docs_err(err, 422, "invalid_notation", "notation", "ký"
		    " hiệu (notation) tối đa 64 byte");
	if (already_there(db, 1, unit->id, nota, im->date, NULL))
		return docs_errf(err, 409, "duplicate", "notation", "văn bản đi"
		    " %s ngày %s đã có trong sổ của %s", nota, im->date,
		    unit->code);
	if (docs_numbering_get(db, unit->id, &shared) < 0 ||
	    (reg = docs_register_for(db, unit->id, "out", shared ? 0 : type)) < 0)
		return INTERNAL(err);
	st = db_prepare(db, "INSERT INTO documents (origin, unit_id,"
	    " issuer_name, issuer_code, type_id, summary, urgency, state,"
	    " signer_name, division, register_id, year, number, notation,"
	    " doc_date, issued_at, created_at, updated_at) VALUES ('internal',"
	    " ?1, ?2, ?3, ?4, ?5, ?6, 'issued', ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?14, ?14)");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_int(st, 1, unit->id);
	db_bind_text(st, 2, unit->name);
	db_bind_text(st, 3, unit->code);
	db_bind_int(st, 4, type);
	db_bind_text(st, 5, im->summary);
	db_bind_int(st, 6, docs_urgency_parse(im->urgency));
	db_bind_text(st, 7, im->signer ? im->signer : "");
	db_bind_text(st, 8, im->division ? im->division : "");
	db_bind_int(st, 9, reg);
	db_bind_int(st, 10, year);
	db_bind_int(st, 11, im->number);
	db_bind_text(st, 12, nota);
	db_bind_text(st, 13, im->date);
	db_bind_int(st, 14, docs_now());
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return duplicate(db) ? docs_errf(err, 409, "duplicate_number",
		    "number", "số %d năm %d đã có trong sổ văn bản đi", im->number,
		    year) : INTERNAL(err);
	*id = db_last_id(db);
	if (counter_past(db, reg, year, im->number) < 0)
		return INTERNAL(err);
	for (i = 0; i < im->nto; i++) {
		if (find_body(db, im->to[i], "to", &to, err) < 0)
			return -1;
		st = db_prepare(db, "INSERT INTO doc_recipients (doc_id, unit_id,"
		    " name, code, state) VALUES (?1, ?2, ?3, ?4, 'sent')");
		if (st == NULL)
			return INTERNAL(err);
		db_bind_int(st, 1, *id);
		if (to.id)
			db_bind_int(st, 2, to.id);
		db_bind_text(st, 3, to.name);
		db_bind_text(st, 4, to.code);
		if (db_step_done(st) < 0)
			return INTERNAL(err);
	}
	return history(db, who, *id, unit->id, nota) < 0 ? INTERNAL(err) : 0;
}

static int
file_in(struct db *db, const struct docs_actor *who,
    const struct docs_import *im, const struct body *unit, int64_t type,
    int64_t *id, struct docs_err *err)
{
	sqlite3_stmt *st;
	struct body from;
	const char *on = im->received_on ? im->received_on : im->date;
	int64_t reg;
	int day, rday, number = im->in_number, rc;

	docs_valid_date(im->date, &day);
	if (!docs_valid_text(im->notation, 1, 64))
		return docs_err(err, 422, "invalid_notation", "notation", "văn bản"
		    " đến cần số, ký hiệu (notation), tối đa 64 byte");
	if (im->number < 0 || number < 0)
		return docs_err(err, 422, "invalid_number", "number", "số văn bản"
		    " phải là số nguyên dương");
	if (!docs_valid_date(on, &rday))
		return docs_err(err, 422, "invalid_date", "received_on", "ngày"
		    " đến (received_on) phải có dạng YYYY-MM-DD");
	if (rday < day)
		return docs_err(err, 422, "invalid_date", "received_on", "ngày"
		    " đến trước ngày văn bản");
	if (!docs_valid_text(im->from, 1, DIR_NAME_MAX))
		return docs_err(err, 422, "invalid_issuer", "from", "văn bản đến"
		    " cần cơ quan ban hành (from): mã định danh hoặc tên");
	if (find_body(db, im->from, "from", &from, err) < 0)
		return -1;
	if (already_there(db, 0, unit->id, im->notation, im->date, from.name))
		return docs_errf(err, 409, "duplicate", "notation", "văn bản đến"
		    " %s ngày %s của %s đã có trong sổ của %s", im->notation,
		    im->date, from.name, unit->code);
	st = db_prepare(db, "INSERT INTO documents (origin, issuer_name,"
	    " issuer_code, type_id, summary, urgency, state, signer_name, year,"
	    " number, notation, doc_date, created_at, updated_at) VALUES"
	    " ('external', ?1, ?2, ?3, ?4, ?5, 'external', ?6, ?7, ?8, ?9, ?10,"
	    " ?11, ?11)");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_text(st, 1, from.name);
	db_bind_text(st, 2, from.code);
	db_bind_int(st, 3, type);
	db_bind_text(st, 4, im->summary);
	db_bind_int(st, 5, docs_urgency_parse(im->urgency));
	db_bind_text(st, 6, im->signer ? im->signer : "");
	db_bind_int(st, 7, calendar_year(day));
	if (im->number > 0)
		db_bind_int(st, 8, im->number);
	db_bind_text(st, 9, im->notation);
	db_bind_text(st, 10, im->date);
	db_bind_int(st, 11, docs_now());
	if (db_step_done(st) < 0)
		return INTERNAL(err);
	*id = db_last_id(db);
	if ((reg = docs_register_for(db, unit->id, "in", 0)) < 0)
		return INTERNAL(err);
	if (number > 0) {
		if (counter_past(db, reg, calendar_year(rday), number) < 0)
			return INTERNAL(err);
	} else if ((number = docs_take_number(db, reg, calendar_year(rday))) < 0)
		return INTERNAL(err);
	st = db_prepare(db, "INSERT INTO doc_receipts (doc_id, unit_id, state,"
	    " register_id, year, number, received_on, finished_at, created_at,"
	    " updated_at) VALUES (?1, ?2, 'done', ?3, ?4, ?5, ?6, ?7, ?7, ?7)");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_int(st, 1, *id);
	db_bind_int(st, 2, unit->id);
	db_bind_int(st, 3, reg);
	db_bind_int(st, 4, calendar_year(rday));
	db_bind_int(st, 5, number);
	db_bind_text(st, 6, on);
	db_bind_int(st, 7, docs_now());
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return duplicate(db) ? docs_errf(err, 409, "duplicate_number",
		    "in_number", "số đến %d năm %d đã có trong sổ văn bản đến",
		    number, calendar_year(rday)) : INTERNAL(err);
	return history(db, who, *id, unit->id, im->notation) < 0 ?
	    INTERNAL(err) : 0;
}

int
docs_import_one(struct db *db, const struct docs_actor *who,
    const struct docs_import *im, int64_t *id, struct docs_err *err)
{
	struct body unit;
	char abbr[32];
	int64_t type, body;
	int out, lvl, i;

	if (im->unit == NULL || *im->unit == '\0')
		return docs_err(err, 422, "missing_unit", "unit", "thiếu mã định"
		    " danh của đơn vị giữ sổ (unit)");
	if (unit_by_code(db, im->unit, &unit) < 0)
		return docs_errf(err, 422, "unknown_unit", "unit", "không có đơn"
		    " vị mã %s (unit)", im->unit);
	if (docs_body_of(db, unit.id, &body) < 0)
		return INTERNAL(err);
	if (body != unit.id) {
		sqlite3_stmt *st = db_prepare(db, "SELECT id, name, code,"
		    " short_name FROM units WHERE id = ?1");

		if (st == NULL)
			return INTERNAL(err);
		db_bind_int(st, 1, body);
		if (sqlite3_step(st) == SQLITE_ROW)
			unit_row(st, &unit);
		db_done(st);
	}
	if (im->direction && strcmp(im->direction, "out") == 0)
		out = 1;
	else if (im->direction && strcmp(im->direction, "in") == 0)
		out = 0;
	else
		return docs_err(err, 422, "invalid_direction", "direction",
		    "direction phải là \"in\" (văn bản đến) hoặc \"out\" (văn"
		    " bản đi)");
	if ((lvl = docs_secret_level(im->secret)) != 0)
		return docs_err(err, 422, lvl > 0 ? "state_secret" :
		    "invalid_confidentiality", "confidentiality", lvl > 0 ?
		    DOCS_SECRET_MESSAGE : "độ mật không hợp lệ");
	if (im->type == NULL || (type = find_type(db, im->type, abbr,
	    sizeof(abbr))) == 0)
		return docs_errf(err, 422, "unknown_type", "type", "không có loại"
		    " văn bản '%s' (type: viết tắt như QĐ, CV hoặc tên loại)",
		    im->type ? im->type : "");
	if (!docs_valid_text(im->summary, 1, DOCS_SUMMARY_MAX))
		return docs_err(err, 422, "invalid_summary", "summary", "thiếu"
		    " trích yếu (summary), hoặc dài quá 500 byte");
	if (!docs_valid_date(im->date, NULL))
		return docs_err(err, 422, "invalid_date", "date", "ngày văn bản"
		    " (date) phải có dạng YYYY-MM-DD");
	if (!docs_valid_text(im->signer, 0, DIR_NAME_MAX))
		return docs_err(err, 422, "invalid_signer", "signer", "người ký"
		    " (signer) tối đa 255 byte");
	if (docs_urgency_parse(im->urgency) < 0)
		return docs_err(err, 422, "invalid_urgency", "urgency", "độ khẩn"
		    " (urgency): thuong, khan, thuong_khan hoặc hoa_toc");
	if (!docs_valid_text(im->division, 0, 32))
		return docs_err(err, 422, "invalid_division", "division", "đơn vị"
		    " soạn thảo (division) tối đa 32 byte");
	if ((out ? file_out(db, who, im, &unit, type, abbr, id, err) :
	    file_in(db, who, im, &unit, type, id, err)) < 0)
		return -1;
	for (i = 0; i < im->nfiles; i++)
		if (attach(db, *id, im->files[i], err) < 0)
			return -1;
	return docs_reindex(db, *id) < 0 ? INTERNAL(err) : 0;
}

/* --- how far an import file got ------------------------------------------ */

int
docs_import_resume(struct db *db, const char *key, const char *path,
    long size, struct docs_import_run *run)
{
	sqlite3_stmt *st;
	int rc = -1;

	memset(run, 0, sizeof(*run));
	snprintf(run->key, sizeof(run->key), "%s", key);
	st = db_prepare(db, "INSERT INTO doc_imports (key, path, size,"
	    " started_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)"
	    " ON CONFLICT (key) DO NOTHING");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, path);
	db_bind_int(st, 3, size);
	db_bind_int(st, 4, docs_now());
	if (db_step_done(st) < 0)
		return -1;
	st = db_prepare(db, "SELECT last_line, accepted, rejected,"
	    " finished_at IS NOT NULL FROM doc_imports WHERE key = ?1");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW) {
		run->last_line = (long)sqlite3_column_int64(st, 0);
		run->accepted = (long)sqlite3_column_int64(st, 1);
		run->rejected = (long)sqlite3_column_int64(st, 2);
		run->finished = sqlite3_column_int(st, 3);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
docs_import_save(struct db *db, const struct docs_import_run *run)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "UPDATE doc_imports SET last_line = ?2,"
	    " accepted = ?3, rejected = ?4, updated_at = ?5, finished_at ="
	    " CASE WHEN ?6 THEN ifnull(finished_at, ?5) END WHERE key = ?1");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, run->key);
	db_bind_int(st, 2, run->last_line);
	db_bind_int(st, 3, run->accepted);
	db_bind_int(st, 4, run->rejected);
	db_bind_int(st, 5, docs_now());
	db_bind_int(st, 6, run->finished);
	return db_step_done(st);
}

int
docs_import_reject(struct db *db, const char *key, long line,
    const char *reason)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO doc_import_rejects (import_key, line,"
	    " reason) VALUES (?1, ?2, ?3) ON CONFLICT DO UPDATE SET reason = ?3");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_int(st, 2, line);
	db_bind_text(st, 3, reason);
	return db_step_done(st);
}
