/*
 * sign_db.c - the SQL of the sign module: the trust store (table
 * sign_trust, sql/003_sign.sql).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "core/audit.h"
#include "core/db.h"
#include "sign/sign_int.h"

/* The CA certificates already in the store, to check imported CRLs. */
static STACK_OF(X509) *
known_cas(struct db *db)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT der FROM sign_trust"
	    " WHERE kind IN ('root','intermediate')");
	STACK_OF(X509) *sk = sk_X509_new_null();
	const unsigned char *p;
	X509 *x;

	if (st == NULL || sk == NULL) {
		sk_X509_free(sk);
		return NULL;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		p = sqlite3_column_blob(st, 0);
		if (p != NULL && (x = d2i_X509(NULL, &p,
		    sqlite3_column_bytes(st, 0))) != NULL &&
		    !sk_X509_push(sk, x))
			X509_free(x);
	}
	db_done(st);
	ERR_clear_error();
	return sk;
}

/* The trust store's generation (settings sign.trust.generation) moves on
 * with every change, in the change's transaction, so that a store built
 * earlier is known to be stale (sign_trust_shared). */
static int
trust_changed(struct db *db)
{
	return db_exec(db, "INSERT INTO settings (key, value) VALUES"
	    " ('sign.trust.generation', '1') ON CONFLICT (key) DO UPDATE SET"
	    " value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)");
}

int
sign_trust_import(struct db *db, const void *data, size_t len,
    const char *actor, int64_t actor_id, const char *ip, int *added,
    int *dups, char *err, size_t errlen)
{
	STACK_OF(X509) *cas = known_cas(db);
	struct sign_trust_item *it = NULL;
	sqlite3_stmt *st;
	char obj[64], detail[700];
	size_t n = 0, i;
	int rc = -1;

	*added = *dups = 0;
	if (cas == NULL)
		return sign_err(err, errlen, "không đọc được kho chứng thư");
	if (sign_trust_parse(data, len, cas, &it, &n, err, errlen) < 0)
		goto out;
	if (db_begin(db) < 0) {
		sign_err(err, errlen, "không ghi được kho chứng thư");
		goto out;
	}
	for (i = 0; i < n; i++) {
		st = db_prepare(db, "INSERT INTO sign_trust (kind, subject,"
		    " issuer, serial, not_before, not_after, sha256, der,"
		    " added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
		    " ?8, ?9, ?10) ON CONFLICT (sha256) DO NOTHING");
		if (st == NULL)
			goto fail;
		db_bind_text(st, 1, sign_trust_kind_name(it[i].kind));
		db_bind_text(st, 2, it[i].subject);
		db_bind_text(st, 3, it[i].issuer);
		db_bind_text(st, 4, it[i].serial);
		if (it[i].not_before != 0)
			db_bind_int(st, 5, it[i].not_before);
		if (it[i].not_after != 0)
			db_bind_int(st, 6, it[i].not_after);
		db_bind_text(st, 7, it[i].sha256);
		sqlite3_bind_blob(st, 8, it[i].der, (int)it[i].derlen,
		    SQLITE_TRANSIENT);
		db_bind_int(st, 9, time(NULL));
		db_bind_text(st, 10, actor);
		if (db_step_done(st) < 0)
			goto fail;
		if (db_changes(db) == 0) {
			(*dups)++;
			continue;
		}
		(*added)++;
		snprintf(obj, sizeof(obj), "sign_trust:%lld",
		    (long long)db_last_id(db));
		snprintf(detail, sizeof(detail), "%s %s sha256=%s",
		    sign_trust_kind_name(it[i].kind), it[i].subject,
		    it[i].sha256);
		if (audit_record(db, actor_id, actor, ip, "sign.trust.add", obj,
		    detail) < 0)
			goto fail;
	}
	if ((*added > 0 && trust_changed(db) < 0) || db_commit(db) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(db);
	sign_err(err, errlen, "không ghi được kho chứng thư: %s",
	    db_errmsg(db));
out:
	sign_trust_items_free(it, n);
	sk_X509_pop_free(cas, X509_free);
	return rc;
}

int
sign_trust_list(struct db *db, struct sign_trust_item **out, size_t *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, kind, subject, issuer,"
	    " serial, not_before, not_after, sha256, added_at, added_by"
	    " FROM sign_trust ORDER BY CASE kind WHEN 'root' THEN 0"
	    " WHEN 'intermediate' THEN 1 ELSE 2 END, subject, id");
	struct sign_trust_item *v = NULL, *nv;
	size_t cnt = 0, cap = 0;
	const char *k;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				free(v);
				db_done(st);
				return -1;
			}
			v = nv;
		}
		memset(&v[cnt], 0, sizeof(v[cnt]));
		v[cnt].id = sqlite3_column_int64(st, 0);
		k = db_col_text(st, 1);
		v[cnt].kind = strcmp(k, "root") == 0 ? SIGN_TRUST_ROOT :
		    strcmp(k, "intermediate") == 0 ? SIGN_TRUST_INTERMEDIATE :
		    SIGN_TRUST_CRL;
		snprintf(v[cnt].subject, sizeof(v[cnt].subject), "%s",
		    db_col_text(st, 2));
		snprintf(v[cnt].issuer, sizeof(v[cnt].issuer), "%s",
		    db_col_text(st, 3));
		snprintf(v[cnt].serial, sizeof(v[cnt].serial), "%s",
		    db_col_text(st, 4));
		v[cnt].not_before = sqlite3_column_int64(st, 5);
		v[cnt].not_after = sqlite3_column_int64(st, 6);
		snprintf(v[cnt].sha256, sizeof(v[cnt].sha256), "%s",
		    db_col_text(st, 7));
		v[cnt].added_at = sqlite3_column_int64(st, 8);
		snprintf(v[cnt].added_by, sizeof(v[cnt].added_by), "%s",
		    db_col_text(st, 9));
		cnt++;
	}
	db_done(st);
	*out = v;
	*n = cnt;
	return 0;
}

