/* directory_people_db.c - the SQL of people. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/fold.h"
#include "core/log.h"
#include "directory.h"
#include "directory_int.h"

#define PERSON_COLS "p.id, p.username, p.full_name, p.unit_id, u.name," \
	" u.code, p.position, p.roles, p.email, p.phone, p.active," \
	" p.password_hash IS NOT NULL"
#define PERSON_FROM " FROM people p JOIN units u ON u.id = p.unit_id"

static void
read_person(struct arena *a, sqlite3_stmt *st, struct dir_person *p)
{
	p->id = sqlite3_column_int64(st, 0);
	p->username = arena_strdup(a, db_col_text(st, 1));
	p->full_name = arena_strdup(a, db_col_text(st, 2));
	p->unit_id = sqlite3_column_int64(st, 3);
	p->unit_name = arena_strdup(a, db_col_text(st, 4));
	p->unit_code = arena_strdup(a, db_col_text(st, 5));
	p->position = arena_strdup(a, db_col_text(st, 6));
	p->roles = (unsigned)sqlite3_column_int(st, 7);
	p->email = arena_strdup(a, db_col_text(st, 8));
	p->phone = arena_strdup(a, db_col_text(st, 9));
	p->active = sqlite3_column_int(st, 10);
	p->can_sign_in = sqlite3_column_int(st, 11);
}

/* The one person that `st` (bound, a cached statement) finds. */
static int
person_one(struct arena *a, sqlite3_stmt *st, struct dir_person *out)
{
	int rc = -1;

	if (sqlite3_step(st) == SQLITE_ROW) {
		read_person(a, st, out);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
dir_person_get(struct db *db, struct arena *a, int64_t id,
    struct dir_person *out)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "SELECT " PERSON_COLS PERSON_FROM " WHERE p.id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	return person_one(a, st, out);
}

int
dir_person_by_username(struct db *db, struct arena *a, const char *username,
    struct dir_person *out)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "SELECT " PERSON_COLS PERSON_FROM
	    " WHERE p.username = ?1");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, username);
	return person_one(a, st, out);
}

int
dir_person_with_role(struct db *db, struct arena *a, const char *unit_code,
    unsigned roles, int64_t other, struct dir_person *out)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "SELECT " PERSON_COLS PERSON_FROM " WHERE u.code ="
	    " ?1 AND u.effective_until IS NULL AND p.roles & ?2 AND p.active"
	    " AND p.id != ?3 ORDER BY p.id LIMIT 1");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, unit_code);
	db_bind_int(st, 2, roles);
	db_bind_int(st, 3, other);
	return person_one(a, st, out);
}

/* The folded query as an FTS5 trigram phrase, or a LIKE pattern when it
 * is shorter than three characters (trigrams cannot index those). */
static void
person_pattern(struct arena *a, const char *q, const char **phrase,
    const char **like)
{
	struct buf f = BUF_INIT, b = BUF_INIT;
	const char *p;

	*phrase = *like = NULL;
	if (q == NULL || *q == '\0')
		return;
	fold_append(&f, q);
	if (utf8_length(f.data) >= 3) {
		buf_addch(&b, '"');
		for (p = f.data; *p; p++) {
			if (*p == '"')
				buf_addch(&b, '"');
			buf_addch(&b, *p);
		}
		buf_addch(&b, '"');
		*phrase = arena_strdup(a, b.data);
	} else {
		buf_addch(&b, '%');
		for (p = f.data; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				buf_addch(&b, '\\');
			buf_addch(&b, *p);
		}
		buf_addch(&b, '%');
		*like = arena_strdup(a, b.data);
	}
	buf_release(&f);
	buf_release(&b);
}

/* The list and count statements for each combination of filters, built
 * once: a WHERE clause holding only the filters given lets SQLite use the
 * trigram index or people_unit instead of scanning everyone. Parameters
 * keep their numbers: ?1 phrase, ?2 like, ?3 unit, ?4 role, ?5 limit,
 * ?6 offset. */
