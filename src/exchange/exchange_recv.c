/* exchange_recv.c - taking a package from another instance or a hub:
 * its identity (SHA-256 of the bytes), its signature chained to the
 * trust store (and to the pinned certificate of the sender's peer), the
 * rules of QCVN 102, then in one transaction: a document for units of
 * this instance becomes an external document with a receipt per unit
 * and status 01 goes back; a recall, update or replace waits for the
 * receiving clerk; a status joins the history of the document sent. A
 * package refused is kept with its reason for the admin page. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>


#include "core/blob.h"
#include "core/data.h"
#include "core/jobs.h"
#include "core/log.h"
#include "docs/docs.h"
#include "edxml.h"
#include "exchange_int.h"
#include "sign/sign.h"

static void
ack_fail(struct exchange_ack *ack, int status, const char *code,
    const char *fmt, const char *detail)
{
	ack->status = status;
	ack->code = code;
	snprintf(ack->message, sizeof(ack->message), fmt, detail ? detail : "");
}

/* Remove the attachment files the reader decoded. */
static void
drop_atts(struct edxml_doc *d)
{
	int i;

	for (i = 0; i < d->natt; i++)
		if (d->att[i].path) {
			unlink(d->att[i].path);
			d->att[i].path = NULL;
		}
}

void
exchange_doc_in(const struct edxml_doc *d, char date[11],
    struct docs_exchange_in *in)
{
	memset(in, 0, sizeof(*in));
	in->issuer_name = d->from.organ_name && *d->from.organ_name ?
	    d->from.organ_name : d->from.organ_id;
	in->issuer_code = d->from.organ_id;
	in->type_code = d->type;
	in->type_name = d->type_name;
	in->number = d->code_number ? atoi(d->code_number) : 0;
	in->summary = d->subject;
	in->content = d->content;
	in->signer = d->signer_full_name;
	in->urgency = d->priority ? atoi(d->priority) : 0;
	if (in->urgency < 0 || in->urgency >= DOCS_URGENCY_MAX)
		in->urgency = 0;
	if (d->promulgation_date == NULL ||
	    exchange_date_from_edxml(d->promulgation_date, date) < 0)
		date[0] = '\0';
	in->doc_date = date;
}

int
exchange_settle_atts(const struct edxml_doc *d)
{
	int i;

	for (i = 0; i < d->natt; i++)
		if (d->att[i].path != NULL && blob_settle_path(d->att[i].path,
		    (int64_t)d->att[i].size) < 0)
			return -1;
	return 0;
}

int
exchange_store_atts(struct db *db, struct arena *a, struct edxml_doc *d,
    struct docs_exchange_in *in)
{
	char hash[65];
	int i;

	for (i = 0; i < d->natt && i < DOCS_EXCHANGE_ATT_MAX; i++) {
		const char *mime = d->att[i].content_type ?
		    d->att[i].content_type : "application/octet-stream";

		if (d->att[i].data != NULL) {
			if (blob_put_hashed(db, d->att[i].data,
			    d->att[i].size, d->att[i].sha256, mime, hash) < 0)
				return -1;
		} else if (d->att[i].path == NULL)
			continue;
		/* Settled by exchange_settle_atts(). */
		else if (blob_put_known(db, d->att[i].path, d->att[i].sha256,
		    (int64_t)d->att[i].size, 1, mime, hash) < 0)
			return -1;
		d->att[i].path = NULL;
		in->att[in->natt].hash = arena_strdup(a, hash);
		in->att[in->natt].filename = d->att[i].name && *d->att[i].name ?
		    d->att[i].name : d->att[i].content_id;
		in->att[in->natt].mime = d->att[i].content_type;
		in->att[in->natt].size = (long)d->att[i].size;
		in->natt++;
	}
	return 0;
}

/* The bodies of this instance among the package's receivers (units in
 * force, a division standing for its body). */
static int
our_units(struct db *db, const struct edxml_doc *d, int64_t *units,
    const char **codes)
{
	int64_t body;
	int i, k, n = 0;

	for (i = 0; i < d->nto; i++) {
		if (d->to[i].organ_id == NULL || docs_body_by_code(db,
		    d->to[i].organ_id, &body) != 0)
			continue;
		for (k = 0; k < n && units[k] != body; k++)
			;
		if (k == n) {
			codes[n] = d->to[i].organ_id;
			units[n++] = body;
		}
	}
	return n;
}

/* Move the package file (settled: an upload, or a pulled file) into the
 * blob store under the hash taken when it arrived. */
static int
put_package(struct db *db, const char *path, const char *sha, long size,
    char hash[65])
{
	return blob_put_known(db, path, sha, size, 1, "application/xml", hash);
}

