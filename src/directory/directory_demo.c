/*
 * directory_demo.c - the demo province loaded by `congso init --demo`.
 *
 * Thái Nguyên as the source articles count it: 989 units exchanging
 * documents and 14,831 mail accounts. The 989 units are built from the
 * tables of directory_demo_data.c:
 *
 *     1  UBND tỉnh Thái Nguyên (000.00.00.H55)
 *    31  departments and sectors                  000.00.01-31.H55
 *     9  district-level people's committees       000.00.41-49.H55
 *   180  commune, ward and town committees        000.21-52.YY.H55
 *   464  divisions:
 *          290 under departments (their offices, inspectorates, divisions,
 *              sub-departments, centres, hospitals, upper secondary
 *              schools, and the district branches of the police, military,
 *              social insurance, tax, treasury and statistics sectors)
 *            9 forest protection stations (level 4, under Chi cục Kiểm lâm)
 *          156 under district committees (18 in each of the 6 rural
 *              districts, 16 in each of the 3 cities)
 *            9 one-stop sections (level 4, under each district's office)
 *   304  party and mass-organisation bodies:
 *           16 Tỉnh ủy and 15 boards and bodies      000.00.60.H55
 *          108 9 district party committees, 11 bodies
 *              under each                            000.00.61-69.H55
 *          180 commune party committees (Đảng ủy) under their
 *              district's committee                  000.21-52.61-69.H55
 *   ---
 *   989
 *
 * Commune lists are the real ones, as far as known, as they stood between
 * 2018 and the mergers of 2024-2025; Phổ Yên's nine new wards and its own
 * change from town to city on 10 April 2022 are unit versions. Under a
 * district, divisions take ZZ 01-20 and communes 21 on; the level-4 units
 * are VVV.ZZ.YY under their division. Addresses, phone numbers and the
 * numbers inside agency codes are illustrative. People are generated: a fixed seed drives one
 * generator consumed in a fixed order, so every run writes the same rows.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/collate.h"
#include "core/fold.h"
#include "core/log.h"
#include "directory/directory.h"
#include "directory/directory_demo.h"
#include "directory/directory_demo_data.h"
#include "directory/directory_int.h"

#define DEMO_FROM	"2015-01-01"	/* effective_from of every unit */
#define DEMO_TIME	1735689600	/* created_at, updated_at */
#define DEMO_SEED	0x54484149ull	/* "THAI" */
#define DEMO_DOMAIN	"@thainguyen.gov.vn"
#define DEMO_UNITS_CAP	1024
#define DEMO_NAME_CAP	32768		/* slots of the username table */
/*
 * People are inserted this many rows to a statement. An insert into
 * people feeds the full-text index by a trigger, and FTS5 writes its
 * pending terms out at every statement: one row a statement would make
 * one index segment a person and take seconds.
 */
#define DEMO_BATCH	256
#define PERSON_COLS	9

/* ---- State ---- */

#define U_CLERK		0x01	/* a văn thư among the cadre */
#define U_ONESTOP	0x02	/* two one-stop officers among the cadre */
#define U_COMMUNE	0x04	/* the commune cadre */
#define U_MOUNTAIN	0x08
#define U_EDITOR	0x10	/* one specialist edits the unit's site */

struct demo_unit {
	int		 parent;	/* index in demo.u, -1 for the root */
	int		 level;
	const char	*kind;
	char		 code[32];
	const char	*name;
	const char	*old_name;	/* name until `renamed`, or NULL */
	const char	*renamed;
	const char	*short_name;
	const char	*email;
	const char	*address;
	char		 phone[24];
	const char	*head;
	const char	*deputy;
	int		 ndeputy;
	unsigned	 flags;
	enum demo_ctx	 ctx;
	int		 weight;
	int		 npeople;
};

struct uname {
	const char	*base;
	int		 count;
};

struct person {
	int64_t		 id;
	int		 unit;		/* index in demo.u */
	const char	*username, *full_name, *position, *email, *phone;
	const char	*folded;
	unsigned	 roles;
};

struct demo {
	sqlite3		*db;
	struct arena	 arena;
	uint64_t	 rng;
	struct demo_unit *u;
	int		 n;
	int		 at[2];		/* units of the fixed accounts */
	struct uname	*names;		/* DEMO_NAME_CAP slots */
	int64_t		 person_id;
	struct person	*batch;		/* DEMO_BATCH people not written yet */
	int		 nbatch;
	struct arena	 batch_arena;	/* their strings */
	sqlite3_stmt	*ins_unit, *ins_version, *ins_people, *ins_member;
};

/* ---- Generator (splitmix64) ---- */

