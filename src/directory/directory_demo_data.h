/*
 * directory_demo_data.h - the fixed tables the demo province is built
 * from (private to directory_demo.c and directory_demo_data.c): the
 * departments and their divisions, the districts and their communes, the
 * party and mass-organisation bodies, the titles of heads, the names
 * people are drawn from, and the positions of each kind of staff.
 *
 * The tables are read only. Each table without a fixed size comes with
 * its number of rows, demo_nNAME. The order of the rows is part of the
 * data: the loader walks them in order and draws from a seeded generator,
 * so moving a row changes the codes and the people of the demo.
 */
#ifndef CONGSO_DIRECTORY_DEMO_DATA_H
#define CONGSO_DIRECTORY_DEMO_DATA_H

#include <stddef.h>

#include "directory/directory.h"

#define R_ADMIN		DIR_ROLE_ADMIN
#define R_CLERK		DIR_ROLE_CLERK
#define R_LEADER	DIR_ROLE_LEADER
#define R_SPEC		DIR_ROLE_SPECIALIST
#define R_ONESTOP	DIR_ROLE_ONESTOP
#define R_EDITOR	DIR_ROLE_EDITOR

/* What kind of staff a unit has. */
enum demo_ctx {
	CTX_NONE,		/* not decided yet */
	CTX_PROVINCE,
	CTX_OFFICE,
	CTX_INSPECT,
	CTX_SCHOOL,
	CTX_HEALTH,
	CTX_POLICE,
	CTX_MILITARY,
	CTX_MEDIA,
	CTX_FOREST,
	CTX_ONESTOP,
	CTX_DISTRICT,
	CTX_COMMUNE,
	CTX_PARTY,
	CTX_MAX
};

/* ---- Units: departments and sectors ---- */

/* A department or sector under the province. Divisions are "Name=SHORT"
 * separated by '|'. */
struct demo_dept {
	const char	*name;
	const char	*short_name;
	const char	*head;
	int		 ndeputy;
	const char	*street;
	const char	*divisions;
};

/* A sector with a branch in every district ("%d": "huyện Đồng Hỷ"). */
struct demo_branch {
	const char	*dept;		/* short name of the sector */
	const char	*tmpl;
	const char	*short_name;
};

extern const struct demo_dept demo_depts[];
extern const size_t demo_ndepts;
extern const struct demo_branch demo_branches[];
extern const size_t demo_nbranches;

/* ---- Units: districts and communes ---- */

enum demo_dtype { DT_CITY, DT_TOWN, DT_RURAL, DT_MAX };

/*
 * A district-level unit. Communes are '|'-separated, each led by its
 * type: 'p' phường, 't' thị trấn, 'x' xã, 'P' a xã that became a phường
 * when the district changed type (on `since`).
 */
struct demo_district {
	const char	*name;
	enum demo_dtype	 type;
	enum demo_dtype	 former;	/* type before `since` (or `type`) */
	const char	*since;
	const char	*slug;
	const char	*seat;
	int		 mountain;	/* more Tày, Nùng, Dao surnames */
	const char	*communes;
};

#define FOR_CITY	1
#define FOR_RURAL	2
#define FOR_ALL		3

/* A division under a district's people's committee, for the types of
 * district in `for_type` (FOR_*). */
struct demo_district_div {
	const char	*tmpl;
	const char	*short_name;
	int		 for_type;
};

/* By type of district: "thành phố", "Thành ủy", "Thành đoàn", "TU". */
extern const char *const demo_dt_word[DT_MAX];
extern const char *const demo_dt_party[DT_MAX];
extern const char *const demo_dt_youth[DT_MAX];
extern const char *const demo_dt_pshort[DT_MAX];
extern const struct demo_district demo_districts[];
extern const size_t demo_ndistricts;
/* The first is the district's office, which holds the one-stop section. */
extern const struct demo_district_div demo_district_divs[];
extern const size_t demo_ndistrict_divs;

/* ---- Units: party and mass organisations ---- */

/* A body under a district's party committee ("%p": "Huyện ủy Đồng Hỷ",
 * "%y": "Huyện đoàn Đồng Hỷ", "%d": "huyện Đồng Hỷ"). */
struct demo_district_body {
	const char	*tmpl;
	const char	*short_name;
};

/* The bodies under Tỉnh ủy, "Name=SHORT" separated by '|'. */
extern const char demo_province_party[];
extern const struct demo_district_body demo_district_party[];
extern const size_t demo_ndistrict_party;

/* ---- Heads and kinds of staff ---- */

/* The title of a unit's head, from the start of its name. */
struct demo_head {
	const char	*prefix;
	const char	*head;
};

/* The kind of staff, from the start of a unit's name. */
struct demo_ctx_rule {
	const char	*prefix;
	enum demo_ctx	 ctx;
};

/* The first row whose prefix starts the name wins. */
extern const struct demo_head demo_heads[];
extern const size_t demo_nheads;
extern const struct demo_ctx_rule demo_ctx_rules[];
extern const size_t demo_nctx_rules;
/* Share of the staff by kind of unit (relative weights). */
extern const int demo_ctx_weight[CTX_MAX];

/* ---- People ---- */

/* A text drawn with weight `w`. */
struct demo_wtext {
	const char	*s;
	unsigned	 w;
};

/* A surname; the second weight applies in mountain districts. */
struct demo_surname {
	const char	*s;
	unsigned	 w, wmountain;
};

extern const struct demo_surname demo_surnames[];
extern const size_t demo_nsurnames;
extern const struct demo_wtext demo_middle_m[];
extern const size_t demo_nmiddle_m;
extern const struct demo_wtext demo_middle_f[];
extern const size_t demo_nmiddle_f;
/* A second middle name after "Thị". */
extern const char *const demo_middle_f2[];
extern const size_t demo_nmiddle_f2;
extern const char *const demo_given_m[];
extern const size_t demo_ngiven_m;
extern const char *const demo_given_f[];
extern const size_t demo_ngiven_f;
/* Mobile prefixes of the main networks. */
extern const char *const demo_mobile[];
extern const size_t demo_nmobile;

/* A position, the roles it carries and the share of women (per mille). */
struct demo_slot {
	const char	*position;
	unsigned	 roles;
	unsigned	 female;
	unsigned	 w;		/* weight among a context's staff */
};

/* The staff of each kind of unit; a row ends at STAFF_MAX or at the first
 * slot without a position, and an empty row means "as CTX_OFFICE". */
#define STAFF_MAX	8
extern const struct demo_slot demo_staff[CTX_MAX][STAFF_MAX];

/* An account with a fixed name, so that every role can be tried; `at` is
 * AT_STTTT or AT_DONGHY, the unit it belongs to. */
enum { AT_STTTT, AT_DONGHY };
struct demo_account {
	const char	*username;
	const char	*full_name;
	const char	*position;
	unsigned	 roles;
	int		 at;
};

#define DEMO_FIXED_MAX	8	/* room for the rows of demo_fixed */
extern const struct demo_account demo_fixed[];
extern const size_t demo_nfixed;

#endif
