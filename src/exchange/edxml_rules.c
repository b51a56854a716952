/*
 * edxml_rules.c - the rules a package keeps (QCVN 102:2016): senders
 * and receivers with agency codes, no receiver twice, the lengths of
 * Subject and Content in characters, business types and status codes,
 * DocumentId, manifest references; document ids and timestamps at UTC+7.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "exchange/edxml_int.h"

#define ORGAN_ID_MAX	64

static const struct {
	const char	*code;
	const char	*label;
} statuses[] = {
	{ EDXML_ST_ARRIVED, "Đã đến" },
	{ EDXML_ST_REFUSED, "Từ chối tiếp nhận" },
	{ EDXML_ST_ACCEPTED, "Đã tiếp nhận (vào sổ)" },
	{ EDXML_ST_ASSIGNED, "Đã phân công" },
	{ EDXML_ST_PROCESSING, "Đang xử lý" },
	{ EDXML_ST_FINISHED, "Đã hoàn thành" },
	{ EDXML_ST_RECALL, "Bên gửi thu hồi" },
	{ EDXML_ST_AGREE, "Bên nhận đồng ý thu hồi/cập nhật" },
	{ EDXML_ST_DISAGREE, "Bên nhận từ chối thu hồi/cập nhật" },
};

int
edxml_status_known(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < sizeof(statuses) / sizeof(statuses[0]);
	    i++)
		if (strcmp(code, statuses[i].code) == 0)
			return 1;
	return 0;
}

const char *
edxml_status_label(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < sizeof(statuses) / sizeof(statuses[0]);
	    i++)
		if (strcmp(code, statuses[i].code) == 0)
			return statuses[i].label;
	return "Không rõ";
}

long
edxml_utf8_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;
	int more;

	while (*p) {
		if (*p < 0x80)
			more = 0;
		else if ((*p & 0xe0) == 0xc0 && *p >= 0xc2)
			more = 1;
		else if ((*p & 0xf0) == 0xe0)
			more = 2;
		else if ((*p & 0xf8) == 0xf0 && *p <= 0xf4)
			more = 3;
		else
			return -1;
		p++;
		while (more-- > 0) {
			if ((*p & 0xc0) != 0x80)
				return -1;
			p++;
		}
		n++;
	}
	return n;
}

static int
is_date(const char *s)
{
	int i;

	if (strlen(s) != 10)
		return 0;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '/')
				return 0;
		} else if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return 1;
}

int
edxml_document_id(char *out, size_t len, const char *sender,
    const char *date, const char *number, const char *notation)
{
	int n;

	if (sender == NULL || date == NULL || number == NULL ||
	    notation == NULL || !*sender || !*number || !*notation ||
	    strchr(sender, ',') != NULL || !is_date(date))
		return -1;
	n = snprintf(out, len, "%s,%s,%s/%s", sender, date, number, notation);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

void
edxml_timestamp(char out[20], time_t t)
{
	struct tm tm;

	t += 7 * 3600;
	gmtime_r(&t, &tm);
	if (strftime(out, 20, "%Y/%m/%d %H:%M:%S", &tm) == 0)
		out[0] = '\0';
}

/* An agency code: letters, digits, '.', '-', '_' and ':', 1..64 bytes. */
static int
organ_id_ok(const char *s)
{
	size_t i, n;

	if (s == NULL || (n = strlen(s)) == 0 || n > ORGAN_ID_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || strchr(".-_:", s[i])))
			return 0;
	return 1;
}

static const char *
strip_cid(const char *s)
{
	return s != NULL && strncasecmp(s, "cid:", 4) == 0 ? s + 4 : s;
}

