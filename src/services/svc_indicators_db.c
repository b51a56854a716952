/* svc_indicators_db.c - indicators of the one-stop shop per unit or per
 * procedure for a period: the inputs of the evaluation in Quyết định
 * 766/QĐ-TTg (progress, on-time results, online provision, satisfaction).
 * A dossier counts in the period of its submission (local date). */
#include <string.h>

#include "svc_int.h"

/* ?1 from, ?2 to (ISO), ?3 unit (0: all), ?4 today (ISO). Late: an
 * apology was made, or it was returned (or is still open) after its
 * first appointment date, as svc_is_late(). */
#define IND_COLS \
	" count(d.received_at)," \
	" sum(d.state = 'returned')," \
	" sum(d.state = 'returned' AND d.apologies = 0" \
	"  AND d.finished_on <= d.first_due)," \
	" sum(d.received_at IS NOT NULL AND (d.apologies > 0" \
	"  OR ifnull(d.finished_on, ?4) > d.first_due))," \
	" sum(d.state IN ('received','transferred','processing','approved'))," \
	" sum(d.state IN ('received','transferred','processing','approved')" \
	"  AND d.due < ?4)," \
	" sum(d.received_at IS NOT NULL AND d.channel = 'online')," \
	" sum(d.supplemented)," \
	" sum(d.state = 'refused')," \
	" count(d.rating), ifnull(avg(d.rating), 0)"
#define IND_WHERE " WHERE d.state != 'draft'" \
	" AND date(d.submitted_at, 'unixepoch', 'localtime') BETWEEN ?1 AND ?2" \
	" AND (?3 = 0 OR d.unit_id = ?3 OR d.handler_unit_id = ?3)"

int
svc_indicators(struct db *db, struct arena *a, const char *by,
    const char *from, const char *to, int64_t unit_id, int today,
    struct svc_indicator **out)
{
	sqlite3_stmt *st;
	char iso[11];
	int n = 0, cap = 32;

	*out = NULL;
	if (strcmp(by, "procedure") == 0)
		st = db_prepare(db, "SELECT p.id, p.code, p.name," IND_COLS
		    " FROM svc_dossiers d JOIN svc_procedures p"
		    " ON p.id = d.procedure_id" IND_WHERE
		    " GROUP BY p.id ORDER BY p.code");
	else
		st = db_prepare(db, "SELECT u.id, u.code, u.name," IND_COLS
		    " FROM svc_dossiers d JOIN units u ON u.id = d.unit_id"
		    IND_WHERE " GROUP BY u.id ORDER BY u.code");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	db_bind_int(st, 3, unit_id);
	db_bind_text(st, 4, calendar_format_iso(today, iso));
	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct svc_indicator *x;

		if (n == cap) {
			x = arena_alloc(a, sizeof(*x) * (size_t)cap * 2);
			memcpy(x, *out, sizeof(*x) * (size_t)cap);
			*out = x;
			cap *= 2;
		}
		x = &(*out)[n++];
		x->key_id = sqlite3_column_int64(st, 0);
		x->key_code = arena_strdup(a, db_col_text(st, 1));
		x->key_name = arena_strdup(a, db_col_text(st, 2));
		x->received = sqlite3_column_int(st, 3);
		x->returned = sqlite3_column_int(st, 4);
		x->on_time = sqlite3_column_int(st, 5);
		x->late = sqlite3_column_int(st, 6);
		x->in_progress = sqlite3_column_int(st, 7);
		x->overdue = sqlite3_column_int(st, 8);
		x->online = sqlite3_column_int(st, 9);
		x->supplements = sqlite3_column_int(st, 10);
		x->refused = sqlite3_column_int(st, 11);
		x->rated = sqlite3_column_int(st, 12);
		x->satisfaction = sqlite3_column_double(st, 13);
	}
	db_done(st);
	return n;
}
