/*
 * log.h - structured logs on standard error, one line an event:
 *   ts=2026-11-22T10:00:00Z level=warn fn=db_open msg="..."
 * Callers name their function (__func__) and the problem. Secrets
 * (passwords, tokens, keys) are never passed here.
 */
#ifndef CONGSO_LOG_H
#define CONGSO_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_LEVEL_MAX };

/* Messages below `level` are dropped. Default LOG_INFO. */
void	log_set_level(enum log_level level);
void	log_msg(enum log_level level, const char *fn, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Log and exit(1): only for start-up failures and out-of-memory. */
void	fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#define log_debug(...)	log_msg(LOG_DEBUG, __func__, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __func__, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARN, __func__, __VA_ARGS__)
#define log_error(...)	log_msg(LOG_ERROR, __func__, __VA_ARGS__)

#endif
