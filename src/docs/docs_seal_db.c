/*
 * docs_seal_db.c - where signatures and stamps go per document type, and
 * the body's seal signature applied by the server at issue (Nghị định
 * 30/2020: after numbering, the body's signature with the red seal image
 * overlapping the left third of the leader's, the number and date
 * stamped on the page). The seal key lives in a token or an HSM and is
 * reached through sign.h's one interface; the web process never reads a
 * key file.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "core/audit.h"
#include "core/blob.h"
#include "core/data.h"
#include "core/db.h"
#include "core/jobs.h"
#include "core/log.h"
#include "docs/docs.h"
#include "docs/docs_int.h"
#include "sign/sign.h"

static const char *const place_names[DOCS_PLACE_MAX] = {
	"leader", "seal", "number", "date"
};

const char *
docs_place_name(int w)
{
	return w >= 0 && w < DOCS_PLACE_MAX ? place_names[w] : "";
}

int
docs_place_parse(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < DOCS_PLACE_MAX; i++)
		if (strcmp(s, place_names[i]) == 0)
			return i;
	return -1;
}

int
docs_type_exists(struct db *db, int64_t type_id)
{
	sqlite3_stmt *st;
	int found;

	if ((st = db_prepare(db, "SELECT 1 FROM doc_types WHERE id = ?1")) ==
	    NULL)
		return 0;
	db_bind_int(st, 1, type_id);
	found = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	return found;
}

int
docs_places_get(struct db *db, int64_t type_id, struct docs_places *out)
{
	sqlite3_stmt *st;
	int w, k;

	memset(out, 0, sizeof(*out));
	st = db_prepare(db, "SELECT what, page, x1, y1, x2, y2 FROM"
	    " doc_type_sign_places WHERE type_id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, type_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if ((w = docs_place_parse(db_col_text(st, 0))) < 0)
			continue;
		out->p[w].set = 1;
		out->p[w].page = sqlite3_column_int(st, 1);
		for (k = 0; k < 4; k++)
			out->p[w].rect[k] = sqlite3_column_double(st, 2 + k);
	}
	db_done(st);
	return 0;
}

int
docs_place_set(struct db *db, const struct docs_actor *who, int64_t type_id,
    int what, const struct docs_place *p, struct docs_err *err)
{
	sqlite3_stmt *st;
	char detail[160], obj[64];
	int k;

	if (what < 0 || what >= DOCS_PLACE_MAX)
		return docs_err(err, 422, "bad_place", "what", "Vị trí phải là"
		    " leader, seal, number hoặc date");
	if (p != NULL) {
		for (k = 0; k < 4; k++)
			if (!(p->rect[k] >= 0 && p->rect[k] <= 14400))
				return docs_err(err, 422, "bad_rect", "rect",
				    "Tọa độ phải từ 0 tới 14400 điểm");
		if (p->rect[2] <= p->rect[0] || p->rect[3] <= p->rect[1])
			return docs_err(err, 422, "bad_rect", "rect", "Khung"
			    " phải có x2 > x1 và y2 > y1");
		if (p->page < 0 || p->page > 10000)
			return docs_err(err, 422, "bad_page", "page", "Trang"
			    " phải từ 0 (trang cuối, hoặc trang đầu với số và"
			    " ngày) tới 10000");
		st = db_prepare(db, "INSERT INTO doc_type_sign_places (type_id,"
		    " what, page, x1, y1, x2, y2, updated_at) VALUES (?1, ?2,"
		    " ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (type_id, what) DO"
		    " UPDATE SET page = excluded.page, x1 = excluded.x1,"
		    " y1 = excluded.y1, x2 = excluded.x2, y2 = excluded.y2,"
		    " updated_at = excluded.updated_at");
	} else
		st = db_prepare(db, "DELETE FROM doc_type_sign_places WHERE"
		    " type_id = ?1 AND what = ?2");
	if (st == NULL)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	db_bind_int(st, 1, type_id);
	db_bind_text(st, 2, place_names[what]);
	if (p != NULL) {
		db_bind_int(st, 3, p->page);
		for (k = 0; k < 4; k++)
			sqlite3_bind_double(st, 4 + k, p->rect[k]);
		db_bind_int(st, 8, time(NULL));
	}
	if (db_step_done(st) < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	if (p != NULL)
		snprintf(detail, sizeof(detail), "%s page %d [%.1f %.1f %.1f"
		    " %.1f]", place_names[what], p->page, p->rect[0],
		    p->rect[1], p->rect[2], p->rect[3]);
	else
		snprintf(detail, sizeof(detail), "%s default",
		    place_names[what]);
	snprintf(obj, sizeof(obj), "doc_type:%" PRId64, type_id);
	if (audit_record(db, who->id, who->name, who->ip ? who->ip : "",
	    "docs.type.sign_place", obj, detail) < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	return 0;
}

/* ---- the body's seal key -------------------------------------------- */

