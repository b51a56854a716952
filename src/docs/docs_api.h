/*
 * docs_api.h - helpers shared by the documents module's JSON files
 * (private to src/docs/).
 */
#ifndef CONGSO_DOCS_API_H
#define CONGSO_DOCS_API_H

#include "core/http.h"
#include "docs.h"

/* The signed-in person as an actor; answers 403 and returns -1 when the
 * person has no unit. */
int	 docs_api_actor(struct req *r, struct docs_actor *who);
/* Answer for a document the visible lookup did not find: 403 forbidden
 * when it exists, 404 not_found when it does not; JSON or a page, as the
 * route answers. */
void	 docs_api_unseen(struct req *r, int64_t id);
/* Answer an error from the module. */
void	 docs_api_err(struct req *r, const struct docs_err *e);
/* Commit when rc is 0, else roll back and answer `e`. 0 or -1. */
int	 docs_api_end(struct req *r, struct db *db, int rc,
	    const struct docs_err *e);
/* A document as JSON; `full` adds content, recipients, assignees, files:
 * written into `w`, or as a tree (made from the same writing). */
struct jw;
void	 docs_api_doc_write(struct jw *w, struct req *r,
	    const struct docs_doc *d, int full);
json_t	*docs_api_doc(struct req *r, const struct docs_doc *d, int full);
/* docs_api_end(), answering with document `id` in full as its reader
 * sees it (201 adds its Location), read before the commit. */
void	 docs_api_end_answer(struct req *r, struct db *db, int rc,
	    const struct docs_err *e, const struct docs_actor *who, int64_t id,
	    int status);
/* Answer with a stored file (found through a visible document). */
void	 docs_send_file(struct req *r, const struct docs_file *f);
/* Answer with a register's entries of `year` as an XLSX file, or a PDF
 * (`pdf`). */
void	 docs_send_register(struct req *r, const struct docs_actor *who,
	    const struct docs_register *g, int year, int pdf);
void	 docs_api_work_register(void);

#endif
