/*
 * calendar_db.c - the stored working calendar: tables calendar_days (the
 * days that differ from "Monday to Friday work") and calendar_years (the
 * years already seeded from the rules). All of the calendar's SQL is here.
 *
 * Each change runs in its own transaction, or inside the caller's when
 * one is open (a module computing a due date while it writes a record
 * must not fail because the year had to be seeded first).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "calendar.h"
#include "db.h"
#include "fold.h"
#include "log.h"

#define SYSTEM_ACTOR	"system"

/* Open a transaction unless the caller holds one; *own says which. */
static int
tx_begin(struct db *db, int *own)
{
	*own = sqlite3_get_autocommit(db_handle(db)) != 0;
	return *own ? db_begin(db) : 0;
}

/* Commit our own transaction on success, roll it back on failure; a
 * caller's transaction is left to the caller. Returns rc, or -1 when the
 * commit fails. */
static int
tx_end(struct db *db, int own, int rc)
{
	if (!own)
		return rc;
	if (rc == 0 && db_commit(db) == 0)
		return 0;
	db_rollback(db);
	return -1;
}

static int
year_seeded(struct db *db, int year, int *seeded)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT 1 FROM calendar_years WHERE year = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, year);
	rc = sqlite3_step(st);
	*seeded = rc == SQLITE_ROW;
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_error("%s", db_errmsg(db));
		return -1;
	}
	return 0;
}

/* Seed `year` inside the open transaction. */
static int
seed_in_tx(struct db *db, int year)
{
	struct calendar_list rules;
	sqlite3_stmt *st;
	char day[11], object[32], detail[160];
	int seeded, added = 0, rc = -1;
	size_t i;

	calendar_list_init(&rules);
	if (year_seeded(db, year, &seeded) == -1)
		goto out;
	if (seeded) {
		rc = 0;
		goto out;
	}
	if (calendar_rule_days(year, &rules) == -1) {
		log_error("no rule days for year %d", year);
		goto out;
	}
	for (i = 0; i < rules.n; i++) {
		st = db_prepare(db, "INSERT OR IGNORE INTO calendar_days "
		    "(day, kind, name) VALUES (?1, ?2, ?3)");
		if (st == NULL)
			goto out;
		db_bind_text(st, 1, calendar_format_iso(rules.days[i].day,
		    day));
		db_bind_text(st, 2, calendar_kind_name(rules.days[i].kind));
		db_bind_text(st, 3, rules.days[i].name);
		if (db_step_done(st) == -1)
			goto out;
		added += db_changes(db);
	}
	st = db_prepare(db, "INSERT INTO calendar_years (year, seeded_at) "
	    "VALUES (?1, ?2)");
	if (st == NULL)
		goto out;
	db_bind_int(st, 1, year);
	db_bind_int(st, 2, (int64_t)time(NULL));
	if (db_step_done(st) == -1)
		goto out;
	snprintf(object, sizeof(object), "calendar:%d", year);
	snprintf(detail, sizeof(detail), "Lập lịch năm %d theo Điều 112 Bộ "
	    "luật Lao động 2019: thêm %d/%zu ngày nghỉ", year, added,
	    rules.n);
	if (audit_record(db, 0, SYSTEM_ACTOR, "", "calendar.seed", object,
	    detail) == -1)
		goto out;
	log_info("year %d seeded, %d of %zu rule days added", year, added,
	    rules.n);
	rc = 0;
out:
	calendar_list_release(&rules);
	return rc;
}

int
calendar_db_seed(struct db *db, int year)
{
	int seeded, own;

	if (year < CALENDAR_YEAR_MIN || year > CALENDAR_YEAR_MAX) {
		log_warn("year %d out of range", year);
		return -1;
	}
	/* Most calls find the year seeded: no write lock for those. */
	if (year_seeded(db, year, &seeded) == -1)
		return -1;
	if (seeded)
		return 0;
	if (tx_begin(db, &own) == -1)
		return -1;
	return tx_end(db, own, seed_in_tx(db, year));
}

int
calendar_db_load_year(struct db *db, int year, struct calendar_list *out)
{
	sqlite3_stmt *st;
	char from[11], to[11];
	const char *day, *kind_s;
	int d, kind, rc;

	if (calendar_db_seed(db, year) == -1)
		return -1;
	st = db_prepare(db, "SELECT day, kind, name FROM calendar_days "
	    "WHERE day BETWEEN ?1 AND ?2 ORDER BY day");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, calendar_format_iso(
	    calendar_from_civil(year, 1, 1), from));
	db_bind_text(st, 2, calendar_format_iso(
	    calendar_from_civil(year, 12, 31), to));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		day = db_col_text(st, 0);
		kind_s = db_col_text(st, 1);
		if (calendar_parse_iso(day, &d) == -1 ||
		    (kind = calendar_kind_parse(kind_s)) == -1) {
			log_warn("skipping bad row day=%s kind=%s", day,
			    kind_s);
			continue;
		}
		if (calendar_list_put(out, d, (enum calendar_kind)kind,
		    db_col_text(st, 2)) == -1) {
			db_done(st);
			log_error("out of memory");
			return -1;
		}
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		log_error("%s", db_errmsg(db));
		return -1;
	}
	return 0;
}

