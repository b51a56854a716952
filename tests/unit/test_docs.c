/* test_docs.c - the clerical rules of documents (number and symbol,
 * urgency, confidentiality, steps, deadlines, search words, file kinds)
 * and the numbering of registers in the database: consecutive, per year,
 * never repeated or skipped when several threads issue at once. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/calendar.h"
#include "core/data.h"
#include "core/db.h"
#include "directory/directory.h"
#include "docs/docs.h"

static void
notation_of_a_decision_is_number_type_body(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(docs_notation(out, sizeof(out), 12, "QĐ", "UBND",
	    NULL), 0);
	assert_string_equal(out, "12/QĐ-UBND");
}

static void
notation_of_a_letter_is_number_body_division(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(docs_notation(out, sizeof(out), 125, "", "UBND",
	    "VP"), 0);
	assert_string_equal(out, "125/UBND-VP");
}

static void
notation_writes_numbers_below_ten_with_two_digits(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(docs_notation(out, sizeof(out), 1, "QĐ", "STTTT",
	    NULL), 0);
	assert_string_equal(out, "01/QĐ-STTTT");
}

static void
notation_of_a_letter_needs_its_division(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(docs_notation(out, sizeof(out), 3, "", "UBND", ""),
	    -1);
	assert_int_equal(docs_notation(out, sizeof(out), 0, "QĐ", "UBND",
	    NULL), -1);
	assert_int_equal(docs_notation(out, 6, 12, "QĐ", "UBND", NULL), -1);
}

static void
urgency_accepts_codes_and_vietnamese_labels(void **state)
{
	(void)state;
	assert_int_equal(docs_urgency_parse(NULL), DOCS_URGENCY_NORMAL);
	assert_int_equal(docs_urgency_parse("Khẩn"), DOCS_URGENCY_URGENT);
	assert_int_equal(docs_urgency_parse("thuong_khan"),
	    DOCS_URGENCY_VERY_URGENT);
	assert_int_equal(docs_urgency_parse("Thượng khẩn"),
	    DOCS_URGENCY_VERY_URGENT);
	assert_int_equal(docs_urgency_parse("HỎA TỐC"), DOCS_URGENCY_FLASH);
	assert_int_equal(docs_urgency_parse("rất gấp"), -1);
	assert_string_equal(docs_urgency_label(DOCS_URGENCY_FLASH), "Hỏa tốc");
}

static void
secret_levels_are_recognised_to_be_refused(void **state)
{
	(void)state;
	assert_int_equal(docs_secret_level(""), 0);
	assert_int_equal(docs_secret_level("Thường"), 0);
	assert_int_equal(docs_secret_level("Mật"), 1);
	assert_int_equal(docs_secret_level("toi_mat"), 2);
	assert_int_equal(docs_secret_level("TUYỆT MẬT"), 3);
	assert_int_equal(docs_secret_level("bí mật quốc gia"), -1);
}

static void
outgoing_steps_follow_the_workflow(void **state)
{
	(void)state;
	assert_int_equal(docs_next(DOCS_DRAFT, DOCS_STEP_SUBMIT), DOCS_REVIEW);
	assert_int_equal(docs_next(DOCS_REVIEW, DOCS_STEP_RETURN),
	    DOCS_RETURNED);
	assert_int_equal(docs_next(DOCS_RETURNED, DOCS_STEP_EDIT),
	    DOCS_RETURNED);
	assert_int_equal(docs_next(DOCS_RETURNED, DOCS_STEP_SUBMIT),
	    DOCS_REVIEW);
	assert_int_equal(docs_next(DOCS_REVIEW, DOCS_STEP_APPROVE),
	    DOCS_APPROVED);
	assert_int_equal(docs_next(DOCS_APPROVED, DOCS_STEP_ISSUE), DOCS_ISSUED);
	assert_int_equal(docs_next(DOCS_DRAFT, DOCS_STEP_ISSUE), -1);
	assert_int_equal(docs_next(DOCS_REVIEW, DOCS_STEP_EDIT), -1);
	assert_int_equal(docs_next(DOCS_ISSUED, DOCS_STEP_ISSUE), -1);
	assert_int_equal(docs_next(DOCS_ISSUED, DOCS_STEP_RETURN), -1);
}

static void
incoming_steps_follow_the_workflow(void **state)
{
	(void)state;
	assert_int_equal(docs_in_next(DOCS_IN_RECEIVED, DOCS_IN_STEP_REGISTER),
	    DOCS_IN_REGISTERED);
	assert_int_equal(docs_in_next(DOCS_IN_RECEIVED, DOCS_IN_STEP_REFUSE),
	    DOCS_IN_REFUSED);
	assert_int_equal(docs_in_next(DOCS_IN_REGISTERED, DOCS_IN_STEP_DIRECT),
	    DOCS_IN_DIRECTED);
	assert_int_equal(docs_in_next(DOCS_IN_DIRECTED, DOCS_IN_STEP_FINISH),
	    DOCS_IN_DONE);
	assert_int_equal(docs_in_next(DOCS_IN_RECEIVED, DOCS_IN_STEP_DIRECT),
	    -1);
	assert_int_equal(docs_in_next(DOCS_IN_REFUSED, DOCS_IN_STEP_REGISTER),
	    -1);
	assert_int_equal(docs_in_next(DOCS_IN_DONE, DOCS_IN_STEP_PROGRESS), -1);
}

static void
due_status_sorts_deadlines(void **state)
{
	(void)state;
	assert_int_equal(docs_due_status(100, -1, 102), DOCS_DUE_NONE);
	assert_int_equal(docs_due_status(100, 99, 102), DOCS_DUE_OVERDUE);
	assert_int_equal(docs_due_status(100, 100, 102), DOCS_DUE_SOON);
	assert_int_equal(docs_due_status(100, 102, 102), DOCS_DUE_SOON);
	assert_int_equal(docs_due_status(100, 103, 102), DOCS_DUE_OK);
}

static void
search_words_are_folded_and_quoted(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(docs_fts_query(&b, "Quyết định: chuyển đổi số",
	    NULL), 0);
	assert_string_equal(b.data, "\"quyet\" \"dinh\" \"chuyen\" \"doi\""
	    " \"so\"*");
	buf_reset(&b);
	/* Operators and quotes become plain quoted words. */
	assert_int_equal(docs_fts_query(&b, "12/QĐ-UBND \" OR *", NULL), 0);
	assert_string_equal(b.data, "\"12\" \"qd\" \"ubnd\" \"or\"*");
	buf_reset(&b);
	/* A reader's tokens; a symbol left after folding splits words. */
	assert_int_equal(docs_fts_query(&b, "Chuyển đổi–số", "u41"), 0);
	assert_string_equal(b.data, "\"u41xchuyen\" \"u41xdoi\" \"u41xso\"*");
	buf_reset(&b);
	assert_int_equal(docs_fts_query(&b, " -- \"\" ", "p7"), -1);
	buf_release(&b);
}