int
docs_seal_key_get(struct db *db, int64_t unit_id, struct docs_seal_key *k)
{
	sqlite3_stmt *st;
	int found = 0;

	memset(k, 0, sizeof(*k));
	st = db_prepare(db, "SELECT key_uri, module, cert_path, chain_path,"
	    " image_path FROM doc_seal_keys WHERE unit_id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, unit_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(k->key_uri, sizeof(k->key_uri), "%s", db_col_text(st, 0));
		snprintf(k->module, sizeof(k->module), "%s", db_col_text(st, 1));
		snprintf(k->cert, sizeof(k->cert), "%s", db_col_text(st, 2));
		snprintf(k->chain, sizeof(k->chain), "%s", db_col_text(st, 3));
		snprintf(k->image, sizeof(k->image), "%s", db_col_text(st, 4));
		found = 1;
	}
	db_done(st);
	return found;
}

int
docs_seal_key_set(struct db *db, const struct docs_actor *who,
    int64_t unit_id, const struct docs_seal_key *k, struct docs_err *err)
{
	sqlite3_stmt *st;
	char obj[64];

	if (k == NULL) {
		st = db_prepare(db, "DELETE FROM doc_seal_keys WHERE"
		    " unit_id = ?1");
		if (st == NULL)
			return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
		db_bind_int(st, 1, unit_id);
	} else {
		if (strncmp(k->key_uri, "pkcs11:", 7) != 0)
			return docs_err(err, 422, "key_not_token", "key", "Khóa"
			    " của cơ quan phải nằm trong token hoặc HSM (URI"
			    " pkcs11:...), không phải tệp khóa");
		if (strstr(k->key_uri, "pin-value") != NULL)
			return docs_err(err, 422, "pin_in_uri", "key", "Không"
			    " lưu mã PIN trong cấu hình: đặt biến môi trường"
			    " CONGSO_PIN cho máy chủ, hoặc pin-source=file:...");
		if (k->module[0] == '\0' || k->cert[0] == '\0')
			return docs_err(err, 422, "missing", "module", "Cần"
			    " thư viện PKCS#11 và chứng thư số của cơ quan");
		st = db_prepare(db, "INSERT INTO doc_seal_keys (unit_id,"
		    " key_uri, module, cert_path, chain_path, image_path,"
		    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
		    " ON CONFLICT (unit_id) DO UPDATE SET key_uri ="
		    " excluded.key_uri, module = excluded.module, cert_path ="
		    " excluded.cert_path, chain_path = excluded.chain_path,"
		    " image_path = excluded.image_path, updated_at ="
		    " excluded.updated_at");
		if (st == NULL)
			return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
		db_bind_int(st, 1, unit_id);
		db_bind_text(st, 2, k->key_uri);
		db_bind_text(st, 3, k->module);
		db_bind_text(st, 4, k->cert);
		db_bind_text(st, 5, k->chain);
		db_bind_text(st, 6, k->image);
		db_bind_int(st, 7, time(NULL));
	}
	if (db_step_done(st) < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	snprintf(obj, sizeof(obj), "unit:%" PRId64, unit_id);
	if (audit_record(db, who->id, who->name, who->ip ? who->ip : "",
	    k ? "docs.seal_key.set" : "docs.seal_key.remove", obj,
	    k ? k->key_uri : "") < 0)
		return docs_err(err, 500, "internal", NULL, "Lỗi hệ thống");
	return 0;
}

/* ---- at issue ------------------------------------------------------- */

int
docs_after_issue(struct db *db, int64_t doc_id, int64_t body, int send)
{
	struct docs_seal_key k;
	char payload[96];
	int rc;

	if ((rc = docs_seal_key_get(db, body, &k)) < 0)
		return -1;
	snprintf(payload, sizeof(payload), "{\"doc\":%" PRId64 ",\"send\":%d}",
	    doc_id, send != 0);
	if (rc == 1)
		return jobs_enqueue(db, "docs.seal", payload, 0);
	if (send)
		return jobs_enqueue(db, "docs.issued", payload, 0);
	return 0;
}

struct seal_doc {
	int64_t		 body, type_id;
	char		 notation[128];
	char		 date[16];
};

static int
seal_doc(struct db *db, int64_t id, struct seal_doc *d)
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, "SELECT unit_id, type_id, notation, doc_date FROM"
	    " documents WHERE id = ?1 AND state = 'issued'");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		d->body = sqlite3_column_int64(st, 0);
		d->type_id = sqlite3_column_int64(st, 1);
		snprintf(d->notation, sizeof(d->notation), "%s",
		    db_col_text(st, 2));
		snprintf(d->date, sizeof(d->date), "%s", db_col_text(st, 3));
		rc = 0;
	}
	db_done(st);
	return rc;
}

