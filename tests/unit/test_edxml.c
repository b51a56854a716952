/* test_edxml.c - edXML packages (src/exchange/edxml_*.c): the rules of
 * QCVN 102, document ids and timestamps, write -> read round trips with
 * attachments, the streaming canonical form against libxml2's own C14N,
 * sign -> verify with RSA and ECDSA keys, tampering, status packages and
 * the samples of tests/data/edxml. Run from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "core/buf.h"
#include "exchange/edxml.h"
#include "exchange/edxml_int.h"
#include "sign/sign.h"

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test-edxml-XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *
path_in(const char *name)
{
	static char p[8][128];
	static int k;

	k = (k + 1) % 8;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static void
put_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static char *
get_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = malloc(1 << 20);
	size_t n;

	assert_non_null(f);
	n = fread(p, 1, (1 << 20) - 1, f);
	fclose(f);
	p[n] = '\0';
	if (len != NULL)
		*len = n;
	return p;
}

/* A minimal valid document: one sender, one receiver. */
static void
fill_doc(struct edxml_doc *d)
{
	memset(d, 0, sizeof(*d));
	d->from.organ_id = "000.00.00.H55";
	d->from.organ_name = "UBND tỉnh Thái Nguyên";
	d->to[0].organ_id = "000.00.00.G22";
	d->to[0].organ_name = "Văn phòng Chính phủ";
	d->nto = 1;
	d->code_number = "12";
	d->code_notation = "QĐ-UBND";
	d->subject = "Quyết định về việc phê duyệt kế hoạch";
	d->document_id = "000.00.00.H55,2026/11/22,12/QĐ-UBND";
	d->trace[0].organ_id = "000.00.00.H55";
	d->trace[0].timestamp = "2026/11/22 09:00:00";
	d->ntrace = 1;
}

/* ---- rules ---------------------------------------------------------- */

static void
test_status_codes_are_known_with_labels(void **state)
{
	(void)state;
	assert_true(edxml_status_known("01"));
	assert_true(edxml_status_known("16"));
	assert_false(edxml_status_known("07"));
	assert_false(edxml_status_known(NULL));
	assert_string_equal(edxml_status_label("03"), "Đã tiếp nhận (vào sổ)");
	assert_string_equal(edxml_status_label("99"), "Không rõ");
}

static void
test_document_id_joins_sender_date_number_notation(void **state)
{
	char id[128];

	(void)state;
	assert_int_equal(edxml_document_id(id, sizeof(id), "000.00.00.G22",
	    "2018/09/20", "7816", "VPCP-TTĐT"), 0);
	assert_string_equal(id, "000.00.00.G22,2018/09/20,7816/VPCP-TTĐT");
	assert_int_equal(edxml_document_id(id, sizeof(id), "a,b",
	    "2018/09/20", "1", "X"), -1);
	assert_int_equal(edxml_document_id(id, sizeof(id), "H55",
	    "20/09/2018", "1", "X"), -1);
	assert_int_equal(edxml_document_id(id, 10, "000.00.00.G22",
	    "2018/09/20", "7816", "VPCP"), -1);
}

static void
test_timestamp_is_utc_plus_7(void **state)
{
	char ts[20];

	(void)state;
	edxml_timestamp(ts, 0);
	assert_string_equal(ts, "1970/01/01 07:00:00");
	edxml_timestamp(ts, 1795366800);	/* 2026-11-22 17:00:00 UTC */
	assert_string_equal(ts, "2026/11/23 00:00:00");
}

static void
test_subject_counts_characters_not_bytes(void **state)
{
	struct edxml_doc d;
	char err[EDXML_ERR_MAX], s[2048];
	int i;

	(void)state;
	fill_doc(&d);
	s[0] = '\0';
	for (i = 0; i < 500; i++)
		strcat(s, "ệ");		/* 3 bytes each */
	d.subject = s;
	assert_int_equal(edxml_check_doc(&d, err, sizeof(err)), 0);
	strcat(s, "a");
	assert_int_equal(edxml_check_doc(&d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "501"));
	d.subject = "";
	assert_int_equal(edxml_check_doc(&d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "Subject"));
	d.subject = "\xff\xfe";
	assert_int_equal(edxml_check_doc(&d, err, sizeof(err)), -1);
}

