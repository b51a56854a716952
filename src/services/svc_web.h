/*
 * svc_web.h - helpers shared by the services module's pages and JSON
 * handlers (private to src/services/).
 */
#ifndef CONGSO_SVC_WEB_H
#define CONGSO_SVC_WEB_H

#include "core/http.h"
#include "services.h"

/* The signed-in member of staff as an actor; answers 403 and returns -1
 * when the person has no unit. */
int	 svc_web_staff(struct req *r, struct svc_actor *who);
/* The citizen of the request: a bearer token ("api") or the cookie
 * SVC_COOKIE ("web"), whose CSRF token must come with every POST in the
 * form field "_ccsrf" (header X-Citizen-CSRF). 0, or
 * -1 after answering (401 for the API, a redirect to the citizen's
 * sign-in page, 403 on a bad CSRF token). `c` may be NULL. */
int	 svc_web_citizen(struct req *r, struct svc_actor *who,
	    struct svc_citizen *c);
/* The citizen when one is signed in (cookie), without answering. */
int	 svc_web_citizen_peek(struct req *r, struct svc_citizen *c);
/* The hidden CSRF fields of a citizen's form (and the staff token when
 * a member of staff is signed in on the same browser). */
void	 svc_web_csrf(struct req *r, const struct svc_citizen *c);
/* The input of a form field (named "v_<name>", or "<name>" for a file),
 * with its label and the value from `values` when given. */
void	 svc_web_field(struct req *r, const struct svc_field *f,
	    json_t *values);
/* The form's values: fields "v_<name>" into a new JSON object. */
json_t	*svc_web_values(struct req *r);
/* Attach every non-empty uploaded file of the request to the dossier
 * under its field name. 0 or -1 with `e`. */
int	 svc_web_attach_all(struct db *db, struct req *r,
	    const struct svc_actor *who, int64_t id, struct svc_err *e);
/* The public address of the portal: settings services.base_url, else
 * http(s):// and the request's Host when it is a plain host name. */
const char *svc_web_base(struct req *r);
/* Answer an error from the module in the route's kind. */
void	 svc_web_err(struct req *r, const struct svc_err *e);
/* Attach every uploaded file of the request to dossier r->args[0] (each
 * under its form field's name), all or none, in one transaction. 0, or
 * -1 when answered with the error. */
int	 svc_web_attach_files(struct req *r, const struct svc_actor *who);
/* Commit when rc is 0, else roll back and answer `e`. 0 or -1. */
int	 svc_web_end(struct req *r, struct db *db, int rc,
	    const struct svc_err *e);
/* Answer with a stored file of a dossier. */
void	 svc_web_send_file(struct req *r, const struct svc_file *f);
/* "dd/mm/yyyy HH:MM" (local) of an instant ("" for 0). */
const char *svc_web_time(struct arena *a, long t);
/* ISO 8601 with offset of an instant, or NULL for 0. */
json_t	*svc_web_json_time(long t);
/* A dossier as JSON: `full` adds the applicant, values, files, history
 * (with names of staff) and payments. */
json_t	*svc_web_dossier(struct req *r, const struct svc_dossier *d, int full);
/* Public tracking of a dossier: no personal data, no names of staff. */
json_t	*svc_web_tracking(struct req *r, const struct svc_dossier *d);
/* The back office's menu line. */
void	 svc_page_office_menu(struct req *r);
void	 svc_page_forms_register(void);
void	 svc_page_admin_register(void);
void	 svc_api_citizen_register(void);
void	 svc_api_office_register(void);
void	 svc_page_public_register(void);
void	 svc_page_citizen_register(void);
void	 svc_page_office_register(void);

#endif