static void
file_kinds_need_name_and_content_to_agree(void **state)
{
	const char *mime = NULL;

	(void)state;
	assert_int_equal(docs_file_kind("qd.pdf", (const unsigned char *)
	    "%PDF-1.7", 8, &mime), 0);
	assert_string_equal(mime, "application/pdf");
	assert_int_equal(docs_file_kind("bang.XLSX", (const unsigned char *)
	    "PK\003\004xx", 6, &mime), 0);
	assert_int_equal(docs_file_kind("qd.docx", (const unsigned char *)
	    "%PDF-1.7", 8, &mime), -1);
	assert_int_equal(docs_file_kind("a.exe", (const unsigned char *)
	    "MZ\220\0", 4, &mime), -1);
	assert_int_equal(docs_file_kind("anh.jpg", (const unsigned char *)
	    "\377\330\377\340", 4, &mime), 0);
	assert_string_equal(mime, "image/jpeg");
}

/* --- numbering in the database ------------------------------------------ */

static char tmpdir[64];
static struct docs_actor clerk, leader, writer;
static int64_t body_id;

static int
setup_data(void **state)
{
	struct dir_actor sys = { 0, "test", "" };
	struct dir_unit u = { 0 };
	struct dir_person p;
	struct dir_err e = { 0 };
	struct db *db;
	char path[128];

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/congso-unit-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/d", tmpdir);
	if (data_create(path) < 0)
		return -1;
	db = db_thread();
	u.code = "000.00.00.H55";
	u.name = "UBND tỉnh Thái Nguyên";
	u.short_name = "UBND";
	u.kind = "province";
	if (db_begin(db) < 0 || dir_unit_create(db, &sys, &u, &e) < 0)
		return -1;
	body_id = u.id;
	memset(&p, 0, sizeof(p));
	p.username = "vanthu";
	p.full_name = "Nguyễn Thị Thu Hà";
	p.unit_id = u.id;
	p.roles = DIR_ROLE_CLERK;
	if (dir_person_create(db, &sys, &p, &e) < 0)
		return -1;
	docs_actor_init(db, &clerk, p.id, "vanthu", p.full_name, "", u.id,
	    DIR_ROLE_CLERK);
	p.id = 0;
	p.username = "lanhdao";
	p.full_name = "Hoàng Văn Thắng";
	p.roles = DIR_ROLE_LEADER;
	if (dir_person_create(db, &sys, &p, &e) < 0)
		return -1;
	docs_actor_init(db, &leader, p.id, "lanhdao", p.full_name, "", u.id,
	    DIR_ROLE_LEADER);
	p.id = 0;
	p.username = "chuyenvien";
	p.full_name = "Lê Thị Hương";
	p.roles = DIR_ROLE_SPECIALIST;
	if (dir_person_create(db, &sys, &p, &e) < 0)
		return -1;
	docs_actor_init(db, &writer, p.id, "chuyenvien", p.full_name, "", u.id,
	    DIR_ROLE_SPECIALIST);
	return db_commit(db);
}

