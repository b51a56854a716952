/* main.c - the congso command: subcommands and their help. */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "account/account.h"
#include "core/audit.h"
#include "core/auth.h"
#include "core/calendar.h"
#include "core/cli.h"
#include "core/data.h"
#include "core/db.h"
#include "core/http.h"
#include "core/jobs.h"
#include "core/log.h"
#include "core/page.h"
#include "core/static.h"
#include "directory/directory.h"
#include "directory/directory_demo.h"
#include "docs/docs.h"
#include "exchange/exchange.h"
#include "exchange/edxml.h"
#include "hub/hub.h"
#include "services/services.h"
#include "sign/sign.h"
#include "version.h"

static const char *demo_accounts[] = {
	"admin", "vanthu", "lanhdao", "chuyenvien", "motcua", "bientap", NULL
};

static void
usage(void)
{
	fputs("Cách dùng: congso LỆNH [TÙY CHỌN]\n\n"
	    "Lệnh:\n"
	    "  init      tạo thư mục dữ liệu (tùy chọn: tỉnh mẫu Thái Nguyên)\n"
	    "  serve     chạy trang web, API và tác vụ nền\n"
	    "  unit      đơn vị: liệt kê, thêm, sửa, nhập/xuất CSV, sắp xếp\n"
	    "  user      người dùng: liệt kê, thêm, sửa, mật khẩu, nhập/xuất CSV\n"
	    "  audit     kiểm tra chuỗi nhật ký thay đổi\n"
	    "  backup    sao lưu trực tuyến cơ sở dữ liệu\n"
	    "  restore   khôi phục từ bản sao lưu\n"
	    "  calendar  lịch ngày nghỉ và ngày làm việc, tính hạn\n"
	    "  pdf       ký số và kiểm tra chữ ký tệp PDF (PAdES)\n"
	    "  edxml     gói văn bản liên thông edXML: xem, ký số, kiểm tra\n"
	    "  doc       văn bản: nhập từ hệ thống cũ, tìm kiếm\n"
	    "  peer      máy ngang hàng liên thông: thêm, liệt kê, xóa\n"
	    "  exchange  liên thông văn bản: khóa ký gói, xuất gói, hàng đợi gửi\n"
	    "  hub       trục liên thông (LGSP): thành viên, nhật ký gói tin\n"
	    "  svc       dịch vụ công: nạp hồ sơ mẫu\n"
	    "  routes    liệt kê các địa chỉ web và API với quyền cần có\n"
	    "  version   phiên bản\n"
	    "  help LỆNH trợ giúp cho một lệnh\n", stdout);
}

static void
usage_init(void)
{
	fputs("congso init --data DIR [--demo thai-nguyen] [--admin-password MK]\n"
	    "             [--province-code MÃ --province-name TÊN]\n"
	    "  Tạo thư mục dữ liệu DIR với cơ sở dữ liệu mới.\n"
	    "  --demo thai-nguyen  nạp tỉnh mẫu: 989 đơn vị, 14.831 người;\n"
	    "                      các tài khoản thử (admin, vanthu, lanhdao,\n"
	    "                      chuyenvien, motcua, bientap) có mật khẩu\n"
	    "                      " DEMO_PASSWORD " (admin: --admin-password nếu có)\n"
	    "  Không có --demo: cần --province-code (vd 000.00.00.H55) và\n"
	    "  --province-name; tạo tài khoản admin với --admin-password hoặc\n"
	    "  một mật khẩu ngẫu nhiên in ra một lần.\n", stdout);
}

static void
usage_serve(void)
{
	fputs("congso serve --data DIR [--listen 127.0.0.1:8080] [--threads N]\n"
	    "  Chạy trang web, API /api/v1 và tác vụ nền cho đến khi nhận\n"
	    "  SIGINT hoặc SIGTERM. Đặt sau nginx để có TLS.\n", stdout);
}

static void
usage_audit(void)
{
	fputs("congso audit verify --data DIR\n"
	    "  Kiểm tra chuỗi băm của nhật ký thay đổi; thoát 0 khi nguyên vẹn,\n"
	    "  khác 0 và nêu dòng hỏng đầu tiên nếu có dòng bị sửa hoặc xóa.\n"
	    "congso audit list --data DIR [--limit N]\n"
	    "  In các dòng nhật ký mới nhất.\n", stdout);
}

