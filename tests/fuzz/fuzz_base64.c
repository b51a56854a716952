/*
 * fuzz_base64.c - libFuzzer harness for the streaming base64 decoder.
 *
 * The first byte chooses where the input is split in two; the rest is
 * the text. Decoding in two calls must give what one call gives, and
 * whatever congso accepts OpenSSL's decoder must accept with the same
 * bytes (congso is the stricter of the two, never the looser).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/base64.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *one, *two, *ref;
	struct b64dec d;
	EVP_ENCODE_CTX *ec;
	const char *s;
	size_t n, cut;
	long r1, a, b;
	int o1, o2, ok;

	if (size < 1 || size > 65536)
		return 0;
	cut = data[0];
	s = (const char *)data + 1;
	n = size - 1;
	if (cut > n)
		cut = n;
	one = malloc(n / 4 * 3 + 3);
	two = malloc(n / 4 * 3 + 3);
	ref = malloc(n / 4 * 3 + 3);
	if (one == NULL || two == NULL || ref == NULL)
		abort();
	r1 = b64_decode(s, n, one);
	b64dec_init(&d);
	a = b64dec_update(&d, s, cut, two);
	b = a < 0 ? -1 : b64dec_update(&d, s + cut, n - cut, two + a);
	if (b >= 0 && b64dec_final(&d) < 0)
		b = -1;
	if ((r1 < 0) != (b < 0))
		abort();
	if (r1 >= 0) {
		if (a + b != r1 || memcmp(one, two, (size_t)r1) != 0)
			abort();
		if ((ec = EVP_ENCODE_CTX_new()) == NULL)
			abort();
		EVP_DecodeInit(ec);
		ok = EVP_DecodeUpdate(ec, ref, &o1, (const unsigned char *)s,
		    (int)n) >= 0 && EVP_DecodeFinal(ec, ref + o1, &o2) >= 0;
		EVP_ENCODE_CTX_free(ec);
		if (!ok || o1 + o2 != r1 || memcmp(one, ref, (size_t)r1) != 0)
			abort();
	}
	free(one);
	free(two);
	free(ref);
	return 0;
}