/* A transaction opened here with the package's file moved into the
 * blob store: 0 with the transaction open, or -1 with it closed and the
 * answer in `ack`. */
static int
begin_package(struct db *db, char *path, long size, struct exchange_ack *ack)
{
	char hash[65];

	if (db_begin(db) < 0) {
		ack_fail(ack, 503, "busy", "Hệ thống bận, gửi lại sau%s", "");
		return -1;
	}
	if (put_package(db, path, ack->sha256, size, hash) < 0) {
		db_rollback(db);
		ack_fail(ack, 503, "internal", "Lỗi lưu gói, gửi lại sau%s", "");
		return -1;
	}
	path[0] = '\0';	/* moved into the blob store */
	return 0;
}

/* The package's row (filled by the caller; direction, hash and size set
 * here) inserted in the transaction of begin_package: 0 with it still
 * open. Otherwise it is rolled back, the answer is in `ack` (the same
 * package registered at this very moment is answered again as done) and
 * -1 is returned. */
static int
insert_package(struct db *db, long size, struct exchange_pkg *p,
    struct exchange_ack *ack)
{
	int rc;

	p->direction = "in";
	p->sha256 = ack->sha256;
	p->size = size;
	if ((rc = exchange_pkg_insert(db, p)) == 0)
		return 0;
	db_rollback(db);
	if (rc > 0) {
		ack->status = 200;
		ack->duplicate = 1;
	} else
		ack_fail(ack, 503, "internal", "Lỗi lưu gói, gửi lại sau%s", "");
	return -1;
}

/* begin_package, then insert_package. */
static int
open_package(struct db *db, char *path, long size, struct exchange_pkg *p,
    struct exchange_ack *ack)
{
	if (begin_package(db, path, size, ack) < 0)
		return -1;
	return insert_package(db, size, p, ack);
}

/* Keep a refused package and its reason. */
static void
keep_refused(struct db *db, char *path, const char *sha, long size,
    const char *from, const char *to, const char *kind, const char *why)
{
	struct exchange_pkg p;
	char hash[65];

	memset(&p, 0, sizeof(p));
	p.direction = "in";
	p.kind = kind;
	p.sha256 = sha;
	p.from_code = from;
	p.to_code = to;
	p.size = size;
	p.state = "refused";
	p.last_error = why;
	if (db_begin(db) < 0)
		return;
	/* The file is kept when it can be; the reason always. */
	if (*path && put_package(db, path, sha, size, hash) == 0)
		path[0] = '\0';
	if (exchange_pkg_insert(db, &p) < 0 || db_commit(db) < 0)
		db_rollback(db);
}

static int
queue_status(struct db *db, int64_t receipt, const char *code,
    const char *description)
{
	json_t *j;
	char *payload;
	int rc;

	j = json_pack("{sI ss ss}", "receipt", (json_int_t)receipt, "code",
	    code, "description", description ? description : "");
	if (j == NULL || (payload = json_dumps(j, JSON_COMPACT)) == NULL) {
		json_decref(j);
		return -1;
	}
	json_decref(j);
	rc = jobs_enqueue(db, "exchange.status", payload, 0);
	free(payload);
	return rc;
}

int
exchange_queue_status(struct db *db, int64_t receipt, const char *code,
    const char *description)
{
	return queue_status(db, receipt, code, description);
}

/* A new document for units here. */
static void
take_doc(struct db *db, struct arena *a, char *path, long size,
    struct edxml_pkg *pkg, struct exchange_ack *ack)
{
	struct edxml_doc *d = &pkg->doc;
	struct docs_exchange_in in;
	struct docs_err e = { 0 };
	struct exchange_pkg p;
	int64_t units[EDXML_TO_MAX], receipts[EDXML_TO_MAX], doc;
	const char *codes[EDXML_TO_MAX];
	char date[11];
	int n, i;

