/*
 * sign_key_p11.c - keys on PKCS#11 tokens and HSMs (PKCS#11 v2.40 through
 * the p11-kit headers; the module is loaded with dlopen). The key is
 * named by an RFC 7512 URI: token= (label), object= (key label), id=,
 * serial=, and the PIN as pin-value (path or query attribute), else the
 * CONGSO_PIN environment variable, else a prompt on the terminal. The
 * key signs on the token: CKM_RSA_PKCS over a DigestInfo, or CKM_ECDSA.
 *
 * Opening a key costs far more than a signature (loading the module,
 * finding the token, opening a session, logging in, finding the key),
 * so what an open made is kept for the life of the process:
 *   - a module is loaded and initialised once (C_Initialize told that
 *     threads exist), and finalised only to look for tokens afresh,
 *     when no thread is inside it (mod_rescan());
 *   - a logged-in session and the key's handle are kept in an entry,
 *     found again by module path, URI and PIN source (and the PIN
 *     itself, unless it was typed at the prompt: the entry then keeps
 *     it, in memory only, to open again). An entry signs one signature
 *     at a time (its mutex): a session never serves two threads at
 *     once. Only an open whose login and key lookup succeeded is kept.
 * When a kept session fails (token pulled out, session closed, logged
 * out, key gone), its entry is dropped and the signature made once more
 * on a fresh open, whose errors are those of a first open. A token not
 * found makes the module look for tokens again before giving up.
 *
 * Login belongs to the token, not to a session: every session of the
 * process on a token shares it, and C_Login there answers "already
 * logged in" without looking at the PIN. So before a PIN is tried on a
 * token where entries logged in with another PIN, those entries are
 * dropped and their sessions closed, which logs the token out, and the
 * PIN is really checked. Opens are made one at a time.
 *
 * Locks, taken in this order: open_mu (opens), an entry's mu (its
 * session), a module's mu (only for a module that cannot lock for
 * threads itself: every call into it), p11_mu (the list of entries,
 * their references, the counters).
 */
#include <dlfcn.h>
#include <pthread.h>
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

#define URI_MAX		128
#define ENTRIES_MAX	16	/* kept entries; the least used idle goes */

enum pin_src { PIN_URI, PIN_ENV, PIN_TTY };

/* A module, loaded and initialised. */
struct p11_mod {
	struct p11_mod		*next;
	char			*path;
	void			*lib;
	CK_FUNCTION_LIST_PTR	 f;
	int			 ours;		/* we initialised it */
	int			 serial;	/* calls one at a time (mu) */
	pthread_mutex_t		 mu;
};

/* A logged-in session on a token and the key found there. */
struct p11_ent {
	struct p11_ent		*next;
	pthread_mutex_t		 mu;
	struct p11_mod		*m;
	char			*uri;
	enum pin_src		 src;
	char			 pin[URI_MAX];
	CK_SLOT_ID		 slot;
	CK_OBJECT_HANDLE	 key;
	int			 type;		/* EVP_PKEY_RSA or _EC */
	size_t			 ecsize;	/* bytes of r and of s */
	CK_SESSION_HANDLE	 s;		/* under mu */
	int			 open;		/* under mu */
	unsigned		 refs;		/* under p11_mu */
	int			 listed;	/* under p11_mu */
	unsigned long		 used;		/* under p11_mu */
};

/* What a sign_key holds: a reference to the entry it signs with. */
struct sign_p11 {
	struct p11_ent		*e;
};

/* Fresh opens a signature may make when its session is lost again and
 * again under it (sign_p11_sign()). */
#define P11_TRIES	16

static pthread_mutex_t	 open_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t	 p11_mu = PTHREAD_MUTEX_INITIALIZER;
static struct p11_mod	*mods;		/* under open_mu */
static struct p11_ent	*ents;		/* under p11_mu */
static unsigned long	 ticks;		/* under p11_mu */
static struct sign_p11_stats stats;	/* under p11_mu */

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

static void
tally(unsigned long *n)
{
	pthread_mutex_lock(&p11_mu);
	(*n)++;
	pthread_mutex_unlock(&p11_mu);
}