static void
usage_backup(void)
{
	fputs("congso backup --data DIR --to FILE\n"
	    "  Sao lưu cơ sở dữ liệu khi đang chạy (API sao lưu trực tuyến của\n"
	    "  SQLite), ghi ra tệp tạm rồi đổi tên. Tệp đính kèm nhỏ (đến\n"
	    "  blobs.inline_max byte, mặc định 128 KiB) nằm trong cơ sở dữ liệu\n"
	    "  nên có trong bản sao lưu; tệp lớn hơn ở thư mục blobs/, chỉ\n"
	    "  thêm, không sửa: sao chép bằng rsync.\n"
	    "congso restore --data DIR --from FILE\n"
	    "  Tạo thư mục dữ liệu DIR mới từ bản sao lưu, kiểm tra tính toàn\n"
	    "  vẹn và chuỗi nhật ký.\n", stdout);
}

static int
cmd_help(int argc, char **argv)
{
	const char *t = argc > 2 ? argv[2] : NULL;

	if (t == NULL)
		usage();
	else if (strcmp(t, "init") == 0)
		usage_init();
	else if (strcmp(t, "serve") == 0)
		usage_serve();
	else if (strcmp(t, "unit") == 0)
		directory_usage_unit();
	else if (strcmp(t, "user") == 0)
		directory_usage_user();
	else if (strcmp(t, "audit") == 0)
		usage_audit();
	else if (strcmp(t, "backup") == 0 || strcmp(t, "restore") == 0)
		usage_backup();
	else if (strcmp(t, "calendar") == 0)
		calendar_cli_usage(stdout);
	else if (strcmp(t, "pdf") == 0)
		sign_usage_pdf();
	else if (strcmp(t, "edxml") == 0)
		edxml_usage();
	else if (strcmp(t, "doc") == 0)
		docs_usage();
	else if (strcmp(t, "peer") == 0)
		exchange_usage_peer();
	else if (strcmp(t, "exchange") == 0)
		exchange_usage();
	else if (strcmp(t, "hub") == 0)
		hub_usage();
	else if (strcmp(t, "svc") == 0)
		svc_usage();
	else if (strcmp(t, "version") == 0)
		puts("congso version: in phiên bản và lược đồ cơ sở dữ liệu");
	else {
		fprintf(stderr, "congso: không có lệnh %s\n", t);
		return 2;
	}
	return 0;
}

static int
cmd_init(int argc, char **argv)
{
	static const char *const opts[] = { "--data", "--demo",
	    "--admin-password", "--province-code", "--province-name", NULL };
	struct dir_actor who = { 0, "init", "" };
	const char *dir, *demo, *adminpw, *why;
	char generated[33] = "";
	struct arena a = ARENA_INIT;
	struct dir_person p;
	struct db *db;
	struct cli c;
	int i;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0)
		return 2;
	if ((dir = cli_need(&c, "--data")) == NULL)
		return 2;
	demo = cli_get(&c, "--demo");
	adminpw = cli_get(&c, "--admin-password");
	if (demo && strcmp(demo, "thai-nguyen") != 0) {
		fprintf(stderr, "congso: không có tỉnh mẫu '%s' (có:"
		    " thai-nguyen)\n", demo);
		return 2;
	}
	if (adminpw && (why = auth_password_weak(adminpw)) != NULL) {
		fprintf(stderr, "congso: --admin-password: %s\n", why);
		return 2;
	}
	if (!demo && (!cli_get(&c, "--province-code") ||
	    !cli_get(&c, "--province-name"))) {
		fprintf(stderr, "congso: không có --demo thì cần --province-code"
		    " và --province-name\n");
		return 2;
	}
	if (data_create(dir) < 0)
		return 1;
	db = db_thread();
	if (db_begin(db) < 0)
		return 1;
	if (demo) {
		if (directory_demo_load(db_handle(db), demo, NULL) < 0 ||
		    db_setting_set(db, "province.name",
		    "UBND tỉnh Thái Nguyên") < 0 ||
		    db_setting_set(db, "province.code", "000.00.00.H55") < 0)
			goto fail;
		for (i = 0; demo_accounts[i]; i++) {
			const char *pw = DEMO_PASSWORD;

			if (i == 0 && adminpw)
				pw = adminpw;
			if (dir_person_by_username(db, &a, demo_accounts[i],
			    &p) < 0 ||
			    dir_person_set_password(db, &who, p.id, pw) < 0) {
				fprintf(stderr, "congso: thiếu tài khoản mẫu %s\n",
				    demo_accounts[i]);
				goto fail;
			}
		}
		if (svc_demo_load(db) < 0)
			goto fail;
		if (audit_record(db, 0, "init", "", "demo.load", "province",
		    demo) < 0)
			goto fail;
	} else {
		struct dir_unit u = { 0 };
		struct dir_err e = { 0 };

		u.code = cli_get(&c, "--province-code");
		u.name = cli_get(&c, "--province-name");
		u.short_name = "UBND";
		u.kind = "province";
		if (dir_unit_create(db, &who, &u, &e) < 0) {
			fprintf(stderr, "congso: %s\n", e.message ? e.message :
			    "không tạo được đơn vị gốc");
			goto fail;
		}
		memset(&p, 0, sizeof(p));
		p.username = "admin";
		p.full_name = "Quản trị hệ thống";
		p.unit_id = u.id;
		p.position = "Quản trị hệ thống";
		p.roles = DIR_ROLE_ADMIN;
		if (dir_person_create(db, &who, &p, &e) < 0) {
			fprintf(stderr, "congso: %s\n", e.message);
			goto fail;
		}
		if (adminpw == NULL) {
			if (auth_token(generated) < 0)
				goto fail;
			adminpw = generated;
		}
		if (dir_person_set_password(db, &who, p.id, adminpw) < 0 ||
		    db_setting_set(db, "province.name", u.name) < 0 ||
		    db_setting_set(db, "province.code", u.code) < 0)
			goto fail;
	}
	if (db_commit(db) < 0)
		goto fail;
	printf("Đã tạo thư mục dữ liệu %s%s\n", dir, demo ?
	    " với tỉnh mẫu Thái Nguyên" : "");
	if (generated[0])
		printf("Mật khẩu của admin (chỉ in một lần): %s\n", generated);
	arena_release(&a);
	db_thread_close();
	return 0;
