/* directory_db.c - the SQL of units and people. */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/fold.h"
#include "core/log.h"
#include "directory.h"
#include "directory_code.h"
#include "directory_int.h"

static const char *role_names[DIR_ROLE_MAX] = {
	"admin", "clerk", "leader", "specialist", "onestop", "editor"
};
static const char *role_labels[DIR_ROLE_MAX] = {
	"Quản trị", "Văn thư", "Lãnh đạo", "Chuyên viên", "Một cửa",
	"Biên tập"
};

const char *
dir_role_name(int bit)
{
	return bit >= 0 && bit < DIR_ROLE_MAX ? role_names[bit] : "";
}

const char *
dir_role_label(int bit)
{
	return bit >= 0 && bit < DIR_ROLE_MAX ? role_labels[bit] : "";
}

int
dir_roles_parse(const char *s, unsigned *out)
{
	char word[32];
	unsigned roles = 0;
	size_t n;
	int i;

	while (*s) {
		while (*s == ';' || *s == ',' || *s == ' ')
			s++;
		n = strcspn(s, ";, ");
		if (n == 0)
			break;
		if (n >= sizeof(word))
			return -1;
		memcpy(word, s, n);
		word[n] = '\0';
		for (i = 0; i < DIR_ROLE_MAX; i++)
			if (strcmp(word, role_names[i]) == 0)
				break;
		if (i == DIR_ROLE_MAX)
			return -1;
		roles |= 1u << i;
		s += n;
	}
	*out = roles;
	return 0;
}

char *
dir_roles_format(struct arena *a, unsigned roles)
{
	struct buf b = BUF_INIT;
	char *s;
	int i;

	for (i = 0; i < DIR_ROLE_MAX; i++)
		if (roles & (1u << i)) {
			if (b.len)
				buf_addch(&b, ';');
			buf_adds(&b, role_names[i]);
		}
	s = arena_strdup(a, b.data);
	buf_release(&b);
	return s;
}

void
dir_today(char out[11])
{
	struct tm tm;
	time_t now = time(NULL);

	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static const char *
col(struct arena *a, sqlite3_stmt *st, int i)
{
	return arena_strdup(a, db_col_text(st, i));
}

static const char *
col_or_null(struct arena *a, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	return col(a, st, i);
}

void
dir_set_err(struct dir_err *e, int status, const char *code, const char *field,
    const char *message)
{
	e->status = status;
	e->code = code;
	e->field = field;
	e->message = message;
}

/* A formatted message lives in a per-thread buffer until the next one. */
static __thread char errbuf[512];

void
dir_set_errf(struct dir_err *e, int status, const char *code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, sizeof(errbuf), fmt, ap);
	va_end(ap);
	dir_set_err(e, status, code, field, errbuf);
}

/* LIKE pattern '%q%' with \ escapes, from the folded query. */
static char *
like_pattern(struct arena *a, const char *q)
{
	struct buf b = BUF_INIT, f = BUF_INIT;
	const char *p;
	char *s;

	fold_append(&f, q);
	buf_addch(&b, '%');
	for (p = f.data; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_addch(&b, '\\');
		buf_addch(&b, *p);
	}
	buf_addch(&b, '%');
	s = arena_strdup(a, b.data);
	buf_release(&b);
	buf_release(&f);
	return s;
}

int64_t
dir_generation(struct db *db)
{
	sqlite3_stmt *st;
	int64_t g = -1;

	st = db_prepare(db, "SELECT CAST(value AS INTEGER) FROM settings"
	    " WHERE key = 'directory.generation'");
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		g = sqlite3_column_int64(st, 0);
	db_done(st);
	return g;
}

/* --- units ----------------------------------------------------------- */

#define UNIT_COLS "u.id, u.code, u.name, u.short_name, u.level, u.kind," \
	" u.parent_id, p.name, u.address, u.email, u.phone, u.effective_from," \
	" u.effective_until, u.successor_id, s.name," \
	" (SELECT count(*) FROM units c WHERE c.parent_id = u.id" \
	"  AND c.effective_until IS NULL)," \
	" (SELECT count(*) FROM people x WHERE x.unit_id = u.id AND x.active)"
