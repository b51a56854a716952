/* exchange_send.c - building the packages this instance sends: one
 * signed document package per receiving unit of an issued document, and
 * status packages back to the senders of documents received here. Each
 * package is written to a temporary file, signed with the instance's
 * exchange key (settings exchange.key, exchange.cert_pem, exchange.chain_pem,
 * exchange.pkcs11_module), stored in the blob store and queued for
 * delivery, in one transaction per package. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "core/blob.h"
#include "core/data.h"
#include "core/jobs.h"
#include "core/log.h"
#include "directory/directory.h"
#include "docs/docs.h"
#include "edxml.h"
#include "exchange_int.h"
#include "sign/sign.h"

struct signer {
	struct edxml_signer	 s;
	int			 on;
};

static void
signer_close(struct signer *sg)
{
	if (sg->s.key)
		sign_key_free(sg->s.key);
	X509_free(sg->s.cert);
	if (sg->s.chain)
		sk_X509_pop_free(sg->s.chain, X509_free);
	memset(sg, 0, sizeof(*sg));
}

/* The instance's signer from settings; on 0 with sg->on 0 when none is
 * set (packages then go unsigned). -1 with `err`. */
static int
signer_open(struct db *db, struct signer *sg, struct buf *err)
{
	struct arena a = ARENA_INIT;
	const char *key, *cert, *chain, *module;
	char why[SIGN_ERR_MAX];
	BIO *b = NULL;
	X509 *x;
	int rc = -1;

	memset(sg, 0, sizeof(*sg));
	key = db_setting(db, &a, "exchange.key");
	cert = db_setting(db, &a, "exchange.cert_pem");
	chain = db_setting(db, &a, "exchange.chain_pem");
	module = db_setting(db, &a, "exchange.pkcs11_module");
	if (key == NULL || cert == NULL) {
		arena_release(&a);
		return 0;
	}
	if ((b = BIO_new_mem_buf(cert, -1)) == NULL ||
	    (sg->s.cert = PEM_read_bio_X509(b, NULL, NULL, NULL)) == NULL) {
		buf_adds(err, "chứng thư của khóa liên thông không đọc được");
		goto out;
	}
	BIO_free(b);
	b = NULL;
	if (chain && *chain) {
		sg->s.chain = sk_X509_new_null();
		if ((b = BIO_new_mem_buf(chain, -1)) == NULL || !sg->s.chain)
			goto out;
		while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL)
			sk_X509_push(sg->s.chain, x);
		ERR_clear_error();	/* the end of the file */
	}
	if (sign_key_open(key, module && *module ? module : NULL, &sg->s.key,
	    why, sizeof(why)) < 0) {
		buf_printf(err, "khóa liên thông: %s", why);
		goto out;
	}
	sg->on = 1;
	rc = 0;
out:
	BIO_free(b);
	if (rc < 0)
		signer_close(sg);
	arena_release(&a);
	return rc;
}

/* A new empty temporary file in the data folder's tmp/. */
static int
tmp_file(char *path, size_t len)
{
	int fd;

	snprintf(path, len, "%s/tmp/exchange-XXXXXX", data_dir());
	if ((fd = mkstemp(path)) < 0)
		return -1;
	close(fd);
	return 0;
}

/* A status package is a few kilobytes (its description is cut at 500
 * characters); a signed one, with its certificate chain, well under
 * this. */
#define STATUS_PKG_MAX	(64 * 1024)

/* Where a status package is written: a memory file when the blob store
 * keeps a package of STATUS_PKG_MAX bytes in the database (by default:
 * then no file is made and removed on the disk for it), else a new
 * temporary file. `*mfd` is the memory file's descriptor, or -1. */
static int
status_file(char *path, size_t len, int *mfd)
{
	*mfd = -1;
	if (blob_inline_max() < STATUS_PKG_MAX)
		return tmp_file(path, len);
	*mfd = blob_memfile("status", path, len);
	return *mfd < 0 ? -1 : 0;
}

