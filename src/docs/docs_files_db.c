/* docs_files_db.c - the SQL of attachments and their text, the search
 * index, deadline reminders and notifications. */
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "core/blob.h"
#include "core/calendar.h"
#include "core/jobs.h"
#include "core/log.h"
#include "docs.h"
#include "docs_int.h"

#define INTERNAL(e) docs_err(e, 500, "internal", NULL, "Lỗi hệ thống")
#define TEXT_MAX	(2 << 20)	/* bytes of a PDF's text kept */
/* CPU seconds congso-pdftext may spend on a file (docs.extract_seconds). */
#define EXTRACT_SECONDS	30
#define EXTRACT_SECONDS_MAX	3600

long
docs_file_max(struct db *db)
{
	return db_setting_long(db, "docs.file_max", DOCS_FILE_MAX_DEFAULT);
}

/* The kind of deferred work (db_defer()) that rebuilds search rows. */
static pthread_once_t reindex_once = PTHREAD_ONCE_INIT;
static int reindex_kind = -1;

/*
 * Rebuild the search rows of the documents `ids` (a JSON array of ids,
 * which may repeat) from their current state, in one statement. FTS5 in
 * SQLite 3.40 writes its pending entries out as a new segment whenever a
 * statement that opens a statement journal begins or ends, and a delete
 * leaves entries too (the old row's words, struck out): a DELETE per id
 * before the INSERT wrote a segment for each document that had a row
 * (the text of a file, a change), with the structure record rewritten
 * and merges to follow, under the write lock. INSERT OR REPLACE strikes
 * out and writes each row in the same statement: one segment per group.
 */
static int
reindex(struct db *db, const char *ids)
{
	sqlite3_stmt *st;

	/* The readers, then the text (the tokenizer "scoped"). */
	st = db_prepare(db, "INSERT OR REPLACE INTO docs_fts (rowid, t)"
	    " SELECT d.id, ifnull((SELECT group_concat(iif(v.viewer > 0,"
	    " 'u' || v.viewer, 'p' || -v.viewer), ' ') FROM doc_access v"
	    " WHERE v.doc_id = d.id), '') || char(31) ||"
	    " fold(t.name || ' ' || d.summary || ' ' || d.notation || ' ' ||"
	    " d.issuer_name || ' ' || d.signer_name || ' ' || ifnull((SELECT"
	    " group_concat(a.text, ' ') FROM doc_attachments a WHERE"
	    " a.doc_id = d.id AND a.text_state = 'done'), ''))"
	    " FROM documents d JOIN doc_types t ON t.id = d.type_id"
	    " WHERE d.id IN (SELECT value FROM json_each(?1))");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, ids);
	return db_step_done(st);
}

static void
reindex_register(void)
{
	reindex_kind = db_defer_register(reindex);
}

int
docs_reindex(struct db *db, int64_t id)
{
	pthread_once(&reindex_once, reindex_register);
	return db_defer(db, reindex_kind, id);
}

int
docs_queue_extract(struct db *db, int64_t file_id)
{
	char payload[64];

	snprintf(payload, sizeof(payload), "{\"file\":%" PRId64 "}", file_id);
	return jobs_enqueue(db, "docs.extract", payload, 0);
}

/* The CPU seconds a file's text may take (docs.extract_seconds). */
static long
extract_seconds(struct db *db)
{
	long secs = db_setting_long(db, "docs.extract_seconds",
	    EXTRACT_SECONDS);

	return secs > EXTRACT_SECONDS_MAX ? EXTRACT_SECONDS_MAX : secs;
}

/*
 * Read a small PDF's text while it is filed, before the transaction: the
 * document is then found by its words as soon as the filing is answered,
 * and the write lock is taken once, where the job queue took it three
 * times more for each file (its job queued, claimed, then the text stored
 * with the search row written again). A file the helper could not finish
 * in the time a request may wait is left to the queue.
 */
