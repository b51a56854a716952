/* exchange_cli.c - `congso peer ...` (the peer table) and `congso exchange
 * ...` (the instance's exchange key and certificate, the package sent for
 * a document, the outbox and its retries). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "core/audit.h"
#include "core/blob.h"
#include "core/cli.h"
#include "core/data.h"
#include "core/digest.h"
#include "exchange_int.h"
#include "sign/sign.h"

void
exchange_usage_peer(void)
{
	fputs("congso peer add --data DIR --match MÃ --url URL [--kind direct|hub]\n"
	    "                 [--name TÊN] [--api-key KHÓA] [--cert CHỨNG_THƯ.pem\n"
	    "                 | --cert-sha256 HEX] [--ca-file CA.pem]\n"
	    "  Thêm (hoặc sửa) máy ngang hàng phụ trách các mã định danh MÃ: một\n"
	    "  mã đầy đủ (000.00.00.H41), một hậu tố (H41) hoặc * (trục mặc định).\n"
	    "  Mã cụ thể nhất thắng. direct: gửi tới URL/api/v1/exchange/packages;\n"
	    "  hub: gửi tới URL/api/v1/hub/packages với --api-key. --cert ghim\n"
	    "  chứng thư phải ký các gói đến từ các mã này; --ca-file để kiểm tra\n"
	    "  HTTPS của URL.\n"
	    "congso peer list --data DIR\n"
	    "congso peer remove --data DIR SỐ|MÃ\n", stdout);
}

void
exchange_usage(void)
{
	fputs("congso exchange setup --data DIR --key KHÓA --cert CHỨNG_THƯ.pem\n"
	    "                      [--chain TRUNG_GIAN.pem] [--pkcs11-module THƯ_VIỆN]\n"
	    "                      [--require-signature 1|0]\n"
	    "  Đặt khóa ký gói liên thông của hệ thống: KHÓA là đường dẫn tệp PEM\n"
	    "  hoặc URI pkcs11: như 'congso pdf sign' (mã PIN trong URI hoặc biến\n"
	    "  CONGSO_PIN khi chạy). Chỉ lưu tham chiếu tới khóa, không lưu khóa.\n"
	    "  In SHA-256 của chứng thư để bên kia ghim. --require-signature 0\n"
	    "  nhận cả gói không ký (chỉ để đo hiệu năng).\n"
	    "congso exchange export --data DIR --doc SỐ --to MÃ RA.xml\n"
	    "  Ghi ra gói edXML đã gửi cho nơi nhận MÃ của văn bản SỐ.\n"
	    "congso exchange outbox --data DIR [--state queued|failed|sent]\n"
	    "  Liệt kê các gói đi.\n"
	    "congso exchange retry --data DIR SỐ\n"
	    "  Gửi lại một gói đi đã thất bại.\n"
	    "congso exchange import --data DIR GÓI.edxml...\n"
	    "  Nhận các gói edXML nhận được ngoài đường truyền (tệp chép tay,\n"
	    "  thư điện tử): kiểm tra và vào hàng đợi như gói gửi tới\n"
	    "  POST /api/v1/exchange/packages; in kết quả từng gói.\n"
	    "congso exchange send-now --data DIR\n"
	    "  Gửi ngay các gói đi đang chờ thử lại (khi đường truyền đã thông\n"
	    "  lại); số lần gửi được đếm lại từ đầu. Máy chủ đang chạy nhận\n"
	    "  việc trong vòng một giây.\n", stdout);
}

static int
cert_sha256(X509 *x, char hex[65])
{
	unsigned char md[32];
	unsigned int n = 0;

	if (X509_digest(x, EVP_sha256(), md, &n) != 1 || n != 32)
		return -1;
	digest_hex(md, 32, hex);
	return 0;
}

/* The whole of a small text file (malloc'd), or NULL. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0 || n > 1 << 20 ||
	    fseek(f, 0, SEEK_SET) < 0 || (p = malloc((size_t)n + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	if (fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		fclose(f);
		return NULL;
	}
	p[n] = '\0';
	fclose(f);
	return p;
}

static X509 *
read_cert(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;

	BIO_free(b);
	return x;
}

static int
peer_add(int argc, char **argv)
{
	static const char *const opts[] = { "--data", "--match", "--url",
	    "--kind", "--name", "--api-key", "--cert", "--cert-sha256",
	    "--ca-file", NULL };
	struct exchange_peer p;
	struct db *db;
	struct cli c;
	char hex[65];
	const char *bad;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0 ||
	    cli_need(&c, "--data") == NULL || cli_need(&c, "--match") == NULL ||
	    cli_need(&c, "--url") == NULL)
		return 2;
	memset(&p, 0, sizeof(p));
	p.match = cli_get(&c, "--match");
	p.url = cli_get(&c, "--url");
	p.kind = cli_get(&c, "--kind");
	p.name = cli_get(&c, "--name");
	p.api_key = cli_get(&c, "--api-key");
	p.cert_sha256 = cli_get(&c, "--cert-sha256");
	p.ca_file = cli_get(&c, "--ca-file");
	if (cli_get(&c, "--cert")) {
		char *pem = slurp(cli_get(&c, "--cert"));
		X509 *x = pem ? read_cert(pem) : NULL;

		free(pem);
		if (x == NULL || cert_sha256(x, hex) < 0) {
			X509_free(x);
			fprintf(stderr, "congso peer add: không đọc được chứng"
			    " thư %s\n", cli_get(&c, "--cert"));
			return 2;
		}
		X509_free(x);
		p.cert_sha256 = hex;
	}
	if ((bad = exchange_peer_check(&p)) != NULL) {
		fprintf(stderr, "congso peer add: --%s không hợp lệ (match: mã,"
		    " hậu tố như H41 hoặc *; url: http(s)://; kind: direct hoặc"
		    " hub)\n", bad);
		return 2;
	}
	if (data_open(cli_get(&c, "--data")) < 0)
		return 1;
	db = db_thread();
	if (db_begin(db) < 0 || exchange_peer_save(db, &p) < 0 ||
	    audit_record(db, 0, "cli", "", "exchange.peer.save", p.match,
	    p.url) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		fprintf(stderr, "congso peer add: %s\n", db_errmsg(db));
		return 1;
	}
	printf("Đã lưu máy ngang hàng %" PRId64 ": %s → %s\n", p.id, p.match,
	    p.url);
	return 0;
}

static int
peer_list(int argc, char **argv)
{
	static const char *const opts[] = { "--data", NULL };
	struct arena a = ARENA_INIT;
	struct exchange_peer *p;
	struct cli c;
	int n, i;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0 ||
	    cli_need(&c, "--data") == NULL)
		return 2;
	if (data_open(cli_get(&c, "--data")) < 0)
		return 1;
	if ((n = exchange_peers(db_thread(), &a, &p)) < 0)
		return 1;
	for (i = 0; i < n; i++)
		printf("%" PRId64 "\t%s\t%s\t%s\t%s\t%s\n", p[i].id, p[i].match,
		    p[i].kind, p[i].url, p[i].name, p[i].cert_sha256);
	arena_release(&a);
	return 0;
}

static int
peer_remove(int argc, char **argv)
{
	static const char *const opts[] = { "--data", NULL };
	struct db *db;
	struct cli c;
	const char *what;
	char *end;
	int64_t id;
	int rc;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0 ||
	    cli_need(&c, "--data") == NULL)
		return 2;
	if (c.nargs != 1) {
		fprintf(stderr, "congso peer remove: cần SỐ hoặc MÃ\n");
		return 2;
	}
	what = c.args[0];
	id = strtoll(what, &end, 10);
	if (*end != '\0')
		id = 0;
	if (data_open(cli_get(&c, "--data")) < 0)
		return 1;
	db = db_thread();
	if (db_begin(db) < 0)
		return 1;
	rc = exchange_peer_remove(db, id, id ? NULL : what);
	if (rc != 0 || audit_record(db, 0, "cli", "", "exchange.peer.remove",
	    what, "") < 0 || db_commit(db) < 0) {
		db_rollback(db);
		fprintf(stderr, "congso peer remove: %s\n", rc == 1 ?
		    "không có máy ngang hàng này" : db_errmsg(db));
		return 1;
	}
	printf("Đã xóa máy ngang hàng %s\n", what);
	return 0;
}

int
exchange_cli_peer(int argc, char **argv)
{
	if (argc < 2) {
		exchange_usage_peer();
		return 2;
	}
	if (strcmp(argv[1], "add") == 0)
		return peer_add(argc, argv);
	if (strcmp(argv[1], "list") == 0)
		return peer_list(argc, argv);
	if (strcmp(argv[1], "remove") == 0)
		return peer_remove(argc, argv);
	exchange_usage_peer();
	return 2;
}

/* The key signs and the certificate verifies: they belong together. */
static int
key_matches(struct sign_key *k, X509 *x, char *err, size_t errlen)
{
	unsigned char h[32], *sig = NULL;
	size_t siglen = 0;
	EVP_PKEY *pub = X509_get0_pubkey(x);
	EVP_PKEY_CTX *ctx = NULL;
	int ok = 0;

	memset(h, 0x5a, sizeof(h));
	if (sign_key_sign(k, EVP_sha256(), h, sizeof(h), &sig, &siglen, err,
	    errlen) < 0)
		return 0;
	if (pub && (ctx = EVP_PKEY_CTX_new(pub, NULL)) != NULL &&
	    EVP_PKEY_verify_init(ctx) == 1 &&
	    EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) == 1 &&
	    EVP_PKEY_verify(ctx, sig, siglen, h, sizeof(h)) == 1)
		ok = 1;
	else
		snprintf(err, errlen, "khóa không khớp với chứng thư");
	EVP_PKEY_CTX_free(ctx);
	free(sig);
	return ok;
}

