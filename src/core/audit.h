/*
 * audit.h - the append-only, hash-chained audit log. Every change in
 * congso records who, when, what and from which address. Rows cannot be
 * updated or deleted through SQL (triggers), and each row's hash covers the
 * previous row's, so a row changed or removed behind the program's back is
 * found by audit_verify().
 */
#ifndef CONGSO_AUDIT_H
#define CONGSO_AUDIT_H

#include <stdint.h>

#include "buf.h"
#include "db.h"

/* Append a row. Call inside the caller's transaction so that the change
 * and its record commit together. `actor_id` is 0 for the system; `ip` is
 * "" for the command line. 0 or -1. */
int	 audit_record(struct db *db, int64_t actor_id, const char *actor,
	    const char *ip, const char *action, const char *object,
	    const char *detail);
/* Walk the whole chain. 0 when intact; -1 with a description of the first
 * bad row (its id and what is wrong) appended to `why`. */
int	 audit_verify(struct db *db, struct buf *why);

#endif
