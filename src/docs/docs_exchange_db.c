/* docs_exchange_db.c - the SQL documents offer to the exchange: events
 * for it, documents received from other instances, recalls, updates and
 * replacements asked by their senders. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/calendar.h"
#include "core/jobs.h"
#include "docs.h"
#include "docs_int.h"

#define INTERNAL(e) docs_err(e, 500, "internal", NULL, "Lỗi hệ thống")

/* The system as the actor of the exchange's changes. */
static const struct docs_actor exchange_actor = {
	0, "exchange", "Liên thông văn bản", "", 0, 0, 0
};

int
docs_event_receipt(struct db *db, int64_t receipt, const char *step,
    const char *comment, const struct docs_actor *who)
{
	sqlite3_stmt *st;
	json_t *j;
	char *payload;
	int external = 0, rc;

	/* Only documents from outside can have a sender to tell. */
	st = db_prepare(db, "SELECT d.origin = 'external' FROM doc_receipts x"
	    " JOIN documents d ON d.id = x.doc_id WHERE x.id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, receipt);
	if (sqlite3_step(st) == SQLITE_ROW)
		external = sqlite3_column_int(st, 0);
	db_done(st);
	if (!external)
		return 0;
	j = json_pack("{sI ss ss ss}", "receipt", (json_int_t)receipt, "step",
	    step, "comment", comment ? comment : "", "actor",
	    who->full_name ? who->full_name : who->name ? who->name : "");
	if (j == NULL)
		return -1;
	payload = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (payload == NULL)
		return -1;
	rc = jobs_enqueue(db, "docs.receipt", payload, 0);
	free(payload);
	return rc;
}

/* The type of a received document: by code, by name, else Công văn. */
static int64_t
type_of(struct db *db, const struct docs_exchange_in *in)
{
	sqlite3_stmt *st;
	int64_t id = docs_type_id(db, in->type_code, NULL);

	if (id == 0 && in->type_name) {
		st = db_prepare(db, "SELECT id FROM doc_types WHERE active AND"
		    " (name = ?1 OR fold(name) = fold(?1))");
		if (st == NULL)
			return 0;
		db_bind_text(st, 1, in->type_name);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		db_done(st);
	}
	if (id == 0)
		id = docs_type_id(db, "CV", NULL);
	return id;
}

static int
add_files(struct db *db, int64_t doc, const struct docs_exchange_in *in)
{
	sqlite3_stmt *st;
	int i, pdf;

	for (i = 0; i < in->natt; i++) {
		pdf = in->att[i].mime && strcmp(in->att[i].mime,
		    "application/pdf") == 0;
		st = db_prepare(db, "INSERT INTO doc_attachments (doc_id, hash,"
		    " filename, mime, size, text_state, created_at) VALUES"
		    " (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, doc);
		db_bind_text(st, 2, in->att[i].hash);
		db_bind_text(st, 3, in->att[i].filename);
		db_bind_text(st, 4, in->att[i].mime ? in->att[i].mime :
		    "application/octet-stream");
		db_bind_int(st, 5, in->att[i].size);
		db_bind_text(st, 6, pdf ? "pending" : "none");
		db_bind_int(st, 7, docs_now());
		if (db_step_done(st) < 0)
			return -1;
		if (pdf && docs_queue_extract(db, db_last_id(db)) < 0)
			return -1;
	}
	return 0;
}

static int
check_in(const struct docs_exchange_in *in, int *year, struct docs_err *err)
{
	int day;

	if (!docs_valid_text(in->issuer_name, 1, 255))
		return docs_err(err, 422, "invalid_issuer", "issuer_name",
		    "Cần tên cơ quan ban hành (tối đa 255 byte)");
	if (!docs_valid_text(in->summary, 1, DOCS_SUMMARY_MAX * 4))
		return docs_err(err, 422, "invalid_summary", "summary",
		    "Trích yếu là bắt buộc");
	if (!docs_valid_text(in->notation, 1, 64))
		return docs_err(err, 422, "invalid_notation", "notation",
		    "Cần số, ký hiệu văn bản (tối đa 64 byte)");
	if (!docs_valid_date(in->doc_date, &day))
		return docs_err(err, 422, "invalid_date", "date", "Ngày văn bản"
		    " không hợp lệ");
	if (in->urgency < 0 || in->urgency >= DOCS_URGENCY_MAX)
		return docs_err(err, 422, "invalid_urgency", "urgency",
		    "Độ khẩn không hợp lệ");
	*year = calendar_year(day);
	return 0;
}

int
docs_exchange_receive(struct db *db, const struct docs_exchange_in *in,
    const int64_t *units, int nunits, int64_t *doc_id, int64_t *receipts,
    struct docs_err *err)
{
	sqlite3_stmt *st;
	int64_t type;
	int year, i;
	time_t now = docs_now();

	if (check_in(in, &year, err) < 0)
		return -1;
	if ((type = type_of(db, in)) == 0)
		return INTERNAL(err);
	st = db_prepare(db, "INSERT INTO documents (origin, issuer_name,"
	    " issuer_code, type_id, summary, content, urgency, state,"
	    " signer_name, year, number, notation, doc_date, created_at,"
	    " updated_at) VALUES ('external', ?1, ?2, ?3, ?4, ?5, ?6,"
	    " 'external', ?7, ?8, ?9, ?10, ?11, ?12, ?12)");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_text(st, 1, in->issuer_name);
	db_bind_text(st, 2, in->issuer_code ? in->issuer_code : "");
	db_bind_int(st, 3, type);
	db_bind_text(st, 4, in->summary);
	db_bind_text(st, 5, in->content ? in->content : "");
	db_bind_int(st, 6, in->urgency);
	db_bind_text(st, 7, in->signer ? in->signer : "");
	db_bind_int(st, 8, year);
	if (in->number > 0)
		db_bind_int(st, 9, in->number);
	db_bind_text(st, 10, in->notation);
	db_bind_text(st, 11, in->doc_date);
	db_bind_int(st, 12, now);
	if (db_step_done(st) < 0)
		return INTERNAL(err);
	*doc_id = db_last_id(db);
	if (add_files(db, *doc_id, in) < 0)
		return INTERNAL(err);
	for (i = 0; i < nunits; i++) {
		st = db_prepare(db, "INSERT INTO doc_receipts (doc_id, unit_id,"
		    " state, created_at, updated_at) VALUES (?1, ?2, 'received',"
		    " ?3, ?3)");
		if (st == NULL)
			return INTERNAL(err);
		db_bind_int(st, 1, *doc_id);
		db_bind_int(st, 2, units[i]);
		db_bind_int(st, 3, now);
		if (db_step_done(st) < 0)
			return INTERNAL(err);
		receipts[i] = db_last_id(db);
	}
	if (docs_record(db, &exchange_actor, *doc_id, "receive",
	    in->notation) < 0 || docs_reindex(db, *doc_id) < 0)
		return INTERNAL(err);
	return 0;
}

int
docs_exchange_get(struct db *db, struct arena *a, int64_t id,
    struct docs_doc *out)
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, "SELECT d.id, d.origin, ifnull(d.unit_id, 0),"
	    " d.issuer_name, d.issuer_code, t.code, t.name, d.summary,"
	    " d.content, d.urgency, d.reply_due, d.state, d.signer_name,"
	    " ifnull(d.year, 0), ifnull(d.number, 0), d.notation, d.doc_date,"
	    " ifnull(u.name, d.issuer_name), ifnull(u.code, d.issuer_code)"
	    " FROM documents d JOIN doc_types t ON t.id = d.type_id"
	    " LEFT JOIN units u ON u.id = d.unit_id WHERE d.id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->id = sqlite3_column_int64(st, 0);
		out->origin = arena_strdup(a, db_col_text(st, 1));
		out->unit_id = sqlite3_column_int64(st, 2);
		out->issuer_name = arena_strdup(a, db_col_text(st, 17));
		out->issuer_code = arena_strdup(a, db_col_text(st, 18));
		out->type_code = arena_strdup(a, db_col_text(st, 5));
		out->type_name = arena_strdup(a, db_col_text(st, 6));
		out->summary = arena_strdup(a, db_col_text(st, 7));
		out->content = arena_strdup(a, db_col_text(st, 8));
		out->urgency = sqlite3_column_int(st, 9);
		out->reply_due = sqlite3_column_type(st, 10) == SQLITE_NULL ?
		    NULL : arena_strdup(a, db_col_text(st, 10));
		out->state = arena_strdup(a, db_col_text(st, 11));
		out->signer_name = arena_strdup(a, db_col_text(st, 12));
		out->year = sqlite3_column_int(st, 13);
		out->number = sqlite3_column_int(st, 14);
		out->notation = arena_strdup(a, db_col_text(st, 15));
		out->doc_date = sqlite3_column_type(st, 16) == SQLITE_NULL ?
		    NULL : arena_strdup(a, db_col_text(st, 16));
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
docs_exchange_pending(struct db *db, int64_t after, int64_t *ids, int max)
{
	sqlite3_stmt *st;
	int n = 0, rc;

	st = db_prepare(db, "SELECT DISTINCT r.doc_id FROM doc_recipients r"
	    " JOIN documents d ON d.id = r.doc_id WHERE r.state ="
	    " 'pending_exchange' AND d.state = 'issued' AND r.doc_id > ?2"
	    " ORDER BY r.doc_id LIMIT ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, max);
	db_bind_int(st, 2, after);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max)
		ids[n++] = sqlite3_column_int64(st, 0);
	db_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? n : -1;
}

int
docs_exchange_mark_sent(struct db *db, int64_t doc_id, const char *code)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "UPDATE doc_recipients SET state = 'sent'"
	    " WHERE doc_id = ?1 AND code = ?2 AND unit_id IS NULL");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, doc_id);
	db_bind_text(st, 2, code);
	return db_step_done(st);
}

