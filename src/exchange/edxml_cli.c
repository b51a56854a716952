/*
 * edxml_cli.c - `congso edxml show|verify|sign`: a package's header,
 * trace and attachments as JSON; its signature checked against trusted
 * roots; a package signed with a PEM key or a PKCS#11 token.
 *
 * Exit status: 0 done (verify: intact and trusted), 1 failure (verify:
 * not intact or not trusted), 2 bad usage or not an edXML package.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "core/arena.h"
#include "core/cli.h"
#include "exchange/edxml.h"
#include "sign/sign.h"

void
edxml_usage(void)
{
	fputs("congso edxml show TỆP.edxml\n"
	    "  In tiêu đề gói edXML (QCVN 102:2016) dạng JSON: nơi gửi, nơi\n"
	    "  nhận, số và ký hiệu, trích yếu, vết chuyển (TraceHeader), loại\n"
	    "  nghiệp vụ, tệp đính kèm (tên, kiểu, kích thước, SHA-256); gói\n"
	    "  trạng thái: văn bản được trả lời, mã và mô tả trạng thái.\n"
	    "  Kiểm tra các quy tắc của gói (mã định danh, trích yếu 1..500\n"
	    "  ký tự, không trùng nơi nhận, ...).\n"
	    "congso edxml verify [--trust GỐC.pem]... TỆP.edxml\n"
	    "  Kiểm tra chữ ký số XML-DSig của gói: người ký, nội dung còn\n"
	    "  nguyên vẹn, chứng thư dẫn tới một gốc tin cậy --trust. Thoát 0\n"
	    "  chỉ khi nguyên vẹn và tin cậy, 1 nếu không, 2 nếu không phải\n"
	    "  gói edXML.\n"
	    "congso edxml sign --key KHÓA --cert CHỨNG_THƯ.pem [--chain CHUỖI.pem]\n"
	    "    [--pkcs11-module THƯ_VIỆN] VÀO.edxml RA.edxml\n"
	    "  Ký gói (chữ ký bao toàn bộ gói, SHA-256, RSA hoặc ECDSA, chứng\n"
	    "  thư trong KeyInfo); chữ ký cũ nếu có được thay. KHÓA là tệp khóa\n"
	    "  bí mật PEM hoặc URI PKCS#11 \"pkcs11:token=T;object=K\" kèm\n"
	    "  --pkcs11-module; mã PIN lấy từ pin-value, biến CONGSO_PIN hoặc\n"
	    "  hỏi trên màn hình. Lỗi thì không để lại tệp RA.\n", stdout);
}

/* ---- show --------------------------------------------------------------- */

static json_t *
jstr(const char *s)
{
	json_t *j = s != NULL ? json_string(s) : NULL;

	return j != NULL ? j : json_null();
}

static json_t *
jorgan(const struct edxml_organ *o)
{
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
	    "organ_id", jstr(o->organ_id),
	    "organization_in_charge", jstr(o->organization_in_charge),
	    "organ_name", jstr(o->organ_name), "organ_add", jstr(o->organ_add),
	    "email", jstr(o->email), "telephone", jstr(o->telephone),
	    "fax", jstr(o->fax), "website", jstr(o->website));
}

static json_t *
jresp(const struct edxml_response_for *r)
{
	return json_pack("{s:o,s:o,s:o,s:o}", "organ_id", jstr(r->organ_id),
	    "code", jstr(r->code), "promulgation_date",
	    jstr(r->promulgation_date), "document_id", jstr(r->document_id));
}

static json_t *
jdoc_lists(const struct edxml_doc *d, json_t *o)
{
	json_t *to = json_array(), *tr = json_array(), *pl = json_array(),
	    *at = json_array();
	int i;

	for (i = 0; i < d->nto; i++)
		json_array_append_new(to, jorgan(&d->to[i]));
	for (i = 0; i < d->ntrace; i++)
		json_array_append_new(tr, json_pack("{s:o,s:o}", "organ_id",
		    jstr(d->trace[i].organ_id), "timestamp",
		    jstr(d->trace[i].timestamp)));
	for (i = 0; i < d->nplaces; i++)
		json_array_append_new(pl, jstr(d->places[i]));
	for (i = 0; i < d->natt; i++)
		json_array_append_new(at, json_pack("{s:o,s:o,s:o,s:o,s:I,s:s}",
		    "name", jstr(d->att[i].name), "content_type",
		    jstr(d->att[i].content_type), "content_id",
		    jstr(d->att[i].content_id), "description",
		    jstr(d->att[i].description), "size",
		    (json_int_t)d->att[i].size, "sha256", d->att[i].sha256));
	json_object_set_new(o, "to", to);
	json_object_set_new(o, "places", pl);
	json_object_set_new(o, "trace", tr);
	json_object_set_new(o, "attachments", at);
	return o;
}

