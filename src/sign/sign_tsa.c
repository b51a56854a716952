/*
 * sign_tsa.c - RFC 3161 signature timestamps (PAdES B-T; ETSI EN 319
 * 122-1, 5.3: the signature-time-stamp attribute). The request carries
 * the digest of the signature value and a random nonce and asks for the
 * TSA's certificate; the answer is posted back over HTTP(S) with libcurl
 * and checked before its token is kept: status granted, same imprint,
 * same nonce, a token signed by a certificate meant for timestamping.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "core/curl_conn.h"
#include "sign/sign_int.h"

#define TSA_MAX_REPLY	(256 * 1024)	/* a token with its chain */
#define TSA_TIMEOUT	30		/* seconds, the whole exchange */
#define TSA_CONNECT	10		/* seconds, to connect */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void
curl_start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

static size_t
reply_cb(char *p, size_t size, size_t n, void *u)
{
	struct buf *b = u;

	if (buf_add(b, p, size * n) < 0)
		return 0;	/* over TSA_MAX_REPLY: curl stops */
	return size * n;
}

/* POST the DER request `q` to `url`; the reply's body into `out`. */
static int
tsa_post(const char *url, const unsigned char *q, size_t qlen,
    struct buf *out, char *err, size_t errlen)
{
	struct curl_slist *h = NULL;
	char cerr[CURL_ERROR_SIZE] = "";
	long status = 0;
	CURLcode rc;
	CURL *c;
	int ret = -1;

	pthread_once(&curl_once, curl_start);
	if ((c = curl_easy_init()) == NULL)
		return sign_err(err, errlen, "không khởi tạo được libcurl");
	h = curl_slist_append(h, "Content-Type: application/timestamp-query");
	h = curl_slist_append(h, "Accept: application/timestamp-reply");
	if (h == NULL)
		goto out;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, q);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)qlen);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, reply_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)TSA_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)TSA_CONNECT);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "congso");
	if ((rc = curl_easy_perform(c)) != CURLE_OK) {
		sign_err(err, errlen, "không lấy được dấu thời gian từ TSA %s:"
		    " %s (%s)", url, rc == CURLE_WRITE_ERROR ? "phản hồi quá"
		    " lớn" : curl_conn_error_vn(rc), cerr[0] != '\0' ? cerr :
		    curl_easy_strerror(rc));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200) {
		sign_err(err, errlen, "TSA %s trả lời HTTP %ld, không cấp dấu"
		    " thời gian", url, status);
		goto out;
	}
	ret = 0;
out:
	if (ret < 0 && err[0] == '\0')
		sign_err(err, errlen, "không gửi được yêu cầu tới TSA %s", url);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return ret;
}

/* The request: imprint of the signature value, a 64-bit nonce, and the
 * TSA's certificate wanted in the token. */
static TS_REQ *
make_req(const EVP_MD *md, const unsigned char *h, unsigned hlen,
    ASN1_INTEGER **nonce)
{
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	unsigned char r[8];
	BIGNUM *bn = NULL;
	int ok = 0;

	*nonce = NULL;
	if (req == NULL || mi == NULL || alg == NULL)
		goto out;
	X509_ALGOR_set_md(alg, md);
	if (TS_MSG_IMPRINT_set_algo(mi, alg) != 1 ||
	    TS_MSG_IMPRINT_set_msg(mi, (unsigned char *)h, (int)hlen) != 1 ||
	    TS_REQ_set_version(req, 1) != 1 ||
	    TS_REQ_set_msg_imprint(req, mi) != 1 ||
	    TS_REQ_set_cert_req(req, 1) != 1)
		goto out;
	if (RAND_bytes(r, sizeof(r)) != 1)
		goto out;
	r[0] &= 0x7f;	/* positive */
	r[0] |= 0x01;	/* and never short */
	if ((bn = BN_bin2bn(r, sizeof(r), NULL)) == NULL ||
	    (*nonce = BN_to_ASN1_INTEGER(bn, NULL)) == NULL ||
	    TS_REQ_set_nonce(req, *nonce) != 1)
		goto out;
	ok = 1;
out:
	BN_free(bn);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	if (!ok) {
		TS_REQ_free(req);
		ASN1_INTEGER_free(*nonce);
		*nonce = NULL;
		return NULL;
	}
	return req;
}

