/*
 * fuzz_pdf_png.c - libFuzzer harness for the PNG decoder of signature
 * and seal images.
 */
#include <stdint.h>
#include <stdlib.h>

#include "sign/sign_png.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sign_png *p;
	char err[SIGN_ERR_MAX];

	if (sign_png_decode(data, size, &p, err, sizeof(err)) == 0)
		sign_png_free(p);
	return 0;
}
