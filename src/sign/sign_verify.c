/*
 * sign_verify.c - checking the signatures of a PDF: for each one, the
 * digest of its byte ranges (read through a fixed buffer) against the
 * CMS message-digest, the CMS signature, the certificate chain to the
 * trusted roots, the signing time and timestamp, and what the file
 * gained after the signed revision: nothing, only signatures, or other
 * changes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "core/digest.h"
#include "core/x509.h"
#include "sign/pdf.h"
#include "sign/sign_int.h"

#define HASH_BUF	(256 * 1024)

static int
hash_ranges(int fd, const long long r[4], const EVP_MD *md,
    unsigned char *out, unsigned int *outlen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char *buf = malloc(HASH_BUF);
	int k, rc = -1;

	if (ctx == NULL || buf == NULL || EVP_DigestInit_ex(ctx, md, NULL) != 1)
		goto out;
	for (k = 0; k < 2; k++) {
		long long off = r[2 * k], left = r[2 * k + 1];

		while (left > 0) {
			size_t want = left < HASH_BUF ? (size_t)left : HASH_BUF;
			ssize_t n = pread(fd, buf, want, (off_t)off);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0 || EVP_DigestUpdate(ctx, buf, (size_t)n) != 1)
				goto out;
			off += n;
			left -= n;
		}
	}
	rc = EVP_DigestFinal_ex(ctx, out, outlen) == 1 ? 0 : -1;
out:
	free(buf);
	EVP_MD_CTX_free(ctx);
	return rc;
}

static void
asn1_time_iso(const ASN1_TIME *t, char *out, size_t len)
{
	struct tm tm;

	out[0] = '\0';
	if (t != NULL && ASN1_TIME_to_tm(t, &tm) == 1)
		strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
check_chain(X509 *cert, STACK_OF(X509) *untrusted, X509_STORE *store,
    int purpose, const time_t *at, struct sign_check *c, const char *what)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	char why[SIGN_ERR_MAX - 64];
	int ok = 0, e;

	if (ctx == NULL || X509_STORE_CTX_init(ctx, store, cert,
	    untrusted) != 1)
		goto out;
	if (purpose >= 0)
		X509_STORE_CTX_set_purpose(ctx, purpose);
	if (at != NULL)
		X509_STORE_CTX_set_time(ctx, 0, *at);
	ok = X509_verify_cert(ctx) == 1;
	if (what[0] == '\0') {
		STACK_OF(X509) *ch = X509_STORE_CTX_get0_chain(ctx);
		int i;

		for (i = 0; ch != NULL && i < sk_X509_num(ch) &&
		    i < SIGN_CHAIN_MAX; i++)
			x509_common_name(X509_get_subject_name(sk_X509_value(ch, i)),
			    c->chain[i], sizeof(c->chain[i]));
		c->nchain = i;
	}
	if (!ok && c->problem[0] == '\0') {
		e = X509_STORE_CTX_get_error(ctx);
		snprintf(why, sizeof(why), "%s",
		    e == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
		    e == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
		    e == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
		    e == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ?
		    "chứng thư không dẫn tới gốc tin cậy nào" :
		    e == X509_V_ERR_CERT_HAS_EXPIRED ?
		    "chứng thư số đã hết hạn" :
		    e == X509_V_ERR_CERT_NOT_YET_VALID ?
		    "chứng thư số chưa có hiệu lực" :
		    e == X509_V_ERR_CERT_REVOKED ?
		    "chứng thư số đã bị thu hồi (có trong CRL)" :
		    e == X509_V_ERR_UNABLE_TO_GET_CRL ?
		    "thiếu danh sách thu hồi (CRL) của nơi cấp" :
		    e == X509_V_ERR_CRL_HAS_EXPIRED ?
		    "danh sách thu hồi (CRL) đã quá hạn cập nhật" :
		    e == X509_V_ERR_CRL_SIGNATURE_FAILURE ?
		    "chữ ký của danh sách thu hồi (CRL) sai" :
		    e == X509_V_ERR_INVALID_PURPOSE ?
		    "chứng thư không dành cho mục đích này" :
		    X509_verify_cert_error_string(e));
		snprintf(c->problem, sizeof(c->problem), "%s%s", what, why);
	}
out:
	X509_STORE_CTX_free(ctx);
	return ok;
}

/*
 * The timestamp token of the signature, if any: its time, whether its
 * imprint matches the signature value, its own signature, and its TSA's
 * chain when there is a store. Returns 1 with the token's time in
 * `*at` when the timestamp is sound (and trusted, given a store).
 */
