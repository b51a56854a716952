/* docs_register_table.c - the registers as the decree's tables: their
 * columns and the cells of an entry (shared by the page and the XLSX
 * file), the print stylesheet of the register page, and the workbook. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/calendar.h"
#include "core/data.h"
#include "core/log.h"
#include "core/pdfw.h"
#include "docs.h"
#include "docs_int.h"

static const char *const in_cols[] = {
	"Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng",
	"Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận",
	"Hạn giải quyết", "Ghi chú",
};
static const double in_widths[] = { 11, 7, 24, 16, 11, 44, 22, 11, 14 };

static const char *const out_cols[] = {
	"Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung",
	"Người ký", "Nơi nhận", "Đơn vị, người nhận bản lưu", "Số lượng bản",
	"Ghi chú",
};
static const double out_widths[] = { 16, 11, 44, 20, 32, 20, 8, 14 };

int
docs_register_columns(int incoming, const char *const **titles)
{
	*titles = incoming ? in_cols : out_cols;
	return incoming ? (int)(sizeof(in_cols) / sizeof(in_cols[0])) :
	    (int)(sizeof(out_cols) / sizeof(out_cols[0]));
}

static const char *
note_of(struct arena *a, const struct docs_doc *d)
{
	const char *state = d->in_state ?
	    docs_in_state_label(docs_in_state_parse(d->in_state)) :
	    docs_state_label(docs_state_parse(d->state));

	if (d->refused_reason && *d->refused_reason)
		return arena_printf(a, "%s: %s", state, d->refused_reason);
	if (d->urgency > DOCS_URGENCY_NORMAL)
		return arena_printf(a, "%s; %s", docs_urgency_label(d->urgency),
		    state);
	return state;
}

void
docs_register_cells(struct db *db, struct arena *a, int incoming,
    const struct docs_doc *d, const char *cells[DOCS_REGISTER_COLS_MAX])
{
	struct buf b = BUF_INIT;
	int i, n;

	cells[incoming ? 5 : 2] = arena_printf(a, "%s: %s", d->type_name,
	    d->summary);
	if (incoming) {
		struct docs_assignee *as;

		cells[0] = calendar_iso_vn(a, d->received_on);
		cells[1] = d->in_number ? arena_printf(a, "%d", d->in_number) :
		    "";
		cells[2] = d->issuer_name;
		cells[3] = d->notation;
		cells[4] = calendar_iso_vn(a, d->doc_date);
		n = d->receipt_id ? docs_assignees(db, a, d->receipt_id, &as) : 0;
		for (i = 0; i < n; i++)
			if (strcmp(as[i].role, "info") != 0)
				buf_printf(&b, "%s%s%s", b.len ? "; " : "",
				    as[i].full_name, strcmp(as[i].role, "main") == 0 ?
				    "" : " (phối hợp)");
		cells[6] = arena_strdup(a, b.len ? b.data : "");
		cells[7] = calendar_iso_vn(a, d->deadline);
		cells[8] = note_of(a, d);
	} else {
		struct docs_recipient *rc;

		cells[0] = d->notation;
		cells[1] = calendar_iso_vn(a, d->doc_date);
		cells[3] = d->signer_name;
		n = docs_recipients(db, a, d->id, &rc);
		for (i = 0; i < n; i++)
			buf_printf(&b, "%s%s", i ? "; " : "", rc[i].name);
		cells[4] = arena_strdup(a, b.len ? b.data : "");
		cells[5] = d->drafter_name && *d->drafter_name ? d->drafter_name :
		    d->division;
		cells[6] = arena_printf(a, "%d", n > 0 ? n : 0);
		cells[7] = d->urgency > DOCS_URGENCY_NORMAL ?
		    docs_urgency_label(d->urgency) : "";
	}
	buf_release(&b);
}

int
docs_register_find(struct db *db, struct arena *a,
    const struct docs_actor *who, int64_t id, int year,
    struct docs_register *out)
{
	struct docs_register *g;
	int n, i;

	n = docs_registers(db, a, who->body_id, year, &g);
	for (i = 0; i < n; i++)
		if (g[i].id == id) {
			*out = g[i];
			return 0;
		}
	return -1;
}

/*
 * Printing the register page gives the decree's table: A4 landscape,
 * the page's frame hidden, ruled cells, the header repeated on each
 * sheet, the columns numbered.
 */
