/*
 * fuzz_edxml_verify.c - libFuzzer harness for the signature check of
 * edXML packages (src/exchange/edxml_sig.c, edxml_verify.c): the
 * streaming pass that canonicalizes and digests a package and captures
 * its XML-DSig Signature (SignedInfo, algorithms, values, certificates),
 * then the judgement (digest, signature value, certificate chain).
 *
 * The input is a package as it would arrive. Whatever it is, the check
 * must neither crash nor leak, and what it reports must hold together:
 * nothing is intact without a Signature, nothing trusted unless intact,
 * and an intact one names its certificate. The trust store is empty, so
 * nothing may come out trusted. The same input then goes through the one
 * parse that checks and reads (edxml_verify_read, as the server
 * receives): it must find a package exactly where the check alone does,
 * with the same verdict, whether or not the reader accepts it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openssl/x509.h>

#include "exchange/edxml.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static X509_STORE *store;
	struct edxml_sigcheck c, c2;
	struct edxml_pkg *pkg;
	struct arena a = ARENA_INIT;
	char path[64], err[EDXML_ERR_MAX];
	int fd, rc, rc2;

	if (store == NULL && (store = X509_STORE_new()) == NULL)
		abort();
	/* edxml_verify() reads a file, as the server does an upload. */
	if ((fd = memfd_create("pkg", MFD_CLOEXEC)) < 0)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if ((rc = edxml_verify(path, store, &c, err, sizeof(err))) == 0) {
		if ((c.intact && !c.present) || (c.trusted && !c.intact) ||
		    (c.intact && c.cert == NULL) || c.trusted)
			abort();
	}
	if ((pkg = calloc(1, sizeof(*pkg))) == NULL)
		abort();
	rc2 = edxml_verify_read(path, store, &c2, &a, EDXML_IN_MEMORY, pkg, err,
	    sizeof(err));
	if ((rc == 0) != (rc2 != -1))
		abort();
	if (rc2 != -1 && (c2.present != c.present || c2.intact != c.intact ||
	    c2.trusted))
		abort();
	if (rc2 == 0 && pkg->kind != EDXML_KIND_DOC &&
	    pkg->kind != EDXML_KIND_STATUS)
		abort();
	if (rc == 0)
		X509_free(c.cert);
	if (rc2 != -1)
		X509_free(c2.cert);
	free(pkg);
	arena_release(&a);
	close(fd);
	return 0;
}