static int
timestamp(CMS_SignerInfo *si, X509_STORE *store, struct sign_check *c,
    time_t *at)
{
	int i = CMS_unsigned_get_attr_by_NID(si,
	    NID_id_smime_aa_timeStampToken, -1);
	unsigned char h[EVP_MAX_MD_SIZE];
	const unsigned char *p;
	X509_ATTRIBUTE *a;
	ASN1_TYPE *t;
	PKCS7 *tok = NULL;
	TS_TST_INFO *tst = NULL;
	TS_MSG_IMPRINT *mi;
	ASN1_OCTET_STRING *sig, *dig;
	STACK_OF(X509) *certs = NULL;
	const EVP_MD *md;
	X509_ALGOR *alg;
	X509 *tsa = NULL;
	char why[SIGN_ERR_MAX];
	unsigned int hl;
	struct tm tm;
	int ok = 0;

	if (i < 0 || (a = CMS_unsigned_get_attr(si, i)) == NULL ||
	    (t = X509_ATTRIBUTE_get0_type(a, 0)) == NULL ||
	    t->type != V_ASN1_SEQUENCE)
		return 0;
	p = t->value.sequence->data;
	if ((tok = d2i_PKCS7(NULL, &p, t->value.sequence->length)) == NULL ||
	    (tst = PKCS7_to_TS_TST_INFO(tok)) == NULL) {
		snprintf(c->tstime, sizeof(c->tstime), "hỏng");
		if (c->problem[0] == '\0')
			snprintf(c->problem, sizeof(c->problem), "dấu thời gian"
			    " hỏng");
		goto out;
	}
	asn1_time_iso(TS_TST_INFO_get_time(tst), c->tstime, sizeof(c->tstime));
	mi = TS_TST_INFO_get_msg_imprint(tst);
	alg = TS_MSG_IMPRINT_get_algo(mi);
	dig = TS_MSG_IMPRINT_get_msg(mi);
	sig = CMS_SignerInfo_get0_signature(si);
	md = EVP_get_digestbyobj(alg->algorithm);
	if (md == NULL || EVP_Digest(sig->data, (size_t)sig->length, h, &hl,
	    md, NULL) != 1 || (int)hl != dig->length ||
	    memcmp(h, dig->data, hl) != 0) {
		if (c->problem[0] == '\0')
			snprintf(c->problem, sizeof(c->problem), "dấu thời gian"
			    " không khớp với chữ ký");
		goto out;
	}
	if (sign_tsa_token_check(t->value.sequence->data,
	    (size_t)t->value.sequence->length, &tsa, why, sizeof(why)) < 0) {
		if (c->problem[0] == '\0')
			snprintf(c->problem, sizeof(c->problem), "%s", why);
		goto out;
	}
	x509_common_name(X509_get_subject_name(tsa), c->tsa, sizeof(c->tsa));
	if (store != NULL) {
		certs = PKCS7_type_is_signed(tok) && tok->d.sign != NULL ?
		    tok->d.sign->cert : NULL;
		if (!check_chain(tsa, certs, store, X509_PURPOSE_TIMESTAMP_SIGN,
		    NULL, c, "dấu thời gian: "))
			goto out;
	}
	if (ASN1_TIME_to_tm(TS_TST_INFO_get_time(tst), &tm) != 1)
		goto out;
	*at = timegm(&tm);
	c->ts_ok = 1;
	ok = 1;
out:
	X509_free(tsa);
	TS_TST_INFO_free(tst);
	PKCS7_free(tok);
	return ok;
}

