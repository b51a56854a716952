/*
 * directory_demo.h - the demo province for `congso init --demo NAME`.
 *
 * "thai-nguyen" is Thái Nguyên as the source articles describe it: 989
 * units (the province, 31 departments and sectors, 9 district-level units,
 * 180 communes, wards and towns, the divisions under departments and
 * district people's committees, the party and mass-organisation bodies)
 * and 14,831 people with @thainguyen.gov.vn accounts. The data is the same
 * on every run: fixed tables and a seeded generator, no clock, no rand().
 *
 * Fixed accounts to try each role (all at Sở Thông tin và Truyền thông
 * unless said otherwise): admin (admin), vanthu (clerk), lanhdao (leader,
 * Giám đốc), chuyenvien (specialist), bientap (editor) and motcua
 * (one-stop officer, UBND huyện Đồng Hỷ). No one has a password yet.
 */
#ifndef CONGSO_DIRECTORY_DEMO_H
#define CONGSO_DIRECTORY_DEMO_H

#include <sqlite3.h>

/* The password `congso init --demo` gives the fixed accounts (and the
 * demos of the modules give the people whose work they show). */
#define DEMO_PASSWORD	"ThaiNguyen@2026"

/* Number of units and people the "thai-nguyen" demo loads. */
#define DEMO_TN_UNITS	989
#define DEMO_TN_PEOPLE	14831

/*
 * Load the named demo province ("thai-nguyen") into an empty, migrated
 * database, all in the caller's transaction (the caller begins and
 * commits, or rolls back on failure). Writes units, unit_versions, people
 * and person_units only; password_hash is NULL for everyone. `today` is
 * not used: the data does not depend on the date. Returns 0, or -1 for an
 * unknown name or an SQL error (logged). Nothing stays allocated.
 */
int	 directory_demo_load(sqlite3 *db, const char *name, const char *today);

#endif
