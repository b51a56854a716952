/*
 * auth.h - the cryptography of sign-in: Argon2id password hashes, random
 * tokens, SHA-256 of tokens for storage, constant-time comparison.
 * Nothing here knows people or sessions; the account module does.
 */
#ifndef CONGSO_AUTH_H
#define CONGSO_AUTH_H

#include <stddef.h>

#define AUTH_HASH_MAX	128	/* encoded Argon2id hash, with NUL */
#define AUTH_TOKEN_HEX	33	/* 128-bit token as hex, with NUL */

/* Argon2id (t=2, m=19 MiB, p=1, 16-byte salt) of `password` into `out`
 * in the PHC string form. 0 or -1. */
int	 auth_hash_password(const char *password, char out[AUTH_HASH_MAX]);
/* 1 when `password` matches `encoded`, 0 otherwise. */
int	 auth_verify_password(const char *encoded, const char *password);
/* A hash of a random password, for comparing against when there is no
 * person, so that a wrong username costs as much as a wrong password. */
const char *auth_dummy_hash(void);
/* 128 random bits as 32 hex characters. 0 or -1. */
int	 auth_token(char out[AUTH_TOKEN_HEX]);
/* SHA-256 of `s` as 64 hex characters. */
void	 auth_sha256_hex(const char *s, size_t len, char out[65]);
/* Whether a password is acceptable: NULL, or a Vietnamese reason. */
const char *auth_password_weak(const char *password);

#endif