static const char *
status_text(long s)
{
	switch (s) {
	case TS_STATUS_REJECTION:
		return "từ chối";
	case TS_STATUS_WAITING:
		return "đang chờ";
	case TS_STATUS_REVOCATION_WARNING:
		return "sắp bị thu hồi";
	case TS_STATUS_REVOCATION_NOTIFICATION:
		return "chứng thư TSA đã bị thu hồi";
	default:
		return "không rõ";
	}
}

/* The token's own signature, and its signer meant for timestamping
 * (extended key usage timeStamping, critical, as RFC 3161 2.3 asks). */
int
sign_tsa_token_check(const unsigned char *der, size_t len, X509 **signer,
    char *err, size_t errlen)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms;
	STACK_OF(X509) *certs = NULL;
	STACK_OF(CMS_SignerInfo) *sis;
	CMS_SignerInfo *si;
	X509 *cert = NULL;
	int i, crit = 0, rc = -1;
	EXTENDED_KEY_USAGE *eku;

	if (signer != NULL)
		*signer = NULL;
	if ((cms = d2i_CMS_ContentInfo(NULL, &p, (long)len)) == NULL ||
	    OBJ_obj2nid(CMS_get0_eContentType(cms)) !=
	    NID_id_smime_ct_TSTInfo) {
		sign_err(err, errlen, "dấu thời gian hỏng (không phải token"
		    " RFC 3161)");
		goto out;
	}
	sis = CMS_get0_SignerInfos(cms);
	certs = CMS_get1_certs(cms);
	if (sis == NULL || sk_CMS_SignerInfo_num(sis) != 1) {
		sign_err(err, errlen, "dấu thời gian phải có đúng một người"
		    " ký");
		goto out;
	}
	si = sk_CMS_SignerInfo_value(sis, 0);
	for (i = 0; certs != NULL && i < sk_X509_num(certs); i++)
		if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0)
			cert = sk_X509_value(certs, i);
	if (cert == NULL) {
		sign_err(err, errlen, "dấu thời gian không mang chứng thư"
		    " của TSA");
		goto out;
	}
	if (CMS_verify(cms, NULL, NULL, NULL, NULL, CMS_BINARY |
	    CMS_NO_SIGNER_CERT_VERIFY) != 1) {
		sign_err(err, errlen, "chữ ký của dấu thời gian sai");
		goto out;
	}
	eku = X509_get_ext_d2i(cert, NID_ext_key_usage, &crit, NULL);
	if (eku == NULL || !crit || sk_ASN1_OBJECT_num(eku) != 1 ||
	    OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, 0)) != NID_time_stamp) {
		EXTENDED_KEY_USAGE_free(eku);
		sign_err(err, errlen, "chứng thư của TSA không dành cho dấu"
		    " thời gian (extendedKeyUsage timeStamping, critical)");
		goto out;
	}
	EXTENDED_KEY_USAGE_free(eku);
	if (signer != NULL) {
		X509_up_ref(cert);
		*signer = cert;
	}
	rc = 0;
out:
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return rc;
}