static uint64_t
rng_next(struct demo *d)
{
	uint64_t z;

	z = (d->rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static unsigned
rng_below(struct demo *d, unsigned n)
{
	return (unsigned)(((rng_next(d) >> 32) * n) >> 32);
}

static const char *
pick_weighted(struct demo *d, const struct demo_wtext *t, size_t n)
{
	unsigned total = 0, r;
	size_t i;

	for (i = 0; i < n; i++)
		total += t[i].w;
	r = rng_below(d, total);
	for (i = 0; i + 1 < n && r >= t[i].w; i++)
		r -= t[i].w;
	return t[i].s;
}

/* ---- Strings ---- */

static int
starts_with_word(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(s, prefix, n) == 0 &&
	    (s[n] == ' ' || s[n] == ',' || s[n] == '\0');
}

/* Append the folded `s` keeping only ASCII letters and digits. */
static void
slug_append(struct buf *b, const char *s)
{
	size_t from = b->len, i, j;

	fold_append(b, s);
	for (i = j = from; i < b->len; i++)
		if ((b->data[i] >= 'a' && b->data[i] <= 'z') ||
		    (b->data[i] >= '0' && b->data[i] <= '9'))
			b->data[j++] = b->data[i];
	buf_truncate(b, j);
}

/* "a.b.c@thainguyen.gov.vn" from up to three parts (NULL ends). */
static const char *
mail(struct demo *d, const char *a, const char *b, const char *c)
{
	struct buf m;
	const char *p;

	buf_init(&m, 0);
	slug_append(&m, a);
	if (b) {
		buf_addch(&m, '.');
		slug_append(&m, b);
	}
	if (c) {
		buf_addch(&m, '.');
		slug_append(&m, c);
	}
	buf_adds(&m, DEMO_DOMAIN);
	p = arena_strdup(&d->arena, m.data);
	buf_release(&m);
	return p;
}

/* Expand a district template: %d "huyện Đồng Hỷ", %p "Huyện ủy Đồng Hỷ",
 * %y "Huyện đoàn Đồng Hỷ", for the district as it was of type `t`. */
static const char *
expand(struct demo *d, const char *tmpl, const struct demo_district *dist,
    enum demo_dtype t)
{
	struct buf b;
	const char *p, *out;

	buf_init(&b, 0);
	for (p = tmpl; *p; p++) {
		if (p[0] != '%' || p[1] == '\0') {
			buf_addch(&b, *p);
			continue;
		}
		p++;
		if (*p == 'd')
			buf_adds(&b, demo_dt_word[t]);
		else if (*p == 'p')
			buf_adds(&b, demo_dt_party[t]);
		else if (*p == 'y')
			buf_adds(&b, demo_dt_youth[t]);
		buf_addch(&b, ' ');
		buf_adds(&b, dist->name);
	}
	out = arena_strdup(&d->arena, b.data);
	buf_release(&b);
	return out;
}

/* ---- Building the tree ---- */

static struct demo_unit *
unit_add(struct demo *d, int parent, const char *kind, int y, int z, int v)
{
	struct demo_unit *u;
	unsigned ph;

	if (d->n >= DEMO_UNITS_CAP) {
		log_error("more than %d units", DEMO_UNITS_CAP);
		return NULL;
	}
	u = &d->u[d->n];
	u->parent = parent;
	u->kind = kind;
	u->level = v ? 4 : z ? 3 : y ? 2 : 1;
	snprintf(u->code, sizeof(u->code), "%03d.%02d.%02d.H55", v, z, y);
	/* Distinct for every unit: 7919 is prime to 10^6. */
	ph = ((unsigned)d->n * 7919u + 385123u) % 1000000u;
	snprintf(u->phone, sizeof(u->phone), "0208 3%06u", ph);
	d->n++;
	return u;
}

/* Name a unit attached to a district, with its former name if the
 * district's type changed. */
static void
unit_name_in(struct demo *d, struct demo_unit *u, const char *tmpl,
    const struct demo_district *dist)
{
	const char *old;

	u->name = expand(d, tmpl, dist, dist->type);
	if (dist->former != dist->type) {
		old = expand(d, tmpl, dist, dist->former);
		if (strcmp(old, u->name) != 0) {
			u->old_name = old;
			u->renamed = dist->since;
		}
	}
}

/* Derive what was left unset: head titles, kind of staff, weight. */
static void
unit_finish(struct demo *d, struct demo_unit *u)
{
	size_t i;

	if (u->head == NULL) {
		u->head = "Trưởng phòng";
		for (i = 0; i < demo_nheads; i++)
			if (starts_with_word(u->name, demo_heads[i].prefix)) {
				u->head = demo_heads[i].head;
				break;
			}
	}
	u->deputy = arena_printf(&d->arena, "Phó %s", u->head);
	if (u->ctx == CTX_NONE) {
		for (i = 0; i < demo_nctx_rules; i++)
			if (starts_with_word(u->name,
			    demo_ctx_rules[i].prefix)) {
				u->ctx = demo_ctx_rules[i].ctx;
				break;
			}
	}
	if (u->ctx == CTX_NONE && u->parent >= 0) {
		switch (d->u[u->parent].ctx) {
		case CTX_INSPECT:
		case CTX_POLICE:
		case CTX_MILITARY:
		case CTX_MEDIA:
			u->ctx = d->u[u->parent].ctx;
			break;
		default:
			break;
		}
	}
	if (u->ctx == CTX_NONE)
		u->ctx = CTX_OFFICE;
	if (u->weight == 0)
		u->weight = u->level == 4 ? 3 : demo_ctx_weight[u->ctx];
	if (u->parent >= 0 && (d->u[u->parent].flags & U_MOUNTAIN))
		u->flags |= U_MOUNTAIN;
}

/* Add the "Name=SHORT|..." list as children of `parent` at level 3, codes
 * 000.ZZ.YY with ZZ from *z on. */
static int
add_list(struct demo *d, int parent, int y, int *z, const char *list,
    const char *mail_suffix, enum demo_ctx ctx, int ndeputy)
{
	struct demo_unit *u;
	const char *p, *eq, *end;

	for (p = list; *p; p = *end ? end + 1 : end) {
		end = strchr(p, '|');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq == NULL || (u = unit_add(d, parent, "division", y,
		    (*z)++, 0)) == NULL) {
			log_error("bad unit list entry near \"%.20s\"", p);
			return -1;
		}
		u->name = arena_strndup(&d->arena, p, (size_t)(eq - p));
		u->short_name = arena_strndup(&d->arena, eq + 1,
		    (size_t)(end - eq - 1));
		u->email = mail(d, u->short_name, mail_suffix, NULL);
		u->address = d->u[parent].address;
		u->ctx = ctx;
		u->ndeputy = ndeputy;
		unit_finish(d, u);
	}
	return 0;
}

/* The first unit under `parent` whose short name is `short_name`. */
static int
find_child(struct demo *d, int parent, const char *short_name)
{
	int i;

	for (i = parent + 1; i < d->n; i++)
		if (d->u[i].parent == parent &&
		    strcmp(d->u[i].short_name, short_name) == 0)
			return i;
	return -1;
}

static int
build_departments(struct demo *d)
{
	const struct demo_district *dist;
	struct demo_unit *u;
	const char *slug;
	size_t i, j, k;
	int di, ki, z;

	for (i = 0; i < demo_ndepts; i++) {
		u = unit_add(d, 0, "department", (int)i + 1, 0, 0);
		if (u == NULL)
			return -1;
		di = d->n - 1;
		u->name = demo_depts[i].name;
		u->short_name = demo_depts[i].short_name;
		u->email = mail(d, u->short_name, NULL, NULL);
		if (strncmp(demo_depts[i].street, "số ", strlen("số ")) == 0)
			u->address = arena_printf(&d->arena, "%s, thành phố "
			    "Thái Nguyên, tỉnh Thái Nguyên",
			    demo_depts[i].street);
		else
			u->address = arena_printf(&d->arena, "số %u %s, thành "
			    "phố Thái Nguyên, tỉnh Thái Nguyên",
			    1 + rng_below(d, 150), demo_depts[i].street);
		u->head = demo_depts[i].head;
		u->ndeputy = demo_depts[i].ndeputy;
		u->flags = U_CLERK;
		if (strcmp(u->short_name, "STTTT") == 0)
			d->at[AT_STTTT] = di;
		else
			u->flags |= U_EDITOR;
		unit_finish(d, u);
		u->weight = 30;
		slug = d->u[di].email;
		slug = arena_strndup(&d->arena, slug, strcspn(slug, "@"));
		z = 1;
		if (add_list(d, di, (int)i + 1, &z, demo_depts[i].divisions,
		    slug, CTX_NONE, 1) < 0)
			return -1;
		for (j = 0; j < demo_nbranches; j++) {
			if (strcmp(demo_branches[j].dept,
			    demo_depts[i].short_name) != 0)
				continue;
			for (k = 0; k < demo_ndistricts; k++) {
				dist = &demo_districts[k];
				if ((u = unit_add(d, di, "division", (int)i + 1,
				    z++, 0)) == NULL)
					return -1;
				unit_name_in(d, u, demo_branches[j].tmpl, dist);
				u->short_name = demo_branches[j].short_name;
				u->email = mail(d, u->short_name, dist->slug,
				    NULL);
				u->address = arena_printf(&d->arena,
				    "%s, %s, tỉnh Thái Nguyên", dist->seat,
				    expand(d, "%d", dist, dist->type));
				u->ndeputy = 1;
				u->weight = 9;
				if (dist->mountain)
					u->flags |= U_MOUNTAIN;
				unit_finish(d, u);
			}
		}
		/* Forest protection stations under Chi cục Kiểm lâm. */
		if (strcmp(demo_depts[i].short_name, "SNN") == 0) {
			if ((ki = find_child(d, di, "CCKL")) < 0) {
				log_error("no Chi cục Kiểm lâm");
				return -1;
			}
			for (k = 0; k < demo_ndistricts; k++) {
				dist = &demo_districts[k];
				u = unit_add(d, ki, "division", (int)i + 1,
				    atoi(d->u[ki].code + 4), (int)k + 1);
				if (u == NULL)
					return -1;
				unit_name_in(d, u, "Hạt Kiểm lâm %d", dist);
				u->short_name = "HKL";
				u->email = mail(d, "hkl", dist->slug, NULL);
				u->address = arena_printf(&d->arena,
				    "%s, %s, tỉnh Thái Nguyên", dist->seat,
				    expand(d, "%d", dist, dist->type));
				if (dist->mountain)
					u->flags |= U_MOUNTAIN;
				unit_finish(d, u);
			}
		}
	}
	return 0;
}

/* Name of a commune's committee or party committee: "UBND xã Khe Mo". */
static void
commune_names(struct demo *d, struct demo_unit *u, const char *what,
    char type, const char *name, const struct demo_district *dist)
{
	const char *word;

	word = type == 'p' || type == 'P' ? "phường" :
	    type == 't' ? "thị trấn" : "xã";
	u->name = arena_printf(&d->arena, "%s %s %s", what, word, name);
	if (type == 'P') {
		u->old_name = arena_printf(&d->arena, "%s xã %s", what, name);
		u->renamed = dist->since;
	}
}

/* Walk a district's commune list: type letter and name of each. */
static const char *
next_commune(const char *p, char *type, char *name, size_t size)
{
	size_t n;

	if (*p == '\0')
		return NULL;
	*type = *p++;
	n = strcspn(p, "|");
	if (n >= size)
		n = size - 1;
	memcpy(name, p, n);
	name[n] = '\0';
	p += strcspn(p, "|");
	return *p ? p + 1 : p;
}

/* The commune slug, prefixed by its type when another commune of the
 * district has the same name (thị trấn and xã Quân Chu). */
static const char *
commune_slug(struct demo *d, const struct demo_district *dist, char type,
    const char *name)
{
	const char *p = dist->communes;
	char t, other[64];
	int same = 0;
	struct buf b;

	while ((p = next_commune(p, &t, other, sizeof(other))) != NULL)
		if (strcmp(other, name) == 0)
			same++;
	buf_init(&b, 0);
	if (same > 1)
		buf_adds(&b, type == 't' ? "tt" : type == 'x' ? "xa" :
		    "phuong");
	slug_append(&b, name);
	p = arena_strdup(&d->arena, b.data);
	buf_release(&b);
	return p;
}

static int
build_districts(struct demo *d)
{
	const struct demo_district *dist;
	struct demo_unit *u;
	const char *p, *addr, *cslug;
	char type, name[64];
	size_t i, j;
	int ui, vi, y, z, mask;

	for (i = 0; i < demo_ndistricts; i++) {
		dist = &demo_districts[i];
		y = 41 + (int)i;
		if ((u = unit_add(d, 0, "district", y, 0, 0)) == NULL)
			return -1;
		ui = d->n - 1;
		unit_name_in(d, u, "UBND %d", dist);
		u->short_name = "UBND";
		u->email = mail(d, "ubnd", dist->slug, NULL);
		addr = arena_printf(&d->arena, "%s, %s, tỉnh Thái Nguyên",
		    dist->seat, expand(d, "%d", dist, dist->type));
		u->address = addr;
		u->head = "Chủ tịch";
		u->ndeputy = 2;
		u->flags = U_CLERK | U_ONESTOP | U_EDITOR |
		    (dist->mountain ? U_MOUNTAIN : 0);
		u->ctx = CTX_DISTRICT;
		u->weight = 24;
		unit_finish(d, u);
		if (strcmp(dist->slug, "donghy") == 0)
			d->at[AT_DONGHY] = ui;

		mask = dist->type == DT_RURAL ? FOR_RURAL : FOR_CITY;
		z = 1;
		for (j = 0; j < demo_ndistrict_divs; j++) {
			if ((demo_district_divs[j].for_type & mask) == 0)
				continue;
			if ((u = unit_add(d, ui, "division", y, z, 0)) == NULL)
				return -1;
			vi = d->n - 1;
			unit_name_in(d, u, demo_district_divs[j].tmpl, dist);
			u->short_name = demo_district_divs[j].short_name;
			u->email = mail(d, u->short_name, dist->slug, NULL);
			u->address = addr;
			u->ndeputy = 1;
			unit_finish(d, u);
			if (j == 0) {
				/* The one-stop section of the office. */
				if ((u = unit_add(d, vi, "division", y, z, 1))
				    == NULL)
					return -1;
				unit_name_in(d, u, "Bộ phận Một cửa %d", dist);
				u->short_name = "BPMC";
				u->email = mail(d, "motcua", dist->slug, NULL);
				u->address = addr;
				unit_finish(d, u);
			}
			z++;
		}

		z = 21;
		for (p = dist->communes;
		    (p = next_commune(p, &type, name, sizeof(name))) != NULL;) {
			if ((u = unit_add(d, ui, "commune", y, z++, 0)) == NULL)
				return -1;
			commune_names(d, u, "UBND", type, name, dist);
			cslug = commune_slug(d, dist, type, name);
			u->short_name = "UBND";
			u->email = mail(d, "ubnd", cslug, dist->slug);
			u->address = arena_printf(&d->arena,
			    "%s, %s, tỉnh Thái Nguyên", u->name + 5,
			    expand(d, "%d", dist, dist->type));
			u->head = "Chủ tịch";
			u->ndeputy = 1;
			u->flags = U_COMMUNE;
			u->ctx = CTX_COMMUNE;
			u->weight = 10;
			unit_finish(d, u);
		}
	}
	return 0;
}

static int
build_party(struct demo *d)
{
	const struct demo_district *dist;
	struct demo_unit *u;
	const char *p, *pshort, *cslug;
	char type, name[64];
	size_t i, j;
	int pi, bi, y, z;

	if ((u = unit_add(d, 0, "party", 60, 0, 0)) == NULL)
		return -1;
	pi = d->n - 1;
	u->name = "Tỉnh ủy Thái Nguyên";
	u->short_name = "TU";
	u->email = mail(d, "tinhuy", NULL, NULL);
	u->address = "số 1 đường Nha Trang, phường Trưng Vương, "
	    "thành phố Thái Nguyên, tỉnh Thái Nguyên";
	u->head = "Bí thư";
	u->ndeputy = 2;
	u->flags = U_CLERK;
	u->ctx = CTX_PARTY;
	u->weight = 6;
	unit_finish(d, u);
	z = 1;
	bi = d->n;
	if (add_list(d, pi, 60, &z, demo_province_party, NULL, CTX_PARTY,
	    1) < 0)
		return -1;
	for (; bi < d->n; bi++) {
		d->u[bi].kind = "party";
		d->u[bi].weight = 4;
	}

	for (i = 0; i < demo_ndistricts; i++) {
		dist = &demo_districts[i];
		y = 61 + (int)i;
		pshort = demo_dt_pshort[dist->type];
		if ((u = unit_add(d, 0, "party", y, 0, 0)) == NULL)
			return -1;
		pi = d->n - 1;
		unit_name_in(d, u, "%p", dist);
		u->short_name = pshort;
		u->email = mail(d, pshort, dist->slug, NULL);
		u->address = arena_printf(&d->arena, "%s, %s, tỉnh Thái Nguyên",
		    dist->seat, expand(d, "%d", dist, dist->type));
		u->head = "Bí thư";
		u->ndeputy = 1;
		u->flags = U_CLERK | (dist->mountain ? U_MOUNTAIN : 0);
		u->ctx = CTX_PARTY;
		u->weight = 3;
		unit_finish(d, u);
		for (j = 0; j < demo_ndistrict_party; j++) {
			if ((u = unit_add(d, pi, "party", y, (int)j + 1, 0))
			    == NULL)
				return -1;
			unit_name_in(d, u, demo_district_party[j].tmpl, dist);
			u->short_name = demo_district_party[j].short_name;
			u->email = mail(d, u->short_name, pshort, dist->slug);
			u->address = d->u[pi].address;
			u->ndeputy = 1;
			u->ctx = CTX_PARTY;
			u->weight = 1;
			unit_finish(d, u);
		}
		z = 21;
		for (p = dist->communes;
		    (p = next_commune(p, &type, name, sizeof(name))) != NULL;) {
			if ((u = unit_add(d, pi, "party", y, z++, 0)) == NULL)
				return -1;
			commune_names(d, u, "Đảng ủy", type, name, dist);
			cslug = commune_slug(d, dist, type, name);
			u->short_name = "ĐU";
			u->email = mail(d, "du", cslug, dist->slug);
			u->address = arena_printf(&d->arena,
			    "%s, %s, tỉnh Thái Nguyên",
			    u->name + strlen("Đảng ủy "),
			    expand(d, "%d", dist, dist->type));
			u->ndeputy = 1;
			u->ctx = CTX_PARTY;
			u->weight = 1;
			unit_finish(d, u);
		}
	}
	return 0;
}

static int
build_units(struct demo *d)
{
	struct demo_unit *u;

	if ((u = unit_add(d, -1, "province", 0, 0, 0)) == NULL)
		return -1;
	u->name = "UBND tỉnh Thái Nguyên";
	u->short_name = "UBND";
	u->email = mail(d, "ubndtinh", NULL, NULL);
	u->address = "số 18 đường Nha Trang, phường Trưng Vương, "
	    "thành phố Thái Nguyên, tỉnh Thái Nguyên";
	u->head = "Chủ tịch";
	u->ndeputy = 3;
	u->ctx = CTX_PROVINCE;
	unit_finish(d, u);		/* weight 0: the cadre only */
	d->at[AT_STTTT] = d->at[AT_DONGHY] = -1;
	if (build_departments(d) < 0 || build_districts(d) < 0 ||
	    build_party(d) < 0)
		return -1;
	if (d->n != DEMO_TN_UNITS || d->at[AT_STTTT] < 0 ||
	    d->at[AT_DONGHY] < 0) {
		log_error("built %d units, want %d", d->n, DEMO_TN_UNITS);
		return -1;
	}
	return 0;
}

/* ---- Writing ---- */

static int
step(struct demo *d, sqlite3_stmt *st, int bound, const char *what)
{
	int rc;

	rc = bound == SQLITE_OK ? sqlite3_step(st) : bound;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		log_error("%s: %s", what, sqlite3_errmsg(d->db));
		return -1;
	}
	return 0;
}

