/*
 * calendar_cli.c - `congso calendar`: show a year, compute a due date, set
 * or unset a day. Operators script these forms; keep their output stable:
 *   show  one line a day: "YYYY-MM-DD  nghỉ   NAME" or
 *         "YYYY-MM-DD  làm bù NAME", by date
 *   due   the date alone, "YYYY-MM-DD\n"
 * Exit status: 0, 1 for a database problem, 2 for bad input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "data.h"
#include "db.h"

#define CLI_ACTOR	"cli"
#define EXIT_DB		1
#define EXIT_USAGE	2

enum opt { OPT_DATA, OPT_FROM, OPT_DAYS, OPT_DAY, OPT_KIND, OPT_NAME,
    OPT_MAX };

static const char *opt_names[OPT_MAX] = {
	"--data", "--from", "--days", "--day", "--kind", "--name",
};

#define BIT(o)	(1u << (o))

struct cmd;
typedef int (*cmd_fn)(const struct cmd *, const char *pos,
    const char *opt[OPT_MAX]);

/* A subcommand: the options it takes, the ones it needs, and whether it
 * takes one positional argument. */
struct cmd {
	const char	*name;
	unsigned	 allowed;
	unsigned	 required;
	int		 positional;
	cmd_fn		 fn;
};

static int	cmd_show(const struct cmd *, const char *,
	    const char *[OPT_MAX]);
static int	cmd_due(const struct cmd *, const char *,
	    const char *[OPT_MAX]);
static int	cmd_set(const struct cmd *, const char *,
	    const char *[OPT_MAX]);
static int	cmd_unset(const struct cmd *, const char *,
	    const char *[OPT_MAX]);

static const struct cmd cmds[] = {
	{ "show", BIT(OPT_DATA), BIT(OPT_DATA), 1, cmd_show },
	{ "due", BIT(OPT_DATA) | BIT(OPT_FROM) | BIT(OPT_DAYS),
	    BIT(OPT_DATA) | BIT(OPT_FROM) | BIT(OPT_DAYS), 0, cmd_due },
	{ "set", BIT(OPT_DATA) | BIT(OPT_DAY) | BIT(OPT_KIND) | BIT(OPT_NAME),
	    BIT(OPT_DATA) | BIT(OPT_DAY) | BIT(OPT_KIND) | BIT(OPT_NAME), 0,
	    cmd_set },
	{ "unset", BIT(OPT_DATA) | BIT(OPT_DAY), BIT(OPT_DATA) | BIT(OPT_DAY),
	    0, cmd_unset },
};

void
calendar_cli_usage(FILE *fp)
{
	fputs(
"Cách dùng:\n"
"  congso calendar show NĂM --data THƯ_MỤC\n"
"      In các ngày nghỉ và ngày làm bù của năm, mỗi dòng một ngày:\n"
"      2026-02-17  nghỉ   Tết Nguyên đán\n"
"  congso calendar due --data THƯ_MỤC --from YYYY-MM-DD --days N\n"
"      In ngày hết hạn: N ngày làm việc sau ngày --from (không tính\n"
"      chính ngày đó; N từ 0 đến 3650).\n"
"  congso calendar set --data THƯ_MỤC --day YYYY-MM-DD --kind off|work\n"
"      --name TÊN\n"
"      Đặt một ngày: off là ngày nghỉ, work là ngày làm bù (thứ Bảy,\n"
"      Chủ nhật phải đi làm).\n"
"  congso calendar unset --data THƯ_MỤC --day YYYY-MM-DD\n"
"      Bỏ ngày đã đặt; ngày đó trở lại theo lệ thường (thứ Hai đến thứ\n"
"      Sáu làm việc).\n"
"\n"
"Lần đầu cần đến một năm, lịch năm đó được lập theo Điều 112 Bộ luật Lao\n"
"động 2019: Tết Dương lịch (1/1), Tết Nguyên đán (ngày cuối năm âm lịch\n"
"và mùng 1 đến mùng 4), Giỗ Tổ Hùng Vương (10/3 âm lịch), 30/4, 1/5,\n"
"Quốc khánh (2/9 và một ngày liền kề); ngày lễ trùng thứ Bảy, Chủ nhật\n"
"được nghỉ bù vào ngày làm việc kế tiếp. Các ngày nghỉ, hoán đổi do Thủ\n"
"tướng quyết định hằng năm thì nhập bằng 'set'.\n"
"\n"
"Mã thoát: 0 thành công, 1 lỗi cơ sở dữ liệu, 2 sai tham số.\n", fp);
}

