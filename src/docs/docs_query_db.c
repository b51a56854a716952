/* docs_query_db.c - the SQL that reads documents: one document, lists and
 * queues, search, history, versions, recipients, files, registers. Every
 * query on documents carries DOCS_VISIBLE. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "docs.h"
#include "docs_int.h"

#define LIST_MAX	500

/* Columns of struct docs_doc; `x` is the reader's body's receipt. A list
 * reads the first DOC_LIST_NCOLS (what a row of a list shows: the page,
 * the API's list items, the command line's search); one document, a
 * register or the due list read them all (DOC_COLS). Each column of 50
 * rows costs SQLite a decode: lists leave out the rest. A NULL is read
 * as 0 or "" (read_doc), or kept as NULL (col_or_null): no ifnull(). */
#define DOC_LIST_COLS \
	" d.id, d.origin, d.unit_id, d.issuer_name, d.issuer_code," \
	" t.code, t.name, d.summary, d.urgency, d.reply_due, d.state," \
	" d.drafter_id, dp.full_name, d.signer_name," \
	" d.number, d.notation, d.doc_date, d.reply_to," \
	" x.id, x.state, x.number," \
	" x.received_on, x.deadline, x.direction, x.refused_reason," \
	" (SELECT role FROM doc_assignments ma WHERE ma.receipt_id = x.id" \
	"  AND ma.person_id = ?21)"
#define DOC_LIST_NCOLS	26
#define DOC_COLS(content) DOC_LIST_COLS ", " content ", d.version," \
	" d.division, d.signer_id, d.year, d.created_at"
#define DOC_FROM \
	" FROM documents d JOIN doc_types t ON t.id = d.type_id" \
	" LEFT JOIN people dp ON dp.id = d.drafter_id" \
	" LEFT JOIN doc_receipts x ON x.doc_id = d.id AND x.unit_id = ?20"

/* The text of a column, NULL for NULL (sqlite3_column_text gives no
 * pointer only for NULL, or when out of memory). */
static const char *
col_or_null(struct arena *a, sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? arena_strndup(a, s, (size_t)sqlite3_column_bytes(st, i)) :
	    NULL;
}

/* The same, "" for NULL. */
static const char *
col(struct arena *a, sqlite3_stmt *st, int i)
{
	const char *s = col_or_null(a, st, i);

	return s ? s : "";
}

/* A row of DOC_LIST_COLS, and with `all` the rest of DOC_COLS. */
static void
read_doc(struct arena *a, sqlite3_stmt *st, struct docs_doc *d, int all)
{
	int i = 0;

	d->id = sqlite3_column_int64(st, i++);
	d->origin = col(a, st, i++);
	d->unit_id = sqlite3_column_int64(st, i++);
	d->issuer_name = col(a, st, i++);
	d->issuer_code = col(a, st, i++);
	d->type_code = col(a, st, i++);
	d->type_name = col(a, st, i++);
	d->summary = col(a, st, i++);
	d->urgency = sqlite3_column_int(st, i++);
	d->reply_due = col_or_null(a, st, i++);
	d->state = col(a, st, i++);
	d->drafter_id = sqlite3_column_int64(st, i++);
	d->drafter_name = col(a, st, i++);
	d->signer_name = col(a, st, i++);
	d->number = sqlite3_column_int(st, i++);
	d->notation = col(a, st, i++);
	d->doc_date = col_or_null(a, st, i++);
	d->reply_to = sqlite3_column_int64(st, i++);
	d->receipt_id = sqlite3_column_int64(st, i++);
	d->in_state = col_or_null(a, st, i++);
	d->in_number = sqlite3_column_int(st, i++);
	d->received_on = col_or_null(a, st, i++);
	d->deadline = col_or_null(a, st, i++);
	d->direction = col_or_null(a, st, i++);
	d->refused_reason = col_or_null(a, st, i++);
	d->my_role = col_or_null(a, st, i++);
	if (!all) {
		d->content = d->division = "";
		return;
	}
	d->content = col(a, st, i++);
	d->version = sqlite3_column_int(st, i++);
	d->division = col(a, st, i++);
	d->signer_id = sqlite3_column_int64(st, i++);
	d->year = sqlite3_column_int(st, i++);
	d->created_at = (long)sqlite3_column_int64(st, i++);
}

