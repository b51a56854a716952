/*
 * x509.c - certificates' names and times as people read them.
 */
#include <stdio.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/objects.h>

#include "core/x509.h"

void
x509_name_line(const X509_NAME *nm, char *out, size_t len)
{
	BIO *b;
	char *p;
	long n;

	if (len == 0)
		return;
	out[0] = '\0';
	if (nm == NULL || (b = BIO_new(BIO_s_mem())) == NULL)
		return;
	if (X509_NAME_print_ex(b, nm, 0, XN_FLAG_RFC2253 &
	    ~ASN1_STRFLGS_ESC_MSB) >= 0 && (n = BIO_get_mem_data(b, &p)) > 0)
		snprintf(out, len, "%.*s", (int)n, p);
	BIO_free(b);
}

void
x509_common_name(const X509_NAME *nm, char *out, size_t len)
{
	int i = nm ? X509_NAME_get_index_by_NID(nm, NID_commonName, -1) : -1;
	unsigned char *u = NULL;
	int n;

	if (len == 0)
		return;
	if (i >= 0 && (n = ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(
	    X509_NAME_get_entry(nm, i)))) > 0)
		snprintf(out, len, "%.*s", n, u);
	else
		x509_name_line(nm, out, len);
	OPENSSL_free(u);
}

time_t
x509_time_epoch(const ASN1_TIME *t)
{
	struct tm tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	return timegm(&tm);
}