static int
teardown_data(void **state)
{
	char cmd[128];

	(void)state;
	db_thread_close();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* An approved document of type `type`, ready to issue. */
static int64_t
approved(const char *type)
{
	struct docs_draft d;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	int64_t id = 0;

	memset(&d, 0, sizeof(d));
	d.type_code = type;
	d.summary = "Kế hoạch triển khai chuyển đổi số";
	d.division = "VP";
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(docs_draft_create(db, &writer, &d, &id, &e), 0);
	assert_int_equal(docs_step(db, &writer, id, DOCS_STEP_SUBMIT, NULL,
	    &e), 0);
	assert_int_equal(docs_step(db, &leader, id, DOCS_STEP_APPROVE, NULL,
	    &e), 0);
	assert_int_equal(db_commit(db), 0);
	return id;
}

static const char *
issue_on(int64_t id, int y, int m, int d, struct arena *a)
{
	struct docs_err e = { 0 };
	struct docs_doc doc;
	struct db *db = db_thread();

	assert_int_equal(db_begin(db), 0);
	assert_int_equal(docs_issue(db, &clerk, id, calendar_from_civil(y, m,
	    d), &e), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(docs_get(db, a, &clerk, id, &doc), 0);
	return doc.notation;
}

static void
numbers_run_from_one_and_restart_each_year(void **state)
{
	struct arena a = ARENA_INIT;

	(void)state;
	assert_string_equal(issue_on(approved("QĐ"), 2026, 12, 30, &a),
	    "01/QĐ-UBND");
	assert_string_equal(issue_on(approved("QĐ"), 2026, 12, 31, &a),
	    "02/QĐ-UBND");
	assert_string_equal(issue_on(approved("QĐ"), 2027, 1, 1, &a),
	    "01/QĐ-UBND");
	/* Công văn: body and drafting division, its own series. */
	assert_string_equal(issue_on(approved("CV"), 2027, 1, 4, &a),
	    "01/UBND-VP");
	arena_release(&a);
}

static void
a_second_number_is_refused_and_changes_nothing(void **state)
{
	struct arena a = ARENA_INIT;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	int64_t id = approved("TB");

	(void)state;
	assert_string_equal(issue_on(id, 2027, 2, 1, &a), "01/TB-UBND");
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(docs_issue(db, &clerk, id, calendar_from_civil(2027,
	    2, 2), &e), -1);
	assert_string_equal(e.code, "already_issued");
	db_rollback(db);
	assert_string_equal(issue_on(approved("TB"), 2027, 2, 3, &a),
	    "02/TB-UBND");
	arena_release(&a);
}

static void
a_shared_series_numbers_every_type_together(void **state)
{
	struct arena a = ARENA_INIT;
	struct docs_err e = { 0 };
	struct db *db = db_thread();

	(void)state;
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(docs_numbering_set(db, &clerk, body_id, 1, &e), 0);
	assert_int_equal(db_commit(db), 0);
	assert_string_equal(issue_on(approved("KH"), 2028, 3, 1, &a),
	    "01/KH-UBND");
	assert_string_equal(issue_on(approved("BC"), 2028, 3, 1, &a),
	    "02/BC-UBND");
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(docs_numbering_set(db, &clerk, body_id, 0, &e), 0);
	assert_int_equal(db_commit(db), 0);
	arena_release(&a);
}

static void
a_secret_draft_is_refused(void **state)
{
	struct docs_draft d;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	int64_t id = 0;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.type_code = "QĐ";
	d.summary = "Quyết định về công tác bảo vệ";
	d.secret = "Tối mật";
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(docs_draft_create(db, &writer, &d, &id, &e), -1);
	db_rollback(db);
	assert_string_equal(e.code, "state_secret");
	assert_non_null(strstr(e.message, "bí mật nhà nước"));
}

#define THREADS		4
#define PER_THREAD	50

struct batch {
	int64_t	 ids[PER_THREAD];
	int	 failed;
};

static void *
issue_batch(void *arg)
{
	struct batch *b = arg;
	struct docs_err e = { 0 };
	struct db *db = db_thread();	/* this thread's own connection */
	int i, day = calendar_from_civil(2029, 5, 4);

	for (i = 0; i < PER_THREAD; i++) {
		if (db_begin(db) < 0 || docs_issue(db, &clerk, b->ids[i], day,
		    &e) < 0 || db_commit(db) < 0) {
			db_rollback(db);
			b->failed++;
		}
	}
	db_thread_close();
	return NULL;
}

static void
concurrent_issues_get_distinct_consecutive_numbers(void **state)
{
	static struct batch batches[THREADS];
	pthread_t th[THREADS];
	sqlite3_stmt *st;
	struct db *db = db_thread();
	int i, j, n = 0, min = 0, max = 0, distinct = 0;

	(void)state;
	for (i = 0; i < THREADS; i++)
		for (j = 0; j < PER_THREAD; j++)
			batches[i].ids[j] = approved("CTr");
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, issue_batch,
		    &batches[i]), 0);
	for (i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(batches[i].failed, 0);
	}
	st = db_prepare(db, "SELECT count(*), min(number), max(number),"
	    " count(DISTINCT number) FROM documents d JOIN doc_types t"
	    " ON t.id = d.type_id WHERE t.code = 'CTr' AND d.year = 2029");
	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	min = sqlite3_column_int(st, 1);
	max = sqlite3_column_int(st, 2);
	distinct = sqlite3_column_int(st, 3);
	db_done(st);
	assert_int_equal(n, THREADS * PER_THREAD);
	assert_int_equal(distinct, THREADS * PER_THREAD);
	assert_int_equal(min, 1);
	assert_int_equal(max, THREADS * PER_THREAD);
}

