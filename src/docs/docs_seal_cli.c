/*
 * docs_seal_cli.c - `congso doc seal-key` (the body's seal key for
 * signing at issue: checked by signing with it before it is kept) and
 * `congso doc place` (where a type's signatures and stamps go).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "core/arena.h"
#include "core/cli.h"
#include "core/data.h"
#include "core/db.h"
#include "directory/directory.h"
#include "docs/docs.h"
#include "docs/docs_int.h"
#include "sign/sign.h"

static int
usage_err(const char *cmd, const char *msg)
{
	fprintf(stderr, "congso doc %s: %s; xem 'congso help doc'\n", cmd, msg);
	return 2;
}

/* Sign a test hash with the key and check it with the certificate's
 * public key: the key is reachable (token present, PIN right) and the
 * certificate is its own. 0 or -1 with a message on stderr. */
static int
key_matches(const struct docs_seal_key *k)
{
	static const unsigned char msg[] = "congso seal key check";
	unsigned char h[32], *sig = NULL;
	char err[SIGN_ERR_MAX];
	struct sign_key *key = NULL;
	EVP_MD_CTX *ctx = NULL;
	X509 *cert = NULL;
	FILE *f;
	size_t siglen = 0;
	int ok = 0;

	if ((f = fopen(k->cert, "r")) == NULL ||
	    (cert = PEM_read_X509(f, NULL, NULL, NULL)) == NULL) {
		if (f != NULL)
			fclose(f);
		fprintf(stderr, "congso doc seal-key: không đọc được chứng thư"
		    " %s (PEM)\n", k->cert);
		return -1;
	}
	fclose(f);
	if (sign_cert_check(cert, time(NULL), err, sizeof(err)) < 0) {
		fprintf(stderr, "congso doc seal-key: %s\n", err);
		goto out;
	}
	if (sign_key_open(k->key_uri, k->module, &key, err, sizeof(err)) < 0) {
		fprintf(stderr, "congso doc seal-key: %s\n", err);
		goto out;
	}
	EVP_Digest(msg, sizeof(msg) - 1, h, NULL, EVP_sha256(), NULL);
	if (sign_key_sign(key, EVP_sha256(), h, sizeof(h), &sig, &siglen, err,
	    sizeof(err)) < 0) {
		fprintf(stderr, "congso doc seal-key: %s\n", err);
		goto out;
	}
	ctx = EVP_MD_CTX_new();
	ok = ctx != NULL && EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL,
	    X509_get0_pubkey(cert)) == 1 && EVP_DigestVerify(ctx, sig, siglen,
	    msg, sizeof(msg) - 1) == 1;
	if (!ok)
		fprintf(stderr, "congso doc seal-key: chứng thư %s không phải"
		    " của khóa này\n", k->cert);
out:
	EVP_MD_CTX_free(ctx);
	free(sig);
	sign_key_free(key);
	X509_free(cert);
	return ok ? 0 : -1;
}

static int
copy_path(char *dst, size_t len, const char *src, const char *what)
{
	char *abs;

	if (src == NULL || *src == '\0') {
		dst[0] = '\0';
		return 0;
	}
	if ((abs = realpath(src, NULL)) == NULL) {
		fprintf(stderr, "congso doc seal-key: không có tệp %s %s\n", what,
		    src);
		return -1;
	}
	if (strlen(abs) >= len) {
		free(abs);
		fprintf(stderr, "congso doc seal-key: đường dẫn %s dài quá\n",
		    what);
		return -1;
	}
	snprintf(dst, len, "%s", abs);
	free(abs);
	return 0;
}

/* The unit of --unit CODE; its id or 0 (message given). */
static int64_t
unit_of(const char *cmd, const char *code)
{
	struct dir_unit u;
	struct arena a = { 0 };
	int64_t id = 0;

	if (dir_unit_by_code(db_thread(), &a, code, &u) == 0)
		id = u.id;
	else
		fprintf(stderr, "congso doc %s: không có đơn vị mã %s\n", cmd,
		    code);
	arena_release(&a);
	return id;
}

