/* test_sign_p11.c - keys on a PKCS#11 token stay open across signatures
 * (src/sign/sign_key_p11.c): a second signature opens no new session,
 * threads share a key safely, a wrong PIN or an absent token is refused
 * and nothing kept, and a key deleted or a token initialised again
 * between two signatures gives a clear error or a fresh open, never a
 * stale session. Against SoftHSM2 set up with softhsm2-util and OpenSC's
 * pkcs11-tool in a temporary folder; skipped when they are missing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "sign/sign_int.h"

#define URI_RSA		"pkcs11:token=u;object=k;pin-value=1234"
#define URI_EC		"pkcs11:token=u;object=e;pin-value=1234"
#define THREADS		4
#define PER_THREAD	50

static char dir[] = "/tmp/congso-p11-XXXXXX";
static const char *module;
static EVP_PKEY *pub_rsa, *pub_ec;

static int
run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd) == 0 ? 0 : -1;
}

/* Write the private key DIR/`name`.p8 to token `label` as `name`. */
static int
write_key(const char *label, const char *name, const char *id)
{
	return run("pkcs11-tool --module %s --token-label %s --login --pin 1234"
	    " --write-object %s/%s.p8 --type privkey --label %s --id %s"
	    " >/dev/null 2>&1", module, label, dir, name, name, id);
}

/* Token `label` (user PIN 1234) holding RSA key "k" and EC key "e". */
static int
make_token(const char *label)
{
	return run("softhsm2-util --init-token --free --label %s --pin 1234"
	    " --so-pin 5678 >/dev/null 2>&1", label) < 0 ||
	    write_key(label, "k", "01") < 0 ||
	    write_key(label, "e", "02") < 0 ? -1 : 0;
}

static EVP_PKEY *
read_key(const char *name)
{
	char path[512];
	EVP_PKEY *k;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	return k;
}

static int
setup(void **state)
{
	static const char *const mods[] = { "/usr/lib/softhsm/libsofthsm2.so",
	    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", NULL };
	char conf[512];
	FILE *f;
	int i;

	(void)state;
	for (i = 0; mods[i] != NULL && module == NULL; i++)
		if (access(mods[i], R_OK) == 0)
			module = mods[i];
	if (module == NULL || run("command -v softhsm2-util >/dev/null &&"
	    " command -v pkcs11-tool >/dev/null") < 0) {
		module = NULL;
		return 0;
	}
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(conf, sizeof(conf), "%s/softhsm2.conf", dir);
	if ((f = fopen(conf, "w")) == NULL)
		return -1;
	fprintf(f, "directories.tokendir = %s/tokens\n", dir);
	fclose(f);
	setenv("SOFTHSM2_CONF", conf, 1);
	unsetenv("CONGSO_PIN");
	if (run("mkdir %s/tokens", dir) < 0 ||
	    run("cd %s && openssl genpkey -algorithm RSA -pkeyopt"
	    " rsa_keygen_bits:2048 -out k.pem 2>/dev/null &&"
	    " openssl pkcs8 -topk8 -nocrypt -in k.pem -outform DER -out k.p8"
	    " && openssl genpkey -algorithm EC -pkeyopt"
	    " ec_paramgen_curve:P-256 -out e.pem 2>/dev/null &&"
	    " openssl pkcs8 -topk8 -nocrypt -in e.pem -outform DER -out e.p8",
	    dir) < 0 || make_token("u") < 0)
		return -1;
	pub_rsa = read_key("k.pem");
	pub_ec = read_key("e.pem");
	return pub_rsa != NULL && pub_ec != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	EVP_PKEY_free(pub_rsa);
	EVP_PKEY_free(pub_ec);
	if (module != NULL)
		run("rm -rf %s", dir);
	return 0;
}

/* Sign a SHA-256 hash with `k` and check the signature with `pub`:
 * 0, or -1 with `err` set by the key. */
static int
sign_check(struct sign_key *k, EVP_PKEY *pub, char *err, size_t errlen)
{
	unsigned char h[32], *sig = NULL;
	EVP_PKEY_CTX *ctx;
	size_t siglen;
	int ok;

	memset(h, 0x5a, sizeof(h));
	h[0] = (unsigned char)rand();
	if (sign_key_sign(k, EVP_sha256(), h, sizeof(h), &sig, &siglen, err,
	    errlen) < 0)
		return -1;
	ctx = EVP_PKEY_CTX_new(pub, NULL);
	ok = ctx != NULL && EVP_PKEY_verify_init(ctx) == 1 &&
	    (EVP_PKEY_get_base_id(pub) != EVP_PKEY_RSA ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1) &&
	    EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) == 1 &&
	    EVP_PKEY_verify(ctx, sig, siglen, h, sizeof(h)) == 1;
	EVP_PKEY_CTX_free(ctx);
	free(sig);
	if (!ok)
		snprintf(err, errlen, "signature does not verify");
	return ok ? 0 : -1;
}