static int
write_version(struct demo *d, int64_t id, const struct demo_unit *u,
    const char *name, const char *from, const char *until)
{
	sqlite3_stmt *st = d->ins_version;
	int rc = 0;

	rc |= sqlite3_bind_int64(st, 1, id);
	rc |= sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	rc |= sqlite3_bind_text(st, 3, u->short_name, -1, SQLITE_STATIC);
	if (u->parent >= 0)
		rc |= sqlite3_bind_int64(st, 4, u->parent + 1);
	else
		rc |= sqlite3_bind_null(st, 4);
	rc |= sqlite3_bind_text(st, 5, from, -1, SQLITE_STATIC);
	if (until)
		rc |= sqlite3_bind_text(st, 6, until, -1, SQLITE_STATIC);
	else
		rc |= sqlite3_bind_null(st, 6);
	return step(d, st, rc, "unit_versions");
}

static int
write_units(struct demo *d)
{
	sqlite3_stmt *st = d->ins_unit;
	const struct demo_unit *u;
	struct buf f;
	int i, rc, ret = -1;

	buf_init(&f, 0);
	for (i = 0; i < d->n; i++) {
		u = &d->u[i];
		buf_reset(&f);
		fold_append(&f, u->name);
		buf_addch(&f, ' ');
		fold_append(&f, u->short_name);
		buf_addch(&f, ' ');
		fold_append(&f, u->code);
		rc = sqlite3_bind_int64(st, 1, i + 1);
		rc |= sqlite3_bind_text(st, 2, u->code, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, 3, u->name, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, 4, u->short_name, -1,
		    SQLITE_STATIC);
		rc |= sqlite3_bind_int(st, 5, u->level);
		rc |= sqlite3_bind_text(st, 6, u->kind, -1, SQLITE_STATIC);
		if (u->parent >= 0)
			rc |= sqlite3_bind_int64(st, 7, u->parent + 1);
		else
			rc |= sqlite3_bind_null(st, 7);
		rc |= sqlite3_bind_text(st, 8, u->address, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, 9, u->email, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, 10, u->phone, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, 11, DEMO_FROM, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, 12, f.data, (int)f.len,
		    SQLITE_STATIC);
		rc |= sqlite3_bind_int64(st, 13, DEMO_TIME);
		if (step(d, st, rc, "units") < 0)
			goto out;
		if (u->old_name) {
			if (write_version(d, i + 1, u, u->old_name, DEMO_FROM,
			    u->renamed) < 0 ||
			    write_version(d, i + 1, u, u->name, u->renamed,
			    NULL) < 0)
				goto out;
		} else if (write_version(d, i + 1, u, u->name, DEMO_FROM,
		    NULL) < 0)
			goto out;
	}
	ret = 0;
out:
	buf_release(&f);
	return ret;
}

