/* svc_rules.c - the rules of the one-stop shop: levels, modes, states and
 * their steps, dossier codes, appointment dates in working days with a
 * cut-off hour, lateness; error helpers. No SQL, no HTTP. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fold.h"
#include "svc_int.h"

static const char *const level_names[SVC_LEVEL_MAX] = {
	"province", "district", "commune"
};
static const char *const level_labels[SVC_LEVEL_MAX] = {
	"Cấp tỉnh", "Cấp huyện", "Cấp xã"
};
static const char *const mode_names[SVC_MODE_MAX] = { "full", "partial" };
static const char *const mode_labels[SVC_MODE_MAX] = {
	"Toàn trình", "Một phần"
};
static const char *const state_names[SVC_STATE_MAX] = {
	"draft", "submitted", "supplement", "refused", "received",
	"transferred", "processing", "approved", "returned"
};
static const char *const state_labels[SVC_STATE_MAX] = {
	"Đang soạn", "Đã nộp, chờ tiếp nhận", "Yêu cầu bổ sung",
	"Từ chối tiếp nhận", "Đã tiếp nhận", "Đang giải quyết",
	"Đã xử lý, chờ phê duyệt", "Đã có kết quả", "Đã trả kết quả"
};
static const char *const step_names[SVC_STEP_MAX] = {
	"submit", "receive", "supplement", "answer", "refuse", "transfer",
	"process", "approve", "return", "apology", "rate"
};
static const char *const step_labels[SVC_STEP_MAX] = {
	"Nộp hồ sơ", "Tiếp nhận hồ sơ", "Yêu cầu bổ sung hồ sơ",
	"Bổ sung hồ sơ", "Từ chối tiếp nhận", "Chuyển xử lý",
	"Xử lý, trình phê duyệt", "Phê duyệt kết quả", "Trả kết quả",
	"Xin lỗi, hẹn lại ngày trả", "Đánh giá mức độ hài lòng"
};

static __thread char errbuf[512];
static __thread char fieldbuf[64];

int
svc_err(struct svc_err *e, int status, const char *code, const char *field,
    const char *message)
{
	if (e) {
		e->status = status;
		e->code = code;
		e->message = message;
		/* A field may name a form field read into a short-lived
		 * arena: keep a copy that outlives it. */
		e->field = NULL;
		if (field) {
			snprintf(fieldbuf, sizeof(fieldbuf), "%s", field);
			e->field = fieldbuf;
		}
	}
	return -1;
}

int
svc_errf(struct svc_err *e, int status, const char *code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, sizeof(errbuf), fmt, ap);
	va_end(ap);
	return svc_err(e, status, code, field, errbuf);
}

int
svc_valid_text(const char *s, int required, size_t max)
{
	return text_valid(s, required, max);
}

/* Index of `s` among names or labels (folded comparison for labels). */
static int
lookup(const char *s, const char *const *names, const char *const *labels,
    int n)
{
	char *f, *g;
	int i, found = -1;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	if (labels == NULL || (f = fold_dup(s)) == NULL)
		return -1;
	for (i = 0; i < n && found < 0; i++) {
		if ((g = fold_dup(labels[i])) == NULL)
			break;
		if (strcmp(f, g) == 0)
			found = i;
		free(g);
	}
	free(f);
	return found;
}

const char *
svc_level_name(int l)
{
	return l >= 0 && l < SVC_LEVEL_MAX ? level_names[l] : "";
}

const char *
svc_level_label(int l)
{
	return l >= 0 && l < SVC_LEVEL_MAX ? level_labels[l] : "";
}

int
svc_level_parse(const char *s)
{
	static const char *const short_labels[SVC_LEVEL_MAX] = {
		"tỉnh", "huyện", "xã"
	};
	int l = lookup(s, level_names, level_labels, SVC_LEVEL_MAX);

	return l >= 0 ? l : lookup(s, level_names, short_labels,
	    SVC_LEVEL_MAX);
}

const char *
svc_mode_name(int m)
{
	return m >= 0 && m < SVC_MODE_MAX ? mode_names[m] : "";
}

const char *
svc_mode_label(int m)
{
	return m >= 0 && m < SVC_MODE_MAX ? mode_labels[m] : "";
}

int
svc_mode_parse(const char *s)
{
	return lookup(s, mode_names, mode_labels, SVC_MODE_MAX);
}

const char *
svc_state_name(int s)
{
	return s >= 0 && s < SVC_STATE_MAX ? state_names[s] : "";
}

const char *
svc_state_label(int s)
{
	return s >= 0 && s < SVC_STATE_MAX ? state_labels[s] : "";
}

int
svc_state_parse(const char *s)
{
	return lookup(s, state_names, NULL, SVC_STATE_MAX);
}

const char *
svc_step_name(int s)
{
	return s >= 0 && s < SVC_STEP_MAX ? step_names[s] : "";
}

