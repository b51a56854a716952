/*
 * digest.h - the message digests of OpenSSL, fetched once per process.
 * Given the built-in EVP_sha256() and its kind, OpenSSL 3 looks the
 * algorithm up again in its provider store on every init (locks, name
 * comparisons), which costs more than hashing a session token or a small
 * package; a digest fetched once is used as it is.
 */
#ifndef CONGSO_DIGEST_H
#define CONGSO_DIGEST_H

#include <openssl/evp.h>

/* SHA-1, SHA-256 or SHA-512 (`bits` 1, 256 or 512; anything else is
 * SHA-512). Never NULL. */
const EVP_MD *digest_md(int bits);
/* `n` bytes of `p` as lowercase hex at `out` (2n characters and a NUL). */
void	 digest_hex(const unsigned char *p, size_t n, char *out);

#endif
