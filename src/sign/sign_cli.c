/*
 * sign_cli.c - `congso pdf sign` and `congso pdf verify`.
 *
 * Exit status: 0 done (verify: every signature intact and trusted),
 * 1 the signing or a check failed, 2 bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>

#include "core/cli.h"
#include "core/data.h"
#include "core/db.h"
#include "sign/sign_int.h"

#define TRUST_FILE_MAX	(4u << 20)	/* one imported file */

void
sign_usage_pdf(void)
{
	fputs("congso pdf sign --key KHÓA --cert CHỨNG_THƯ.pem [--chain CHUỖI.pem]\n"
	    "    [--pkcs11-module THƯ_VIỆN] [--role leader|seal] [--image ẢNH.png]\n"
	    "    [--reason LÝ_DO] [--location NƠI_KÝ] [--number SỐ_KÝ_HIỆU]\n"
	    "    [--date NGÀY] [--stamp-page N] [--number-rect \"x1 y1 x2 y2\"]\n"
	    "    [--date-rect \"x1 y1 x2 y2\"] [--page N] [--rect \"x1 y1 x2 y2\"]\n"
	    "    [--tsa URL] VÀO.pdf RA.pdf\n"
	    "  Ký số tệp PDF (PAdES, CMS tách rời, SHA-256) bằng một bản cập\n"
	    "  nhật tăng dần: mọi byte và chữ ký có trước được giữ nguyên.\n"
	    "  KHÓA là tệp khóa bí mật PEM, hoặc URI PKCS#11 (RFC 7512) như\n"
	    "  \"pkcs11:token=T;object=K\" kèm --pkcs11-module; mã PIN lấy từ\n"
	    "  pin-value trong URI, biến CONGSO_PIN, hoặc hỏi trên màn hình.\n"
	    "  --role leader: chữ ký lãnh đạo (ảnh chữ ký tay, họ tên, thời\n"
	    "  gian); --role seal: chữ ký của cơ quan (ảnh con dấu đỏ kích\n"
	    "  thước thật, đè lên khoảng một phần ba chữ ký lãnh đạo bên trái).\n"
	    "  Mặc định đặt ở trang cuối, góc dưới bên phải; --rect theo điểm.\n"
	    "  --number và --date (khi ban hành): in \"Số: 12/QĐ-UBND\" và dòng\n"
	    "  \"NƠI_KÝ, ngày 05 tháng 3 năm 2026\" (NGÀY là YYYY-MM-DD hoặc\n"
	    "  dd/mm/yyyy, mặc định ngày ký) lên trang --stamp-page (mặc định\n"
	    "  trang đầu) ở vị trí của Phụ lục I Nghị định 30/2020, hoặc ở\n"
	    "  --number-rect và --date-rect; chữ ký của cơ quan bao cả hai.\n"
	    "  --tsa URL (hoặc biến CONGSO_TSA_URL): thêm dấu thời gian RFC 3161.\n"
	    "  Ghi ra tệp tạm rồi đổi tên: lỗi thì không để lại tệp RA.pdf.\n"
	    "congso pdf verify [--data DIR] [--trust GỐC.pem]... TỆP.pdf\n"
	    "  Kiểm tra mọi chữ ký: người ký, chuỗi chứng thư, thời điểm ký,\n"
	    "  dấu thời gian, nội dung còn nguyên vẹn, phần thêm sau chữ ký.\n"
	    "  Gốc tin cậy: các tệp --trust (chứng thư và CRL dạng PEM) và kho\n"
	    "  chứng thư của thư mục dữ liệu --data; chứng thư có trong CRL\n"
	    "  của nơi cấp thì không hợp lệ. Mỗi chữ ký một dòng; thoát 0 chỉ\n"
	    "  khi mọi chữ ký nguyên vẹn và dẫn tới một gốc tin cậy.\n"
	    "congso pdf trust add --data DIR TỆP...\n"
	    "  Nhập chứng thư gốc, chứng thư trung gian (của CA) và danh sách\n"
	    "  thu hồi CRL (PEM, nhiều mục một tệp; hoặc DER) vào kho.\n"
	    "congso pdf trust list --data DIR\n"
	    "  Liệt kê kho: số, loại, chủ thể, hạn, SHA-256.\n"
	    "congso pdf trust remove --data DIR SỐ\n"
	    "  Bỏ một mục khỏi kho.\n", stdout);
}

static int
parse_rect(const char *s, double r[4])
{
	char *end;
	int i;

	for (i = 0; i < 4; i++) {
		r[i] = strtod(s, &end);
		if (end == s)
			return -1;
		s = end;
		while (*s == ' ' || *s == ',')
			s++;
	}
	return *s == '\0' && r[2] > r[0] && r[3] > r[1] ? 0 : -1;
}

/* An optional rectangle option; -1 (after a message) when malformed. */
static int
rect_opt(struct cli *c, const char *name, double r[4], int *has)
{
	const char *v = cli_get(c, name);

	if (v == NULL)
		return 0;
	if (parse_rect(v, r) < 0) {
		fprintf(stderr, "congso pdf sign: %s là \"x1 y1 x2 y2\" (điểm,"
		    " x1<x2, y1<y2)\n", name);
		return -1;
	}
	*has = 1;
	return 0;
}