static void
test_rules_of_a_document(void **state)
{
	struct edxml_doc d;
	char err[EDXML_ERR_MAX];

	(void)state;
	fill_doc(&d);
	d.to[1].organ_id = "000.00.00.g22";
	d.nto = 2;
	assert_int_equal(edxml_check_doc(&d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "hai lần"));
	fill_doc(&d);
	d.nto = 0;
	assert_int_equal(edxml_check_doc(&d, err, sizeof(err)), -1);
	fill_doc(&d);
	d.from.organ_id = "có dấu cách";
	assert_int_equal(edxml_check_doc(&d, err, sizeof(err)), -1);
	fill_doc(&d);
	d.business = 4;
	assert_int_equal(edxml_check_doc(&d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "BussinessDocType"));
	fill_doc(&d);
	d.document_id = NULL;
	assert_int_equal(edxml_check_doc(&d, err, sizeof(err)), -1);
	fill_doc(&d);
	d.refs[0] = "x1";
	d.nrefs = 1;
	assert_int_equal(edxml_check_doc(&d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "x1"));
	d.att[0].content_id = "cid:x1";
	d.natt = 1;
	assert_int_equal(edxml_check_doc(&d, err, sizeof(err)), 0);
}

static void
test_rules_of_a_status(void **state)
{
	struct edxml_status s;
	char err[EDXML_ERR_MAX];

	(void)state;
	memset(&s, 0, sizeof(s));
	s.from.organ_id = "000.00.00.G22";
	s.response_for.document_id = "000.00.00.H55,2026/11/22,12/QĐ-UBND";
	s.status_code = "03";
	s.timestamp = "2026/11/22 10:00:00";
	assert_int_equal(edxml_check_status(&s, err, sizeof(err)), 0);
	s.status_code = "07";
	assert_int_equal(edxml_check_status(&s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "07"));
	s.status_code = "03";
	s.response_for.document_id = NULL;
	assert_int_equal(edxml_check_status(&s, err, sizeof(err)), -1);
}

/* ---- write and read -------------------------------------------------- */

