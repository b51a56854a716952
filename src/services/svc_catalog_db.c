/* svc_catalog_db.c - the catalogue of administrative procedures: reading,
 * searching without diacritics, saving and importing from JSON or CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/csv.h"
#include "core/fold.h"
#include "core/log.h"
#include "svc_int.h"

#define PROC_COLS "p.id, p.code, p.name, p.field, p.level, p.agency," \
	" ifnull(p.unit_id, 0), ifnull(u.code, ''), p.mode, p.days, p.fee," \
	" p.fee_text, p.result, p.legal_basis, p.components, p.form, p.active"
#define PROC_FROM " FROM svc_procedures p LEFT JOIN units u ON u.id = p.unit_id"

static void
read_proc(sqlite3_stmt *st, struct arena *a, struct svc_procedure *p)
{
	p->id = sqlite3_column_int64(st, 0);
	p->code = arena_strdup(a, db_col_text(st, 1));
	p->name = arena_strdup(a, db_col_text(st, 2));
	p->field = arena_strdup(a, db_col_text(st, 3));
	p->level = svc_level_parse(db_col_text(st, 4));
	p->agency = arena_strdup(a, db_col_text(st, 5));
	p->unit_id = sqlite3_column_int64(st, 6);
	p->unit_code = arena_strdup(a, db_col_text(st, 7));
	p->mode = svc_mode_parse(db_col_text(st, 8));
	p->days = sqlite3_column_int(st, 9);
	p->fee = (long)sqlite3_column_int64(st, 10);
	p->fee_text = arena_strdup(a, db_col_text(st, 11));
	p->result = arena_strdup(a, db_col_text(st, 12));
	p->legal_basis = arena_strdup(a, db_col_text(st, 13));
	p->components = arena_strdup(a, db_col_text(st, 14));
	p->form = arena_strdup(a, db_col_text(st, 15));
	p->active = sqlite3_column_int(st, 16);
}

int
svc_procedure_get(struct db *db, struct arena *a, const char *code,
    struct svc_procedure *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " PROC_COLS PROC_FROM
	    " WHERE p.code = ?1");
	int rc = -1;

	if (st == NULL || code == NULL)
		return -1;
	db_bind_text(st, 1, code);
	if (sqlite3_step(st) == SQLITE_ROW) {
		read_proc(st, a, out);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
svc_procedure_by_id(struct db *db, struct arena *a, int64_t id,
    struct svc_procedure *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " PROC_COLS PROC_FROM
	    " WHERE p.id = ?1");
	int rc = -1;

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		read_proc(st, a, out);
		rc = 0;
	}
	db_done(st);
	return rc;
}

/* The search condition: every folded word of q appears in p.search.
 * Words go to `like` as "%word%" patterns (at most 8). */
static int
words(struct arena *a, const char *q, const char **like, int max)
{
	char *f, *w, *save = NULL;
	int n = 0;

	if (q == NULL || (f = fold_dup(q)) == NULL)
		return 0;
	for (w = strtok_r(f, " \t,;", &save); w && n < max;
	    w = strtok_r(NULL, " \t,;", &save)) {
		struct buf b = BUF_INIT;
		char *p;

		buf_addch(&b, '%');
		for (p = w; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				buf_addch(&b, '\\');
			buf_addch(&b, *p);
		}
		buf_addch(&b, '%');
		like[n++] = arena_strdup(a, b.data);
		buf_release(&b);
	}
	free(f);
	return n;
}