fail:
	db_rollback(db);
	arena_release(&a);
	fprintf(stderr, "congso: khởi tạo thất bại; xóa thư mục %s rồi thử lại\n",
	    dir);
	return 1;
}

static int
purge_sessions(struct db *db, const char *payload, struct buf *err)
{
	(void)payload;
	/* Lazy: sessions lost to a power failure are purged next time. */
	if (db_begin(db) < 0 || account_purge(db) < 0 ||
	    db_commit_lazy(db) < 0) {
		buf_adds(err, db_errmsg(db));
		db_rollback(db);
		return -1;
	}
	/* Run again in an hour. */
	return jobs_again(db, "sessions.purge", 3600, err);
}

/* Every module's routes, menu entries and job handlers. */
static void
register_modules(void)
{
	db_settings_memo();
	static_register();
	account_register();
	directory_register();
	docs_register();
	sign_register(DIR_ROLE_ADMIN);
	svc_register();
	exchange_register();
	hub_register();
	jobs_register("sessions.purge", purge_sessions);
}

static int
cmd_routes(void)
{
	register_modules();
	http_routes_print(stdout);
	return 0;
}

static int
cmd_serve(int argc, char **argv)
{
	static const char *const opts[] = { "--data", "--listen", "--threads",
	    NULL };
	struct http_limits lim = { 0 };
	const char *dir, *listen;
	struct db *db;
	sqlite3_stmt *st;
	sigset_t set;
	struct cli c;
	int sig;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0)
		return 2;
	if ((dir = cli_need(&c, "--data")) == NULL)
		return 2;
	/* Each password check takes a 19 MiB block: from mmap, so it goes
	 * back to the system instead of staying in every thread's heap. */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	/* Freed memory stays in a thread's heap up to 4 MiB (not 128 KiB):
	 * a request that takes and gives back a few hundred KB otherwise
	 * shrank its heap (madvise) and grew it again (mprotect, page
	 * faults, zeroed pages, and a TLB flush on every core) each time,
	 * twice per received package. */
	mallopt(M_TRIM_THRESHOLD, 4 << 20);
	listen = cli_get(&c, "--listen") ? cli_get(&c, "--listen") :
	    "127.0.0.1:8080";
	if (cli_get(&c, "--threads"))
		lim.threads = (unsigned)atoi(cli_get(&c, "--threads"));
	if (data_open(dir) < 0 || db_checkpointer_start() < 0 ||
	    db_writer_start() < 0)
		return 1;
	/* Left by a server or a command stopped mid-way (an hour spares
	 * a command running now). */
	data_tmp_sweep(3600);
	db = db_thread();
	st = db_prepare(db, "SELECT value FROM settings"
	    " WHERE key = 'province.name'");
	if (st && sqlite3_step(st) == SQLITE_ROW)
		page_set_site(db_col_text(st, 0));
	db_done(st);
	jobs_ensure(db, "sessions.purge", 60);

	register_modules();

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (jobs_start() < 0 || http_start(listen, &lim) < 0)
		return 1;
	printf("congso đang phục vụ %s tại http://%s/\n", dir, listen);
	fflush(stdout);
	sigwait(&set, &sig);
	log_info("signal %d: stopping", sig);
	http_stop();
	jobs_stop();
	db_thread_close();
	db_writer_stop();
	db_checkpointer_stop();
	return 0;
}