void
docs_file_text_now(struct db *db, const char *path, const char *filename,
    size_t size, struct docs_file_text *out)
{
	struct buf why = BUF_INIT;
	unsigned char head[16];
	const char *mime;
	ssize_t n;
	long max;
	int fd, rc;

	out->read = out->ok = 0;
	out->why[0] = '\0';
	buf_init(&out->text, 0);
	max = db_setting_count(db, "docs.extract_now_max",
	    DOCS_EXTRACT_NOW_MAX);
	if (size == 0 || (long)size > max || (long)size > docs_file_max(db) ||
	    (fd = blob_open_fd(path)) < 0)
		return;
	if ((n = pread(fd, head, sizeof(head), 0)) <= 0 ||
	    docs_file_kind(filename, head, (size_t)n, &mime) < 0 ||
	    strcmp(mime, "application/pdf") != 0) {
		close(fd);
		return;
	}
	rc = docs_pdf_text_now(fd, (int)extract_seconds(db), TEXT_MAX,
	    &out->text, &why);
	close(fd);
	if (rc <= 0) {
		out->read = 1;
		out->ok = rc == 0;
		snprintf(out->why, sizeof(out->why), "%s", why.data);
	}
	buf_release(&why);
}

int
docs_attach(struct db *db, const struct docs_actor *who, int64_t id,
    const char *path, const char *filename, size_t size, const char *sha256,
    const struct docs_file_text *pre, int64_t *file_id, struct docs_err *err)
{
	sqlite3_stmt *st;
	unsigned char head[16];
	const char *mime;
	char hash[65];
	int64_t unit, receipt;
	ssize_t n;
	int state, rstate, pdf, queue;

	if (docs_state_of(db, id, &state, &unit, NULL) < 0 ||
	    !docs_visible(db, who, id))
		return docs_err_unseen(db, who, id, err);
	if (state == DOCS_EXTERNAL) {
		if (docs_receipt_of(db, id, who->body_id, &receipt, &rstate) < 0)
			return docs_err(err, 403, "forbidden", NULL, "Chỉ đơn vị"
			    " nhận văn bản được đính kèm tệp");
	} else if (unit != who->body_id)
		return docs_err(err, 403, "forbidden", NULL, "Chỉ đơn vị soạn"
		    " thảo được đính kèm tệp");
	else if (state == DOCS_ISSUED)
		return docs_err(err, 409, "already_issued", NULL, "Văn bản đã"
		    " phát hành, không thêm tệp được");
	if (!docs_valid_text(filename, 1, 255) || strchr(filename, '/'))
		return docs_err(err, 422, "invalid_filename", "file", "Tên tệp"
		    " không hợp lệ");
	if ((long)size > docs_file_max(db))
		return docs_errf(err, 413, "file_too_large", "file", "Tệp lớn hơn"
		    " giới hạn %ld MB", docs_file_max(db) >> 20);
	if ((n = blob_pread(path, head, sizeof(head), 0)) < 0)
		return INTERNAL(err);
	if (n == 0 || docs_file_kind(filename, head, (size_t)n, &mime) < 0)
		return docs_err(err, 415, "unsupported_type", "file", "Chỉ nhận"
		    " tệp PDF, DOCX, XLSX, PNG hoặc JPEG (đúng phần mở rộng và"
		    " nội dung)");
	if (blob_put_known(db, path, sha256, (int64_t)size, 1, mime,
	    hash) < 0)
		return INTERNAL(err);
	pdf = strcmp(mime, "application/pdf") == 0;
	queue = pdf && (pre == NULL || !pre->read);
	st = db_prepare(db, "INSERT INTO doc_attachments (doc_id, hash,"
	    " filename, mime, size, text, text_state, by_id, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	if (st == NULL)
		return INTERNAL(err);
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, hash);
	db_bind_text(st, 3, filename);
	db_bind_text(st, 4, mime);
	db_bind_int(st, 5, (int64_t)size);
	db_bind_text(st, 6, pdf && !queue && pre->ok ? pre->text.data : "");
	db_bind_text(st, 7, !pdf ? "none" : queue ? "pending" :
	    pre->ok ? "done" : "failed");
	db_bind_int(st, 8, who->id);
	db_bind_int(st, 9, docs_now());
	if (db_step_done(st) < 0)
		return INTERNAL(err);
	*file_id = db_last_id(db);
	if (pdf && !queue && !pre->ok)
		log_warn("attachment %" PRId64 ": %s", *file_id, pre->why);
	/* A text read already goes into the search row, rebuilt once at
	 * the end of the transaction's group (it was for the document). */
	if ((queue && docs_queue_extract(db, *file_id) < 0) ||
	    (pdf && !queue && pre->ok && pre->text.len > 0 &&
	    docs_reindex(db, id) < 0) ||
	    docs_record(db, who, id, "attach", filename) < 0)
		return INTERNAL(err);
	return 0;
}

