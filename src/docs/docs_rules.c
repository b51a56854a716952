/* docs_rules.c - the clerical rules: urgency, confidentiality, states and
 * their steps, number and symbol, deadlines, search words, file kinds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/fold.h"
#include "docs.h"

static const char *const urgency_names[DOCS_URGENCY_MAX] = {
	"thuong", "khan", "thuong_khan", "hoa_toc"
};
static const char *const urgency_labels[DOCS_URGENCY_MAX] = {
	"Thường", "Khẩn", "Thượng khẩn", "Hỏa tốc"
};
static const char *const state_names[DOCS_STATE_MAX] = {
	"draft", "review", "returned", "approved", "issued", "external"
};
static const char *const state_labels[DOCS_STATE_MAX] = {
	"Dự thảo", "Chờ duyệt", "Trả lại để sửa", "Đã duyệt, chờ phát hành",
	"Đã phát hành", "Văn bản ngoài"
};
static const char *const in_names[DOCS_IN_STATE_MAX] = {
	"received", "registered", "refused", "directed", "done"
};
static const char *const in_labels[DOCS_IN_STATE_MAX] = {
	"Chờ vào sổ", "Đã vào sổ, chờ chỉ đạo", "Đã từ chối",
	"Đang xử lý", "Đã xử lý xong"
};
static const char *const due_names[DOCS_DUE_MAX] = {
	"none", "ok", "soon", "overdue"
};

const char *
docs_urgency_name(int u)
{
	return u >= 0 && u < DOCS_URGENCY_MAX ? urgency_names[u] : "";
}

const char *
docs_urgency_label(int u)
{
	return u >= 0 && u < DOCS_URGENCY_MAX ? urgency_labels[u] : "";
}

/* `s` folded, with '_' and '-' as spaces, into `out`. -1 when too long. */
static int
fold_word(const char *s, char *out, size_t outlen)
{
	struct buf b = BUF_INIT;
	size_t i;
	int rc = -1;

	buf_init(&b, 256);
	if (fold_append(&b, s) == 0 && b.len < outlen) {
		for (i = 0; i < b.len; i++)
			out[i] = b.data[i] == '_' || b.data[i] == '-' ? ' ' :
			    b.data[i];
		out[b.len] = '\0';
		rc = 0;
	}
	buf_release(&b);
	return rc;
}

int
docs_urgency_parse(const char *s)
{
	char w[64];
	int i;

	if (s == NULL || *s == '\0')
		return DOCS_URGENCY_NORMAL;
	if (fold_word(s, w, sizeof(w)) < 0)
		return -1;
	for (i = 0; i < DOCS_URGENCY_MAX; i++) {
		char n[32];

		fold_word(urgency_names[i], n, sizeof(n));
		if (strcmp(w, n) == 0)
			return i;
	}
	return -1;
}

int
docs_secret_level(const char *s)
{
	static const char *const words[] = { "thuong", "mat", "toi mat",
	    "tuyet mat" };
	char w[64];
	int i;

	if (s == NULL || *s == '\0')
		return 0;
	if (fold_word(s, w, sizeof(w)) < 0)
		return -1;
	if (strcmp(w, "none") == 0 || strcmp(w, "khong") == 0)
		return 0;
	for (i = 0; i < 4; i++)
		if (strcmp(w, words[i]) == 0)
			return i;
	return -1;
}

const char *
docs_state_name(int s)
{
	return s >= 0 && s < DOCS_STATE_MAX ? state_names[s] : "";
}

const char *
docs_state_label(int s)
{
	return s >= 0 && s < DOCS_STATE_MAX ? state_labels[s] : "";
}

int
docs_state_parse(const char *s)
{
	int i;

	for (i = 0; s && i < DOCS_STATE_MAX; i++)
		if (strcmp(s, state_names[i]) == 0)
			return i;
	return -1;
}

const char *
docs_in_state_name(int s)
{
	return s >= 0 && s < DOCS_IN_STATE_MAX ? in_names[s] : "";
}

const char *
docs_in_state_label(int s)
{
	return s >= 0 && s < DOCS_IN_STATE_MAX ? in_labels[s] : "";
}

int
docs_in_state_parse(const char *s)
{
	int i;

	for (i = 0; s && i < DOCS_IN_STATE_MAX; i++)
		if (strcmp(s, in_names[i]) == 0)
			return i;
	return -1;
}

int
docs_next(int state, int step)
{
	switch (step) {
	case DOCS_STEP_EDIT:
		return state == DOCS_DRAFT || state == DOCS_RETURNED ? state : -1;
	case DOCS_STEP_SUBMIT:
		return state == DOCS_DRAFT || state == DOCS_RETURNED ?
		    DOCS_REVIEW : -1;
	case DOCS_STEP_APPROVE:
		return state == DOCS_REVIEW ? DOCS_APPROVED : -1;
	case DOCS_STEP_RETURN:
		return state == DOCS_REVIEW || state == DOCS_APPROVED ?
		    DOCS_RETURNED : -1;
	case DOCS_STEP_ISSUE:
		return state == DOCS_APPROVED ? DOCS_ISSUED : -1;
	}
	return -1;
}