static int
cli_sign(int argc, char **argv)
{
	static const char *const opts[] = { "--key", "--cert", "--chain",
	    "--pkcs11-module", "--role", "--image", "--reason", "--location",
	    "--number", "--page", "--rect", "--tsa", "--date", "--stamp-page",
	    "--number-rect", "--date-rect", NULL };
	struct sign_opts o;
	char err[SIGN_ERR_MAX];
	const char *role;
	struct cli c;

	memset(&o, 0, sizeof(o));
	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0)
		return 2;
	if (c.nargs != 2) {
		fprintf(stderr, "congso pdf sign: cần VÀO.pdf và RA.pdf; xem"
		    " 'congso help pdf'\n");
		return 2;
	}
	if ((o.key = cli_need(&c, "--key")) == NULL ||
	    (o.cert = cli_need(&c, "--cert")) == NULL)
		return 2;
	o.chain = cli_get(&c, "--chain");
	o.module = cli_get(&c, "--pkcs11-module");
	o.image = cli_get(&c, "--image");
	o.reason = cli_get(&c, "--reason");
	o.location = cli_get(&c, "--location");
	o.number = cli_get(&c, "--number");
	o.tsa_url = cli_get(&c, "--tsa");
	if (o.tsa_url == NULL)
		o.tsa_url = getenv("CONGSO_TSA_URL");
	if ((role = cli_get(&c, "--role")) == NULL)
		o.role = SIGN_ROLE_PLAIN;
	else if (strcmp(role, "leader") == 0)
		o.role = SIGN_ROLE_LEADER;
	else if (strcmp(role, "seal") == 0)
		o.role = SIGN_ROLE_SEAL;
	else {
		fprintf(stderr, "congso pdf sign: --role là leader hoặc seal\n");
		return 2;
	}
	if (cli_get(&c, "--page") != NULL) {
		o.page = atoi(cli_get(&c, "--page"));
		if (o.page < 1) {
			fprintf(stderr, "congso pdf sign: --page là số trang"
			    " từ 1\n");
			return 2;
		}
	}
	o.date = cli_get(&c, "--date");
	if (cli_get(&c, "--stamp-page") != NULL) {
		o.stamp_page = atoi(cli_get(&c, "--stamp-page"));
		if (o.stamp_page < 1) {
			fprintf(stderr, "congso pdf sign: --stamp-page là số"
			    " trang từ 1\n");
			return 2;
		}
	}
	if (rect_opt(&c, "--number-rect", o.num_rect, &o.has_num_rect) < 0 ||
	    rect_opt(&c, "--date-rect", o.date_rect, &o.has_date_rect) < 0 ||
	    rect_opt(&c, "--rect", o.rect, &o.has_rect) < 0)
		return 2;
	if (strcmp(c.args[0], c.args[1]) == 0) {
		fprintf(stderr, "congso pdf sign: tệp ra phải khác tệp vào\n");
		return 2;
	}
	if (sign_pdf(c.args[0], c.args[1], &o, err, sizeof(err)) < 0) {
		fprintf(stderr, "congso pdf sign: %s\n", err);
		return 1;
	}
	printf("đã ký: %s\n", c.args[1]);
	return 0;
}

static int
cli_verify(int argc, char **argv)
{
	static const char *const opts[] = { "--trust", "--data", NULL };
	X509_STORE *store = NULL;
	struct db *db = NULL;
	const char *trust[CLI_MAX + 1];
	struct sign_check *res;
	char err[SIGN_ERR_MAX];
	size_t n, i;
	int k, nt = 0, bad = 0;
	struct cli c;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0)
		return 2;
	if (c.nargs != 1) {
		fprintf(stderr, "congso pdf verify: cần đúng một tệp PDF\n");
		return 2;
	}
	for (k = 0; k < c.nopts; k++)
		if (strcmp(c.names[k], "--trust") == 0)
			trust[nt++] = c.values[k];
	trust[nt] = NULL;
	if (cli_get(&c, "--data") != NULL) {
		if (data_open(cli_get(&c, "--data")) < 0)
			return 1;
		if ((db = db_thread()) == NULL) {
			fprintf(stderr, "congso pdf verify: không mở được cơ sở"
			    " dữ liệu\n");
			return 1;
		}
	}
	if ((db != NULL || nt > 0) &&
	    (store = sign_trust_store(db, trust, err, sizeof(err))) == NULL) {
		fprintf(stderr, "congso pdf verify: %s\n", err);
		return 1;
	}
	k = sign_verify_pdf_store(c.args[0], store, &res, &n, err,
	    sizeof(err));
	X509_STORE_free(store);
	if (k < 0) {
		fprintf(stderr, "congso pdf verify: %s\n", err);
		return 1;
	}
	if (n == 0) {
		printf("%s: không có chữ ký nào\n", c.args[0]);
		free(res);
		return 1;
	}
	for (i = 0; i < n; i++) {
		struct sign_check *r = &res[i];
		int ok = sign_check_valid(r);

		if (!ok)
			bad = 1;
		printf("chữ ký %zu \"%s\": %s%s%s | người ký: %s | cấp bởi: %s"
		    " | thời điểm ký: %s | dấu thời gian: %s%s%s%s | %s | %s"
		    " | %s\n",
		    i + 1, r->field, ok ? "HỢP LỆ" : "KHÔNG HỢP LỆ",
		    ok ? "" : " - ", ok ? "" : r->problem,
		    r->signer[0] ? r->signer : "?",
		    r->issuer[0] ? r->issuer : "?",
		    r->time[0] ? r->time : "không rõ",
		    r->tstime[0] ? r->tstime : "không có",
		    r->tsa[0] ? " (TSA: " : "", r->tsa, r->tsa[0] ? ")" : "",
		    r->intact ? "nguyên vẹn" : "KHÔNG nguyên vẹn",
		    r->trusted ? "chuỗi tin cậy" : "KHÔNG tin cậy",
		    sign_after_text(r->after));
	}
	free(res);
	return bad ? 1 : 0;
}