static int
cmd_audit(int argc, char **argv)
{
	static const char *const opts[] = { "--data", "--limit", NULL };
	struct buf why = BUF_INIT;
	const char *dir;
	sqlite3_stmt *st;
	struct cli c;
	int rc;

	if (argc < 3 || (strcmp(argv[2], "verify") && strcmp(argv[2], "list"))) {
		usage_audit();
		return 2;
	}
	if (cli_parse(&c, argc, argv, 3, opts, NULL) < 0)
		return 2;
	if ((dir = cli_need(&c, "--data")) == NULL)
		return 2;
	if (data_open(dir) < 0)
		return 1;
	if (strcmp(argv[2], "list") == 0) {
		st = db_prepare(db_thread(), "SELECT id, at, actor, ip, action,"
		    " object, detail FROM audit ORDER BY id DESC LIMIT ?1");
		if (st == NULL)
			return 1;
		db_bind_int(st, 1, cli_get(&c, "--limit") ?
		    atoi(cli_get(&c, "--limit")) : 50);
		while (sqlite3_step(st) == SQLITE_ROW)
			printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n",
			    (long long)sqlite3_column_int64(st, 0),
			    db_col_text(st, 1), db_col_text(st, 2),
			    db_col_text(st, 3), db_col_text(st, 4),
			    db_col_text(st, 5), db_col_text(st, 6));
		db_done(st);
		return 0;
	}
	rc = audit_verify(db_thread(), &why);
	if (rc == 0) {
		st = db_prepare(db_thread(), "SELECT count(*) FROM audit");
		printf("Nhật ký nguyên vẹn: %d dòng\n", st && sqlite3_step(st) ==
		    SQLITE_ROW ? sqlite3_column_int(st, 0) : 0);
		db_done(st);
	} else
		fprintf(stderr, "Nhật ký bị sửa: %s\n", why.data);
	buf_release(&why);
	return rc == 0 ? 0 : 1;
}

