/*
 * sign_key_p11.c - keys on PKCS#11 tokens and HSMs (PKCS#11 v2.40 through
 * the p11-kit headers; the module is loaded with dlopen). The key is
 * named by an RFC 7512 URI: token= (label), object= (key label), id=,
 * serial=, and the PIN as pin-value (path or query attribute), else the
 * CONGSO_PIN environment variable, else a prompt on the terminal. The
 * key signs on the token: CKM_RSA_PKCS over a DigestInfo, or CKM_ECDSA.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/objects.h>

#include <p11-kit/pkcs11.h>

#include "sign/sign_int.h"

#define URI_MAX	128

struct sign_p11 {
	void			*lib;
	CK_FUNCTION_LIST_PTR	 f;
	CK_SESSION_HANDLE	 s;
	CK_OBJECT_HANDLE	 key;
	int			 init, open, login;
	size_t			 ecsize;	/* bytes of r and of s */
};

struct p11_uri {
	char	 token[URI_MAX], object[URI_MAX], serial[URI_MAX];
	char	 pin[URI_MAX];
	unsigned char id[URI_MAX];
	size_t	 idlen;
	int	 has_token, has_object, has_id, has_serial, has_pin;
};

static int
hexv(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode [s, e) into out (at most URI_MAX - 1 bytes). */
static int
pct(const char *s, const char *e, unsigned char *out, size_t *len)
{
	size_t n = 0;

	while (s < e) {
		int c = (unsigned char)*s++;

		if (c == '%') {
			if (e - s < 2 || hexv(s[0]) < 0 || hexv(s[1]) < 0)
				return -1;
			c = hexv(s[0]) * 16 + hexv(s[1]);
			s += 2;
		}
		if (n + 1 >= URI_MAX)
			return -1;
		out[n++] = (unsigned char)c;
	}
	out[n] = '\0';
	*len = n;
	return 0;
}

static int
parse_uri(const char *uri, struct p11_uri *u)
{
	const char *p = uri + 7, *end, *eq;
	size_t n;

	memset(u, 0, sizeof(*u));
	while (*p != '\0') {
		end = p + strcspn(p, ";?&");
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq != NULL) {
			size_t kl = (size_t)(eq - p);
			unsigned char *dst = NULL;
			int *flag = NULL;

			if (kl == 5 && memcmp(p, "token", 5) == 0) {
				dst = (unsigned char *)u->token;
				flag = &u->has_token;
			} else if (kl == 6 && memcmp(p, "object", 6) == 0) {
				dst = (unsigned char *)u->object;
				flag = &u->has_object;
			} else if (kl == 6 && memcmp(p, "serial", 6) == 0) {
				dst = (unsigned char *)u->serial;
				flag = &u->has_serial;
			} else if (kl == 9 && memcmp(p, "pin-value", 9) == 0) {
				dst = (unsigned char *)u->pin;
				flag = &u->has_pin;
			} else if (kl == 2 && memcmp(p, "id", 2) == 0) {
				if (pct(eq + 1, end, u->id, &u->idlen) < 0)
					return -1;
				u->has_id = 1;
			}
			if (dst != NULL) {
				if (pct(eq + 1, end, dst, &n) < 0)
					return -1;
				*flag = 1;
			}
		}
		p = *end != '\0' ? end + 1 : end;
	}
	return 0;
}

/* A blank-padded PKCS#11 label equals `s`. */
static int
label_eq(const unsigned char *label, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	if (n > len || memcmp(label, s, n) != 0)
		return 0;
	for (i = n; i < len; i++)
		if (label[i] != ' ' && label[i] != '\0')
			return 0;
	return 1;
}

static int
ask_pin(char *out, size_t len)
{
	struct termios t, quiet;
	FILE *tty = fopen("/dev/tty", "r+");
	int rc = -1;

	if (tty == NULL)
		return -1;
	fputs("Mã PIN của token: ", tty);
	fflush(tty);
	if (tcgetattr(fileno(tty), &t) == 0) {
		quiet = t;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	}
	if (fgets(out, (int)len, tty) != NULL) {
		out[strcspn(out, "\r\n")] = '\0';
		rc = 0;
	}
	tcsetattr(fileno(tty), TCSAFLUSH, &t);
	fputs("\n", tty);
	fclose(tty);
	return rc;
}

static size_t
ec_size(struct sign_p11 *p)
{
	unsigned char buf[256];
	CK_ATTRIBUTE a = { CKA_EC_PARAMS, buf, sizeof(buf) };
	const unsigned char *q = buf;
	ASN1_OBJECT *oid;
	EC_GROUP *g;
	size_t n = 0;

	if (p->f->C_GetAttributeValue(p->s, p->key, &a, 1) != CKR_OK)
		return 0;
	if ((oid = d2i_ASN1_OBJECT(NULL, &q, (long)a.ulValueLen)) == NULL)
		return 0;
	if ((g = EC_GROUP_new_by_curve_name(OBJ_obj2nid(oid))) != NULL)
		n = ((size_t)EC_GROUP_get_degree(g) + 7) / 8;
	EC_GROUP_free(g);
	ASN1_OBJECT_free(oid);
	return n;
}