static int
setup(int argc, char **argv)
{
	static const char *const opts[] = { "--data", "--key", "--cert",
	    "--chain", "--pkcs11-module", "--require-signature", NULL };
	const char *key, *module, *req;
	char *pem = NULL, *chain = NULL, err[SIGN_ERR_MAX], hex[65];
	struct sign_key *k = NULL;
	struct db *db;
	struct cli c;
	X509 *x = NULL;
	int rc = 1;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0 ||
	    cli_need(&c, "--data") == NULL)
		return 2;
	key = cli_get(&c, "--key");
	module = cli_get(&c, "--pkcs11-module");
	req = cli_get(&c, "--require-signature");
	if (req && strcmp(req, "0") && strcmp(req, "1")) {
		fprintf(stderr, "congso exchange setup: --require-signature là 1"
		    " hoặc 0\n");
		return 2;
	}
	if ((key == NULL) != (cli_get(&c, "--cert") == NULL) ||
	    (key == NULL && req == NULL)) {
		fprintf(stderr, "congso exchange setup: cần --key và --cert\n");
		return 2;
	}
	if (key) {
		if ((pem = slurp(cli_get(&c, "--cert"))) == NULL ||
		    (x = read_cert(pem)) == NULL) {
			fprintf(stderr, "congso exchange setup: không đọc được"
			    " chứng thư %s\n", cli_get(&c, "--cert"));
			rc = 2;
			goto out;
		}
		if (cli_get(&c, "--chain") && (chain = slurp(cli_get(&c,
		    "--chain"))) == NULL) {
			fprintf(stderr, "congso exchange setup: không đọc được"
			    " %s\n", cli_get(&c, "--chain"));
			rc = 2;
			goto out;
		}
		if (sign_cert_check(x, time(NULL), err, sizeof(err)) < 0 ||
		    sign_key_open(key, module, &k, err, sizeof(err)) < 0 ||
		    !key_matches(k, x, err, sizeof(err))) {
			fprintf(stderr, "congso exchange setup: %s\n", err);
			rc = 2;
			goto out;
		}
		cert_sha256(x, hex);
	}
	if (data_open(cli_get(&c, "--data")) < 0)
		goto out;
	db = db_thread();
	if (db_begin(db) < 0)
		goto out;
	if ((key && (db_setting_set(db, "exchange.key", key) < 0 ||
	    db_setting_set(db, "exchange.cert_pem", pem) < 0 ||
	    db_setting_set(db, "exchange.chain_pem", chain) < 0 ||
	    db_setting_set(db, "exchange.pkcs11_module", module) < 0 ||
	    audit_record(db, 0, "cli", "", "exchange.setup", "settings",
	    hex) < 0)) || (req && db_setting_set(db,
	    "exchange.require_signature", req) < 0) || db_commit(db) < 0) {
		db_rollback(db);
		fprintf(stderr, "congso exchange setup: %s\n", db_errmsg(db));
		goto out;
	}
	if (key)
		printf("Đã đặt khóa liên thông; SHA-256 của chứng thư: %s\n", hex);
	if (req)
		printf("Nhận gói không ký: %s\n", strcmp(req, "0") == 0 ? "có" :
		    "không");
	rc = 0;
