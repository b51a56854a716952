/* test_demo.c - the Thái Nguyên demo province (src/directory/directory_demo.c).
 * Runs from the repository root: it reads the schema from sql/. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "core/fold.h"
#include "directory/directory_demo.h"

static sqlite3 *demo_db;	/* loaded once for the whole group */

static char *
read_file(const char *path)
{
	FILE *f;
	char *s;
	long n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (s = malloc((size_t)n + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	if (fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		fclose(f);
		return NULL;
	}
	s[n] = '\0';
	fclose(f);
	return s;
}

/* A fresh in-memory database with the core and directory schema. */
static sqlite3 *
open_schema(void)
{
	static const char *const files[] = {
		"sql/001_core.sql", "sql/002_directory.sql",
		"sql/028_people_sort_key.sql",
	};
	sqlite3 *db;
	char *sql, *err = NULL;
	size_t i;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return NULL;
	sqlite3_exec(db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if ((sql = read_file(files[i])) == NULL) {
			print_error("cannot read %s (run from the repository "
			    "root)\n", files[i]);
			sqlite3_close(db);
			return NULL;
		}
		if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
			print_error("%s: %s\n", files[i], err);
			sqlite3_free(err);
			free(sql);
			sqlite3_close(db);
			return NULL;
		}
		free(sql);
	}
	return db;
}

/* Load the demo in one transaction, as `congso init` does. */
static int
load_demo(sqlite3 *db, const char *name)
{
	int rc;

	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	rc = directory_demo_load(db, name, "2026-01-01");
	sqlite3_exec(db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static int64_t
scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		print_error("%s: %s\n", sql, sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* FNV-1a over every value of every row the query returns. */
static uint64_t
checksum(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	const unsigned char *p;
	uint64_t h = 1469598103934665603ull;
	int i, n;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_count(st);
		for (i = 0; i < n; i++) {
			p = sqlite3_column_text(st, i);
			for (; p && *p; p++)
				h = (h ^ *p) * 1099511628211ull;
			h = (h ^ (p ? 0x1f : 0x1e)) * 1099511628211ull;
		}
		h = (h ^ 0x0a) * 1099511628211ull;
	}
	sqlite3_finalize(st);
	return h;
}

static int
group_setup(void **state)
{
	struct timespec a, b;

	(void)state;
	if ((demo_db = open_schema()) == NULL)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (load_demo(demo_db, "thai-nguyen") != 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &b);
	print_message("demo loaded in %.0f ms\n",
	    (double)(b.tv_sec - a.tv_sec) * 1e3 +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e6);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	sqlite3_close(demo_db);
	return 0;
}

static void
test_demo_has_989_units_and_14831_people(void **state)
{
	(void)state;
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM units"), 989);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM people"),
	    14831);
	assert_int_equal(scalar(demo_db,
	    "SELECT count(*) FROM person_units"), 14831);
	assert_int_equal(DEMO_TN_UNITS, 989);
	assert_int_equal(DEMO_TN_PEOPLE, 14831);
}

static void
test_demo_province_is_the_single_root(void **state)
{
	(void)state;
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM units "
	    "WHERE kind = 'province'"), 1);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM units "
	    "WHERE kind = 'province' AND code = '000.00.00.H55' AND level = 1 "
	    "AND short_name = 'UBND' AND parent_id IS NULL "
	    "AND name = 'UBND tỉnh Thái Nguyên'"), 1);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM units "
	    "WHERE parent_id IS NULL"), 1);
}

static void
test_demo_has_31_departments_9_districts_180_communes(void **state)
{
	(void)state;
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM units "
	    "WHERE kind = 'department' AND level = 2 AND parent_id = 1"), 31);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM units "
	    "WHERE kind = 'district' AND level = 2 AND parent_id = 1"), 9);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM units c "
	    "JOIN units p ON p.id = c.parent_id WHERE c.kind = 'commune' "
	    "AND c.level = 3 AND p.kind = 'district'"), 180);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM units "
	    "WHERE kind NOT IN ('province', 'department', 'district', "
	    "'commune', 'division', 'party')"), 0);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM units "
	    "WHERE code = '000.00.05.H55' AND short_name = 'STTTT' "
	    "AND name = 'Sở Thông tin và Truyền thông'"), 1);
}

