/* svc_form.c - procedures, their required papers and their application
 * forms as data: reading them from JSON (catalogue import, outside
 * input) and checking a citizen's values against a form. No SQL. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fold.h"
#include "svc_int.h"

static const char *const ftype_names[SVC_F_MAX] = {
	"text", "number", "date", "choice", "file"
};
static const char *const check_names[SVC_CHECK_MAX] = {
	"", "email", "phone", "id_number", "digits", "past", "future"
};

#define LABEL_MAX	500
#define OPTION_MAX	200
#define VALUE_MAX	2000	/* bytes of one text value */

static int
name_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 32)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* A string member: NULL when absent; -1 when of another type or bad. */
static int
get_str(json_t *o, const char *key, size_t max, int required,
    const char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return required ? -1 : 0;
	if (!json_is_string(v) || !svc_valid_text(json_string_value(v),
	    required, max))
		return -1;
	*out = json_string_value(v);
	return 0;
}

static int
get_long(json_t *o, const char *key, long lo, long hi, long *out, int *has)
{
	json_t *v = json_object_get(o, key);

	*has = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return -1;
	*out = (long)json_integer_value(v);
	*has = 1;
	return 0;
}

int
svc_form_from_json(struct arena *a, json_t *arr, struct svc_form *out,
    struct svc_err *err)
{
	size_t i, j;
	json_t *o, *v;

	memset(out, 0, sizeof(*out));
	if (!json_is_array(arr))
		return svc_err(err, 422, "invalid_form", "form", "Biểu mẫu phải"
		    " là một mảng các trường");
	if (json_array_size(arr) > SVC_FIELDS_MAX)
		return svc_errf(err, 422, "invalid_form", "form", "Biểu mẫu có"
		    " quá %d trường", SVC_FIELDS_MAX);
	out->fields = arena_alloc(a, sizeof(*out->fields) *
	    (json_array_size(arr) + 1));
	json_array_foreach(arr, i, o) {
		struct svc_field *f = &out->fields[out->n];
		const char *s, *t;
		int k;

		if (!json_is_object(o))
			return svc_errf(err, 422, "invalid_form", "form",
			    "Trường thứ %zu của biểu mẫu không phải đối tượng",
			    i + 1);
		if (get_str(o, "name", 32, 1, &s) < 0 || !name_ok(s))
			return svc_errf(err, 422, "invalid_form", "form",
			    "Trường thứ %zu: tên (name) chỉ gồm a-z, 0-9, _ và"
			    " dài 1-32 ký tự", i + 1);
		for (k = 0; k < out->n; k++)
			if (strcmp(out->fields[k].name, s) == 0)
				return svc_errf(err, 422, "invalid_form", "form",
				    "Trường '%s' bị lặp", s);
		f->name = arena_strdup(a, s);
		if (get_str(o, "label", LABEL_MAX, 1, &s) < 0)
			return svc_errf(err, 422, "invalid_form", "form",
			    "Trường '%s': thiếu nhãn (label)", f->name);
		f->label = arena_strdup(a, s);
		if (get_str(o, "type", 16, 1, &t) < 0)
			t = "";
		for (f->type = 0; f->type < SVC_F_MAX &&
		    strcmp(t, ftype_names[f->type]) != 0; f->type++)
			;
		if (f->type == SVC_F_MAX)
			return svc_errf(err, 422, "invalid_form", "form",
			    "Trường '%s': kiểu (type) phải là text, number,"
			    " date, choice hoặc file", f->name);
		v = json_object_get(o, "required");
		if (v && !json_is_boolean(v))
			return svc_errf(err, 422, "invalid_form", "form",
			    "Trường '%s': required phải là true hoặc false",
			    f->name);
		f->required = v && json_is_true(v);
		if (get_long(o, "min", -SVC_NUMBER_MAX, SVC_NUMBER_MAX, &f->min,
		    &f->has_min) < 0 || get_long(o, "max", -SVC_NUMBER_MAX,
		    SVC_NUMBER_MAX, &f->max, &f->has_max) < 0 ||
		    (f->has_min && f->has_max && f->min > f->max))
			return svc_errf(err, 422, "invalid_form", "form",
			    "Trường '%s': min, max phải là số nguyên, min ≤ max",
			    f->name);
		if (get_str(o, "check", 16, 0, &t) < 0)
			t = "?";
		f->check = SVC_CHECK_NONE;
		if (t && *t) {
			for (f->check = 1; f->check < SVC_CHECK_MAX &&
			    strcmp(t, check_names[f->check]) != 0; f->check++)
				;
			if (f->check == SVC_CHECK_MAX ||
			    ((f->check == SVC_CHECK_PAST ||
			    f->check == SVC_CHECK_FUTURE) !=
			    (f->type == SVC_F_DATE)) ||
			    (f->check != SVC_CHECK_PAST &&
			    f->check != SVC_CHECK_FUTURE &&
			    f->type != SVC_F_TEXT))
				return svc_errf(err, 422, "invalid_form", "form",
				    "Trường '%s': kiểm tra (check) không hợp lệ"
				    " với kiểu trường", f->name);
		}
		if (get_str(o, "hint", LABEL_MAX, 0, &s) < 0)
			return svc_errf(err, 422, "invalid_form", "form",
			    "Trường '%s': hint không hợp lệ", f->name);
		f->hint = s ? arena_strdup(a, s) : "";
		v = json_object_get(o, "options");
		if (f->type == SVC_F_CHOICE) {
			json_t *ov;

			if (!json_is_array(v) || json_array_size(v) == 0 ||
			    json_array_size(v) > SVC_OPTIONS_MAX)
				return svc_errf(err, 422, "invalid_form", "form",
				    "Trường '%s': cần 1-%d lựa chọn (options)",
				    f->name, SVC_OPTIONS_MAX);
			json_array_foreach(v, j, ov) {
				if (!json_is_string(ov) || !svc_valid_text(
				    json_string_value(ov), 1, OPTION_MAX))
					return svc_errf(err, 422, "invalid_form",
					    "form", "Trường '%s': lựa chọn thứ %zu"
					    " không hợp lệ", f->name, j + 1);
				f->options[f->noptions++] = arena_strdup(a,
				    json_string_value(ov));
			}
		} else if (v != NULL)
			return svc_errf(err, 422, "invalid_form", "form",
			    "Trường '%s': chỉ trường choice có options",
			    f->name);
		out->n++;
	}
	return 0;
}

