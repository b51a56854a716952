/*
 * sign_cli.c - `congso pdf sign` and `congso pdf verify`.
 *
 * Exit status: 0 done (verify: every signature intact and trusted),
 * 1 the signing or a check failed, 2 bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "sign/sign.h"

void
sign_usage_pdf(void)
{
	fputs("congso pdf sign --key KHÓA --cert CHỨNG_THƯ.pem [--chain CHUỖI.pem]\n"
	    "    [--pkcs11-module THƯ_VIỆN] [--role leader|seal] [--image ẢNH.png]\n"
	    "    [--reason LÝ_DO] [--location NƠI_KÝ] [--number SỐ_KÝ_HIỆU]\n"
	    "    [--page N] [--rect \"x1 y1 x2 y2\"] [--tsa URL] VÀO.pdf RA.pdf\n"
	    "  Ký số tệp PDF (PAdES, CMS tách rời, SHA-256) bằng một bản cập\n"
	    "  nhật tăng dần: mọi byte và chữ ký có trước được giữ nguyên.\n"
	    "  KHÓA là tệp khóa bí mật PEM, hoặc URI PKCS#11 (RFC 7512) như\n"
	    "  \"pkcs11:token=T;object=K\" kèm --pkcs11-module; mã PIN lấy từ\n"
	    "  pin-value trong URI, biến CONGSO_PIN, hoặc hỏi trên màn hình.\n"
	    "  --role leader: chữ ký lãnh đạo (ảnh chữ ký tay, họ tên, thời\n"
	    "  gian); --role seal: chữ ký của cơ quan (ảnh con dấu đỏ kích\n"
	    "  thước thật, đè lên khoảng một phần ba chữ ký lãnh đạo bên trái).\n"
	    "  Mặc định đặt ở trang cuối, góc dưới bên phải; --rect theo điểm.\n"
	    "  Ghi ra tệp tạm rồi đổi tên: lỗi thì không để lại tệp RA.pdf.\n"
	    "congso pdf verify [--trust GỐC.pem]... TỆP.pdf\n"
	    "  Kiểm tra mọi chữ ký: người ký, chuỗi chứng thư, thời điểm ký,\n"
	    "  dấu thời gian, nội dung còn nguyên vẹn, phần thêm sau chữ ký.\n"
	    "  Mỗi chữ ký một dòng; thoát 0 chỉ khi mọi chữ ký nguyên vẹn và\n"
	    "  dẫn tới một gốc tin cậy.\n", stdout);
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

static int
cli_sign(int argc, char **argv)
{
	static const char *const opts[] = { "--key", "--cert", "--chain",
	    "--pkcs11-module", "--role", "--image", "--reason", "--location",
	    "--number", "--page", "--rect", "--tsa", NULL };
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
	if (cli_get(&c, "--rect") != NULL) {
		if (parse_rect(cli_get(&c, "--rect"), o.rect) < 0) {
			fprintf(stderr, "congso pdf sign: --rect là"
			    " \"x1 y1 x2 y2\" (điểm, x1<x2, y1<y2)\n");
			return 2;
		}
		o.has_rect = 1;
	}
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

static const char *
after_text(enum sign_after a)
{
	switch (a) {
	case SIGN_AFTER_NONE:
		return "phủ toàn bộ tệp";
	case SIGN_AFTER_SIGS:
		return "sau đó chỉ thêm chữ ký";
	default:
		return "sau đó có thay đổi khác";
	}
}

static int
cli_verify(int argc, char **argv)
{
	static const char *const opts[] = { "--trust", NULL };
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
	if (sign_verify_pdf(c.args[0], trust, &res, &n, err,
	    sizeof(err)) < 0) {
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
		int ok = r->intact && r->trusted &&
		    r->after != SIGN_AFTER_OTHER && r->problem[0] == '\0';

		if (!ok)
			bad = 1;
		printf("chữ ký %zu \"%s\": %s%s%s | người ký: %s | cấp bởi: %s"
		    " | thời điểm ký: %s | dấu thời gian: %s | %s | %s | %s\n",
		    i + 1, r->field, ok ? "HỢP LỆ" : "KHÔNG HỢP LỆ",
		    ok ? "" : " - ", ok ? "" : r->problem,
		    r->signer[0] ? r->signer : "?",
		    r->issuer[0] ? r->issuer : "?",
		    r->time[0] ? r->time : "không rõ",
		    r->tstime[0] ? r->tstime : "không có",
		    r->intact ? "nguyên vẹn" : "KHÔNG nguyên vẹn",
		    r->trusted ? "chuỗi tin cậy" : "KHÔNG tin cậy",
		    after_text(r->after));
	}
	free(res);
	return bad ? 1 : 0;
}

int
sign_cli_pdf(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";

	if (strcmp(sub, "sign") == 0)
		return cli_sign(argc, argv);
	if (strcmp(sub, "verify") == 0)
		return cli_verify(argc, argv);
	if (strcmp(sub, "help") == 0 || strcmp(sub, "--help") == 0) {
		sign_usage_pdf();
		return 0;
	}
	fprintf(stderr, "congso pdf: cần sign hoặc verify; xem 'congso help"
	    " pdf'\n");
	return 2;
}
