/* test_svc_db.c - dossiers in the database: codes from the unit's daily
 * sequence, distinct and consecutive when ten connections submit 500 at
 * once; the back office's steps with the appointment date and cut-off
 * hour from settings, a supplement asked once, officers kept to their
 * unit; the demo catalogue and CSV import. */
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
#include "services/services.h"

#define THREADS		10
#define PER_THREAD	50

static char tmpdir[64];
static int64_t commune_id, other_id, division_id, citizen_id;
static struct svc_actor citizen, officer, stranger, specialist, leader;

static int64_t
unit(struct db *db, const char *code, const char *name, const char *kind,
    int64_t parent)
{
	struct dir_actor sys = { 0, "test", "" };
	struct dir_unit u = { 0 };
	struct dir_err e = { 0 };

	u.code = code;
	u.name = name;
	u.short_name = "UBND";
	u.kind = kind;
	u.parent_id = parent;
	return dir_unit_create(db, &sys, &u, &e) < 0 ? -1 : u.id;
}

static int64_t
person(struct db *db, const char *username, int64_t unit_id, unsigned roles)
{
	struct dir_actor sys = { 0, "test", "" };
	struct dir_person p;
	struct dir_err e = { 0 };

	memset(&p, 0, sizeof(p));
	p.username = username;
	p.full_name = username;
	p.unit_id = unit_id;
	p.roles = roles;
	return dir_person_create(db, &sys, &p, &e) < 0 ? -1 : p.id;
}

static const char *proc_json =
	"[{\"code\":\"1.001193\",\"name\":\"Đăng ký khai sinh\",\"field\":"
	"\"Hộ tịch\",\"level\":\"commune\",\"agency\":\"UBND cấp xã\","
	"\"mode\":\"full\",\"days\":2,\"fee\":8000,\"components\":[{\"name\":"
	"\"Tờ khai\"}],\"form\":[{\"name\":\"ho_ten\",\"label\":\"Họ tên\","
	"\"type\":\"text\",\"required\":true}]}]";

