/* svc_xlsx.c - lists exported as spreadsheets (libxlsxwriter): the
 * tracking register of dossiers, Mẫu 06 of Thông tư 01/2018/TT-VPCP. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/calendar.h"
#include "core/data.h"
#include "core/log.h"
#include "svc_int.h"

static const char *const cols[] = {
	"TT", "Mã hồ sơ", "Tên thủ tục hành chính", "Tên cá nhân, tổ chức",
	"Địa chỉ, số điện thoại", "Cơ quan chủ trì giải quyết",
	"Ngày, giờ nhận hồ sơ", "Ngày hẹn trả kết quả", "Ngày có kết quả,"
	" trả kết quả", "Ghi chú"
};
static const double widths[] = { 5, 26, 40, 24, 30, 28, 17, 13, 13, 22 };

static int
slurp(const char *path, struct buf *out)
{
	char piece[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, piece, sizeof(piece))) > 0)
		if (buf_add(out, piece, (size_t)n) < 0) {
			close(fd);
			return -1;
		}
	close(fd);
	return n < 0 ? -1 : 0;
}

static const char *
when(struct arena *a, long t)
{
	struct tm tm;
	time_t tt = t;
	char s[32];

	if (t == 0)
		return "";
	localtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%H:%M %d/%m/%Y", &tm);
	return arena_strdup(a, s);
}

static const char *
vn(struct arena *a, const char *iso)
{
	return iso && strlen(iso) == 10 ? calendar_iso_vn(a, iso) : "";
}

int
svc_register_xlsx(struct db *db, struct arena *a, const struct svc_actor *who,
    const char *from, const char *to, const char *unit_name, struct buf *out)
{
	struct svc_dossier_query q = { 0 };
	lxw_workbook_options opt = { 0 };
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *title, *head, *cell, *center;
	struct svc_dossier *d;
	char path[4200], tmpdir[4096];
	const int ncol = (int)(sizeof(cols) / sizeof(cols[0]));
	int n, i, k, fd, rc, total;

	snprintf(tmpdir, sizeof(tmpdir), "%s/tmp", data_dir());
	snprintf(path, sizeof(path), "%.4000s/svc-register-XXXXXX", tmpdir);
	if ((fd = mkstemp(path)) < 0) {
		log_error("%s: %s: %s", __func__, path, strerror(errno));
		return -1;
	}
	close(fd);
	q.box = SVC_BOX_ALL;
	q.from = from;
	q.to = to;
	q.limit = 10000;
	if ((n = svc_dossiers_list(db, a, who, &q, &d, &total)) < 0) {
		unlink(path);
		return -1;
	}
	opt.constant_memory = 1;
	opt.tmpdir = tmpdir;
	if ((wb = workbook_new_opt(path, &opt)) == NULL) {
		unlink(path);
		return -1;
	}
	ws = workbook_add_worksheet(wb, "Sổ theo dõi hồ sơ");
	title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 14);
	format_set_align(title, LXW_ALIGN_CENTER);
	center = workbook_add_format(wb);
	format_set_align(center, LXW_ALIGN_CENTER);
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_text_wrap(head);
	format_set_align(head, LXW_ALIGN_CENTER);
	format_set_border(head, LXW_BORDER_THIN);
	cell = workbook_add_format(wb);
	format_set_text_wrap(cell);
	format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(cell, LXW_BORDER_THIN);
	for (k = 0; k < ncol; k++)
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, widths[k],
		    NULL);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);	/* A4 */
	worksheet_repeat_rows(ws, 4, 4);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_write_string(ws, 0, 0, unit_name, NULL);
	worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)(ncol - 1),
	    "SỔ THEO DÕI HỒ SƠ", title);
	worksheet_merge_range(ws, 2, 0, 2, (lxw_col_t)(ncol - 1),
	    arena_printf(a, "Từ ngày %s đến ngày %s (Mẫu số 06, Thông tư"
	    " 01/2018/TT-VPCP)", vn(a, from), vn(a, to)), center);
	for (k = 0; k < ncol; k++)
		worksheet_write_string(ws, 4, (lxw_col_t)k, cols[k], head);
	for (i = 0; i < n; i++) {
		const char *cells[10];

		cells[0] = arena_printf(a, "%d", i + 1);
		cells[1] = d[i].code;
		cells[2] = d[i].procedure_name;
		cells[3] = d[i].applicant_name;
		cells[4] = arena_printf(a, "%s %s", d[i].applicant_addr,
		    d[i].applicant_phone);
		cells[5] = *d[i].handler_unit_name ? d[i].handler_unit_name :
		    d[i].unit_name;
		cells[6] = when(a, d[i].received_at);
		cells[7] = vn(a, d[i].due);
		cells[8] = vn(a, d[i].finished_on);
		cells[9] = svc_state_label(d[i].state);
		for (k = 0; k < ncol; k++)
			worksheet_write_string(ws, (lxw_row_t)(5 + i),
			    (lxw_col_t)k, cells[k], cell);
	}
	if ((rc = workbook_close(wb)) != LXW_NO_ERROR) {
		log_error("%s: %s", __func__, lxw_strerror((lxw_error)rc));
		unlink(path);
		return -1;
	}
	rc = slurp(path, out);
	unlink(path);
	return rc;
}