#define UNIT_FROM " FROM units u LEFT JOIN units p ON p.id = u.parent_id" \
	" LEFT JOIN units s ON s.id = u.successor_id"

static void
read_unit(struct arena *a, sqlite3_stmt *st, struct dir_unit *u)
{
	u->id = sqlite3_column_int64(st, 0);
	u->code = col(a, st, 1);
	u->name = col(a, st, 2);
	u->short_name = col(a, st, 3);
	u->level = sqlite3_column_int(st, 4);
	u->kind = col(a, st, 5);
	u->parent_id = sqlite3_column_int64(st, 6);
	u->parent_name = col_or_null(a, st, 7);
	u->address = col(a, st, 8);
	u->email = col(a, st, 9);
	u->phone = col(a, st, 10);
	u->effective_from = col(a, st, 11);
	u->effective_until = col_or_null(a, st, 12);
	u->successor_id = sqlite3_column_int64(st, 13);
	u->successor_name = col_or_null(a, st, 14);
	u->nchildren = sqlite3_column_int(st, 15);
	u->npeople = sqlite3_column_int(st, 16);
}

/* The one unit that `st` (bound, a cached statement) finds. */
static int
unit_one(struct arena *a, sqlite3_stmt *st, struct dir_unit *out)
{
	int rc = -1;

	if (sqlite3_step(st) == SQLITE_ROW) {
		read_unit(a, st, out);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
dir_unit_get(struct db *db, struct arena *a, int64_t id, struct dir_unit *out)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "SELECT " UNIT_COLS UNIT_FROM " WHERE u.id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	return unit_one(a, st, out);
}

int
dir_unit_by_code(struct db *db, struct arena *a, const char *code,
    struct dir_unit *out)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "SELECT " UNIT_COLS UNIT_FROM " WHERE u.code = ?1");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, code);
	return unit_one(a, st, out);
}

int
dir_unit_label(struct db *db, struct arena *a, int64_t id, const char **code,
    const char **name)
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, "SELECT code, name FROM units WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*code = col(a, st, 0);
		*name = col(a, st, 1);
		rc = 0;
	}
	db_done(st);
	return rc;
}

/* As for people (directory_people_db.c): one statement per combination
 * of filters, so indexes serve each. ?1 like, ?2 parent, ?3 kind,
 * ?5 limit, ?6 offset. */
enum { UF_LIKE = 1, UF_ROOT = 2, UF_PARENT = 4, UF_KIND = 8, UF_CURRENT = 16,
	UF_MAX = 32 };

static char *units_sql[UF_MAX][2];
static pthread_once_t units_sql_once = PTHREAD_ONCE_INIT;

static void
units_sql_build(void)
{
	static const char *const conds[] = {
		"u.name_folded LIKE ?1 ESCAPE '\\'",
		"u.parent_id IS NULL",
		"u.parent_id = ?2",
		"u.kind = ?3",
		"u.effective_until IS NULL",
	};

	dir_sql_variants("units u", "SELECT " UNIT_COLS, UNIT_FROM + 6, conds,
	    5, "u.level, u.code", 0, NULL, units_sql);
}

void
dir_sql_variants(const char *count_from, const char *select,
    const char *from, const char *const *conds, int n, const char *order,
    unsigned alt_bit, const char *order_alt, char *(*out)[2])
{
	struct buf w = BUF_INIT, b = BUF_INIT;
	unsigned m;
	int i;

	for (m = 0; m < (1u << n); m++) {
		buf_reset(&w);
		buf_adds(&w, " WHERE 1");
		for (i = 0; i < n; i++)
			if (m & (1u << i))
				buf_printf(&w, " AND %s", conds[i]);
		buf_printf(&b, "SELECT count(*) FROM %s%s", count_from, w.data);
		out[m][0] = buf_detach(&b, NULL);
		buf_printf(&b, "%s FROM %s%s ORDER BY %s LIMIT ?5 OFFSET ?6",
		    select, from, w.data, (m & alt_bit) ? order_alt : order);
		out[m][1] = buf_detach(&b, NULL);
	}
	buf_release(&w);
}

