/*
 * docs_sign_db.c - digital signatures on a document's PDF attachments, as
 * Nghị định 30/2020 lays them out: the leader signs the approved text,
 * then the clerk applies the body's seal signature once the document is
 * numbered and issued. Each signature is made on the signer's own PC
 * through the signing tool (sign_flow); the signed PDF replaces the
 * attachment's file when the tool's upload is accepted.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/blob.h"
#include "core/db.h"
#include "directory/directory.h"
#include "docs/docs.h"
#include "docs/docs_int.h"
#include "sign/sign.h"

#define DOCS_SIGN_TTL	(3 * 86400)	/* a request stays open 3 days */

int
docs_sign_request(struct db *db, struct arena *a,
    const struct docs_actor *who, int64_t file_id, int role,
    struct docs_sign_req *out, struct docs_err *e)
{
	struct docs_file f;
	struct docs_doc d;
	sqlite3_stmt *st;
	int64_t doc_id = 0;

	memset(out, 0, sizeof(*out));
	st = db_prepare(db, "SELECT doc_id FROM doc_attachments WHERE id = ?1");
	if (st == NULL)
		return docs_err(e, 500, "db", NULL, "Lỗi cơ sở dữ liệu");
	db_bind_int(st, 1, file_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		doc_id = sqlite3_column_int64(st, 0);
	db_done(st);
	if (doc_id == 0 || docs_file_get(db, a, who, doc_id, file_id, &f) < 0 ||
	    docs_get(db, a, who, doc_id, &d) < 0)
		return docs_err(e, doc_id ? 403 : 404, doc_id ? "forbidden" :
		    "not_found", NULL, doc_id ? "Bạn không được xem văn bản của tệp"
		    " này" : "Không có tệp này");
	if (strcmp(f.mime, "application/pdf") != 0)
		return docs_err(e, 422, "not_pdf", NULL, "Chỉ ký số được tệp PDF");
	if (d.unit_id != who->body_id)
		return docs_err(e, 403, "forbidden", NULL, "Chỉ cơ quan ban hành văn bản"
		    " mới ký số văn bản này");
	if (role == SIGN_ROLE_LEADER) {
		if (!(who->roles & DIR_ROLE_LEADER))
			return docs_err(e, 403, "forbidden", NULL, "Chỉ lãnh đạo ký duyệt"
			    " văn bản");
		if (strcmp(d.state, "review") != 0 &&
		    strcmp(d.state, "approved") != 0)
			return docs_err(e, 409, "bad_state", NULL, "Lãnh đạo ký khi văn"
			    " bản đang trình duyệt hoặc đã duyệt");
	} else if (role == SIGN_ROLE_SEAL) {
		if (!(who->roles & DIR_ROLE_CLERK))
			return docs_err(e, 403, "forbidden", NULL, "Chỉ văn thư ký số của"
			    " cơ quan (đóng dấu)");
		if (strcmp(d.state, "issued") != 0)
			return docs_err(e, 409, "bad_state", NULL, "Văn thư ký số của cơ"
			    " quan sau khi văn bản đã được cấp số và phát hành");
	} else
		return docs_err(e, 422, "bad_role", NULL, "Vai trò ký phải là \"leader\""
		    " (lãnh đạo) hoặc \"seal\" (cơ quan)");
	if (sign_flow_create(db, f.hash, who->id, role, DOCS_SIGN_OWNER,
	    file_id, DOCS_SIGN_TTL, &out->id, out->token) < 0)
		return docs_err(e, 500, "db", NULL, "Không tạo được yêu cầu ký số");
	out->doc_id = doc_id;
	if (docs_record(db, who, doc_id, role == SIGN_ROLE_LEADER ?
	    "sign_leader_request" : "sign_seal_request", f.filename) < 0)
		return docs_err(e, 500, "db", NULL, "Lỗi cơ sở dữ liệu");
	return 0;
}

/* The signing tool's upload was accepted: the signed PDF becomes the
 * attachment's file (the request's owner is the attachment). */
int
docs_sign_swap(struct db *db, int64_t file_id, const char *blob_hash)
{
	struct docs_actor sys = { 0 };
	sqlite3_stmt *st;
	int64_t doc_id = 0;

	st = db_prepare(db, "UPDATE doc_attachments SET hash = ?2, size ="
	    " (SELECT size FROM blobs WHERE hash = ?2) WHERE id = ?1"
	    " RETURNING doc_id");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, file_id);
	db_bind_text(st, 2, blob_hash);
	if (sqlite3_step(st) == SQLITE_ROW)
		doc_id = sqlite3_column_int64(st, 0);
	db_done(st);
	if (doc_id == 0)
		return -1;
	sys.name = "sign";
	sys.full_name = "Chữ ký số";
	sys.ip = "";
	return docs_record(db, &sys, doc_id, "signed", blob_hash);
}