int
docs_exchange_receipt(struct db *db, int64_t receipt, int64_t *doc_id,
    int64_t *unit_id, char state[16], int *recalled)
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, "SELECT doc_id, unit_id, state, recalled_at IS NOT"
	    " NULL FROM doc_receipts WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, receipt);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*doc_id = sqlite3_column_int64(st, 0);
		*unit_id = sqlite3_column_int64(st, 1);
		snprintf(state, 16, "%s", db_col_text(st, 2));
		*recalled = sqlite3_column_int(st, 3);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
docs_exchange_recall(struct db *db, int64_t receipt, const char *note)
{
	sqlite3_stmt *st;
	int64_t doc, unit;
	char state[16];
	int recalled;

	if (docs_exchange_receipt(db, receipt, &doc, &unit, state,
	    &recalled) < 0)
		return -1;
	if (recalled)
		return 0;
	st = db_prepare(db, "UPDATE doc_receipts SET recalled_at = ?2,"
	    " updated_at = ?2 WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, receipt);
	db_bind_int(st, 2, docs_now());
	if (db_step_done(st) < 0)
		return -1;
	/* Its people no longer handle it (triggers drop their access). */
	st = db_prepare(db, "DELETE FROM doc_assignments WHERE receipt_id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, receipt);
	if (db_step_done(st) < 0)
		return -1;
	/* The unit's lists read doc_access: the receipt no longer counts. */
	st = db_prepare(db, "UPDATE doc_access SET via = via & ~2"
	    " WHERE viewer = ?1 AND doc_id = ?2 AND via & 2 AND via <> 2");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, unit);
	db_bind_int(st, 2, doc);
	if (db_step_done(st) < 0)
		return -1;
	st = db_prepare(db, "DELETE FROM doc_access WHERE viewer = ?1"
	    " AND doc_id = ?2 AND via = 2");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, unit);
	db_bind_int(st, 2, doc);
	if (db_step_done(st) < 0)
		return -1;
	return docs_record(db, &exchange_actor, doc, "recall", note);
}