void
sign_check_cms(int fd, const struct pdf_sig *s, const unsigned char *sha256,
    X509_STORE *store, struct sign_check *c)
{
	const unsigned char *p = s->contents;
	unsigned char h[EVP_MAX_MD_SIZE];
	STACK_OF(CMS_SignerInfo) *sis;
	STACK_OF(X509) *certs = NULL;
	CMS_ContentInfo *cms;
	CMS_SignerInfo *si;
	X509_ALGOR *dalg;
	ASN1_OCTET_STRING *md_attr;
	const ASN1_TIME *st;
	const EVP_MD *md;
	X509 *cert = NULL;
	time_t ts = 0, *at = NULL;
	unsigned int hl;
	int i, sigok, mdok;

	if ((cms = d2i_CMS_ContentInfo(NULL, &p, (long)s->clen)) == NULL ||
	    OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		snprintf(c->problem, sizeof(c->problem), "/Contents không phải"
		    " một CMS SignedData");
		goto out;
	}
	sis = CMS_get0_SignerInfos(cms);
	if (sis == NULL || sk_CMS_SignerInfo_num(sis) != 1) {
		snprintf(c->problem, sizeof(c->problem), "CMS phải có đúng"
		    " một người ký");
		goto out;
	}
	si = sk_CMS_SignerInfo_value(sis, 0);
	certs = CMS_get1_certs(cms);
	for (i = 0; certs != NULL && i < sk_X509_num(certs); i++)
		if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0)
			cert = sk_X509_value(certs, i);
	if (cert == NULL) {
		snprintf(c->problem, sizeof(c->problem), "CMS không mang"
		    " chứng thư của người ký");
		goto out;
	}
	x509_common_name(X509_get_subject_name(cert), c->signer, sizeof(c->signer));
	x509_common_name(X509_get_issuer_name(cert), c->issuer, sizeof(c->issuer));
	{
		unsigned char fp[EVP_MAX_MD_SIZE];
		unsigned int fl = 0;

		if (X509_digest(cert, EVP_sha256(), fp, &fl) == 1 && fl == 32)
			digest_hex(fp, fl, c->cert_sha256);
	}
	{
		BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert),
		    NULL);
		char *hx = bn != NULL ? BN_bn2hex(bn) : NULL;

		snprintf(c->serial, sizeof(c->serial), "%s", hx ? hx : "?");
		OPENSSL_free(hx);
		BN_free(bn);
	}
	CMS_SignerInfo_set1_signer_cert(si, cert);
	CMS_SignerInfo_get0_algs(si, NULL, NULL, &dalg, NULL);
	md = EVP_get_digestbyobj(dalg->algorithm);
	if (CMS_signed_get_attr_count(si) <= 0 || md == NULL) {
		snprintf(c->problem, sizeof(c->problem), "chữ ký không có"
		    " thuộc tính ký hoặc dùng hàm băm lạ: không kiểm tra được");
		goto out;
	}
	if (EVP_MD_get_size(md) < 32)
		snprintf(c->problem, sizeof(c->problem), "hàm băm yếu (%s)",
		    EVP_MD_get0_name(md));
	md_attr = CMS_signed_get0_data_by_OBJ(si,
	    OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING);
	if (sha256 != NULL && EVP_MD_get_type(md) == NID_sha256) {
		memcpy(h, sha256, 32);
		hl = 32;
	} else if (hash_ranges(fd, s->range, md, h, &hl) < 0)
		hl = 0;
	mdok = md_attr != NULL && hl > 0 &&
	    (int)hl == md_attr->length && memcmp(h, md_attr->data, hl) == 0;
	sigok = CMS_SignerInfo_verify(si) == 1;
	c->intact = mdok && sigok;
	if (!mdok)
		snprintf(c->problem, sizeof(c->problem), "nội dung đã bị sửa"
		    " sau khi ký (mã băm không khớp)");
	else if (!sigok)
		snprintf(c->problem, sizeof(c->problem), "giá trị chữ ký sai");
	st = CMS_signed_get0_data_by_OBJ(si,
	    OBJ_nid2obj(NID_pkcs9_signingTime), -3, V_ASN1_UTCTIME);
	if (st == NULL)
		st = CMS_signed_get0_data_by_OBJ(si,
		    OBJ_nid2obj(NID_pkcs9_signingTime), -3,
		    V_ASN1_GENERALIZEDTIME);
	if (st != NULL)
		asn1_time_iso(st, c->time, sizeof(c->time));
	/* A sound timestamp proves the signature existed then: the
	 * signer's chain is judged at that time, so a certificate that
	 * expired later still stands. */
	if (timestamp(si, store, c, &ts))
		at = &ts;
	if (store != NULL)
		c->trusted = check_chain(cert, certs, store, -1, at, c, "");
	else if (c->problem[0] == '\0')
		snprintf(c->problem, sizeof(c->problem), "chưa cho gốc tin cậy"
		    " (--trust)");