/* Open `uri`, sign once, close: 0, or -1 with `err`. */
static int
open_sign(const char *uri, EVP_PKEY *pub, char *err, size_t errlen)
{
	struct sign_key *k;
	int rc;

	if (sign_key_open(uri, module, &k, err, errlen) < 0)
		return -1;
	rc = sign_check(k, pub, err, errlen);
	sign_key_free(k);
	return rc;
}

/* The key of `uri`, open and kept after one good RSA signature. */
static struct sign_key *
open_signed(const char *uri)
{
	char err[SIGN_ERR_MAX] = "";
	struct sign_key *k = NULL;

	if (sign_key_open(uri, module, &k, err, sizeof(err)) < 0 ||
	    sign_check(k, pub_rsa, err, sizeof(err)) < 0)
		fail_msg("%s: %s", uri, err);
	return k;
}

static void
test_p11_second_signature_opens_no_session(void **state)
{
	struct sign_p11_stats a, b, c;
	char err[SIGN_ERR_MAX] = "";

	(void)state;
	if (module == NULL)
		skip();
	sign_p11_stats(&a);
	assert_int_equal(open_sign(URI_RSA, pub_rsa, err, sizeof(err)), 0);
	sign_p11_stats(&b);
	assert_int_equal(open_sign(URI_RSA, pub_rsa, err, sizeof(err)), 0);
	assert_int_equal(open_sign(URI_RSA, pub_rsa, err, sizeof(err)), 0);
	sign_p11_stats(&c);
	/* The first open may be the process's first: one session, one
	 * login, the module initialised at most once. */
	assert_true(b.sessions - a.sessions <= 1);
	assert_true(b.inits <= 1);
	assert_int_equal(c.sessions, b.sessions);
	assert_int_equal(c.logins, b.logins);
	assert_int_equal(c.inits, b.inits);
	assert_int_equal(c.reopens, b.reopens);
	assert_true(c.kept >= 1);
}

static void
test_p11_ec_key_is_kept_too(void **state)
{
	struct sign_p11_stats a, b;
	char err[SIGN_ERR_MAX] = "";
	struct sign_key *k;
	int i;

	(void)state;
	if (module == NULL)
		skip();
	assert_int_equal(open_sign(URI_EC, pub_ec, err, sizeof(err)), 0);
	sign_p11_stats(&a);
	assert_int_equal(sign_key_open(URI_EC, module, &k, err, sizeof(err)),
	    0);
	assert_int_equal(sign_key_type(k), EVP_PKEY_EC);
	for (i = 0; i < 10; i++)
		assert_int_equal(sign_check(k, pub_ec, err, sizeof(err)), 0);
	sign_key_free(k);
	sign_p11_stats(&b);
	assert_int_equal(b.sessions, a.sessions);
}

struct worker {
	pthread_t	 t;
	int		 fails;
	char		 err[SIGN_ERR_MAX];
};

static void *
work(void *arg)
{
	struct worker *w = arg;
	int i;

	for (i = 0; i < PER_THREAD; i++) {
		/* Half the time a key of its own, half a fresh open. */
		if (i % 2 == 0) {
			if (open_sign(URI_RSA, pub_rsa, w->err,
			    sizeof(w->err)) < 0)
				w->fails++;
		} else if (open_sign(URI_EC, pub_ec, w->err,
		    sizeof(w->err)) < 0)
			w->fails++;
	}
	return NULL;
}

static void
test_p11_threads_share_kept_sessions(void **state)
{
	struct worker w[THREADS];
	struct sign_p11_stats a, b;
	char err[SIGN_ERR_MAX] = "";
	int i;

	(void)state;
	if (module == NULL)
		skip();
	assert_int_equal(open_sign(URI_RSA, pub_rsa, err, sizeof(err)), 0);
	assert_int_equal(open_sign(URI_EC, pub_ec, err, sizeof(err)), 0);
	sign_p11_stats(&a);
	memset(w, 0, sizeof(w));
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&w[i].t, NULL, work, &w[i]),
		    0);
	/* Every thread is joined before any check may end the test: a
	 * thread left running would use this frame once it is gone. */
	for (i = 0; i < THREADS; i++)
		pthread_join(w[i].t, NULL);
	for (i = 0; i < THREADS; i++)
		if (w[i].fails != 0)
			fail_msg("thread %d: %d failed: %s", i, w[i].fails,
			    w[i].err);
	sign_p11_stats(&b);
	assert_int_equal(b.sessions, a.sessions);
	assert_int_equal(b.reopens, a.reopens);
}

