/* hub_cli.c - `congso hub`: members (add with the key printed once, list,
 * remove), the message log, the settings. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "core/data.h"
#include "core/db.h"
#include "hub/hub_int.h"

#define CERT_MAX	(64u << 10)

void
hub_usage(void)
{
	fputs("congso hub member add --data DIR --name TÊN --codes MÃ[,MÃ...]\n"
	    "                      [--url URL] [--cert CHỨNG-THƯ.pem]\n"
	    "  Thêm một hệ thống thành viên của trục liên thông (LGSP): các mã\n"
	    "  đơn vị nó nhận thay (mã đầy đủ 000.00.00.H41 hoặc phần cuối như\n"
	    "  H41), địa chỉ đẩy gói tin (một hệ thống congso; không có: thành\n"
	    "  viên tự lấy qua GET /api/v1/hub/packages), chứng thư phải ký gói\n"
	    "  tin của nó. In khóa API một lần duy nhất (chỉ lưu mã băm).\n"
	    "congso hub member list --data DIR [--all]\n"
	    "  Liệt kê thành viên (--all: cả thành viên đã gỡ).\n"
	    "congso hub member remove --data DIR SỐ\n"
	    "  Gỡ thành viên: khóa hết hiệu lực, gói tin đang chờ thành thất bại.\n"
	    "congso hub member push-now --data DIR SỐ\n"
	    "  Đẩy ngay các gói tin đang chờ tới thành viên (khi hệ thống của nó\n"
	    "  đã chạy lại), số lần thử đếm lại từ đầu. Máy chủ đang chạy nhận\n"
	    "  việc trong vòng một giây.\n"
	    "congso hub log --data DIR [--q CHUỖI] [--code MÃ] [--document-id MÃ]\n"
	    "                [--sha256 BĂM] [--outcome KẾT-QUẢ] [--from NGÀY]\n"
	    "                [--to NGÀY] [--limit N]\n"
	    "  Nhật ký gói tin: ai gửi gì cho ai, khi nào, băm, chữ ký, kết quả\n"
	    "  (accepted, refused, waiting, delivered, failed). Ngày dd/mm/yyyy.\n"
	    "congso hub config --data DIR [--enabled 0|1] [--keep-packages 0|1]\n"
	    "                  [--require-signature 0|1]\n"
	    "  Bật/tắt trục (mặc định: bật khi có thành viên), giữ tệp gói tin\n"
	    "  sau khi chuyển (0: chỉ giữ nhật ký), bắt buộc chữ ký số.\n",
	    stdout);
}

static const struct hub_actor cli_actor = { 0, "cli", "" };

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;

	if (f == NULL)
		return NULL;
	p = malloc(CERT_MAX + 1);
	*len = p ? fread(p, 1, CERT_MAX + 1, f) : 0;
	fclose(f);
	if (p == NULL || *len == 0 || *len > CERT_MAX) {
		free(p);
		return NULL;
	}
	p[*len] = '\0';
	return p;
}

static int
member_add(int argc, char **argv)
{
	static const char *const opts[] = { "--data", "--name", "--codes",
	    "--url", "--cert", NULL };
	char key[HUB_KEY_LEN + 1], err[HUB_ERR_MAX], *codes, *t;
	struct hub_member_new nm;
	const char *dir, *cert;
	struct cli c;
	int64_t id;
	int rc;

	if (cli_parse(&c, argc, argv, 3, opts, NULL) < 0)
		return 2;
	if ((dir = cli_need(&c, "--data")) == NULL ||
	    cli_need(&c, "--name") == NULL || cli_need(&c, "--codes") == NULL)
		return 2;
	memset(&nm, 0, sizeof(nm));
	nm.name = cli_get(&c, "--name");
	nm.url = cli_get(&c, "--url");
	if ((codes = strdup(cli_get(&c, "--codes"))) == NULL)
		return 1;
	for (t = strtok(codes, ", "); t != NULL; t = strtok(NULL, ", ")) {
		if (nm.ncodes == HUB_CODES_MAX) {
			nm.ncodes++;
			break;
		}
		nm.codes[nm.ncodes++] = t;
	}
	if ((cert = cli_get(&c, "--cert")) != NULL &&
	    (nm.cert_pem = read_file(cert, &nm.cert_len)) == NULL) {
		fprintf(stderr, "congso hub: không đọc được %s (tệp PEM tối đa"
		    " 64 KiB)\n", cert);
		free(codes);
		return 2;
	}
	if (data_open(dir) < 0) {
		free(codes);
		free((char *)nm.cert_pem);
		return 1;
	}
	rc = hub_member_create(db_thread(), &cli_actor, &nm, key, &id, err,
	    sizeof(err));
	free(codes);
	free((char *)nm.cert_pem);
	if (rc < 0) {
		fprintf(stderr, "congso hub: %s\n", rc == -1 ? err :
		    "lỗi cơ sở dữ liệu");
		return rc == -1 ? 2 : 1;
	}
	printf("Đã thêm thành viên %" PRId64 " (%s)\n", id, nm.name);
	printf("Khóa API (chỉ in một lần): %s\n", key);
	return 0;
}

static int
member_list(int argc, char **argv)
{
	static const char *const opts[] = { "--data", NULL };
	static const char *const sw[] = { "--all", NULL };
	struct arena a = ARENA_INIT;
	struct hub_member *m;
	const char *dir;
	struct cli c;
	int n, i;

	if (cli_parse(&c, argc, argv, 3, opts, sw) < 0)
		return 2;
	if ((dir = cli_need(&c, "--data")) == NULL)
		return 2;
	if (data_open(dir) < 0)
		return 1;
	n = hub_members_list(db_thread(), &a, cli_has(&c, "--all"), &m);
	for (i = 0; i < n; i++)
		printf("%" PRId64 "\t%s\t%s\t%s\t%s\tchờ %" PRId64 "\tđã chuyển %"
		    PRId64 "%s\n", m[i].id, m[i].name, m[i].codes, m[i].url[0] ?
		    m[i].url : "pull", m[i].cert_sha256[0] ? m[i].cert_sha256 :
		    "-", m[i].waiting, m[i].delivered, m[i].removed_at ?
		    "\tđã gỡ" : "");
	arena_release(&a);
	return n < 0 ? 1 : 0;
}

static int
member_remove(int argc, char **argv)
{
	static const char *const opts[] = { "--data", NULL };
	const char *dir;
	struct cli c;
	long id;
	int rc;

	if (cli_parse(&c, argc, argv, 3, opts, NULL) < 0)
		return 2;
	if ((dir = cli_need(&c, "--data")) == NULL)
		return 2;
	if (c.nargs != 1 || (id = atol(c.args[0])) <= 0) {
		fprintf(stderr, "congso hub member remove: cần số của thành"
		    " viên\n");
		return 2;
	}
	if (data_open(dir) < 0)
		return 1;
	rc = hub_member_remove(db_thread(), &cli_actor, id);
	if (rc == 1)
		fprintf(stderr, "congso hub: không có thành viên %ld (hoặc đã"
		    " gỡ)\n", id);
	else if (rc == 0)
		printf("Đã gỡ thành viên %ld\n", id);
	return rc == 0 ? 0 : 1;
}

static int
member_push_now(int argc, char **argv)
{
	static const char *const opts[] = { "--data", NULL };
	const char *dir;
	struct cli c;
	long id;
	int rc, n;

	if (cli_parse(&c, argc, argv, 3, opts, NULL) < 0)
		return 2;
	if ((dir = cli_need(&c, "--data")) == NULL)
		return 2;
	if (c.nargs != 1 || (id = atol(c.args[0])) <= 0) {
		fprintf(stderr, "congso hub member push-now: cần số của thành"
		    " viên\n");
		return 2;
	}
	if (data_open(dir) < 0)
		return 1;
	rc = hub_member_push_now(db_thread(), &cli_actor, id, &n);
	if (rc == 1)
		fprintf(stderr, "congso hub: không có thành viên %ld (hoặc đã"
		    " gỡ)\n", id);
	else if (rc == 2)
		fprintf(stderr, "congso hub: thành viên %ld tự lấy gói tin"
		    " (pull), trục không đẩy tới nó\n", id);
	else if (rc == 0)
		printf("Đã đưa %d gói tin đang chờ tới thành viên %ld vào lượt"
		    " đẩy ngay\n", n, id);
	return rc == 0 ? 0 : 1;
}

static int
log_cmd(int argc, char **argv)
{
	static const char *const opts[] = { "--data", "--q", "--code",
	    "--document-id", "--sha256", "--outcome", "--from", "--to",
	    "--limit", NULL };
	struct arena a = ARENA_INIT;
	struct hub_query q;
	struct hub_msg *m;
	struct hub_delivery *d;
	const char *dir;
	int64_t total;
	struct cli c;
	int n, i, k, nd;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0)
		return 2;
	if ((dir = cli_need(&c, "--data")) == NULL)
		return 2;
	memset(&q, 0, sizeof(q));
	q.q = cli_get(&c, "--q");
	q.code = cli_get(&c, "--code");
	q.document_id = cli_get(&c, "--document-id");
	q.sha256 = cli_get(&c, "--sha256");
	q.outcome = cli_get(&c, "--outcome");
	q.limit = cli_get(&c, "--limit") ? atoi(cli_get(&c, "--limit")) : 50;
	if (q.limit <= 0 || q.limit > 10000) {
		fprintf(stderr, "congso hub log: --limit từ 1 đến 10000\n");
		return 2;
	}
	if ((cli_get(&c, "--from") && (q.since = hub_parse_day(cli_get(&c,
	    "--from"), 0)) < 0) || (cli_get(&c, "--to") &&
	    (q.until = hub_parse_day(cli_get(&c, "--to"), 1)) < 0)) {
		fprintf(stderr, "congso hub log: ngày viết dd/mm/yyyy\n");
		return 2;
	}
	if (data_open(dir) < 0)
		return 1;
	n = hub_log_search(db_thread(), &a, &q, &m, &total);
	for (i = 0; i < n; i++) {
		printf("%" PRId64 "\t%s\t%s\t%s\t%s\t%s%s%s\t%s\t%s\t%" PRId64
		    "\t%s\t%s%s%s\n", m[i].id, hub_vn_time(&a,
		    m[i].received_at), m[i].member_name, m[i].from_code,
		    m[i].to_codes, m[i].kind, m[i].status_code ? " " : "",
		    m[i].status_code ? m[i].status_code : "", m[i].document_id,
		    m[i].sha256, m[i].size, !m[i].sig_present ? "không ký" :
		    !m[i].sig_intact ? "chữ ký hỏng" : !m[i].sig_trusted ?
		    "không tin cậy" : m[i].signer, m[i].outcome,
		    m[i].reason[0] ? ": " : "", m[i].reason);
		nd = hub_msg_deliveries(db_thread(), &a, m[i].id, &d);
		for (k = 0; k < nd; k++)
			printf("\t-> %s (%s, %s)\t%s%s%s\n", d[k].member_name,
			    d[k].codes, d[k].mode, d[k].state, d[k].reason[0] ?
			    ": " : "", d[k].reason);
	}
	if (n >= 0)
		printf("%d/%" PRId64 " gói tin\n", n, total);
	arena_release(&a);
	return n < 0 ? 1 : 0;
}

static int
config_cmd(int argc, char **argv)
{
	static const char *const opts[] = { "--data", "--enabled",
	    "--keep-packages", "--require-signature", NULL };
	static const char *const keys[][2] = {
		{ "--enabled", "hub.enabled" },
		{ "--keep-packages", "hub.keep_packages" },
		{ "--require-signature", "hub.require_signature" },
	};
	const char *dir, *v;
	struct cli c;
	int i;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0)
		return 2;
	if ((dir = cli_need(&c, "--data")) == NULL)
		return 2;
	for (i = 0; i < 3; i++)
		if ((v = cli_get(&c, keys[i][0])) != NULL && strcmp(v, "0") &&
		    strcmp(v, "1")) {
			fprintf(stderr, "congso hub config: %s nhận 0 hoặc 1\n",
			    keys[i][0]);
			return 2;
		}
	if (data_open(dir) < 0)
		return 1;
	for (i = 0; i < 3; i++)
		if ((v = cli_get(&c, keys[i][0])) != NULL &&
		    hub_setting_set(db_thread(), &cli_actor, keys[i][1], v) < 0)
			return 1;
	printf("hub.enabled\t%d\nhub.keep_packages\t%d\n",
	    hub_enabled(db_thread()) == 1, hub_keep_packages(db_thread()));
	return 0;
}

int
hub_cli(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	const char *act = argc > 2 ? argv[2] : "";

	if (strcmp(sub, "member") == 0) {
		if (strcmp(act, "add") == 0)
			return member_add(argc, argv);
		if (strcmp(act, "list") == 0)
			return member_list(argc, argv);
		if (strcmp(act, "remove") == 0)
			return member_remove(argc, argv);
		if (strcmp(act, "push-now") == 0)
			return member_push_now(argc, argv);
	} else if (strcmp(sub, "log") == 0)
		return log_cmd(argc, argv);
	else if (strcmp(sub, "config") == 0)
		return config_cmd(argc, argv);
	hub_usage();
	return 2;
}