static void
test_demo_every_parent_exists_one_level_up(void **state)
{
	(void)state;
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM units c "
	    "WHERE c.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
	    "units p WHERE p.id = c.parent_id AND p.level = c.level - 1)"), 0);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM people p "
	    "WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.id = p.unit_id)"),
	    0);
	/* No row at all: scalar() gives -1. */
	assert_int_equal(scalar(demo_db, "PRAGMA foreign_key_check"), -1);
}

/* "DDD.DD.DD.H55": digits below the province, dots in place. */
static int
code_well_formed(const char *c)
{
	static const char shape[] = "ddd.dd.dd.H55";
	size_t i;

	if (strlen(c) != sizeof(shape) - 1)
		return 0;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? (c[i] < '0' || c[i] > '9') :
		    c[i] != shape[i])
			return 0;
	return 1;
}

/* The level a code encodes: the deepest nonzero group, read right to
 * left; 0 when a used level sits under an unused one. */
static int
code_level(const char *c)
{
	int y = strncmp(c + 7, "00", 2) != 0;
	int z = strncmp(c + 4, "00", 2) != 0;
	int v = strncmp(c, "000", 3) != 0;

	if ((z && !y) || (v && !z))
		return 0;
	return v ? 4 : z ? 3 : y ? 2 : 1;
}

/* The parent's code: the child's with its own level zeroed. */
static void
code_parent(const char *c, int level, char out[14])
{
	memcpy(out, c, 14);
	if (level == 4)
		memcpy(out, "000", 3);
	else if (level == 3)
		memcpy(out + 4, "00", 2);
	else if (level == 2)
		memcpy(out + 7, "00", 2);
}

static void
test_demo_codes_are_unique_and_hierarchical(void **state)
{
	sqlite3_stmt *st;
	const char *code, *pcode;
	char want[14];
	int level, n = 0;

	(void)state;
	assert_int_equal(scalar(demo_db,
	    "SELECT count(DISTINCT code) FROM units"), 989);
	assert_int_equal(sqlite3_prepare_v2(demo_db, "SELECT c.code, c.level, "
	    "p.code FROM units c LEFT JOIN units p ON p.id = c.parent_id",
	    -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		code = (const char *)sqlite3_column_text(st, 0);
		level = sqlite3_column_int(st, 1);
		pcode = (const char *)sqlite3_column_text(st, 2);
		if (!code_well_formed(code) || code_level(code) != level) {
			print_error("bad code %s at level %d\n", code, level);
			fail();
		}
		if (level > 1) {
			code_parent(code, level, want);
			if (pcode == NULL || strcmp(pcode, want) != 0) {
				print_error("%s under %s\n", code,
				    pcode ? pcode : "(none)");
				fail();
			}
		}
		n++;
	}
	sqlite3_finalize(st);
	assert_int_equal(n, 989);
}

static void
test_demo_every_unit_has_one_open_version(void **state)
{
	(void)state;
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM units u WHERE "
	    "(SELECT count(*) FROM unit_versions v WHERE v.unit_id = u.id "
	    "AND v.valid_until IS NULL AND v.name = u.name "
	    "AND v.valid_from >= u.effective_from) <> 1"), 0);
	/* Phổ Yên was a town until it became a city. */
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM unit_versions "
	    "WHERE name = 'UBND thị xã Phổ Yên' AND valid_until = "
	    "'2022-04-10'"), 1);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM units "
	    "WHERE name = 'UBND thành phố Phổ Yên' AND kind = 'district'"), 1);
}

static void
test_demo_names_are_folded_for_search(void **state)
{
	sqlite3_stmt *st;
	char *want;
	int n = 0;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(demo_db, "SELECT name || ' ' || "
	    "short_name || ' ' || code, name_folded FROM units UNION ALL "
	    "SELECT full_name || ' ' || username || ' ' || substr(email, 1,"
	    " instr(email, '@') - 1), name_folded "
	    "FROM people WHERE id % 97 = 0", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		want = fold_dup((const char *)sqlite3_column_text(st, 0));
		assert_string_equal(sqlite3_column_text(st, 1), want);
		free(want);
		n++;
	}
	sqlite3_finalize(st);
	assert_true(n > 989);
}