static int
check_refs(const struct edxml_doc *d, char *err, size_t errlen)
{
	int i, j, found;

	for (i = 0; i < d->nrefs; i++) {
		found = 0;
		for (j = 0; j < d->natt && !found; j++)
			found = d->att[j].content_id != NULL &&
			    strcmp(strip_cid(d->att[j].content_id),
			    strip_cid(d->refs[i])) == 0;
		if (!found)
			return edxml_err(err, errlen, "Manifest/Reference "
			    "\"%s\" không trỏ tới tệp đính kèm nào",
			    d->refs[i]);
	}
	return 0;
}

static int
check_receivers(const struct edxml_doc *d, char *err, size_t errlen)
{
	int i, j;

	if (d->nto < 1)
		return edxml_err(err, errlen, "thiếu nơi nhận (To)");
	for (i = 0; i < d->nto; i++) {
		if (!organ_id_ok(d->to[i].organ_id))
			return edxml_err(err, errlen, "To/OrganId thứ %d thiếu"
			    " hoặc không phải mã định danh", i + 1);
		for (j = 0; j < i; j++)
			if (strcasecmp(d->to[i].organ_id, d->to[j].organ_id)
			    == 0)
				return edxml_err(err, errlen, "nơi nhận %s có"
				    " hai lần (To)", d->to[i].organ_id);
	}
	return 0;
}

int
edxml_check_doc(const struct edxml_doc *d, char *err, size_t errlen)
{
	long n;

	if (!organ_id_ok(d->from.organ_id))
		return edxml_err(err, errlen, "From/OrganId thiếu hoặc không"
		    " phải mã định danh");
	if (check_receivers(d, err, errlen) < 0)
		return -1;
	if (d->subject == NULL || (n = edxml_utf8_len(d->subject)) == 0)
		return edxml_err(err, errlen, "thiếu trích yếu (Subject)");
	if (n < 0)
		return edxml_err(err, errlen, "Subject không phải UTF-8");
	if (n > EDXML_SUBJECT_MAX)
		return edxml_err(err, errlen, "trích yếu (Subject) dài %ld ký"
		    " tự, tối đa %d", n, EDXML_SUBJECT_MAX);
	if (d->content != NULL && (n = edxml_utf8_len(d->content)) >
	    EDXML_CONTENT_MAX)
		return edxml_err(err, errlen, "Content dài %ld ký tự, tối đa"
		    " %d", n, EDXML_CONTENT_MAX);
	if (d->business < EDXML_NEW || d->business > EDXML_REPLACE)
		return edxml_err(err, errlen, "BussinessDocType %d không được"
		    " biết (0 mới, 1 thu hồi, 2 cập nhật, 3 thay thế)",
		    d->business);
	if (d->document_id == NULL || d->document_id[0] == '\0')
		return edxml_err(err, errlen, "thiếu DocumentId");
	return check_refs(d, err, errlen);
}

int
edxml_check_status(const struct edxml_status *s, char *err, size_t errlen)
{
	if (!organ_id_ok(s->from.organ_id))
		return edxml_err(err, errlen, "From/OrganId của gói trạng thái"
		    " thiếu hoặc không phải mã định danh");
	if (s->status_code == NULL || s->status_code[0] == '\0')
		return edxml_err(err, errlen, "thiếu mã trạng thái"
		    " (StatusCode)");
	if (!edxml_status_known(s->status_code))
		return edxml_err(err, errlen, "mã trạng thái \"%s\" không được"
		    " biết", s->status_code);
	if ((s->response_for.document_id == NULL ||
	    s->response_for.document_id[0] == '\0') &&
	    (s->response_for.code == NULL || s->response_for.code[0] == '\0'))
		return edxml_err(err, errlen, "thiếu văn bản được trả lời"
		    " (ResponseFor/DocumentId)");
	if (s->timestamp == NULL || s->timestamp[0] == '\0')
		return edxml_err(err, errlen, "thiếu thời điểm (Timestamp)");
	if (s->description != NULL && edxml_utf8_len(s->description) >
	    EDXML_CONTENT_MAX)
		return edxml_err(err, errlen, "Description dài quá %d ký tự",
		    EDXML_CONTENT_MAX);
	return 0;
}
