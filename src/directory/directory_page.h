/* directory_page.h - shared bits of the directory's pages (private). */
#ifndef CONGSO_DIRECTORY_PAGE_H
#define CONGSO_DIRECTORY_PAGE_H

#include "core/page.h"
#include "directory.h"

/* Vietnamese label of a unit kind. */
const char *dir_kind_label(const char *kind);
/* Role tags of a person. */
void	 dir_page_roles(struct req *r, unsigned roles);
/* A table of `n` people; the unit column only when `with_unit`. */
void	 dir_page_people_table(struct req *r, const struct dir_person *p, int n,
	    int with_unit);
void	 directory_admin_register(void);

#endif
