/*
 * base64.h - a streaming base64 decoder (RFC 4648, the standard
 * alphabet) for the attachments of received packages.
 *
 * OpenSSL's EVP_DecodeUpdate reads one character at a time through
 * several tests and took 4 % of the server's CPU while it received
 * signed packages (90 µs for a 16 KB attachment, 245 MB/s). Here a run
 * of whole groups of four characters is decoded through one table
 * lookup each; whitespace and padding take the careful path.
 *
 * Whitespace (space, tab, CR, LF) is skipped anywhere. Padding ('=')
 * may only end the input, as the last one or two characters of its last
 * group of four, followed by whitespace only. Any other character, or
 * input that ends inside a group, is an error.
 */
#ifndef CONGSO_BASE64_H
#define CONGSO_BASE64_H

#include <stddef.h>
#include <stdint.h>

struct b64dec {
	uint32_t	acc;	/* the sextets of the open group */
	int		n;	/* its characters so far, '=' too (0-3) */
	int		pad;	/* '=' seen (0-2); past 0 the input has ended */
	int		bad;
};

void	 b64dec_init(struct b64dec *d);
/* Decode `n` characters of `s` to `out`, which has room for n / 4 * 3
 * + 3 bytes; the number of bytes written, or -1 on a character that is
 * not base64 or comes after the padding (the decoder then stays
 * failed). A group may be split across calls anywhere. */
long	 b64dec_update(struct b64dec *d, const char *s, size_t n,
	    unsigned char *out);
/* 0 when the input ended on a whole group, -1 otherwise. */
int	 b64dec_final(const struct b64dec *d);
/* The whole of `s` at once: the bytes written to `out` (room for n / 4
 * * 3 + 3) or -1. */
long	 b64_decode(const char *s, size_t n, unsigned char *out);

#endif
