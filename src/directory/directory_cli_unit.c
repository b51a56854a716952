/*
 * directory_cli_unit.c - `congso unit ...`: list, show, add and edit
 * units, print the tree as it stood on a date, merge, split, rename and
 * abolish units, import and export CSV. Output and exit statuses as
 * directory_cli.c describes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/cli.h"
#include "directory.h"
#include "directory_cli.h"

/* YYYY-MM-DD naming a real day. */
static int
valid_date(const char *s)
{
	struct tm tm;
	char back[11];
	const char *end;

	if (strlen(s) != 10)
		return 0;
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, "%Y-%m-%d", &tm)) == NULL || *end)
		return 0;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	if (mktime(&tm) == (time_t)-1)
		return 0;
	strftime(back, sizeof(back), "%Y-%m-%d", &tm);
	return strcmp(back, s) == 0;
}

static int
unit_list(struct dcli_ctx *x)
{
	struct dir_unit_query q;
	struct dir_unit *u;
	int n, i, total, rc;

	memset(&q, 0, sizeof(q));
	q.q = cli_get(&x->cli, "--q");
	q.kind = cli_get(&x->cli, "--kind");
	q.all = cli_has(&x->cli, "--all");
	q.parent_id = -1;
	if ((rc = dcli_limit_of(x, &q.limit)) != 0)
		return rc;
	if (cli_get(&x->cli, "--parent") &&
	    strcmp(cli_get(&x->cli, "--parent"), "0") == 0)
		q.parent_id = 0;
	else if (cli_get(&x->cli, "--parent") &&
	    (rc = dcli_unit_option(x, "--parent", &q.parent_id)) != 0)
		return rc;
	if ((n = dir_units_list(x->db, &x->a, &q, &u, &total)) < 0)
		return dcli_failed(x, "đọc danh sách đơn vị");
	for (i = 0; i < n; i++) {
		printf("%" PRId64 "\t", u[i].id);
		dcli_tsv(u[i].code);
		putchar('\t');
		dcli_tsv(u[i].short_name);
		putchar('\t');
		dcli_tsv(u[i].name);
		putchar('\t');
		dcli_tsv(u[i].kind);
		putchar('\t');
		if (u[i].parent_id)
			printf("%" PRId64, u[i].parent_id);
		putchar('\n');
	}
	if (n < total)
		fprintf(stderr, "(%d trên %d đơn vị; dùng --limit để xem thêm)\n",
		    n, total);
	return EXIT_OK;
}

static const char *
reorg_label(const char *kind)
{
	if (strcmp(kind, "merge") == 0)
		return "hợp nhất";
	if (strcmp(kind, "split") == 0)
		return "chia tách";
	if (strcmp(kind, "rename") == 0)
		return "đổi tên";
	if (strcmp(kind, "abolish") == 0)
		return "giải thể";
	return kind;
}

/* A unit's history, one event a line. */
static void
print_history(const struct dir_event *ev, int n)
{
	int i;

	if (n <= 0)
		return;
	puts("Lịch sử:");
	for (i = 0; i < n; i++) {
		if (strcmp(ev[i].event, "version") == 0) {
			printf("  %s đến %s: %s", ev[i].from, ev[i].until ?
			    ev[i].until : "nay", ev[i].name);
			if (*ev[i].detail)
				printf(", thuộc %s", ev[i].detail);
		} else {
			printf("  %s: %s", ev[i].from, reorg_label(strncmp(
			    ev[i].event, "reorg:", 6) == 0 ? ev[i].event + 6 :
			    ev[i].event));
			if (*ev[i].detail)
				printf(" (%s)", ev[i].detail);
			if (*ev[i].name)
				printf(" - %s", ev[i].name);
		}
		putchar('\n');
	}
}