int
docs_visible(struct db *db, const struct docs_actor *who, int64_t id)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT 1 FROM documents d WHERE d.id = ?1 AND"
	    DOCS_VISIBLE);
	if (st == NULL)
		return 0;
	db_bind_int(st, 1, id);
	docs_bind_reader(st, who);
	rc = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	return rc;
}

static int
exists(struct db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st;
	int rc;

	if (id <= 0 || (st = db_prepare(db, sql)) == NULL)
		return 0;
	db_bind_int(st, 1, id);
	rc = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	return rc;
}

int
docs_exists(struct db *db, int64_t id)
{
	return exists(db, "SELECT 1 FROM documents WHERE id = ?1", id);
}

int
docs_file_exists(struct db *db, int64_t file_id)
{
	return exists(db, "SELECT 1 FROM doc_attachments WHERE id = ?1",
	    file_id);
}

int
docs_get(struct db *db, struct arena *a, const struct docs_actor *who,
    int64_t id, struct docs_doc *out)
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, "SELECT" DOC_COLS("d.content") DOC_FROM
	    " WHERE d.id = ?1 AND" DOCS_VISIBLE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	docs_bind_reader(st, who);
	if (sqlite3_step(st) == SQLITE_ROW) {
		read_doc(a, st, out, 1);
		rc = 0;
	}
	db_done(st);
	return rc;
}

/* The filters every list takes: ?1 FTS query, ?3 type, ?4 unit, ?5/?6
 * date range, ?7 state, ?8 urgency, ?9 today; ?10 limit, ?11 offset. */
#define DOC_DATE " coalesce(d.doc_date, date(d.created_at, 'unixepoch'," \
	" 'localtime'))"
#define FILTERS \
	" AND (?3 IS NULL OR t.code = ?3)" \
	" AND (?4 = 0 OR d.unit_id = ?4 OR EXISTS (SELECT 1 FROM doc_receipts" \
	"  z WHERE z.doc_id = d.id AND z.unit_id = ?4))" \
	" AND (?5 IS NULL OR" DOC_DATE " >= ?5)" \
	" AND (?6 IS NULL OR" DOC_DATE " <= ?6)" \
	" AND (?7 IS NULL OR d.state = ?7 OR x.state = ?7)" \
	" AND (?8 < 0 OR d.urgency = ?8)"
#define ORDER " ORDER BY d.urgency DESC, d.id DESC LIMIT ?10 OFFSET ?11"
/* A list: `from` is a subquery of the ids the box can hold, read from an
 * index on the rows that decide it (never a scan of documents); `cond`
 * the box's exact rule. With a text query the full-text match drives
 * instead: its MATCH already holds the reader's access tokens. */
#define LIST(from, cond) \
	{ "SELECT" DOC_LIST_COLS ", count(*) OVER ()" DOC_FROM \
	  " WHERE d.id IN (" from ") AND" DOCS_VISIBLE "AND (" cond ")" \
	  FILTERS ORDER, \
	  "SELECT" DOC_LIST_COLS ", count(*) OVER ()" DOC_FROM \
	  " WHERE d.id IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?1)" \
	  " AND" DOCS_VISIBLE "AND (" cond ")" FILTERS ORDER }

/* The page of a box without filters, straight from the key of doc_access
 * (viewer, urgency, doc_id) in list order; ?10 limit, ?11 offset. The
 * ids are the reader's own rows of doc_access (or doc_work, a subset),
 * which triggers keep equal to DOCS_VISIBLE (tests/e2e/http_docs.sh
 * compares them after every kind of change), so the rule is not tested
 * again row by row: that test was a third of a page's time. The rows come
 * back in no set order and are put in list order in C (page_order):
 * an ORDER BY here made SQLite copy every column of the page through a
 * sorter, a sixth of the statement's time. */
#define PAGE_OF(page_cte, total) \
	"WITH page(urgency, id) AS (" page_cte ")" \
	" SELECT" DOC_LIST_COLS ", " total " FROM page p JOIN documents d" \
	" ON d.id = p.id JOIN doc_types t ON t.id = d.type_id" \
	" LEFT JOIN people dp ON dp.id = d.drafter_id" \
	" LEFT JOIN doc_receipts x ON x.doc_id = d.id AND x.unit_id = ?20"
/* The page of `ids` with the box's total, `count`, in the column after
 * the document's (DOC_LIST_NCOLS): one statement for both (a page past
 * the end has no row: the total is then asked apart). */