int
svc_procedures_list(struct db *db, struct arena *a,
    const struct svc_proc_query *q, struct svc_procedure **out, int *total)
{
	const char *like[8] = { NULL };
	sqlite3_stmt *st;
	int n = 0, i;

	*out = NULL;
	*total = 0;
	words(a, q->q, like, 8);
#define PROC_WHERE " WHERE (?1 < 0 OR p.level = ?2)" \
	" AND (?3 IS NULL OR p.field = ?3) AND (?4 = 0 OR p.active)" \
	" AND (?5 IS NULL OR p.search LIKE ?5 ESCAPE '\\')" \
	" AND (?6 IS NULL OR p.search LIKE ?6 ESCAPE '\\')" \
	" AND (?7 IS NULL OR p.search LIKE ?7 ESCAPE '\\')" \
	" AND (?8 IS NULL OR p.search LIKE ?8 ESCAPE '\\')" \
	" AND (?9 IS NULL OR p.search LIKE ?9 ESCAPE '\\')" \
	" AND (?10 IS NULL OR p.search LIKE ?10 ESCAPE '\\')" \
	" AND (?11 IS NULL OR p.search LIKE ?11 ESCAPE '\\')" \
	" AND (?12 IS NULL OR p.search LIKE ?12 ESCAPE '\\')"
	st = db_prepare(db, "SELECT count(*) FROM svc_procedures p" PROC_WHERE);
	if (st == NULL)
		return -1;
	for (i = 0; i < 2; i++) {
		if (i == 1) {
			st = db_prepare(db, "SELECT " PROC_COLS PROC_FROM
			    PROC_WHERE " ORDER BY p.sort_key, p.code"
			    " LIMIT ?13 OFFSET ?14");
			if (st == NULL)
				return -1;
			db_bind_int(st, 13, q->limit > 0 ? q->limit : 50);
			db_bind_int(st, 14, q->offset);
		}
		db_bind_int(st, 1, q->level);
		db_bind_text(st, 2, svc_level_name(q->level));
		db_bind_text(st, 3, q->field && *q->field ? q->field : NULL);
		db_bind_int(st, 4, q->active_only);
		for (int k = 0; k < 8; k++)
			db_bind_text(st, 5 + k, like[k]);
		if (i == 0) {
			if (sqlite3_step(st) == SQLITE_ROW)
				*total = sqlite3_column_int(st, 0);
			db_done(st);
			if (*total == 0)
				return 0;
		}
	}
#undef PROC_WHERE
	*out = arena_alloc(a, sizeof(**out) * (size_t)(q->limit > 0 ?
	    q->limit : 50));
	while (n < (q->limit > 0 ? q->limit : 50) &&
	    sqlite3_step(st) == SQLITE_ROW)
		read_proc(st, a, &(*out)[n++]);
	db_done(st);
	return n;
}

int
svc_fields_list(struct db *db, struct arena *a, struct svc_field_count **out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT field, count(*) FROM"
	    " svc_procedures WHERE active GROUP BY field"
	    " ORDER BY field COLLATE VI");
	int n = 0, cap = 16;

	*out = NULL;
	if (st == NULL)
		return -1;
	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			struct svc_field_count *m = arena_alloc(a, sizeof(*m) *
			    (size_t)cap * 2);

			memcpy(m, *out, sizeof(*m) * (size_t)cap);
			*out = m;
			cap *= 2;
		}
		(*out)[n].field = arena_strdup(a, db_col_text(st, 0));
		(*out)[n].n = sqlite3_column_int(st, 1);
		n++;
	}
	db_done(st);
	return n;
}

int
svc_procedure_save(struct db *db, int64_t actor_id, const char *actor,
    const char *ip, struct svc_procedure *p, int *created,
    struct svc_err *err)
{
	struct arena a = ARENA_INIT;
	sqlite3_stmt *st;
	int64_t unit = p->unit_id;
	time_t now = time(NULL);
	int rc = -1;