enum { PF_FTS = 1, PF_LIKE = 2, PF_UNIT = 4, PF_ROLE = 8, PF_MAX = 16 };

static char *people_sql[PF_MAX][2];
static pthread_once_t people_sql_once = PTHREAD_ONCE_INIT;

static void
people_sql_build(void)
{
	static const char *const conds[] = {
		"p.id IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ?1)",
		"p.name_folded LIKE ?2 ESCAPE '\\'",
		"p.unit_id = ?3",
		"(p.roles & ?4) <> 0",
	};

	dir_sql_variants("people p", "SELECT " PERSON_COLS, PERSON_FROM + 6,
	    conds, 4, "p.sort_key, p.id", 0, NULL, people_sql);
}

int
dir_people_list(struct db *db, struct arena *a,
    const struct dir_person_query *q, struct dir_person **out, int *total)
{
	const char *phrase, *like;
	sqlite3_stmt *st;
	int n = 0, m = 0, i, limit = q->limit > 0 ? q->limit : 50;

	pthread_once(&people_sql_once, people_sql_build);
	person_pattern(a, q->q, &phrase, &like);
	m = (phrase ? PF_FTS : 0) | (like ? PF_LIKE : 0) |
	    (q->unit_id ? PF_UNIT : 0) | (q->role ? PF_ROLE : 0);
	for (i = 0; i < 2; i++) {
		if ((st = db_prepare(db, people_sql[m][i])) == NULL)
			return -1;
		if (phrase)
			db_bind_text(st, 1, phrase);
		if (like)
			db_bind_text(st, 2, like);
		if (q->unit_id)
			db_bind_int(st, 3, q->unit_id);
		if (q->role)
			db_bind_int(st, 4, q->role);
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
			read_person(a, st, &(*out)[n++]);
		db_done(st);
	}
	return n;
}

static int
username_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 2 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

static int
email_ok(const char *s)
{
	const char *at = strchr(s, '@');

	if (*s == '\0')
		return 1;
	return strlen(s) <= 254 && at && at != s && strchr(at + 1, '.') &&
	    strchr(at + 1, '@') == NULL && strpbrk(s, " <>\",;") == NULL;
}

static int
check_person(struct db *db, struct dir_person *p, int64_t self,
    struct dir_err *e)
{
	sqlite3_stmt *st;

	if (p->username == NULL || !username_ok(p->username)) {
		dir_set_err(e, 422, "invalid_username", "username", "Tên đăng nhập"
		    " 2–64 ký tự, chỉ gồm chữ thường không dấu, số và . _ -");
		return -1;
	}
	if (p->full_name == NULL || *p->full_name == '\0' ||
	    strlen(p->full_name) > DIR_NAME_MAX ||
	    !utf8_valid(p->full_name, strlen(p->full_name))) {
		dir_set_err(e, 422, "invalid_full_name", "full_name",
		    "Họ và tên bắt buộc, tối đa 255 byte UTF-8");
		return -1;
	}
	if (strlen(p->position) > DIR_NAME_MAX ||
	    !utf8_valid(p->position, strlen(p->position))) {
		dir_set_err(e, 422, "invalid_position", "position",
		    "Chức vụ tối đa 255 byte UTF-8");
		return -1;
	}
	if (!email_ok(p->email)) {
		dir_set_err(e, 422, "invalid_email", "email",
		    "Địa chỉ thư điện tử không hợp lệ");
		return -1;
	}
	if (strlen(p->phone) > 32 || strspn(p->phone, "0123456789+ .-()") !=
	    strlen(p->phone)) {
		dir_set_err(e, 422, "invalid_phone", "phone",
		    "Số điện thoại chỉ gồm chữ số và + . - ( ), tối đa 32 ký tự");
		return -1;
	}
	if (p->roles >= (1u << DIR_ROLE_MAX)) {
		dir_set_err(e, 422, "invalid_roles", "roles", "Vai trò không hợp lệ");
		return -1;
	}
	st = db_prepare(db, "SELECT 1 FROM units WHERE id = ?1"
	    " AND effective_until IS NULL");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, p->unit_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		dir_set_err(e, 422, "unknown_unit", "unit_id",
		    "Không có đơn vị này (hoặc đơn vị đã hết hiệu lực)");
		return -1;
	}
	db_done(st);
	st = db_prepare(db, "SELECT username = ?1 FROM people WHERE id <> ?3"
	    " AND (username = ?1 OR (email = ?2 AND email <> ''))");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, p->username);
	db_bind_text(st, 2, p->email);
	db_bind_int(st, 3, self);
	if (sqlite3_step(st) == SQLITE_ROW) {
		int same_user = sqlite3_column_int(st, 0);

		db_done(st);
		dir_set_err(e, 409, same_user ? "duplicate_username" :
		    "duplicate_email", same_user ? "username" : "email",
		    same_user ? "Tên đăng nhập này đã có người dùng" :
		    "Địa chỉ thư điện tử này đã có người dùng");
		return -1;
	}
	db_done(st);
	return 0;
}

