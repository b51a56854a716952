/* digest.c - the message digests of OpenSSL, fetched once (digest.h). */
#include <pthread.h>

#include "digest.h"

static const EVP_MD *fetched[3];
static pthread_once_t fetched_once = PTHREAD_ONCE_INIT;

static void
fetch(void)
{
	fetched[0] = EVP_MD_fetch(NULL, "SHA1", NULL);
	fetched[1] = EVP_MD_fetch(NULL, "SHA256", NULL);
	fetched[2] = EVP_MD_fetch(NULL, "SHA512", NULL);
}

const EVP_MD *
digest_md(int bits)
{
	int i = bits == 1 ? 0 : bits == 256 ? 1 : 2;

	pthread_once(&fetched_once, fetch);
	if (fetched[i] != NULL)
		return fetched[i];
	/* Not fetched (no provider?): the built-in, looked up each time. */
	return i == 0 ? EVP_sha1() : i == 1 ? EVP_sha256() : EVP_sha512();
}

void
digest_hex(const unsigned char *p, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * n] = '\0';
}