#define PAGE(ids, count) \
	PAGE_OF(ids " ORDER BY 1 DESC, 2 DESC LIMIT ?10 OFFSET ?11", \
	    "(" count ")")

/* A text search over everything the reader sees, without other filters:
 * the matches (already only the reader's, by the access tokens in ?1)
 * are ordered on their urgency alone, and only the page's rows are read
 * in full, in no set order (page_order, as PAGE_OF). */
#define TEXT_PAGE \
	"WITH m(urgency, id) AS MATERIALIZED (SELECT d.urgency, d.id" \
	" FROM documents d WHERE d.id IN (SELECT rowid FROM docs_fts" \
	" WHERE docs_fts MATCH ?1))," \
	" page(urgency, id) AS (SELECT urgency, id FROM m" \
	" ORDER BY 1 DESC, 2 DESC LIMIT ?10 OFFSET ?11)" \
	" SELECT" DOC_LIST_COLS ", (SELECT count(*) FROM m) FROM page p" \
	" JOIN documents d ON d.id = p.id JOIN doc_types t ON t.id = d.type_id" \
	" LEFT JOIN people dp ON dp.id = d.drafter_id" \
	" LEFT JOIN doc_receipts x ON x.doc_id = d.id AND x.unit_id = ?20" \
	" WHERE" DOCS_VISIBLE

/* Everything the reader's body and the reader see: the two streams of
 * doc_access merged in order, each document once. */
#define ALL_IDS \
	"SELECT urgency, doc_id FROM doc_access WHERE viewer = ?20" \
	" UNION SELECT urgency, doc_id FROM doc_access WHERE viewer = -?21"
/* Its total: the body's rows and the person's own rows the body does not
 * also have (n_out, sql/019_docs_access_own.sql), both kept by triggers. */
#define ALL_COUNT \
	"SELECT ifnull((SELECT n FROM doc_access_counts WHERE viewer = ?20), 0)" \
	" + ifnull((SELECT n_out FROM doc_access_counts WHERE viewer = -?21)," \
	" 0)"
/* The body's incoming documents: its receipts (via bit 2). */
#define IN_IDS \
	"SELECT urgency, doc_id FROM doc_access WHERE viewer = ?20 AND via & 2"
#define IN_COUNT \
	"SELECT ifnull((SELECT n_in FROM doc_access_counts" \
	" WHERE viewer = ?20), 0)"

/* The reader's open work (main or co-handler, not done, the receipt
 * directed): the person's rows of doc_work (sql/018_docs_work.sql, kept
 * by triggers), in page order from its key. */
#define WORK_IDS(cond) \
	"SELECT DISTINCT urgency, doc_id FROM doc_work" \
	" WHERE person_id = ?21" cond
/* The count of all open work is kept by triggers (doc_work_counts,
 * sql/023_docs_work_counts.sql); the overdue, which the day decides, is
 * counted. */
#define WORK_COUNT(cond) "SELECT count(*) FROM (" WORK_IDS(cond) ")"
#define WORK_COUNT_KEPT "SELECT ifnull((SELECT n FROM doc_work_counts" \
	" WHERE person_id = ?21), 0)"

#define MY_WORK "SELECT y.doc_id FROM doc_assignments a JOIN doc_receipts y" \
	" ON y.id = a.receipt_id WHERE a.person_id = ?21 AND a.done_at IS NULL"
#define OPEN_WORK " EXISTS (SELECT 1 FROM doc_receipts y JOIN" \
	" doc_assignments a ON a.receipt_id = y.id WHERE y.doc_id = d.id" \
	" AND a.person_id = ?21 AND a.role IN ('main', 'co')" \
	" AND a.done_at IS NULL AND y.state = 'directed'"