/* ---- People ---- */

/* The positions every unit of this shape has: head, deputies, clerk... */
static int
cadre(const struct demo_unit *u, struct demo_slot *out)
{
	int n = 0, i;

	out[n++] = (struct demo_slot){ u->head, R_LEADER, 250, 0 };
	for (i = 0; i < u->ndeputy; i++)
		out[n++] = (struct demo_slot){ u->deputy, R_LEADER, 300, 0 };
	if (u->flags & U_CLERK)
		out[n++] = (struct demo_slot){ "Văn thư", R_CLERK, 850, 0 };
	if (u->flags & U_ONESTOP)
		for (i = 0; i < 2; i++)
			out[n++] = (struct demo_slot){ "Công chức một cửa",
			    R_ONESTOP, 650, 0 };
	if (u->flags & U_COMMUNE) {
		out[n++] = (struct demo_slot){ "Công chức Văn phòng - Thống kê",
		    R_CLERK | R_SPEC, 700, 0 };
		out[n++] = (struct demo_slot){ "Công chức Tư pháp - Hộ tịch",
		    R_ONESTOP | R_SPEC, 600, 0 };
		out[n++] = (struct demo_slot){ "Chỉ huy trưởng Quân sự", R_SPEC,
		    50, 0 };
	}
	return n;
}