/* Whether `who` finds document `id` by the words `q`. */
static int
found(const struct docs_actor *who, const char *q, int64_t id)
{
	struct arena a = ARENA_INIT;
	struct docs_query query;
	struct docs_doc *docs;
	int i, n, total, hit = 0;

	memset(&query, 0, sizeof(query));
	query.box = DOCS_BOX_ALL;
	query.q = q;
	query.urgency = -1;
	n = docs_list(db_thread(), &a, who, &query, &docs, &total);
	assert_true(n >= 0);
	for (i = 0; i < n; i++)
		hit |= docs[i].id == id;
	arena_release(&a);
	return hit;
}

/* A draft of the province's office with `summary`. */
static int64_t
draft(const char *summary)
{
	struct docs_draft d;
	struct docs_err e = { 0 };
	struct db *db = db_thread();
	int64_t id = 0;

	memset(&d, 0, sizeof(d));
	d.type_code = "KH";
	d.summary = summary;
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(docs_draft_create(db, &writer, &d, &id, &e), 0);
	assert_int_equal(db_commit(db), 0);
	return id;
}

static void
search_finds_a_document_shared_later_and_not_one_never_shared(void **state)
{
	struct dir_actor sys = { 0, "test", "" };
	struct dir_unit u = { 0 };
	struct dir_person p;
	struct dir_err de = { 0 };
	struct docs_err e = { 0 };
	struct docs_actor moved;
	struct db *db = db_thread();
	const char *words = "phuong an ho de huu cau";
	int64_t shared, kept;

	(void)state;
	u.code = "000.00.31.H55";
	u.name = "Sở Nông nghiệp và Môi trường";
	u.short_name = "SNNMT";
	u.kind = "department";
	u.parent_id = body_id;
	memset(&p, 0, sizeof(p));
	p.username = "chuyencongtac";
	p.full_name = "Phan Văn Đức";
	p.unit_id = body_id;
	p.roles = DIR_ROLE_SPECIALIST;
	assert_int_equal(db_begin(db), 0);
	if (dir_unit_create(db, &sys, &u, &de) < 0)
		fail_msg("%s", de.message);
	assert_int_equal(dir_person_create(db, &sys, &p, &de), 0);
	assert_int_equal(db_commit(db), 0);
	shared = draft("Phương án hộ đê Hữu Cầu mùa mưa bão");
	kept = draft("Phương án hộ đê Hữu Cầu năm sau");
	/* The person as a reader of another body: nothing of the office's
	 * is theirs until something is shared with them. */
	docs_actor_init(db, &moved, p.id, p.username, p.full_name, "", u.id,
	    DIR_ROLE_SPECIALIST);
	assert_false(found(&moved, words, shared));
	assert_false(found(&moved, words, kept));
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(docs_share(db, &leader, shared, &p.id, 1, &e), 0);
	assert_int_equal(db_commit(db), 0);
	assert_true(found(&moved, words, shared));
	assert_false(found(&moved, words, kept));
	/* The office itself still finds both. */
	assert_true(found(&clerk, words, shared));
	assert_true(found(&clerk, words, kept));
}