int
calendar_name_valid(const char *name)
{
	const unsigned char *p;
	size_t len;

	if (name == NULL || (len = strlen(name)) == 0 ||
	    len >= CALENDAR_NAME_MAX || !utf8_valid(name, len))
		return 0;
	for (p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

/* The stored kind and name of `day` ("" when none) into the buffers. */
static int
day_get(struct db *db, const char *day, char kind[8],
    char name[CALENDAR_NAME_MAX])
{
	sqlite3_stmt *st;
	int rc;

	kind[0] = name[0] = '\0';
	st = db_prepare(db, "SELECT kind, name FROM calendar_days "
	    "WHERE day = ?1");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, day);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(kind, 8, "%s", db_col_text(st, 0));
		snprintf(name, CALENDAR_NAME_MAX, "%s", db_col_text(st, 1));
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_error("%s", db_errmsg(db));
		return -1;
	}
	return 0;
}

/* The label of a stored kind, the raw text when unknown. */
static const char *
old_kind_label(const char *kind)
{
	int k = calendar_kind_parse(kind);

	return k == -1 ? kind : calendar_kind_label((enum calendar_kind)k);
}

int
calendar_db_set(struct db *db, int day, enum calendar_kind kind,
    const char *name, int64_t actor_id, const char *actor, const char *ip)
{
	sqlite3_stmt *st;
	struct buf detail = BUF_INIT;
	char iso[11], object[32], old_kind[8], old_name[CALENDAR_NAME_MAX];
	int own, rc = -1;

	if (kind >= CALENDAR_KIND_MAX || !calendar_name_valid(name)) {
		log_warn("bad kind or name");
		return -1;
	}
	calendar_format_iso(day, iso);
	if (tx_begin(db, &own) == -1)
		return -1;
	if (seed_in_tx(db, calendar_year(day)) == -1 ||
	    day_get(db, iso, old_kind, old_name) == -1)
		goto out;
	st = db_prepare(db, "INSERT INTO calendar_days (day, kind, name) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (day) DO UPDATE SET "
	    "kind = excluded.kind, name = excluded.name");
	if (st == NULL)
		goto out;
	db_bind_text(st, 1, iso);
	db_bind_text(st, 2, calendar_kind_name(kind));
	db_bind_text(st, 3, name);
	if (db_step_done(st) == -1)
		goto out;
	snprintf(object, sizeof(object), "calendar:%s", iso);
	buf_printf(&detail, "%s: %s", calendar_kind_label(kind), name);
	if (old_kind[0])
		buf_printf(&detail, " (trước đó %s: %s)", old_kind_label(
		    old_kind), old_name);
	if (audit_record(db, actor_id, actor, ip, "calendar.set", object,
	    detail.data) == -1)
		goto out;
	rc = 0;
out:
	buf_release(&detail);
	return tx_end(db, own, rc);
}

int
calendar_db_unset(struct db *db, int day, int64_t actor_id,
    const char *actor, const char *ip)
{
	sqlite3_stmt *st;
	struct buf detail = BUF_INIT;
	char iso[11], object[32], old_kind[8], old_name[CALENDAR_NAME_MAX];
	int own, rc = -1, removed = 0;

	calendar_format_iso(day, iso);
	if (tx_begin(db, &own) == -1)
		return -1;
	if (seed_in_tx(db, calendar_year(day)) == -1 ||
	    day_get(db, iso, old_kind, old_name) == -1)
		goto out;
	if (old_kind[0] == '\0') {
		rc = 0;
		goto out;
	}
	st = db_prepare(db, "DELETE FROM calendar_days WHERE day = ?1");
	if (st == NULL)
		goto out;
	db_bind_text(st, 1, iso);
	if (db_step_done(st) == -1)
		goto out;
	snprintf(object, sizeof(object), "calendar:%s", iso);
	buf_printf(&detail, "bỏ %s: %s", old_kind_label(old_kind),
	    old_name);
	if (audit_record(db, actor_id, actor, ip, "calendar.unset", object,
	    detail.data) == -1)
		goto out;
	removed = 1;
	rc = 0;
out:
	buf_release(&detail);
	rc = tx_end(db, own, rc);
	return rc == 0 ? removed : -1;
}

int
calendar_db_due(struct db *db, int from, int n, int *out)
{
	struct calendar_list days;
	int year, last, due, rc = -1;

	if (n < 0 || n > CALENDAR_DUE_MAX) {
		log_warn("n=%d out of range", n);
		return -2;
	}
	calendar_list_init(&days);
	year = calendar_year(from);
	if (calendar_db_load_year(db, year, &days) == -1)
		goto out;
	last = year;
	/* Years past `last` count as plain Monday to Friday; load the next
	 * one and count again until the answer lies in a loaded year. */
	for (;;) {
		if (calendar_due(&days, from, n, &due) == -1) {
			log_warn("due date past year %d", CALENDAR_YEAR_MAX);
			rc = -2;
			goto out;
		}
		if (calendar_year(due) <= last)
			break;
		if (calendar_db_load_year(db, ++last, &days) == -1)
			goto out;
	}
	*out = due;
	rc = 0;
out:
	calendar_list_release(&days);
	return rc;
}