int
docs_in_next(int state, int step)
{
	switch (step) {
	case DOCS_IN_STEP_REGISTER:
		return state == DOCS_IN_RECEIVED ? DOCS_IN_REGISTERED : -1;
	case DOCS_IN_STEP_REFUSE:
		return state == DOCS_IN_RECEIVED ? DOCS_IN_REFUSED : -1;
	case DOCS_IN_STEP_DIRECT:
		return state == DOCS_IN_REGISTERED || state == DOCS_IN_DIRECTED ?
		    DOCS_IN_DIRECTED : -1;
	case DOCS_IN_STEP_PROGRESS:
		return state == DOCS_IN_DIRECTED ? DOCS_IN_DIRECTED : -1;
	case DOCS_IN_STEP_FINISH:
		return state == DOCS_IN_DIRECTED ? DOCS_IN_DONE : -1;
	}
	return -1;
}

int
docs_notation(char *out, size_t outlen, int number, const char *abbr,
    const char *body, const char *division)
{
	int n;

	if (number <= 0 || body == NULL || *body == '\0')
		return -1;
	if (abbr && *abbr)
		n = snprintf(out, outlen, "%02d/%s-%s", number, abbr, body);
	else {
		if (division == NULL || *division == '\0')
			return -1;
		n = snprintf(out, outlen, "%02d/%s-%s", number, body, division);
	}
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

int
docs_due_status(int today, int deadline, int soon)
{
	if (deadline < 0)
		return DOCS_DUE_NONE;
	if (deadline < today)
		return DOCS_DUE_OVERDUE;
	if (deadline <= soon)
		return DOCS_DUE_SOON;
	return DOCS_DUE_OK;
}

const char *
docs_due_name(int d)
{
	return d >= 0 && d < DOCS_DUE_MAX ? due_names[d] : "";
}

int
docs_fts_query(struct buf *out, const char *q, const char *scope)
{
	struct buf f = BUF_INIT;
	const char *p, *start;
	int words = 0;

	if (fold_append(&f, q) < 0)
		goto done;
	p = f.data;
	while (*p && words < 16) {
		/* A word: letters and digits of the folded text. Anything
		 * else left after folding separates words, so each quoted
		 * word is one token of the index. */
		while (*p && !((*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9')))
			p++;
		if (*p == '\0')
			break;
		start = p;
		while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			p++;
		if (words++)
			buf_addch(out, ' ');
		buf_addch(out, '"');
		if (scope != NULL)
			buf_printf(out, "%sx", scope);
		buf_add(out, start, (size_t)(p - start));
		buf_addch(out, '"');
	}
	if (words)
		buf_addch(out, '*');
done:
	buf_release(&f);
	return words ? 0 : -1;
}

static int
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && strcasecmp(s + n - t, tail) == 0;
}

int
docs_file_kind(const char *filename, const unsigned char *head, size_t n,
    const char **mime)
{
	if (filename == NULL)
		return -1;
	if (n >= 5 && memcmp(head, "%PDF-", 5) == 0 && ends_with(filename,
	    ".pdf")) {
		*mime = "application/pdf";
		return 0;
	}
	if (n >= 4 && memcmp(head, "PK\003\004", 4) == 0) {
		if (ends_with(filename, ".docx")) {
			*mime = "application/vnd.openxmlformats-officedocument."
			    "wordprocessingml.document";
			return 0;
		}
		if (ends_with(filename, ".xlsx")) {
			*mime = "application/vnd.openxmlformats-officedocument."
			    "spreadsheetml.sheet";
			return 0;
		}
		return -1;
	}
	if (n >= 8 && memcmp(head, "\211PNG\r\n\032\n", 8) == 0 &&
	    ends_with(filename, ".png")) {
		*mime = "image/png";
		return 0;
	}
	if (n >= 3 && memcmp(head, "\377\330\377", 3) == 0 &&
	    (ends_with(filename, ".jpg") || ends_with(filename, ".jpeg"))) {
		*mime = "image/jpeg";
		return 0;
	}
	return -1;
}

int
docs_code_shaped(const char *s)
{
	static const char shape[] = "999.99.99.A99";
	int i;

	if (s == NULL || strlen(s) != sizeof(shape) - 1)
		return 0;
	for (i = 0; shape[i]; i++)
		if ((shape[i] == '9' && (s[i] < '0' || s[i] > '9')) ||
		    (shape[i] == 'A' && (s[i] < 'A' || s[i] > 'Z')) ||
		    (shape[i] == '.' && s[i] != '.'))
			return 0;
	return 1;
}
