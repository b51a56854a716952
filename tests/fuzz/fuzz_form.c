/* fuzz_form.c - the form/query body parser on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct param p[64];
	int n = 0, i;

	if (form_parse(&a, (const char *)data, size, p, 64, &n) == 0)
		for (i = 0; i < n; i++)
			if (strlen(p[i].name) > size || strlen(p[i].value) > size)
				__builtin_trap();
	arena_release(&a);
	return 0;
}