static void
test_document_round_trip_with_attachments(void **state)
{
	struct edxml_doc d;
	struct edxml_pkg *p = calloc(1, sizeof(*p));
	struct arena a = ARENA_INIT;
	char err[EDXML_ERR_MAX], *back, big[200000];
	size_t n, i;

	(void)state;
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + i / 300);
	put_file(path_in("a.pdf"), big, sizeof(big));
	put_file(path_in("b.txt"), "Tệp & <đính> kèm\n",
	    strlen("Tệp & <đính> kèm\n"));
	fill_doc(&d);
	d.content = "Nội dung \"trích\" <b>";
	d.places[0] = "Nơi nhận 1";
	d.nplaces = 1;
	d.business = EDXML_UPDATE;
	d.business_info = "Sửa trích yếu";
	d.att[0].name = "quyết định.pdf";
	d.att[0].content_type = "application/pdf";
	d.att[0].path = path_in("a.pdf");
	d.att[1].name = "b.txt";
	d.att[1].content_type = "text/plain";
	d.att[1].content_id = "cid:b-1";
	d.att[1].path = path_in("b.txt");
	d.natt = 2;
	assert_int_equal(edxml_write_doc(path_in("d.edxml"), &d, NULL, 0, err,
	    sizeof(err)), 0);
	mkdir(path_in("out"), 0700);
	assert_int_equal(edxml_read(path_in("d.edxml"), &a, path_in("out"), p,
	    err, sizeof(err)), 0);
	assert_int_equal(p->kind, EDXML_KIND_DOC);
	assert_string_equal(p->doc.subject, d.subject);
	assert_string_equal(p->doc.content, d.content);
	assert_string_equal(p->doc.code_notation, "QĐ-UBND");
	assert_string_equal(p->doc.to[0].organ_id, "000.00.00.G22");
	assert_string_equal(p->doc.trace[0].timestamp, "2026/11/22 09:00:00");
	assert_int_equal(p->doc.business, EDXML_UPDATE);
	assert_string_equal(p->doc.business_info, "Sửa trích yếu");
	assert_string_equal(p->doc.places[0], "Nơi nhận 1");
	assert_int_equal(p->doc.natt, 2);
	assert_int_equal(p->doc.nrefs, 2);
	assert_string_equal(p->doc.att[0].name, "quyết định.pdf");
	assert_int_equal(p->doc.att[0].size, sizeof(big));
	back = get_file(p->doc.att[0].path, &n);
	assert_int_equal(n, sizeof(big));
	assert_memory_equal(back, big, n);
	free(back);
	assert_string_equal(p->doc.att[1].content_id, "b-1");
	back = get_file(p->doc.att[1].path, &n);
	assert_string_equal(back, "Tệp & <đính> kèm\n");
	free(back);
	assert_false(p->signed_);
	/* The same into memory: the same bytes and hashes, no file. */
	{
		struct edxml_pkg *m = calloc(1, sizeof(*m));

		assert_int_equal(edxml_read(path_in("d.edxml"), &a,
		    EDXML_IN_MEMORY, m, err, sizeof(err)), 0);
		assert_int_equal(m->doc.natt, 2);
		assert_null(m->doc.att[0].path);
		assert_int_equal(m->doc.att[0].size, sizeof(big));
		assert_memory_equal(m->doc.att[0].data, big, sizeof(big));
		assert_string_equal(m->doc.att[0].sha256,
		    p->doc.att[0].sha256);
		assert_int_equal(m->doc.att[1].size,
		    strlen("Tệp & <đính> kèm\n"));
		assert_memory_equal(m->doc.att[1].data, "Tệp & <đính> kèm\n",
		    m->doc.att[1].size);
		free(m);
	}
	arena_release(&a);
	free(p);
}

static void
test_status_round_trip(void **state)
{
	struct edxml_status s;
	struct edxml_pkg *p = calloc(1, sizeof(*p));
	struct arena a = ARENA_INIT;
	char err[EDXML_ERR_MAX], *text;
	size_t n;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.from.organ_id = "000.00.00.G22";
	s.response_for.organ_id = "000.00.00.H55";
	s.response_for.code = "12/QĐ-UBND";
	s.response_for.document_id = "000.00.00.H55,2026/11/22,12/QĐ-UBND";
	s.status_code = EDXML_ST_ACCEPTED;
	s.description = "Đã vào sổ";
	s.timestamp = "2026/11/22 10:00:00";
	s.staff = "Lê Văn Cường";
	assert_int_equal(edxml_write_status(path_in("s.edxml"), &s, NULL, 0, err,
	    sizeof(err)), 0);
	text = get_file(path_in("s.edxml"), &n);
	assert_int_equal(edxml_read_mem(text, n, &a, p, err, sizeof(err)), 0);
	free(text);
	assert_int_equal(p->kind, EDXML_KIND_STATUS);
	assert_string_equal(p->status.status_code, "03");
	assert_string_equal(p->status.staff, "Lê Văn Cường");
	assert_string_equal(p->status.response_for.code, "12/QĐ-UBND");
	s.status_code = "42";
	assert_int_equal(edxml_write_status(path_in("s2.edxml"), &s, NULL, 0, err,
	    sizeof(err)), -1);
	assert_int_equal(access(path_in("s2.edxml"), F_OK), -1);
	arena_release(&a);
	free(p);
}

