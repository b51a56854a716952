/*
 * svc_int.h - helpers shared by the services module's files (private to
 * src/services/; not part of the module's interface).
 */
#ifndef CONGSO_SVC_INT_H
#define CONGSO_SVC_INT_H

#include "services.h"

/* The visibility condition of a dossier `d` for the reader bound to ?20
 * (kind: 0 citizen, 1 staff), ?21 (citizen or person id), ?22 (body id)
 * and ?19 (the person's own unit, which may be a division handling it).
 * Every query reading dossiers includes it. */
#define SVC_VISIBLE \
	" ((?20 = 0 AND d.citizen_id = ?21)" \
	"  OR (?20 = 1 AND (d.unit_id = ?22" \
	"   OR d.handler_unit_id IN (?22, ?19)))) "

/* Bind the reader to ?19, ?20, ?21, ?22. */
void	 svc_bind_reader(sqlite3_stmt *st, const struct svc_actor *who);

/* Fill an error; svc_errf formats into a per-thread buffer that lives
 * until the thread's next svc_errf, and the field is copied into another
 * (until the next error). Both return -1. */
int	 svc_err(struct svc_err *e, int status, const char *code,
	    const char *field, const char *message);
int	 svc_errf(struct svc_err *e, int status, const char *code,
	    const char *field, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
/* Text present (when required), UTF-8 without control characters other
 * than newlines and tabs, at most `max` bytes. */
int	 svc_valid_text(const char *s, int required, size_t max);
/* A history row and an audit row ("services.<action>", "dossier:<id>"). */
int	 svc_record(struct db *db, const struct svc_actor *who, int64_t id,
	    const char *action, int state, int64_t from_unit, int64_t to_unit,
	    const char *comment, const char *due, time_t now);
/* Queue the e-mail telling the applicant of dossier `id` about `step`
 * (nothing when the dossier has no e-mail address). 0 or -1. */
int	 svc_notify(struct db *db, int64_t id, int step);
/* A read procedure's form parsed into the arena. 0 or -1. */
int	 svc_proc_form(struct arena *a, const char *json, struct svc_form *f);

#endif
