/*
 * sign_flow_db.c - the SQL of signing on the signer's own PC: requests
 * (sign_requests), the certificates people sign with
 * (sign_person_certs), and the PDFs people send for signing themselves
 * (sign_self_files); sql/007_sign_flow.sql.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "sign/sign_int.h"

#define REQ_COLS "r.id, r.blob_hash, r.size, r.person_id, r.role," \
	" r.owner_kind, r.owner_id, CASE WHEN r.state = 'open' AND" \
	" r.expires_at <= ?9 THEN 'expired' ELSE r.state END, r.created_by," \
	" r.created_at, r.expires_at, r.closed_at, r.signed_hash," \
	" r.cert_sha256, r.signer, f.filename"
#define REQ_FROM " FROM sign_requests r LEFT JOIN sign_self_files f" \
	" ON r.owner_kind = 'sign.self' AND f.id = r.owner_id"

static void
req_row(sqlite3_stmt *st, struct sign_req *q)
{
	memset(q, 0, sizeof(*q));
	q->id = sqlite3_column_int64(st, 0);
	snprintf(q->blob_hash, sizeof(q->blob_hash), "%s", db_col_text(st, 1));
	q->size = sqlite3_column_int64(st, 2);
	q->person_id = sqlite3_column_int64(st, 3);
	q->role = strcmp(db_col_text(st, 4), "seal") == 0 ? SIGN_ROLE_SEAL :
	    SIGN_ROLE_LEADER;
	snprintf(q->owner_kind, sizeof(q->owner_kind), "%s",
	    db_col_text(st, 5));
	q->owner_id = sqlite3_column_int64(st, 6);
	snprintf(q->state, sizeof(q->state), "%s", db_col_text(st, 7));
	q->created_by = sqlite3_column_int64(st, 8);
	q->created_at = sqlite3_column_int64(st, 9);
	q->expires_at = sqlite3_column_int64(st, 10);
	q->closed_at = sqlite3_column_int64(st, 11);
	snprintf(q->signed_hash, sizeof(q->signed_hash), "%s",
	    db_col_text(st, 12));
	snprintf(q->cert_sha256, sizeof(q->cert_sha256), "%s",
	    db_col_text(st, 13));
	snprintf(q->signer, sizeof(q->signer), "%s", db_col_text(st, 14));
	snprintf(q->filename, sizeof(q->filename), "%s", db_col_text(st, 15));
}

int
sign_req_insert(struct db *db, const struct sign_req *q,
    const char *token_hash, int64_t *id)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO sign_requests"
	    " (blob_hash, size, person_id, role, owner_kind, owner_id,"
	    " token_hash, created_by, created_at, expires_at) VALUES (?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, q->blob_hash);
	db_bind_int(st, 2, q->size);
	db_bind_int(st, 3, q->person_id);
	db_bind_text(st, 4, sign_role_code(q->role));
	db_bind_text(st, 5, q->owner_kind);
	db_bind_int(st, 6, q->owner_id);
	db_bind_text(st, 7, token_hash);
	db_bind_int(st, 8, q->created_by);
	db_bind_int(st, 9, q->created_at);
	db_bind_int(st, 10, q->expires_at);
	if (db_step_done(st) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

static int
req_one(sqlite3_stmt *st, struct sign_req *q)
{
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		req_row(st, q);
	db_done(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
sign_req_get(struct db *db, int64_t id, struct sign_req *q)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " REQ_COLS REQ_FROM
	    " WHERE r.id = ?1");

	if (st != NULL) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 9, time(NULL));
	}
	return req_one(st, q);
}

int
sign_req_by_token(struct db *db, const char *token_hash, struct sign_req *q)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " REQ_COLS REQ_FROM
	    " WHERE r.token_hash = ?1");

	if (st != NULL) {
		db_bind_text(st, 1, token_hash);
		db_bind_int(st, 9, time(NULL));
	}
	return req_one(st, q);
}

int
sign_req_list(struct db *db, int64_t person, size_t max,
    struct sign_req **out, size_t *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " REQ_COLS REQ_FROM
	    " WHERE r.id IN (SELECT id FROM sign_requests WHERE person_id = ?1"
	    " UNION SELECT id FROM sign_requests WHERE created_by = ?1)"
	    " ORDER BY r.id DESC LIMIT ?2");
	struct sign_req *v;
	size_t cnt = 0;

	*out = NULL;
	*n = 0;
	if (st == NULL || (v = calloc(max + 1, sizeof(*v))) == NULL) {
		db_done(st);
		return -1;
	}
	db_bind_int(st, 1, person);
	db_bind_int(st, 2, (int64_t)max);
	db_bind_int(st, 9, time(NULL));
	while (cnt < max && sqlite3_step(st) == SQLITE_ROW)
		req_row(st, &v[cnt++]);
	db_done(st);
	*out = v;
	*n = cnt;
	return 0;
}

int
sign_req_set_token(struct db *db, int64_t id, const char *token_hash)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE sign_requests SET"
	    " token_hash = ?2 WHERE id = ?1 AND state = 'open' AND"
	    " expires_at > ?3");

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, token_hash);
	db_bind_int(st, 3, time(NULL));
	if (db_step_done(st) < 0)
		return -1;
	return db_changes(db) == 1;
}

int
sign_req_signed(struct db *db, int64_t id, const char *token_hash,
    const char *signed_hash, const char *cert_sha256, const char *signer)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE sign_requests SET"
	    " state = 'signed', closed_at = ?3, signed_hash = ?4,"
	    " cert_sha256 = ?5, signer = ?6 WHERE id = ?1 AND"
	    " token_hash = ?2 AND state = 'open' AND expires_at > ?3");

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, token_hash);
	db_bind_int(st, 3, time(NULL));
	db_bind_text(st, 4, signed_hash);
	db_bind_text(st, 5, cert_sha256);
	db_bind_text(st, 6, signer);
	if (db_step_done(st) < 0)
		return -1;
	return db_changes(db) == 1;
}

int
sign_req_close(struct db *db, int64_t id, const char *state)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE sign_requests SET"
	    " state = ?2, closed_at = ?3 WHERE id = ?1 AND state = 'open'");

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, state);
	db_bind_int(st, 3, time(NULL));
	if (db_step_done(st) < 0)
		return -1;
	return db_changes(db) == 1;
}

int
sign_blob_size(struct db *db, const char *hash, int64_t *size)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT size FROM blobs"
	    " WHERE hash = ?1");
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, hash);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*size = sqlite3_column_int64(st, 0);
	db_done(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* ---- self-service files ------------------------------------------------ */