static const struct {
	const char	*name;
	const char	*label;
	const char	*sql[2];
	const char	*page;		/* without filters; NULL: use sql[0] */
	const char	*count;		/* the total alone, without filters */
} boxes[DOCS_BOX_MAX] = {
	{ "all", "Tất cả văn bản", LIST("SELECT doc_id FROM doc_access"
	    " WHERE viewer IN (?20, -?21)", "1"), PAGE(ALL_IDS, ALL_COUNT),
	    ALL_COUNT },
	{ "drafts", "Dự thảo của tôi", LIST("SELECT id FROM documents"
	    " WHERE drafter_id = ?21", "d.drafter_id = ?21 AND d.state"
	    " IN ('draft', 'review', 'returned', 'approved')"), NULL, NULL },
	{ "to_review", "Dự thảo chờ duyệt", LIST("SELECT id FROM documents"
	    " WHERE unit_id = ?20 AND state = 'review'", "d.unit_id = ?20 AND"
	    " d.state = 'review'"), NULL, NULL },
	{ "to_issue", "Chờ cấp số, phát hành", LIST("SELECT id FROM documents"
	    " WHERE unit_id = ?20 AND state = 'approved'", "d.unit_id = ?20 AND"
	    " d.state = 'approved'"), NULL, NULL },
	{ "outgoing", "Văn bản đi", LIST("SELECT id FROM documents"
	    " WHERE unit_id = ?20 AND state = 'issued'", "d.unit_id = ?20 AND"
	    " d.state = 'issued'"), NULL, NULL },
	/* A receipt of the reader's body makes the document visible to
	 * it, and is its `x`: the receipts counted are the list's rows. */
	{ "to_register", "Văn bản đến chờ vào sổ", LIST("SELECT doc_id FROM"
	    " doc_receipts WHERE unit_id = ?20 AND state = 'received'"
	    " AND recalled_at IS NULL",
	    "x.state = 'received'"), NULL, "SELECT count(*) FROM doc_receipts"
	    " WHERE unit_id = ?20 AND state = 'received' AND recalled_at IS"
	    " NULL" },
	{ "to_direct", "Chờ chỉ đạo", LIST("SELECT doc_id FROM doc_receipts"
	    " WHERE unit_id = ?20 AND state = 'registered'"
	    " AND recalled_at IS NULL",
	    "x.state = 'registered'"), NULL, "SELECT count(*) FROM"
	    " doc_receipts WHERE unit_id = ?20 AND state = 'registered' AND"
	    " recalled_at IS NULL" },
	{ "to_handle", "Cần xử lý", LIST(MY_WORK, OPEN_WORK ")"),
	    PAGE(WORK_IDS(""), WORK_COUNT_KEPT), WORK_COUNT_KEPT },
	{ "for_info", "Để biết", LIST("SELECT doc_id FROM doc_access"
	    " WHERE viewer = -?21", "EXISTS (SELECT 1 FROM doc_receipts y"
	    " JOIN doc_assignments a ON a.receipt_id = y.id WHERE y.doc_id ="
	    " d.id AND a.person_id = ?21 AND a.role = 'info') OR EXISTS"
	    " (SELECT 1 FROM doc_shares s WHERE s.doc_id = d.id AND"
	    " s.person_id = ?21)"), NULL, NULL },
	{ "overdue", "Quá hạn", LIST(MY_WORK, OPEN_WORK " AND y.deadline < ?9)"),
	    PAGE(WORK_IDS(" AND deadline < ?9"),
	    WORK_COUNT(" AND deadline < ?9")),
	    WORK_COUNT(" AND deadline < ?9") },
	{ "incoming", "Văn bản đến", LIST("SELECT doc_id FROM doc_receipts"
	    " WHERE unit_id = ?20 AND recalled_at IS NULL", "x.id IS NOT NULL"),
	    PAGE(IN_IDS, IN_COUNT), IN_COUNT },
};

const char *
docs_box_name(int box)
{
	return box >= 0 && box < DOCS_BOX_MAX ? boxes[box].name : "";
}

const char *
docs_box_label(int box)
{
	return box >= 0 && box < DOCS_BOX_MAX ? boxes[box].label : "";
}

int
docs_box_parse(const char *s)
{
	int i;

	for (i = 0; s && i < DOCS_BOX_MAX; i++)
		if (strcmp(s, boxes[i].name) == 0)
			return i;
	return -1;
}

/* The total of a box without filters (boxes[].count). -1 on error. */
static int
box_count(struct db *db, const struct docs_actor *who, int box)
{
	sqlite3_stmt *st;
	char today[11];
	int n = -1;

	if ((st = db_prepare(db, boxes[box].count)) == NULL)
		return -1;
	db_bind_text(st, 9, calendar_format_iso(docs_today(), today));
	docs_bind_reader(st, who);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	db_done(st);
	return n;
}