out:
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
}

/* ---- what changed after a signed revision ------------------------- */

static int
same_obj(struct pdf_doc *d, const struct pdf_obj *a, const struct pdf_obj *b,
    const char *const *skip)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	const struct pdf_obj *o[2] = { a, b };
	struct buf *out[2] = { &x, &y };
	int k, same;
	size_t i;

	buf_init(&x, 1 << 24);
	buf_init(&y, 1 << 24);
	for (k = 0; k < 2; k++) {
		if (o[k]->type == PDF_DICT || o[k]->type == PDF_STREAM) {
			for (i = 0; i < o[k]->n; i++) {
				const char *const *s;
				int skipped = 0;

				for (s = skip; s != NULL && *s != NULL; s++)
					if (strcmp(*s, o[k]->keys[i]) == 0)
						skipped = 1;
				if (skipped)
					continue;
				buf_printf(out[k], "/%s ", o[k]->keys[i]);
				pdf_write_obj(out[k], o[k]->items[i]);
			}
			if (o[k]->type == PDF_STREAM)
				buf_printf(out[k], "stream %llu %llu",
				    (unsigned long long)o[k]->slen,
				    (unsigned long long)o[k]->soff);
		} else
			pdf_write_obj(out[k], o[k]);
	}
	same = x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
	if (!same && a->type == PDF_STREAM && b->type == PDF_STREAM &&
	    a->slen == b->slen && a->soff != b->soff) {
		/* Same stream rewritten elsewhere: compare the data. */
		same = memcmp(d->data + a->soff, d->data + b->soff,
		    (size_t)a->slen) == 0;
	}
	buf_release(&x);
	buf_release(&y);
	return same;
}

/* An annotation or field added after signing that is itself part of a
 * signature: a widget or field whose type is /Sig. */
static int
is_sig_part(struct pdf_doc *d, struct pdf_obj *o)
{
	struct pdf_obj *x = pdf_resolve(d, NULL, o), *parent;

	if (x == NULL || x->type != PDF_DICT)
		return 0;
	if (pdf_is_name(pdf_dget(d, x, "FT"), "Sig"))
		return 1;
	parent = pdf_dget(d, x, "Parent");
	return parent != NULL && pdf_is_name(pdf_dget(d, parent, "FT"), "Sig");
}

/* A stamp annotation (the number and date of an issued document) that
 * a later signature covers: its /NM names that signature's field, and
 * the object lies inside the field's signed ranges. */
static int
is_covered_stamp(struct pdf_doc *d, struct pdf_obj *o)
{
	size_t plen = strlen(SIGN_STAMP_NM), i, n;
	struct pdf_obj *x = pdf_resolve(d, NULL, o), *nm;
	struct pdf_sig *sigs;
	struct pdf_xent *e;

	if (o == NULL || o->type != PDF_REF || x == NULL ||
	    x->type != PDF_DICT || !pdf_is_name(pdf_dget(d, x, "Subtype"),
	    "Stamp"))
		return 0;
	nm = pdf_dget(d, x, "NM");
	if (nm == NULL || nm->type != PDF_STRING || nm->len <= plen ||
	    memcmp(nm->s, SIGN_STAMP_NM, plen) != 0)
		return 0;
	if (o->num >= d->view.n || (e = &d->view.ent[o->num])->type !=
	    PDF_X_OFFSET || pdf_sigs(d, &sigs, &n) < 0)
		return 0;
	for (i = 0; i < n; i++)
		if (strlen(sigs[i].name) == nm->len - plen &&
		    memcmp(sigs[i].name, nm->s + plen, nm->len - plen) == 0)
			return sigs[i].range[0] == 0 &&
			    (e->off < (uint64_t)sigs[i].range[1] ||
			    (e->off >= (uint64_t)sigs[i].range[2] &&
			    e->off - (uint64_t)sigs[i].range[2] <
			    (uint64_t)sigs[i].range[3]));
	return 0;
}

