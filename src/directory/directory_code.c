/* directory_code.c - QCVN 102 agency codes; see directory_code.h. */
#include <string.h>

#include "directory_code.h"

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

/* Value of the `n` digits at s, or -1 when one is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (; n > 0; n--, s++) {
		if (!is_digit(*s))
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static int
reject(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -1;
}

int
dir_code_parse(const char *s, struct dir_code *out, const char **why)
{
	size_t len;
	int v, z, y, x;

	if (s == NULL || *s == '\0')
		return reject(why, "mã định danh đang để trống");
	len = strlen(s);
	if (is_space(s[0]) || is_space(s[len - 1]))
		return reject(why, "mã định danh không được có khoảng trắng "
		    "ở đầu hoặc cuối");
	if (len != DIR_CODE_LEN)
		return reject(why, "mã định danh phải có đúng 13 ký tự, "
		    "dạng 000.00.00.H55");
	if (s[3] != '.' || s[6] != '.' || s[9] != '.')
		return reject(why, "mã định danh sai dạng: cần dấu chấm ở vị "
		    "trí 4, 7 và 10, dạng 000.00.00.H55");
	if (s[10] < 'A' || s[10] > 'Z')
		return reject(why, "cấp 1 phải bắt đầu bằng một chữ cái in hoa "
		    "từ A đến Z, ví dụ H55");
	if ((x = digits(s + 11, 2)) < 0)
		return reject(why, "cấp 1 phải có 2 chữ số sau chữ cái, "
		    "ví dụ H55");
	if ((y = digits(s + 7, 2)) < 0)
		return reject(why, "cấp 2 (nhóm thứ ba) phải gồm 2 chữ số");
	if ((z = digits(s + 4, 2)) < 0)
		return reject(why, "cấp 3 (nhóm thứ hai) phải gồm 2 chữ số");
	if ((v = digits(s, 3)) < 0)
		return reject(why, "cấp 4 (nhóm đầu) phải gồm 3 chữ số");
	if ((z != 0 && y == 0) || (v != 0 && z == 0))
		return reject(why, "một cấp khác 0 nằm dưới một cấp bằng 0 "
		    "(các cấp được đọc từ phải sang trái)");
	out->m = s[10];
	out->x = (unsigned char)x;
	out->y = (unsigned char)y;
	out->z = (unsigned char)z;
	out->v = (unsigned short)v;
	return 0;
}

int
dir_code_level(const struct dir_code *c)
{
	if (c->v != 0)
		return 4;
	if (c->z != 0)
		return 3;
	if (c->y != 0)
		return 2;
	return 1;
}

static char *
put_digits(char *p, unsigned int v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

void
dir_code_format(const struct dir_code *c, char out[14])
{
	char *p = out;

	p = put_digits(p, c->v, 3);
	*p++ = '.';
	p = put_digits(p, c->z, 2);
	*p++ = '.';
	p = put_digits(p, c->y, 2);
	*p++ = '.';
	*p++ = c->m;
	p = put_digits(p, c->x, 2);
	*p = '\0';
}

int
dir_code_equal(const struct dir_code *a, const struct dir_code *b)
{
	return a->m == b->m && a->x == b->x && a->y == b->y &&
	    a->z == b->z && a->v == b->v;
}

int
dir_code_is_ancestor(const struct dir_code *a, const struct dir_code *b)
{
	int la = dir_code_level(a);

	if (la >= dir_code_level(b))
		return 0;
	if (a->m != b->m || a->x != b->x)
		return 0;
	if (la >= 2 && a->y != b->y)
		return 0;
	if (la >= 3 && a->z != b->z)
		return 0;
	return 1;
}

int
dir_code_parent(const struct dir_code *c, struct dir_code *out)
{
	struct dir_code p = *c;

	switch (dir_code_level(c)) {
	case 4:
		p.v = 0;
		break;
	case 3:
		p.z = 0;
		break;
	case 2:
		p.y = 0;
		break;
	default:
		return -1;
	}
	*out = p;
	return 0;
}
