/*
 * pdfw.h - a small PDF writer for the forms and registers congso prints:
 * UTF-8 text in DejaVu Sans (embedded as a CID TrueType font with
 * Identity-H encoding and a ToUnicode map, so the text is searchable and
 * copyable), paragraphs wrapped to the page, text placed at a point,
 * filled squares, and tables of wrapped, ruled cells whose head is
 * repeated on each page. Pages are added as the content needs them.
 */
#ifndef CONGSO_PDFW_H
#define CONGSO_PDFW_H

#include "buf.h"

/* A4 in points, upright and lying. */
#define PDFW_A4_W	595
#define PDFW_A4_H	842

struct pdfw;

/* A document of pages `w` x `h` points with `margin` on every side; its
 * first page begun. NULL when the font cannot be read or memory runs
 * out. Free with pdfw_free(). */
struct pdfw *pdfw_new(int w, int h, int margin);
void	 pdfw_free(struct pdfw *w);
/* The width of UTF-8 text at `size` points. */
double	 pdfw_width(const char *s, int size);
/* The space left above the bottom margin; a new page when less than
 * `h` is left. The current height from the bottom, and moving it down. */
void	 pdfw_need(struct pdfw *w, double h);
double	 pdfw_y(const struct pdfw *w);
void	 pdfw_down(struct pdfw *w, double h);
/* A paragraph wrapped between the margins, a line down each (size 0: a
 * small gap), centred or from the left margin. */
void	 pdfw_paragraph(struct pdfw *w, const char *text, int size,
	    int center);
/* One line of text whose baseline is at the current height, starting
 * at `x` (not wrapped). */
void	 pdfw_text_at(struct pdfw *w, double x, const char *text, int size);
/* A filled black square, its lower left corner at x, y. */
void	 pdfw_fill(struct pdfw *w, double x, double y, double wd, double ht);
/* A table across the page: `ncol` columns sharing the width between the
 * margins in proportion to `widths`, its head rows (`head`, ncol cells
 * each, `nhead` rows, on a grey ground) drawn now and again at the top of
 * each page the table goes on to. */
void	 pdfw_table(struct pdfw *w, int ncol, const double *widths,
	    const char *const *head, int nhead, int size);
/* A row of the table: each cell wrapped to its column (a word longer
 * than the column broken), the row as tall as its tallest cell, on a new
 * page when it does not fit. NULL cells are empty. */
void	 pdfw_row(struct pdfw *w, const char *const *cells);
/* Append the whole document to `out`. 0, or -1 when memory runs out. */
int	 pdfw_finish(struct pdfw *w, struct buf *out);

#endif