/* A whole file of at most TRUST_FILE_MAX bytes, malloc'd. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t n = 0;

	if (f == NULL || (p = malloc(TRUST_FILE_MAX + 1)) == NULL) {
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	n = fread(p, 1, TRUST_FILE_MAX + 1, f);
	fclose(f);
	if (n == 0 || n > TRUST_FILE_MAX) {
		free(p);
		errno = EFBIG;
		return NULL;
	}
	*len = n;
	return p;
}

static void
day(time_t t, char *out, size_t len)
{
	struct tm tm;

	if (t == 0) {
		snprintf(out, len, "-");
		return;
	}
	t += 7 * 3600;
	gmtime_r(&t, &tm);
	strftime(out, len, "%d/%m/%Y", &tm);
}

static int
cli_trust(int argc, char **argv)
{
	static const char *const opts[] = { "--data", NULL };
	const char *sub = argc > 2 ? argv[2] : "";
	char err[SIGN_ERR_MAX], nb[16], na[16];
	struct sign_trust_item *it;
	struct db *db;
	struct cli c;
	size_t n, i, len;
	int k, added, dups, bad = 0;
	char *data;

	if (cli_parse(&c, argc, argv, 3, opts, NULL) < 0)
		return 2;
	if (cli_need(&c, "--data") == NULL)
		return 2;
	if (data_open(cli_get(&c, "--data")) < 0)
		return 1;
	if ((db = db_thread()) == NULL)
		return 1;
	if (strcmp(sub, "add") == 0 && c.nargs > 0) {
		for (k = 0; k < c.nargs; k++) {
			if ((data = slurp(c.args[k], &len)) == NULL) {
				fprintf(stderr, "congso pdf trust: không đọc được"
				    " %s (tối đa %u byte)\n", c.args[k],
				    TRUST_FILE_MAX);
				bad = 1;
				continue;
			}
			if (sign_trust_import(db, data, len, "cli", 0, "", &added,
			    &dups, err, sizeof(err)) < 0) {
				fprintf(stderr, "congso pdf trust: %s: %s\n",
				    c.args[k], err);
				bad = 1;
			} else
				printf("%s: đã nhập %d mục, %d mục đã có\n",
				    c.args[k], added, dups);
			free(data);
		}
		return bad;
	}
	if (strcmp(sub, "list") == 0 && c.nargs == 0) {
		if (sign_trust_list(db, &it, &n) < 0)
			return 1;
		for (i = 0; i < n; i++) {
			day(it[i].not_before, nb, sizeof(nb));
			day(it[i].not_after, na, sizeof(na));
			printf("%lld\t%s\t%s\t%s - %s\t%s\n",
			    (long long)it[i].id,
			    sign_trust_kind_name(it[i].kind), it[i].subject,
			    nb, na, it[i].sha256);
		}
		free(it);
		return 0;
	}
	if (strcmp(sub, "remove") == 0 && c.nargs == 1) {
		if (sign_trust_remove(db, strtoll(c.args[0], NULL, 10), "cli",
		    0, "", err, sizeof(err)) < 0) {
			fprintf(stderr, "congso pdf trust: %s\n", err);
			return 1;
		}
		printf("đã bỏ mục %s\n", c.args[0]);
		return 0;
	}
	fprintf(stderr, "congso pdf trust: add TỆP..., list, hoặc remove SỐ;"
	    " xem 'congso help pdf'\n");
	return 2;
}

int
sign_cli_pdf(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";

	if (strcmp(sub, "sign") == 0)
		return cli_sign(argc, argv);
	if (strcmp(sub, "verify") == 0)
		return cli_verify(argc, argv);
	if (strcmp(sub, "bench") == 0)
		return sign_cli_bench(argc, argv);
	if (strcmp(sub, "trust") == 0)
		return cli_trust(argc, argv);
	if (strcmp(sub, "help") == 0 || strcmp(sub, "--help") == 0) {
		sign_usage_pdf();
		return 0;
	}
	fprintf(stderr, "congso pdf: cần sign, verify hoặc trust; xem 'congso"
	    " help pdf'\n");
	return 2;
}
