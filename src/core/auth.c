/* auth.c - password hashing and tokens. */
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <argon2.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "auth.h"
#include "digest.h"
#include "fold.h"
#include "log.h"

#define T_COST	2
#define M_COST	19456
#define PARALLEL 1

/* One Argon2id computation at a time: each takes 19 MiB, and sign-ins are
 * rare beside reads, so a burst of them waits its turn instead of raising
 * the server's memory by 19 MiB per thread. */
static pthread_mutex_t kdf_lock = PTHREAD_MUTEX_INITIALIZER;

/* Under kdf_lock, before the 19 MiB are taken: give the memory the
 * request threads' allocators hold free back to the system, so that
 * a sign-in's peak stands on what the server uses, not on what a burst
 * of requests left behind (9 MiB after a load of lists). */
static void
kdf_room(void)
{
	malloc_trim(0);
}

int
auth_hash_password(const char *password, char out[AUTH_HASH_MAX])
{
	unsigned char salt[16];
	int rc;

	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return -1;
	pthread_mutex_lock(&kdf_lock);
	kdf_room();
	rc = argon2id_hash_encoded(T_COST, M_COST, PARALLEL, password,
	    strlen(password), salt, sizeof(salt), 32, out, AUTH_HASH_MAX);
	pthread_mutex_unlock(&kdf_lock);
	if (rc != ARGON2_OK) {
		log_error("argon2id failed");
		return -1;
	}
	return 0;
}

int
auth_verify_password(const char *encoded, const char *password)
{
	int rc;

	if (encoded == NULL || strncmp(encoded, "$argon2id$", 10) != 0)
		return 0;
	pthread_mutex_lock(&kdf_lock);
	kdf_room();
	rc = argon2id_verify(encoded, password, strlen(password));
	pthread_mutex_unlock(&kdf_lock);
	return rc == ARGON2_OK;
}

static char dummy[AUTH_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy(void)
{
	char pw[AUTH_TOKEN_HEX];

	if (auth_token(pw) < 0 || auth_hash_password(pw, dummy) < 0)
		dummy[0] = '\0';
}

const char *
auth_dummy_hash(void)
{
	pthread_once(&dummy_once, make_dummy);
	return dummy;
}

int
auth_token(char out[AUTH_TOKEN_HEX])
{
	unsigned char b[16];

	if (RAND_bytes(b, sizeof(b)) != 1)
		return -1;
	digest_hex(b, 16, out);
	return 0;
}

void
auth_sha256_hex(const char *s, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[32];
	unsigned int n;
	int i;

	/* Runs on every authenticated request: no printf per byte. */
	EVP_Digest(s, len, md, &n, digest_md(256), NULL);
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

const char *
auth_password_weak(const char *password)
{
	size_t n = strlen(password);

	if (!utf8_valid(password, n))
		return "Mật khẩu không phải UTF-8 hợp lệ";
	if (utf8_length(password) < 10)
		return "Mật khẩu phải có ít nhất 10 ký tự";
	if (n > 256)
		return "Mật khẩu dài quá 256 byte";
	return NULL;
}