int
dir_units_list(struct db *db, struct arena *a, const struct dir_unit_query *q,
    struct dir_unit **out, int *total)
{
	const char *like = q->q && *q->q ? like_pattern(a, q->q) : NULL;
	sqlite3_stmt *st;
	int n = 0, m, i, limit = q->limit > 0 ? q->limit : 50;

	pthread_once(&units_sql_once, units_sql_build);
	m = (like ? UF_LIKE : 0) | (q->parent_id == 0 ? UF_ROOT : 0) |
	    (q->parent_id > 0 ? UF_PARENT : 0) | (q->kind ? UF_KIND : 0) |
	    (q->all ? 0 : UF_CURRENT);
	for (i = 0; i < 2; i++) {
		if ((st = db_prepare(db, units_sql[m][i])) == NULL)
			return -1;
		if (like)
			db_bind_text(st, 1, like);
		if (q->parent_id > 0)
			db_bind_int(st, 2, q->parent_id);
		if (q->kind)
			db_bind_text(st, 3, q->kind);
		if (i == 0) {
			*total = sqlite3_step(st) == SQLITE_ROW ?
			    sqlite3_column_int(st, 0) : 0;
			db_done(st);
			continue;
		}
		db_bind_int(st, 5, limit);
		db_bind_int(st, 6, q->offset > 0 ? q->offset : 0);
		*out = arena_alloc(a, sizeof(**out) * (size_t)limit);
		while (n < limit && sqlite3_step(st) == SQLITE_ROW)
			read_unit(a, st, &(*out)[n++]);
		db_done(st);
	}
	return n;
}

int
dir_valid_text(const char *s, int required, size_t max)
{
	if (s == NULL)
		return !required;
	if (required && *s == '\0')
		return 0;
	return strlen(s) <= max && utf8_valid(s, strlen(s));
}

int
dir_valid_date(const char *s)
{
	struct tm tm;
	char back[11];
	const char *end;

	if (s == NULL || strlen(s) != 10)
		return 0;
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end == NULL || *end)
		return 0;
	tm.tm_isdst = -1;
	/* Reject 2026-02-30: normalising must give the same date back. */
	tm.tm_hour = 12;
	if (mktime(&tm) == (time_t)-1)
		return 0;
	strftime(back, sizeof(back), "%Y-%m-%d", &tm);
	return strcmp(back, s) == 0;
}

static const char *const kinds[] = {
	"province", "department", "district", "commune", "division", "party",
	NULL
};

static int
valid_kind(const char *k)
{
	int i;

	for (i = 0; kinds[i]; i++)
		if (strcmp(kinds[i], k) == 0)
			return 1;
	return 0;
}

char *
dir_unit_folded(const struct dir_unit *u)
{
	struct buf b = BUF_INIT;

	fold_append(&b, u->name);
	buf_addch(&b, ' ');
	fold_append(&b, u->short_name);
	buf_addch(&b, ' ');
	buf_adds(&b, u->code);
	return buf_detach(&b, NULL);
}