int
docs_box_total(struct db *db, struct arena *a, const struct docs_actor *who,
    int box)
{
	struct docs_query q;
	struct docs_doc *d;
	int total;

	if (box < 0 || box >= DOCS_BOX_MAX)
		return -1;
	if (boxes[box].count)
		return box_count(db, who, box);
	memset(&q, 0, sizeof(q));
	q.box = box;
	q.urgency = -1;
	q.limit = 1;
	return docs_list(db, a, who, &q, &d, &total) < 0 ? -1 : total;
}

/* The MATCH expression of a text query for a reader: the words as the
 * reader's body's tokens, or the reader's own (documents assigned or
 * shared to them), so that the index only yields what they may see
 * (the tokenizer "scoped", sql/015_docs_scoped_search.sql). */
static int
match_for(struct buf *out, const char *q, const struct docs_actor *who)
{
	char unit[24], person[24];

	snprintf(unit, sizeof(unit), "u%" PRId64, who->body_id);
	snprintf(person, sizeof(person), "p%" PRId64, who->id);
	buf_addch(out, '(');
	if (docs_fts_query(out, q, unit) < 0)
		return -1;
	buf_printf(out, ") OR (");
	docs_fts_query(out, q, person);
	buf_addch(out, ')');
	return 0;
}

/* List order: most urgent first, then the newest. */
static int
list_order(const void *a, const void *b)
{
	const struct docs_doc *x = a, *y = b;

	if (x->urgency != y->urgency)
		return y->urgency - x->urgency;
	return (y->id > x->id) - (y->id < x->id);
}

/* A page read by PAGE_OF or TEXT_PAGE, put in list order. */
static void
page_order(struct docs_doc *d, int n)
{
	if (n > 1)
		qsort(d, (size_t)n, sizeof(*d), list_order);
}

int
docs_list(struct db *db, struct arena *a, const struct docs_actor *who,
    const struct docs_query *q, struct docs_doc **out, int *total)
{
	struct buf fts = BUF_INIT;
	sqlite3_stmt *st;
	char today[11];
	int n = 0, limit, box = q->box, text = q->q && *q->q, rc = SQLITE_DONE;
	int plain, unfiltered, paged;

	*total = 0;
	if (box < 0 || box >= DOCS_BOX_MAX)
		box = DOCS_BOX_ALL;
	if (text && match_for(&fts, q->q, who) < 0) {
		buf_release(&fts);
		return -2;
	}
	unfiltered = q->type_code == NULL && q->unit_id == 0 &&
	    q->from == NULL && q->to == NULL && q->state == NULL &&
	    q->urgency < 0;
	plain = !text && unfiltered && boxes[box].page != NULL;
	limit = q->limit > 0 && q->limit <= LIST_MAX ? q->limit : 50;
	*out = arena_alloc(a, sizeof(**out) * (size_t)limit);
	paged = plain || (text && unfiltered && box == DOCS_BOX_ALL);
	st = db_prepare(db, plain ? boxes[box].page : paged ? TEXT_PAGE :
	    boxes[box].sql[text]);
	if (st == NULL) {
		buf_release(&fts);
		return -1;
	}
	db_bind_text(st, 9, calendar_format_iso(docs_today(), today));
	if (!plain) {
		if (text)
			db_bind_text(st, 1, fts.data);
		db_bind_text(st, 3, q->type_code);
		db_bind_int(st, 4, q->unit_id);
		db_bind_text(st, 5, q->from);
		db_bind_text(st, 6, q->to);
		db_bind_text(st, 7, q->state);
		db_bind_int(st, 8, q->urgency);
	}
	db_bind_int(st, 10, limit);
	db_bind_int(st, 11, q->offset);
	docs_bind_reader(st, who);
	while (n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_doc(a, st, &(*out)[n], 0);
		*total = sqlite3_column_int(st, DOC_LIST_NCOLS);
		n++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		n = -1;
	else if (paged)
		page_order(*out, n);
	db_done(st);
	buf_release(&fts);
	if (n >= 0 && plain && n == 0 &&
	    (*total = box_count(db, who, box)) < 0)
		n = -1;
	return n;
}

int64_t
docs_reader_generation(struct db *db, const struct docs_actor *who)
{
	sqlite3_stmt *st;
	int64_t g = -1;

	st = db_prepare(db, "SELECT ifnull((SELECT gen FROM doc_reader_gen"
	    " WHERE viewer = ?20), 0) + ifnull((SELECT gen FROM doc_reader_gen"
	    " WHERE viewer = -?21), 0) + (SELECT CAST(value AS INTEGER) FROM"
	    " settings WHERE key = 'docs.generation') + (SELECT CAST(value AS"
	    " INTEGER) FROM settings WHERE key = 'directory.generation')");
	if (st == NULL)
		return -1;
	docs_bind_reader(st, who);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		g = sqlite3_column_int64(st, 0);
	db_done(st);
	return g;
}

int
docs_history(struct db *db, struct arena *a, int64_t id,
    struct docs_event **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 16;

	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	st = db_prepare(db, "SELECT h.at, h.actor, h.action, h.comment,"
	    " ifnull(u.name, '') FROM doc_history h LEFT JOIN units u"
	    " ON u.id = h.unit_id WHERE h.doc_id = ?1 ORDER BY h.id");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			struct docs_event *m = arena_alloc(a, sizeof(*m) *
			    (size_t)cap * 2);

			memcpy(m, *out, sizeof(*m) * (size_t)cap);
			*out = m;
			cap *= 2;
		}
		(*out)[n].at = (long)sqlite3_column_int64(st, 0);
		(*out)[n].actor = col(a, st, 1);
		(*out)[n].action = col(a, st, 2);
		(*out)[n].comment = col(a, st, 3);
		(*out)[n].unit_name = col(a, st, 4);
		n++;
	}
	db_done(st);
	return n;
}