void
sign_p11_stats(struct sign_p11_stats *out)
{
	struct p11_ent *e;

	pthread_mutex_lock(&p11_mu);
	*out = stats;
	out->kept = 0;
	for (e = ents; e != NULL; e = e->next)
		out->kept++;
	pthread_mutex_unlock(&p11_mu);
}

static void
mod_lock(struct p11_mod *m)
{
	if (m->serial)
		pthread_mutex_lock(&m->mu);
}

static void
mod_unlock(struct p11_mod *m)
{
	if (m->serial)
		pthread_mutex_unlock(&m->mu);
}

/* C_Initialize, telling the module that threads exist; a module that
 * cannot lock for them gets its calls one at a time. */
static CK_RV
mod_init(struct p11_mod *m)
{
	CK_C_INITIALIZE_ARGS args;
	CK_RV rv;

	memset(&args, 0, sizeof(args));
	args.flags = CKF_OS_LOCKING_OK;
	rv = m->f->C_Initialize(&args);
	if (rv == CKR_CANT_LOCK) {
		m->serial = 1;
		rv = m->f->C_Initialize(NULL);
	}
	if (rv == CKR_OK) {
		m->ours = 1;
		tally(&stats.inits);
	}
	return rv == CKR_CRYPTOKI_ALREADY_INITIALIZED ? CKR_OK : rv;
}

/* The module at `path`, loaded and initialised once; `*loaded` tells
 * whether that was now. Under open_mu. */