static int
usage_error(void)
{
	fputs("Xem 'congso help calendar'.\n", stderr);
	return EXIT_USAGE;
}

/* Open the data folder and the thread's connection, or NULL. */
static struct db *
open_db(const char *dir)
{
	if (data_open(dir) == -1)
		return NULL;
	return db_thread();
}

static int
db_failed(const char *cmd)
{
	fprintf(stderr, "congso calendar %s: lỗi cơ sở dữ liệu (xem nhật ký "
	    "ở trên)\n", cmd);
	return EXIT_DB;
}

static int
parse_day(const char *cmd, const char *opt, const char *s, int *day)
{
	if (calendar_parse_iso(s, day) == 0)
		return 0;
	fprintf(stderr, "congso calendar %s: ngày %s không hợp lệ: '%s' (cần "
	    "dạng YYYY-MM-DD, năm %d đến %d)\n", cmd, opt, s,
	    CALENDAR_YEAR_MIN, CALENDAR_YEAR_MAX);
	return -1;
}

/* A decimal integer in [lo, hi], nothing else. */
static int
parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (!(*s >= '0' && *s <= '9') &&
	    !(s[0] == '-' && s[1] >= '0' && s[1] <= '9'))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static void
print_day(const struct calendar_day *e)
{
	char iso[11];

	printf("%s  %s %s\n", calendar_format_iso(e->day, iso),
	    e->kind == CALENDAR_WORK ? "làm bù" : "nghỉ  ", e->name);
}

static int
cmd_show(const struct cmd *c, const char *pos, const char *opt[OPT_MAX])
{
	struct calendar_list days;
	struct db *db;
	long year;
	size_t i;
	int rc;

	if (pos == NULL) {
		fprintf(stderr, "congso calendar %s: thiếu NĂM\n", c->name);
		return usage_error();
	}
	if (parse_int(pos, CALENDAR_YEAR_MIN, CALENDAR_YEAR_MAX, &year) == -1) {
		fprintf(stderr, "congso calendar %s: năm không hợp lệ: '%s' "
		    "(cần từ %d đến %d)\n", c->name, pos, CALENDAR_YEAR_MIN,
		    CALENDAR_YEAR_MAX);
		return EXIT_USAGE;
	}
	if ((db = open_db(opt[OPT_DATA])) == NULL)
		return EXIT_DB;
	calendar_list_init(&days);
	rc = calendar_db_load_year(db, (int)year, &days);
	if (rc == 0)
		for (i = 0; i < days.n; i++)
			print_day(&days.days[i]);
	calendar_list_release(&days);
	return rc == 0 ? 0 : db_failed(c->name);
}

static int
cmd_due(const struct cmd *c, const char *pos, const char *opt[OPT_MAX])
{
	struct db *db;
	char iso[11];
	long n;
	int from, due, rc;

	(void)pos;
	if (parse_day(c->name, "--from", opt[OPT_FROM], &from) == -1)
		return EXIT_USAGE;
	if (parse_int(opt[OPT_DAYS], 0, CALENDAR_DUE_MAX, &n) == -1) {
		fprintf(stderr, "congso calendar %s: số ngày làm việc --days "
		    "không hợp lệ: '%s' (cần số nguyên từ 0 đến %d)\n",
		    c->name, opt[OPT_DAYS], CALENDAR_DUE_MAX);
		return EXIT_USAGE;
	}
	if ((db = open_db(opt[OPT_DATA])) == NULL)
		return EXIT_DB;
	rc = calendar_db_due(db, from, (int)n, &due);
	if (rc == -2) {
		fprintf(stderr, "congso calendar %s: ngày hết hạn vượt quá năm "
		    "%d\n", c->name, CALENDAR_YEAR_MAX);
		return EXIT_USAGE;
	}
	if (rc == -1)
		return db_failed(c->name);
	printf("%s\n", calendar_format_iso(due, iso));
	return 0;
}