/* The next PDF attachment of the document not sealed yet: 1 found, 0
 * none, -1 error. */
static int
next_unsealed(struct db *db, int64_t doc, int64_t *file, char hash[65])
{
	sqlite3_stmt *st;
	int rc = 0;

	st = db_prepare(db, "SELECT a.id, a.hash FROM doc_attachments a"
	    " WHERE a.doc_id = ?1 AND a.mime = 'application/pdf' AND NOT"
	    " EXISTS (SELECT 1 FROM doc_seals s WHERE s.file_id = a.id)"
	    " ORDER BY a.id LIMIT 1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, doc);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*file = sqlite3_column_int64(st, 0);
		snprintf(hash, 65, "%s", db_col_text(st, 1));
		rc = 1;
	}
	db_done(st);
	return rc;
}

static void
use_place(const struct docs_place *p, int *page, double rect[4], int *has)
{
	if (!p->set)
		return;
	*page = p->page;
	memcpy(rect, p->rect, sizeof(p->rect));
	*has = 1;
}

/* Sign one stored PDF into a new file of the data folder's tmp/. */
static int
seal_one(const struct seal_doc *d, const struct docs_seal_key *k,
    const struct docs_places *pl, const char *in, char *out, size_t outlen,
    struct buf *err)
{
	struct sign_opts o;
	char e[SIGN_ERR_MAX];
	int fd;

	snprintf(out, outlen, "%s/tmp/seal-XXXXXX", data_dir());
	if ((fd = mkstemp(out)) < 0) {
		buf_printf(err, "mkstemp: %s", out);
		return -1;
	}
	close(fd);
	memset(&o, 0, sizeof(o));
	o.key = k->key_uri;
	o.module = k->module;
	o.cert = k->cert;
	o.chain = k->chain[0] ? k->chain : NULL;
	o.image = k->image[0] ? k->image : NULL;
	o.role = SIGN_ROLE_SEAL;
	o.reason = "Ban hành";
	o.number = d->notation;
	o.date = d->date;
	o.tsa_url = getenv("CONGSO_TSA_URL");
	use_place(&pl->p[DOCS_PLACE_SEAL], &o.page, o.rect, &o.has_rect);
	if (!o.has_rect && pl->p[DOCS_PLACE_LEADER].set) {
		/* The seal, about 36 mm, over the left third of the leader's
		 * signature wherever the type puts it. */
		const double *r = pl->p[DOCS_PLACE_LEADER].rect;
		double dia = 36 / 25.4 * 72;
		double cx = r[0] + (r[2] - r[0]) / 3, cy = (r[1] + r[3]) / 2;

		o.page = pl->p[DOCS_PLACE_LEADER].page;
		o.rect[0] = cx - dia / 2;
		o.rect[1] = cy - dia / 2;
		o.rect[2] = cx + dia / 2;
		o.rect[3] = cy + dia / 2;
		o.has_rect = 1;
	}
	use_place(&pl->p[DOCS_PLACE_NUMBER], &o.stamp_page, o.num_rect,
	    &o.has_num_rect);
	use_place(&pl->p[DOCS_PLACE_DATE], &o.stamp_page, o.date_rect,
	    &o.has_date_rect);
	o.no_fsync = 1;		/* blob_put_file() flushes what it keeps */
	if (sign_pdf(in, out, &o, e, sizeof(e)) < 0) {
		unlink(out);
		buf_printf(err, "ký số của cơ quan không thành: %s", e);
		return -1;
	}
	return 0;
}