int
sign_trust_remove(struct db *db, int64_t id, const char *actor,
    int64_t actor_id, const char *ip, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char obj[64], detail[700];

	if (db_begin(db) < 0)
		return sign_err(err, errlen, "không ghi được kho chứng thư");
	st = db_prepare(db, "SELECT kind, subject, sha256 FROM sign_trust"
	    " WHERE id = ?1");
	if (st == NULL)
		goto fail;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		db_rollback(db);
		return sign_err(err, errlen, "không có mục %lld trong kho"
		    " chứng thư", (long long)id);
	}
	snprintf(detail, sizeof(detail), "%s %s sha256=%s",
	    db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2));
	db_done(st);
	st = db_prepare(db, "DELETE FROM sign_trust WHERE id = ?1");
	if (st == NULL)
		goto fail;
	db_bind_int(st, 1, id);
	if (db_step_done(st) < 0)
		goto fail;
	snprintf(obj, sizeof(obj), "sign_trust:%lld", (long long)id);
	if (audit_record(db, actor_id, actor, ip, "sign.trust.remove", obj,
	    detail) < 0 || trust_changed(db) < 0 || db_commit(db) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return sign_err(err, errlen, "không ghi được kho chứng thư: %s",
	    db_errmsg(db));
}

X509_STORE *
sign_trust_store(struct db *db, const char *const *files, char *err,
    size_t errlen)
{
	X509_STORE *store = X509_STORE_new();
	sqlite3_stmt *st;

	if (store == NULL) {
		sign_err(err, errlen, "hết bộ nhớ");
		return NULL;
	}
	if (db != NULL) {
		/* Certificates before CRLs. */
		st = db_prepare(db, "SELECT kind, der FROM sign_trust"
		    " ORDER BY kind = 'crl', id");
		if (st == NULL) {
			sign_err(err, errlen, "không đọc được kho chứng thư");
			X509_STORE_free(store);
			return NULL;
		}
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *k = db_col_text(st, 0);

			sign_store_add_der(store, strcmp(k, "crl") == 0 ?
			    SIGN_TRUST_CRL : strcmp(k, "root") == 0 ?
			    SIGN_TRUST_ROOT : SIGN_TRUST_INTERMEDIATE,
			    sqlite3_column_blob(st, 1),
			    (size_t)sqlite3_column_bytes(st, 1));
		}
		db_done(st);
	}
	for (; files != NULL && *files != NULL; files++)
		if (sign_store_add_pem_file(store, *files, err, errlen) < 0) {
			X509_STORE_free(store);
			return NULL;
		}
	return store;
}

/*
 * One store shared by every thread of the process (OpenSSL verifies with
 * an X509_STORE from several threads at once), built again only when the
 * data folder's trust store changed since: rebuilding it for every file
 * or package to check was a tenth of receiving one.
 */
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static X509_STORE *shared;
static char shared_gen[32];

X509_STORE *
sign_trust_shared(struct db *db, char *err, size_t errlen)
{
	X509_STORE *s = NULL;
	sqlite3_stmt *st;
	char gen[32] = "0";

	st = db_prepare(db, "SELECT value FROM settings WHERE key ="
	    " 'sign.trust.generation'");
	if (st == NULL) {
		sign_err(err, errlen, "không đọc được kho chứng thư");
		return NULL;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(gen, sizeof(gen), "%s", db_col_text(st, 0));
	db_done(st);
	pthread_mutex_lock(&shared_lock);
	if (shared == NULL || strcmp(gen, shared_gen) != 0) {
		if ((s = sign_trust_store(db, NULL, err, errlen)) == NULL) {
			pthread_mutex_unlock(&shared_lock);
			return NULL;
		}
		X509_STORE_free(shared);
		shared = s;
		snprintf(shared_gen, sizeof(shared_gen), "%s", gen);
	}
	s = shared;
	if (X509_STORE_up_ref(s) != 1)
		s = NULL;
	pthread_mutex_unlock(&shared_lock);
	if (s == NULL)
		sign_err(err, errlen, "hết bộ nhớ");
	return s;
}