static int
cmd_set(const struct cmd *c, const char *pos, const char *opt[OPT_MAX])
{
	struct calendar_day e;
	struct db *db;
	int kind;

	(void)pos;
	if (parse_day(c->name, "--day", opt[OPT_DAY], &e.day) == -1)
		return EXIT_USAGE;
	if ((kind = calendar_kind_parse(opt[OPT_KIND])) == -1) {
		fprintf(stderr, "congso calendar %s: loại ngày --kind không "
		    "hợp lệ: '%s' (cần off hoặc work)\n", c->name,
		    opt[OPT_KIND]);
		return EXIT_USAGE;
	}
	if (!calendar_name_valid(opt[OPT_NAME])) {
		fprintf(stderr, "congso calendar %s: tên ngày --name không hợp "
		    "lệ (cần từ 1 đến %d byte UTF-8, không có ký tự điều "
		    "khiển)\n", c->name, CALENDAR_NAME_MAX - 1);
		return EXIT_USAGE;
	}
	e.kind = (enum calendar_kind)kind;
	snprintf(e.name, sizeof(e.name), "%s", opt[OPT_NAME]);
	if ((db = open_db(opt[OPT_DATA])) == NULL)
		return EXIT_DB;
	if (calendar_db_set(db, e.day, e.kind, e.name, 0, CLI_ACTOR,
	    "") == -1)
		return db_failed(c->name);
	print_day(&e);
	return 0;
}

static int
cmd_unset(const struct cmd *c, const char *pos, const char *opt[OPT_MAX])
{
	struct db *db;
	char iso[11];
	int day, rc;

	(void)pos;
	if (parse_day(c->name, "--day", opt[OPT_DAY], &day) == -1)
		return EXIT_USAGE;
	if ((db = open_db(opt[OPT_DATA])) == NULL)
		return EXIT_DB;
	if ((rc = calendar_db_unset(db, day, 0, CLI_ACTOR, "")) == -1)
		return db_failed(c->name);
	calendar_format_iso(day, iso);
	if (rc == 1)
		printf("Đã bỏ ngày %s khỏi lịch.\n", iso);
	else
		printf("Ngày %s không có trong lịch; không có gì thay đổi.\n",
		    iso);
	return 0;
}

/* Which option `arg` names (exactly, or as "--name=value"); -1 if none.
 * *inline_value points past the '=' when there is one. */
static int
opt_lookup(const char *arg, const char **inline_value)
{
	size_t len;
	int i;

	*inline_value = NULL;
	for (i = 0; i < OPT_MAX; i++) {
		len = strlen(opt_names[i]);
		if (strncmp(arg, opt_names[i], len) != 0)
			continue;
		if (arg[len] == '\0')
			return i;
		if (arg[len] == '=') {
			*inline_value = arg + len + 1;
			return i;
		}
	}
	return -1;
}

int
calendar_cli(int argc, char **argv)
{
	const struct cmd *c = NULL;
	const char *opt[OPT_MAX] = { NULL }, *pos = NULL, *value;
	size_t i;
	int a, o;

	if (argc < 2) {
		calendar_cli_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		calendar_cli_usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			c = &cmds[i];
	if (c == NULL) {
		fprintf(stderr, "congso calendar: lệnh không rõ: '%s'\n",
		    argv[1]);
		return usage_error();
	}
	for (a = 2; a < argc; a++) {
		if (strncmp(argv[a], "--", 2) != 0 || argv[a][2] == '\0') {
			if (c->positional && pos == NULL) {
				pos = argv[a];
				continue;
			}
			fprintf(stderr, "congso calendar %s: tham số thừa: "
			    "'%s'\n", c->name, argv[a]);
			return usage_error();
		}
		o = opt_lookup(argv[a], &value);
		if (o == -1 || !(c->allowed & BIT(o))) {
			fprintf(stderr, "congso calendar %s: tùy chọn không "
			    "rõ: '%s'\n", c->name, argv[a]);
			return usage_error();
		}
		if (opt[o] != NULL) {
			fprintf(stderr, "congso calendar %s: tùy chọn %s được "
			    "cho hai lần\n", c->name, opt_names[o]);
			return EXIT_USAGE;
		}
		if (value == NULL) {
			if (a + 1 >= argc) {
				fprintf(stderr, "congso calendar %s: tùy chọn "
				    "%s cần một giá trị\n", c->name,
				    opt_names[o]);
				return EXIT_USAGE;
			}
			value = argv[++a];
		}
		opt[o] = value;
	}
	for (o = 0; o < OPT_MAX; o++) {
		if ((c->required & BIT(o)) && opt[o] == NULL) {
			fprintf(stderr, "congso calendar %s: thiếu tùy chọn %s"
			    "%s\n", c->name, opt_names[o], o == OPT_DATA ?
			    " THƯ_MỤC (thư mục dữ liệu)" : "");
			return usage_error();
		}
	}
	if (opt[OPT_DATA] != NULL && opt[OPT_DATA][0] == '\0') {
		fprintf(stderr, "congso calendar %s: --data trống\n", c->name);
		return EXIT_USAGE;
	}
	return c->fn(c, pos, opt);
}
