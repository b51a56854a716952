/*
 * sign_pcert.c - the certificates people sign with: a person registers
 * the certificate of their token (exported as .cer/.pem), and an upload
 * of the signing tool is accepted only when its new signature was made
 * with one of the certificates of the person who must sign. A
 * certificate is public, so registering one proves nothing by itself:
 * it must chain to the trust store, may belong to one person only, and
 * each registration and removal is audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/digest.h"
#include "core/x509.h"
#include "sign/sign_int.h"

#define PCERT_MAX	(64u << 10)	/* one certificate file, bytes */

static X509 *
read_cert(const void *data, size_t len)
{
	const unsigned char *p = data;
	BIO *b;
	X509 *x = NULL;

	if (len > 10 && memmem(data, len, "-----BEGIN", 10) != NULL) {
		if ((b = BIO_new_mem_buf(data, (int)len)) != NULL) {
			x = PEM_read_bio_X509(b, NULL, NULL, NULL);
			BIO_free(b);
		}
	} else
		x = d2i_X509(NULL, &p, (long)len);
	ERR_clear_error();
	return x;
}

/* Whether `x` chains to the data folder's trust store now. */
static int
chains(struct db *db, X509 *x, char *err, size_t errlen)
{
	X509_STORE *st = sign_trust_shared(db, err, errlen);
	X509_STORE_CTX *ctx = NULL;
	int ok = 0;

	if (st == NULL)
		return -1;
	if ((ctx = X509_STORE_CTX_new()) != NULL &&
	    X509_STORE_CTX_init(ctx, st, x, NULL) == 1)
		ok = X509_verify_cert(ctx) == 1;
	if (!ok)
		sign_err(err, errlen, "chứng thư không dẫn tới gốc tin cậy nào"
		    " của kho chứng thư (%s)", ctx == NULL ? "hết bộ nhớ" :
		    X509_verify_cert_error_string(
		    X509_STORE_CTX_get_error(ctx)));
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
	ERR_clear_error();
	return ok ? 0 : -1;
}

int
sign_pcert_add(struct db *db, int64_t person, const void *data, size_t len,
    const char *actor, int64_t actor_id, const char *ip,
    struct sign_pcert *out, char *err, size_t errlen)
{
	unsigned char *der = NULL, fp[EVP_MAX_MD_SIZE];
	char obj[64], detail[800];
	unsigned int fl = 0;
	struct sign_pcert c;
	BIGNUM *bn = NULL;
	char *hx = NULL;
	int64_t owner;
	X509 *x;
	int dl, rc = -1;

	memset(&c, 0, sizeof(c));
	if (len == 0 || len > PCERT_MAX || (x = read_cert(data, len)) == NULL)
		return sign_err(err, errlen, "tệp không phải một chứng thư số"
		    " (PEM hoặc DER, tối đa %u byte)", PCERT_MAX);
	if (X509_check_ca(x) != 0) {
		sign_err(err, errlen, "đây là chứng thư của một nơi cấp (CA),"
		    " không phải chứng thư ký của một người");
		goto out;
	}
	if (sign_cert_check(x, time(NULL), err, errlen) < 0 ||
	    chains(db, x, err, errlen) < 0)
		goto out;
	if ((dl = i2d_X509(x, &der)) <= 0 ||
	    X509_digest(x, EVP_sha256(), fp, &fl) != 1) {
		sign_err(err, errlen, "không đọc được chứng thư");
		goto out;
	}
	digest_hex(fp, fl < 32 ? fl : 32, c.sha256);
	x509_name_line(X509_get_subject_name(x), c.subject, sizeof(c.subject));
	x509_name_line(X509_get_issuer_name(x), c.issuer, sizeof(c.issuer));
	bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	hx = bn != NULL ? BN_bn2hex(bn) : NULL;
	snprintf(c.serial, sizeof(c.serial), "%s", hx != NULL ? hx : "");
	c.not_before = x509_time_epoch(X509_get0_notBefore(x));
	c.not_after = x509_time_epoch(X509_get0_notAfter(x));
	c.person_id = person;
	c.added_at = time(NULL);
	snprintf(c.added_by, sizeof(c.added_by), "%s", actor);
	if (db_begin(db) < 0) {
		sign_err(err, errlen, "hệ thống đang bận; hãy thử lại");
		goto out;
	}
	if ((owner = sign_pcert_owner(db, c.sha256)) != 0) {
		db_rollback(db);
		sign_err(err, errlen, owner == person ? "chứng thư này đã được"
		    " đăng ký rồi" : owner > 0 ? "chứng thư này đã được đăng"
		    " ký cho một người khác" : "lỗi cơ sở dữ liệu");
		goto out;
	}
	snprintf(detail, sizeof(detail), "person=%lld subject=%s sha256=%s",
	    (long long)person, c.subject, c.sha256);
	if (sign_pcert_insert(db, &c, der, (size_t)dl, &c.id) < 0)
		goto fail;
	snprintf(obj, sizeof(obj), "sign_person_cert:%lld", (long long)c.id);
	if (audit_record(db, actor_id, actor, ip, "sign.cert.add", obj,
	    detail) < 0 || db_commit(db) < 0)
		goto fail;
	if (out != NULL)
		*out = c;
	rc = 0;
	goto out;
fail:
	sign_err(err, errlen, "không ghi được chứng thư: %s", db_errmsg(db));
	db_rollback(db);
out:
	OPENSSL_free(hx);
	BN_free(bn);
	OPENSSL_free(der);
	X509_free(x);
	return rc;
}

int
sign_pcert_remove(struct db *db, int64_t person, int64_t id,
    const char *actor, int64_t actor_id, const char *ip, char *err,
    size_t errlen)
{
	struct sign_pcert c;
	char obj[64], detail[800];
	int rc;

	if (db_begin(db) < 0)
		return sign_err(err, errlen, "hệ thống đang bận; hãy thử lại");
	if ((rc = sign_pcert_get(db, person, id, &c)) != 0) {
		db_rollback(db);
		return sign_err(err, errlen, rc > 0 ? "không có chứng thư này"
		    " trong danh sách của bạn" : "lỗi cơ sở dữ liệu");
	}
	snprintf(obj, sizeof(obj), "sign_person_cert:%lld", (long long)id);
	snprintf(detail, sizeof(detail), "person=%lld subject=%s sha256=%s",
	    (long long)person, c.subject, c.sha256);
	if (sign_pcert_delete(db, id) < 0 || audit_record(db, actor_id, actor,
	    ip, "sign.cert.remove", obj, detail) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return sign_err(err, errlen, "không xóa được chứng thư: %s",
		    db_errmsg(db));
	}
	return 0;
}