static void
test_bad_input_is_refused(void **state)
{
	static const char *bad[] = {
		"not xml at all",
		"<other/>",
		"<edXML xmlns=\"" EDXML_NS "\"><x/></edXML>",
		"<!DOCTYPE edXML [<!ENTITY e \"x\">]><edXML>&e;</edXML>",
		"<edXML><edXMLEnvelope><edXMLHeader><MessageHeader><From>"
		"<OrganId>H55</OrganId></From><To><OrganId>G22</OrganId></To>"
		"<DocumentId>x</DocumentId></MessageHeader></edXMLHeader>"
		"</edXMLEnvelope></edXML>",
	};
	struct edxml_pkg *p = calloc(1, sizeof(*p));
	struct arena a = ARENA_INIT;
	char err[EDXML_ERR_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(edxml_read_mem(bad[i], strlen(bad[i]), &a, p,
		    err, sizeof(err)), -1);
		assert_true(err[0] != '\0');
	}
	arena_release(&a);
	free(p);
}

static void
test_a_refused_package_leaves_no_file(void **state)
{
	struct edxml_sigcheck r;
	struct edxml_pkg *p = calloc(1, sizeof(*p));
	struct arena a = ARENA_INIT;
	char err[EDXML_ERR_MAX], cmd[160];
	size_t n;
	char *text = get_file("tests/data/edxml/sdk_document.edxml", &n);
	char *at = strstr(text, "000.00.12.H55");

	(void)state;
	memcpy(at, "000.00.00.G22", 13);	/* a receiver twice */
	put_file(path_in("dup.edxml"), text, n);
	free(text);
	mkdir(path_in("in"), 0700);
	assert_int_equal(edxml_read(path_in("dup.edxml"), &a, path_in("in"), p,
	    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "hai lần"));
	snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A %s)\"", path_in("in"));
	assert_int_equal(system(cmd), 0);
	/* The same through the one parse with the signature's check: the
	 * reader's rules (-2), not "not a package". */
	assert_int_equal(edxml_verify_read(path_in("dup.edxml"), NULL, &r,
	    &a, path_in("in"), p, err, sizeof(err)), -2);
	assert_non_null(strstr(err, "hai lần"));
	/* The signature's verdict is given all the same. */
	assert_false(r.present);
	assert_non_null(strstr(r.reason, "không có chữ ký"));
	assert_int_equal(system(cmd), 0);
	put_file(path_in("junk2"), "<a>", 3);
	assert_int_equal(edxml_verify_read(path_in("junk2"), NULL, &r,
	    &a, path_in("in"), p, err, sizeof(err)), -1);
	arena_release(&a);
	free(p);
}

static void
test_samples_of_other_systems_are_read(void **state)
{
	struct edxml_pkg *p = calloc(1, sizeof(*p));
	struct arena a = ARENA_INIT;
	char err[EDXML_ERR_MAX];

	(void)state;
	assert_int_equal(edxml_read("tests/data/edxml/sdk_document.edxml", &a,
	    NULL, p, err, sizeof(err)), 0);
	assert_string_equal(p->doc.from.organ_id, "000.00.00.H55");
	assert_int_equal(p->doc.nto, 2);
	assert_string_equal(p->doc.signer_full_name, "Nguyễn Văn An");
	assert_string_equal(p->doc.att[0].name, "125-UBND-VP.txt");
	assert_int_equal(p->doc.att[0].size, 27);
	assert_int_equal(edxml_read("tests/data/edxml/plain_document.edxml",
	    &a, NULL, p, err, sizeof(err)), 0);
	assert_string_equal(p->doc.code_number, "7");
	assert_int_equal(p->doc.business, EDXML_UPDATE);
	assert_int_equal(p->doc.att[0].size, 102);
	assert_int_equal(edxml_read("tests/data/edxml/sdk_status.edxml", &a,
	    NULL, p, err, sizeof(err)), 0);
	assert_int_equal(p->kind, EDXML_KIND_STATUS);
	assert_string_equal(p->status.status_code, "03");
	assert_string_equal(p->status.from.organ_id, "000.00.00.G22");
	arena_release(&a);
	free(p);
}

/* ---- the canonical form against libxml2's C14N ----------------------- */