struct holder {
	pthread_t	 t;
	int		 fails;
	atomic_int	*stop;
	char		 err[SIGN_ERR_MAX];
};

static void *
hold(void *arg)
{
	struct holder *w = arg;
	struct sign_key *k;
	int i;

	if (sign_key_open(URI_RSA, module, &k, w->err, sizeof(w->err)) < 0) {
		w->fails++;
		return NULL;
	}
	for (i = 0; !atomic_load(w->stop) || i < 20; i++)
		if (sign_check(k, pub_rsa, w->err, sizeof(w->err)) < 0)
			w->fails++;
	sign_key_free(k);
	return NULL;
}

/* Threads signing with keys they hold while another thread tries a
 * wrong PIN (which logs the token out under them) and an absent token
 * (which makes the module initialised again): they sign on, on fresh
 * opens, and never fail. */
static void
test_p11_threads_survive_logout_and_rescan(void **state)
{
	struct holder w[THREADS];
	struct sign_p11_stats a, b;
	char err[SIGN_ERR_MAX] = "";
	atomic_int stop = 0;
	struct sign_key *k;
	int i, opened = 0;

	(void)state;
	if (module == NULL)
		skip();
	sign_p11_stats(&a);
	memset(w, 0, sizeof(w));
	for (i = 0; i < THREADS; i++) {
		w[i].stop = &stop;
		assert_int_equal(pthread_create(&w[i].t, NULL, hold, &w[i]),
		    0);
	}
	for (i = 0; i < 10; i++) {
		if (sign_key_open(i % 2 ? "pkcs11:token=u;"
		    "object=k;pin-value=4321" : "pkcs11:token=gone;object=k;"
		    "pin-value=1234", module, &k, err, sizeof(err)) == 0) {
			sign_key_free(k);
			opened++;
		}
		usleep(2000);
	}
	/* Joined before any check may end the test (see above). */
	atomic_store(&stop, 1);
	for (i = 0; i < THREADS; i++)
		pthread_join(w[i].t, NULL);
	assert_int_equal(opened, 0);
	for (i = 0; i < THREADS; i++)
		if (w[i].fails != 0)
			fail_msg("thread %d: %d failed: %s", i, w[i].fails,
			    w[i].err);
	sign_p11_stats(&b);
	assert_int_equal(b.rescans, a.rescans + 5);
	assert_true(b.reopens > a.reopens);
}

static void
test_p11_wrong_pin_is_refused_and_not_kept(void **state)
{
	struct sign_p11_stats a, b;
	char err[SIGN_ERR_MAX] = "";
	struct sign_key *k;
	int i;

	(void)state;
	if (module == NULL)
		skip();
	/* The token is logged in by the kept entry: the wrong PIN must
	 * still be checked, not let through as "already logged in". */
	assert_int_equal(open_sign(URI_RSA, pub_rsa, err, sizeof(err)), 0);
	for (i = 0; i < 2; i++) {
		sign_p11_stats(&a);
		assert_int_equal(sign_key_open("pkcs11:token=u;object=k;"
		    "pin-value=9999", module, &k, err, sizeof(err)), -1);
		assert_null(k);
		assert_string_equal(err, "mã PIN của token sai");
		sign_p11_stats(&b);
		assert_true(b.kept <= a.kept);
		assert_int_equal(b.logins, a.logins + 1);
	}
	/* The right PIN opens again and signs. */
	assert_int_equal(open_sign(URI_RSA, pub_rsa, err, sizeof(err)), 0);
	/* The same with the PIN from CONGSO_PIN. */
	setenv("CONGSO_PIN", "0000", 1);
	assert_int_equal(sign_key_open("pkcs11:token=u;object=k", module, &k,
	    err, sizeof(err)), -1);
	assert_string_equal(err, "mã PIN của token sai");
	setenv("CONGSO_PIN", "1234", 1);
	assert_int_equal(open_sign("pkcs11:token=u;object=k", pub_rsa, err,
	    sizeof(err)), 0);
	unsetenv("CONGSO_PIN");
}

static void
test_p11_absent_token_or_key_is_named(void **state)
{
	struct sign_p11_stats a, b;
	char err[SIGN_ERR_MAX] = "";
	struct sign_key *k;

	(void)state;
	if (module == NULL)
		skip();
	sign_p11_stats(&a);
	assert_int_equal(sign_key_open("pkcs11:token=nope;object=k;"
	    "pin-value=1234", module, &k, err, sizeof(err)), -1);
	assert_string_equal(err, "không thấy token \"nope\" (token chưa cắm,"
	    " hoặc sai tên)");
	assert_int_equal(sign_key_open("pkcs11:token=u;object=nope;"
	    "pin-value=1234", module, &k, err, sizeof(err)), -1);
	assert_string_equal(err, "không thấy khóa bí mật \"nope\" trên token");
	sign_p11_stats(&b);
	assert_true(b.kept <= a.kept);
	assert_int_equal(open_sign(URI_RSA, pub_rsa, err, sizeof(err)), 0);
}

