/*
 * directory_cli_user.c - `congso user ...`: list, show, add and edit
 * people, set passwords, issue, list and revoke API tokens, import and
 * export CSV. Output and exit statuses as directory_cli.c describes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "account/account.h"
#include "core/auth.h"
#include "core/cli.h"
#include "core/fold.h"
#include "directory.h"
#include "directory_cli.h"

#define PASSWORD_MAX	256	/* bytes of a password line */
#define TOKEN_NAME_MAX	128

static int
find_person(struct dcli_ctx *x, const char *username, struct dir_person *p)
{
	if (dir_person_by_username(x->db, &x->a, username, p) < 0)
		return dcli_bad_usage(x, "không có người dùng '%s'", username);
	return 0;
}

static int
user_list(struct dcli_ctx *x)
{
	struct dir_person_query q;
	struct dir_person *p;
	const char *role = cli_get(&x->cli, "--role");
	int n, i, total, rc;

	memset(&q, 0, sizeof(q));
	q.q = cli_get(&x->cli, "--q");
	if ((rc = dcli_limit_of(x, &q.limit)) != 0 ||
	    (rc = dcli_unit_option(x, "--unit", &q.unit_id)) != 0)
		return rc;
	if (role && (dir_roles_parse(role, &q.role) < 0 || q.role == 0))
		return dcli_bad_usage(x, "--role: không có vai trò '%s' (admin,"
		    " clerk, leader, specialist, onestop, editor)", role);
	if ((n = dir_people_list(x->db, &x->a, &q, &p, &total)) < 0)
		return dcli_failed(x, "đọc danh sách người dùng");
	for (i = 0; i < n; i++) {
		printf("%" PRId64 "\t", p[i].id);
		dcli_tsv(p[i].username);
		putchar('\t');
		dcli_tsv(p[i].full_name);
		putchar('\t');
		dcli_tsv(p[i].unit_code);
		putchar('\t');
		dcli_tsv(p[i].position);
		putchar('\t');
		dcli_tsv(dir_roles_format(&x->a, p[i].roles));
		printf("\t%d\n", p[i].active);
	}
	if (n < total)
		fprintf(stderr, "(%d trên %d người; dùng --limit để xem thêm)\n",
		    n, total);
	return EXIT_OK;
}

static int
user_show(struct dcli_ctx *x)
{
	struct dir_person p;
	int rc, i, first = 1;

	if ((rc = find_person(x, x->cli.args[0], &p)) != 0)
		return rc;
	printf("Số: %" PRId64 "\n", p.id);
	printf("Tên đăng nhập: %s\n", p.username);
	printf("Họ và tên: %s\n", p.full_name);
	printf("Đơn vị: %s (%s)\n", p.unit_name, p.unit_code);
	if (*p.position)
		printf("Chức vụ: %s\n", p.position);
	fputs("Vai trò: ", stdout);
	for (i = 0; i < DIR_ROLE_MAX; i++)
		if (p.roles & (1u << i)) {
			printf("%s%s", first ? "" : ", ", dir_role_label(i));
			first = 0;
		}
	printf("%s(%s)\n", first ? "" : " ", dir_roles_format(&x->a, p.roles));
	if (*p.email)
		printf("Thư điện tử: %s\n", p.email);
	if (*p.phone)
		printf("Điện thoại: %s\n", p.phone);
	printf("Trạng thái: %s\n", p.active ? "đang hoạt động" :
	    "ngừng hoạt động");
	printf("Mật khẩu: %s\n", p.can_sign_in ? "đã đặt" : "chưa đặt (chưa"
	    " đăng nhập được)");
	return EXIT_OK;
}

/*
 * The first line of standard input as a password, checked for strength.
 * Echo is off when it is a terminal. 0 or the exit status.
 */