static void
test_demo_usernames_and_emails_are_unique(void **state)
{
	(void)state;
	assert_int_equal(scalar(demo_db,
	    "SELECT count(DISTINCT username) FROM people"), 14831);
	assert_int_equal(scalar(demo_db,
	    "SELECT count(DISTINCT email) FROM people"), 14831);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM people WHERE "
	    "email <> username || '@thainguyen.gov.vn' "
	    "OR username GLOB '*[^a-z0-9]*' OR username = ''"), 0);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM people "
	    "WHERE phone NOT GLOB '0[89][0-9][0-9][0-9][0-9][0-9][0-9]"
	    "[0-9][0-9]'"), 0);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM people "
	    "WHERE password_hash IS NOT NULL"), 0);
	assert_int_equal(scalar(demo_db,
	    "SELECT count(DISTINCT email) FROM units"), 989);
}

static void
test_demo_fixed_accounts_have_their_roles(void **state)
{
	static const struct {
		const char	*username;
		int		 roles;
		const char	*unit;
	} want[] = {
		{ "admin", 1, "STTTT" },
		{ "vanthu", 2, "STTTT" },
		{ "lanhdao", 4, "STTTT" },
		{ "chuyenvien", 8, "STTTT" },
		{ "motcua", 16, "UBND huyện Đồng Hỷ" },
		{ "bientap", 32, "STTTT" },
	};
	sqlite3_stmt *st;
	size_t i;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(demo_db, "SELECT p.roles "
	    "FROM people p JOIN units u ON u.id = p.unit_id "
	    "WHERE p.username = ?1 AND (u.short_name = ?2 OR u.name = ?2)",
	    -1, &st, NULL), SQLITE_OK);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		sqlite3_bind_text(st, 1, want[i].username, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, want[i].unit, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), want[i].roles);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM people WHERE "
	    "username = 'lanhdao' AND position = 'Giám đốc'"), 1);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM people "
	    "WHERE roles & 1"), 1);
}

static void
test_demo_most_people_have_a_role(void **state)
{
	int64_t none;

	(void)state;
	none = scalar(demo_db, "SELECT count(*) FROM people WHERE roles = 0");
	assert_true(none >= 0 && none < 14831 / 20);
	/* Leaders: every unit has its head. */
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM units u WHERE "
	    "NOT EXISTS (SELECT 1 FROM people p WHERE p.unit_id = u.id "
	    "AND p.roles & 4)"), 0);
}

static void
test_demo_is_the_same_on_every_load(void **state)
{
	static const char *const queries[] = {
		"SELECT * FROM units ORDER BY id",
		"SELECT * FROM unit_versions ORDER BY id",
		"SELECT * FROM people ORDER BY id",
		"SELECT * FROM person_units ORDER BY person_id",
	};
	sqlite3 *other;
	size_t i;

	(void)state;
	assert_non_null(other = open_schema());
	assert_int_equal(load_demo(other, "thai-nguyen"), 0);
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
		assert_true(checksum(demo_db, queries[i]) ==
		    checksum(other, queries[i]));
	sqlite3_close(other);
}

static void
test_demo_unknown_province_fails_and_writes_nothing(void **state)
{
	sqlite3 *db;

	(void)state;
	assert_non_null(db = open_schema());
	assert_int_equal(load_demo(db, "ha-noi"), -1);
	assert_int_equal(load_demo(db, ""), -1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM units"), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM people"), 0);
	sqlite3_close(db);
}

static void
test_demo_into_a_filled_database_fails(void **state)
{
	(void)state;
	/* Ids are fixed: a second load collides and the caller rolls back. */
	assert_int_equal(load_demo(demo_db, "thai-nguyen"), -1);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM units"), 989);
	assert_int_equal(scalar(demo_db, "SELECT count(*) FROM people"),
	    14831);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_has_989_units_and_14831_people),
		cmocka_unit_test(test_demo_province_is_the_single_root),
		cmocka_unit_test(
		    test_demo_has_31_departments_9_districts_180_communes),
		cmocka_unit_test(test_demo_every_parent_exists_one_level_up),
		cmocka_unit_test(test_demo_codes_are_unique_and_hierarchical),
		cmocka_unit_test(test_demo_every_unit_has_one_open_version),
		cmocka_unit_test(test_demo_names_are_folded_for_search),
		cmocka_unit_test(test_demo_usernames_and_emails_are_unique),
		cmocka_unit_test(test_demo_fixed_accounts_have_their_roles),
		cmocka_unit_test(test_demo_most_people_have_a_role),
		cmocka_unit_test(test_demo_is_the_same_on_every_load),
		cmocka_unit_test(
		    test_demo_unknown_province_fails_and_writes_nothing),
		cmocka_unit_test(test_demo_into_a_filled_database_fails),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