const char docs_print_css[] =
	"@page { size: A4 landscape; margin: 12mm 10mm; }\n"
	"@media print {\n"
	"  body { font: 11pt/1.3 \"Times New Roman\", \"DejaVu Serif\", serif;"
	" color: #000; background: #fff; }\n"
	"  header.top, footer, nav, .skip, .actions, .crumbs, form,"
	" .screen-only { display: none !important; }\n"
	"  main { margin: 0; padding: 0; max-width: none; }\n"
	"  .print-only { display: block !important; }\n"
	"  .register-head { display: flex !important; justify-content:"
	" space-between; text-align: center; margin-bottom: 6mm; }\n"
	"  .register-head p { margin: 0; }\n"
	"  h1 { text-align: center; font-size: 14pt; text-transform: uppercase;"
	" margin: 2mm 0; }\n"
	"  table.register { width: 100%; border-collapse: collapse;"
	" font-size: 10pt; background: none; }\n"
	"  table.register thead { display: table-header-group !important; }\n"
	"  table.register tr { display: table-row !important;"
	" page-break-inside: avoid; }\n"
	"  table.register th, table.register td { display: table-cell"
	" !important; border: 1px solid #000 !important; padding: 1mm 1.5mm;"
	" vertical-align: top; }\n"
	"  table.register th { text-align: center; font-weight: bold; }\n"
	"  table.register tr.colnum th { font-weight: normal;"
	" font-style: italic; }\n"
	"  table.register a { color: #000; text-decoration: none; }\n"
	"}\n"
	"@media screen { .print-only { display: none; } }\n";

/* --- the PDF ---------------------------------------------------------------- */

#define PDF_MARGIN	28

int
docs_register_pdf(struct db *db, struct arena *a,
    const struct docs_actor *who, const struct docs_register *g, int year,
    const char *unit_name, struct buf *out)
{
	static const char motto[] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
	static const char motto2[] = "Độc lập - Tự do - Hạnh phúc";
	struct pdfw *w;
	struct docs_doc *d;
	const char *const *cols;
	const char **head, *cells[DOCS_REGISTER_COLS_MAX];
	double right;
	int incoming = strcmp(g->direction, "in") == 0, ncol, n, i, k, rc;

	n = docs_register_entries(db, a, who, g->id, year, &d);
	if (n < 0 || (w = pdfw_new(PDFW_A4_H, PDFW_A4_W, PDF_MARGIN)) == NULL)
		return -1;
	/* The body top left, the national motto top right (the decree's
	 * register covers, Appendix VI). */
	right = PDFW_A4_H - PDF_MARGIN - pdfw_width(motto, 10) / 2;
	pdfw_down(w, 10);
	pdfw_text_at(w, PDF_MARGIN, unit_name, 10);
	pdfw_text_at(w, right - pdfw_width(motto, 10) / 2, motto, 10);
	pdfw_down(w, 13);
	pdfw_text_at(w, right - pdfw_width(motto2, 10) / 2, motto2, 10);
	pdfw_down(w, 12);
	pdfw_paragraph(w, incoming ? "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" :
	    "SỔ ĐĂNG KÝ VĂN BẢN ĐI", 14, 1);
	pdfw_paragraph(w, arena_printf(a, "%s — Năm %d", g->name, year), 10,
	    1);
	pdfw_down(w, 8);
	ncol = docs_register_columns(incoming, &cols);
	head = arena_alloc(a, sizeof(*head) * (size_t)ncol * 2);
	for (k = 0; k < ncol; k++) {
		head[k] = cols[k];
		head[ncol + k] = arena_printf(a, "(%d)", k + 1);
	}
	pdfw_table(w, ncol, incoming ? in_widths : out_widths, head, 2, 8);
	for (i = 0; i < n; i++) {
		memset(cells, 0, sizeof(cells));
		docs_register_cells(db, a, incoming, &d[i], cells);
		pdfw_row(w, cells);
	}
	if (n == 0) {
		pdfw_down(w, 6);
		pdfw_paragraph(w, "Sổ chưa có văn bản nào trong năm này.", 10, 0);
	}
	rc = pdfw_finish(w, out);
	pdfw_free(w);
	return rc;
}