static int
unit_show(struct dcli_ctx *x)
{
	struct dir_event *ev;
	struct dir_unit u;
	int rc, n;

	if ((rc = dcli_find_unit(x, NULL, x->cli.args[0], &u)) != 0)
		return rc;
	printf("Số: %" PRId64 "\n", u.id);
	printf("Mã định danh: %s\n", u.code);
	printf("Tên: %s\n", u.name);
	printf("Tên viết tắt: %s\n", u.short_name);
	printf("Loại: %s\n", u.kind);
	printf("Cấp: %d\n", u.level);
	if (u.parent_id)
		printf("Đơn vị cấp trên: %s (số %" PRId64 ")\n",
		    u.parent_name ? u.parent_name : "", u.parent_id);
	if (*u.address)
		printf("Địa chỉ: %s\n", u.address);
	if (*u.email)
		printf("Thư điện tử: %s\n", u.email);
	if (*u.phone)
		printf("Điện thoại: %s\n", u.phone);
	printf("Hiệu lực từ: %s\n", u.effective_from);
	if (u.effective_until)
		printf("Hết hiệu lực từ: %s\n", u.effective_until);
	if (u.successor_id)
		printf("Đơn vị kế thừa: %s (số %" PRId64 ")\n",
		    u.successor_name ? u.successor_name : "", u.successor_id);
	printf("Đơn vị trực thuộc: %d\n", u.nchildren);
	printf("Số người: %d\n", u.npeople);
	n = dir_unit_history(x->db, &x->a, u.id, &ev);
	print_history(ev, n);
	return EXIT_OK;
}

/* Fill the fields of `u` given as options (add and edit). */
static int
unit_fields(struct dcli_ctx *x, struct dir_unit *u)
{
	const char *s;
	int rc;

	if ((s = cli_get(&x->cli, "--code")) != NULL)
		u->code = s;
	if ((s = cli_get(&x->cli, "--name")) != NULL)
		u->name = s;
	if ((s = cli_get(&x->cli, "--short-name")) != NULL)
		u->short_name = s;
	if ((s = cli_get(&x->cli, "--kind")) != NULL)
		u->kind = s;
	if ((s = cli_get(&x->cli, "--address")) != NULL)
		u->address = s;
	if ((s = cli_get(&x->cli, "--email")) != NULL)
		u->email = s;
	if ((s = cli_get(&x->cli, "--phone")) != NULL)
		u->phone = s;
	if ((s = cli_get(&x->cli, "--effective-from")) != NULL)
		u->effective_from = s;
	if ((s = cli_get(&x->cli, "--parent")) != NULL) {
		if (strcmp(s, "0") == 0)
			u->parent_id = 0;
		else if ((rc = dcli_unit_option(x, "--parent",
		    &u->parent_id)) != 0)
			return rc;
	}
	return 0;
}

static int
unit_add(struct dcli_ctx *x)
{
	static const char *const need[] = { "--code", "--name",
	    "--short-name", "--kind", NULL };
	struct dir_unit u;
	struct dir_err e = { 0 };
	int i, rc;

	for (i = 0; need[i]; i++)
		if (cli_need(&x->cli, need[i]) == NULL)
			return EXIT_USAGE;
	memset(&u, 0, sizeof(u));
	if ((rc = unit_fields(x, &u)) != 0 || (rc = dcli_begin(x)) != 0)
		return rc;
	if (dir_unit_create(x->db, &dcli_actor, &u, &e) < 0)
		return dcli_rejected(x, &e);
	if ((rc = dcli_commit(x)) != 0)
		return rc;
	printf("%" PRId64 "\n", u.id);
	return EXIT_OK;
}

static int
unit_edit(struct dcli_ctx *x)
{
	struct dir_unit u;
	struct dir_err e = { 0 };
	int rc;

	if ((rc = dcli_find_unit(x, NULL, x->cli.args[0], &u)) != 0 ||
	    (rc = unit_fields(x, &u)) != 0 || (rc = dcli_begin(x)) != 0)
		return rc;
	if (dir_unit_update(x->db, &dcli_actor, &u, &e) < 0)
		return dcli_rejected(x, &e);
	if ((rc = dcli_commit(x)) != 0)
		return rc;
	fprintf(stderr, "Đã sửa đơn vị %s (số %" PRId64 ")\n", u.name, u.id);
	return EXIT_OK;
}

/* Print the units under `parent` as they stood on `date`. The number of
 * units directly under it, or -1. */