int
sign_self_insert(struct db *db, int64_t person, const char *filename,
    const char *hash, int64_t *id)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO sign_self_files"
	    " (person_id, filename, original_hash, blob_hash, created_at)"
	    " VALUES (?1, ?2, ?3, ?3, ?4)");

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, person);
	db_bind_text(st, 2, filename);
	db_bind_text(st, 3, hash);
	db_bind_int(st, 4, time(NULL));
	if (db_step_done(st) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

int
sign_self_current(struct db *db, int64_t id, char hash[65])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT blob_hash FROM"
	    " sign_self_files WHERE id = ?1");
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(hash, 65, "%s", db_col_text(st, 0));
	db_done(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
sign_self_swap(struct db *db, int64_t id, const char *hash)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE sign_self_files SET"
	    " blob_hash = ?2, signed_at = ?3 WHERE id = ?1");

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, hash);
	db_bind_int(st, 3, time(NULL));
	if (db_step_done(st) < 0)
		return -1;
	return db_changes(db) == 1 ? 0 : -1;
}

/* ---- the certificates people sign with ------------------------------- */

static void
pcert_row(sqlite3_stmt *st, struct sign_pcert *c)
{
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	c->person_id = sqlite3_column_int64(st, 1);
	snprintf(c->sha256, sizeof(c->sha256), "%s", db_col_text(st, 2));
	snprintf(c->subject, sizeof(c->subject), "%s", db_col_text(st, 3));
	snprintf(c->issuer, sizeof(c->issuer), "%s", db_col_text(st, 4));
	snprintf(c->serial, sizeof(c->serial), "%s", db_col_text(st, 5));
	c->not_before = sqlite3_column_int64(st, 6);
	c->not_after = sqlite3_column_int64(st, 7);
	c->added_at = sqlite3_column_int64(st, 8);
	snprintf(c->added_by, sizeof(c->added_by), "%s", db_col_text(st, 9));
}

#define PCERT_COLS "id, person_id, sha256, subject, issuer, serial," \
	" not_before, not_after, added_at, added_by"

int
sign_pcert_insert(struct db *db, const struct sign_pcert *c,
    const unsigned char *der, size_t derlen, int64_t *id)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO sign_person_certs"
	    " (person_id, sha256, subject, issuer, serial, not_before,"
	    " not_after, der, added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9, ?10)");

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, c->person_id);
	db_bind_text(st, 2, c->sha256);
	db_bind_text(st, 3, c->subject);
	db_bind_text(st, 4, c->issuer);
	db_bind_text(st, 5, c->serial);
	db_bind_int(st, 6, c->not_before);
	db_bind_int(st, 7, c->not_after);
	sqlite3_bind_blob(st, 8, der, (int)derlen, SQLITE_TRANSIENT);
	db_bind_int(st, 9, c->added_at);
	db_bind_text(st, 10, c->added_by);
	if (db_step_done(st) < 0)
		return -1;
	*id = db_last_id(db);
	return 0;
}

int
sign_pcert_list(struct db *db, int64_t person, struct sign_pcert **out,
    size_t *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " PCERT_COLS " FROM"
	    " sign_person_certs WHERE person_id = ?1 ORDER BY id DESC"
	    " LIMIT 100");
	struct sign_pcert *v;
	size_t cnt = 0;

	*out = NULL;
	*n = 0;
	if (st == NULL || (v = calloc(101, sizeof(*v))) == NULL) {
		db_done(st);
		return -1;
	}
	db_bind_int(st, 1, person);
	while (cnt < 100 && sqlite3_step(st) == SQLITE_ROW)
		pcert_row(st, &v[cnt++]);
	db_done(st);
	*out = v;
	*n = cnt;
	return 0;
}

int
sign_pcert_get(struct db *db, int64_t person, int64_t id,
    struct sign_pcert *c)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " PCERT_COLS " FROM"
	    " sign_person_certs WHERE id = ?1 AND person_id = ?2");
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, person);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		pcert_row(st, c);
	db_done(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
sign_pcert_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_prepare(db, "DELETE FROM sign_person_certs"
	    " WHERE id = ?1");

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	return db_step_done(st);
}

int
sign_pcert_of(struct db *db, int64_t person, const char *sha256)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM sign_person_certs"
	    " WHERE sha256 = ?1 AND person_id = ?2");
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, sha256);
	db_bind_int(st, 2, person);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int64_t
sign_pcert_owner(struct db *db, const char *sha256)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT person_id FROM"
	    " sign_person_certs WHERE sha256 = ?1");
	int64_t who = 0;
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, sha256);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		who = sqlite3_column_int64(st, 0);
	db_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? who : -1;
}