int
exchange_queue(struct db *db, int64_t package_id)
{
	char payload[64];

	snprintf(payload, sizeof(payload), "{\"package\":%" PRId64 "}",
	    package_id);
	return jobs_enqueue(db, "exchange.deliver", payload, 0);
}

/* A package just written (EDXML_NOSYNC) to a temporary file: its hash
 * and size, and flushed when the blob store will keep it as a file.
 * Before the transaction that stores it. 0 or -1. */
static int
written(const char *path, char sha[65], int64_t *size)
{
	if (blob_hash_file(path, sha, size) < 0 ||
	    blob_settle_path(path, *size) < 0)
		return -1;
	return 0;
}

/* Store the written package and its row, queue it. In a transaction. */
static int
store(struct db *db, const char *path, const char *sha, int64_t size,
    struct exchange_pkg *p)
{
	char hash[65];

	if (blob_put_known(db, path, sha, size, 1, "application/xml",
	    hash) < 0)
		return -1;
	p->sha256 = hash;
	p->size = (long)size;
	p->state = "queued";
	if (exchange_pkg_insert(db, p) != 0)
		return -1;
	p->sha256 = NULL;
	return exchange_queue(db, p->id);
}

/* The parts of "01/QĐ-STTTT": number "01", notation "QĐ-STTTT". */
static void
split_notation(struct arena *a, const char *full, const char **num,
    const char **sym)
{
	const char *slash = strchr(full, '/');

	if (slash == NULL) {
		*num = "";
		*sym = full;
		return;
	}
	*num = arena_strndup(a, full, (size_t)(slash - full));
	*sym = slash + 1;
}