	if ((n = our_units(db, d, units, codes)) == 0) {
		drop_atts(d);
		ack_fail(ack, 404, "no_receiver", "Không nhận gói này: không"
		    " đơn vị nhận nào (%s) thuộc hệ thống này", d->to[0].organ_id);
		return;
	}
	exchange_doc_in(d, date, &in);
	in.notation = arena_printf(a, "%s%s%s", d->code_number ?
	    d->code_number : "", d->code_number && *d->code_number ? "/" : "",
	    d->code_notation ? d->code_notation : "");
	memset(&p, 0, sizeof(p));
	p.kind = "doc";
	p.from_code = d->from.organ_id;
	p.to_code = codes[0];
	p.document_id = d->document_id;
	p.notation = in.notation;
	p.doc_date = d->promulgation_date;
	p.business = 0;
	p.state = "registered";
	/* The document first, so that the package's row is written once,
	 * with it; a package registered by another request at this very
	 * moment is found at the row's insert, and all is undone. */
	if (begin_package(db, path, size, ack) < 0) {
		drop_atts(d);
		return;
	}
	if (exchange_store_atts(db, a, d, &in) < 0)
		goto fail;
	if (docs_exchange_receive(db, &in, units, n, &doc, receipts, &e) < 0) {
		db_rollback(db);
		drop_atts(d);
		if (e.status >= 500) {
			ack_fail(ack, 503, "internal", "Lỗi lưu văn bản, gửi lại"
			    " sau%s", "");
			return;
		}
		ack_fail(ack, 400, "rules", "Gói không đúng quy định: %s",
		    e.message);
		return;
	}
	p.doc_id = doc;
	p.receipt_id = receipts[0];
	if (insert_package(db, size, &p, ack) < 0) {
		drop_atts(d);
		return;
	}
	for (i = 0; i < n; i++)
		if (exchange_receipt_link(db, receipts[i], p.id) < 0 ||
		    queue_status(db, receipts[i], EDXML_ST_ARRIVED,
		    "Đã đến hệ thống của đơn vị nhận") < 0)
			goto fail;
	if (db_commit(db) < 0)
		goto fail;
	ack->status = 200;
	return;
fail:
	db_rollback(db);
	drop_atts(d);
	ack_fail(ack, 503, "internal", "Lỗi lưu gói, gửi lại sau%s", "");
}

/* A recall, update or replace of a document received here before. */
static void
take_request(struct db *db, struct arena *a, char *path, long size,
    struct edxml_pkg *pkg, struct exchange_ack *ack)
{
	struct edxml_doc *d = &pkg->doc;
	struct exchange_pkg p;
	int64_t receipts[64];
	int n, i;

	(void)a;
	drop_atts(d);	/* read again from the stored package if agreed */
	if (exchange_receipts_of(db, d->document_id, d->from.organ_id,
	    receipts, 64, &n) < 0) {
		ack_fail(ack, 503, "internal", "Lỗi hệ thống%s", "");
		return;
	}
	if (n == 0) {
		ack_fail(ack, 404, "unknown_document", "Không có văn bản %s"
		    " đã nhận từ đơn vị gửi để thu hồi, cập nhật hay thay thế",
		    d->document_id);
		return;
	}
	memset(&p, 0, sizeof(p));
	p.kind = "doc";
	p.from_code = d->from.organ_id;
	p.to_code = d->to[0].organ_id;
	p.document_id = d->document_id;
	p.business = d->business;
	p.state = "received";
	if (open_package(db, path, size, &p, ack) < 0)
		return;
	for (i = 0; i < n; i++)
		if (exchange_request_add(db, p.id, receipts[i], d->business,
		    d->business_info) < 0)
			goto fail;
	if (db_commit(db) < 0)
		goto fail;
	ack->status = 200;
	return;
fail:
	db_rollback(db);
	ack_fail(ack, 503, "internal", "Lỗi lưu gói, gửi lại sau%s", "");
}

/* A status from a recipient of a document sent from here. */
static void
take_status(struct db *db, struct arena *a, char *path, long size,
    struct edxml_pkg *pkg, struct exchange_ack *ack)
{
	struct edxml_status *s = &pkg->status;
	struct exchange_pkg sent, p;
	int rc;

	if ((rc = exchange_pkg_sent(db, a, s->response_for.document_id,
	    s->from.organ_id, &sent)) != 0) {
		if (rc < 0)
			ack_fail(ack, 503, "internal", "Lỗi hệ thống%s", "");
		else
			ack_fail(ack, 404, "unknown_document", "Không có văn"
			    " bản %s do hệ thống này gửi tới đơn vị báo trạng"
			    " thái", s->response_for.document_id);
		return;
	}
	memset(&p, 0, sizeof(p));
	p.kind = "status";
	p.doc_id = sent.doc_id;
	p.from_code = s->from.organ_id;
	p.to_code = s->response_for.organ_id;
	p.document_id = s->response_for.document_id;
	p.notation = sent.notation;
	p.doc_date = sent.doc_date;
	p.status_code = s->status_code;
	p.state = "received";
	if (open_package(db, path, size, &p, ack) < 0)
		return;
	if (exchange_status_add(db, sent.doc_id, s->from.organ_id,
	    s->status_code, s->description, s->staff, s->staff_department,
	    (long)time(NULL), p.id) < 0 || db_commit(db) < 0)
		goto fail;
	ack->status = 200;
	return;
fail:
	db_rollback(db);
	ack_fail(ack, 503, "internal", "Lỗi lưu gói, gửi lại sau%s", "");
}