/* A key deleted on the token by another process between two
 * signatures: the second fails naming the key, and nothing stale is
 * kept; once the key is back, signing works again. */
static void
test_p11_key_deleted_between_signatures(void **state)
{
	struct sign_p11_stats a, b;
	char err[SIGN_ERR_MAX] = "";
	struct sign_key *k;

	(void)state;
	if (module == NULL)
		skip();
	k = open_signed(URI_RSA);
	assert_int_equal(run("pkcs11-tool --module %s --token-label u --login"
	    " --pin 1234 --delete-object --type privkey --label k"
	    " >/dev/null 2>&1", module), 0);
	sign_p11_stats(&a);
	assert_int_equal(sign_check(k, pub_rsa, err, sizeof(err)), -1);
	assert_string_equal(err, "không thấy khóa bí mật \"k\" trên token");
	sign_key_free(k);
	sign_p11_stats(&b);
	assert_int_equal(b.reopens, a.reopens + 1);
	/* A new open finds nothing kept and fails the same way. */
	assert_int_equal(sign_key_open(URI_RSA, module, &k, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "không thấy khóa bí mật \"k\" trên token");
	assert_int_equal(write_key("u", "k", "01"), 0);
	assert_int_equal(open_sign(URI_RSA, pub_rsa, err, sizeof(err)), 0);
	assert_int_equal(open_sign(URI_EC, pub_ec, err, sizeof(err)), 0);
}

/* The token deleted and made again under the same name (new files, a
 * new serial) between two signatures: the second signature finds the
 * kept session gone, looks for the token afresh and signs; nothing
 * stale is used. */
static void
test_p11_token_made_again_between_signatures(void **state)
{
	struct sign_p11_stats a, b;
	char err[SIGN_ERR_MAX] = "";
	struct sign_key *k;

	(void)state;
	if (module == NULL)
		skip();
	k = open_signed(URI_RSA);
	assert_int_equal(run("softhsm2-util --delete-token --token u"
	    " >/dev/null 2>&1"), 0);
	assert_int_equal(make_token("u"), 0);
	sign_p11_stats(&a);
	if (sign_check(k, pub_rsa, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	sign_p11_stats(&b);
	assert_int_equal(b.reopens, a.reopens + 1);
	assert_int_equal(b.rescans, a.rescans + 1);
	assert_int_equal(sign_check(k, pub_rsa, err, sizeof(err)), 0);
	sign_key_free(k);
	assert_int_equal(open_sign(URI_RSA, pub_rsa, err, sizeof(err)), 0);
	assert_int_equal(open_sign(URI_EC, pub_ec, err, sizeof(err)), 0);
}

/* A token deleted between two signatures: a clear error, each time. */
static void
test_p11_token_deleted_between_signatures(void **state)
{
	char err[SIGN_ERR_MAX] = "";
	struct sign_key *k;

	(void)state;
	if (module == NULL)
		skip();
	assert_int_equal(make_token("w"), 0);
	k = open_signed("pkcs11:token=w;object=k;pin-value=1234");
	assert_int_equal(run("softhsm2-util --delete-token --token w"
	    " >/dev/null 2>&1"), 0);
	assert_int_equal(sign_check(k, pub_rsa, err, sizeof(err)), -1);
	assert_string_equal(err, "không thấy token \"w\" (token chưa cắm,"
	    " hoặc sai tên)");
	assert_int_equal(sign_check(k, pub_rsa, err, sizeof(err)), -1);
	assert_string_equal(err, "không thấy token \"w\" (token chưa cắm,"
	    " hoặc sai tên)");
	sign_key_free(k);
	/* The other token's key still signs. */
	assert_int_equal(open_sign(URI_RSA, pub_rsa, err, sizeof(err)), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_p11_second_signature_opens_no_session),
		cmocka_unit_test(test_p11_ec_key_is_kept_too),
		cmocka_unit_test(test_p11_threads_share_kept_sessions),
		cmocka_unit_test(test_p11_threads_survive_logout_and_rescan),
		cmocka_unit_test(test_p11_wrong_pin_is_refused_and_not_kept),
		cmocka_unit_test(test_p11_absent_token_or_key_is_named),
		cmocka_unit_test(test_p11_key_deleted_between_signatures),
		cmocka_unit_test(test_p11_token_made_again_between_signatures),
		cmocka_unit_test(test_p11_token_deleted_between_signatures),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