/* Store the sealed file as the attachment's, in one transaction. */
static int
seal_store(struct db *db, int64_t doc, int64_t file, const char *path)
{
	struct docs_actor sys = { 0 };
	sqlite3_stmt *st;
	char hash[65];

	sys.name = "seal";
	sys.full_name = "Chữ ký số của cơ quan";
	sys.ip = "";
	if (db_begin(db) < 0)
		return -1;
	if (blob_put_file(db, path, "application/pdf", hash) < 0)
		goto fail;
	st = db_prepare(db, "UPDATE doc_attachments SET hash = ?2, size ="
	    " (SELECT size FROM blobs WHERE hash = ?2) WHERE id = ?1");
	if (st == NULL)
		goto fail;
	db_bind_int(st, 1, file);
	db_bind_text(st, 2, hash);
	if (db_step_done(st) < 0)
		goto fail;
	st = db_prepare(db, "INSERT INTO doc_seals (file_id, doc_id,"
	    " signed_hash, at) VALUES (?1, ?2, ?3, ?4)");
	if (st == NULL)
		goto fail;
	db_bind_int(st, 1, file);
	db_bind_int(st, 2, doc);
	db_bind_text(st, 3, hash);
	db_bind_int(st, 4, time(NULL));
	if (db_step_done(st) < 0 || docs_record(db, &sys, doc, "sealed",
	    hash) < 0 || db_commit(db) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	unlink(path);
	return -1;
}

int
docs_job_seal(struct db *db, const char *payload, struct buf *err)
{
	struct docs_places pl;
	struct docs_seal_key k;
	struct seal_doc d;
	char out[4096], hash[65], next[96];
	json_t *j;
	int64_t doc, file;
	int send, rc;

	if ((j = json_loads(payload, 0, NULL)) == NULL) {
		buf_printf(err, "bad payload");
		return -1;
	}
	doc = json_integer_value(json_object_get(j, "doc"));
	send = json_is_true(json_object_get(j, "send")) ||
	    json_integer_value(json_object_get(j, "send")) == 1;
	json_decref(j);
	if (seal_doc(db, doc, &d) < 0) {
		buf_printf(err, "document %" PRId64 " is not issued", doc);
		return -1;
	}
	if ((rc = docs_seal_key_get(db, d.body, &k)) < 0 ||
	    docs_places_get(db, d.type_id, &pl) < 0) {
		buf_printf(err, "database");
		return -1;
	}
	while (rc == 1 && (rc = next_unsealed(db, doc, &file, hash)) == 1) {
		struct blob_file in;

		if (blob_open(db, hash, &in) < 0 ||
		    seal_one(&d, &k, &pl, in.path, out, sizeof(out), err) < 0) {
			blob_close(&in);
			return -1;
		}
		blob_close(&in);
		if (seal_store(db, doc, file, out) < 0) {
			buf_printf(err, "database");
			return -1;
		}
		log_info("document %" PRId64 " file %" PRId64 " sealed", doc,
		    file);
	}
	if (rc < 0) {
		buf_printf(err, "database");
		return -1;
	}
	if (!send)
		return 0;
	/* Sent once sealed, so that recipients get the signed file. */
	snprintf(next, sizeof(next), "{\"doc\":%" PRId64 "}", doc);
	if (db_begin(db) < 0 || jobs_enqueue(db, "docs.issued", next, 0) < 0 ||
	    db_commit(db) < 0) {
		db_rollback(db);
		buf_printf(err, "database");
		return -1;
	}
	return 0;
}