/* Fixed accounts at unit index `ui`. */
static int
fixed_at(const struct demo *d, int ui, int *out)
{
	size_t i;
	int n = 0;

	for (i = 0; i < demo_nfixed; i++)
		if (d->at[demo_fixed[i].at] == ui)
			out[n++] = (int)i;
	return n;
}

/* Share DEMO_TN_PEOPLE among the units: each gets its cadre, the rest
 * goes by weight (with some spread), remainders one by one in order. */
static int
allocate(struct demo *d)
{
	struct demo_slot tmp[16];
	int64_t total = 0, rest, given = 0, w;
	int i, fx[DEMO_FIXED_MAX];

	for (i = 0; i < d->n; i++) {
		d->u[i].npeople = cadre(&d->u[i], tmp) + fixed_at(d, i, fx);
		total += d->u[i].npeople;
		if (d->u[i].weight > 0)
			d->u[i].weight *= 8 + (int)rng_below(d, 5);
	}
	rest = DEMO_TN_PEOPLE - total;
	for (i = 0, w = 0; i < d->n; i++)
		w += d->u[i].weight;
	if (rest < 0 || w <= 0) {
		log_error("cadre of %lld people is more than %d",
		    (long long)total, DEMO_TN_PEOPLE);
		return -1;
	}
	for (i = 0; i < d->n; i++) {
		d->u[i].npeople += (int)(rest * d->u[i].weight / w);
		given += rest * d->u[i].weight / w;
	}
	for (i = 0; given < rest; i = (i + 1) % d->n)
		if (d->u[i].weight > 0) {
			d->u[i].npeople++;
			given++;
		}
	return 0;
}