static json_t *
jdoc(const struct edxml_doc *d)
{
	json_t *o = json_pack("{s:s,s:o,s:{s:o,s:o},s:{s:o,s:o},s:{s:o,s:o},"
	    "s:o,s:o,s:{s:o,s:o,s:o},s:o,s:{s:o,s:o,s:o,s:o,s:o,s:o},s:o,"
	    "s:o,s:{s:i,s:o}}",
	    "kind", "document", "from", jorgan(&d->from),
	    "code", "number", jstr(d->code_number), "notation",
	    jstr(d->code_notation),
	    "promulgation", "place", jstr(d->place), "date",
	    jstr(d->promulgation_date),
	    "document_type", "type", jstr(d->type), "name",
	    jstr(d->type_name),
	    "subject", jstr(d->subject), "content", jstr(d->content),
	    "signer", "competence", jstr(d->signer_competence), "position",
	    jstr(d->signer_position), "full_name", jstr(d->signer_full_name),
	    "due_date", jstr(d->due_date),
	    "other", "priority", jstr(d->priority), "sphere",
	    jstr(d->sphere), "typer_notation", jstr(d->typer_notation),
	    "promulgation_amount", jstr(d->promulgation_amount),
	    "page_amount", jstr(d->page_amount), "appendixes",
	    jstr(d->appendixes),
	    "steering_type", jstr(d->steering_type),
	    "document_id", jstr(d->document_id),
	    "business", "type", d->business, "info", jstr(d->business_info));

	if (o == NULL)
		return NULL;
	json_object_set_new(o, "response_for", d->has_response_for ?
	    jresp(&d->response_for) : json_null());
	return jdoc_lists(d, o);
}

static json_t *
jstatus(const struct edxml_status *s)
{
	return json_pack("{s:s,s:o,s:o,s:o,s:s,s:o,s:o,s:{s:o,s:o,s:o,s:o}}",
	    "kind", "status", "response_for", jresp(&s->response_for),
	    "from", jorgan(&s->from), "status_code", jstr(s->status_code),
	    "status_label", edxml_status_label(s->status_code),
	    "description", jstr(s->description),
	    "timestamp", jstr(s->timestamp),
	    "staff", "department", jstr(s->staff_department), "staff",
	    jstr(s->staff), "mobile", jstr(s->staff_mobile), "email",
	    jstr(s->staff_email));
}

static int
cli_show(int argc, char **argv)
{
	struct arena a = ARENA_INIT;
	struct edxml_pkg *pkg;
	char err[EDXML_ERR_MAX];
	json_t *o;
	struct cli c;
	int rc = 0;

	if (cli_parse(&c, argc, argv, 2, NULL, NULL) < 0)
		return 2;
	if (c.nargs != 1) {
		fprintf(stderr, "congso edxml show: cần đúng một tệp edXML\n");
		return 2;
	}
	if ((pkg = calloc(1, sizeof(*pkg))) == NULL)
		return 1;
	if (edxml_read(c.args[0], &a, NULL, pkg, err, sizeof(err)) < 0) {
		fprintf(stderr, "congso edxml show: %s: %s\n", c.args[0], err);
		rc = 2;
		goto out;
	}
	o = pkg->kind == EDXML_KIND_DOC ? jdoc(&pkg->doc) :
	    jstatus(&pkg->status);
	if (o == NULL) {
		rc = 1;
		goto out;
	}
	json_object_set_new(o, "signed", json_boolean(pkg->signed_));
	json_dumpf(o, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(o);
out:
	free(pkg);
	arena_release(&a);
	return rc;
}

/* ---- verify ------------------------------------------------------------- */

static int
cli_verify(int argc, char **argv)
{
	static const char *const opts[] = { "--trust", NULL };
	const char *trust[CLI_MAX + 1];
	struct edxml_sigcheck r;
	char err[EDXML_ERR_MAX];
	X509_STORE *store;
	struct cli c;
	int k, nt = 0;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0)
		return 2;
	if (c.nargs != 1) {
		fprintf(stderr, "congso edxml verify: cần đúng một tệp"
		    " edXML\n");
		return 2;
	}
	for (k = 0; k < c.nopts; k++)
		if (strcmp(c.names[k], "--trust") == 0)
			trust[nt++] = c.values[k];
	trust[nt] = NULL;
	if ((store = sign_trust_store(NULL, trust, err, sizeof(err))) == NULL) {
		fprintf(stderr, "congso edxml verify: %s\n", err);
		return 2;
	}
	k = edxml_verify(c.args[0], store, &r, err, sizeof(err));
	X509_STORE_free(store);
	if (k < 0) {
		fprintf(stderr, "congso edxml verify: %s: %s\n", c.args[0], err);
		return 2;
	}
	printf("%s: %s | người ký: %s | %s | %s%s%s\n", c.args[0],
	    r.intact && r.trusted ? "HỢP LỆ" : "KHÔNG HỢP LỆ",
	    r.signer[0] ? r.signer : "?",
	    r.intact ? "nguyên vẹn" : "KHÔNG nguyên vẹn",
	    r.trusted ? "tin cậy" : "KHÔNG tin cậy",
	    r.reason[0] ? " | " : "", r.reason);
	X509_free(r.cert);
	return r.intact && r.trusted ? 0 : 1;
}

