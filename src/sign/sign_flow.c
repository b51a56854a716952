/*
 * sign_flow.c - the rules of signing on the signer's own PC: requests
 * and their one-time tokens, the handlers of the modules that own the
 * files, and the checks an uploaded signed PDF must pass before it
 * replaces the file handed out (see sign.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/blob.h"
#include "core/db.h"
#include "core/digest.h"
#include "core/log.h"
#include "sign/sign_int.h"

#define HANDLERS_MAX	16

static struct {
	const char		*kind;
	sign_flow_handler	 fn;
} handlers[HANDLERS_MAX];
static int nhandlers;

int
sign_flow_on_signed(const char *owner_kind, sign_flow_handler fn)
{
	int i;

	if (owner_kind == NULL || fn == NULL ||
	    strlen(owner_kind) >= SIGN_OWNER_KIND_MAX ||
	    nhandlers == HANDLERS_MAX) {
		log_error("%s: cannot register %s", __func__,
		    owner_kind ? owner_kind : "(null)");
		return -1;
	}
	for (i = 0; i < nhandlers; i++)
		if (strcmp(handlers[i].kind, owner_kind) == 0) {
			log_error("%s: %s registered twice", __func__,
			    owner_kind);
			return -1;
		}
	handlers[nhandlers].kind = owner_kind;
	handlers[nhandlers].fn = fn;
	nhandlers++;
	return 0;
}

static sign_flow_handler
handler_of(const char *kind)
{
	int i;

	for (i = 0; i < nhandlers; i++)
		if (strcmp(handlers[i].kind, kind) == 0)
			return handlers[i].fn;
	return NULL;
}

const char *
sign_role_code(enum sign_role r)
{
	return r == SIGN_ROLE_SEAL ? "seal" : "leader";
}

const char *
sign_role_label(enum sign_role r)
{
	return r == SIGN_ROLE_SEAL ? "Ký số của cơ quan (đóng dấu)" :
	    "Ký số của người có thẩm quyền";
}

const char *
sign_state_label(const char *state)
{
	if (strcmp(state, "open") == 0)
		return "Chờ ký";
	if (strcmp(state, "signed") == 0)
		return "Đã ký";
	if (strcmp(state, "expired") == 0)
		return "Hết hạn";
	if (strcmp(state, "cancelled") == 0)
		return "Đã hủy";
	return state;
}

int
sign_flow_insert(struct db *db, const char *blob_hash, int64_t person_id,
    enum sign_role role, const char *owner_kind, int64_t owner_id, int ttl,
    int64_t created_by, int64_t *id, char token_out[SIGN_TOKEN_HEX])
{
	struct sign_req q;
	char th[65];

	memset(&q, 0, sizeof(q));
	if (blob_hash == NULL || person_id <= 0 || owner_kind == NULL ||
	    (role != SIGN_ROLE_LEADER && role != SIGN_ROLE_SEAL) ||
	    ttl < 1 || ttl > SIGN_FLOW_TTL_MAX) {
		log_error("%s: bad arguments", __func__);
		return -1;
	}
	if (handler_of(owner_kind) == NULL) {
		log_error("%s: no handler for owner kind %s", __func__,
		    owner_kind);
		return -1;
	}
	if (sign_blob_size(db, blob_hash, &q.size) != 0) {
		log_error("%s: no blob %s", __func__, blob_hash);
		return -1;
	}
	snprintf(q.blob_hash, sizeof(q.blob_hash), "%s", blob_hash);
	snprintf(q.owner_kind, sizeof(q.owner_kind), "%s", owner_kind);
	q.person_id = person_id;
	q.role = role;
	q.owner_id = owner_id;
	q.created_by = created_by;
	q.created_at = time(NULL);
	q.expires_at = q.created_at + ttl;
	if (auth_token(token_out) < 0)
		return -1;
	auth_sha256_hex(token_out, strlen(token_out), th);
	return sign_req_insert(db, &q, th, id);
}

int
sign_flow_create(struct db *db, const char *blob_hash, int64_t person_id,
    enum sign_role role, const char *owner_kind, int64_t owner_id, int ttl,
    int64_t *id, char token_out[SIGN_TOKEN_HEX])
{
	return sign_flow_insert(db, blob_hash, person_id, role, owner_kind,
	    owner_id, ttl, 0, id, token_out);
}

int
sign_flow_cancel(struct db *db, int64_t id)
{
	return sign_req_close(db, id, "cancelled") == 1 ? 0 : -1;
}

int
sign_flow_issue(struct db *db, int64_t id, char token[SIGN_TOKEN_HEX])
{
	char th[65];
	int rc;

	if (auth_token(token) < 0)
		return -1;
	auth_sha256_hex(token, strlen(token), th);
	if (db_begin(db) < 0)
		return -1;
	if ((rc = sign_req_set_token(db, id, th)) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return -1;
	}
	return rc == 1 ? 0 : 1;
}

int
sign_flow_self_signed(struct db *db, int64_t owner_id, const char *blob_hash)
{
	return sign_self_swap(db, owner_id, blob_hash);
}

/* ---- checking an upload ------------------------------------------------ */

