/*
 * directory.h - the province's directory: units in a tree of any depth
 * (province, departments and districts, communes, divisions, party
 * bodies), each with a QCVN 102 agency code and effective dates, and the
 * people in them with their positions and roles. Reorganisations (merge,
 * split, rename, abolish) close units at an effective date, name their
 * successors and move people, keeping the history queryable.
 *
 * Strings in the structs below are allocated in the arena passed to the
 * function that filled them and live as long as it.
 */
#ifndef CONGSO_DIRECTORY_H
#define CONGSO_DIRECTORY_H

#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/db.h"

/* Role bits (people.roles). */
#define DIR_ROLE_ADMIN		(1u << 0)	/* quản trị */
#define DIR_ROLE_CLERK		(1u << 1)	/* văn thư */
#define DIR_ROLE_LEADER		(1u << 2)	/* lãnh đạo */
#define DIR_ROLE_SPECIALIST	(1u << 3)	/* chuyên viên */
#define DIR_ROLE_ONESTOP	(1u << 4)	/* công chức một cửa */
#define DIR_ROLE_EDITOR		(1u << 5)	/* biên tập viên */
#define DIR_ROLE_MAX		6

#define DIR_NAME_MAX		255	/* bytes of a name, position, address */

/* Who makes a change, for the audit log. */
struct dir_actor {
	int64_t		 id;	/* 0: the system / command line */
	const char	*name;
	const char	*ip;	/* "" on the command line */
};

/* What was wrong with a request: an HTTP status, a code, the field and a
 * Vietnamese message. */
struct dir_err {
	int		 status;
	const char	*code;
	const char	*field;
	const char	*message;
};

struct dir_unit {
	int64_t		 id;
	const char	*code;
	const char	*name;
	const char	*short_name;
	int		 level;
	const char	*kind;
	int64_t		 parent_id;	/* 0: none */
	const char	*parent_name;
	const char	*address;
	const char	*email;
	const char	*phone;
	const char	*effective_from;
	const char	*effective_until;	/* NULL: still in force */
	int64_t		 successor_id;
	const char	*successor_name;
	int		 nchildren;
	int		 npeople;
};

struct dir_person {
	int64_t		 id;
	const char	*username;
	const char	*full_name;
	int64_t		 unit_id;
	const char	*unit_name;
	const char	*unit_code;
	const char	*position;
	unsigned	 roles;
	const char	*email;
	const char	*phone;
	int		 active;	/* dir_person_create: always active */
	int		 can_sign_in;
};

struct dir_unit_query {
	const char	*q;		/* text, diacritics ignored; NULL: any */
	int64_t		 parent_id;	/* -1: any; 0: top level */
	const char	*kind;		/* NULL: any */
	int		 all;		/* include units no longer in force */
	int		 limit, offset;
};

struct dir_person_query {
	const char	*q;
	int64_t		 unit_id;	/* 0: any */
	unsigned	 role;		/* 0: any */
	int		 limit, offset;
};

/* A reorganisation. For merge: from[] are the units merged, `into` an
 * existing unit that absorbs them (it may be one of from[]) or 0 to create
 * `created[0]`. For split: from[0] is divided into created[] (people move
 * to the first). For rename: from[0] takes created[0].name/short_name.
 * For abolish: from[0] ends; people and sub-units go to `into` (required
 * when it has any). */
struct dir_reorg {
	const char	*kind;		/* merge, split, rename, abolish */
	const char	*effective;	/* YYYY-MM-DD, not in the future */
	const char	*note;
	int64_t		 from[16];
	int		 nfrom;
	int64_t		 into;
	struct dir_unit	 created[8];
	int		 ncreated;
};

/* Role names: "admin", "clerk", ...; labels in Vietnamese. */
const char *dir_role_name(int bit);
const char *dir_role_label(int bit);
/* Parse "admin;clerk" (also ',' or ' ' separated). 0 or -1 (unknown). */
int	 dir_roles_parse(const char *s, unsigned *out);
/* "admin;clerk" into the arena. */
char	*dir_roles_format(struct arena *a, unsigned roles);
/* Today as YYYY-MM-DD (local time). */
void	 dir_today(char out[11]);

/* The directory's generation: changes with every change to units or
 * people (a trigger bumps it in the same transaction). -1 on error. */
int64_t	 dir_generation(struct db *db);

/* --- units (directory_db.c) --- */
int	 dir_unit_get(struct db *db, struct arena *a, int64_t id,
	    struct dir_unit *out);