/* Checks shared by create and update; `self` is the unit's id (0 new). */
int
dir_check_unit(struct db *db, struct dir_unit *u, int64_t self, struct dir_err *e)
{
	struct dir_code code;
	const char *why;
	sqlite3_stmt *st;
	int64_t pid;

	if (u->code == NULL || dir_code_parse(u->code, &code, &why) < 0) {
		dir_set_err(e, 422, "invalid_code", "code", u->code ? why :
		    "Thiếu mã định danh đơn vị");
		return -1;
	}
	if (!dir_valid_text(u->name, 1, DIR_NAME_MAX)) {
		dir_set_err(e, 422, "invalid_name", "name",
		    "Tên đơn vị bắt buộc, tối đa 255 byte UTF-8");
		return -1;
	}
	if (!dir_valid_text(u->short_name, 1, 32)) {
		dir_set_err(e, 422, "invalid_short_name", "short_name",
		    "Tên viết tắt bắt buộc, tối đa 32 byte (dùng trong ký hiệu"
		    " văn bản, ví dụ UBND, STTTT)");
		return -1;
	}
	if (u->kind == NULL || !valid_kind(u->kind)) {
		dir_set_err(e, 422, "invalid_kind", "kind", "Loại đơn vị phải là"
		    " province, department, district, commune, division hoặc"
		    " party");
		return -1;
	}
	if (!dir_valid_text(u->address, 0, DIR_NAME_MAX) ||
	    !dir_valid_text(u->email, 0, 254) || !dir_valid_text(u->phone, 0, 32)) {
		dir_set_err(e, 422, "invalid_contact", "address",
		    "Địa chỉ, thư điện tử hoặc điện thoại không hợp lệ hoặc quá"
		    " dài");
		return -1;
	}
	if (u->effective_from && !dir_valid_date(u->effective_from)) {
		dir_set_err(e, 422, "invalid_date", "effective_from",
		    "Ngày hiệu lực phải có dạng YYYY-MM-DD và là ngày có thật");
		return -1;
	}
	st = db_prepare(db, "SELECT id FROM units WHERE code = ?1 AND id <> ?2");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, u->code);
	db_bind_int(st, 2, self);
	if (sqlite3_step(st) == SQLITE_ROW) {
		db_done(st);
		dir_set_err(e, 409, "duplicate_code", "code",
		    "Mã định danh này đã được dùng cho một đơn vị khác");
		return -1;
	}
	db_done(st);
	u->level = 1;
	if (u->parent_id) {
		if (u->parent_id == self) {
			dir_set_err(e, 422, "invalid_parent", "parent_id",
			    "Đơn vị không thể là cấp trên của chính nó");
			return -1;
		}
		st = db_prepare(db, "SELECT level FROM units WHERE id = ?1"
		    " AND effective_until IS NULL");
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, u->parent_id);
		if (sqlite3_step(st) != SQLITE_ROW) {
			db_done(st);
			dir_set_err(e, 422, "unknown_parent", "parent_id",
			    "Không có đơn vị cấp trên này (hoặc đơn vị đó đã"
			    " giải thể)");
			return -1;
		}
		u->level = sqlite3_column_int(st, 0) + 1;
		db_done(st);
		/* No cycles: the parent must not be below this unit. */
		for (pid = u->parent_id; self && pid; ) {
			st = db_prepare(db, "SELECT parent_id FROM units"
			    " WHERE id = ?1");
			if (st == NULL)
				return -1;
			db_bind_int(st, 1, pid);
			pid = sqlite3_step(st) == SQLITE_ROW ?
			    sqlite3_column_int64(st, 0) : 0;
			db_done(st);
			if (pid == self) {
				dir_set_err(e, 422, "invalid_parent", "parent_id",
				    "Đơn vị cấp trên không được là đơn vị trực"
				    " thuộc của chính nó");
				return -1;
			}
		}
		if (u->level > 9) {
			dir_set_err(e, 422, "too_deep", "parent_id",
			    "Cây đơn vị sâu quá 9 cấp");
			return -1;
		}
	}
	return 0;
}

int
dir_version_insert(struct db *db, int64_t unit, const char *name,
    const char *short_name, int64_t parent, const char *from)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO unit_versions (unit_id, name,"
	    " short_name, parent_id, valid_from) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, unit);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, short_name);
	if (parent)
		db_bind_int(st, 4, parent);
	db_bind_text(st, 5, from);
	return db_step_done(st);
}

int
dir_version_close(struct db *db, int64_t unit, const char *until)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "UPDATE unit_versions SET valid_until = ?2"
	    " WHERE unit_id = ?1 AND valid_until IS NULL");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, unit);
	db_bind_text(st, 2, until);
	return db_step_done(st);
}

static const char *
actor_name(const struct dir_actor *who)
{
	return who->name ? who->name : "system";
}

int
dir_audit(struct db *db, const struct dir_actor *who, const char *action,
    const char *object, const char *detail)
{
	return audit_record(db, who->id, actor_name(who), who->ip ? who->ip :
	    "", action, object, detail);
}

/* Parameters 1-9, 11 and 12 shared by the INSERT and the UPDATE of a
 * unit: code, name, short_name, level, kind, parent_id, address, email,
 * phone; name_folded; the time. */
