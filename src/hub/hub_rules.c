/* hub_rules.c - the rules of the hub that need no store: agency codes
 * and their suffixes, how well a member's code answers for a receiver,
 * API keys, URLs, times. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/auth.h"
#include "hub/hub_int.h"

/* The shape of a full code; a suffix is its tail from a segment start. */
static const char shape[] = "ddd.dd.dd.Ldd";

int
hub_code_norm(const char *in, char out[HUB_CODE_MAX + 1], const char **why)
{
	size_t n, off, i;

	if (in == NULL || (n = strlen(in)) == 0) {
		*why = "Mã đơn vị trống";
		return -1;
	}
	if (n > HUB_CODE_MAX) {
		*why = "Mã đơn vị dài quá 13 ký tự";
		return -1;
	}
	off = HUB_CODE_MAX - n;
	if (off != 0 && shape[off - 1] != '.') {
		*why = "Mã phải là mã định danh đầy đủ (000.00.00.H55) hoặc phần"
		    " cuối của nó tính từ một dấu chấm (H55, 12.H55)";
		return -1;
	}
	for (i = 0; i < n; i++) {
		char s = shape[off + i], c = (char)toupper((unsigned char)in[i]);

		if ((s == 'd' && !isdigit((unsigned char)c)) ||
		    (s == 'L' && !(c >= 'A' && c <= 'Z')) ||
		    (s == '.' && c != '.')) {
			*why = "Mã phải là mã định danh đầy đủ (000.00.00.H55)"
			    " hoặc phần cuối của nó tính từ một dấu chấm (H55,"
			    " 12.H55)";
			return -1;
		}
		out[i] = c;
	}
	out[n] = '\0';
	return 0;
}

int
hub_code_rank(const char *pattern, const char *code)
{
	size_t pn = strlen(pattern), cn = strlen(code);

	if (pn == 0 || pn > cn)
		return 0;
	if (pn == cn)
		return strcmp(pattern, code) == 0 ? 1000 : 0;
	if (code[cn - pn - 1] != '.' || strcmp(code + cn - pn, pattern) != 0)
		return 0;
	return (int)pn;
}

int
hub_key_new(char key[HUB_KEY_LEN + 1], char prefix[9])
{
	char a[AUTH_TOKEN_HEX], b[AUTH_TOKEN_HEX];

	if (auth_token(a) < 0 || auth_token(b) < 0)
		return -1;
	snprintf(key, HUB_KEY_LEN + 1, "hub_%.8s%s", a, b);
	snprintf(prefix, 9, "%.8s", a);
	return 0;
}

int
hub_key_prefix(const char *key, char prefix[9])
{
	size_t i;

	if (key == NULL || strlen(key) != HUB_KEY_LEN ||
	    strncmp(key, "hub_", 4) != 0)
		return -1;
	for (i = 4; i < HUB_KEY_LEN; i++)
		if (!isxdigit((unsigned char)key[i]) ||
		    isupper((unsigned char)key[i]))
			return -1;
	snprintf(prefix, 9, "%.8s", key + 4);
	return 0;
}

int
hub_url_valid(const char *url)
{
	size_t i, n;

	if (url == NULL || (n = strlen(url)) == 0 || n > HUB_URL_MAX)
		return 0;
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)url[i] <= ' ' || url[i] == 0x7f)
			return 0;
	return n > 8;
}

const char *
hub_vn_time(struct arena *a, long t)
{
	struct tm tm;
	time_t v;
	char s[32];

	if (t == 0)
		return "-";
	v = (time_t)t + 7 * 3600;
	gmtime_r(&v, &tm);
	strftime(s, sizeof(s), "%d/%m/%Y %H:%M:%S", &tm);
	return arena_strdup(a, s);
}

long
hub_parse_day(const char *s, int end)
{
	struct tm tm;
	const char *rest;

	if (s == NULL || s[0] == '\0')
		return -1;
	memset(&tm, 0, sizeof(tm));
	rest = strptime(s, strchr(s, '/') ? "%d/%m/%Y" : "%Y-%m-%d", &tm);
	if (rest == NULL || *rest != '\0' || tm.tm_year < 70 ||
	    tm.tm_year > 1100)
		return -1;
	if (end)
		tm.tm_mday++;
	return (long)timegm(&tm) - 7 * 3600;
}

const char *
hub_state_label(const char *s)
{
	if (s == NULL)
		return "";
	if (strcmp(s, "accepted") == 0)
		return "Đã nhận";
	if (strcmp(s, "refused") == 0)
		return "Từ chối";
	if (strcmp(s, "waiting") == 0)
		return "Đang chờ";
	if (strcmp(s, "delivered") == 0)
		return "Đã chuyển";
	if (strcmp(s, "failed") == 0)
		return "Thất bại";
	if (strcmp(s, "push") == 0)
		return "Đẩy tới";
	if (strcmp(s, "pull") == 0)
		return "Chờ lấy";
	return s;
}