int
docs_job_extract(struct db *db, const char *payload, struct buf *err)
{
	struct buf text = BUF_INIT, why = BUF_INIT;
	sqlite3_stmt *st;
	json_t *j;
	struct blob_file bf;
	char hash[65] = "";
	int64_t file, doc = 0;
	long secs;
	int ok;

	j = json_loads(payload, 0, NULL);
	file = j ? json_integer_value(json_object_get(j, "file")) : 0;
	json_decref(j);
	if (file <= 0) {
		buf_adds(err, "bad payload");
		return 0;	/* nothing to retry */
	}
	st = db_prepare(db, "SELECT hash, doc_id FROM doc_attachments"
	    " WHERE id = ?1 AND text_state = 'pending'");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, file);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(hash, sizeof(hash), "%s", db_col_text(st, 0));
		doc = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (doc == 0)
		return 0;
	/* Read by the helper process, which is given the descriptor. */
	if (blob_open(db, hash, &bf) < 0 || blob_fd(&bf) < 0) {
		blob_close(&bf);
		buf_adds(err, "stored file");
		return -1;	/* retried */
	}
	/* The slow part runs outside any transaction. */
	secs = extract_seconds(db);
	ok = docs_pdf_text(bf.fd, (int)secs, TEXT_MAX, &text, &why);
	blob_close(&bf);
	if (ok == -2) {
		buf_adds(err, why.data ? why.data : "");	/* retried */
		buf_release(&text);
		buf_release(&why);
		return -1;
	}
	ok = ok == 0;
	if (!ok)
		log_warn("attachment %" PRId64 ": %s", file, why.data);
	if (db_begin(db) < 0)
		goto fail;
	st = db_prepare(db, "UPDATE doc_attachments SET text = ?2,"
	    " text_state = ?3 WHERE id = ?1");
	if (st == NULL)
		goto fail;
	db_bind_int(st, 1, file);
	db_bind_text(st, 2, ok ? text.data : "");
	db_bind_text(st, 3, ok ? "done" : "failed");
	/* Lazy: lost to a power failure, the text is still pending, and
	 * its job, marked done in the same transaction, is run again. A
	 * file with no text (a scan, or one poppler could not read) leaves
	 * the search row as it was: it is not rebuilt. */
	if (db_step_done(st) < 0 || (ok && text.len > 0 &&
	    docs_reindex(db, doc) < 0) || jobs_done_here(db) < 0 ||
	    db_commit_lazy(db) < 0)
		goto fail;
	buf_release(&text);
	buf_release(&why);
	return 0;
fail:
	db_rollback(db);
	buf_adds(err, db_errmsg(db));
	buf_release(&text);
	buf_release(&why);
	return -1;
}

/*
 * Reminders for the open work due by the end of the soon window. It reads
 * doc_work, which holds exactly the open main and co-handler assignments
 * of directed receipts (kept by triggers, migration 018): the job holds
 * the write lock while it runs, and a scan of every receipt took 25 s on
 * a province's 1.4 million, every hour, with nobody able to save anything
 * meanwhile.
 */
int
docs_remind(struct db *db, int day)
{
	sqlite3_stmt *st;
	char today[11], soon[11];
	int last;

	if (calendar_db_due(db, day, DOCS_SOON_DAYS, &last) < 0)
		return -1;
	st = db_prepare(db, "INSERT INTO doc_notifications (person_id, doc_id,"
	    " kind, message, day, created_at) SELECT y.person_id, y.doc_id,"
	    " CASE WHEN y.deadline < ?1 THEN 'overdue' ELSE 'soon' END,"
	    " 'Văn bản ' || CASE WHEN d.notation <> '' THEN d.notation"
	    "  ELSE '(chưa có số)' END || ': ' || substr(d.summary, 1, 120) ||"
	    " CASE WHEN y.deadline < ?1 THEN ' — đã quá hạn xử lý (hạn '"
	    "  ELSE ' — sắp đến hạn xử lý (hạn ' END ||"
	    " substr(y.deadline, 9, 2) || '/' || substr(y.deadline, 6, 2) ||"
	    " '/' || substr(y.deadline, 1, 4) || ')', ?1, ?3"
	    " FROM doc_work y JOIN documents d ON d.id = y.doc_id"
	    " WHERE y.deadline IS NOT NULL AND y.deadline <= ?2"
	    " ON CONFLICT DO NOTHING");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, calendar_format_iso(day, today));
	db_bind_text(st, 2, calendar_format_iso(last, soon));
	db_bind_int(st, 3, docs_now());
	if (db_step_done(st) < 0)
		return -1;
	return db_changes(db);
}

