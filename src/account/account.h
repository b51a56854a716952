/*
 * account.h - sign-in: sessions for pages (cookie + CSRF token), bearer
 * tokens for the API (short-lived from /api/v1/login, long-lived system
 * tokens an admin issues and revokes), slow-down and lock-out after
 * repeated failures, sign-out and change of password.
 */
#ifndef CONGSO_ACCOUNT_H
#define CONGSO_ACCOUNT_H

#include <stdint.h>

#include "core/db.h"
#include "core/http.h"

#define ACCOUNT_COOKIE		"cs_session"
#define ACCOUNT_WEB_TTL		(12 * 3600)	/* seconds */
#define ACCOUNT_API_TTL		(24 * 3600)
#define ACCOUNT_SLOW_AFTER	3	/* failures before waiting */
#define ACCOUNT_LOCK_AFTER	10	/* failures before lock-out */
#define ACCOUNT_LOCK_SECONDS	900

enum account_result {
	ACCOUNT_OK = 0,
	ACCOUNT_BAD = -1,	/* wrong username or password */
	ACCOUNT_WAIT = -2,	/* too soon after failures: retry_after */
	ACCOUNT_LOCKED = -3,	/* locked: retry_after */
	ACCOUNT_ERROR = -4
};

struct account_session {
	char		 token[33];	/* the secret, given once */
	char		 csrf[33];
	int64_t		 person_id;
	long		 expires_at;
	long		 retry_after;	/* seconds, for WAIT and LOCKED */
};

/* Check a username and password and open a session of `kind` ("web" or
 * "api"); audited either way. */
enum account_result account_login(struct db *db, const char *username,
	    const char *password, const char *ip, const char *kind,
	    struct account_session *out);
/* Close the session whose secret is `token`. */
int	 account_logout(struct db *db, const char *token, int64_t person_id,
	    const char *ip);
/* Issue a long-lived system token named `name` for `person_id`; the
 * secret goes to `token` (shown once). Its id is returned, or -1. */
int64_t	 account_token_issue(struct db *db, int64_t by, const char *by_name,
	    const char *ip, int64_t person_id, const char *name,
	    char token[33]);
int	 account_token_revoke(struct db *db, int64_t by, const char *by_name,
	    const char *ip, int64_t id);
struct account_token {
	int64_t		 id;
	const char	*name;
	int64_t		 person_id;
	const char	*username;
	long		 created_at;
	long		 revoked_at;	/* 0: in force */
};

/* Every system token (never the secrets), oldest first, in the arena.
 * Returns the count or -1. */
int	 account_tokens_list(struct db *db, struct arena *a,
	    struct account_token **out);
/* Remove expired sessions. */
int	 account_purge(struct db *db);
/* Fill r->user from the session cookie or bearer token. */
void	 account_authenticate(struct req *r);
/* Routes and menu entries (pages; the API's from account_register). */
void	 account_register(void);
/* Start remembering who each token signs in (see account_db.c); before
 * any thread writes. account_register() calls it. */
void	 account_cache_init(void);
void	 account_api_register(void);
void	 account_admin_register(void);

#endif