/* --- the workbook ----------------------------------------------------------- */

static int
read_file(const char *path, struct buf *out)
{
	char piece[65536];
	size_t n;
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		return -1;
	while ((n = fread(piece, 1, sizeof(piece), fp)) > 0)
		if (buf_add(out, piece, n) < 0) {
			fclose(fp);
			return -1;
		}
	n = ferror(fp);
	fclose(fp);
	return n ? -1 : 0;
}

int
docs_register_xlsx(struct db *db, struct arena *a,
    const struct docs_actor *who, const struct docs_register *g, int year,
    const char *unit_name, struct buf *out)
{
	lxw_workbook_options opt = { 0 };
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *title, *bold, *head, *num, *cell, *center;
	struct docs_doc *d;
	const char *const *cols;
	const char *cells[DOCS_REGISTER_COLS_MAX];
	const double *widths;
	char path[4200], tmpdir[4096];
	int incoming = strcmp(g->direction, "in") == 0, ncol, n, i, k, fd, rc;

	snprintf(tmpdir, sizeof(tmpdir), "%s/tmp", data_dir());
	snprintf(path, sizeof(path), "%s/register-XXXXXX", tmpdir);
	if ((fd = mkstemp(path)) < 0)
		return -1;
	close(fd);
	n = docs_register_entries(db, a, who, g->id, year, &d);
	if (n < 0) {
		unlink(path);
		return -1;
	}
	ncol = docs_register_columns(incoming, &cols);
	widths = incoming ? in_widths : out_widths;
	opt.constant_memory = 1;
	opt.tmpdir = tmpdir;
	if ((wb = workbook_new_opt(path, &opt)) == NULL) {
		unlink(path);
		return -1;
	}
	ws = workbook_add_worksheet(wb, incoming ? "Sổ văn bản đến" :
	    "Sổ văn bản đi");
	title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 14);
	format_set_align(title, LXW_ALIGN_CENTER);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	center = workbook_add_format(wb);
	format_set_align(center, LXW_ALIGN_CENTER);
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_text_wrap(head);
	format_set_align(head, LXW_ALIGN_CENTER);
	format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(head, LXW_BORDER_THIN);
	num = workbook_add_format(wb);
	format_set_italic(num);
	format_set_align(num, LXW_ALIGN_CENTER);
	format_set_border(num, LXW_BORDER_THIN);
	cell = workbook_add_format(wb);
	format_set_text_wrap(cell);
	format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(cell, LXW_BORDER_THIN);
	for (k = 0; k < ncol; k++)
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, widths[k],
		    NULL);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);	/* A4 */
	worksheet_repeat_rows(ws, 4, 5);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_write_string(ws, 0, 0, unit_name, bold);
	worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)(ncol - 1), incoming ?
	    "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" : "SỔ ĐĂNG KÝ VĂN BẢN ĐI", title);
	worksheet_merge_range(ws, 2, 0, 2, (lxw_col_t)(ncol - 1),
	    arena_printf(a, "%s — Năm %d", g->name, year), center);
	/* Row by row: a constant-memory sheet forgets rows left behind. */
	for (k = 0; k < ncol; k++)
		worksheet_write_string(ws, 4, (lxw_col_t)k, cols[k], head);
	for (k = 0; k < ncol; k++)
		worksheet_write_string(ws, 5, (lxw_col_t)k,
		    arena_printf(a, "(%d)", k + 1), num);
	for (i = 0; i < n; i++) {
		memset(cells, 0, sizeof(cells));
		docs_register_cells(db, a, incoming, &d[i], cells);
		for (k = 0; k < ncol; k++)
			worksheet_write_string(ws, (lxw_row_t)(6 + i),
			    (lxw_col_t)k, cells[k] ? cells[k] : "", cell);
	}
	if ((rc = workbook_close(wb)) != LXW_NO_ERROR) {
		log_error("%s: %s", __func__, lxw_strerror((lxw_error)rc));
		unlink(path);
		return -1;
	}
	rc = read_file(path, out);
	unlink(path);
	return rc;
}
