/* exchange_decide.c - the receiving clerk's answer to a recall, update
 * or replace asked by the sender of a received document: agreed (15:
 * the receipt leaves every queue, or the document takes the new values)
 * or refused (16, with the reason), each answer sent back. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/blob.h"
#include "core/data.h"
#include "docs/docs.h"
#include "edxml.h"
#include "exchange_int.h"

int
exchange_decide(struct db *db, int64_t id, int agree, const char *reason,
    int64_t actor_id, const char *actor, const char *ip, struct buf *err)
{
	struct arena a = ARENA_INIT;
	struct exchange_request rq;
	struct exchange_pkg p;
	struct edxml_pkg *pkg = NULL;
	struct docs_exchange_in in;
	struct docs_err e = { 0 };
	struct blob_file bf = { .fd = -1 };
	char tmpdir[4096], why[EDXML_ERR_MAX], date[11];
	char object[64];
	int rc = -1, i;

	if (exchange_request_get(db, &a, id, &rq) < 0 ||
	    strcmp(rq.state, "pending") != 0) {
		buf_adds(err, "Không có yêu cầu đang chờ này");
		arena_release(&a);
		return 1;
	}
	if (agree && rq.business != 1) {
		/* The new document: read from the stored package. */
		if (exchange_pkg_get(db, &a, rq.package_id, &p) < 0 ||
		    blob_open(db, p.sha256, &bf) < 0) {
			buf_adds(err, "Không đọc được gói của yêu cầu");
			goto out;
		}
		snprintf(tmpdir, sizeof(tmpdir), "%s/tmp", data_dir());
		pkg = arena_alloc(&a, sizeof(*pkg));
		if (edxml_read(bf.path, &a, tmpdir, pkg, why, sizeof(why)) < 0 ||
		    pkg->kind != EDXML_KIND_DOC) {
			buf_printf(err, "Gói của yêu cầu không đọc được: %s", why);
			pkg = NULL;
			goto out;
		}
		if (exchange_settle_atts(&pkg->doc) < 0) {
			buf_adds(err, "Không ghi được tệp đính kèm");
			goto out;
		}
	}
	if (db_begin(db) < 0) {
		buf_adds(err, db_errmsg(db));
		goto out;
	}
	if (exchange_request_decide(db, id, agree, reason, actor_id) != 0)
		goto fail;
	if (agree && rq.business == 1) {
		if (docs_exchange_recall(db, rq.receipt_id, reason && *reason ?
		    reason : "Đồng ý thu hồi") < 0)
			goto fail;
	} else if (agree) {
		exchange_doc_in(&pkg->doc, date, &in);
		in.notation = arena_printf(&a, "%s%s%s", pkg->doc.code_number ?
		    pkg->doc.code_number : "", pkg->doc.code_number &&
		    *pkg->doc.code_number ? "/" : "", pkg->doc.code_notation ?
		    pkg->doc.code_notation : "");
		if (exchange_store_atts(db, &a, &pkg->doc, &in) < 0)
			goto fail;
		if (docs_exchange_amend(db, rq.receipt_id, &in,
		    rq.business == 3, &e) < 0) {
			buf_adds(err, e.message ? e.message : "");
			goto fail;
		}
	}
	snprintf(object, sizeof(object), "exchange_request:%" PRId64, id);
	if (exchange_queue_status(db, rq.receipt_id, agree ? EDXML_ST_AGREE :
	    EDXML_ST_DISAGREE, reason && *reason ? reason : agree ?
	    "Đồng ý" : "Không đồng ý") < 0 ||
	    audit_record(db, actor_id, actor, ip ? ip : "", agree ?
	    "exchange.agree" : "exchange.refuse", object, reason ? reason :
	    "") < 0 || db_commit(db) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(db);
	if (err->len == 0)
		buf_adds(err, "Lỗi hệ thống");
out:
	blob_close(&bf);
	if (pkg)
		for (i = 0; i < pkg->doc.natt; i++)
			if (pkg->doc.att[i].path)
				unlink(pkg->doc.att[i].path);
	arena_release(&a);
	return rc;
}