static int
refuse(struct sign_flow_err *e, int status, const char *code,
    const char *fmt, ...)
{
	va_list ap;

	e->status = status;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* Whether the first `len` bytes of the file at `path` have the SHA-256
 * `hash` (hex): 1 yes, 0 no, -1 unreadable. */
static int
prefix_is(const char *path, uint64_t len, const char *hash)
{
	unsigned char piece[65536], md[32];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	char hex[65];
	unsigned int ml;
	ssize_t n;
	int fd, rc = -1;

	if (ctx == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		EVP_MD_CTX_free(ctx);
		return -1;
	}
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		goto out;
	while (len > 0) {
		n = read(fd, piece, len < sizeof(piece) ? (size_t)len :
		    sizeof(piece));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (EVP_DigestUpdate(ctx, piece, (size_t)n) != 1)
			goto out;
		len -= (uint64_t)n;
	}
	if (len > 0) {
		rc = 0;		/* shorter than the file handed out */
		goto out;
	}
	if (EVP_DigestFinal_ex(ctx, md, &ml) != 1)
		goto out;
	digest_hex(md, 32, hex);
	rc = strcmp(hex, hash) == 0;
out:
	close(fd);
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* Where a signature's signed bytes end. */
static uint64_t
sig_end(const struct sign_check *c)
{
	return (uint64_t)c->range[2] + (uint64_t)c->range[3];
}

/*
 * The checks of an upload for request `q`, in the order a signer would
 * want them explained; the new signature into `*out`.
 */
static int
check_upload(struct db *db, const struct sign_req *q, const char *path,
    struct sign_check *out, struct sign_flow_err *e)
{
	struct sign_check *res = NULL, *nw = NULL;
	enum sign_after after;
	X509_STORE *store = NULL;
	char err[SIGN_ERR_MAX];
	size_t n = 0, i, fresh = 0;
	int rc = -1, p;

	if ((p = prefix_is(path, (uint64_t)q->size, q->blob_hash)) < 0)
		return refuse(e, 500, "internal", "Không đọc được tệp tải lên");
	if (p == 0)
		return refuse(e, 422, "not_the_file_handed_out", "Tệp tải lên"
		    " không bắt đầu đúng bằng tệp đã giao để ký (%lld byte"
		    " đầu): tệp đã bị sửa, ghi lại hoặc là một tệp khác",
		    (long long)q->size);
	if ((store = sign_trust_shared(db, err, sizeof(err))) == NULL)
		return refuse(e, 500, "internal", "Không đọc được kho chứng"
		    " thư");
	if (sign_verify_pdf_store(path, store, &res, &n, err,
	    sizeof(err)) < 0) {
		const char *m = strstr(err, ": ");

		refuse(e, 422, "pdf_unreadable", "Tệp tải lên không đọc được:"
		    " %s", m != NULL ? m + 2 : err);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (!res[i].intact) {
			refuse(e, 422, "signature_broken", "Chữ ký \"%s\" không"
			    " còn nguyên vẹn: %s", res[i].field,
			    res[i].problem[0] ? res[i].problem :
			    "nội dung đã bị sửa");
			goto out;
		}
	for (i = 0; i < n; i++)
		if (sig_end(&res[i]) > (uint64_t)q->size) {
			fresh++;
			if (nw == NULL || sig_end(&res[i]) > sig_end(nw))
				nw = &res[i];
		}
	if (fresh == 0) {
		refuse(e, 422, "no_new_signature", "Tệp tải lên không có chữ"
		    " ký mới nào sau tệp đã giao để ký");
		goto out;
	}
	if (fresh > 1) {
		refuse(e, 422, "too_many_signatures", "Tệp tải lên có %zu chữ"
		    " ký mới; chỉ được thêm đúng một chữ ký", fresh);
		goto out;
	}
	if (nw->range[1] < q->size) {
		refuse(e, 422, "signature_not_after", "Chữ ký mới \"%s\" không"
		    " bao toàn bộ tệp đã giao để ký", nw->field);
		goto out;
	}
	if (sign_pdf_after(path, (uint64_t)q->size, &after, err,
	    sizeof(err)) < 0) {
		refuse(e, 422, "pdf_unreadable", "Tệp tải lên không đọc được:"
		    " %s", err);
		goto out;
	}
	if (after != SIGN_AFTER_SIGS || nw->after == SIGN_AFTER_OTHER) {
		refuse(e, 422, "other_changes", "Phần thêm vào sau tệp đã giao"
		    " không chỉ là một chữ ký số: tệp còn bị thay đổi nội"
		    " dung khác");
		goto out;
	}
	if (!nw->trusted) {
		refuse(e, 422, "untrusted", "Chữ ký mới \"%s\" của %s không"
		    " được tin cậy: %s", nw->field, nw->signer,
		    nw->problem[0] ? nw->problem : "chứng thư không dẫn tới"
		    " gốc tin cậy nào");
		goto out;
	}
	if (nw->problem[0] != '\0') {
		refuse(e, 422, "signature_invalid", "Chữ ký mới \"%s\" không"
		    " hợp lệ: %s", nw->field, nw->problem);
		goto out;
	}
	if ((p = sign_pcert_of(db, q->person_id, nw->cert_sha256)) < 0) {
		refuse(e, 500, "internal", "Lỗi cơ sở dữ liệu");
		goto out;
	}
	if (p == 0) {
		refuse(e, 422, "wrong_signer", "Chữ ký mới là của \"%s\""
		    " (chứng thư SHA-256 %.16s…), không phải chứng thư số mà"
		    " người phải ký đã đăng ký: người ký phải dùng chứng thư"
		    " của chính mình, đăng ký tại trang Chứng thư số của tôi",
		    nw->signer, nw->cert_sha256);
		goto out;
	}
	*out = *nw;
	rc = 0;
out:
	free(res);
	X509_STORE_free(store);
	return rc;
}

/* Refuse a request that cannot take an upload any more. */
static int
not_open(const struct sign_req *q, struct sign_flow_err *e)
{
	if (strcmp(q->state, "signed") == 0)
		return refuse(e, 410, "request_signed", "Yêu cầu ký này đã được"
		    " ký xong; liên kết chỉ dùng được một lần");
	if (strcmp(q->state, "cancelled") == 0)
		return refuse(e, 410, "request_cancelled", "Yêu cầu ký này đã"
		    " bị hủy");
	if (strcmp(q->state, "expired") == 0)
		return refuse(e, 410, "request_expired", "Liên kết ký đã hết"
		    " hạn; hãy mở lại yêu cầu để lấy liên kết mới nếu yêu cầu"
		    " còn hiệu lực");
	return 0;
}

int
sign_flow_accept(struct db *db, const char *token, const char *path,
    const char *ip, struct sign_req *q, struct sign_flow_err *e)
{
	struct sign_check nw;
	sign_flow_handler fn;
	char th[65], hash[65], obj[64], detail[512];
	int rc;

	memset(e, 0, sizeof(*e));
	auth_sha256_hex(token, strlen(token), th);
	if ((rc = sign_req_by_token(db, th, q)) < 0)
		return refuse(e, 500, "internal", "Lỗi cơ sở dữ liệu");
	if (rc == 1)
		return refuse(e, 404, "not_found", "Không có yêu cầu ký nào"
		    " cho liên kết này (sai liên kết, hoặc đã có liên kết mới"
		    " thay thế)");
	if (not_open(q, e) < 0)
		return -1;
	if ((fn = handler_of(q->owner_kind)) == NULL)
		return refuse(e, 503, "no_owner", "Chưa có phân hệ nhận tệp đã"
		    " ký loại %s", q->owner_kind);
	if (check_upload(db, q, path, &nw, e) < 0)
		return -1;
	if (db_begin(db) < 0)
		return refuse(e, 503, "busy", "Hệ thống đang bận; hãy gửi lại");
	if (blob_put_file(db, path, "application/pdf", hash) < 0) {
		refuse(e, 500, "internal", "Không lưu được tệp đã ký");
		goto fail;
	}
	if ((rc = sign_req_signed(db, q->id, th, hash, nw.cert_sha256,
	    nw.signer)) < 0) {
		refuse(e, 500, "internal", "Lỗi cơ sở dữ liệu");
		goto fail;
	}
	if (rc == 0) {
		refuse(e, 409, "request_changed", "Yêu cầu ký vừa thay đổi"
		    " (đã ký, bị hủy, hết hạn hoặc có liên kết mới)");
		goto fail;
	}
	if (fn(db, q->owner_id, hash) < 0) {
		refuse(e, 500, "owner_refused", "Phân hệ %s không nhận được tệp"
		    " đã ký", q->owner_kind);
		goto fail;
	}
	snprintf(obj, sizeof(obj), "sign_request:%lld", (long long)q->id);
	snprintf(detail, sizeof(detail), "owner=%s:%lld person=%lld role=%s"
	    " signer=%s cert=%s sha256=%s", q->owner_kind,
	    (long long)q->owner_id, (long long)q->person_id,
	    sign_role_code(q->role), nw.signer, nw.cert_sha256, hash);
	if (audit_record(db, q->person_id, nw.signer, ip != NULL ? ip : "",
	    "sign.request.signed", obj, detail) < 0 || db_commit(db) < 0) {
		refuse(e, 500, "internal", "Lỗi cơ sở dữ liệu");
		goto fail;
	}
	if (sign_req_get(db, q->id, q) != 0)
		log_warn("%s: request %lld vanished", __func__,
		    (long long)q->id);
	return 0;
fail:
	db_rollback(db);
	return -1;
}

/* ---- a request for a PDF people send themselves ------------------------ */

int
sign_flow_self_create(struct db *db, int64_t person, const char *actor,
    const char *ip, const char *path, const char *filename,
    enum sign_role role, int ttl, int64_t *id, char token[SIGN_TOKEN_HEX],
    char *err, size_t errlen)
{
	enum sign_after after;
	char hash[65], obj[64], detail[512];
	int64_t fid;

	if (sign_pdf_after(path, 0, &after, err, errlen) < 0)
		return -1;
	if (filename == NULL || filename[0] == '\0')
		filename = "tep.pdf";
	if (db_begin(db) < 0)
		return sign_err(err, errlen, "hệ thống đang bận; hãy thử lại");
	if (blob_put_file(db, path, "application/pdf", hash) < 0 ||
	    sign_self_insert(db, person, filename, hash, &fid) < 0 ||
	    sign_flow_insert(db, hash, person, role, SIGN_OWNER_SELF, fid, ttl,
	    person, id, token) < 0)
		goto fail;
	snprintf(obj, sizeof(obj), "sign_request:%lld", (long long)*id);
	snprintf(detail, sizeof(detail), "owner=%s:%lld person=%lld role=%s"
	    " file=%s sha256=%s", SIGN_OWNER_SELF, (long long)fid,
	    (long long)person, sign_role_code(role), filename, hash);
	if (audit_record(db, person, actor, ip, "sign.request.create", obj,
	    detail) < 0 || db_commit(db) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return sign_err(err, errlen, "không lưu được yêu cầu ký");
}

int
sign_flow_withdraw(struct db *db, const struct sign_req *q, int64_t actor_id,
    const char *actor, const char *ip)
{
	char obj[64];

	if (db_begin(db) < 0)
		return -1;
	snprintf(obj, sizeof(obj), "sign_request:%lld", (long long)q->id);
	if (sign_req_close(db, q->id, "cancelled") != 1 ||
	    audit_record(db, actor_id, actor, ip, "sign.request.cancel", obj,
	    q->owner_kind) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int
sign_flow_state(struct db *db, int64_t id, char state[16],
    char signed_hash[65])
{
	struct sign_req q;
	int rc = sign_req_get(db, id, &q);

	if (rc != 0)
		return rc;
	snprintf(state, 16, "%s", q.state);
	snprintf(signed_hash, 65, "%s", q.signed_hash);
	return 0;
}