static unsigned
hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot of `base` in the username table (empty if new). */
static struct uname *
uname_slot(struct demo *d, const char *base)
{
	unsigned i = hash(base) & (DEMO_NAME_CAP - 1);

	while (d->names[i].base && strcmp(d->names[i].base, base) != 0)
		i = (i + 1) & (DEMO_NAME_CAP - 1);
	return &d->names[i];
}

/* "nguyenvanan", then "nguyenvanan2", "nguyenvanan3"... Bases are
 * letters only, so a suffixed name never equals another base. */
static void
username_for(struct demo *d, const char *full_name, char *out, size_t size)
{
	struct uname *s;
	struct buf b;

	buf_init(&b, 0);
	slug_append(&b, full_name);
	s = uname_slot(d, b.data);
	if (s->base == NULL) {
		s->base = arena_strdup(&d->arena, b.data);
		s->count = 0;
	}
	if (++s->count == 1)
		snprintf(out, size, "%s", b.data);
	else
		snprintf(out, size, "%s%d", b.data, s->count);
	buf_release(&b);
}

static void
person_name(struct demo *d, int mountain, int female, char *out,
    size_t size)
{
	const char *sur, *mid, *mid2 = NULL, *given;
	unsigned total = 0, r, w;
	size_t i, n = demo_nsurnames;

	for (i = 0; i < n; i++)
		total += mountain ? demo_surnames[i].wmountain :
		    demo_surnames[i].w;
	r = rng_below(d, total);
	for (i = 0; i + 1 < n; i++) {
		w = mountain ? demo_surnames[i].wmountain : demo_surnames[i].w;
		if (r < w)
			break;
		r -= w;
	}
	sur = demo_surnames[i].s;
	if (female) {
		mid = pick_weighted(d, demo_middle_f, demo_nmiddle_f);
		if (strcmp(mid, "Thị") == 0 && rng_below(d, 10) < 3)
			mid2 = demo_middle_f2[rng_below(d, demo_nmiddle_f2)];
	} else
		mid = pick_weighted(d, demo_middle_m, demo_nmiddle_m);
	do {
		given = female ? demo_given_f[rng_below(d, demo_ngiven_f)] :
		    demo_given_m[rng_below(d, demo_ngiven_m)];
	} while (strcmp(given, mid) == 0 ||
	    (mid2 && strcmp(given, mid2) == 0));
	if (mid2)
		snprintf(out, size, "%s %s %s %s", sur, mid, mid2, given);
	else
		snprintf(out, size, "%s %s %s", sur, mid, given);
}