out:
	if (k)
		sign_key_free(k);
	X509_free(x);
	free(pem);
	free(chain);
	return rc;
}

static int
export(int argc, char **argv)
{
	static const char *const opts[] = { "--data", "--doc", "--to", NULL };
	struct arena a = ARENA_INIT;
	struct exchange_pkg *p;
	char buf[65536];
	const char *to;
	FILE *in = NULL, *out = NULL;
	struct cli c;
	size_t n;
	int64_t doc;
	int np, i, total, rc = 1;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0 ||
	    cli_need(&c, "--data") == NULL || cli_need(&c, "--doc") == NULL ||
	    (to = cli_need(&c, "--to")) == NULL)
		return 2;
	if (c.nargs != 1 || (doc = atoll(cli_get(&c, "--doc"))) <= 0) {
		fprintf(stderr, "congso exchange export: cần --doc SỐ và tệp"
		    " RA.xml\n");
		return 2;
	}
	if (data_open(cli_get(&c, "--data")) < 0)
		return 1;
	if ((np = exchange_pkgs(db_thread(), &a, "out", NULL, doc, 200, 0, &p,
	    &total)) < 0)
		goto out;
	for (i = 0; i < np; i++)
		if (strcmp(p[i].kind, "doc") == 0 && p[i].business == 0 &&
		    strcmp(p[i].to_code, to) == 0)
			break;
	if (i == np) {
		fprintf(stderr, "congso exchange export: văn bản %" PRId64
		    " chưa có gói gửi %s\n", doc, to);
		goto out;
	}
	if ((in = blob_fopen(db_thread(), p[i].sha256)) == NULL ||
	    (out = fopen(c.args[0], "wb")) == NULL) {
		fprintf(stderr, "congso exchange export: không ghi được %s\n",
		    c.args[0]);
		goto out;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			goto out;
	if (fclose(out) != 0) {
		out = NULL;
		goto out;
	}
	out = NULL;
	printf("Đã ghi gói %s (%ld byte) vào %s\n", p[i].sha256, p[i].size,
	    c.args[0]);
	rc = 0;
out:
	if (in)
		fclose(in);
	if (out)
		fclose(out);
	arena_release(&a);
	return rc;
}