/* Write with the system actor, in one transaction. */
static int
commit_or_report(const char *cmd, int rc, const struct docs_err *e)
{
	if (rc == 0 && db_commit(db_thread()) == 0)
		return 0;
	db_rollback(db_thread());
	fprintf(stderr, "congso doc %s: %s\n", cmd, e->message ? e->message :
	    "lỗi cơ sở dữ liệu");
	return e->status >= 500 || e->status == 0 ? 1 : 2;
}

static int
cmd_seal_key(int argc, char **argv)
{
	static const char *const opts[] = { "--data", "--unit", "--key",
	    "--pkcs11-module", "--cert", "--chain", "--image", NULL };
	static const char *const sw[] = { "--remove", NULL };
	struct docs_actor who = { 0 };
	struct docs_err e = { 0 };
	struct docs_seal_key k;
	struct cli c;
	int64_t unit;
	int rc;

	if (cli_parse(&c, argc, argv, 2, opts, sw) < 0)
		return 2;
	if (cli_need(&c, "--data") == NULL || cli_need(&c, "--unit") == NULL)
		return 2;
	memset(&k, 0, sizeof(k));
	if (!cli_has(&c, "--remove")) {
		if (cli_need(&c, "--key") == NULL ||
		    cli_need(&c, "--pkcs11-module") == NULL ||
		    cli_need(&c, "--cert") == NULL)
			return 2;
		if (strlen(cli_get(&c, "--key")) >= sizeof(k.key_uri))
			return usage_err("seal-key", "URI của khóa dài quá");
		snprintf(k.key_uri, sizeof(k.key_uri), "%s",
		    cli_get(&c, "--key"));
		if (copy_path(k.module, sizeof(k.module),
		    cli_get(&c, "--pkcs11-module"), "thư viện PKCS#11") < 0 ||
		    copy_path(k.cert, sizeof(k.cert), cli_get(&c, "--cert"),
		    "chứng thư") < 0 ||
		    copy_path(k.chain, sizeof(k.chain), cli_get(&c, "--chain"),
		    "chuỗi chứng thư") < 0 ||
		    copy_path(k.image, sizeof(k.image), cli_get(&c, "--image"),
		    "ảnh con dấu") < 0)
			return 2;
	}
	if (data_open(cli_get(&c, "--data")) < 0)
		return 1;
	if ((unit = unit_of("seal-key", cli_get(&c, "--unit"))) == 0)
		return 2;
	if (!cli_has(&c, "--remove") && strncmp(k.key_uri, "pkcs11:", 7) == 0 &&
	    strstr(k.key_uri, "pin-value") == NULL && key_matches(&k) < 0)
		return 1;
	who.name = "cli";
	who.full_name = "Dòng lệnh";
	who.ip = "";
	if (db_begin(db_thread()) < 0)
		return 1;
	rc = docs_seal_key_set(db_thread(), &who, unit, cli_has(&c,
	    "--remove") ? NULL : &k, &e);
	if ((rc = commit_or_report("seal-key", rc, &e)) != 0)
		return rc;
	printf(cli_has(&c, "--remove") ? "đã bỏ khóa của cơ quan\n" :
	    "đã lưu khóa của cơ quan; văn bản phát hành từ nay được ký số"
	    " của cơ quan\n");
	return 0;
}

/* "x1,y1,x2,y2" into r. 0 or -1. */
static int
parse_rect(const char *s, double r[4])
{
	char *end;
	int i;

	for (i = 0; i < 4; i++) {
		r[i] = strtod(s, &end);
		if (end == s || (i < 3 && *end != ','))
			return -1;
		s = end + 1;
	}
	return *end == '\0' ? 0 : -1;
}

