/*
 * fuzz_sign_trust.c - libFuzzer harness for the reader of files imported
 * into the trust store (PEM with certificates and CRLs, or one DER
 * certificate or CRL), and for adding what it read to a store.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sign/sign_int.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sign_trust_item *it;
	char err[SIGN_ERR_MAX];
	X509_STORE *st;
	size_t n, i;

	if (sign_trust_parse(data, size, NULL, &it, &n, err, sizeof(err)) < 0)
		return 0;
	if ((st = X509_STORE_new()) != NULL) {
		for (i = 0; i < n; i++)
			sign_store_add_der(st, it[i].kind, it[i].der,
			    it[i].derlen);
		X509_STORE_free(st);
	}
	sign_trust_items_free(it, n);
	return 0;
}
