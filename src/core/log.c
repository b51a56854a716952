/* log.c - structured one-line logs on standard error. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

static enum log_level min_level = LOG_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *names[LOG_LEVEL_MAX] = { "debug", "info", "warn", "error" };

void
log_set_level(enum log_level level)
{
	min_level = level;
}

static void __attribute__((format(printf, 3, 0)))
log_emit(enum log_level level, const char *fn, const char *fmt, va_list ap)
{
	char msg[2048], ts[32];
	struct tm tm;
	time_t now;
	char *p;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* One event, one line: no raw newlines or quotes inside msg="". */
	for (p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
		else if (*p == '"')
			*p = '\'';
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	pthread_mutex_lock(&log_lock);
	fprintf(stderr, "ts=%s level=%s fn=%s msg=\"%s\"\n", ts, names[level],
	    fn, msg);
	pthread_mutex_unlock(&log_lock);
}

void
log_msg(enum log_level level, const char *fn, const char *fmt, ...)
{
	va_list ap;

	if (level < min_level || level >= LOG_LEVEL_MAX)
		return;
	va_start(ap, fmt);
	log_emit(level, fn, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_ERROR, "fatal", fmt, ap);
	va_end(ap);
	exit(1);
}