int
docs_job_remind(struct db *db, const char *payload, struct buf *err)
{
	int n;

	(void)payload;
	if (db_begin(db) < 0)
		goto fail;
	if ((n = docs_remind(db, docs_today())) < 0 ||
	    jobs_enqueue(db, "docs.remind", "{}", 3600) < 0 ||
	    db_commit(db) < 0)
		goto fail;
	if (n > 0)
		log_info("%d deadline reminders", n);
	return 0;
fail:
	buf_adds(err, db_errmsg(db));
	db_rollback(db);
	return -1;
}

/*
 * "docs.index_merge": the search index's merges, done by the job worker
 * (at nice 10) rather than by the filings that write new segments (see
 * sql/025_docs_fts_merge.sql). Each step merges about MERGE_PAGES pages
 * in a transaction of its own, so that a filing waits for the write lock
 * a few milliseconds at most; a run takes up to MERGE_STEPS steps, and
 * the job comes back in a second while there is more to merge, else
 * after docs.index_merge_seconds (default 60). A step's work may be lost
 * on a power failure without harm: the index is the same, merged or not.
 */
#define MERGE_PAGES	64
#define MERGE_STEPS	32

static int
merge_step(struct db *db, int *more)
{
	sqlite3_stmt *st;
	sqlite3_int64 before;

	if (db_begin(db) < 0)
		return -1;
	before = sqlite3_total_changes64(db_handle(db));
	st = db_prepare(db, "INSERT INTO docs_fts (docs_fts, rank)"
	    " VALUES ('merge', ?1)");
	if (st == NULL)
		goto fail;
	db_bind_int(st, 1, MERGE_PAGES);
	if (db_step_done(st) < 0)
		goto fail;
	/* FTS5 writes nothing (fewer than two rows) when no level holds
	 * enough segments and no merge is under way. */
	*more = sqlite3_total_changes64(db_handle(db)) - before >= 2;
	return db_commit_lazy(db);
fail:
	db_rollback(db);
	return -1;
}

int
docs_index_merge(struct db *db, int steps)
{
	int i, more = 1;

	for (i = 0; (steps == 0 || i < steps) && more; i++)
		if (merge_step(db, &more) < 0)
			return -1;
	return more;
}

int
docs_job_index_merge(struct db *db, const char *payload, struct buf *err)
{
	int more;

	(void)payload;
	if ((more = docs_index_merge(db, MERGE_STEPS)) < 0) {
		/* The statement's own error is in the log (db_step_done). */
		buf_printf(err, "gộp chỉ mục tìm kiếm không được: %s",
		    db_errmsg(db));
		return -1;
	}
	return jobs_again(db, "docs.index_merge", more ? 1 :
	    (int)db_setting_long(db, "docs.index_merge_seconds", 60), err);
}

int
docs_notices(struct db *db, struct arena *a, int64_t person_id,
    struct docs_notice **out)
{
	sqlite3_stmt *st;
	int n = 0, cap = 100;

	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	st = db_prepare(db, "SELECT id, doc_id, kind, message, day,"
	    " read_at IS NOT NULL FROM doc_notifications WHERE person_id = ?1"
	    " ORDER BY id DESC LIMIT 100");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, person_id);
	while (sqlite3_step(st) == SQLITE_ROW && n < cap) {
		(*out)[n].id = sqlite3_column_int64(st, 0);
		(*out)[n].doc_id = sqlite3_column_int64(st, 1);
		(*out)[n].kind = arena_strdup(a, db_col_text(st, 2));
		(*out)[n].message = arena_strdup(a, db_col_text(st, 3));
		(*out)[n].day = arena_strdup(a, db_col_text(st, 4));
		(*out)[n].read = sqlite3_column_int(st, 5);
		n++;
	}
	db_done(st);
	return n;
}