static int
outbox(int argc, char **argv)
{
	static const char *const opts[] = { "--data", "--state", NULL };
	struct arena a = ARENA_INIT;
	struct exchange_pkg *p;
	struct cli c;
	int n, i, total;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0 ||
	    cli_need(&c, "--data") == NULL)
		return 2;
	if (data_open(cli_get(&c, "--data")) < 0)
		return 1;
	if ((n = exchange_pkgs(db_thread(), &a, "out", cli_get(&c, "--state"),
	    0, 200, 0, &p, &total)) < 0)
		return 1;
	for (i = 0; i < n; i++)
		printf("%" PRId64 "\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", p[i].id,
		    p[i].kind, p[i].to_code, p[i].notation, p[i].status_code,
		    p[i].state, p[i].attempts, p[i].last_error);
	arena_release(&a);
	return 0;
}

static int
retry(int argc, char **argv)
{
	static const char *const opts[] = { "--data", NULL };
	struct db *db;
	struct cli c;
	int64_t id;
	int rc;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0 ||
	    cli_need(&c, "--data") == NULL)
		return 2;
	if (c.nargs != 1 || (id = atoll(c.args[0])) <= 0) {
		fprintf(stderr, "congso exchange retry: cần SỐ gói\n");
		return 2;
	}
	if (data_open(cli_get(&c, "--data")) < 0)
		return 1;
	db = db_thread();
	if (db_begin(db) < 0)
		return 1;
	if ((rc = exchange_retry(db, id)) != 0 || db_commit(db) < 0) {
		db_rollback(db);
		fprintf(stderr, "congso exchange retry: %s\n", rc == 1 ?
		    "chỉ gửi lại gói đi đã thất bại" : db_errmsg(db));
		return 1;
	}
	printf("Đã đưa gói %" PRId64 " vào hàng đợi gửi\n", id);
	return 0;
}

/* The largest package taken from a file: as the server's limit on a
 * package posted to it (http.c, raw_max). */
#define IMPORT_MAX	((int64_t)256 << 20)

/* Copy the package `src` into the data folder's tmp/ (flushed), whose
 * name into `path`. 0, or -1 with the reason on stderr. */