static struct p11_mod *
mod_get(const char *path, int *loaded, char *err, size_t errlen)
{
	CK_RV (*getlist)(CK_FUNCTION_LIST_PTR_PTR);
	struct p11_mod *m;
	CK_RV rv;

	*loaded = 0;
	for (m = mods; m != NULL; m = m->next)
		if (strcmp(m->path, path) == 0)
			return m;
	if ((m = calloc(1, sizeof(*m))) == NULL ||
	    (m->path = strdup(path)) == NULL) {
		free(m);
		sign_err(err, errlen, "hết bộ nhớ");
		return NULL;
	}
	if ((m->lib = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		sign_err(err, errlen, "không nạp được thư viện PKCS#11 %s",
		    path);
		goto fail;
	}
	*(void **)&getlist = dlsym(m->lib, "C_GetFunctionList");
	if (getlist == NULL || getlist(&m->f) != CKR_OK || m->f == NULL) {
		sign_err(err, errlen, "%s không phải thư viện PKCS#11", path);
		goto fail;
	}
	if ((rv = mod_init(m)) != CKR_OK) {
		sign_err(err, errlen, "không khởi tạo được thư viện PKCS#11"
		    " (CKR 0x%lx)", (unsigned long)rv);
		goto fail;
	}
	pthread_mutex_init(&m->mu, NULL);
	m->next = mods;
	mods = m;
	*loaded = 1;
	return m;
fail:
	if (m->lib != NULL)
		dlclose(m->lib);
	free(m->path);
	free(m);
	return NULL;
}

/* The slot holding the token `u` names. 0, or -1 when none does. */
static int
find_slot(struct p11_mod *m, const struct p11_uri *u, CK_SLOT_ID *slot)
{
	CK_SLOT_ID *slots = NULL;
	CK_ULONG nslots = 0, i;
	CK_RV rv;
	int have = 0;

	mod_lock(m);
	rv = m->f->C_GetSlotList(CK_TRUE, NULL, &nslots);
	if (rv == CKR_CRYPTOKI_NOT_INITIALIZED && mod_init(m) == CKR_OK)
		rv = m->f->C_GetSlotList(CK_TRUE, NULL, &nslots);
	if (rv != CKR_OK ||
	    (nslots > 0 && ((slots = calloc(nslots, sizeof(*slots))) == NULL ||
	    m->f->C_GetSlotList(CK_TRUE, slots, &nslots) != CKR_OK)))
		nslots = 0;
	for (i = 0; i < nslots && !have; i++) {
		CK_TOKEN_INFO ti;

		if (m->f->C_GetTokenInfo(slots[i], &ti) != CKR_OK)
			continue;
		if (u->has_token && !label_eq(ti.label, sizeof(ti.label),
		    u->token))
			continue;
		if (u->has_serial && !label_eq(ti.serialNumber,
		    sizeof(ti.serialNumber), u->serial))
			continue;
		*slot = slots[i];
		have = 1;
	}
	mod_unlock(m);
	free(slots);
	return have ? 0 : -1;
}

static size_t
ec_size(struct p11_ent *e)
{
	unsigned char buf[256];
	CK_ATTRIBUTE a = { CKA_EC_PARAMS, buf, sizeof(buf) };
	const unsigned char *q = buf;
	ASN1_OBJECT *oid;
	EC_GROUP *g;
	size_t n = 0;

	if (e->m->f->C_GetAttributeValue(e->s, e->key, &a, 1) != CKR_OK)
		return 0;
	if ((oid = d2i_ASN1_OBJECT(NULL, &q, (long)a.ulValueLen)) == NULL)
		return 0;
	if ((g = EC_GROUP_new_by_curve_name(OBJ_obj2nid(oid))) != NULL)
		n = ((size_t)EC_GROUP_get_degree(g) + 7) / 8;
	EC_GROUP_free(g);
	ASN1_OBJECT_free(oid);
	return n;
}

/* Close the entry's session, if open; under its mu or when it is the
 * caller's alone. The last session on a token logs the token out. */
static void
ent_close(struct p11_ent *e)
{
	if (!e->open)
		return;
	mod_lock(e->m);
	e->m->f->C_CloseSession(e->s);
	mod_unlock(e->m);
	e->open = 0;
}

static void
ent_free(struct p11_ent *e)
{
	ent_close(e);
	pthread_mutex_destroy(&e->mu);
	explicit_bzero(e->pin, sizeof(e->pin));
	free(e->uri);
	free(e);
}

/* Take the entry off the list, if on it. Under p11_mu. */
static void
ent_unlist(struct p11_ent *e)
{
	struct p11_ent **pp;

	if (!e->listed)
		return;
	for (pp = &ents; *pp != NULL; pp = &(*pp)->next)
		if (*pp == e) {
			*pp = e->next;
			break;
		}
	e->next = NULL;
	e->listed = 0;
}

/* A new reference to the kept entry for this module, URI and PIN (any
 * PIN typed at the prompt), or NULL. Under p11_mu. */
static struct p11_ent *
ent_find(const char *module, const char *uri, enum pin_src src,
    const char *pin)
{
	struct p11_ent *e;

	for (e = ents; e != NULL; e = e->next)
		if (e->src == src && strcmp(e->uri, uri) == 0 &&
		    strcmp(e->m->path, module) == 0 &&
		    (src == PIN_TTY || strcmp(e->pin, pin) == 0)) {
			e->refs++;
			e->used = ++ticks;
			return e;
		}
	return NULL;
}

static void
ent_release(struct p11_ent *e)
{
	int last;

	pthread_mutex_lock(&p11_mu);
	last = --e->refs == 0 && !e->listed;
	pthread_mutex_unlock(&p11_mu);
	if (last)
		ent_free(e);
}

/* Keep new entry `e` (one reference, the caller's); beyond ENTRIES_MAX
 * the least recently used idle entry is dropped. Under open_mu. */
static void
ent_keep(struct p11_ent *e)
{
	struct p11_ent *x, *old = NULL;
	size_t n = 0;

	pthread_mutex_lock(&p11_mu);
	for (x = ents; x != NULL; x = x->next) {
		n++;
		if (x->refs == 0 && (old == NULL || x->used < old->used))
			old = x;
	}
	if (n >= ENTRIES_MAX && old != NULL)
		ent_unlist(old);
	else
		old = NULL;
	e->refs = 1;
	e->used = ++ticks;
	e->listed = 1;
	e->next = ents;
	ents = e;
	pthread_mutex_unlock(&p11_mu);
	if (old != NULL)
		ent_free(old);
}

/* Drop the kept entries on module `f` (only those logged in on `slot`
 * with a PIN other than `pin`, when `pin` is set), closing their
 * sessions once a signature under way on one is done. Their holders
 * open afresh at their next signature. Under open_mu. */
static void
drop_entries(CK_FUNCTION_LIST_PTR f, CK_SLOT_ID slot, const char *pin)
{
	struct p11_ent *e, **pp, *drop = NULL;

	pthread_mutex_lock(&p11_mu);
	for (pp = &ents; (e = *pp) != NULL;) {
		if (e->m->f == f && (pin == NULL || (e->slot == slot &&
		    strcmp(e->pin, pin) != 0))) {
			*pp = e->next;
			e->listed = 0;
			e->refs++;
			e->next = drop;
			drop = e;
		} else
			pp = &e->next;
	}
	pthread_mutex_unlock(&p11_mu);
	while ((e = drop) != NULL) {
		drop = e->next;
		e->next = NULL;
		pthread_mutex_lock(&e->mu);
		ent_close(e);
		pthread_mutex_unlock(&e->mu);
		ent_release(e);
	}
}

/*
 * Finalise module `m` and initialise it again when a token is not found
 * (unless it was loaded just now), so that it looks for tokens afresh
 * (SoftHSM, for one, reads its token folder only then): a token made or
 * plugged in since, or made again under the same name. Only for a module this process initialised. The
 * kept entries on it are dropped: at worst, when a token is named
 * wrongly again and again, each time costs what every signature cost
 * when nothing was kept.
 *
 * Outside open_mu, held here, every session of the module belongs to a
 * kept entry and is used only under that entry's mu; once each is
 * closed under it, no other thread is inside the module. 0 or -1.
 */
static int
mod_rescan(struct p11_mod *m)
{
	if (!m->ours)
		return -1;
	drop_entries(m->f, 0, NULL);
	m->f->C_Finalize(NULL);
	m->ours = 0;
	tally(&stats.rescans);
	return mod_init(m) == CKR_OK ? 0 : -1;
}

/*
 * Open `uri` on `module` afresh, unless another thread just did: the
 * token, the PIN (`pin`, or asked at the prompt when NULL), a session,
 * the login, the key. A new reference to a kept entry; NULL with `err`
 * set and nothing kept.
 */
static struct p11_ent *
ent_open(const char *module, const char *uri, enum pin_src src,
    const char *pin, char *err, size_t errlen)
{
	CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
	CK_ATTRIBUTE tmpl[3];
	CK_ULONG nt = 0, found = 0;
	CK_KEY_TYPE kt = 0;
	CK_ATTRIBUTE ka = { CKA_KEY_TYPE, &kt, sizeof(kt) };
	CK_FUNCTION_LIST_PTR f;
	struct p11_ent *e;
	struct p11_mod *m;
	struct p11_uri u;
	CK_RV rv;
	int loaded, searched;

	pthread_mutex_lock(&open_mu);
	pthread_mutex_lock(&p11_mu);
	e = ent_find(module, uri, src, pin);
	pthread_mutex_unlock(&p11_mu);
	if (e != NULL)
		goto done;
	if (parse_uri(uri, &u) < 0) {
		sign_err(err, errlen, "URI PKCS#11 sai cú pháp: %s", uri);
		goto done;
	}
	if ((m = mod_get(module, &loaded, err, errlen)) == NULL)
		goto done;
	f = m->f;
	if ((e = calloc(1, sizeof(*e))) == NULL ||
	    (e->uri = strdup(uri)) == NULL) {
		free(e);
		e = NULL;
		sign_err(err, errlen, "hết bộ nhớ");
		goto done;
	}
	pthread_mutex_init(&e->mu, NULL);
	e->m = m;
	e->src = src;
	if (find_slot(m, &u, &e->slot) < 0 && (loaded || mod_rescan(m) < 0 ||
	    find_slot(m, &u, &e->slot) < 0)) {
		sign_err(err, errlen, "không thấy token%s%s%s (token chưa"
		    " cắm, hoặc sai tên)", u.has_token ? " \"" : "",
		    u.has_token ? u.token : "", u.has_token ? "\"" : "");
		goto fail;
	}
	if (pin != NULL)
		snprintf(e->pin, sizeof(e->pin), "%s", pin);
	else if (ask_pin(e->pin, sizeof(e->pin)) < 0) {
		sign_err(err, errlen, "cần mã PIN của token (pin-value trong"
		    " URI hoặc biến CONGSO_PIN)");
		goto fail;
	}
	/* Log the token out if entries logged in with another PIN. */
	drop_entries(f, e->slot, e->pin);
	mod_lock(m);
	rv = f->C_OpenSession(e->slot, CKF_SERIAL_SESSION, NULL, NULL, &e->s);
	mod_unlock(m);
	if (rv != CKR_OK) {
		sign_err(err, errlen, "không mở được phiên làm việc với"
		    " token");
		goto fail;
	}
	e->open = 1;
	tally(&stats.sessions);
	mod_lock(m);
	rv = f->C_Login(e->s, CKU_USER, (CK_UTF8CHAR_PTR)e->pin,
	    (CK_ULONG)strlen(e->pin));
	mod_unlock(m);
	tally(&stats.logins);
	if (rv == CKR_PIN_INCORRECT) {
		sign_err(err, errlen, "mã PIN của token sai");
		goto fail;
	}
	if (rv == CKR_PIN_LOCKED) {
		sign_err(err, errlen, "token đã bị khóa do nhập sai mã PIN"
		    " quá nhiều lần");
		goto fail;
	}
	if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) {
		sign_err(err, errlen, "không đăng nhập được token (CKR"
		    " 0x%lx)", (unsigned long)rv);
		goto fail;
	}
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
	mod_lock(m);
	rv = f->C_FindObjectsInit(e->s, tmpl, nt);
	if ((searched = rv == CKR_OK)) {
		rv = f->C_FindObjects(e->s, &e->key, 1, &found);
		f->C_FindObjectsFinal(e->s);
		if (rv == CKR_OK && found > 0)
			rv = f->C_GetAttributeValue(e->s, e->key, &ka, 1);
		if (rv == CKR_OK && found > 0 && kt == CKK_EC)
			e->ecsize = ec_size(e);
	}
	mod_unlock(m);
	if (!searched) {
		sign_err(err, errlen, "token không tìm kiếm được khóa");
		goto fail;
	}
	if (found == 0) {
		sign_err(err, errlen, "không thấy khóa bí mật \"%s\" trên"
		    " token", u.has_object ? u.object : "(id)");
		goto fail;
	}
	if (rv != CKR_OK) {
		sign_err(err, errlen, "không đọc được loại khóa trên token");
		goto fail;
	}
	if (kt == CKK_RSA)
		e->type = EVP_PKEY_RSA;
	else if (kt == CKK_EC) {
		e->type = EVP_PKEY_EC;
		if (e->ecsize == 0) {
			sign_err(err, errlen, "đường cong của khóa ECDSA trên"
			    " token không hỗ trợ");
			goto fail;
		}
	} else {
		sign_err(err, errlen, "khóa trên token không phải RSA hay"
		    " ECDSA");
		goto fail;
	}
	ent_keep(e);
	goto done;
fail:
	ent_free(e);
	e = NULL;
done:
	pthread_mutex_unlock(&open_mu);
	explicit_bzero(&u, sizeof(u));
	return e;
}