int
exchange_send_doc(struct db *db, int64_t doc_id, int business,
    const char *reason, const char *summary, struct buf *err)
{
	struct arena a = ARENA_INIT;
	struct docs_doc d;
	struct docs_recipient *rc_list;
	struct docs_file *files;
	struct edxml_doc *x;
	struct blob_file *bf = NULL;
	struct signer sg;
	char path[4096], ymd[11], due[11], docid[256], ts[20], why[EDXML_ERR_MAX];
	char subject[2048], content[2048], prio[4], sha[65];
	const char *num, *sym;
	int64_t size;
	int nr, nf, nopen = 0, i, k, sent = 0;

	if (docs_exchange_get(db, &a, doc_id, &d) < 0 ||
	    strcmp(d.state, "issued") != 0 || d.doc_date == NULL) {
		buf_printf(err, "văn bản %" PRId64 " chưa phát hành", doc_id);
		arena_release(&a);
		return -1;
	}
	if ((nr = docs_recipients(db, &a, doc_id, &rc_list)) < 0 ||
	    (nf = docs_files(db, &a, doc_id, &files)) < 0) {
		buf_adds(err, db_errmsg(db));
		arena_release(&a);
		return -1;
	}
	if (signer_open(db, &sg, err) < 0) {
		arena_release(&a);
		return -1;
	}
	/* The attachments, the same for every receiver. */
	if (nf > EDXML_ATT_MAX)
		nf = EDXML_ATT_MAX;
	bf = arena_alloc(&a, sizeof(*bf) * (size_t)(nf ? nf : 1));
	for (nopen = 0; nopen < nf; nopen++)
		if (blob_open(db, files[nopen].hash, &bf[nopen]) < 0) {
			buf_printf(err, "tệp đính kèm %s", files[nopen].filename);
			goto fail;
		}
	split_notation(&a, d.notation, &num, &sym);
	exchange_date_to_edxml(d.doc_date, ymd);
	edxml_document_id(docid, sizeof(docid), d.issuer_code, ymd, num, sym);
	x = arena_alloc(&a, sizeof(*x));
	for (i = 0; i < nr; i++) {
		struct exchange_peer peer;
		struct exchange_pkg p;

		if (rc_list[i].unit_id != 0 || rc_list[i].code == NULL ||
		    *rc_list[i].code == '\0')
			continue;
		if (business == 0 ? strcmp(rc_list[i].state,
		    "pending_exchange") != 0 : strcmp(rc_list[i].state,
		    "sent") != 0)
			continue;
		/* No peer answers for it yet: it stays pending until one is
		 * added (job "exchange.pending"). */
		if (exchange_peer_for(db, &a, rc_list[i].code, &peer) != 0)
			continue;
		memset(x, 0, sizeof(*x));
		x->from.organ_id = d.issuer_code;
		x->from.organ_name = d.issuer_name;
		x->to[0].organ_id = rc_list[i].code;
		x->to[0].organ_name = rc_list[i].name;
		x->nto = 1;
		x->code_number = num;
		x->code_notation = sym;
		x->promulgation_date = ymd;
		x->type = d.type_code;
		x->type_name = d.type_name;
		exchange_utf8_cut(summary && *summary ? summary : d.summary,
		    EDXML_SUBJECT_MAX, subject, sizeof(subject));
		exchange_utf8_cut(d.content, EDXML_CONTENT_MAX, content,
		    sizeof(content));
		x->subject = subject;
		x->content = *content ? content : NULL;
		x->signer_full_name = *d.signer_name ? d.signer_name : NULL;
		if (d.reply_due && exchange_date_to_edxml(d.reply_due, due) == 0)
			x->due_date = due;
		snprintf(prio, sizeof(prio), "%d", d.urgency);
		x->priority = prio;
		x->document_id = docid;
		edxml_timestamp(ts, time(NULL));
		x->trace[0].organ_id = d.issuer_code;
		x->trace[0].timestamp = ts;
		x->ntrace = 1;
		x->business = business;
		x->business_info = reason && *reason ? reason : NULL;
		for (k = 0; k < nf; k++) {
			x->att[k].content_type = files[k].mime;
			x->att[k].content_id = arena_printf(&a, "att%d", k + 1);
			x->att[k].description = files[k].filename;
			x->att[k].name = files[k].filename;
			x->att[k].path = bf[k].path;
		}
		x->natt = k;
		snprintf(why, sizeof(why), "không ghi được tệp tạm");
		if (tmp_file(path, sizeof(path)) < 0 ||
		    edxml_write_doc(path, x, sg.on ? &sg.s : NULL, EDXML_NOSYNC,
		    why, sizeof(why)) < 0 || written(path, sha, &size) < 0) {
			buf_printf(err, "gói văn bản cho %s: %s", rc_list[i].code,
			    why);
			unlink(path);
			goto fail;
		}
		memset(&p, 0, sizeof(p));
		p.direction = "out";
		p.kind = "doc";
		p.doc_id = doc_id;
		p.from_code = d.issuer_code;
		p.to_code = rc_list[i].code;
		p.document_id = docid;
		p.notation = d.notation;
		p.doc_date = ymd;
		p.business = business;
		if (db_begin(db) < 0) {
			unlink(path);
			goto dbfail;
		}
		if (store(db, path, sha, size, &p) < 0 ||
		    (business == 0 && docs_exchange_mark_sent(db, doc_id,
		    rc_list[i].code) < 0) ||
		    (business == 1 && exchange_status_add(db, doc_id,
		    rc_list[i].code, EDXML_ST_RECALL, reason, "", "",
		    (long)time(NULL), p.id) < 0) ||
		    db_commit(db) < 0) {
			db_rollback(db);
			unlink(path);
			goto dbfail;
		}
		sent++;
	}
	for (k = 0; k < nopen; k++)
		blob_close(&bf[k]);
	signer_close(&sg);
	arena_release(&a);
	return sent;
dbfail:
	buf_printf(err, "lưu gói: %s", db_errmsg(db));
fail:
	for (k = 0; k < nopen; k++)
		blob_close(&bf[k]);
	signer_close(&sg);
	arena_release(&a);
	return -1;
}

