/*
 * x509.h - certificates' names and times as people read them.
 */
#ifndef CONGSO_X509_H
#define CONGSO_X509_H

#include <stddef.h>
#include <time.h>

#include <openssl/x509.h>

/* The name on one line, most specific first ("CN=Sở Thông tin và
 * Truyền thông,O=UBND tỉnh Thái Nguyên,C=VN"), its UTF-8 kept as it is:
 * OpenSSL's own forms write every byte past ASCII as an escape
 * ("S\xE1\xBB\x9F"), which no clerk can read. Cut to fit `len`. */
void	 x509_name_line(const X509_NAME *nm, char *out, size_t len);

/* The name's common name (CN) in UTF-8, whatever string type the
 * certificate used; the whole name as x509_name_line() when it has
 * none. */
void	 x509_common_name(const X509_NAME *nm, char *out, size_t len);

/* A certificate's time in seconds since the epoch; 0 when it is absent
 * or cannot be read. */
time_t	 x509_time_epoch(const ASN1_TIME *t);

#endif