static void
bind_unit(sqlite3_stmt *st, const struct dir_unit *u, const char *folded)
{
	db_bind_text(st, 1, u->code);
	db_bind_text(st, 2, u->name);
	db_bind_text(st, 3, u->short_name);
	db_bind_int(st, 4, u->level);
	db_bind_text(st, 5, u->kind);
	if (u->parent_id)
		db_bind_int(st, 6, u->parent_id);
	db_bind_text(st, 7, u->address);
	db_bind_text(st, 8, u->email);
	db_bind_text(st, 9, u->phone);
	db_bind_text(st, 11, folded);
	db_bind_int(st, 12, time(NULL));
}

int
dir_unit_create(struct db *db, const struct dir_actor *who, struct dir_unit *u,
    struct dir_err *e)
{
	char today[11], obj[64], *folded;
	struct buf detail = BUF_INIT;
	sqlite3_stmt *st;
	int rc = -1;

	dir_today(today);
	if (u->effective_from == NULL)
		u->effective_from = today;
	if (u->address == NULL)
		u->address = "";
	if (u->email == NULL)
		u->email = "";
	if (u->phone == NULL)
		u->phone = "";
	if (dir_check_unit(db, u, 0, e) < 0)
		return -1;
	folded = dir_unit_folded(u);
	st = db_prepare(db, "INSERT INTO units (code, name, short_name, level,"
	    " kind, parent_id, address, email, phone, effective_from,"
	    " name_folded, created_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)");
	if (st == NULL)
		goto out;
	bind_unit(st, u, folded);
	db_bind_text(st, 10, u->effective_from);
	if (db_step_done(st) < 0) {
		dir_set_err(e, 500, "db", NULL, "Lỗi cơ sở dữ liệu khi thêm đơn vị");
		goto out;
	}
	u->id = db_last_id(db);
	if (dir_version_insert(db, u->id, u->name, u->short_name, u->parent_id,
	    u->effective_from) < 0)
		goto out;
	snprintf(obj, sizeof(obj), "unit:%" PRId64, u->id);
	buf_printf(&detail, "code=%s name=%s parent=%" PRId64, u->code, u->name,
	    u->parent_id);
	if (dir_audit(db, who, "unit.create", obj, detail.data) < 0)
		goto out;
	rc = 0;
out:
	free(folded);
	buf_release(&detail);
	return rc;
}

int
dir_unit_update(struct db *db, const struct dir_actor *who, struct dir_unit *u,
    struct dir_err *e)
{
	struct arena a = ARENA_INIT;
	struct dir_unit old;
	char today[11], obj[64], *folded = NULL;
	struct buf detail = BUF_INIT;
	sqlite3_stmt *st;
	int rc = -1;

	if (dir_unit_get(db, &a, u->id, &old) < 0) {
		dir_set_err(e, 404, "not_found", NULL, "Không có đơn vị này");
		goto out;
	}
	if (old.effective_until) {
		dir_set_err(e, 409, "unit_ended", NULL, "Đơn vị đã hết hiệu lực,"
		    " không sửa được");
		goto out;
	}
	if (u->address == NULL)
		u->address = old.address;
	if (u->email == NULL)
		u->email = old.email;
	if (u->phone == NULL)
		u->phone = old.phone;
	if (u->effective_from == NULL)
		u->effective_from = old.effective_from;
	if (dir_check_unit(db, u, u->id, e) < 0)
		goto out;
	folded = dir_unit_folded(u);
	st = db_prepare(db, "UPDATE units SET code = ?1, name = ?2,"
	    " short_name = ?3, level = ?4, kind = ?5, parent_id = ?6,"
	    " address = ?7, email = ?8, phone = ?9, name_folded = ?11,"
	    " updated_at = ?12 WHERE id = ?10");
	if (st == NULL)
		goto out;
	bind_unit(st, u, folded);
	db_bind_int(st, 10, u->id);
	if (db_step_done(st) < 0)
		goto out;
	/* A new name or place starts a new version from today. */
	if (strcmp(old.name, u->name) || strcmp(old.short_name, u->short_name) ||
	    old.parent_id != u->parent_id) {
		dir_today(today);
		if (dir_version_close(db, u->id, today) < 0 ||
		    dir_version_insert(db, u->id, u->name, u->short_name,
		    u->parent_id, today) < 0)
			goto out;
	}
	snprintf(obj, sizeof(obj), "unit:%" PRId64, u->id);
	buf_printf(&detail, "code=%s name=%s parent=%" PRId64, u->code, u->name,
	    u->parent_id);
	if (dir_audit(db, who, "unit.update", obj, detail.data) < 0)
		goto out;
	rc = 0;
out:
	free(folded);
	buf_release(&detail);
	arena_release(&a);
	return rc;
}