int
docs_versions(struct db *db, struct arena *a, int64_t id,
    struct docs_version **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 64;

	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	st = db_prepare(db, "SELECT v.version, t.code, v.summary, v.content,"
	    " ifnull(p.full_name, ''), v.at FROM doc_versions v"
	    " JOIN doc_types t ON t.id = v.type_id LEFT JOIN people p"
	    " ON p.id = v.by_id WHERE v.doc_id = ?1 ORDER BY v.version DESC"
	    " LIMIT 64");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW && n < cap) {
		(*out)[n].version = sqlite3_column_int(st, 0);
		(*out)[n].type_code = col(a, st, 1);
		(*out)[n].summary = col(a, st, 2);
		(*out)[n].content = col(a, st, 3);
		(*out)[n].by = col(a, st, 4);
		(*out)[n].at = (long)sqlite3_column_int64(st, 5);
		n++;
	}
	db_done(st);
	return n;
}

int
docs_recipients(struct db *db, struct arena *a, int64_t id,
    struct docs_recipient **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = DOCS_RECIPIENTS_MAX * 2;

	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	st = db_prepare(db, "SELECT ifnull(r.unit_id, 0), r.name, r.code,"
	    " r.state, x.state FROM doc_recipients r LEFT JOIN doc_receipts x"
	    " ON x.doc_id = r.doc_id AND x.unit_id = r.unit_id"
	    " WHERE r.doc_id = ?1 ORDER BY r.id");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW && n < cap) {
		(*out)[n].unit_id = sqlite3_column_int64(st, 0);
		(*out)[n].name = col(a, st, 1);
		(*out)[n].code = col(a, st, 2);
		(*out)[n].state = col(a, st, 3);
		(*out)[n].in_state = col_or_null(a, st, 4);
		n++;
	}
	db_done(st);
	return n;
}

int
docs_assignees(struct db *db, struct arena *a, int64_t receipt_id,
    struct docs_assignee **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = DOCS_ASSIGNEES_MAX * 2 + 1;

	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	st = db_prepare(db, "SELECT a.person_id, p.full_name, a.role,"
	    " ifnull(a.done_at, 0) FROM doc_assignments a JOIN people p"
	    " ON p.id = a.person_id WHERE a.receipt_id = ?1"
	    " ORDER BY a.role = 'main' DESC, a.role = 'co' DESC,"
	    " p.full_name COLLATE VI_NAME");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, receipt_id);
	while (sqlite3_step(st) == SQLITE_ROW && n < cap) {
		(*out)[n].person_id = sqlite3_column_int64(st, 0);
		(*out)[n].full_name = col(a, st, 1);
		(*out)[n].role = col(a, st, 2);
		(*out)[n].done_at = (long)sqlite3_column_int64(st, 3);
		n++;
	}
	db_done(st);
	return n;
}

static void
read_file(struct arena *a, sqlite3_stmt *st, struct docs_file *f)
{
	f->id = sqlite3_column_int64(st, 0);
	f->filename = col(a, st, 1);
	f->mime = col(a, st, 2);
	f->hash = col(a, st, 3);
	f->size = (long)sqlite3_column_int64(st, 4);
	f->text_state = col(a, st, 5);
}

