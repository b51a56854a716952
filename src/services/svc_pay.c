/* svc_pay.c - the payment-provider interface and its only implementation
 * so far: a test double ("Thử nghiệm - không thu tiền thật") that hands
 * out references and confirms every one it gave. A real provider (the
 * national portal's payment platform) plugs in behind the same struct. */
#include <stdio.h>
#include <string.h>

#include <openssl/rand.h>

#include "svc_int.h"

static int
test_start(const char *dossier_code, long amount, char ref[65])
{
	unsigned char r[8];

	(void)dossier_code;
	if (amount <= 0 || RAND_bytes(r, sizeof(r)) != 1)
		return -1;
	snprintf(ref, 65, "TEST-%02x%02x%02x%02x%02x%02x%02x%02x", r[0], r[1],
	    r[2], r[3], r[4], r[5], r[6], r[7]);
	return 0;
}

static int
test_status(const char *ref)
{
	/* Every reference this double gave is paid; nothing else is. */
	return ref && strncmp(ref, "TEST-", 5) == 0 && strlen(ref) == 21;
}

static const struct svc_pay_provider test_double = {
	"Thử nghiệm - không thu tiền thật", test_start, test_status
};

const struct svc_pay_provider *
svc_pay_provider(void)
{
	return &test_double;
}