int
svc_form_parse(struct arena *a, const char *json, struct svc_form *out,
    struct svc_err *err)
{
	json_error_t jerr;
	json_t *arr;
	int rc;

	arr = json_loads(json ? json : "", JSON_REJECT_DUPLICATES, &jerr);
	if (arr == NULL) {
		memset(out, 0, sizeof(*out));
		return svc_err(err, 422, "invalid_form", "form", "Biểu mẫu không"
		    " phải JSON hợp lệ");
	}
	rc = svc_form_from_json(a, arr, out, err);
	json_decref(arr);
	return rc;
}

char *
svc_form_dump(const struct svc_form *f)
{
	json_t *arr = json_array(), *o, *opts;
	char *s;
	int i, k;

	for (i = 0; i < f->n; i++) {
		const struct svc_field *x = &f->fields[i];

		o = json_pack("{s:s, s:s, s:s, s:b}", "name", x->name, "label",
		    x->label, "type", ftype_names[x->type], "required",
		    x->required);
		if (x->has_min)
			json_object_set_new(o, "min", json_integer(x->min));
		if (x->has_max)
			json_object_set_new(o, "max", json_integer(x->max));
		if (x->check)
			json_object_set_new(o, "check",
			    json_string(check_names[x->check]));
		if (x->hint && *x->hint)
			json_object_set_new(o, "hint", json_string(x->hint));
		if (x->type == SVC_F_CHOICE) {
			opts = json_array();
			for (k = 0; k < x->noptions; k++)
				json_array_append_new(opts,
				    json_string(x->options[k]));
			json_object_set_new(o, "options", opts);
		}
		json_array_append_new(arr, o);
	}
	s = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return s;
}

int
svc_components_from_json(struct arena *a, json_t *arr,
    struct svc_component **out, int *n, struct svc_err *err)
{
	json_t *o;
	size_t i;