static int
array_appends_sigs(struct pdf_doc *d, const struct pdf_obj *a,
    const struct pdf_obj *b, int *stamp)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	size_t i;
	int ok = 1;

	if (a == NULL || a->type != PDF_ARRAY)
		a = NULL;
	if (b == NULL || b->type != PDF_ARRAY)
		return 0;
	if (a != NULL && b->n < a->n)
		return 0;
	buf_init(&x, 0);
	buf_init(&y, 0);
	for (i = 0; a != NULL && i < a->n && ok; i++) {
		buf_reset(&x);
		buf_reset(&y);
		pdf_write_obj(&x, a->items[i]);
		pdf_write_obj(&y, b->items[i]);
		ok = strcmp(x.data, y.data) == 0;
	}
	for (i = a != NULL ? a->n : 0; i < b->n && ok; i++) {
		ok = is_sig_part(d, b->items[i]);
		if (!ok && stamp != NULL && is_covered_stamp(d, b->items[i]))
			ok = *stamp = 1;
	}
	buf_release(&x);
	buf_release(&y);
	return ok;
}

static int
allowed_change(struct pdf_doc *d, struct pdf_obj *old, struct pdf_obj *new,
    int *stamp)
{
	static const char *const page_keys[] = { "Annots", NULL };
	static const char *const cat_keys[] = { "AcroForm", "DSS", "Perms",
	    NULL };
	static const char *const form_keys[] = { "Fields", "SigFlags", "DR",
	    "DA", "NeedAppearances", NULL };
	static const char *const field_keys[] = { "V", "AP", "AS", "MK",
	    "Ff", "Lock", "SV", NULL };
	struct pdf_obj *t;

	if (old->type != new->type)
		return 0;
	if (same_obj(d, old, new, NULL))
		return 1;
	if (old->type == PDF_ARRAY)
		return array_appends_sigs(d, old, new, stamp);
	if (old->type != PDF_DICT)
		return 0;
	t = pdf_dget(d, new, "Type");
	if (pdf_is_name(t, "Page"))
		return same_obj(d, old, new, page_keys) &&
		    array_appends_sigs(d, pdf_resolve(d, NULL,
		    pdf_dict_get(old, "Annots")), pdf_dget(d, new, "Annots"),
		    stamp);
	if (pdf_is_name(t, "Catalog"))
		return same_obj(d, old, new, cat_keys);
	if (pdf_dict_get(new, "Fields") != NULL)
		return same_obj(d, old, new, form_keys) &&
		    array_appends_sigs(d, pdf_resolve(d, NULL,
		    pdf_dict_get(old, "Fields")), pdf_dget(d, new, "Fields"),
		    NULL);
	if (is_sig_part(d, new))
		return same_obj(d, old, new, field_keys);
	return 0;
}

/* The /Root of the newest trailer among the sections that start before
 * `end`, or NULL. */
static struct pdf_obj *
root_at(struct pdf_doc *d, uint64_t end)
{
	struct pdf_obj *r;
	size_t i;

	for (i = 0; i < d->nsec; i++)
		if (d->sec[i].off < end && d->sec[i].trailer != NULL &&
		    (r = pdf_dict_get(d->sec[i].trailer, "Root")) != NULL)
			return r;
	return NULL;
}

/* Whether the newest trailer names the same catalog as the revision that
 * ends at `end`: an update that swaps in a new catalog (and with it
 * other pages) is a change, even when no object of the older revision
 * was touched. */
static int
same_root(struct pdf_doc *d, uint64_t end)
{
	struct pdf_obj *a = root_at(d, end), *b = root_at(d, UINT64_MAX);

	return a != NULL && b != NULL && a->type == PDF_REF &&
	    b->type == PDF_REF && a->num == b->num;
}