static int
read_password(struct dcli_ctx *x, char out[PASSWORD_MAX])
{
	struct termios old, quiet;
	const char *why;
	int tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	int got;
	size_t len;

	if (tty) {
		fputs("Mật khẩu mới: ", stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	got = fgets(out, PASSWORD_MAX, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!got)
		return dcli_bad_usage(x, "không đọc được mật khẩu từ đầu vào"
		    " chuẩn (dòng đầu tiên)");
	len = strcspn(out, "\r\n");
	if (out[len] == '\0' && len == PASSWORD_MAX - 1) {
		explicit_bzero(out, PASSWORD_MAX);
		return dcli_bad_usage(x, "mật khẩu quá dài (tối đa %d byte)",
		    PASSWORD_MAX - 2);
	}
	out[len] = '\0';
	if ((why = auth_password_weak(out)) != NULL) {
		explicit_bzero(out, PASSWORD_MAX);
		return dcli_bad_usage(x, "%s", why);
	}
	return 0;
}

/* Fill the fields of `p` given as options (add and edit). */
static int
person_fields(struct dcli_ctx *x, struct dir_person *p)
{
	const char *s;
	int rc;

	if ((s = cli_get(&x->cli, "--username")) != NULL)
		p->username = s;
	if ((s = cli_get(&x->cli, "--full-name")) != NULL)
		p->full_name = s;
	if ((s = cli_get(&x->cli, "--position")) != NULL)
		p->position = s;
	if ((s = cli_get(&x->cli, "--email")) != NULL)
		p->email = s;
	if ((s = cli_get(&x->cli, "--phone")) != NULL)
		p->phone = s;
	if ((s = cli_get(&x->cli, "--roles")) != NULL &&
	    dir_roles_parse(s, &p->roles) < 0)
		return dcli_bad_usage(x, "--roles: vai trò không hợp lệ '%s'"
		    " (admin, clerk, leader, specialist, onestop, editor, cách"
		    " nhau bằng dấu ;)", s);
	if ((s = cli_get(&x->cli, "--active")) != NULL) {
		if (strcmp(s, "yes") == 0)
			p->active = 1;
		else if (strcmp(s, "no") == 0)
			p->active = 0;
		else
			return dcli_bad_usage(x, "--active phải là yes hoặc"
			    " no");
	}
	if (cli_get(&x->cli, "--unit") &&
	    (rc = dcli_unit_option(x, "--unit", &p->unit_id)) != 0)
		return rc;
	return 0;
}

static int
user_save(struct dcli_ctx *x, int create)
{
	char password[PASSWORD_MAX];
	struct dir_person p;
	struct dir_err e = { 0 };
	int rc, with_pw = cli_has(&x->cli, "--password-stdin");

	memset(&p, 0, sizeof(p));
	if (create) {
		if (cli_need(&x->cli, "--username") == NULL ||
		    cli_need(&x->cli, "--full-name") == NULL ||
		    cli_need(&x->cli, "--unit") == NULL)
			return EXIT_USAGE;
		p.active = 1;
	} else if ((rc = find_person(x, x->cli.args[0], &p)) != 0)
		return rc;
	if ((rc = person_fields(x, &p)) != 0)
		return rc;
	if (with_pw && (rc = read_password(x, password)) != 0)
		return rc;
	if ((rc = dcli_begin(x)) != 0)
		goto out;
	if ((create ? dir_person_create(x->db, &dcli_actor, &p, &e) :
	    dir_person_update(x->db, &dcli_actor, &p, &e)) < 0) {
		rc = dcli_rejected(x, &e);
		goto out;
	}
	if (with_pw && dir_person_set_password(x->db, &dcli_actor, p.id,
	    password) < 0) {
		db_rollback(x->db);
		rc = dcli_failed(x, "đặt mật khẩu");
		goto out;
	}
	if ((rc = dcli_commit(x)) != 0)
		goto out;
	if (create)
		printf("%" PRId64 "\n", p.id);
	else
		fprintf(stderr, "Đã sửa người dùng %s\n", p.username);
out:
	explicit_bzero(password, sizeof(password));
	return rc;
}

static int
user_add(struct dcli_ctx *x)
{
	return user_save(x, 1);
}

static int
user_edit(struct dcli_ctx *x)
{
	return user_save(x, 0);
}

static int
user_passwd(struct dcli_ctx *x)
{
	char password[PASSWORD_MAX];
	struct dir_person p;
	int rc;

	if ((rc = find_person(x, x->cli.args[0], &p)) != 0 ||
	    (rc = read_password(x, password)) != 0)
		return rc;
	if ((rc = dcli_begin(x)) == 0) {
		if (dir_person_set_password(x->db, &dcli_actor, p.id,
		    password) < 0) {
			db_rollback(x->db);
			rc = dcli_failed(x, "đặt mật khẩu");
		} else if ((rc = dcli_commit(x)) == 0)
			printf("Đã đặt mật khẩu mới cho %s\n", p.username);
	}
	explicit_bzero(password, sizeof(password));
	return rc;
}

static int
user_import(struct dcli_ctx *x)
{
	return dcli_run_import(x, dir_import_people, "người");
}

static int
user_export(struct dcli_ctx *x)
{
	return dcli_run_export(x, dir_export_people, "người");
}

/* --- API tokens ------------------------------------------------------- */

static int
token_issue(struct dcli_ctx *x)
{
	const char *name = cli_need(&x->cli, "--name");
	struct dir_person p;
	char token[AUTH_TOKEN_HEX];
	int64_t id;
	int rc;

	if (name == NULL)
		return EXIT_USAGE;
	if (*name == '\0' || strlen(name) > TOKEN_NAME_MAX ||
	    !utf8_valid(name, strlen(name)))
		return dcli_bad_usage(x, "--name: đặt tên cho mã truy cập (hệ"
		    " thống nào dùng nó), tối đa %d byte", TOKEN_NAME_MAX);
	if ((rc = find_person(x, x->cli.args[0], &p)) != 0 ||
	    (rc = dcli_begin(x)) != 0)
		return rc;
	id = account_token_issue(x->db, dcli_actor.id, dcli_actor.name,
	    dcli_actor.ip, p.id, name, token);
	if (id < 0) {
		db_rollback(x->db);
		return dcli_failed(x, "cấp mã truy cập");
	}
	if ((rc = dcli_commit(x)) != 0)
		return rc;
	puts(token);
	fprintf(stderr, "Mã truy cập số %" PRId64 " cho %s; mã chỉ hiện một"
	    " lần này, hãy lưu lại.\n", id, p.username);
	explicit_bzero(token, sizeof(token));
	return EXIT_OK;
}

static void
print_time(long long t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char s[32];

	localtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%Y-%m-%d %H:%M", &tm);
	fputs(s, stdout);
}

static int
token_list(struct dcli_ctx *x)
{
	struct account_token *t;
	int n, i;

	if ((n = account_tokens_list(x->db, &x->a, &t)) < 0)
		return dcli_failed(x, "đọc danh sách mã truy cập");
	for (i = 0; i < n; i++) {
		printf("%lld\t", (long long)t[i].id);
		dcli_tsv(t[i].name);
		putchar('\t');
		dcli_tsv(t[i].username);
		putchar('\t');
		print_time(t[i].created_at);
		if (t[i].revoked_at == 0)
			fputs("\thiệu lực\n", stdout);
		else {
			fputs("\tthu hồi ", stdout);
			print_time(t[i].revoked_at);
			putchar('\n');
		}
	}
	return EXIT_OK;
}

static int
token_revoke(struct dcli_ctx *x)
{
	long long id;
	int rc;

	if (dcli_parse_num(x->cli.args[0], 1, INT64_MAX, &id) < 0)
		return dcli_bad_usage(x, "số mã truy cập không hợp lệ: '%s'",
		    x->cli.args[0]);
	if ((rc = dcli_begin(x)) != 0)
		return rc;
	rc = account_token_revoke(x->db, dcli_actor.id, dcli_actor.name,
	    dcli_actor.ip, id);
	if (rc < 0) {
		db_rollback(x->db);
		return dcli_failed(x, "thu hồi mã truy cập");
	}
	if (rc == 1) {
		db_rollback(x->db);
		return dcli_bad_usage(x, "không có mã truy cập đang hiệu lực"
		    " số %lld", id);
	}
	if ((rc = dcli_commit(x)) != 0)
		return rc;
	printf("Đã thu hồi mã truy cập số %lld\n", id);
	return EXIT_OK;
}

/* --- the tables ------------------------------------------------------- */

static const char *const o_user_list[] = { "--data", "--q", "--unit",
    "--role", "--limit", NULL };
static const char *const o_user_add[] = { "--data", "--username",
    "--full-name", "--unit", "--position", "--roles", "--email", "--phone",
    NULL };
static const char *const o_user_edit[] = { "--data", "--username",
    "--full-name", "--unit", "--position", "--roles", "--email", "--phone",
    "--active", NULL };
static const char *const s_password[] = { "--password-stdin", NULL };
static const char *const o_token[] = { "--data", "--name", NULL };

static const struct dcli_sub user_subs[] = {
	{ "list", o_user_list, NULL, 0, 0, NULL, user_list },
	{ "show", dcli_o_data, NULL, 1, 1, "TÊN_ĐĂNG_NHẬP", user_show },
	{ "add", o_user_add, s_password, 0, 0, NULL, user_add },
	{ "edit", o_user_edit, s_password, 1, 1, "TÊN_ĐĂNG_NHẬP", user_edit },
	{ "passwd", dcli_o_data, NULL, 1, 1, "TÊN_ĐĂNG_NHẬP", user_passwd },
	{ "import", dcli_o_data, NULL, 1, 1, "TỆP.csv", user_import },
	{ "export", dcli_o_out, NULL, 0, 0, NULL, user_export },
	{ "token issue", o_token, NULL, 1, 1, "TÊN_ĐĂNG_NHẬP", token_issue },
	{ "token list", dcli_o_data, NULL, 0, 0, NULL, token_list },
	{ "token revoke", dcli_o_data, NULL, 1, 1, "SỐ", token_revoke },
	{ NULL, NULL, NULL, 0, 0, NULL, NULL }
};

int
directory_cli_user(int argc, char **argv)
{
	return dcli_dispatch("user", user_subs, argc, argv);
}

void
directory_usage_user(void)
{
	fputs(
"Cách dùng: congso user LỆNH_CON --data THƯ_MỤC [TÙY CHỌN]\n"
"Đơn vị là SỐ hoặc MÃ định danh (xem 'congso unit list').\n"
"\n"
"  list [--q CHỮ] [--unit ĐƠN_VỊ] [--role VAI_TRÒ] [--limit N]\n"
"      Mỗi dòng một người, cách nhau bằng tab: số, tên đăng nhập, họ và\n"
"      tên, mã đơn vị, chức vụ, vai trò, đang hoạt động (1/0).\n"
"  show TÊN_ĐĂNG_NHẬP\n"
"  add --username TÊN --full-name HỌ_TÊN --unit ĐƠN_VỊ [--position ..]\n"
"      [--roles clerk;leader] [--email ..] [--phone ..] [--password-stdin]\n"
"      Thêm người dùng; in số của người mới. --password-stdin: đọc mật\n"
"      khẩu ở dòng đầu của đầu vào chuẩn.\n"
"  edit TÊN_ĐĂNG_NHẬP [các tùy chọn của add] [--active yes|no]\n"
"  passwd TÊN_ĐĂNG_NHẬP\n"
"      Đặt mật khẩu mới, đọc ở dòng đầu của đầu vào chuẩn (không bao giờ\n"
"      từ dòng lệnh, để không lộ qua ps):\n"
"      printf '%s\\n' \"$MK\" | congso user passwd vanthu --data DIR\n"
"  import TỆP.csv\n"
"      Nhập người dùng từ CSV, dòng đầu là tiêu đề: username, full_name,\n"
"      unit_code (bắt buộc), position, roles, email, phone. Có dòng lỗi\n"
"      thì không nhập gì và liệt kê mọi dòng lỗi.\n"
"  export [--out TỆP.csv]\n"
"      Xuất người đang hoạt động theo mã đơn vị và tên đăng nhập.\n"
"  token issue TÊN_ĐĂNG_NHẬP --name TÊN\n"
"      Cấp mã truy cập API lâu dài cho hệ thống khác; in mã một lần.\n"
"  token list\n"
"  token revoke SỐ\n"
"\n"
"Vai trò: admin (quản trị), clerk (văn thư), leader (lãnh đạo),\n"
"specialist (chuyên viên), onestop (một cửa), editor (biên tập).\n"
"Mã thoát: 0 thành công, 1 lỗi hệ thống, 2 sai tham số hoặc dữ liệu.\n",
	    stdout);
}