	*n = 0;
	*out = NULL;
	if (!json_is_array(arr) || json_array_size(arr) > SVC_COMPONENTS_MAX)
		return svc_errf(err, 422, "invalid_components", "components",
		    "Thành phần hồ sơ phải là một mảng tối đa %d giấy tờ",
		    SVC_COMPONENTS_MAX);
	*out = arena_alloc(a, sizeof(**out) * (json_array_size(arr) + 1));
	json_array_foreach(arr, i, o) {
		struct svc_component *c = &(*out)[*n];
		const char *s;
		long v;
		int has;

		if (!json_is_object(o) || get_str(o, "name", LABEL_MAX, 1,
		    &s) < 0)
			return svc_errf(err, 422, "invalid_components",
			    "components", "Giấy tờ thứ %zu: thiếu tên (name)",
			    i + 1);
		c->name = arena_strdup(a, s);
		if (get_long(o, "originals", 0, 99, &v, &has) < 0)
			return svc_errf(err, 422, "invalid_components",
			    "components", "Giấy tờ thứ %zu: số bản chính"
			    " (originals) 0-99", i + 1);
		c->originals = has ? (int)v : 1;
		if (get_long(o, "copies", 0, 99, &v, &has) < 0)
			return svc_errf(err, 422, "invalid_components",
			    "components", "Giấy tờ thứ %zu: số bản sao"
			    " (copies) 0-99", i + 1);
		c->copies = has ? (int)v : 0;
		if (get_str(o, "template", 500, 0, &s) < 0)
			return svc_errf(err, 422, "invalid_components",
			    "components", "Giấy tờ thứ %zu: mẫu (template)"
			    " không hợp lệ", i + 1);
		c->template_url = s ? arena_strdup(a, s) : "";
		(*n)++;
	}
	return 0;
}

const struct svc_field *
svc_form_field(const struct svc_form *f, const char *name)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int
check_text(const struct svc_field *f, const char *s)
{
	size_t n;

	switch (f->check) {
	case SVC_CHECK_EMAIL:
		return svc_email_valid(s);
	case SVC_CHECK_PHONE:
		n = strlen(s);
		return (s[0] == '0' && n == 10 && all_digits(s)) ||
		    (s[0] == '+' && n >= 9 && n <= 15 && all_digits(s + 1));
	case SVC_CHECK_IDNO:
		/* Căn cước: 12 digits; older identity cards: 9. */
		n = strlen(s);
		return (n == 12 || n == 9) && all_digits(s);
	case SVC_CHECK_DIGITS:
		return all_digits(s);
	default:
		return 1;
	}
}

int
svc_email_valid(const char *s)
{
	const char *at, *dot, *p;

	if (s == NULL || strlen(s) > 254 || strlen(s) < 5)
		return 0;
	for (p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '<' ||
		    *p == '>' || *p == '"' || *p == ',' || *p == ';' ||
		    *p == '\\' || *p == '(' || *p == ')')
			return 0;
	if ((at = strchr(s, '@')) == NULL || at == s || strchr(at + 1, '@'))
		return 0;
	dot = strrchr(at, '.');
	return dot && dot > at + 1 && dot[1] != '\0' && utf8_valid(s,
	    strlen(s));
}

/* A value as a trimmed string in `out` (numbers printed). -1 when of a
 * type a form cannot hold. */