static enum sign_after
changes_after(struct pdf_doc *d, uint64_t end)
{
	struct pdf_view old;
	enum sign_after r = SIGN_AFTER_SIGS;
	int stamp = 0;
	uint32_t i;

	if (end >= d->len)
		return SIGN_AFTER_NONE;
	if (!same_root(d, end) || pdf_view_at(d, end, &old) < 0)
		return SIGN_AFTER_OTHER;
	for (i = 1; i < d->view.n && r == SIGN_AFTER_SIGS; i++) {
		struct pdf_xent *e = &d->view.ent[i], *o;
		struct pdf_obj *a, *b;

		o = i < old.n ? &old.ent[i] : NULL;
		if (o != NULL && o->type == e->type && o->off == e->off &&
		    o->idx == e->idx)
			continue;
		if (o == NULL || o->type == PDF_X_NONE ||
		    o->type == PDF_X_FREE) {
			if (e->type == PDF_X_FREE || e->type == PDF_X_NONE)
				continue;
			continue;	/* new: judged where it is linked */
		}
		if (e->type == PDF_X_FREE) {
			r = SIGN_AFTER_OTHER;	/* deleted */
			break;
		}
		a = pdf_get_in(d, &old, i);
		b = pdf_get(d, i);
		if (a == NULL || b == NULL || !allowed_change(d, a, b, &stamp))
			r = SIGN_AFTER_OTHER;
	}
	pdf_view_release(&old);
	if (r == SIGN_AFTER_SIGS && stamp)
		r = SIGN_AFTER_STAMP;
	return r;
}

int
sign_check_valid(const struct sign_check *c)
{
	return c->intact && c->trusted && c->after != SIGN_AFTER_OTHER &&
	    c->problem[0] == '\0';
}

const char *
sign_after_code(enum sign_after a)
{
	switch (a) {
	case SIGN_AFTER_NONE:
		return "whole";
	case SIGN_AFTER_SIGS:
		return "signatures";
	case SIGN_AFTER_STAMP:
		return "stamp";
	default:
		return "other";
	}
}

const char *
sign_after_text(enum sign_after a)
{
	switch (a) {
	case SIGN_AFTER_NONE:
		return "phủ toàn bộ tệp";
	case SIGN_AFTER_SIGS:
		return "sau đó chỉ thêm chữ ký";
	case SIGN_AFTER_STAMP:
		return "sau đó chỉ thêm chữ ký, số và ngày ban hành";
	default:
		return "sau đó có thay đổi khác";
	}
}

/* ---- the whole file -------------------------------------------------- */

struct range_digest {
	unsigned char	 h[32];
	int		 ok;
};

static int
by_first_end(const void *a, const void *b, void *arg)
{
	const struct pdf_sig *s = arg;
	long long x = s[*(const size_t *)a].range[1];
	long long y = s[*(const size_t *)b].range[1];

	return (x > y) - (x < y);
}

/*
 * The SHA-256 digests of every signature's byte ranges in one pass over
 * the file: each first range starts at 0, so one running hash serves
 * them all in order of where that range ends, copied at each end and
 * finished over the signature's second range. Each byte of the file is
 * hashed about once, not once per signature. Ranges that do not start
 * at 0 or leave the file are left out (ok = 0).
 */
static struct range_digest *
digest_ranges(struct pdf_doc *d, const struct pdf_sig *sigs, size_t n)
{
	struct range_digest *out = calloc(n + 1, sizeof(*out));
	size_t *order = calloc(n + 1, sizeof(*order)), i, at = 0, end;
	EVP_MD_CTX *run = EVP_MD_CTX_new(), *fin = EVP_MD_CTX_new();
	unsigned int hl;

	if (out == NULL || order == NULL || run == NULL || fin == NULL ||
	    EVP_DigestInit_ex(run, EVP_sha256(), NULL) != 1)
		goto fail;
	for (i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof(*order), by_first_end, (void *)sigs);
	for (i = 0; i < n; i++) {
		const long long *r = sigs[order[i]].range;

		if (r[0] != 0 || r[1] < 0 || r[2] < r[1] || r[3] < 0 ||
		    (uint64_t)r[1] > d->len || (uint64_t)r[2] > d->len ||
		    (uint64_t)r[3] > d->len - (uint64_t)r[2])
			continue;
		end = (size_t)r[1];
		if (end > at && EVP_DigestUpdate(run, d->data + at,
		    end - at) != 1)
			goto fail;
		if (end > at)
			at = end;
		if (EVP_MD_CTX_copy_ex(fin, run) != 1 ||
		    EVP_DigestUpdate(fin, d->data + r[2], (size_t)r[3]) != 1 ||
		    EVP_DigestFinal_ex(fin, out[order[i]].h, &hl) != 1)
			goto fail;
		out[order[i]].ok = 1;
	}
	EVP_MD_CTX_free(run);
	EVP_MD_CTX_free(fin);
	free(order);
	return out;
fail:
	EVP_MD_CTX_free(run);
	EVP_MD_CTX_free(fin);
	free(order);
	free(out);
	return NULL;
}

