/* docs_register.c - wiring of the documents module: routes, menu entries,
 * job handlers and the first runs of its periodic jobs. */
#include "core/jobs.h"
#include "core/page.h"
#include "docs.h"

void
docs_register(void)
{
	docs_memo_init();
	docs_api_register();
	docs_page_register();
	docs_sign_register();
	jobs_register_batched("docs.extract", docs_job_extract);
	jobs_register("docs.remind", docs_job_remind);
	jobs_register("docs.seal", docs_job_seal);
	jobs_register("docs.index_merge", docs_job_index_merge);
	page_nav_add("Văn bản", "/van-ban", ROLE_USER);
	page_nav_add("Hồ sơ", "/ho-so", ROLE_USER);
	page_nav_add("Hạn xử lý", "/han-xu-ly", ROLE_USER);
	if (db_thread()) {
		jobs_ensure(db_thread(), "docs.remind", 60);
		jobs_ensure(db_thread(), "docs.index_merge", 10);
	}
}