/* "INSERT INTO people (...) VALUES (...), (...)" for n rows. */
static int
prepare_people(struct demo *d, int n, sqlite3_stmt **st)
{
	struct buf sql;
	int i, k, rc;

	buf_init(&sql, 0);
	buf_adds(&sql, "INSERT INTO people (id, username, full_name, unit_id, "
	    "position, roles, email, phone, name_folded, password_hash, "
	    "created_at, updated_at, sort_key) VALUES ");
	/* Numbered: the full name (k + 3) is read twice, for its key of
	 * the order by name (sql/028_people_sort_key.sql). */
	for (i = 0; i < n; i++) {
		k = i * PERSON_COLS;
		buf_printf(&sql, "%s(?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d,"
		    " ?%d, NULL, %d, %d, vi_name_key(?%d))", i ? ", " : "",
		    k + 1, k + 2, k + 3, k + 4, k + 5, k + 6, k + 7, k + 8,
		    k + 9, DEMO_TIME, DEMO_TIME, k + 3);
	}
	rc = sqlite3_prepare_v2(d->db, sql.data, (int)sql.len, st, NULL);
	buf_release(&sql);
	if (rc != SQLITE_OK) {
		log_error("people: %s", sqlite3_errmsg(d->db));
		return -1;
	}
	return 0;
}

