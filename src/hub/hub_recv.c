/* hub_recv.c - accepting a package from a member: the same bytes are
 * answered again as a duplicate; otherwise the signature is checked
 * against the trust store (and the member's pinned certificate), the
 * rules read with attachments skipped, the sender must be one of the
 * member's units and every receiver must have a member; then the file
 * moves into the blob store and the package is logged and routed in one
 * transaction. A refused package is logged with its reason. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>


#include "core/blob.h"
#include "core/log.h"
#include "exchange/edxml.h"
#include "hub/hub_int.h"
#include "sign/sign.h"

static void
result(struct hub_result *res, int status, const char *code,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
result(struct hub_result *res, int status, const char *code,
    const char *fmt, ...)
{
	va_list ap;

	res->status = status;
	res->code = code;
	va_start(ap, fmt);
	vsnprintf(res->message, sizeof(res->message), fmt, ap);
	va_end(ap);
}

/* Log `m` as refused with the result's status and message. */
static void
refuse(struct db *db, struct hub_msg *m, const struct hub_result *res)
{
	m->outcome = "refused";
	m->reason = res->message;
	m->status = res->status;
	if (hub_msg_refused(db, m) < 0)
		log_error("%s: cannot log a refused package", __func__);
}

/* A receiving member and the receivers it answers for. */
struct target {
	int64_t		 member;
	struct buf	 codes;
};

/* Check the signature of the package at `path` into `sc` (the caller
 * frees sc->cert) and read it into `pkg` (attachments skipped), in one
 * parse; -1 (answered) when it is not an edXML package or breaks the
 * rules. */
static int
verify(struct db *db, const char *path, struct edxml_sigcheck *sc,
    struct arena *a, struct edxml_pkg *pkg, struct hub_msg *m,
    struct hub_result *res)
{
	char err[EDXML_ERR_MAX] = "";
	X509_STORE *store;
	int rc;

	memset(sc, 0, sizeof(*sc));
	if ((store = sign_trust_shared(db, err, sizeof(err))) == NULL) {
		log_error("%s: trust store: %s", __func__, err);
		result(res, 503, "trust_store", "Không đọc được kho chứng thư"
		    " tin cậy; hãy thử lại sau");
		return -1;
	}
	rc = edxml_verify_read(path, store, sc, a, NULL, pkg, err,
	    sizeof(err));
	X509_STORE_free(store);
	if (rc == -1) {
		result(res, 400, "not_edxml", "Không phải gói tin edXML: %s",
		    err);
		return -1;
	}
	/* The log keeps the signature's verdict of a package refused for
	 * its rules too. */
	m->sig_present = sc->present;
	m->sig_intact = sc->intact;
	m->sig_trusted = sc->trusted;
	m->signer = sc->subject[0] ? sc->subject : sc->signer;
	m->cert_sha256 = sc->cert_sha256;
	if (rc < 0) {
		result(res, 400, "rules", "Gói tin không đúng quy định: %s",
		    err);
		return -1;
	}
	return 0;
}

/* Whether the signature found may pass; -1 (answered) when not. */
static int
judge(struct db *db, const struct hub_member *from,
    const struct edxml_sigcheck *sc, struct hub_result *res)
{
	if (!sc->present) {
		if (!hub_require_signature(db))
			return 0;
		result(res, 403, "unsigned", "Gói tin không có chữ ký số");
		return -1;
	}
	if (!sc->intact) {
		result(res, 403, "signature_invalid", "Chữ ký số của gói tin"
		    " không còn nguyên vẹn%s%s", sc->reason[0] ? ": " : "",
		    sc->reason);
		return -1;
	}
	if (!sc->trusted) {
		result(res, 403, "untrusted", "Chứng thư ký gói tin không dẫn"
		    " tới gốc tin cậy nào của trục%s%s", sc->reason[0] ? ": " :
		    "", sc->reason);
		return -1;
	}
	if (from->cert_sha256[0] != '\0' &&
	    strcmp(from->cert_sha256, sc->cert_sha256) != 0) {
		result(res, 403, "not_pinned", "Gói tin không được ký bằng"
		    " chứng thư đã đăng ký cho thành viên %s", from->name);
		return -1;
	}
	return 0;
}

/* Group the receivers by member; -1 (answered) when one has none. */
static int
route_all(struct db *db, const char *const *to, int nto,
    struct target *t, int *nt, struct hub_result *res)
{
	int64_t mid;
	int i, k;

	*nt = 0;
	for (i = 0; i < nto; i++) {
		if ((mid = hub_route(db, to[i])) <= 0) {
			if (mid < 0)
				result(res, 503, "busy", "Hệ thống bận, hãy"
				    " thử lại");
			else
				result(res, 404, "no_member", "Không thành viên"
				    " nào của trục nhận cho đơn vị %s", to[i]);
			return -1;
		}
		for (k = 0; k < *nt && t[k].member != mid; k++)
			;
		if (k == *nt) {
			t[k].member = mid;
			buf_init(&t[k].codes, 0);
			(*nt)++;
		} else
			buf_addch(&t[k].codes, ',');
		buf_adds(&t[k].codes, to[i]);
	}
	return 0;
}