static int
import_copy(const char *src, char *path, size_t len)
{
	char piece[65536];
	FILE *in, *out = NULL;
	int64_t size = 0;
	size_t n;
	int fd, rc = -1;

	if ((in = fopen(src, "rb")) == NULL) {
		fprintf(stderr, "%s: không đọc được tệp\n", src);
		return -1;
	}
	snprintf(path, len, "%s/tmp/import-XXXXXX", data_dir());
	if ((fd = mkstemp(path)) < 0 || (out = fdopen(fd, "wb")) == NULL) {
		if (fd >= 0)
			close(fd);
		fprintf(stderr, "%s: không tạo được tệp tạm\n", src);
		fclose(in);
		return -1;
	}
	while (size <= IMPORT_MAX &&
	    (n = fread(piece, 1, sizeof(piece), in)) > 0) {
		if (fwrite(piece, 1, n, out) != n)
			break;
		size += (int64_t)n;
	}
	if (size > IMPORT_MAX)
		fprintf(stderr, "%s: gói quá %" PRId64 " MB, giới hạn của một"
		    " gói liên thông\n", src, IMPORT_MAX >> 20);
	else if (!ferror(in) && fflush(out) == 0 && !ferror(out) &&
	    blob_settle(fileno(out), size) == 0)
		rc = 0;
	else
		fprintf(stderr, "%s: không chép được vào thư mục dữ liệu\n",
		    src);
	fclose(out);
	fclose(in);
	if (rc < 0)
		unlink(path);
	return rc;
}

/* `congso exchange import`: packages that came another way (a file
 * carried or mailed) taken exactly as POST /api/v1/exchange/packages
 * takes them. 0 when every one is taken (or was already), 1 otherwise. */
static int
import(int argc, char **argv)
{
	static const char *const opts[] = { "--data", NULL };
	struct exchange_ack ack;
	char path[4096];
	struct cli c;
	int i, bad = 0;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0 ||
	    cli_need(&c, "--data") == NULL)
		return 2;
	if (c.nargs < 1) {
		fprintf(stderr, "congso exchange import: cần ít nhất một tệp"
		    " gói edXML\n");
		return 2;
	}
	if (data_open(cli_get(&c, "--data")) < 0)
		return 1;
	for (i = 0; i < c.nargs; i++) {
		if (import_copy(c.args[i], path, sizeof(path)) < 0) {
			bad++;
			continue;
		}
		exchange_receive(db_thread(), path, NULL, &ack);
		if (path[0] != '\0')
			unlink(path);
		if (ack.status == 200)
			printf("%s: %s (SHA-256 %s)\n", c.args[i],
			    ack.duplicate ? "đã nhận từ trước" : "đã nhận",
			    ack.sha256);
		else {
			fprintf(stderr, "%s: bị từ chối (%d %s): %s\n",
			    c.args[i], ack.status, ack.code ? ack.code : "fail",
			    ack.message);
			bad++;
		}
	}
	return bad ? 1 : 0;
}

static int
send_now(int argc, char **argv)
{
	static const char *const opts[] = { "--data", NULL };
	struct db *db;
	struct cli c;
	int n;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0 ||
	    cli_need(&c, "--data") == NULL)
		return 2;
	if (c.nargs != 0) {
		fprintf(stderr, "congso exchange send-now: không nhận thêm"
		    " đối số\n");
		return 2;
	}
	if (data_open(cli_get(&c, "--data")) < 0)
		return 1;
	db = db_thread();
	if ((n = exchange_send_now_as(db, 0, "cli", "")) < 0) {
		fprintf(stderr, "congso exchange send-now: %s\n",
		    db_errmsg(db));
		return 1;
	}
	printf("Đã đưa %d gói đang chờ vào lượt gửi ngay\n", n);
	return 0;
}

int
exchange_cli(int argc, char **argv)
{
	if (argc < 2) {
		exchange_usage();
		return 2;
	}
	if (strcmp(argv[1], "setup") == 0)
		return setup(argc, argv);
	if (strcmp(argv[1], "export") == 0)
		return export(argc, argv);
	if (strcmp(argv[1], "outbox") == 0)
		return outbox(argc, argv);
	if (strcmp(argv[1], "retry") == 0)
		return retry(argc, argv);
	if (strcmp(argv[1], "send-now") == 0)
		return send_now(argc, argv);
	if (strcmp(argv[1], "import") == 0)
		return import(argc, argv);
	exchange_usage();
	return 2;
}