int
docs_exchange_amend(struct db *db, int64_t receipt,
    const struct docs_exchange_in *in, int replace, struct docs_err *err)
{
	sqlite3_stmt *st;
	int64_t doc, unit, type;
	char state[16];
	int recalled, year;

	if (docs_exchange_receipt(db, receipt, &doc, &unit, state,
	    &recalled) < 0)
		return docs_err(err, 404, "not_found", NULL, "Không có văn bản"
		    " đến này");
	if (check_in(in, &year, err) < 0)
		return -1;
	if ((type = type_of(db, in)) == 0)
		return INTERNAL(err);
	st = db_prepare(db, "UPDATE documents SET summary = ?2, content = ?3,"
	    " notation = ?4, number = ?5, doc_date = ?6, year = ?7,"
	    " type_id = ?8, signer_name = ?9, urgency = ?10, updated_at = ?11,"
	    " version = version + 1 WHERE id = ?1");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_int(st, 1, doc);
	db_bind_text(st, 2, in->summary);
	db_bind_text(st, 3, in->content ? in->content : "");
	db_bind_text(st, 4, in->notation);
	if (in->number > 0)
		db_bind_int(st, 5, in->number);
	db_bind_text(st, 6, in->doc_date);
	db_bind_int(st, 7, year);
	db_bind_int(st, 8, type);
	db_bind_text(st, 9, in->signer ? in->signer : "");
	db_bind_int(st, 10, in->urgency);
	db_bind_int(st, 11, docs_now());
	if (db_step_done(st) < 0)
		return INTERNAL(err);
	if (in->natt > 0) {
		st = db_prepare(db, "DELETE FROM doc_attachments WHERE doc_id = ?1");
		if (st == NULL)
			return INTERNAL(err);
		db_bind_int(st, 1, doc);
		if (db_step_done(st) < 0 || add_files(db, doc, in) < 0)
			return INTERNAL(err);
	}
	if (docs_record(db, &exchange_actor, doc, replace ? "replace" :
	    "update", in->notation) < 0 || docs_reindex(db, doc) < 0)
		return INTERNAL(err);
	return 0;
}