void
dir_fold_email(struct buf *b, const char *email)
{
	size_t from = b->len;
	char *at;

	if (email == NULL || fold_append(b, email) < 0)
		return;
	/* Folding keeps '@' and maps nothing to it. */
	if ((at = memchr(b->data + from, '@', b->len - from)) != NULL)
		buf_truncate(b, (size_t)(at - b->data));
}

static char *
person_folded(const struct dir_person *p)
{
	struct buf b = BUF_INIT;

	fold_append(&b, p->full_name);
	buf_addch(&b, ' ');
	buf_adds(&b, p->username);
	buf_addch(&b, ' ');
	dir_fold_email(&b, p->email);
	return buf_detach(&b, NULL);
}

static int
audit_person(struct db *db, const struct dir_actor *who, const char *action,
    const struct dir_person *p)
{
	char obj[64];
	struct buf d = BUF_INIT;
	int rc;

	snprintf(obj, sizeof(obj), "person:%" PRId64, p->id);
	buf_printf(&d, "username=%s unit=%" PRId64 " roles=%u", p->username,
	    p->unit_id, p->roles);
	rc = audit_record(db, who->id, who->name ? who->name : "system",
	    who->ip ? who->ip : "", action, obj, d.data);
	buf_release(&d);
	return rc;
}

/* Parameters 1-9 shared by the INSERT and the UPDATE of a person:
 * username, full_name, unit_id, position, roles, email, phone,
 * name_folded and the time. */
static void
bind_person(sqlite3_stmt *st, const struct dir_person *p, const char *folded)
{
	db_bind_text(st, 1, p->username);
	db_bind_text(st, 2, p->full_name);
	db_bind_int(st, 3, p->unit_id);
	db_bind_text(st, 4, p->position);
	db_bind_int(st, 5, p->roles);
	db_bind_text(st, 6, p->email);
	db_bind_text(st, 7, p->phone);
	db_bind_text(st, 8, folded);
	db_bind_int(st, 9, time(NULL));
}

int
dir_person_create(struct db *db, const struct dir_actor *who,
    struct dir_person *p, struct dir_err *e)
{
	char today[11], *folded;
	sqlite3_stmt *st;
	int rc = -1;

	if (p->position == NULL)
		p->position = "";
	if (p->email == NULL)
		p->email = "";
	if (p->phone == NULL)
		p->phone = "";
	if (check_person(db, p, 0, e) < 0)
		return -1;
	folded = person_folded(p);
	st = db_prepare(db, "INSERT INTO people (username, full_name, unit_id,"
	    " position, roles, email, phone, name_folded, created_at,"
	    " updated_at, sort_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	    " ?9, vi_name_key(?2))");
	if (st == NULL)
		goto out;
	bind_person(st, p, folded);
	if (db_step_done(st) < 0)
		goto out;
	p->id = db_last_id(db);
	dir_today(today);
	st = db_prepare(db, "INSERT INTO person_units (person_id, unit_id,"
	    " valid_from) VALUES (?1, ?2, ?3)");
	if (st == NULL)
		goto out;
	db_bind_int(st, 1, p->id);
	db_bind_int(st, 2, p->unit_id);
	db_bind_text(st, 3, today);
	if (db_step_done(st) < 0 ||
	    audit_person(db, who, "person.create", p) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0 && e->code == NULL)
		dir_set_err(e, 500, "db", NULL, "Lỗi cơ sở dữ liệu khi thêm người");
	free(folded);
	return rc;
}

