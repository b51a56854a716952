/* directory_reorg_db.c - reorganisations: merge, split, rename and
 * abolish units at an effective date, moving people and sub-units to the
 * successors and keeping every earlier version. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "directory.h"
#include "directory_int.h"

/* --- reorganisation --------------------------------------------------- */

/* Move every active person of `from` to `to` from `date`. */
static int
move_people(struct db *db, int64_t from, int64_t to, const char *date)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "UPDATE person_units SET valid_until = ?3"
	    " WHERE valid_until IS NULL AND unit_id = ?1 AND person_id IN"
	    " (SELECT id FROM people WHERE unit_id = ?1)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_text(st, 3, date);
	if (db_step_done(st) < 0)
		return -1;
	st = db_prepare(db, "INSERT INTO person_units (person_id, unit_id,"
	    " valid_from) SELECT id, ?2, ?3 FROM people WHERE unit_id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_text(st, 3, date);
	if (db_step_done(st) < 0)
		return -1;
	st = db_prepare(db, "UPDATE people SET unit_id = ?2, updated_at = ?3"
	    " WHERE unit_id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_int(st, 3, time(NULL));
	return db_step_done(st);
}

/* Re-parent the units in force under `from` to `to` from `date`. */
static int
move_children(struct db *db, int64_t from, int64_t to, const char *date)
{
	sqlite3_stmt *st;
	int64_t ids[4096];
	int n = 0, i;

	st = db_prepare(db, "SELECT id FROM units WHERE parent_id = ?1"
	    " AND effective_until IS NULL");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, from);
	while (n < 4096 && sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	db_done(st);
	for (i = 0; i < n; i++) {
		struct arena a = ARENA_INIT;
		struct dir_unit c;

		if (dir_unit_get(db, &a, ids[i], &c) < 0 ||
		    dir_version_close(db, c.id, date) < 0 ||
		    dir_version_insert(db, c.id, c.name, c.short_name, to, date) < 0) {
			arena_release(&a);
			return -1;
		}
		arena_release(&a);
		st = db_prepare(db, "UPDATE units SET parent_id = ?2,"
		    " level = (SELECT level + 1 FROM units WHERE id = ?2)"
		    " WHERE id = ?1");
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, ids[i]);
		db_bind_int(st, 2, to);
		if (db_step_done(st) < 0)
			return -1;
	}
	return 0;
}