/* ---- sign --------------------------------------------------------------- */

/* The certificates of a PEM file: the first into `*cert`, the others
 * pushed onto `*chain` (made when needed). 0 or -1. */
static int
read_pem(const char *path, X509 **cert, STACK_OF(X509) **chain)
{
	FILE *f = fopen(path, "r");
	X509 *x;

	if (f == NULL)
		return -1;
	while ((x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL) {
		if (cert != NULL && *cert == NULL) {
			*cert = x;
			continue;
		}
		if ((*chain == NULL && (*chain = sk_X509_new_null()) == NULL) ||
		    !sk_X509_push(*chain, x)) {
			X509_free(x);
			fclose(f);
			return -1;
		}
	}
	ERR_clear_error();
	fclose(f);
	return 0;
}

static int
cli_sign(int argc, char **argv)
{
	static const char *const opts[] = { "--key", "--cert", "--chain",
	    "--pkcs11-module", NULL };
	struct edxml_signer sg = { NULL, NULL, NULL };
	char err[EDXML_ERR_MAX];
	const char *key, *cert, *chain;
	struct cli c;
	int rc = 1;

	if (cli_parse(&c, argc, argv, 2, opts, NULL) < 0)
		return 2;
	if (c.nargs != 2) {
		fprintf(stderr, "congso edxml sign: cần VÀO.edxml và RA.edxml;"
		    " xem 'congso help edxml'\n");
		return 2;
	}
	if ((key = cli_need(&c, "--key")) == NULL ||
	    (cert = cli_need(&c, "--cert")) == NULL)
		return 2;
	if (strcmp(c.args[0], c.args[1]) == 0) {
		fprintf(stderr, "congso edxml sign: tệp ra phải khác tệp"
		    " vào\n");
		return 2;
	}
	chain = cli_get(&c, "--chain");
	if (read_pem(cert, &sg.cert, &sg.chain) < 0 || sg.cert == NULL) {
		fprintf(stderr, "congso edxml sign: không đọc được chứng thư"
		    " %s (cần tệp PEM)\n", cert);
		goto out;
	}
	if (chain != NULL && read_pem(chain, NULL, &sg.chain) < 0) {
		fprintf(stderr, "congso edxml sign: không đọc được chuỗi"
		    " chứng thư %s\n", chain);
		goto out;
	}
	if (sign_key_open(key, cli_get(&c, "--pkcs11-module"), &sg.key, err,
	    sizeof(err)) < 0 ||
	    edxml_sign_file(c.args[0], c.args[1], &sg, err, sizeof(err)) < 0) {
		fprintf(stderr, "congso edxml sign: %s\n", err);
		goto out;
	}
	printf("đã ký: %s\n", c.args[1]);
	rc = 0;
out:
	if (sg.key != NULL)
		sign_key_free(sg.key);
	X509_free(sg.cert);
	sk_X509_pop_free(sg.chain, X509_free);
	return rc;
}

int
edxml_cli(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			sub = "help";
	if (sub == NULL || strcmp(sub, "help") == 0) {
		edxml_usage();
		return sub == NULL ? 2 : 0;
	}
	if (strcmp(sub, "show") == 0)
		return cli_show(argc, argv);
	if (strcmp(sub, "verify") == 0)
		return cli_verify(argc, argv);
	if (strcmp(sub, "sign") == 0)
		return cli_sign(argc, argv);
	fprintf(stderr, "congso edxml: không có lệnh con %s; xem 'congso help"
	    " edxml'\n", sub);
	return 2;
}