int
sign_verify_pdf(const char *path, const char *const *trust,
    struct sign_check **out, size_t *n, char *err, size_t errlen)
{
	X509_STORE *store = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	err[0] = '\0';
	if (trust != NULL && trust[0] != NULL) {
		if ((store = X509_STORE_new()) == NULL)
			return sign_err(err, errlen, "hết bộ nhớ");
		for (; *trust != NULL; trust++)
			if (sign_store_add_pem_file(store, *trust, err,
			    errlen) < 0) {
				X509_STORE_free(store);
				return -1;
			}
	}
	rc = sign_verify_pdf_store(path, store, out, n, err, errlen);
	X509_STORE_free(store);
	return rc;
}

int
sign_verify_pdf_store(const char *path, X509_STORE *store,
    struct sign_check **out, size_t *n, char *err, size_t errlen)
{
	struct sign_check *res = NULL;
	struct range_digest *dig = NULL;
	struct pdf_sig *sigs;
	struct pdf_doc d;
	size_t i, ns;
	int fd = -1, rc = -1;

	*out = NULL;
	*n = 0;
	err[0] = '\0';
	if (pdf_open_file(&d, path) < 0 || pdf_sigs(&d, &sigs, &ns) < 0) {
		sign_err(err, errlen, "%s: %s", path, d.err);
		goto out;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		sign_err(err, errlen, "không mở được %s", path);
		goto out;
	}
	if ((res = calloc(ns + 1, sizeof(*res))) == NULL)
		goto out;
	dig = digest_ranges(&d, sigs, ns);
	for (i = 0; i < ns; i++) {
		struct pdf_sig *s = &sigs[i];
		struct sign_check *c = &res[i];
		uint64_t end;

		snprintf(c->field, sizeof(c->field), "%s", s->name);
		memcpy(c->range, s->range, sizeof(c->range));
		if (s->m != NULL)
			snprintf(c->time, sizeof(c->time), "%s", s->m);
		end = (uint64_t)s->range[2] + (uint64_t)s->range[3];
		if (s->range[0] != 0 || s->range[1] > s->range[2] ||
		    end > d.len || s->range[2] < 1 ||
		    (uint64_t)s->range[1] >= d.len ||
		    d.data[s->range[1]] != '<' ||
		    d.data[s->range[2] - 1] != '>') {
			snprintf(c->problem, sizeof(c->problem), "/ByteRange"
			    " không bao đúng phần còn lại của tệp");
			continue;
		}
		sign_check_cms(fd, s, dig != NULL && dig[i].ok ? dig[i].h : NULL,
		    store, c);
		c->after = changes_after(&d, end);
		if (c->after == SIGN_AFTER_OTHER && c->problem[0] == '\0')
			snprintf(c->problem, sizeof(c->problem), "tệp bị thay"
			    " đổi (không chỉ thêm chữ ký) sau chữ ký này");
	}
	*out = res;
	*n = ns;
	res = NULL;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(res);
	free(dig);
	pdf_close(&d);
	return rc;
}

int
sign_pdf_after(const char *path, uint64_t len, enum sign_after *out,
    char *err, size_t errlen)
{
	struct pdf_doc d;
	int rc = -1;

	err[0] = '\0';
	if (pdf_open_file(&d, path) < 0)
		sign_err(err, errlen, "%s", d.err);
	else if (len > d.len)
		sign_err(err, errlen, "tệp ngắn hơn bản đã giao");
	else {
		*out = changes_after(&d, len);
		rc = 0;
	}
	pdf_close(&d);
	return rc;
}
