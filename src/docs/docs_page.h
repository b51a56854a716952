/* docs_page.h - shared bits of the documents module's pages (private). */
#ifndef CONGSO_DOCS_PAGE_H
#define CONGSO_DOCS_PAGE_H

#include "core/page.h"
#include "docs.h"

/* The signed-in person as an actor; answers 403 and returns -1 when the
 * person has no unit. */
int	 docs_page_actor(struct req *r, struct docs_actor *who);
/* What a reader calls the state of a document: the receipt's state when
 * their body received it, else the document's. */
const char *docs_page_state(const struct docs_doc *d);
/* An urgency tag (nothing for Thường). */
void	 docs_page_urgency(struct req *r, int urgency);
/* A table of documents with links to their pages. */
void	 docs_page_table(struct req *r, const struct docs_doc *d, int n);
void	 docs_page_doc_register(void);
void	 docs_page_work_register(void);

#endif