static int
setup(void **state)
{
	struct svc_import_result res = { 0 };
	struct db *db;
	sqlite3_stmt *st;
	char path[128];
	int64_t prov, p;

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/congso-unit-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/d", tmpdir);
	if (data_create(path) < 0)
		return -1;
	db = db_thread();
	if (db_begin(db) < 0)
		return -1;
	prov = unit(db, "000.00.00.H55", "UBND tỉnh Thái Nguyên", "province",
	    0);
	commune_id = unit(db, "000.21.41.H55", "UBND phường Cam Giá",
	    "commune", prov);
	other_id = unit(db, "000.22.41.H55", "UBND phường Chùa Hang",
	    "commune", prov);
	division_id = unit(db, "001.21.41.H55", "Công chức Tư pháp - Hộ tịch",
	    "division", commune_id);
	if (prov < 0 || commune_id < 0 || other_id < 0 || division_id < 0)
		return -1;
	buf_init(&res.errors, 0);
	if (svc_import_json(db, 0, "test", "", proc_json, strlen(proc_json),
	    &res) < 0 || res.created != 1)
		return -1;
	buf_release(&res.errors);
	st = db_prepare(db, "INSERT INTO svc_citizens (email, full_name,"
	    " created_at, verified_at) VALUES ('lan@example.vn',"
	    " 'Nguyễn Thị Lan', 0, 0)");
	if (st == NULL || db_step_done(st) < 0)
		return -1;
	citizen_id = db_last_id(db);
	memset(&citizen, 0, sizeof(citizen));
	citizen.kind = SVC_ACTOR_CITIZEN;
	citizen.id = citizen_id;
	citizen.name = "lan@example.vn";
	citizen.full_name = "Nguyễn Thị Lan";
	citizen.ip = "";
	if ((p = person(db, "motcua.cg", commune_id, DIR_ROLE_ONESTOP)) < 0 ||
	    svc_staff_actor(db, &officer, p, "motcua.cg", "motcua.cg", "",
	    commune_id, DIR_ROLE_ONESTOP) < 0)
		return -1;
	if ((p = person(db, "motcua.ch", other_id, DIR_ROLE_ONESTOP)) < 0 ||
	    svc_staff_actor(db, &stranger, p, "motcua.ch", "motcua.ch", "",
	    other_id, DIR_ROLE_ONESTOP) < 0)
		return -1;
	if ((p = person(db, "tuphap", division_id, DIR_ROLE_SPECIALIST)) < 0 ||
	    svc_staff_actor(db, &specialist, p, "tuphap", "tuphap", "",
	    division_id, DIR_ROLE_SPECIALIST) < 0)
		return -1;
	if ((p = person(db, "chutich", commune_id, DIR_ROLE_LEADER)) < 0 ||
	    svc_staff_actor(db, &leader, p, "chutich", "chutich", "",
	    commune_id, DIR_ROLE_LEADER) < 0)
		return -1;
	return db_commit(db);
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	db_thread_close();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Local instant of y-m-d h:m. */
static time_t
at(int y, int m, int d, int h, int min)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = min;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* A citizen's submitted dossier at `now`; its code in `code`. */
static int64_t
submitted(struct db *db, time_t now, char code[SVC_CODE_MAX])
{
	struct svc_application app = { 0 };
	struct svc_err e = { 0 };
	json_t *v = json_pack("{s:s}", "ho_ten", "Trần Minh Khôi");
	int64_t id = 0;

	app.procedure_code = "1.001193";
	app.unit_id = commune_id;
	app.values = v;
	if (db_begin(db) < 0 || svc_dossier_create(db, &citizen, &app, now,
	    &id, &e) < 0 || svc_dossier_submit(db, &citizen, id, now, code,
	    &e) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		id = 0;
	}
	json_decref(v);
	return id;
}

static void
codes_run_per_unit_and_day(void **state)
{
	struct db *db = db_thread();
	char code[SVC_CODE_MAX];

	(void)state;
	assert_true(submitted(db, at(2026, 3, 2, 9, 0), code) > 0);
	assert_string_equal(code, "000.21.41.H55-260302-0001");
	assert_true(submitted(db, at(2026, 3, 2, 15, 0), code) > 0);
	assert_string_equal(code, "000.21.41.H55-260302-0002");
	assert_true(submitted(db, at(2026, 3, 3, 8, 0), code) > 0);
	assert_string_equal(code, "000.21.41.H55-260303-0001");
}

static void
a_second_submission_of_the_same_draft_is_refused(void **state)
{
	struct db *db = db_thread();
	struct svc_err e = { 0 };
	char code[SVC_CODE_MAX], again[SVC_CODE_MAX];
	int64_t id = submitted(db, at(2026, 3, 4, 9, 0), code);

	(void)state;
	assert_true(id > 0);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(svc_dossier_submit(db, &citizen, id,
	    at(2026, 3, 4, 9, 1), again, &e), -1);
	db_rollback(db);
	assert_int_equal(e.status, 409);
}

struct batch {
	int	 failed;
};

static void *
submit_batch(void *arg)
{
	struct batch *b = arg;
	struct db *db = db_thread();	/* this thread's own connection */
	char code[SVC_CODE_MAX];
	int i;

	for (i = 0; i < PER_THREAD; i++)
		if (submitted(db, at(2026, 6, 15, 10, 0), code) == 0)
			b->failed++;
	db_thread_close();
	return NULL;
}

static void
concurrent_submissions_get_distinct_consecutive_codes(void **state)
{
	static struct batch batches[THREADS];
	pthread_t th[THREADS];
	sqlite3_stmt *st;
	struct db *db = db_thread();
	int i;

	(void)state;
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, submit_batch,
		    &batches[i]), 0);
	for (i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(batches[i].failed, 0);
	}
	st = db_prepare(db, "SELECT count(*), count(DISTINCT code),"
	    " min(code), max(code) FROM svc_dossiers"
	    " WHERE code LIKE '000.21.41.H55-260615-%'");
	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), THREADS * PER_THREAD);
	assert_int_equal(sqlite3_column_int(st, 1), THREADS * PER_THREAD);
	assert_string_equal(db_col_text(st, 2), "000.21.41.H55-260615-0001");
	assert_string_equal(db_col_text(st, 3), "000.21.41.H55-260615-0500");
	db_done(st);
}

