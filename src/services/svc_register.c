/* svc_register.c - wiring of the public services module: routes, menu
 * entries, the e-mail job and the hourly purge of citizens' expired
 * sessions and codes. */
#include "core/jobs.h"
#include "core/log.h"
#include "core/page.h"
#include "directory/directory.h"
#include "sign/sign.h"
#include "svc_web.h"

void
svc_register(void)
{
	struct db *db = db_thread();

	svc_api_citizen_register();
	svc_api_office_register();
	svc_page_public_register();
	svc_page_citizen_register();
	svc_page_office_register();
	svc_page_admin_register();
	jobs_register("svc.mail", svc_job_mail);
	jobs_register("svc.purge", svc_job_purge);
	sign_flow_on_signed(SVC_SIGN_OWNER, svc_result_signed);
	page_nav_add("Một cửa", "/mot-cua", DIR_ROLE_ONESTOP |
	    DIR_ROLE_SPECIALIST | DIR_ROLE_LEADER | DIR_ROLE_ADMIN);
	page_nav_add("Dịch vụ công", "/dich-vu-cong", ROLE_USER);
	if (db) {
		jobs_ensure(db, "svc.purge", 60);
		/* The catalogue's order (sql/027_svc_sort_key.sql). */
		if (db_sort_keys(db, "svc.sort_key_collation",
		    "svc_procedures", "vi_key(field, name)") < 0)
			log_error("the catalogue's sort keys could not be"
			    " made: it lists in byte order");
	}
}