struct glue {
	struct edxml_px	 px;
	struct c14n	 c;
};

static void
g_start(void *ud, const xmlChar *l, const xmlChar *p, const xmlChar *u,
    int nns, const xmlChar **ns, int na, int nd, const xmlChar **at)
{
	struct glue *g = ud;

	(void)u;
	(void)nd;
	c14n_start(&g->c, 1, l, p, nns, ns, na, at);
}

static void
g_end(void *ud, const xmlChar *l, const xmlChar *p, const xmlChar *u)
{
	struct glue *g = ud;

	(void)u;
	c14n_end(&g->c, 1, l, p);
}

static void
g_text(void *ud, const xmlChar *ch, int len)
{
	struct glue *g = ud;

	c14n_text(&g->c, (const char *)ch, (size_t)len);
}

static void
g_pi(void *ud, const xmlChar *t, const xmlChar *d)
{
	struct glue *g = ud;

	c14n_pi(&g->c, t, d);
}

static int
g_sink(void *ctx, const char *p, size_t n)
{
	return buf_add(ctx, p, n);
}

static void
c14n_against_libxml2(int exclusive)
{
	static const char *docs[] = {
		"<?xml version=\"1.0\"?>\n<?pi  data ?>\n<!-- c -->\n"
		"<a xmlns=\"urn:d\" xmlns:z=\"urn:z\" z:b=\"1\" a=\"x&amp;&lt;"
		"&#9;&#10;&#13;&quot;'>\"><b xmlns:z=\"urn:z\" xmlns:y=\"urn:y\""
		"><![CDATA[<&>]]>t&#13;\r\n</b><c xmlns=\"\"/><d/></a>\n<?e?>",
		"<r xmlns:b=\"urn:b\" xmlns:a=\"urn:a\" b:x=\"2\" a:x=\"1\" x=\"0\""
		" xml:lang=\"vi\"><s xmlns=\"urn:s\"><t xmlns=\"urn:s\">é</t>"
		"</s></r>",
		"<p:r xmlns:p=\"urn:p\" xmlns:q=\"urn:q\" xmlns=\"urn:d\">"
		"<q:s><t q:a=\"1\"><u xmlns=\"\"/></t></q:s><p:v xmlns:p="
		"\"urn:p2\"/><w/></p:r>",
	};
	size_t i;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct buf out = BUF_INIT;
		struct glue g;
		xmlSAXHandler sax;
		xmlChar *ref = NULL;
		xmlDocPtr doc;
		char err[EDXML_ERR_MAX];
		int n;

		memset(&g, 0, sizeof(g));
		c14n_init(&g.c, g_sink, &out);
		g.c.exclusive = exclusive;
		memset(&sax, 0, sizeof(sax));
		sax.startElementNs = g_start;
		sax.endElementNs = g_end;
		sax.characters = g_text;
		sax.processingInstruction = g_pi;
		assert_int_equal(edxml_parse_mem(docs[i], strlen(docs[i]), &sax,
		    &g.px, err, sizeof(err)), 0);
		assert_int_equal(c14n_flush(&g.c), 0);
		doc = xmlReadMemory(docs[i], (int)strlen(docs[i]), NULL, NULL,
		    0);
		assert_non_null(doc);
		n = xmlC14NDocDumpMemory(doc, NULL, exclusive ?
		    XML_C14N_EXCLUSIVE_1_0 : XML_C14N_1_0, NULL, 0, &ref);
		assert_true(n > 0);
		assert_int_equal(out.len, (size_t)n);
		assert_memory_equal(out.data, ref, (size_t)n);
		xmlFree(ref);
		xmlFreeDoc(doc);
		c14n_release(&g.c);
		buf_release(&out);
	}
}

static void
test_streaming_c14n_equals_libxml2(void **state)
{
	(void)state;
	c14n_against_libxml2(0);
}

static void
test_streaming_exclusive_c14n_equals_libxml2(void **state)
{
	(void)state;
	c14n_against_libxml2(1);
}