static int
store(struct db *db, char *path, struct hub_msg *m, struct target *t,
    int nt, struct hub_result *res)
{
	struct arena a = ARENA_INIT;
	struct hub_member mem;
	char hash[65];
	int i, rc;

	if (db_begin(db) < 0) {
		result(res, 503, "busy", "Hệ thống bận, hãy thử lại");
		return -1;
	}
	if (blob_put_known(db, path, m->sha256, m->size, 1, "application/xml",
	    hash) < 0)
		goto fail;
	path[0] = '\0';		/* moved into the store */
	m->blob = hash;
	m->outcome = "accepted";
	m->status = 200;
	if ((rc = hub_msg_insert(db, m)) < 0)
		goto fail;
	if (rc == 1) {		/* the same bytes, accepted meanwhile */
		db_rollback(db);
		res->duplicate = 1;
		return 0;
	}
	for (i = 0; i < nt; i++)
		if (hub_member_get(db, &a, t[i].member, &mem) != 0 ||
		    hub_delivery_add(db, m->id, t[i].member, t[i].codes.data,
		    mem.url[0] != '\0') < 0)
			goto fail;
	if (db_commit(db) < 0)
		goto fail;
	arena_release(&a);
	return 0;
fail:
	db_rollback(db);
	arena_release(&a);
	result(res, 503, "store_failed", "Không lưu được gói tin; hãy thử lại");
	return -1;
}

void
hub_receive(struct db *db, const struct hub_member *from, const char *ip,
    char *path, const char *sha256, struct hub_result *res)
{
	struct target t[EDXML_TO_MAX];
	const char *to[EDXML_TO_MAX];
	struct arena a = ARENA_INIT;
	struct edxml_sigcheck sc;
	struct edxml_pkg pkg;
	struct hub_msg m;
	struct buf tos = BUF_INIT;
	int64_t id;
	int i, nto = 0, nt = 0;

	memset(res, 0, sizeof(*res));
	memset(&m, 0, sizeof(m));
	memset(&sc, 0, sizeof(sc));
	m.member_id = from->id;
	m.ip = ip;
	m.received_at = time(NULL);
	if (blob_hash_known(path, sha256, m.sha256, &m.size) < 0) {
		result(res, 500, "internal", "Không đọc được gói tin đã nhận");
		return;
	}
	snprintf(res->sha256, sizeof(res->sha256), "%s", m.sha256);
	if (m.size == 0) {
		result(res, 400, "empty", "Gói tin rỗng");
		refuse(db, &m, res);
		return;
	}
	if ((id = hub_msg_accepted_id(db, m.sha256, 1)) != 0) {
		if (id < 0)
			result(res, 503, "busy", "Hệ thống bận, hãy thử lại");
		else {
			res->status = 200;
			res->id = id;
			res->duplicate = 1;
		}
		return;
	}
	if (verify(db, path, &sc, &a, &pkg, &m, res) < 0) {
		if (res->status != 503)
			refuse(db, &m, res);
		goto out;
	}
	if (pkg.kind == EDXML_KIND_DOC) {
		m.kind = "doc";
		m.from_code = pkg.doc.from.organ_id;
		m.document_id = pkg.doc.document_id;
		for (i = 0; i < pkg.doc.nto && i < EDXML_TO_MAX; i++)
			to[nto++] = pkg.doc.to[i].organ_id;
	} else {
		m.kind = "status";
		m.from_code = pkg.status.from.organ_id;
		m.document_id = pkg.status.response_for.document_id;
		m.status_code = pkg.status.status_code;
		to[nto++] = pkg.status.response_for.organ_id;
	}
	for (i = 0; i < nto; i++) {
		if (to[i] == NULL)
			to[i] = "";
		if (i)
			buf_addch(&tos, ',');
		buf_adds(&tos, to[i]);
	}
	m.to_codes = tos.data;
	if (judge(db, from, &sc, res) < 0) {
		refuse(db, &m, res);
		goto out;
	}
	if (m.from_code == NULL || hub_route(db, m.from_code) != from->id) {
		result(res, 403, "sender_not_member", "Đơn vị gửi %s không"
		    " thuộc thành viên %s", m.from_code ? m.from_code : "(trống)",
		    from->name);
		refuse(db, &m, res);
		goto out;
	}
	if (route_all(db, to, nto, t, &nt, res) < 0) {
		if (res->status != 503)
			refuse(db, &m, res);
		goto out;
	}
	if (store(db, path, &m, t, nt, res) < 0)
		goto out;
	res->status = 200;
	res->id = m.id;
out:
	for (i = 0; i < nt; i++)
		buf_release(&t[i].codes);
	buf_release(&tos);
	X509_free(sc.cert);
	arena_release(&a);
}