/* The answer matches the question: granted, same imprint, same nonce. */
static int
check_reply(TS_RESP *resp, const EVP_MD *md, const unsigned char *h,
    unsigned hlen, const ASN1_INTEGER *nonce, const char *url, char *err,
    size_t errlen)
{
	TS_STATUS_INFO *si = TS_RESP_get_status_info(resp);
	TS_TST_INFO *tst = TS_RESP_get_tst_info(resp);
	const ASN1_INTEGER *n;
	TS_MSG_IMPRINT *mi;
	ASN1_OCTET_STRING *dig;
	X509_ALGOR *alg;
	long s;

	s = si != NULL ? ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(si)) : -1;
	if (s != TS_STATUS_GRANTED && s != TS_STATUS_GRANTED_WITH_MODS) {
		const STACK_OF(ASN1_UTF8STRING) *txt = si != NULL ?
		    TS_STATUS_INFO_get0_text(si) : NULL;
		unsigned char *u = NULL;
		int ul = 0;

		if (txt != NULL && sk_ASN1_UTF8STRING_num(txt) > 0)
			ul = ASN1_STRING_to_UTF8(&u,
			    sk_ASN1_UTF8STRING_value(txt, 0));
		sign_err(err, errlen, "TSA %s không cấp dấu thời gian (trạng"
		    " thái %ld: %s%s%.*s)", url, s, status_text(s),
		    ul > 0 ? "; " : "", ul > 0 ? ul : 0, u ? (char *)u : "");
		OPENSSL_free(u);
		return -1;
	}
	if (tst == NULL || TS_RESP_get_token(resp) == NULL)
		return sign_err(err, errlen, "TSA %s trả lời không có token",
		    url);
	if (TS_TST_INFO_get_version(tst) != 1)
		return sign_err(err, errlen, "token của TSA %s có phiên bản"
		    " lạ", url);
	mi = TS_TST_INFO_get_msg_imprint(tst);
	alg = TS_MSG_IMPRINT_get_algo(mi);
	dig = TS_MSG_IMPRINT_get_msg(mi);
	if (OBJ_obj2nid(alg->algorithm) != EVP_MD_get_type(md) ||
	    dig == NULL || dig->length != (int)hlen ||
	    memcmp(dig->data, h, hlen) != 0)
		return sign_err(err, errlen, "dấu thời gian của TSA %s không"
		    " khớp với chữ ký (mã băm khác)", url);
	n = TS_TST_INFO_get_nonce(tst);
	if (n == NULL || ASN1_INTEGER_cmp(n, nonce) != 0)
		return sign_err(err, errlen, "dấu thời gian của TSA %s không"
		    " khớp với yêu cầu (nonce khác)", url);
	return 0;
}

int
sign_tsa_stamp(CMS_SignerInfo *si, const char *url, const EVP_MD *md,
    char *err, size_t errlen)
{
	ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
	unsigned char h[EVP_MAX_MD_SIZE], *q = NULL, *tok = NULL;
	const unsigned char *p;
	ASN1_INTEGER *nonce = NULL;
	TS_REQ *req = NULL;
	TS_RESP *resp = NULL;
	struct buf reply;
	unsigned hlen;
	int qlen, tlen, rc = -1;

	buf_init(&reply, TSA_MAX_REPLY);
	if (sig == NULL || EVP_Digest(sig->data, (size_t)sig->length, h, &hlen,
	    md, NULL) != 1 || (req = make_req(md, h, hlen, &nonce)) == NULL ||
	    (qlen = i2d_TS_REQ(req, &q)) <= 0) {
		sign_err(err, errlen, "không tạo được yêu cầu dấu thời gian");
		goto out;
	}
	if (tsa_post(url, q, (size_t)qlen, &reply, err, errlen) < 0)
		goto out;
	p = (const unsigned char *)reply.data;
	if ((resp = d2i_TS_RESP(NULL, &p, (long)reply.len)) == NULL) {
		sign_err(err, errlen, "TSA %s trả lời không phải một"
		    " TimeStampResp (RFC 3161)", url);
		goto out;
	}
	if (check_reply(resp, md, h, hlen, nonce, url, err, errlen) < 0)
		goto out;
	if ((tlen = i2d_PKCS7(TS_RESP_get_token(resp), &tok)) <= 0) {
		sign_err(err, errlen, "token của TSA %s hỏng", url);
		goto out;
	}
	if (sign_tsa_token_check(tok, (size_t)tlen, NULL, err, errlen) < 0)
		goto out;
	if (CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken,
	    V_ASN1_SEQUENCE, tok, tlen) != 1) {
		sign_err(err, errlen, "không thêm được dấu thời gian vào chữ"
		    " ký");
		goto out;
	}
	rc = 0;
out:
	ERR_clear_error();
	OPENSSL_free(q);
	OPENSSL_free(tok);
	ASN1_INTEGER_free(nonce);
	TS_REQ_free(req);
	TS_RESP_free(resp);
	buf_release(&reply);
	return rc;
}