int
main(void)
{
	const struct CMUnitTest rules[] = {
		cmocka_unit_test(notation_of_a_decision_is_number_type_body),
		cmocka_unit_test(notation_of_a_letter_is_number_body_division),
		cmocka_unit_test(notation_writes_numbers_below_ten_with_two_digits),
		cmocka_unit_test(notation_of_a_letter_needs_its_division),
		cmocka_unit_test(urgency_accepts_codes_and_vietnamese_labels),
		cmocka_unit_test(secret_levels_are_recognised_to_be_refused),
		cmocka_unit_test(outgoing_steps_follow_the_workflow),
		cmocka_unit_test(incoming_steps_follow_the_workflow),
		cmocka_unit_test(due_status_sorts_deadlines),
		cmocka_unit_test(search_words_are_folded_and_quoted),
		cmocka_unit_test(file_kinds_need_name_and_content_to_agree),
	};
	const struct CMUnitTest stored[] = {
		cmocka_unit_test(numbers_run_from_one_and_restart_each_year),
		cmocka_unit_test(a_second_number_is_refused_and_changes_nothing),
		cmocka_unit_test(a_shared_series_numbers_every_type_together),
		cmocka_unit_test(a_secret_draft_is_refused),
		cmocka_unit_test(
		    search_finds_a_document_shared_later_and_not_one_never_shared),
		cmocka_unit_test(concurrent_issues_get_distinct_consecutive_numbers),
	};
	int rc = 0;

	rc += cmocka_run_group_tests_name("docs-rules", rules, NULL, NULL);
	rc += cmocka_run_group_tests_name("docs-numbering", stored, setup_data,
	    teardown_data);
	return rc;
}