const char *
svc_step_label(int s)
{
	return s >= 0 && s < SVC_STEP_MAX ? step_labels[s] : "";
}

int
svc_step_parse(const char *s)
{
	return lookup(s, step_names, NULL, SVC_STEP_MAX);
}

int
svc_state_open(int state)
{
	return state == SVC_RECEIVED || state == SVC_TRANSFERRED ||
	    state == SVC_PROCESSING || state == SVC_APPROVED;
}

int
svc_next(int state, int step, int supplemented)
{
	switch (step) {
	case SVC_STEP_SUBMIT:
		return state == SVC_DRAFT ? SVC_SUBMITTED : -1;
	case SVC_STEP_RECEIVE:
		return state == SVC_SUBMITTED ? SVC_RECEIVED : -1;
	case SVC_STEP_SUPPLEMENT:
		return state == SVC_SUBMITTED && !supplemented ?
		    SVC_SUPPLEMENT : -1;
	case SVC_STEP_ANSWER:
		return state == SVC_SUPPLEMENT ? SVC_SUBMITTED : -1;
	case SVC_STEP_REFUSE:
		return state == SVC_SUBMITTED ? SVC_REFUSED : -1;
	case SVC_STEP_TRANSFER:
		return state == SVC_RECEIVED || state == SVC_TRANSFERRED ?
		    SVC_TRANSFERRED : -1;
	case SVC_STEP_PROCESS:
		return state == SVC_TRANSFERRED ? SVC_PROCESSING : -1;
	case SVC_STEP_APPROVE:
		return state == SVC_PROCESSING ? SVC_APPROVED : -1;
	case SVC_STEP_RETURN:
		return state == SVC_APPROVED ? SVC_RETURNED : -1;
	case SVC_STEP_APOLOGY:
		return svc_state_open(state) ? state : -1;
	case SVC_STEP_RATE:
		return state == SVC_RETURNED ? state : -1;
	default:
		return -1;
	}
}

int
svc_code_format(char *out, size_t outlen, const char *agency, int day,
    int seq)
{
	int y, m, d, n;

	if (agency == NULL || *agency == '\0' || seq < 1 || seq > 9999 ||
	    calendar_year(day) < 2000 || calendar_year(day) > 2099)
		return -1;
	calendar_to_civil(day, &y, &m, &d);
	n = snprintf(out, outlen, "%s-%02d%02d%02d-%04d", agency, y % 100, m,
	    d, seq);
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

int
svc_code_valid(const char *s)
{
	const char *p;
	size_t n, i;
	int y, m, d;

	if (s == NULL || (n = strlen(s)) < 14 || n >= SVC_CODE_MAX)
		return 0;
	/* ...-YYMMDD-NNNN: the last 12 bytes. */
	p = s + n - 12;
	if (p[0] != '-' || p[7] != '-')
		return 0;
	for (i = 1; i < 12; i++)
		if (i != 7 && (p[i] < '0' || p[i] > '9'))
			return 0;
	y = 2000 + (p[1] - '0') * 10 + (p[2] - '0');
	m = (p[3] - '0') * 10 + (p[4] - '0');
	d = (p[5] - '0') * 10 + (p[6] - '0');
	if (!calendar_valid(y, m, d) || strcmp(p + 8, "0000") == 0)
		return 0;
	/* The agency code: letters, digits and dots. */
	for (i = 0; s + i < p; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || s[i] == '.'))
			return 0;
	return 1;
}

int
svc_appointment(const struct calendar_list *overrides, int day, int minute,
    int cutoff, int ndays, int *out)
{
	int start = day;

	if (ndays < 0 || minute < 0 || minute >= 24 * 60)
		return -1;
	if (!calendar_is_working_day(overrides, day) || minute >= cutoff) {
		if (calendar_due(overrides, day, 1, &start) < 0)
			return -1;
	}
	return calendar_due(overrides, start, ndays, out);
}

int
svc_cutoff_parse(const char *s)
{
	int h, m;

	if (s == NULL || strlen(s) != 5 || s[2] != ':' ||
	    s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' ||
	    s[3] < '0' || s[3] > '9' || s[4] < '0' || s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

int
svc_is_late(int first_due, int finished, int today, int apologies)
{
	if (apologies > 0)
		return 1;
	if (first_due < 0)
		return 0;
	return (finished >= 0 ? finished : today) > first_due;
}

const char *
svc_money(struct arena *a, long amount)
{
	char digits[32], out[48];
	int n, i, j = 0;

	if (amount <= 0)
		return "Không thu phí";
	n = snprintf(digits, sizeof(digits), "%ld", amount);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[j++] = '.';
		out[j++] = digits[i];
	}
	out[j] = '\0';
	return arena_printf(a, "%s đồng", out);
}
