/*
 * textrun.h - the length of a run of plain text: the bytes of a string
 * before the first one its writer must escape, for the JSON and HTML
 * writers. `stop` marks the bytes that end a run, and must mark 0 (the
 * string's end), so that nothing past the end is read. Four bytes a
 * turn: a table lookup each, about half the work of comparing every
 * byte with each special character.
 */
#ifndef CONGSO_TEXTRUN_H
#define CONGSO_TEXTRUN_H

#include <stddef.h>

static inline size_t
text_run(const char *s, const unsigned char stop[256])
{
	const unsigned char *p = (const unsigned char *)s;

	for (;; p += 4) {
		if (stop[p[0]])
			break;
		if (stop[p[1]]) {
			p += 1;
			break;
		}
		if (stop[p[2]]) {
			p += 2;
			break;
		}
		if (stop[p[3]]) {
			p += 3;
			break;
		}
	}
	return (size_t)(p - (const unsigned char *)s);
}

#endif