static int
value_str(json_t *v, char *out, size_t outlen)
{
	const char *s;
	size_t n;

	if (json_is_integer(v)) {
		snprintf(out, outlen, "%lld", (long long)json_integer_value(v));
		return 0;
	}
	if (!json_is_string(v))
		return -1;
	s = json_string_value(v);
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (n >= outlen)
		return -2;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

int
svc_form_check(const struct svc_form *f, json_t *values, int today,
    int complete, json_t **clean, struct svc_err *err)
{
	static __thread char s[VALUE_MAX + 1];
	const char *key;
	json_t *v, *c;
	int i, k, rc;

	*clean = NULL;
	if (values != NULL && !json_is_object(values))
		return svc_err(err, 422, "invalid_values", "values", "Giá trị"
		    " biểu mẫu phải là một đối tượng JSON");
	json_object_foreach(values, key, v) {
		const struct svc_field *x = svc_form_field(f, key);

		if (x == NULL || x->type == SVC_F_FILE)
			return svc_errf(err, 422, "unknown_field", key,
			    "Biểu mẫu không có trường '%s'", key);
	}
	c = json_object();
	for (i = 0; i < f->n; i++) {
		const struct svc_field *x = &f->fields[i];

		if (x->type == SVC_F_FILE)
			continue;
		v = values ? json_object_get(values, x->name) : NULL;
		rc = v == NULL || json_is_null(v) ? 1 :
		    value_str(v, s, sizeof(s));
		if (rc == 0 && (!utf8_valid(s, strlen(s)) ||
		    !svc_valid_text(s, 0, VALUE_MAX)))
			rc = -1;
		if (rc < 0) {
			json_decref(c);
			return svc_errf(err, 422, rc == -2 ? "too_long" :
			    "invalid_value", x->name, "%s: giá trị không hợp lệ"
			    "%s", x->label, rc == -2 ? " (quá dài)" : "");
		}
		if (rc == 1 || s[0] == '\0') {
			if (x->required && complete) {
				json_decref(c);
				return svc_errf(err, 422, "required", x->name,
				    "Chưa điền %s", x->label);
			}
			continue;
		}
		switch (x->type) {
		case SVC_F_TEXT:
			if ((x->has_max && (long)utf8_length(s) > x->max) ||
			    (x->has_min && (long)utf8_length(s) < x->min))
				goto bad_len;
			if (!check_text(x, s))
				goto bad;
			json_object_set_new(c, x->name, json_string(s));
			break;
		case SVC_F_NUMBER: {
			char *end;
			long long n;

			if (!(all_digits(s) || (s[0] == '-' &&
			    all_digits(s + 1))) || strlen(s) > 16)
				goto bad;
			n = strtoll(s, &end, 10);
			if ((x->has_min && n < x->min) ||
			    (x->has_max && n > x->max)) {
				json_decref(c);
				return svc_errf(err, 422, "out_of_range",
				    x->name, "%s phải trong khoảng %ld - %ld",
				    x->label, x->has_min ? x->min : -999999999L,
				    x->has_max ? x->max : 999999999L);
			}
			json_object_set_new(c, x->name, json_integer(n));
			break;
		}
		case SVC_F_DATE: {
			int d;

			if (calendar_parse_iso(s, &d) < 0 &&
			    calendar_parse_vn(s, &d) < 0)
				goto bad;
			if ((x->check == SVC_CHECK_PAST && d > today) ||
			    (x->check == SVC_CHECK_FUTURE && d < today)) {
				json_decref(c);
				return svc_errf(err, 422, "invalid_date",
				    x->name, "%s: ngày %s", x->label,
				    x->check == SVC_CHECK_PAST ?
				    "không được sau hôm nay" :
				    "không được trước hôm nay");
			}
			{
				char iso[11];

				json_object_set_new(c, x->name, json_string(
				    calendar_format_iso(d, iso)));
			}
			break;
		}
		case SVC_F_CHOICE:
			for (k = 0; k < x->noptions &&
			    strcmp(s, x->options[k]) != 0; k++)
				;
			if (k == x->noptions)
				goto bad;
			json_object_set_new(c, x->name, json_string(s));
			break;
		}
		continue;
bad_len:
		json_decref(c);
		return svc_errf(err, 422, "invalid_length", x->name,
		    "%s: độ dài không hợp lệ", x->label);
bad:
		json_decref(c);
		return svc_errf(err, 422, "invalid_value", x->name,
		    "%s: giá trị không hợp lệ", x->label);
	}
	*clean = c;
	return 0;
}

/* A procedure code: digits, capital letters and dots, starting with a
 * digit, 3..32 bytes (2.000815, 1.004227.000.00.00.H55). */
static int
proc_code_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 3 || n >= SVC_PROC_CODE_MAX || s[0] < '0' || s[0] > '9')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || s[i] == '.'))
			return 0;
	return 1;
}

/* A member given either as JSON (array) or as JSON text (CSV cells). */
static json_t *
json_member(json_t *o, const char *key, int *owned)
{
	json_t *v = json_object_get(o, key);
	json_error_t jerr;

	*owned = 0;
	if (v && json_is_string(v)) {
		const char *s = json_string_value(v);

		*owned = 1;
		if (*s == '\0')
			return json_array();
		return json_loads(s, JSON_REJECT_DUPLICATES, &jerr);
	}
	if (v == NULL || json_is_null(v)) {
		*owned = 1;
		return json_array();
	}
	return v;
}

int
svc_procedure_from_json(struct arena *a, json_t *o, struct svc_procedure *p,
    struct svc_err *err)
{
	struct svc_component *comp;
	struct svc_form form;
	const char *s;
	json_t *v;
	char *dump;
	int owned, n, rc;
	long x;
	int has;