int	 dir_unit_by_code(struct db *db, struct arena *a, const char *code,
	    struct dir_unit *out);
/* Only the code and name of unit `id` (no counts, no neighbours), for
 * paths run once per package or message. 0 or -1. */
int	 dir_unit_label(struct db *db, struct arena *a, int64_t id,
	    const char **code, const char **name);
/* List units matching `q` ordered by level and name; *total counts all
 * matches (for paging). Returns the number in *out, or -1. */
int	 dir_units_list(struct db *db, struct arena *a,
	    const struct dir_unit_query *q, struct dir_unit **out, int *total);
/* Validate and insert a unit; its id in u->id. 0 or -1 with `err`. */
int	 dir_unit_create(struct db *db, const struct dir_actor *who,
	    struct dir_unit *u, struct dir_err *err);
/* Update the editable fields of u->id (not code history). 0 or -1. */
int	 dir_unit_update(struct db *db, const struct dir_actor *who,
	    struct dir_unit *u, struct dir_err *err);
/* The units in force on `date` under `parent_id` (0: top), with the
 * names they had then. Returns the count or -1. */
int	 dir_tree_at(struct db *db, struct arena *a, const char *date,
	    int64_t parent_id, struct dir_unit **out);
/* One event in a unit's history: a version of its name and place
 * ("version", from..until, name, detail = parent's name) or a
 * reorganisation it took part in ("reorg:merge" ..., from = effective
 * date, name = the note, detail = the units involved, role from/to). */
struct dir_event {
	const char	*event;
	const char	*from;
	const char	*until;		/* NULL: open */
	const char	*name;
	const char	*detail;
	const char	*role;
};

/* The history of a unit, oldest first, in the arena. Returns the count
 * or -1. */
int	 dir_unit_history(struct db *db, struct arena *a, int64_t id,
	    struct dir_event **out);
/* Carry out a reorganisation in the caller's transaction. 0 or -1. The id
 * of the successor (merge/split: the unit that takes the people) goes to
 * *successor. */
int	 dir_reorg_apply(struct db *db, const struct dir_actor *who,
	    struct dir_reorg *r, int64_t *successor, struct dir_err *err);

/* --- people --- */
int	 dir_person_get(struct db *db, struct arena *a, int64_t id,
	    struct dir_person *out);
int	 dir_person_by_username(struct db *db, struct arena *a,
	    const char *username, struct dir_person *out);
/* The first active person (by id) of the unit in force with agency code
 * `unit_code` who holds one of the roles in `roles`, other than the
 * person `other` (0: anyone). 0, or -1 when there is none. */
int	 dir_person_with_role(struct db *db, struct arena *a,
	    const char *unit_code, unsigned roles, int64_t other,
	    struct dir_person *out);
int	 dir_people_list(struct db *db, struct arena *a,
	    const struct dir_person_query *q, struct dir_person **out,
	    int *total);
int	 dir_person_create(struct db *db, const struct dir_actor *who,
	    struct dir_person *p, struct dir_err *err);
int	 dir_person_update(struct db *db, const struct dir_actor *who,
	    struct dir_person *p, struct dir_err *err);
/* Set a password (already checked for strength) as an Argon2id hash. */
int	 dir_person_set_password(struct db *db, const struct dir_actor *who,
	    int64_t id, const char *password);

/* --- CSV (directory_csv.c) --- */
/* Import units or people from a CSV file in one transaction: every bad
 * row is reported by line number in `report`; when any row is bad nothing
 * is imported. `progress` (may be NULL) is called every 1,000 rows.
 * Returns the number of rows imported, -1 for bad input (listed in
 * `report`) or -2 for a database failure. */
int	 dir_import_units(struct db *db, const struct dir_actor *who,
	    const char *path, struct buf *report,
	    void (*progress)(long done));
int	 dir_import_people(struct db *db, const struct dir_actor *who,
	    const char *path, struct buf *report,
	    void (*progress)(long done));
int	 dir_export_units(struct db *db, struct buf *out);
int	 dir_export_people(struct db *db, struct buf *out);

/* --- wiring (directory_page_*.c, directory_api.c, directory_cli*.c) --- */
void	 directory_register(void);
void	 directory_api_register(void);
void	 directory_page_register(void);
int	 directory_cli_unit(int argc, char **argv);
int	 directory_cli_user(int argc, char **argv);
void	 directory_usage_unit(void);
void	 directory_usage_user(void);

#endif