	*created = 0;
	if (p->unit_code && *p->unit_code) {
		st = db_prepare(db, "SELECT id FROM units WHERE code = ?1 AND"
		    " effective_until IS NULL");
		if (st == NULL)
			goto dberr;
		db_bind_text(st, 1, p->unit_code);
		unit = sqlite3_step(st) == SQLITE_ROW ?
		    sqlite3_column_int64(st, 0) : -1;
		db_done(st);
		if (unit < 0) {
			svc_errf(err, 422, "unknown_unit", "unit_code", "Không có"
			    " đơn vị mã %s", p->unit_code);
			goto out;
		}
	}
	p->unit_id = unit;
	st = db_prepare(db, "SELECT id FROM svc_procedures WHERE code = ?1");
	if (st == NULL)
		goto dberr;
	db_bind_text(st, 1, p->code);
	*created = sqlite3_step(st) != SQLITE_ROW;
	db_done(st);
	st = db_prepare(db, "INSERT INTO svc_procedures (code, name, field,"
	    " level, agency, unit_id, mode, days, fee, fee_text, result,"
	    " legal_basis, components, form, search, active, created_at,"
	    " updated_at, sort_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	    " ?10, ?11, ?12, ?13, ?14,"
	    " fold(?1 || ' ' || ?2 || ' ' || ?3 || ' ' || ?5), ?15, ?16, ?16,"
	    " vi_key(?3, ?2)) ON CONFLICT (code) DO UPDATE SET"
	    " name = ?2,"
	    " field = ?3, level = ?4, agency = ?5, unit_id = ?6, mode = ?7,"
	    " days = ?8, fee = ?9, fee_text = ?10, result = ?11,"
	    " legal_basis = ?12, components = ?13, form = ?14,"
	    " search = excluded.search, active = ?15, updated_at = ?16,"
	    " sort_key = excluded.sort_key"
	    " RETURNING id");
	if (st == NULL)
		goto dberr;
	db_bind_text(st, 1, p->code);
	db_bind_text(st, 2, p->name);
	db_bind_text(st, 3, p->field);
	db_bind_text(st, 4, svc_level_name(p->level));
	db_bind_text(st, 5, p->agency);
	if (unit > 0)
		db_bind_int(st, 6, unit);
	db_bind_text(st, 7, svc_mode_name(p->mode));
	db_bind_int(st, 8, p->days);
	db_bind_int(st, 9, p->fee);
	db_bind_text(st, 10, p->fee_text ? p->fee_text : "");
	db_bind_text(st, 11, p->result ? p->result : "");
	db_bind_text(st, 12, p->legal_basis ? p->legal_basis : "");
	db_bind_text(st, 13, p->components ? p->components : "[]");
	db_bind_text(st, 14, p->form ? p->form : "[]");
	db_bind_int(st, 15, p->active);
	db_bind_int(st, 16, now);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		goto dberr;
	}
	p->id = sqlite3_column_int64(st, 0);
	db_done(st);
	if (audit_record(db, actor_id, actor, ip, *created ?
	    "services.procedure.create" : "services.procedure.update",
	    arena_printf(&a, "procedure:%s", p->code), p->name) < 0)
		goto dberr;
	rc = 0;
	goto out;
dberr:
	log_error("%s: %s", __func__, db_errmsg(db));
	svc_err(err, 500, "internal", NULL, "Lỗi cơ sở dữ liệu");
out:
	arena_release(&a);
	return rc;
}

/* Save one imported object; a line in res->errors when it is bad. */
static void
import_one(struct db *db, int64_t actor_id, const char *actor,
    const char *ip, json_t *o, const char *where,
    struct svc_import_result *res)
{
	struct arena a = ARENA_INIT;
	struct svc_procedure p;
	struct svc_err e = { 0 };
	int created;

	if (svc_procedure_from_json(&a, o, &p, &e) < 0 ||
	    svc_procedure_save(db, actor_id, actor, ip, &p, &created, &e) < 0) {
		res->failed++;
		buf_printf(&res->errors, "%s: %s\n", where, e.message ?
		    e.message : "không hợp lệ");
	} else if (created)
		res->created++;
	else
		res->updated++;
	arena_release(&a);
}

int
svc_import_json(struct db *db, int64_t actor_id, const char *actor,
    const char *ip, const char *text, size_t len,
    struct svc_import_result *res)
{
	json_error_t jerr;
	json_t *arr, *o;
	size_t i;
	char where[48];

	arr = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (arr == NULL) {
		buf_printf(&res->errors, "JSON không hợp lệ (dòng %d, cột %d)\n",
		    jerr.line, jerr.column);
		return -1;
	}
	if (json_is_object(arr) && json_is_array(json_object_get(arr,
	    "procedures"))) {
		json_t *inner = json_incref(json_object_get(arr, "procedures"));

		json_decref(arr);
		arr = inner;
	}
	if (!json_is_array(arr)) {
		buf_adds(&res->errors, "Cần một mảng JSON các thủ tục\n");
		json_decref(arr);
		return -1;
	}
	json_array_foreach(arr, i, o) {
		snprintf(where, sizeof(where), "Thủ tục thứ %zu", i + 1);
		import_one(db, actor_id, actor, ip, o, where, res);
	}
	json_decref(arr);
	return 0;
}

