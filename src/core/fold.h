/*
 * fold.h - UTF-8 checks and Vietnamese diacritic folding for search:
 * "Đồng Hỷ" folds to "dong hy", "QUYẾT ĐỊNH" to "quyet dinh". Letters are
 * lowercased, Vietnamese (and Latin-1) accented letters lose their marks,
 * đ/Đ become d, combining marks (U+0300..U+036F, decomposed input) are
 * dropped; every other character is kept as it is.
 */
#ifndef CONGSO_FOLD_H
#define CONGSO_FOLD_H

#include <stddef.h>

#include "buf.h"

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, surrogates or
 * code points past U+10FFFF), 0 otherwise. */
int	 utf8_valid(const char *s, size_t len);
/* Shorten the NUL-terminated `s` to its longest prefix of well-formed
 * UTF-8: text cut to a byte limit (snprintf) may end inside a letter, and
 * text from outside may hold anything. */
void	 utf8_keep_valid(char *s);
/* Text a person typed: present when `required` (not only blanks), UTF-8,
 * no control characters but newlines and tabs, at most `max` bytes. */
int	 text_valid(const char *s, int required, size_t max);
/* Number of code points in valid UTF-8. */
size_t	 utf8_length(const char *s);
/* Append the folded form of the NUL-terminated `s` to `out`. Invalid bytes
 * are skipped. 0 or -1 (buffer limit). */
int	 fold_append(struct buf *out, const char *s);
/* The folded form in a new string (caller frees). */
char	*fold_dup(const char *s);

#endif