	memset(p, 0, sizeof(*p));
	p->active = 1;
	if (!json_is_object(o))
		return svc_err(err, 422, "invalid_procedure", NULL, "Mỗi thủ tục"
		    " phải là một đối tượng JSON");
	if (get_str(o, "code", SVC_PROC_CODE_MAX, 1, &p->code) < 0 ||
	    !proc_code_ok(p->code))
		return svc_err(err, 422, "invalid_code", "code", "Mã thủ tục"
		    " (code) gồm chữ số, chữ in hoa và dấu chấm, vd 2.000815");
	if (get_str(o, "name", SVC_NAME_MAX, 1, &p->name) < 0)
		return svc_err(err, 422, "invalid_name", "name", "Thiếu tên thủ"
		    " tục (name)");
	if (get_str(o, "field", LABEL_MAX, 1, &p->field) < 0)
		return svc_err(err, 422, "invalid_field", "field", "Thiếu lĩnh"
		    " vực (field)");
	if (get_str(o, "level", 32, 1, &s) < 0 ||
	    (p->level = svc_level_parse(s)) < 0)
		return svc_err(err, 422, "invalid_level", "level", "Cấp thực"
		    " hiện (level) phải là province, district hoặc commune");
	if (get_str(o, "agency", LABEL_MAX, 1, &p->agency) < 0)
		return svc_err(err, 422, "invalid_agency", "agency", "Thiếu cơ"
		    " quan thực hiện (agency)");
	if (get_str(o, "unit_code", 64, 0, &p->unit_code) < 0)
		return svc_err(err, 422, "invalid_unit", "unit_code", "Mã đơn vị"
		    " (unit_code) không hợp lệ");
	if (get_str(o, "mode", 32, 1, &s) < 0 ||
	    (p->mode = svc_mode_parse(s)) < 0)
		return svc_err(err, 422, "invalid_mode", "mode", "Hình thức"
		    " (mode) phải là full (toàn trình) hoặc partial (một phần)");
	v = json_object_get(o, "days");
	if (v && json_is_string(v) && all_digits(json_string_value(v)) &&
	    strlen(json_string_value(v)) < 4)
		x = atol(json_string_value(v)), has = 1;
	else if (get_long(o, "days", 0, 365, &x, &has) < 0)
		has = -1;
	if (has != 1 || x < 0 || x > 365)
		return svc_err(err, 422, "invalid_days", "days", "Thời hạn giải"
		    " quyết (days) là số ngày làm việc 0-365");
	p->days = (int)x;
	v = json_object_get(o, "fee");
	if (v && json_is_string(v) && (*json_string_value(v) == '\0' ||
	    (all_digits(json_string_value(v)) &&
	    strlen(json_string_value(v)) < 12)))
		x = atol(json_string_value(v)), has = 1;
	else if (get_long(o, "fee", 0, 100000000000L, &x, &has) < 0)
		has = -1;
	if (has < 0)
		return svc_err(err, 422, "invalid_fee", "fee", "Lệ phí (fee) là"
		    " số đồng, không âm");
	p->fee = has ? x : 0;
	if (get_str(o, "fee_text", SVC_TEXT_MAX, 0, &p->fee_text) < 0 ||
	    get_str(o, "result", SVC_TEXT_MAX, 0, &p->result) < 0 ||
	    get_str(o, "legal_basis", SVC_TEXT_MAX, 0, &p->legal_basis) < 0)
		return svc_err(err, 422, "invalid_text", NULL, "fee_text, result"
		    " hoặc legal_basis không hợp lệ");
	if (p->fee_text == NULL)
		p->fee_text = "";
	if (p->result == NULL)
		p->result = "";
	if (p->legal_basis == NULL)
		p->legal_basis = "";
	v = json_member(o, "components", &owned);
	if (v == NULL)
		return svc_err(err, 422, "invalid_components", "components",
		    "Thành phần hồ sơ (components) không phải JSON hợp lệ");
	rc = svc_components_from_json(a, v, &comp, &n, err);
	if (rc == 0) {
		dump = json_dumps(v, JSON_COMPACT);
		p->components = arena_strdup(a, dump ? dump : "[]");
		free(dump);
	}
	if (owned)
		json_decref(v);
	if (rc < 0)
		return -1;
	v = json_member(o, "form", &owned);
	if (v == NULL)
		return svc_err(err, 422, "invalid_form", "form", "Biểu mẫu (form)"
		    " không phải JSON hợp lệ");
	rc = svc_form_from_json(a, v, &form, err);
	if (owned)
		json_decref(v);
	if (rc < 0)
		return -1;
	dump = svc_form_dump(&form);
	p->form = arena_strdup(a, dump ? dump : "[]");
	free(dump);
	v = json_object_get(o, "active");
	if (v && json_is_boolean(v))
		p->active = json_is_true(v);
	return 0;
}

int
svc_proc_form(struct arena *a, const char *json, struct svc_form *f)
{
	struct svc_err e;

	return svc_form_parse(a, json, f, &e);
}