int
dir_tree_at(struct db *db, struct arena *a, const char *date, int64_t parent,
    struct dir_unit **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 64;

	st = db_prepare(db, "SELECT u.id, u.code, v.name, v.short_name,"
	    " u.level, u.kind, v.parent_id, u.effective_from, u.effective_until,"
	    " (SELECT count(*) FROM unit_versions c JOIN units cu"
	    "  ON cu.id = c.unit_id WHERE c.parent_id = u.id"
	    "  AND c.valid_from <= ?1 AND (c.valid_until IS NULL"
	    "  OR c.valid_until > ?1) AND cu.effective_from <= ?1"
	    "  AND (cu.effective_until IS NULL OR cu.effective_until > ?1))"
	    " FROM unit_versions v JOIN units u ON u.id = v.unit_id"
	    " WHERE v.valid_from <= ?1 AND (v.valid_until IS NULL"
	    "  OR v.valid_until > ?1)"
	    " AND u.effective_from <= ?1 AND (u.effective_until IS NULL"
	    "  OR u.effective_until > ?1)"
	    " AND ((?2 = 0 AND v.parent_id IS NULL) OR v.parent_id = ?2)"
	    " ORDER BY u.level, u.code");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, date);
	db_bind_int(st, 2, parent);
	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct dir_unit *u;

		if (n == cap) {
			struct dir_unit *bigger = arena_alloc(a,
			    sizeof(**out) * (size_t)cap * 2);

			memcpy(bigger, *out, sizeof(**out) * (size_t)cap);
			*out = bigger;
			cap *= 2;
		}
		u = &(*out)[n++];
		u->id = sqlite3_column_int64(st, 0);
		u->code = col(a, st, 1);
		u->name = col(a, st, 2);
		u->short_name = col(a, st, 3);
		u->level = sqlite3_column_int(st, 4);
		u->kind = col(a, st, 5);
		u->parent_id = sqlite3_column_int64(st, 6);
		u->effective_from = col(a, st, 7);
		u->effective_until = col_or_null(a, st, 8);
		u->nchildren = sqlite3_column_int(st, 9);
	}
	db_done(st);
	return n;
}

int
dir_unit_history(struct db *db, struct arena *a, int64_t id,
    struct dir_event **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 16;

	st = db_prepare(db, "SELECT 'version', v.valid_from, v.valid_until,"
	    " v.name, coalesce(p.name, ''), '' FROM unit_versions v"
	    " LEFT JOIN units p ON p.id = v.parent_id WHERE v.unit_id = ?1"
	    " UNION ALL"
	    " SELECT 'reorg:' || r.kind, r.effective, NULL, r.note,"
	    "  (SELECT group_concat(x.role || ':' || u.name, '; ')"
	    "   FROM reorganisation_units x JOIN units u ON u.id = x.unit_id"
	    "   WHERE x.reorg_id = r.id), ru.role"
	    " FROM reorganisations r JOIN reorganisation_units ru"
	    "  ON ru.reorg_id = r.id WHERE ru.unit_id = ?1"
	    " ORDER BY 2, 1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct dir_event *e;

		if (n == cap) {
			struct dir_event *bigger = arena_alloc(a,
			    sizeof(**out) * (size_t)cap * 2);

			memcpy(bigger, *out, sizeof(**out) * (size_t)cap);
			*out = bigger;
			cap *= 2;
		}
		e = &(*out)[n++];
		e->event = col(a, st, 0);
		e->from = col(a, st, 1);
		e->until = col_or_null(a, st, 2);
		e->name = col(a, st, 3);
		e->detail = col(a, st, 4);
		e->role = col(a, st, 5);
	}
	db_done(st);
	return n;
}
