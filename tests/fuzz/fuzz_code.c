/*
 * fuzz_code.c - libFuzzer harness for QCVN 102 agency codes.
 *
 * A code that parses must format back to the same text, have a level from
 * 1 to 4, and walk up through its parents, each an ancestor of it. A code
 * that is rejected must come with a reason.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "directory/directory_code.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dir_code c, p, q;
	const char *why = NULL;
	char out[14], *s;
	int level;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (dir_code_parse(s, &c, &why) < 0) {
		if (why == NULL || *why == '\0')
			abort();
		free(s);
		return 0;
	}
	dir_code_format(&c, out);
	if (strcmp(out, s) != 0)
		abort();
	level = dir_code_level(&c);
	if (level < 1 || level > 4)
		abort();
	if (dir_code_is_ancestor(&c, &c) || !dir_code_equal(&c, &c))
		abort();
	for (q = c; dir_code_parent(&q, &p) == 0; q = p) {
		if (dir_code_level(&p) != dir_code_level(&q) - 1 ||
		    !dir_code_is_ancestor(&p, &c) ||
		    dir_code_is_ancestor(&c, &p))
			abort();
		dir_code_format(&p, out);
		if (dir_code_parse(out, &q, NULL) < 0 || !dir_code_equal(&p, &q))
			abort();
	}
	if (dir_code_level(&q) != 1)
		abort();
	free(s);
	return 0;
}