int
docs_files(struct db *db, struct arena *a, int64_t doc_id,
    struct docs_file **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 64;

	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	st = db_prepare(db, "SELECT id, filename, mime, hash, size, text_state"
	    " FROM doc_attachments WHERE doc_id = ?1 ORDER BY id");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, doc_id);
	while (sqlite3_step(st) == SQLITE_ROW && n < cap)
		read_file(a, st, &(*out)[n++]);
	db_done(st);
	return n;
}

int
docs_file_get(struct db *db, struct arena *a, const struct docs_actor *who,
    int64_t doc_id, int64_t file_id, struct docs_file *out)
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, "SELECT f.id, f.filename, f.mime, f.hash, f.size,"
	    " f.text_state FROM doc_attachments f JOIN documents d"
	    " ON d.id = f.doc_id WHERE f.id = ?1 AND (?2 = 0 OR f.doc_id = ?2) AND"
	    DOCS_VISIBLE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, file_id);
	db_bind_int(st, 2, doc_id);
	docs_bind_reader(st, who);
	if (sqlite3_step(st) == SQLITE_ROW) {
		read_file(a, st, out);
		rc = 0;
	}
	db_done(st);
	return rc;
}

int
docs_registers(struct db *db, struct arena *a, int64_t unit_id, int year,
    struct docs_register **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 128;

	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	st = db_prepare(db, "SELECT r.id, r.direction, r.name,"
	    " ifnull(y.last_number, 0) FROM doc_registers r"
	    " LEFT JOIN doc_register_years y ON y.register_id = r.id"
	    " AND y.year = ?2 WHERE r.unit_id = ?1 AND r.secret = 0"
	    " ORDER BY r.direction = 'in' DESC, r.name COLLATE VI");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, unit_id);
	db_bind_int(st, 2, year);
	while (sqlite3_step(st) == SQLITE_ROW && n < cap) {
		(*out)[n].id = sqlite3_column_int64(st, 0);
		(*out)[n].direction = col(a, st, 1);
		(*out)[n].name = col(a, st, 2);
		(*out)[n].last = sqlite3_column_int(st, 3);
		n++;
	}
	db_done(st);
	return n;
}

int
docs_register_entries(struct db *db, struct arena *a,
    const struct docs_actor *who, int64_t register_id, int year,
    struct docs_doc **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 64;

	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	st = db_prepare(db, "SELECT" DOC_COLS("''") DOC_FROM
	    " WHERE ((d.register_id = ?1 AND d.year = ?2 AND d.unit_id = ?20)"
	    " OR (x.register_id = ?1 AND x.year = ?2)) AND" DOCS_VISIBLE
	    " ORDER BY CASE WHEN x.register_id = ?1 THEN x.number"
	    " ELSE d.number END LIMIT 10000");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, register_id);
	db_bind_int(st, 2, year);
	docs_bind_reader(st, who);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			struct docs_doc *m = arena_alloc(a, sizeof(*m) *
			    (size_t)cap * 2);

			memcpy(m, *out, sizeof(*m) * (size_t)cap);
			*out = m;
			cap *= 2;
		}
		read_doc(a, st, &(*out)[n++], 1);
	}
	db_done(st);
	return n;
}

int
docs_due_list(struct db *db, struct arena *a, const struct docs_actor *who,
    int unit_scope, const char *until, struct docs_doc **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 500;

	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	st = db_prepare(db, "SELECT" DOC_COLS("''") DOC_FROM
	    " WHERE x.state = 'directed' AND x.deadline IS NOT NULL"
	    " AND x.deadline <= ?2 AND (?1 OR EXISTS (SELECT 1 FROM"
	    " doc_assignments a WHERE a.receipt_id = x.id AND a.person_id = ?21"
	    " AND a.role IN ('main', 'co') AND a.done_at IS NULL)) AND"
	    DOCS_VISIBLE " ORDER BY x.deadline, d.urgency DESC LIMIT 500");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, unit_scope);
	db_bind_text(st, 2, until);
	docs_bind_reader(st, who);
	while (sqlite3_step(st) == SQLITE_ROW && n < cap)
		read_doc(a, st, &(*out)[n++], 1);
	db_done(st);
	return n;
}
