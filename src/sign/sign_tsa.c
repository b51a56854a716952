/*
 * sign_tsa.c - RFC 3161 signature timestamps (PAdES B-T).
 */
#include "sign/sign_int.h"

int
sign_tsa_stamp(CMS_SignerInfo *si, const char *url, const EVP_MD *md,
    char *err, size_t errlen)
{
	(void)si;
	(void)md;
	return sign_err(err, errlen, "chưa hỗ trợ dấu thời gian (TSA %s)",
	    url);
}