int
svc_import_csv(struct db *db, int64_t actor_id, const char *actor,
    const char *ip, const char *text, size_t len,
    struct svc_import_result *res)
{
	static const char *const cols[] = { "code", "name", "field", "level",
	    "agency", "unit_code", "mode", "days", "fee", "fee_text", "result",
	    "legal_basis", "components", "form" };
	const size_t ncols = sizeof(cols) / sizeof(cols[0]);
	struct csv_reader rd;
	struct csv_record rec;
	char where[48];
	int rc, first = 1;
	size_t i;

	csv_reader_init_mem(&rd, text, len, NULL);
	while ((rc = csv_read(&rd, &rec)) != 0) {
		json_t *o;

		if (rc < 0) {
			res->failed++;
			buf_printf(&res->errors, "%s\n", rd.err.msg);
			continue;
		}
		if (first) {
			first = 0;
			if (rec.nfields != ncols)
				goto bad_header;
			for (i = 0; i < ncols; i++)
				if (strcmp(rec.fields[i], cols[i]) != 0)
					goto bad_header;
			continue;
		}
		if (rec.nfields != ncols) {
			res->failed++;
			buf_printf(&res->errors, "Dòng %lu: cần %zu cột, có %zu\n",
			    rec.line, ncols, rec.nfields);
			continue;
		}
		o = json_object();
		for (i = 0; i < ncols; i++)
			json_object_set_new(o, cols[i],
			    json_stringn(rec.fields[i], rec.lens[i]));
		snprintf(where, sizeof(where), "Dòng %lu", rec.line);
		import_one(db, actor_id, actor, ip, o, where, res);
		json_decref(o);
	}
	csv_reader_release(&rd);
	if (first) {
		buf_adds(&res->errors, "Tệp CSV trống\n");
		return -1;
	}
	return 0;
bad_header:
	csv_reader_release(&rd);
	buf_adds(&res->errors, "Dòng tiêu đề phải là: " SVC_CSV_HEADER "\n");
	return -1;
}

int
svc_receiving_units(struct db *db, struct arena *a,
    const struct svc_procedure *p, struct svc_unit_opt **out, int max)
{
	static const char *const kinds[SVC_LEVEL_MAX] = {
		"department", "district", "commune"
	};
	sqlite3_stmt *st;
	int n = 0;

	*out = arena_alloc(a, sizeof(**out) * (size_t)max);
	st = db_prepare(db, "SELECT id, name FROM units WHERE"
	    " effective_until IS NULL AND ((?1 > 0 AND id = ?1) OR (?1 = 0 AND"
	    " kind = ?2)) ORDER BY name COLLATE VI LIMIT ?3");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, p->unit_id);
	db_bind_text(st, 2, kinds[p->level >= 0 && p->level < SVC_LEVEL_MAX ?
	    p->level : 0]);
	db_bind_int(st, 3, max);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		(*out)[n].id = sqlite3_column_int64(st, 0);
		(*out)[n].name = arena_strdup(a, db_col_text(st, 1));
		n++;
	}
	db_done(st);
	return n;
}

int
svc_export_csv(struct db *db, struct buf *out)
{
	struct csv_writer w;
	sqlite3_stmt *st;
	char days[16], fee[32];
	int rc = 0;

	st = db_prepare(db, "SELECT p.code, p.name, p.field, p.level, p.agency,"
	    " ifnull(u.code, ''), p.mode, p.days, p.fee, p.fee_text, p.result,"
	    " p.legal_basis, p.components, p.form FROM svc_procedures p"
	    " LEFT JOIN units u ON u.id = p.unit_id WHERE p.active"
	    " ORDER BY p.code");
	if (st == NULL)
		return -1;
	csv_writer_init(&w, out);
	if (csv_write_bom(&w) < 0 || buf_adds(out, SVC_CSV_HEADER "\r\n") < 0)
		rc = -1;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		int i;

		snprintf(days, sizeof(days), "%d", sqlite3_column_int(st, 7));
		snprintf(fee, sizeof(fee), "%lld",
		    (long long)sqlite3_column_int64(st, 8));
		for (i = 0; i < 14 && rc == 0; i++)
			rc = csv_write_str(&w, i == 7 ? days : i == 8 ? fee :
			    db_col_text(st, i));
		if (rc == 0)
			rc = csv_end_record(&w);
	}
	db_done(st);
	return rc;
}