/* ---- signing ---------------------------------------------------------- */

/* A self-signed signing certificate for `k`, the key saved as PEM. */
static X509 *
make_cert(EVP_PKEY *k, const char *keyfile)
{
	X509 *x = X509_new();
	X509_NAME *n;
	X509V3_CTX ctx;
	X509_EXTENSION *e;
	FILE *f;

	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	X509_set_pubkey(x, k);
	n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
	    (const unsigned char *)"Người ký thử", -1, -1, 0);
	X509_set_issuer_name(x, n);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &ctx, NID_key_usage,
	    "critical,digitalSignature,nonRepudiation,keyCertSign");
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	e = X509V3_EXT_conf_nid(NULL, &ctx, NID_basic_constraints,
	    "critical,CA:TRUE");
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	assert_true(X509_sign(x, k, EVP_sha256()) > 0);
	f = fopen(keyfile, "w");
	assert_non_null(f);
	PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
	fclose(f);
	return x;
}

/* Flip the byte after the first `needle` in the file. */
static void
tamper(const char *src, const char *dst, const char *needle)
{
	size_t n;
	char *p = get_file(src, &n), *at = strstr(p, needle);

	assert_non_null(at);
	at[strlen(needle)] ^= 1;
	put_file(dst, p, n);
	free(p);
}

static void
sign_and_verify(EVP_PKEY *k)
{
	struct edxml_signer sg = { NULL, NULL, NULL };
	struct edxml_sigcheck r;
	struct edxml_doc d;
	struct edxml_pkg *pkg = calloc(1, sizeof(*pkg));
	struct arena a = ARENA_INIT;
	X509_STORE *store = X509_STORE_new(), *other;
	char err[EDXML_ERR_MAX];

	assert_non_null(pkg);
	sg.cert = make_cert(k, path_in("k.pem"));
	assert_int_equal(sign_key_open(path_in("k.pem"), NULL, &sg.key, err,
	    sizeof(err)), 0);
	put_file(path_in("att.bin"), "0123456789abcdef", 16);
	fill_doc(&d);
	d.att[0].name = "att.bin";
	d.att[0].path = path_in("att.bin");
	d.natt = 1;
	assert_int_equal(edxml_write_doc(path_in("sig.edxml"), &d, &sg, 0, err,
	    sizeof(err)), 0);
	X509_STORE_add_cert(store, sg.cert);
	assert_int_equal(edxml_verify(path_in("sig.edxml"), store, &r, err,
	    sizeof(err)), 0);
	assert_true(r.present);
	assert_true(r.intact);
	assert_true(r.trusted);
	assert_string_equal(r.signer, "Người ký thử");
	X509_free(r.cert);
	assert_int_equal(edxml_verify(path_in("sig.edxml"), NULL, &r, err,
	    sizeof(err)), 0);
	assert_true(r.intact);
	assert_false(r.trusted);
	X509_free(r.cert);
	/* A chain found trusted is remembered for its store only: again
	 * trusted with the same store, not with another that lacks the
	 * root. */
	assert_int_equal(edxml_verify(path_in("sig.edxml"), store, &r, err,
	    sizeof(err)), 0);
	assert_true(r.trusted);
	X509_free(r.cert);
	other = X509_STORE_new();
	assert_int_equal(edxml_verify(path_in("sig.edxml"), other, &r, err,
	    sizeof(err)), 0);
	assert_true(r.intact);
	assert_false(r.trusted);
	assert_non_null(strstr(r.reason, "gốc tin cậy"));
	X509_free(r.cert);
	X509_STORE_free(other);
	/* One parse for both: the same verdict, and the package read. */
	assert_int_equal(edxml_verify_read(path_in("sig.edxml"), store, &r,
	    &a, EDXML_IN_MEMORY, pkg, err, sizeof(err)), 0);
	assert_true(r.present && r.intact && r.trusted);
	assert_string_equal(r.signer, "Người ký thử");
	X509_free(r.cert);
	assert_int_equal(pkg->kind, EDXML_KIND_DOC);
	assert_string_equal(pkg->doc.subject, d.subject);
	assert_int_equal(pkg->doc.natt, 1);
	assert_int_equal(pkg->doc.att[0].size, 16);
	assert_memory_equal(pkg->doc.att[0].data, "0123456789abcdef", 16);
	tamper(path_in("sig.edxml"), path_in("t1.edxml"), "<edXML:Subject>");
	assert_int_equal(edxml_verify(path_in("t1.edxml"), store, &r, err,
	    sizeof(err)), 0);
	assert_false(r.intact);
	assert_int_equal(edxml_verify_read(path_in("t1.edxml"), store, &r,
	    &a, EDXML_IN_MEMORY, pkg, err, sizeof(err)), 0);
	assert_true(r.present && !r.intact);
	X509_free(r.cert);
	tamper(path_in("sig.edxml"), path_in("t2.edxml"),
	    "<ContentTransferEncoded>\n");
	assert_int_equal(edxml_verify(path_in("t2.edxml"), store, &r, err,
	    sizeof(err)), 0);
	assert_false(r.intact);
	tamper(path_in("sig.edxml"), path_in("t3.edxml"), "<SignatureValue>");
	assert_int_equal(edxml_verify(path_in("t3.edxml"), store, &r, err,
	    sizeof(err)), 0);
	assert_false(r.intact);
	/* Re-signing replaces the signature: still one, still valid. */
	assert_int_equal(edxml_sign_file(path_in("sig.edxml"),
	    path_in("re.edxml"), &sg, err, sizeof(err)), 0);
	assert_int_equal(edxml_verify(path_in("re.edxml"), store, &r, err,
	    sizeof(err)), 0);
	assert_true(r.intact && r.trusted);
	X509_free(r.cert);
	X509_STORE_free(store);
	sign_key_free(sg.key);
	X509_free(sg.cert);
	arena_release(&a);
	free(pkg);
}