int
exchange_send_status(struct db *db, int64_t receipt, const char *code,
    const char *description, const char *staff, struct buf *err)
{
	struct arena a = ARENA_INIT;
	struct exchange_pkg in, p;
	struct edxml_status s;
	struct signer sg;
	const char *ucode, *uname;
	char path[4096], ts[20], why[EDXML_ERR_MAX], desc[2048], state[16];
	char sha[65];
	int64_t doc, unit, size;
	int recalled, rc = -1, once, mfd = -1, stored = 0;

	if ((rc = exchange_pkg_of_receipt(db, &a, receipt, &in)) != 0) {
		arena_release(&a);
		if (rc < 0)
			buf_adds(err, db_errmsg(db));
		return rc;
	}
	rc = -1;
	if (docs_exchange_receipt(db, receipt, &doc, &unit, state,
	    &recalled) < 0 || dir_unit_label(db, &a, unit, &ucode, &uname) < 0) {
		buf_printf(err, "không có văn bản đến %" PRId64, receipt);
		arena_release(&a);
		return -1;
	}
	if (signer_open(db, &sg, err) < 0) {
		arena_release(&a);
		return -1;
	}
	memset(&s, 0, sizeof(s));
	s.response_for.organ_id = in.from_code;
	s.response_for.code = in.notation;
	s.response_for.promulgation_date = in.doc_date;
	s.response_for.document_id = in.document_id;
	s.from.organ_id = ucode;
	s.from.organ_name = uname;
	s.status_code = code;
	exchange_utf8_cut(description && *description ? description :
	    edxml_status_label(code), 500, desc, sizeof(desc));
	s.description = desc;
	edxml_timestamp(ts, time(NULL));
	s.timestamp = ts;
	s.staff = staff && *staff ? staff : NULL;
	s.staff_department = uname;
	snprintf(why, sizeof(why), "không ghi được tệp tạm");
	path[0] = '\0';
	if (status_file(path, sizeof(path), &mfd) < 0 ||
	    edxml_write_status(path, &s, sg.on ? &sg.s : NULL, EDXML_NOSYNC,
	    why, sizeof(why)) < 0 || written(path, sha, &size) < 0) {
		buf_printf(err, "gói trạng thái %s: %s", code, why);
		goto out;
	}
	/* A memory file is only kept in the database, not as a file. */
	if (mfd >= 0 && size > blob_inline_max()) {
		buf_printf(err, "gói trạng thái %s: %" PRId64 " byte, quá %"
		    PRId64 " byte lưu được trong cơ sở dữ liệu", code, size,
		    blob_inline_max());
		goto out;
	}
	memset(&p, 0, sizeof(p));
	p.direction = "out";
	p.kind = "status";
	p.receipt_id = receipt;
	p.from_code = ucode;
	p.to_code = in.from_code;
	p.document_id = in.document_id;
	p.notation = in.notation;
	p.doc_date = in.doc_date;
	p.status_code = code;
	/* 01 to 06 go once per receipt; answers to requests each time. */
	once = strcmp(code, "07") < 0;
	if (db_begin(db) < 0) {
		buf_adds(err, db_errmsg(db));
		goto out;
	}
	if (once && (rc = exchange_receipt_mark(db, receipt, code)) != 0) {
		db_rollback(db);
		if (rc > 0)
			rc = 0;	/* reported already */
		else
			buf_adds(err, db_errmsg(db));
		goto out;
	}
	/* Lazy: the job that asked for this status is settled later in
	 * the log; lost with it to a power failure, it runs again (the
	 * receipt's mark is lost too). */
	if (store(db, path, sha, size, &p) < 0 || db_commit_lazy(db) < 0) {
		db_rollback(db);
		buf_printf(err, "lưu gói: %s", db_errmsg(db));
		rc = -1;
		goto out;
	}
	rc = 0;
	stored = 1;	/* the blob store took the file */
out:
	if (mfd >= 0)
		close(mfd);
	else if (!stored && *path)
		unlink(path);
	signer_close(&sg);
	arena_release(&a);
	return rc;
}