static int
tree_print(struct dcli_ctx *x, const char *date, int64_t parent, int depth)
{
	struct dir_unit *kids;
	int n, i;

	if (depth > 16)
		return 0;
	if ((n = dir_tree_at(x->db, &x->a, date, parent, &kids)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		printf("%*s%s  %s\n", depth * 2, "", kids[i].code, kids[i].name);
		if (kids[i].nchildren &&
		    tree_print(x, date, kids[i].id, depth + 1) < 0)
			return -1;
	}
	return n;
}

static int
unit_tree(struct dcli_ctx *x)
{
	const char *date = cli_get(&x->cli, "--date"), *root;
	struct dir_unit u, *peers;
	char today[11];
	int rc, n, i;

	dir_today(today);
	if (date == NULL)
		date = today;
	else if (!valid_date(date))
		return dcli_bad_usage(x, "--date phải có dạng YYYY-MM-DD và là"
		    " ngày có thật");
	if ((root = cli_get(&x->cli, "--root")) == NULL) {
		if ((n = tree_print(x, date, 0, 0)) < 0)
			return dcli_failed(x, "đọc cây đơn vị");
		if (n == 0)
			fprintf(stderr, "(không có đơn vị nào có hiệu lực vào"
			    " ngày %s)\n", date);
		return EXIT_OK;
	}
	if ((rc = dcli_find_unit(x, "--root", root, &u)) != 0)
		return rc;
	if (strcmp(u.effective_from, date) > 0 ||
	    (u.effective_until && strcmp(u.effective_until, date) <= 0))
		return dcli_bad_usage(x, "đơn vị %s không có hiệu lực vào ngày"
		    " %s (hiệu lực từ %s%s%s)", u.code, date, u.effective_from,
		    u.effective_until ? " đến " : "",
		    u.effective_until ? u.effective_until : "");
	/* The root's name on that date, when it had the same parent. */
	n = dir_tree_at(x->db, &x->a, date, u.parent_id, &peers);
	for (i = 0; i < n; i++)
		if (peers[i].id == u.id)
			u.name = peers[i].name;
	printf("%s  %s\n", u.code, u.name);
	return tree_print(x, date, u.id, 1) < 0 ?
	    dcli_failed(x, "đọc cây đơn vị") : EXIT_OK;
}

/* Units named by the arguments into r->from[]. */
static int
reorg_from(struct dcli_ctx *x, struct dir_reorg *r)
{
	struct dir_unit u;
	int i, rc;

	if (x->cli.nargs > 16)
		return dcli_bad_usage(x, "tối đa 16 đơn vị một lần");
	for (i = 0; i < x->cli.nargs; i++) {
		if ((rc = dcli_find_unit(x, NULL, x->cli.args[i], &u)) != 0)
			return rc;
		r->from[r->nfrom++] = u.id;
	}
	return 0;
}

/* Carry out `r`, then say what happened. */
static int
reorg_run(struct dcli_ctx *x, struct dir_reorg *r, const char *done)
{
	struct dir_err e = { 0 };
	struct dir_unit s;
	int64_t successor;
	int rc;

	if (cli_need(&x->cli, "--date") == NULL)
		return EXIT_USAGE;
	r->effective = cli_get(&x->cli, "--date");
	r->note = cli_get(&x->cli, "--note");
	if ((rc = dcli_begin(x)) != 0)
		return rc;
	if (dir_reorg_apply(x->db, &dcli_actor, r, &successor, &e) < 0)
		return dcli_rejected(x, &e);
	if ((rc = dcli_commit(x)) != 0)
		return rc;
	if (successor && dir_unit_get(x->db, &x->a, successor, &s) == 0)
		printf("Đã %s từ ngày %s; đơn vị kế thừa: %s (số %" PRId64
		    ", mã %s)\n", done, r->effective, s.name, s.id, s.code);
	else
		printf("Đã %s từ ngày %s\n", done, r->effective);
	return EXIT_OK;
}

static int
unit_merge(struct dcli_ctx *x)
{
	struct dir_reorg r;
	struct dir_unit *c;
	int rc;

	memset(&r, 0, sizeof(r));
	r.kind = "merge";
	if ((rc = reorg_from(x, &r)) != 0 ||
	    (rc = dcli_unit_option(x, "--into", &r.into)) != 0)
		return rc;
	if (r.into && (cli_get(&x->cli, "--name") ||
	    cli_get(&x->cli, "--code")))
		return dcli_bad_usage(x, "dùng --into (đơn vị có sẵn) hoặc"
		    " --code, --name, --short-name (đơn vị mới), không dùng cả"
		    " hai");
	if (!r.into) {
		if (cli_need(&x->cli, "--code") == NULL ||
		    cli_need(&x->cli, "--name") == NULL ||
		    cli_need(&x->cli, "--short-name") == NULL)
			return EXIT_USAGE;
		c = &r.created[r.ncreated++];
		c->code = cli_get(&x->cli, "--code");
		c->name = cli_get(&x->cli, "--name");
		c->short_name = cli_get(&x->cli, "--short-name");
		c->kind = cli_get(&x->cli, "--kind");
		if ((rc = dcli_unit_option(x, "--parent", &c->parent_id)) != 0)
			return rc;
	}
	return reorg_run(x, &r, "hợp nhất");
}

static int
unit_split(struct dcli_ctx *x)
{
	struct dir_reorg r;
	struct dir_unit *c;
	char *s, *bar1, *bar2;
	int i, rc;

	memset(&r, 0, sizeof(r));
	r.kind = "split";
	if ((rc = reorg_from(x, &r)) != 0)
		return rc;
	for (i = 0; i < x->cli.nopts; i++) {
		if (strcmp(x->cli.names[i], "--new") != 0)
			continue;
		if (r.ncreated == 8)
			return dcli_bad_usage(x, "tối đa 8 đơn vị mới (--new)");
		s = arena_strdup(&x->a, x->cli.values[i]);
		if ((bar1 = strchr(s, '|')) == NULL ||
		    (bar2 = strchr(bar1 + 1, '|')) == NULL ||
		    strchr(bar2 + 1, '|') != NULL)
			return dcli_bad_usage(x, "--new '%s': cần dạng"
			    " 'MÃ|TÊN|TÊN VIẾT TẮT'", x->cli.values[i]);
		*bar1 = *bar2 = '\0';
		c = &r.created[r.ncreated++];
		c->code = s;
		c->name = bar1 + 1;
		c->short_name = bar2 + 1;
	}
	if (r.ncreated < 2)
		return dcli_bad_usage(x, "chia tách cần ít nhất hai --new"
		    " 'MÃ|TÊN|TÊN VIẾT TẮT'");
	return reorg_run(x, &r, "chia tách");
}

static int
unit_rename(struct dcli_ctx *x)
{
	struct dir_reorg r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.kind = "rename";
	if (cli_need(&x->cli, "--name") == NULL)
		return EXIT_USAGE;
	if ((rc = reorg_from(x, &r)) != 0)
		return rc;
	r.created[0].name = cli_get(&x->cli, "--name");
	r.created[0].short_name = cli_get(&x->cli, "--short-name");
	r.ncreated = 1;
	return reorg_run(x, &r, "đổi tên");
}

static int
unit_abolish(struct dcli_ctx *x)
{
	struct dir_reorg r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.kind = "abolish";
	if ((rc = reorg_from(x, &r)) != 0 ||
	    (rc = dcli_unit_option(x, "--into", &r.into)) != 0)
		return rc;
	return reorg_run(x, &r, "giải thể");
}

static int
unit_import(struct dcli_ctx *x)
{
	return dcli_run_import(x, dir_import_units, "đơn vị");
}

static int
unit_export(struct dcli_ctx *x)
{
	return dcli_run_export(x, dir_export_units, "đơn vị");
}

/* --- the tables ------------------------------------------------------- */

static const char *const o_unit_list[] = { "--data", "--q", "--parent",
    "--kind", "--limit", NULL };
static const char *const s_all[] = { "--all", NULL };
static const char *const o_unit_add[] = { "--data", "--code", "--name",
    "--short-name", "--kind", "--parent", "--address", "--email", "--phone",
    "--effective-from", NULL };
static const char *const o_unit_edit[] = { "--data", "--code", "--name",
    "--short-name", "--kind", "--parent", "--address", "--email", "--phone",
    NULL };
static const char *const o_tree[] = { "--data", "--date", "--root", NULL };
static const char *const o_merge[] = { "--data", "--into", "--code",
    "--name", "--short-name", "--kind", "--parent", "--date", "--note",
    NULL };
static const char *const o_split[] = { "--data", "--new", "--date",
    "--note", NULL };
static const char *const o_rename[] = { "--data", "--name", "--short-name",
    "--date", "--note", NULL };
static const char *const o_abolish[] = { "--data", "--into", "--date",
    "--note", NULL };

static const struct dcli_sub unit_subs[] = {
	{ "list", o_unit_list, s_all, 0, 0, NULL, unit_list },
	{ "show", dcli_o_data, NULL, 1, 1, "SỐ|MÃ", unit_show },
	{ "add", o_unit_add, NULL, 0, 0, NULL, unit_add },
	{ "edit", o_unit_edit, NULL, 1, 1, "SỐ|MÃ", unit_edit },
	{ "tree", o_tree, NULL, 0, 0, NULL, unit_tree },
	{ "merge", o_merge, NULL, 1, 16, "SỐ|MÃ...", unit_merge },
	{ "split", o_split, NULL, 1, 1, "SỐ|MÃ", unit_split },
	{ "rename", o_rename, NULL, 1, 1, "SỐ|MÃ", unit_rename },
	{ "abolish", o_abolish, NULL, 1, 1, "SỐ|MÃ", unit_abolish },
	{ "import", dcli_o_data, NULL, 1, 1, "TỆP.csv", unit_import },
	{ "export", dcli_o_out, NULL, 0, 0, NULL, unit_export },
	{ NULL, NULL, NULL, 0, 0, NULL, NULL }
};

int
directory_cli_unit(int argc, char **argv)
{
	return dcli_dispatch("unit", unit_subs, argc, argv);
}

void
directory_usage_unit(void)
{
	fputs(
"Cách dùng: congso unit LỆNH_CON --data THƯ_MỤC [TÙY CHỌN]\n"
"Đơn vị là SỐ (cột đầu của 'list') hoặc MÃ định danh QCVN 102\n"
"(vd 000.00.12.H55).\n"
"\n"
"  list [--q CHỮ] [--parent ĐƠN_VỊ|0] [--kind LOẠI] [--all] [--limit N]\n"
"      Mỗi dòng một đơn vị, cách nhau bằng tab: số, mã, tên viết tắt,\n"
"      tên, loại, số đơn vị cấp trên. --q tìm không dấu; --parent 0:\n"
"      đơn vị cấp cao nhất; --all: cả đơn vị đã hết hiệu lực; mặc định\n"
"      100 dòng.\n"
"  show ĐƠN_VỊ\n"
"      Thông tin, đơn vị kế thừa và lịch sử của đơn vị.\n"
"  add --code MÃ --name TÊN --short-name VIẾT_TẮT --kind LOẠI\n"
"      [--parent ĐƠN_VỊ] [--address ..] [--email ..] [--phone ..]\n"
"      [--effective-from YYYY-MM-DD]\n"
"      Thêm đơn vị; in số của đơn vị mới. LOẠI: province, department,\n"
"      district, commune, division, party.\n"
"  edit ĐƠN_VỊ [--code ..] [--name ..] [--short-name ..] [--kind ..]\n"
"      [--parent ĐƠN_VỊ|0] [--address ..] [--email ..] [--phone ..]\n"
"      Sửa đơn vị đang hiệu lực (đổi tên theo quyết định: dùng rename).\n"
"  tree [--date YYYY-MM-DD] [--root ĐƠN_VỊ]\n"
"      Cây đơn vị như vào ngày --date (mặc định hôm nay), tên lúc đó.\n"
"  merge ĐƠN_VỊ... --into ĐƠN_VỊ --date YYYY-MM-DD [--note ..]\n"
"  merge ĐƠN_VỊ... --code MÃ --name TÊN --short-name VIẾT_TẮT\n"
"      [--kind LOẠI] [--parent ĐƠN_VỊ] --date YYYY-MM-DD [--note ..]\n"
"      Hợp nhất vào đơn vị có sẵn hoặc vào đơn vị mới; người và đơn vị\n"
"      trực thuộc chuyển sang đơn vị kế thừa.\n"
"  split ĐƠN_VỊ --new 'MÃ|TÊN|VIẾT_TẮT' --new '...' --date YYYY-MM-DD\n"
"      Chia tách thành 2 đến 8 đơn vị mới; người chuyển sang đơn vị đầu.\n"
"  rename ĐƠN_VỊ --name TÊN [--short-name VIẾT_TẮT] --date YYYY-MM-DD\n"
"  abolish ĐƠN_VỊ --date YYYY-MM-DD [--into ĐƠN_VỊ]\n"
"      Giải thể; còn người hay đơn vị trực thuộc thì cần --into.\n"
"      Ngày sắp xếp không được sau hôm nay.\n"
"  import TỆP.csv\n"
"      Nhập đơn vị từ CSV (UTF-8), dòng đầu là tiêu đề: code, name,\n"
"      short_name, kind (bắt buộc), parent_code, address, email, phone,\n"
"      effective_from. Đơn vị cấp trên phải có sẵn hoặc ở dòng trước.\n"
"      Có dòng lỗi thì không nhập gì và liệt kê mọi dòng lỗi.\n"
"  export [--out TỆP.csv]\n"
"      Xuất các đơn vị đang hiệu lực theo cấp và mã, cùng các cột trên.\n"
"\n"
"Mã thoát: 0 thành công, 1 lỗi hệ thống, 2 sai tham số hoặc dữ liệu.\n",
	    stdout);
}
