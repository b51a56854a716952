/*
 * directory_code.h - agency codes of QCVN 102:2016/BTTTT (amended 2022).
 *
 * A code is `V1V2V3.Z1Z2.Y1Y2.MX1X2`, read right to left: MX1X2 is the
 * level-1 body (a letter A-Z and two digits: H55 Thái Nguyên province,
 * G22 Government Office), Y1Y2 level 2, Z1Z2 level 3, V1V2V3 level 4.
 * Unused levels are zeros, and a level below an unused one is unused too:
 *   000.00.00.H55  level 1    000.05.12.H55  level 3
 *   000.00.12.H55  level 2    001.05.12.H55  level 4
 * What the numbers mean is data, not rules: any digits are accepted.
 */
#ifndef CONGSO_DIRECTORY_CODE_H
#define CONGSO_DIRECTORY_CODE_H

/* Length of a code without its NUL. */
#define DIR_CODE_LEN	13

/*
 * A parsed code. Invariants after dir_code_parse(): 'A' <= m <= 'Z',
 * x, y, z <= 99, v <= 999, and z == 0 when y == 0, v == 0 when z == 0.
 */
struct dir_code {
	char		 m;	/* level 1 letter (M) */
	unsigned char	 x;	/* level 1 number (X1X2) */
	unsigned char	 y;	/* level 2 (Y1Y2), 0 = unused */
	unsigned char	 z;	/* level 3 (Z1Z2), 0 = unused */
	unsigned short	 v;	/* level 4 (V1V2V3), 0 = unused */
};

/*
 * Parse the NUL-terminated `s` into `out`. 0, or -1 with `*why` (when `why`
 * is not NULL) set to a static Vietnamese reason fit to show a user; `out`
 * is then unspecified. Nothing is allocated.
 */
int	 dir_code_parse(const char *s, struct dir_code *out, const char **why);
/* Depth of the deepest used level: 1 to 4. */
int	 dir_code_level(const struct dir_code *c);
/* Write the code as "000.05.12.H55" into `out` (13 bytes and a NUL). */
void	 dir_code_format(const struct dir_code *c, char out[14]);
/* 1 when both codes are the same, 0 otherwise. */
int	 dir_code_equal(const struct dir_code *a, const struct dir_code *b);
/*
 * 1 when `a` is a proper ancestor of `b`: a's used levels, read right to
 * left, are the first levels of b, and b has more of them (a code is not
 * its own ancestor). 0 otherwise.
 */
int	 dir_code_is_ancestor(const struct dir_code *a,
	    const struct dir_code *b);
/* The code one level up (deepest used level set to 0) in `out`: 0, or -1
 * for a level-1 code, which has no parent. */
int	 dir_code_parent(const struct dir_code *c, struct dir_code *out);

#endif