static int
end_unit(struct db *db, int64_t id, int64_t successor, const char *date)
{
	sqlite3_stmt *st;

	if (dir_version_close(db, id, date) < 0)
		return -1;
	st = db_prepare(db, "UPDATE units SET effective_until = ?2,"
	    " successor_id = ?3, updated_at = ?4 WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, date);
	if (successor)
		db_bind_int(st, 3, successor);
	db_bind_int(st, 4, time(NULL));
	return db_step_done(st);
}

static int
reorg_row(struct db *db, const struct dir_actor *who, struct dir_reorg *r,
    int64_t *id)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO reorganisations (kind, effective, note,"
	    " created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, r->kind);
	db_bind_text(st, 2, r->effective);
	db_bind_text(st, 3, r->note ? r->note : "");
	if (who->id)
		db_bind_int(st, 4, who->id);
	db_bind_int(st, 5, time(NULL));
	if (db_step_done(st) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

static int
reorg_link(struct db *db, int64_t reorg, int64_t unit, const char *role)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO reorganisation_units (reorg_id,"
	    " unit_id, role) VALUES (?1, ?2, ?3)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, reorg);
	db_bind_int(st, 2, unit);
	db_bind_text(st, 3, role);
	return db_step_done(st);
}

static int
unit_active(struct db *db, struct arena *a, int64_t id, struct dir_unit *u,
    struct dir_err *e)
{
	if (dir_unit_get(db, a, id, u) < 0) {
		dir_set_errf(e, 422, "unknown_unit", "from",
		    "Không có đơn vị số %" PRId64, id);
		return -1;
	}
	if (u->effective_until) {
		dir_set_errf(e, 409, "unit_ended", "from",
		    "Đơn vị %s đã hết hiệu lực từ %s", u->name,
		    u->effective_until);
		return -1;
	}
	return 0;
}

int
dir_reorg_apply(struct db *db, const struct dir_actor *who, struct dir_reorg *r,
    int64_t *successor, struct dir_err *e)
{
	struct arena a = ARENA_INIT;
	struct dir_unit u, first;
	char today[11], obj[64];
	struct buf detail = BUF_INIT;
	int64_t reorg, into = 0;
	int i, j, rc = -1;

	dir_today(today);
	*successor = 0;
	if (r->kind == NULL || (strcmp(r->kind, "merge") &&
	    strcmp(r->kind, "split") && strcmp(r->kind, "rename") &&
	    strcmp(r->kind, "abolish"))) {
		dir_set_err(e, 422, "invalid_kind", "kind", "Hình thức sắp xếp"
		    " phải là merge (hợp nhất), split (chia tách), rename (đổi"
		    " tên) hoặc abolish (giải thể)");
		goto out;
	}
	if (r->effective == NULL || !dir_valid_date(r->effective)) {
		dir_set_err(e, 422, "invalid_date", "effective",
		    "Ngày hiệu lực phải có dạng YYYY-MM-DD và là ngày có thật");
		goto out;
	}
	if (strcmp(r->effective, today) > 0) {
		dir_set_err(e, 422, "future_date", "effective", "Ngày hiệu lực không"
		    " được sau hôm nay: hãy thực hiện sắp xếp khi quyết định có"
		    " hiệu lực");
		goto out;
	}
	if (r->nfrom < 1 || r->nfrom > 16) {
		dir_set_err(e, 422, "no_units", "from", "Chưa chọn đơn vị cần sắp xếp");
		goto out;
	}
	for (i = 0; i < r->nfrom; i++) {
		if (unit_active(db, &a, r->from[i], &u, e) < 0)
			goto out;
		for (j = 0; j < i; j++)
			if (r->from[j] == r->from[i]) {
				dir_set_err(e, 422, "duplicate_unit", "from",
				    "Một đơn vị được chọn hai lần");
				goto out;
			}
		if (strcmp(u.effective_from, r->effective) >= 0) {
			dir_set_errf(e, 422, "invalid_date", "effective",
			    "Ngày hiệu lực phải sau ngày thành lập của %s (%s)",
			    u.name, u.effective_from);
			goto out;
		}
	}
	dir_unit_get(db, &a, r->from[0], &first);
	if (reorg_row(db, who, r, &reorg) < 0)
		goto dberr;
	for (i = 0; i < r->nfrom; i++)
		if (reorg_link(db, reorg, r->from[i], "from") < 0)
			goto dberr;

	if (strcmp(r->kind, "merge") == 0) {
		if (r->nfrom < 2 && !r->into) {
			dir_set_err(e, 422, "too_few_units", "from",
			    "Hợp nhất cần ít nhất hai đơn vị");
			goto out;
		}
		if (r->into) {
			if (unit_active(db, &a, r->into, &u, e) < 0)
				goto out;
			into = r->into;
		} else {
			if (r->ncreated != 1) {
				dir_set_err(e, 422, "no_successor", "into", "Chọn đơn"
				    " vị tiếp nhận hoặc nhập đơn vị mới");
				goto out;
			}
			r->created[0].effective_from = r->effective;
			if (!r->created[0].parent_id)
				r->created[0].parent_id = first.parent_id;
			if (!r->created[0].kind)
				r->created[0].kind = first.kind;
			if (dir_unit_create(db, who, &r->created[0], e) < 0)
				goto out;
			into = r->created[0].id;
		}
		if (reorg_link(db, reorg, into, "to") < 0)
			goto dberr;
		for (i = 0; i < r->nfrom; i++) {
			if (r->from[i] == into)
				continue;
			if (move_people(db, r->from[i], into, r->effective) < 0 ||
			    move_children(db, r->from[i], into, r->effective) < 0 ||
			    end_unit(db, r->from[i], into, r->effective) < 0)
				goto dberr;
		}
	} else if (strcmp(r->kind, "split") == 0) {
		if (r->nfrom != 1 || r->ncreated < 2) {
			dir_set_err(e, 422, "split_needs_two", "created", "Chia tách"
			    " một đơn vị cần ít nhất hai đơn vị mới");
			goto out;
		}
		for (i = 0; i < r->ncreated; i++) {
			r->created[i].effective_from = r->effective;
			if (!r->created[i].parent_id)
				r->created[i].parent_id = first.parent_id;
			if (!r->created[i].kind)
				r->created[i].kind = first.kind;
			if (dir_unit_create(db, who, &r->created[i], e) < 0)
				goto out;
			if (reorg_link(db, reorg, r->created[i].id, "to") < 0)
				goto dberr;
		}
		into = r->created[0].id;
		if (move_people(db, first.id, into, r->effective) < 0 ||
		    move_children(db, first.id, into, r->effective) < 0 ||
		    end_unit(db, first.id, into, r->effective) < 0)
			goto dberr;
	} else if (strcmp(r->kind, "rename") == 0) {
		if (r->nfrom != 1 || r->ncreated != 1 ||
		    !dir_valid_text(r->created[0].name, 1, DIR_NAME_MAX)) {
			dir_set_err(e, 422, "invalid_name", "name",
			    "Nhập tên mới của đơn vị");
			goto out;
		}
		if (!r->created[0].short_name || !*r->created[0].short_name)
			r->created[0].short_name = first.short_name;
		u = first;
		u.name = r->created[0].name;
		u.short_name = r->created[0].short_name;
		if (dir_check_unit(db, &u, u.id, e) < 0)
			goto out;
		{
			char *folded = dir_unit_folded(&u);
			sqlite3_stmt *st = db_prepare(db, "UPDATE units SET"
			    " name = ?2, short_name = ?3, name_folded = ?4,"
			    " updated_at = ?5 WHERE id = ?1");

			if (st == NULL) {
				free(folded);
				goto dberr;
			}
			db_bind_int(st, 1, u.id);
			db_bind_text(st, 2, u.name);
			db_bind_text(st, 3, u.short_name);
			db_bind_text(st, 4, folded);
			db_bind_int(st, 5, time(NULL));
			free(folded);
			if (db_step_done(st) < 0)
				goto dberr;
		}
		if (dir_version_close(db, u.id, r->effective) < 0 ||
		    dir_version_insert(db, u.id, u.name, u.short_name, u.parent_id,
		    r->effective) < 0 || reorg_link(db, reorg, u.id, "to") < 0)
			goto dberr;
		into = u.id;
	} else if (strcmp(r->kind, "abolish") == 0) {
		if (r->nfrom != 1) {
			dir_set_err(e, 422, "one_unit", "from",
			    "Giải thể từng đơn vị một");
			goto out;
		}
		if ((first.npeople || first.nchildren) && !r->into) {
			dir_set_errf(e, 422, "no_successor", "into",
			    "Đơn vị còn %d người và %d đơn vị trực thuộc: hãy chọn"
			    " đơn vị tiếp nhận", first.npeople, first.nchildren);
			goto out;
		}
		if (r->into) {
			if (r->into == first.id ||
			    unit_active(db, &a, r->into, &u, e) < 0) {
				if (r->into == first.id)
					dir_set_err(e, 422, "invalid_successor", "into",
					    "Đơn vị tiếp nhận phải khác đơn vị"
					    " giải thể");
				goto out;
			}
			into = r->into;
			if (reorg_link(db, reorg, into, "to") < 0 ||
			    move_people(db, first.id, into, r->effective) < 0 ||
			    move_children(db, first.id, into, r->effective) < 0)
				goto dberr;
		}
		if (end_unit(db, first.id, into, r->effective) < 0)
			goto dberr;
	} else {
		dir_set_err(e, 422, "invalid_kind", "kind", "Hình thức sắp xếp phải là"
		    " merge (hợp nhất), split (chia tách), rename (đổi tên) hoặc"
		    " abolish (giải thể)");
		goto out;
	}
	snprintf(obj, sizeof(obj), "reorg:%" PRId64, reorg);
	buf_printf(&detail, "kind=%s effective=%s units=", r->kind, r->effective);
	for (i = 0; i < r->nfrom; i++)
		buf_printf(&detail, "%s%" PRId64, i ? "," : "", r->from[i]);
	buf_printf(&detail, " successor=%" PRId64, into);
	if (dir_audit(db, who, "unit.reorganise", obj, detail.data) < 0)
		goto dberr;
	*successor = into;
	rc = 0;
	goto out;
dberr:
	dir_set_err(e, 500, "db", NULL, "Lỗi cơ sở dữ liệu khi sắp xếp đơn vị");
out:
	buf_release(&detail);
	arena_release(&a);
	return rc;
}