static int
copy_db(sqlite3 *from, const char *to)
{
	char tmp[4096];
	sqlite3 *dst;
	sqlite3_backup *bk;
	int rc;

	snprintf(tmp, sizeof(tmp), "%s.tmp-%d", to, (int)getpid());
	if (sqlite3_open(tmp, &dst) != SQLITE_OK) {
		fprintf(stderr, "congso: không ghi được %s: %s\n", tmp,
		    sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return -1;
	}
	bk = sqlite3_backup_init(dst, "main", from, "main");
	if (bk == NULL) {
		fprintf(stderr, "congso: %s\n", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		unlink(tmp);
		return -1;
	}
	/* Copy in steps so writers are not held up for long. */
	do {
		rc = sqlite3_backup_step(bk, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "congso: sao lưu thất bại: %s\n",
		    sqlite3_errstr(rc));
		sqlite3_close(dst);
		unlink(tmp);
		return -1;
	}
	sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close(dst);
	if (rename(tmp, to) < 0) {
		fprintf(stderr, "congso: không đổi tên %s: %s\n", tmp,
		    strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int
cmd_backup(int argc, char **argv)
{
	static const char *const opts[] = { "--data", "--to", NULL };
	const char *dir, *to;
	struct cli c;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0)
		return 2;
	if ((dir = cli_need(&c, "--data")) == NULL ||
	    (to = cli_need(&c, "--to")) == NULL)
		return 2;
	if (data_open(dir) < 0)
		return 1;
	if (copy_db(db_handle(db_thread()), to) < 0)
		return 1;
	printf("Đã sao lưu %s/congso.db vào %s\n", dir, to);
	return 0;
}

static int
cmd_restore(int argc, char **argv)
{
	static const char *const opts[] = { "--data", "--from", NULL };
	struct buf why = BUF_INIT, path = BUF_INIT;
	const char *dir, *from;
	sqlite3 *src;
	struct db *db;
	struct cli c;
	int rc = 1;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0)
		return 2;
	if ((dir = cli_need(&c, "--data")) == NULL ||
	    (from = cli_need(&c, "--from")) == NULL)
		return 2;
	if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "congso: không mở được bản sao lưu %s\n", from);
		sqlite3_close(src);
		return 1;
	}
	buf_printf(&path, "%s/congso.db", dir);
	if (access(path.data, F_OK) == 0) {
		fprintf(stderr, "congso: %s đã có dữ liệu; khôi phục vào một thư"
		    " mục mới (dừng congso serve, đổi tên thư mục sau)\n", dir);
		goto out;
	}
	if (data_create(dir) < 0)
		goto out;
	db_thread_close();
	if (copy_db(src, path.data) < 0)
		goto out;
	if (data_open(dir) < 0)
		goto out;
	db = db_thread();
	if (db_exec(db, "PRAGMA integrity_check") < 0 ||
	    audit_verify(db, &why) < 0) {
		fprintf(stderr, "congso: bản sao lưu hỏng: %s\n", why.data);
		goto out;
	}
	printf("Đã khôi phục %s vào %s\n", from, dir);
	rc = 0;
out:
	sqlite3_close(src);
	buf_release(&why);
	buf_release(&path);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "help";
	int i;

	/* Vietnam's time, UTC+7 all year, whatever the host's zone (often
	 * UTC in a container): the day a register's numbers start again,
	 * deadlines, "today" and every time shown are the province's.
	 * A POSIX rule, so that no time zone database is needed. */
	setenv("TZ", "ICT-7", 1);
	tzset();
	/* libxml2 sets up its tables at first use, without a lock: two
	 * request threads reading their first edXML packages at once could
	 * both make them (LeakSanitizer saw the loser's, 465 bytes). Its
	 * documentation asks for this call in the main thread first. */
	xmlInitParser();

	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "-h") == 0)
		return cmd_help(argc, argv);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("congso %s (lược đồ %d, SQLite %s)\n", CONGSO_VERSION,
		    db_schema_version(), sqlite3_libversion());
		return 0;
	}
	for (i = 2; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			char *hv[3] = { argv[0], "help", argv[1] };

			return cmd_help(3, hv);
		}
	if (strcmp(cmd, "init") == 0)
		return cmd_init(argc, argv);
	if (strcmp(cmd, "serve") == 0)
		return cmd_serve(argc, argv);
	if (strcmp(cmd, "routes") == 0)
		return cmd_routes();
	if (strcmp(cmd, "audit") == 0)
		return cmd_audit(argc, argv);
	if (strcmp(cmd, "backup") == 0)
		return cmd_backup(argc, argv);
	if (strcmp(cmd, "restore") == 0)
		return cmd_restore(argc, argv);
	if (strcmp(cmd, "calendar") == 0)
		return calendar_cli(argc - 1, argv + 1);
	if (strcmp(cmd, "pdf") == 0)
		return sign_cli_pdf(argc - 1, argv + 1);
	if (strcmp(cmd, "edxml") == 0)
		return edxml_cli(argc - 1, argv + 1);
	if (strcmp(cmd, "unit") == 0)
		return directory_cli_unit(argc - 1, argv + 1);
	if (strcmp(cmd, "doc") == 0)
		return docs_cli(argc - 1, argv + 1);
	if (strcmp(cmd, "peer") == 0)
		return exchange_cli_peer(argc - 1, argv + 1);
	if (strcmp(cmd, "exchange") == 0)
		return exchange_cli(argc - 1, argv + 1);
	if (strcmp(cmd, "user") == 0)
		return directory_cli_user(argc - 1, argv + 1);
	if (strcmp(cmd, "hub") == 0)
		return hub_cli(argc - 1, argv + 1);
	if (strcmp(cmd, "svc") == 0)
		return svc_cli(argc - 1, argv + 1);
	fprintf(stderr, "congso: không có lệnh '%s'\n\n", cmd);
	usage();
	return 2;
}