/* Write the pending people and their memberships. */
static int
flush_people(struct demo *d)
{
	sqlite3_stmt *st = d->ins_people, *tail = NULL;
	const struct person *p;
	int i, k, rc = 0, ret = -1;

	if (d->nbatch == 0)
		return 0;
	if (d->nbatch < DEMO_BATCH) {
		if (prepare_people(d, d->nbatch, &tail) < 0)
			return -1;
		st = tail;
	}
	for (i = 0; i < d->nbatch; i++) {
		p = &d->batch[i];
		k = i * PERSON_COLS;
		rc |= sqlite3_bind_int64(st, k + 1, p->id);
		rc |= sqlite3_bind_text(st, k + 2, p->username, -1,
		    SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, k + 3, p->full_name, -1,
		    SQLITE_STATIC);
		rc |= sqlite3_bind_int64(st, k + 4, p->unit + 1);
		rc |= sqlite3_bind_text(st, k + 5, p->position, -1,
		    SQLITE_STATIC);
		rc |= sqlite3_bind_int64(st, k + 6, p->roles);
		rc |= sqlite3_bind_text(st, k + 7, p->email, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, k + 8, p->phone, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_text(st, k + 9, p->folded, -1,
		    SQLITE_STATIC);
	}
	if (step(d, st, rc, "people") < 0)
		goto out;
	st = d->ins_member;
	for (i = 0; i < d->nbatch; i++) {
		rc = sqlite3_bind_int64(st, 1, d->batch[i].id);
		rc |= sqlite3_bind_int64(st, 2, d->batch[i].unit + 1);
		rc |= sqlite3_bind_text(st, 3, DEMO_FROM, -1, SQLITE_STATIC);
		if (step(d, st, rc, "person_units") < 0)
			goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(tail);
	d->nbatch = 0;
	arena_release(&d->batch_arena);
	return ret;
}

/* Queue one person; written when the batch is full. */
static int
write_person(struct demo *d, int ui, const char *username,
    const char *full_name, const char *position, unsigned roles)
{
	struct arena *a = &d->batch_arena;
	struct person *p = &d->batch[d->nbatch++];
	struct buf f;
	unsigned num;

	p->id = ++d->person_id;
	p->unit = ui;
	p->username = arena_strdup(a, username);
	p->full_name = arena_strdup(a, full_name);
	p->position = position;
	p->roles = roles;
	p->email = arena_printf(a, "%s%s", username, DEMO_DOMAIN);
	/* Distinct for every person: 3127397 is prime to 10^7. */
	num = (unsigned)((p->id * 3127397 + 1234567) % 10000000);
	p->phone = arena_printf(a, "%s%07u",
	    demo_mobile[rng_below(d, demo_nmobile)], num);
	buf_init(&f, 0);
	fold_append(&f, full_name);
	buf_addch(&f, ' ');
	fold_append(&f, username);
	buf_addch(&f, ' ');
	dir_fold_email(&f, p->email);
	p->folded = arena_strdup(a, f.data);
	buf_release(&f);
	return d->nbatch == DEMO_BATCH ? flush_people(d) : 0;
}

static int
write_generated(struct demo *d, int ui, const struct demo_slot *s,
    unsigned extra_roles)
{
	char full[128], username[96];
	int female;

	female = rng_below(d, 1000) < s->female;
	person_name(d, (d->u[ui].flags & U_MOUNTAIN) != 0, female, full,
	    sizeof(full));
	username_for(d, full, username, sizeof(username));
	return write_person(d, ui, username, full, s->position,
	    s->roles | extra_roles);
}

static const struct demo_slot *
pick_staff(struct demo *d, enum demo_ctx ctx)
{
	const struct demo_slot *t = demo_staff[ctx];
	unsigned total = 0, r;
	int i, n;

	if (t[0].position == NULL)
		t = demo_staff[CTX_OFFICE];
	for (n = 0; n < STAFF_MAX && t[n].position; n++)
		total += t[n].w;
	r = rng_below(d, total);
	for (i = 0; i + 1 < n && r >= t[i].w; i++)
		r -= t[i].w;
	return &t[i];
}

static int
write_people(struct demo *d)
{
	struct demo_slot cad[16];
	const struct demo_slot *s;
	struct demo_unit *u;
	int fx[DEMO_FIXED_MAX], used[DEMO_FIXED_MAX];
	int ui, nc, nfx, made, c, k, editor;

	for (ui = 0; ui < d->n; ui++) {
		u = &d->u[ui];
		nc = cadre(u, cad);
		nfx = fixed_at(d, ui, fx);
		memset(used, 0, sizeof(used));
		made = 0;
		for (c = 0; c < nc; c++, made++) {
			for (k = 0; k < nfx; k++)
				if (!used[k] && strcmp(
				    demo_fixed[fx[k]].position,
				    cad[c].position) == 0)
					break;
			if (k < nfx) {
				used[k] = 1;
				if (write_person(d, ui,
				    demo_fixed[fx[k]].username,
				    demo_fixed[fx[k]].full_name,
				    demo_fixed[fx[k]].position,
				    demo_fixed[fx[k]].roles) < 0)
					return -1;
			} else if (write_generated(d, ui, &cad[c], 0) < 0)
				return -1;
		}
		for (k = 0; k < nfx; k++)
			if (!used[k]) {
				if (write_person(d, ui,
				    demo_fixed[fx[k]].username,
				    demo_fixed[fx[k]].full_name,
				    demo_fixed[fx[k]].position,
				    demo_fixed[fx[k]].roles) < 0)
					return -1;
				made++;
			}
		editor = (u->flags & U_EDITOR) != 0;
		for (; made < u->npeople; made++) {
			s = pick_staff(d, u->ctx);
			if (write_generated(d, ui, s, editor &&
			    (s->roles & R_SPEC) ? R_EDITOR : 0) < 0)
				return -1;
			if (s->roles & R_SPEC)
				editor = 0;
		}
	}
	if (flush_people(d) < 0)
		return -1;
	if (d->person_id != DEMO_TN_PEOPLE) {
		log_error("wrote %lld people, want %d",
		    (long long)d->person_id, DEMO_TN_PEOPLE);
		return -1;
	}
	return 0;
}

/* ---- Entry ---- */

static int
prepare(struct demo *d, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(d->db, sql, -1, st, NULL) != SQLITE_OK) {
		log_error("%s: %s", sqlite3_errmsg(d->db), sql);
		return -1;
	}
	return 0;
}

int
directory_demo_load(sqlite3 *db, const char *name, const char *today)
{
	struct demo d;
	size_t i;
	int ret = -1;

	(void)today;
	if (name == NULL || strcmp(name, "thai-nguyen") != 0) {
		log_error("unknown demo province \"%s\" (known: thai-nguyen)",
		    name ? name : "");
		return -1;
	}
	/* vi_name_key() for the people's insert, whoever opened the
	 * handle. */
	if (collate_register(db) < 0) {
		log_error("people: %s", sqlite3_errmsg(db));
		return -1;
	}
	memset(&d, 0, sizeof(d));
	d.db = db;
	d.rng = DEMO_SEED;
	if ((d.u = calloc(DEMO_UNITS_CAP, sizeof(*d.u))) == NULL ||
	    (d.names = calloc(DEMO_NAME_CAP, sizeof(*d.names))) == NULL ||
	    (d.batch = calloc(DEMO_BATCH, sizeof(*d.batch))) == NULL) {
		log_error("out of memory");
		goto out;
	}
	if (prepare(&d, "INSERT INTO units (id, code, name, short_name, "
	    "level, kind, parent_id, address, email, phone, effective_from, "
	    "name_folded, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)", &d.ins_unit) < 0 ||
	    prepare(&d, "INSERT INTO unit_versions (unit_id, name, "
	    "short_name, parent_id, valid_from, valid_until) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6)", &d.ins_version) < 0 ||
	    prepare_people(&d, DEMO_BATCH, &d.ins_people) < 0 ||
	    prepare(&d, "INSERT INTO person_units (person_id, unit_id, "
	    "valid_from, valid_until) VALUES (?1, ?2, ?3, NULL)",
	    &d.ins_member) < 0)
		goto out;

	if (build_units(&d) < 0 || write_units(&d) < 0)
		goto out;
	/* The fixed usernames are taken before any name is generated. */
	for (i = 0; i < demo_nfixed; i++) {
		struct uname *s = uname_slot(&d, demo_fixed[i].username);

		s->base = demo_fixed[i].username;
		s->count = 1;
	}
	if (allocate(&d) < 0 || write_people(&d) < 0)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(d.ins_unit);
	sqlite3_finalize(d.ins_version);
	sqlite3_finalize(d.ins_people);
	sqlite3_finalize(d.ins_member);
	arena_release(&d.arena);
	arena_release(&d.batch_arena);
	free(d.batch);
	free(d.names);
	free(d.u);
	return ret;
}