static int
cmd_place(int argc, char **argv)
{
	static const char *const opts[] = { "--data", "--type", "--what",
	    "--page", "--rect", NULL };
	static const char *const sw[] = { "--clear", NULL };
	struct docs_actor who = { 0 };
	struct docs_err e = { 0 };
	struct docs_place p = { 0 };
	struct cli c;
	int64_t type;
	int what, rc;

	if (cli_parse(&c, argc, argv, 2, opts, sw) < 0)
		return 2;
	if (cli_need(&c, "--data") == NULL || cli_need(&c, "--type") == NULL ||
	    cli_need(&c, "--what") == NULL)
		return 2;
	if ((what = docs_place_parse(cli_get(&c, "--what"))) < 0)
		return usage_err("place", "--what là leader, seal, number hoặc"
		    " date");
	if (!cli_has(&c, "--clear")) {
		if (cli_need(&c, "--rect") == NULL)
			return 2;
		if (parse_rect(cli_get(&c, "--rect"), p.rect) < 0)
			return usage_err("place", "--rect là x1,y1,x2,y2 (điểm)");
		p.page = cli_get(&c, "--page") ? atoi(cli_get(&c, "--page")) :
		    0;
		p.set = 1;
	}
	if (data_open(cli_get(&c, "--data")) < 0)
		return 1;
	if ((type = docs_type_id(db_thread(), cli_get(&c, "--type"),
	    NULL)) <= 0)
		return usage_err("place", "không có loại văn bản này (mã như"
		    " QĐ, CV)");
	who.name = "cli";
	who.full_name = "Dòng lệnh";
	who.ip = "";
	if (db_begin(db_thread()) < 0)
		return 1;
	rc = docs_place_set(db_thread(), &who, type, what, p.set ? &p : NULL,
	    &e);
	if ((rc = commit_or_report("place", rc, &e)) != 0)
		return rc;
	printf("đã lưu vị trí %s của loại %s\n", docs_place_name(what),
	    cli_get(&c, "--type"));
	return 0;
}

int
docs_seal_cli(int argc, char **argv)
{
	if (strcmp(argv[1], "seal-key") == 0)
		return cmd_seal_key(argc, argv);
	return cmd_place(argc, argv);
}

void
docs_seal_usage(void)
{
	fputs("congso doc seal-key --data DIR --unit MÃ_ĐƠN_VỊ --key"
	    " 'pkcs11:token=...;object=...'\n"
	    "                      --pkcs11-module THƯ_VIỆN.so --cert"
	    " CHỨNG_THƯ.pem\n"
	    "                      [--chain CHUỖI.pem] [--image CON_DẤU.png]\n"
	    "congso doc seal-key --data DIR --unit MÃ_ĐƠN_VỊ --remove\n"
	    "  Khóa của cơ quan (trong token/HSM) để ký số của cơ quan khi"
	    " văn thư phát\n"
	    "  hành văn bản: mọi tệp PDF đính kèm được ký, đóng dấu ảnh con"
	    " dấu đè một\n"
	    "  phần ba chữ ký lãnh đạo bên trái, ghi số và ngày lên trang. Mã"
	    " PIN không\n"
	    "  lưu trong cấu hình: máy chủ đọc biến môi trường CONGSO_PIN."
	    " Khóa được\n"
	    "  thử ký một lần trước khi lưu.\n"
	    "congso doc place --data DIR --type LOẠI --what"
	    " leader|seal|number|date\n"
	    "                 (--rect x1,y1,x2,y2 [--page N] | --clear)\n"
	    "  Vị trí chữ ký lãnh đạo, chữ ký của cơ quan, số và ngày trên"
	    " văn bản của\n"
	    "  một loại (điểm PDF từ góc dưới trái; trang 0: trang cuối với"
	    " chữ ký,\n"
	    "  trang đầu với số và ngày). --clear: về vị trí thường dùng theo"
	    " Nghị\n"
	    "  định 30/2020.\n", stdout);
}
