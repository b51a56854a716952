/*
 * directory_int.h - helpers shared by the directory's SQL files (private
 * to src/directory/; not part of the module's interface).
 */
#ifndef CONGSO_DIRECTORY_INT_H
#define CONGSO_DIRECTORY_INT_H

#include "directory.h"

/* Fill an error; dir_set_errf formats into a per-thread buffer that lives
 * until the thread's next dir_set_errf. */
void	 dir_set_err(struct dir_err *e, int status, const char *code,
	    const char *field, const char *message);
void	 dir_set_errf(struct dir_err *e, int status, const char *code,
	    const char *field, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
/* Text present (when required), UTF-8, at most `max` bytes. */
int	 dir_valid_text(const char *s, int required, size_t max);
/* A real calendar date written YYYY-MM-DD. */
int	 dir_valid_date(const char *s);
/* Checks of a unit to create (self 0) or update; sets u->level. */
int	 dir_check_unit(struct db *db, struct dir_unit *u, int64_t self,
	    struct dir_err *e);
/* The search text of a unit (caller frees). */
char	*dir_unit_folded(const struct dir_unit *u);
/* Open / close the version of a unit's name and place. */
int	 dir_version_insert(struct db *db, int64_t unit, const char *name,
	    const char *short_name, int64_t parent, const char *from);
int	 dir_version_close(struct db *db, int64_t unit, const char *until);
/* An audit row for a directory change. */
int	 dir_audit(struct db *db, const struct dir_actor *who,
	    const char *action, const char *object, const char *detail);

/* An e-mail address folded for the people's search text: its local part
 * only. The province's domain is every address's, and a search for
 * "nguyen" found everyone at thainguyen.gov.vn. */
struct buf;
void	 dir_fold_email(struct buf *b, const char *email);
/* For each subset of the `n` WHERE conditions (bit i selects conds[i]),
 * build "SELECT count(*) FROM <count_from>" and "<select> FROM <from> ... ORDER
 * BY <order> LIMIT ?5 OFFSET ?6" into out[mask][0] and out[mask][1]
 * (malloc'd, kept for the life of the process). `order_alt` replaces
 * `order` when the mask has bit `alt_bit`. */
void	 dir_sql_variants(const char *count_from, const char *select,
	    const char *from, const char *const *conds, int n,
	    const char *order, unsigned alt_bit, const char *order_alt,
	    char *(*out)[2]);

#endif