int
dir_person_update(struct db *db, const struct dir_actor *who,
    struct dir_person *p, struct dir_err *e)
{
	struct arena a = ARENA_INIT;
	struct dir_person old;
	char today[11], *folded = NULL;
	sqlite3_stmt *st;
	int rc = -1;

	if (dir_person_get(db, &a, p->id, &old) < 0) {
		dir_set_err(e, 404, "not_found", NULL, "Không có người này");
		goto out;
	}
	if (p->username == NULL)
		p->username = old.username;
	if (p->full_name == NULL)
		p->full_name = old.full_name;
	if (p->position == NULL)
		p->position = old.position;
	if (p->email == NULL)
		p->email = old.email;
	if (p->phone == NULL)
		p->phone = old.phone;
	if (p->unit_id == 0)
		p->unit_id = old.unit_id;
	if (check_person(db, p, p->id, e) < 0)
		goto out;
	folded = person_folded(p);
	st = db_prepare(db, "UPDATE people SET username = ?1, full_name = ?2,"
	    " unit_id = ?3, position = ?4, roles = ?5, email = ?6, phone = ?7,"
	    " name_folded = ?8, updated_at = ?9, active = ?11,"
	    " sort_key = vi_name_key(?2) WHERE id = ?10");
	if (st == NULL)
		goto out;
	bind_person(st, p, folded);
	db_bind_int(st, 10, p->id);
	db_bind_int(st, 11, p->active != 0);
	if (db_step_done(st) < 0)
		goto out;
	if (old.unit_id != p->unit_id) {
		dir_today(today);
		st = db_prepare(db, "UPDATE person_units SET valid_until = ?2"
		    " WHERE person_id = ?1 AND valid_until IS NULL");
		if (st == NULL)
			goto out;
		db_bind_int(st, 1, p->id);
		db_bind_text(st, 2, today);
		if (db_step_done(st) < 0)
			goto out;
		st = db_prepare(db, "INSERT INTO person_units (person_id,"
		    " unit_id, valid_from) VALUES (?1, ?2, ?3)");
		if (st == NULL)
			goto out;
		db_bind_int(st, 1, p->id);
		db_bind_int(st, 2, p->unit_id);
		db_bind_text(st, 3, today);
		if (db_step_done(st) < 0)
			goto out;
	}
	if (!p->active) {
		/* A deactivated person is signed out everywhere. */
		st = db_prepare(db, "DELETE FROM sessions WHERE person_id = ?1");
		if (st == NULL)
			goto out;
		db_bind_int(st, 1, p->id);
		if (db_step_done(st) < 0)
			goto out;
	}
	if (audit_person(db, who, "person.update", p) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0 && e->code == NULL)
		dir_set_err(e, 500, "db", NULL, "Lỗi cơ sở dữ liệu khi sửa người");
	free(folded);
	arena_release(&a);
	return rc;
}

int
dir_person_set_password(struct db *db, const struct dir_actor *who,
    int64_t id, const char *password)
{
	char hash[AUTH_HASH_MAX], obj[64];
	sqlite3_stmt *st;

	if (auth_hash_password(password, hash) < 0)
		return -1;
	st = db_prepare(db, "UPDATE people SET password_hash = ?2,"
	    " failed_logins = 0, locked_until = 0, updated_at = ?3"
	    " WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, hash);
	db_bind_int(st, 3, time(NULL));
	if (db_step_done(st) < 0 || db_changes(db) != 1)
		return -1;
	snprintf(obj, sizeof(obj), "person:%" PRId64, id);
	return audit_record(db, who->id, who->name ? who->name : "system",
	    who->ip ? who->ip : "", "person.password", obj, "");
}