int
sign_p11_open(const char *uri, const char *module, struct sign_p11 **out,
    int *type, char *err, size_t errlen)
{
	CK_RV (*getlist)(CK_FUNCTION_LIST_PTR_PTR);
	CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
	CK_ATTRIBUTE tmpl[3];
	CK_SLOT_ID *slots = NULL, slot = 0;
	CK_ULONG nslots = 0, i, nt = 0, found = 0;
	CK_KEY_TYPE kt = 0;
	CK_ATTRIBUTE ka = { CKA_KEY_TYPE, &kt, sizeof(kt) };
	CK_RV rv;
	struct sign_p11 *p;
	struct p11_uri u;
	char pin[URI_MAX];
	int have = 0;

	*out = NULL;
	if (parse_uri(uri, &u) < 0)
		return sign_err(err, errlen, "URI PKCS#11 sai cú pháp: %s", uri);
	if (!u.has_object && !u.has_id)
		return sign_err(err, errlen, "URI PKCS#11 cần object= hoặc id="
		    " để chọn khóa");
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return sign_err(err, errlen, "hết bộ nhớ");
	*out = p;
	if ((p->lib = dlopen(module, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return sign_err(err, errlen, "không nạp được thư viện PKCS#11"
		    " %s", module);
	*(void **)&getlist = dlsym(p->lib, "C_GetFunctionList");
	if (getlist == NULL || getlist(&p->f) != CKR_OK || p->f == NULL)
		return sign_err(err, errlen, "%s không phải thư viện PKCS#11",
		    module);
	rv = p->f->C_Initialize(NULL);
	if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
		return sign_err(err, errlen, "không khởi tạo được thư viện"
		    " PKCS#11 (CKR 0x%lx)", (unsigned long)rv);
	p->init = rv == CKR_OK;
	if (p->f->C_GetSlotList(CK_TRUE, NULL, &nslots) != CKR_OK ||
	    (nslots > 0 && ((slots = calloc(nslots, sizeof(*slots))) == NULL ||
	    p->f->C_GetSlotList(CK_TRUE, slots, &nslots) != CKR_OK)))
		nslots = 0;
	for (i = 0; i < nslots && !have; i++) {
		CK_TOKEN_INFO ti;

		if (p->f->C_GetTokenInfo(slots[i], &ti) != CKR_OK)
			continue;
		if (u.has_token && !label_eq(ti.label, sizeof(ti.label),
		    u.token))
			continue;
		if (u.has_serial && !label_eq(ti.serialNumber,
		    sizeof(ti.serialNumber), u.serial))
			continue;
		slot = slots[i];
		have = 1;
	}
	free(slots);
	if (!have)
		return sign_err(err, errlen, "không thấy token%s%s%s (token"
		    " chưa cắm, hoặc sai tên)", u.has_token ? " \"" : "",
		    u.has_token ? u.token : "", u.has_token ? "\"" : "");
	if (p->f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL,
	    &p->s) != CKR_OK)
		return sign_err(err, errlen, "không mở được phiên làm việc với"
		    " token");
	p->open = 1;
	if (u.has_pin)
		snprintf(pin, sizeof(pin), "%s", u.pin);
	else if (getenv("CONGSO_PIN") != NULL)
		snprintf(pin, sizeof(pin), "%s", getenv("CONGSO_PIN"));
	else if (ask_pin(pin, sizeof(pin)) < 0)
		return sign_err(err, errlen, "cần mã PIN của token (pin-value"
		    " trong URI hoặc biến CONGSO_PIN)");
	rv = p->f->C_Login(p->s, CKU_USER, (CK_UTF8CHAR_PTR)pin,
	    (CK_ULONG)strlen(pin));
	explicit_bzero(pin, sizeof(pin));
	if (rv == CKR_PIN_INCORRECT)
		return sign_err(err, errlen, "mã PIN của token sai");
	if (rv == CKR_PIN_LOCKED)
		return sign_err(err, errlen, "token đã bị khóa do nhập sai mã"
		    " PIN quá nhiều lần");
	if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN)
		return sign_err(err, errlen, "không đăng nhập được token (CKR"
		    " 0x%lx)", (unsigned long)rv);
	p->login = rv == CKR_OK;
	tmpl[nt].type = CKA_CLASS;
	tmpl[nt].pValue = &cls;
	tmpl[nt++].ulValueLen = sizeof(cls);
	if (u.has_object) {
		tmpl[nt].type = CKA_LABEL;
		tmpl[nt].pValue = u.object;
		tmpl[nt++].ulValueLen = strlen(u.object);
	}
	if (u.has_id) {
		tmpl[nt].type = CKA_ID;
		tmpl[nt].pValue = u.id;
		tmpl[nt++].ulValueLen = u.idlen;
	}
	if (p->f->C_FindObjectsInit(p->s, tmpl, nt) != CKR_OK)
		return sign_err(err, errlen, "token không tìm kiếm được khóa");
	rv = p->f->C_FindObjects(p->s, &p->key, 1, &found);
	p->f->C_FindObjectsFinal(p->s);
	if (rv != CKR_OK || found == 0)
		return sign_err(err, errlen, "không thấy khóa bí mật \"%s\" trên"
		    " token", u.has_object ? u.object : "(id)");
	if (p->f->C_GetAttributeValue(p->s, p->key, &ka, 1) != CKR_OK)
		return sign_err(err, errlen, "không đọc được loại khóa trên"
		    " token");
	if (kt == CKK_RSA)
		*type = EVP_PKEY_RSA;
	else if (kt == CKK_EC) {
		*type = EVP_PKEY_EC;
		if ((p->ecsize = ec_size(p)) == 0)
			return sign_err(err, errlen, "đường cong của khóa ECDSA"
			    " trên token không hỗ trợ");
	} else
		return sign_err(err, errlen, "khóa trên token không phải RSA"
		    " hay ECDSA");
	return 0;
}

/* The DER prefix of a DigestInfo (RFC 8017, 9.2 note 1). */
static const unsigned char *
digest_info(const EVP_MD *md, size_t *len)
{
	static const unsigned char s256[] = { 0x30, 0x31, 0x30, 0x0d, 0x06,
	    0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
	    0x00, 0x04, 0x20 };
	static const unsigned char s384[] = { 0x30, 0x41, 0x30, 0x0d, 0x06,
	    0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05,
	    0x00, 0x04, 0x30 };
	static const unsigned char s512[] = { 0x30, 0x51, 0x30, 0x0d, 0x06,
	    0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05,
	    0x00, 0x04, 0x40 };

	*len = sizeof(s256);
	switch (EVP_MD_get_type(md)) {
	case NID_sha256:
		return s256;
	case NID_sha384:
		return s384;
	case NID_sha512:
		return s512;
	default:
		return NULL;
	}
}

int
sign_p11_sign(struct sign_p11 *p, int type, const EVP_MD *md,
    const unsigned char *h, size_t hlen, unsigned char **sig,
    size_t *siglen, char *err, size_t errlen)
{
	CK_MECHANISM mech = { type == EVP_PKEY_RSA ? CKM_RSA_PKCS : CKM_ECDSA,
	    NULL, 0 };
	unsigned char in[128], out[1024];
	CK_ULONG outlen = sizeof(out);
	const unsigned char *pre;
	size_t inlen = hlen, plen;
	CK_RV rv;

	*sig = NULL;
	if (hlen > 64)
		return sign_err(err, errlen, "hàm băm không hỗ trợ");
	if (type == EVP_PKEY_RSA) {
		if ((pre = digest_info(md, &plen)) == NULL)
			return sign_err(err, errlen, "hàm băm không hỗ trợ");
		memcpy(in, pre, plen);
		memcpy(in + plen, h, hlen);
		inlen = plen + hlen;
	} else
		memcpy(in, h, hlen);
	if ((rv = p->f->C_SignInit(p->s, &mech, p->key)) != CKR_OK ||
	    (rv = p->f->C_Sign(p->s, in, (CK_ULONG)inlen, out, &outlen)) !=
	    CKR_OK)
		return sign_err(err, errlen, "token từ chối ký (CKR 0x%lx)",
		    (unsigned long)rv);
	if (type == EVP_PKEY_EC) {
		ECDSA_SIG *es = ECDSA_SIG_new();
		BIGNUM *r, *s;
		unsigned char *der = NULL;
		int n;

		if (es == NULL || outlen != 2 * p->ecsize) {
			ECDSA_SIG_free(es);
			return sign_err(err, errlen, "token trả chữ ký ECDSA"
			    " sai độ dài");
		}
		r = BN_bin2bn(out, (int)p->ecsize, NULL);
		s = BN_bin2bn(out + p->ecsize, (int)p->ecsize, NULL);
		if (r == NULL || s == NULL || ECDSA_SIG_set0(es, r, s) != 1) {
			BN_free(r);
			BN_free(s);
			ECDSA_SIG_free(es);
			return sign_err(err, errlen, "hết bộ nhớ");
		}
		n = i2d_ECDSA_SIG(es, &der);
		ECDSA_SIG_free(es);
		if (n <= 0)
			return sign_err(err, errlen, "hết bộ nhớ");
		*sig = malloc((size_t)n);
		if (*sig != NULL)
			memcpy(*sig, der, (size_t)n);
		OPENSSL_free(der);
		*siglen = (size_t)n;
	} else {
		if ((*sig = malloc(outlen)) != NULL)
			memcpy(*sig, out, outlen);
		*siglen = outlen;
	}
	return *sig != NULL ? 0 : sign_err(err, errlen, "hết bộ nhớ");
}

void
sign_p11_free(struct sign_p11 *p)
{
	if (p == NULL)
		return;
	if (p->login)
		p->f->C_Logout(p->s);
	if (p->open)
		p->f->C_CloseSession(p->s);
	if (p->init)
		p->f->C_Finalize(NULL);
	if (p->lib != NULL)
		dlclose(p->lib);
	free(p);
}