static void
test_sign_verify_rsa(void **state)
{
	EVP_PKEY *k = EVP_RSA_gen(2048);

	(void)state;
	sign_and_verify(k);
	EVP_PKEY_free(k);
}

static void
test_sign_verify_ecdsa(void **state)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");

	(void)state;
	sign_and_verify(k);
	EVP_PKEY_free(k);
}

static void
test_unsigned_package_has_no_signature(void **state)
{
	struct edxml_sigcheck r;
	char err[EDXML_ERR_MAX];

	(void)state;
	assert_int_equal(edxml_verify("tests/data/edxml/sdk_status.edxml",
	    NULL, &r, err, sizeof(err)), 0);
	assert_false(r.present);
	assert_false(r.intact);
	put_file(path_in("junk"), "junk", 4);
	assert_int_equal(edxml_verify(path_in("junk"), NULL, &r, err,
	    sizeof(err)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_codes_are_known_with_labels),
		cmocka_unit_test(test_document_id_joins_sender_date_number_notation),
		cmocka_unit_test(test_timestamp_is_utc_plus_7),
		cmocka_unit_test(test_subject_counts_characters_not_bytes),
		cmocka_unit_test(test_rules_of_a_document),
		cmocka_unit_test(test_rules_of_a_status),
		cmocka_unit_test(test_document_round_trip_with_attachments),
		cmocka_unit_test(test_status_round_trip),
		cmocka_unit_test(test_bad_input_is_refused),
		cmocka_unit_test(test_a_refused_package_leaves_no_file),
		cmocka_unit_test(test_samples_of_other_systems_are_read),
		cmocka_unit_test(test_streaming_c14n_equals_libxml2),
		cmocka_unit_test(test_streaming_exclusive_c14n_equals_libxml2),
		cmocka_unit_test(test_sign_verify_rsa),
		cmocka_unit_test(test_sign_verify_ecdsa),
		cmocka_unit_test(test_unsigned_package_has_no_signature),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
