/*
 * page.h - the frame of every HTML page: head, header with the signed-in
 * person and the menu, main content, footer. Vietnamese, responsive, a skip
 * link for keyboard users, one stylesheet and one small script.
 */
#ifndef CONGSO_PAGE_H
#define CONGSO_PAGE_H

#include "html.h"
#include "http.h"

/* Add a menu entry shown to people holding one of `roles` (ROLE_USER for
 * everyone signed in). Call at start-up. */
void	 page_nav_add(const char *label, const char *href, unsigned roles);
/* Add a section to the signed-in person's home page (a module's work
 * waiting for them), drawn in the order added. Call at start-up. */
void	 page_home_add(void (*fn)(struct req *r));
/* Draw the sections added with page_home_add. */
void	 page_home_sections(struct req *r);
/* A tile of a home section: a count and its label, a link to `href`
 * (in red when `late`); inside <ul class="tiles counts">. */
void	 page_home_count(struct req *r, const char *href, int n,
	    const char *label, int late);
/* Name shown in the header (the province), from settings at start-up. */
void	 page_set_site(const char *name);
/* Open the page: status 200, HTML type, frame up to <main>. */
void	 page_begin(struct req *r, const char *title);
/* Close the page. */
void	 page_end(struct req *r);
/* The hidden CSRF field for a form that changes something. */
void	 page_csrf(struct req *r);
/* A notice (role="status") or an error (role="alert") box. */
void	 page_notice(struct req *r, const char *msg);
void	 page_alert(struct req *r, const char *msg);

#endif