int
sign_p11_open(const char *uri, const char *module, struct sign_p11 **out,
    int *type, char *err, size_t errlen)
{
	struct sign_p11 *p;
	struct p11_ent *e;
	struct p11_uri u;
	enum pin_src src = PIN_TTY;
	char pin[URI_MAX] = "";
	const char *env;

	*out = NULL;
	if (parse_uri(uri, &u) < 0)
		return sign_err(err, errlen, "URI PKCS#11 sai cú pháp: %s", uri);
	if (!u.has_object && !u.has_id)
		return sign_err(err, errlen, "URI PKCS#11 cần object= hoặc id="
		    " để chọn khóa");
	if (u.has_pin) {
		src = PIN_URI;
		snprintf(pin, sizeof(pin), "%s", u.pin);
	} else if ((env = getenv("CONGSO_PIN")) != NULL) {
		src = PIN_ENV;
		snprintf(pin, sizeof(pin), "%s", env);
	}
	explicit_bzero(&u, sizeof(u));
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return sign_err(err, errlen, "hết bộ nhớ");
	pthread_mutex_lock(&p11_mu);
	e = ent_find(module, uri, src, pin);
	pthread_mutex_unlock(&p11_mu);
	if (e == NULL)
		e = ent_open(module, uri, src, src == PIN_TTY ? NULL : pin,
		    err, errlen);
	explicit_bzero(pin, sizeof(pin));
	if (e == NULL) {
		free(p);
		return -1;
	}
	p->e = e;
	*type = e->type;
	*out = p;
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

/* A kept session failed in a way that a fresh open may mend. */
static int
gone(CK_RV rv)
{
	switch (rv) {
	case CKR_SESSION_HANDLE_INVALID:
	case CKR_SESSION_CLOSED:
	case CKR_USER_NOT_LOGGED_IN:
	case CKR_DEVICE_REMOVED:
	case CKR_DEVICE_ERROR:
	case CKR_TOKEN_NOT_PRESENT:
	case CKR_TOKEN_NOT_RECOGNIZED:
	case CKR_KEY_HANDLE_INVALID:
	case CKR_OBJECT_HANDLE_INVALID:
	case CKR_OPERATION_ACTIVE:
	case CKR_CRYPTOKI_NOT_INITIALIZED:
		return 1;
	default:
		return 0;
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
	CK_ULONG outlen;
	const unsigned char *pre;
	struct p11_ent *e, *fresh;
	size_t inlen = hlen, plen, ecsize = 0;
	CK_RV rv;
	int tries, failed;

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
	/* A kept session that fails is dropped and the signature made once
	 * more on a fresh open; one found closed (dropped by another
	 * thread) is opened afresh without counting as a failure. A
	 * session lost again and again (gone(): another thread's wrong PIN
	 * logs the token out, a token not found makes the module rescan)
	 * is opened afresh each time, up to P11_TRIES opens: each of them
	 * succeeded, so the token and the PIN are good, and only others'
	 * opens came between. Any other failure ends at once. */
	for (tries = 0, failed = 0;; tries++) {
		e = p->e;
		outlen = sizeof(out);
		rv = CKR_SESSION_CLOSED;
		pthread_mutex_lock(&e->mu);
		if (e->open) {
			mod_lock(e->m);
			rv = e->m->f->C_SignInit(e->s, &mech, e->key);
			if (rv == CKR_OK)
				rv = e->m->f->C_Sign(e->s, in, (CK_ULONG)inlen,
				    out, &outlen);
			mod_unlock(e->m);
			if (rv != CKR_OK)
				failed++;
		}
		if (rv == CKR_OK) {
			ecsize = e->ecsize;
			pthread_mutex_unlock(&e->mu);
			break;
		}
		/* Gone, or left in a state not worth guessing: the
		 * session is not used again. */
		ent_close(e);
		pthread_mutex_lock(&p11_mu);
		ent_unlist(e);
		pthread_mutex_unlock(&p11_mu);
		pthread_mutex_unlock(&e->mu);
		if ((failed > 0 && !gone(rv)) || tries >= P11_TRIES)
			return sign_err(err, errlen, "token từ chối ký (CKR"
			    " 0x%lx)", (unsigned long)rv);
		tally(&stats.reopens);
		if ((fresh = ent_open(e->m->path, e->uri, e->src, e->pin, err,
		    errlen)) == NULL)
			return -1;
		p->e = fresh;
		ent_release(e);
		if (fresh->type != type)
			return sign_err(err, errlen, "khóa trên token đã bị"
			    " thay bằng khóa loại khác");
	}
	if (type == EVP_PKEY_EC) {
		ECDSA_SIG *es = ECDSA_SIG_new();
		BIGNUM *r, *s;
		unsigned char *der = NULL;
		int n;

		if (es == NULL || outlen != 2 * ecsize) {
			ECDSA_SIG_free(es);
			return sign_err(err, errlen, "token trả chữ ký ECDSA"
			    " sai độ dài");
		}
		r = BN_bin2bn(out, (int)ecsize, NULL);
		s = BN_bin2bn(out + ecsize, (int)ecsize, NULL);
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
	ent_release(p->e);
	free(p);
}
