/*
 * fuzz_fold.c - libFuzzer harness for UTF-8 checks and diacritic folding.
 *
 * Folding any bytes gives valid UTF-8 no longer than the input, and folding
 * again changes nothing. utf8_valid() must agree with a plain decoder.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fold.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Straightforward reading of RFC 3629: 1 when s[0..len) is valid. */
static int
valid_ref(const uint8_t *s, size_t len)
{
	size_t i = 0, n, k;
	uint32_t c, min;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			n = 2; c = s[i] & 0x1f; min = 0x80;
		} else if ((s[i] & 0xf0) == 0xe0) {
			n = 3; c = s[i] & 0x0f; min = 0x800;
		} else if ((s[i] & 0xf8) == 0xf0) {
			n = 4; c = s[i] & 0x07; min = 0x10000;
		} else
			return 0;
		if (len - i < n)
			return 0;
		for (k = 1; k < n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (s[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		i += n;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b;
	char *s, *once, *twice;

	if (utf8_valid((const char *)data, size) != valid_ref(data, size))
		abort();
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	once = fold_dup(s);
	if (strlen(once) > strlen(s) || !utf8_valid(once, strlen(once)))
		abort();
	twice = fold_dup(once);
	if (strcmp(once, twice) != 0)
		abort();
	/* A limited buffer fails cleanly and keeps its invariants. */
	buf_init(&b, 8);
	if (fold_append(&b, s) == 0 && strcmp(b.data, once) != 0)
		abort();
	if (b.len > 8 || b.data[b.len] != '\0')
		abort();
	buf_release(&b);
	free(twice);
	free(once);
	free(s);
	return 0;
}