static int
act(struct db *db, const struct svc_actor *who, int64_t id, int step,
    const char *comment, time_t now, struct svc_err *e)
{
	struct svc_action a = { 0 };

	a.step = step;
	a.comment = comment;
	a.to_unit = commune_id;
	a.result = "Dự thảo Giấy khai sinh";
	a.new_due = "2026-05-20";
	if (db_begin(db) < 0)
		return -1;
	if (svc_dossier_act(db, who, id, &a, now, e) < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

static const char *
due_of(struct db *db, int64_t id)
{
	static char due[16];
	struct arena a = ARENA_INIT;
	struct svc_dossier d;

	assert_int_equal(svc_dossier_get(db, &a, &officer, id, &d), 0);
	snprintf(due, sizeof(due), "%s", d.due ? d.due : "");
	arena_release(&a);
	return due;
}

static void
receipt_gives_the_appointment_in_working_days(void **state)
{
	struct db *db = db_thread();
	struct svc_err e = { 0 };
	char code[SVC_CODE_MAX];
	int64_t id;

	(void)state;
	/* Wednesday 29/4/2026 at 10:00, 2 working days: 30/4 and 1/5 are
	 * holidays and 2-3/5 a weekend, so Tuesday 5/5. */
	id = submitted(db, at(2026, 4, 29, 9, 0), code);
	assert_int_equal(act(db, &officer, id, SVC_STEP_RECEIVE, NULL,
	    at(2026, 4, 29, 10, 0), &e), 0);
	assert_string_equal(due_of(db, id), "2026-05-05");
	/* With the cut-off at 09:30 the count starts on Monday 4/5. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(svc_setting_set(db, 0, "test", "", "services.cutoff",
	    "09:30", &e), 0);
	assert_int_equal(db_commit(db), 0);
	id = submitted(db, at(2026, 4, 29, 9, 0), code);
	assert_int_equal(act(db, &officer, id, SVC_STEP_RECEIVE, NULL,
	    at(2026, 4, 29, 10, 0), &e), 0);
	assert_string_equal(due_of(db, id), "2026-05-06");
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(svc_setting_set(db, 0, "test", "", "services.cutoff",
	    "25:00", &e), -1);
	assert_int_equal(svc_setting_set(db, 0, "test", "", "services.cutoff",
	    "16:00", &e), 0);
	assert_int_equal(db_commit(db), 0);
}

static void
a_dossier_goes_from_receipt_to_result(void **state)
{
	struct db *db = db_thread();
	struct svc_err e = { 0 };
	char code[SVC_CODE_MAX];
	time_t t = at(2026, 5, 11, 9, 0);
	int64_t id = submitted(db, t, code);

	(void)state;
	assert_true(id > 0);
	/* The officer of another commune cannot even see it. */
	assert_int_equal(act(db, &stranger, id, SVC_STEP_RECEIVE, NULL, t, &e),
	    -1);
	assert_int_equal(e.status, 404);
	/* A supplement needs its request, and is asked once. */
	assert_int_equal(act(db, &officer, id, SVC_STEP_SUPPLEMENT, NULL, t,
	    &e), -1);
	assert_int_equal(e.status, 422);
	assert_int_equal(act(db, &officer, id, SVC_STEP_SUPPLEMENT,
	    "Bổ sung giấy chứng sinh", t, &e), 0);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(svc_dossier_answer(db, &citizen, id, NULL,
	    "Đã bổ sung", t, &e), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(act(db, &officer, id, SVC_STEP_SUPPLEMENT,
	    "Lần nữa", t, &e), -1);
	assert_string_equal(e.code, "supplement_once");
	/* The specialist cannot process before the transfer. */
	assert_int_equal(act(db, &officer, id, SVC_STEP_RECEIVE, NULL, t, &e),
	    0);
	assert_int_equal(act(db, &specialist, id, SVC_STEP_PROCESS, NULL, t,
	    &e), -1);
	assert_int_equal(act(db, &officer, id, SVC_STEP_TRANSFER, NULL, t, &e),
	    0);
	assert_int_equal(act(db, &specialist, id, SVC_STEP_APPROVE, NULL, t,
	    &e), -1);
	assert_int_equal(e.status, 403);
	assert_int_equal(act(db, &specialist, id, SVC_STEP_PROCESS, NULL, t,
	    &e), 0);
	assert_int_equal(act(db, &leader, id, SVC_STEP_APOLOGY,
	    "Chờ xác minh", t, &e), 0);
	assert_string_equal(due_of(db, id), "2026-05-20");
	assert_int_equal(act(db, &leader, id, SVC_STEP_APPROVE, NULL, t, &e),
	    0);
	assert_int_equal(act(db, &officer, id, SVC_STEP_RETURN, NULL, t, &e),
	    0);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(svc_dossier_rate(db, &citizen, id, 5, "Nhanh", &e), 0);
	assert_int_equal(svc_dossier_rate(db, &citizen, id, 4, NULL, &e), -1);
	assert_int_equal(db_commit(db), 0);
	{
		struct arena a = ARENA_INIT;
		struct svc_event *ev;
		struct svc_indicator *x;
		int n = svc_history(db, &a, id, &ev);

		/* create, submit, supplement, answer, receive, transfer,
		 * process, apology, approve, return, rate */
		assert_int_equal(n, 11);
		assert_string_equal(ev[5].action, "transfer");
		assert_string_equal(ev[5].to_unit, "UBND phường Cam Giá");
		n = svc_indicators(db, &a, "unit", "2026-05-11", "2026-05-11", 0,
		    calendar_from_civil(2026, 5, 11), &x);
		assert_int_equal(n, 1);
		assert_int_equal(x[0].received, 1);
		assert_int_equal(x[0].returned, 1);
		assert_int_equal(x[0].late, 1);
		assert_int_equal(x[0].supplements, 1);
		assert_int_equal(x[0].rated, 1);
		arena_release(&a);
	}
}

static void
a_signed_result_replaces_the_file_and_is_recorded(void **state)
{
	struct db *db = db_thread();
	struct arena a = ARENA_INIT;
	struct svc_event *ev;
	sqlite3_stmt *st;
	char code[SVC_CODE_MAX];
	const char *h1 = "1111111111111111111111111111111111111111111111111111"
	    "111111111111", *h2 = "22222222222222222222222222222222222222222222"
	    "22222222222222222222";
	int64_t id = submitted(db, at(2026, 5, 12, 9, 0), code), file;
	int n;

	(void)state;
	assert_true(id > 0);
	assert_int_equal(db_begin(db), 0);
	st = db_prepare(db, "INSERT INTO blobs (hash, size, mime, created_at)"
	    " VALUES (?1, 100, 'application/pdf', 0), (?2, 120,"
	    " 'application/pdf', 0)");
	db_bind_text(st, 1, h1);
	db_bind_text(st, 2, h2);
	assert_int_equal(db_step_done(st), 0);
	st = db_prepare(db, "INSERT INTO svc_dossier_files (dossier_id, field,"
	    " filename, mime, hash, size, round, created_at) VALUES (?1,"
	    " 'ket_qua', 'giay-khai-sinh.pdf', 'application/pdf', ?2, 100, 2,"
	    " 0)");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, h1);
	assert_int_equal(db_step_done(st), 0);
	file = db_last_id(db);
	assert_int_equal(svc_result_signed(db, file, h2), 0);
	/* Only results are swapped. */
	assert_int_equal(svc_result_signed(db, file + 1000, h2), -1);
	assert_int_equal(db_commit(db), 0);
	st = db_prepare(db, "SELECT hash, size FROM svc_dossier_files"
	    " WHERE id = ?1");
	db_bind_int(st, 1, file);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal(db_col_text(st, 0), h2);
	assert_int_equal(sqlite3_column_int(st, 1), 120);
	db_done(st);
	n = svc_history(db, &a, id, &ev);
	assert_true(n > 0);
	assert_string_equal(ev[n - 1].action, "signed");
	arena_release(&a);
}

static void
the_demo_catalogue_and_csv_import_load(void **state)
{
	struct svc_import_result res = { 0 };
	struct svc_proc_query q = { 0 };
	struct svc_procedure *p;
	struct arena a = ARENA_INIT;
	struct db *db = db_thread();
	const char *csv = SVC_CSV_HEADER "\r\n"
	    "9.000001,Cấp giấy phép thử,Thử nghiệm,xã,UBND cấp xã,,toàn trình,"
	    "3,0,,,,\"[{\"\"name\"\":\"\"Đơn\"\"}]\",[]\r\n"
	    "bad code,X,Y,xã,Z,,full,1,0,,,,[],[]\r\n";
	int n, total;

	(void)state;
	buf_init(&res.errors, 0);
	assert_int_equal(db_begin(db), 0);
	/* Department procedures name units of the demo province: absent
	 * here, so they are refused and nothing is half-loaded. */
	assert_int_equal(svc_demo_load(db), -1);
	db_rollback(db);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(svc_import_csv(db, 0, "test", "", csv, strlen(csv),
	    &res), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(res.created, 1);
	assert_int_equal(res.failed, 1);
	assert_non_null(strstr(res.errors.data, "Dòng 3"));
	buf_release(&res.errors);
	q.q = "giay phep thu";
	q.level = -1;
	q.active_only = 1;
	q.limit = 10;
	n = svc_procedures_list(db, &a, &q, &p, &total);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].code, "9.000001");
	q.q = "khai sinh";
	n = svc_procedures_list(db, &a, &q, &p, &total);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].name, "Đăng ký khai sinh");
	arena_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_run_per_unit_and_day),
		cmocka_unit_test(a_second_submission_of_the_same_draft_is_refused),
		cmocka_unit_test(concurrent_submissions_get_distinct_consecutive_codes),
		cmocka_unit_test(receipt_gives_the_appointment_in_working_days),
		cmocka_unit_test(a_dossier_goes_from_receipt_to_result),
		cmocka_unit_test(a_signed_result_replaces_the_file_and_is_recorded),
		cmocka_unit_test(the_demo_catalogue_and_csv_import_load),
	};

	return cmocka_run_group_tests_name("svc-dossiers", tests, setup,
	    teardown);
}
