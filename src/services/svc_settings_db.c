/* svc_settings_db.c - the settings of public services (cut-off hour, file
 * size limit, the public address, the SMTP server) and appointment dates
 * against the stored calendar. */
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/log.h"
#include "svc_int.h"

const char *
svc_setting(struct db *db, struct arena *a, const char *key, const char *def)
{
	const char *v = db_setting(db, a, key);

	return v ? v : def;
}

int
svc_cutoff(struct db *db)
{
	struct arena a = ARENA_INIT;
	int m = svc_cutoff_parse(svc_setting(db, &a, "services.cutoff",
	    "16:00"));

	arena_release(&a);
	return m < 0 ? SVC_CUTOFF_DEFAULT : m;
}

long
svc_file_max(struct db *db)
{
	struct arena a = ARENA_INIT;
	long v = atol(svc_setting(db, &a, "services.file_max", "0"));

	arena_release(&a);
	return v > 0 ? v : SVC_FILE_MAX_DEFAULT;
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

int
svc_setting_set(struct db *db, int64_t actor_id, const char *actor,
    const char *ip, const char *key, const char *value, struct svc_err *err)
{
	if (value == NULL || !svc_valid_text(value, 0, 255) ||
	    strchr(value, '\n'))
		return svc_err(err, 422, "invalid_value", key, "Giá trị không"
		    " hợp lệ");
	if (strcmp(key, "services.cutoff") == 0) {
		if (svc_cutoff_parse(value) < 0)
			return svc_err(err, 422, "invalid_value", key, "Giờ chốt"
			    " tiếp nhận có dạng HH:MM, từ 00:00 đến 24:00");
	} else if (strcmp(key, "services.file_max") == 0) {
		if (!all_digits(value) || strlen(value) > 10 ||
		    atol(value) < 1024)
			return svc_err(err, 422, "invalid_value", key, "Dung lượng"
			    " tệp tối đa là số byte, ít nhất 1024");
	} else if (strcmp(key, "smtp.port") == 0) {
		if (!all_digits(value) || strlen(value) > 5 || atoi(value) < 1 ||
		    atoi(value) > 65535)
			return svc_err(err, 422, "invalid_value", key, "Cổng SMTP"
			    " từ 1 đến 65535");
	} else if (strcmp(key, "smtp.from") == 0) {
		if (!svc_email_valid(value))
			return svc_err(err, 422, "invalid_value", key, "Địa chỉ"
			    " gửi thư không hợp lệ");
	} else if (strcmp(key, "smtp.host") == 0) {
		if (*value == '\0' || strspn(value, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") != strlen(value))
			return svc_err(err, 422, "invalid_value", key, "Máy chủ"
			    " SMTP không hợp lệ");
	} else if (strcmp(key, "services.base_url") == 0) {
		if (strncmp(value, "http://", 7) != 0 &&
		    strncmp(value, "https://", 8) != 0)
			return svc_err(err, 422, "invalid_value", key, "Địa chỉ"
			    " cổng phải bắt đầu bằng http:// hoặc https://");
	} else
		return svc_errf(err, 422, "unknown_setting", key, "Không có cài"
		    " đặt '%s'", key);
	if (db_setting_set(db, key, value) < 0 || audit_record(db, actor_id,
	    actor, ip, "services.setting", key, value) < 0)
		return svc_err(err, 500, "internal", NULL, "Lỗi cơ sở dữ liệu");
	return 0;
}

void
svc_local(time_t t, int *day, int *minute)
{
	struct tm tm;

	localtime_r(&t, &tm);
	*day = calendar_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
	*minute = tm.tm_hour * 60 + tm.tm_min;
}

int
svc_appointment_db(struct db *db, time_t now, int ndays, int *out)
{
	int day, minute, start = -1, working;
	struct calendar_list l;

	svc_local(now, &day, &minute);
	calendar_list_init(&l);
	if (calendar_db_load_year(db, calendar_year(day), &l) < 0) {
		calendar_list_release(&l);
		return -1;
	}
	working = calendar_is_working_day(&l, day);
	calendar_list_release(&l);
	if (working && minute < svc_cutoff(db))
		start = day;
	else if (calendar_db_due(db, day, 1, &start) < 0)
		return -1;
	return calendar_db_due(db, start, ndays, out) < 0 ? -1 : 0;
}