void
exchange_receive(struct db *db, char *path, const char *sha256,
    struct exchange_ack *ack)
{
	struct arena a = ARENA_INIT;
	struct edxml_sigcheck chk;
	struct edxml_pkg *pkg;
	struct exchange_pkg old;
	struct exchange_peer peer;
	X509_STORE *store = NULL;
	const char *req, *from = "", *to = "", *kind = "doc";
	char err[EDXML_ERR_MAX], tmpdir[4096];
	int64_t size;
	int require;

	memset(ack, 0, sizeof(*ack));
	memset(&chk, 0, sizeof(chk));
	if (blob_hash_known(path, sha256, ack->sha256, &size) < 0) {
		ack_fail(ack, 503, "internal", "Không đọc được gói%s", "");
		goto out;
	}
	switch (exchange_pkg_received(db, &a, ack->sha256, &old)) {
	case 0:
		ack->status = 200;
		ack->duplicate = 1;
		goto out;
	case 1:
		break;
	default:
		ack_fail(ack, 503, "internal", "Lỗi hệ thống%s", "");
		goto out;
	}
	req = db_setting(db, &a, "exchange.require_signature");
	require = req == NULL || strcmp(req, "0") != 0;
	if ((store = sign_trust_shared(db, err, sizeof(err))) == NULL) {
		ack_fail(ack, 503, "internal", "Kho chứng thư: %s", err);
		goto out;
	}
	pkg = arena_alloc(&a, sizeof(*pkg));
	/* The signature checked and the package read in one parse, to know
	 * the sender (for the refused inbox too). A package kept in the
	 * database has its attachments read into memory (each is smaller
	 * than the package). */
	snprintf(tmpdir, sizeof(tmpdir), "%s/tmp", data_dir());
	switch (edxml_verify_read(path, store, &chk, &a, size <=
	    blob_inline_max() ? EDXML_IN_MEMORY : tmpdir, pkg, err,
	    sizeof(err))) {
	case 0:
		break;
	case -1:
		ack_fail(ack, 400, "not_edxml", "Không phải gói edXML: %s", err);
		goto refuse;
	default:
		ack_fail(ack, 400, "rules", "Gói không đúng quy định: %s", err);
		goto refuse;
	}
	if (pkg->kind == EDXML_KIND_DOC && exchange_settle_atts(&pkg->doc) < 0) {
		ack_fail(ack, 503, "internal", "Không ghi được tệp đính kèm%s",
		    "");
		drop_atts(&pkg->doc);
		goto out;
	}
	kind = pkg->kind == EDXML_KIND_DOC ? "doc" : "status";
	if (pkg->kind == EDXML_KIND_DOC) {
		from = pkg->doc.from.organ_id ? pkg->doc.from.organ_id : "";
		to = pkg->doc.nto && pkg->doc.to[0].organ_id ?
		    pkg->doc.to[0].organ_id : "";
	} else {
		from = pkg->status.from.organ_id ? pkg->status.from.organ_id :
		    "";
		to = pkg->status.response_for.organ_id ?
		    pkg->status.response_for.organ_id : "";
	}
	if (!chk.present && require) {
		ack_fail(ack, 403, "unsigned", "Gói không có chữ ký số%s", "");
		goto refuse_read;
	}
	if (chk.present && !chk.intact) {
		ack_fail(ack, 403, "signature_invalid", "Chữ ký số của gói không"
		    " còn nguyên vẹn: %s", chk.reason);
		goto refuse_read;
	}
	if (chk.present && !chk.trusted) {
		ack_fail(ack, 403, "untrusted", "Chứng thư ký gói không được tin"
		    " cậy: %s", chk.reason);
		goto refuse_read;
	}
	if (exchange_peer_for(db, &a, from, &peer) == 0 &&
	    *peer.cert_sha256 && (!chk.present ||
	    strcasecmp(peer.cert_sha256, chk.cert_sha256) != 0)) {
		ack_fail(ack, 403, "not_pinned", "Gói không được ký bằng chứng"
		    " thư đã ghi cho đơn vị gửi %s", from);
		goto refuse_read;
	}
	if (pkg->kind == EDXML_KIND_STATUS)
		take_status(db, &a, path, size, pkg, ack);
	else if (pkg->doc.business == EDXML_NEW)
		take_doc(db, &a, path, size, pkg, ack);
	else
		take_request(db, &a, path, size, pkg, ack);
	if (ack->status >= 400 && ack->status < 500)
		goto refuse;
	goto out;
refuse_read:
	if (pkg->kind == EDXML_KIND_DOC)
		drop_atts(&pkg->doc);
refuse:
	log_info("package %.16s refused: %s", ack->sha256, ack->message);
	keep_refused(db, path, ack->sha256, size, from, to, kind,
	    ack->message);
out:
	X509_free(chk.cert);
	X509_STORE_free(store);
	arena_release(&a);
}
