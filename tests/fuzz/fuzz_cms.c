/*
 * fuzz_cms.c - libFuzzer harness for the CMS and certificate reader of
 * signature verification: the input is a signature's /Contents.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sign/pdf.h"
#include "sign/sign_int.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sign_check c;
	struct pdf_sig s;

	memset(&s, 0, sizeof(s));
	memset(&c, 0, sizeof(c));
	s.name = "fuzz";
	s.contents = (uint8_t *)data;
	s.clen = size;
	s.range[1] = 0;
	s.range[3] = 0;
	sign_check_cms(-1, &s, NULL, NULL, &c);
	return 0;
}
