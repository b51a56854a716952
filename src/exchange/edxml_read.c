/*
 * edxml_read.c - reading a document or status package as it streams
 * (SAX2): header fields into the arena, each attachment's base64 decoded
 * into a new file (and hashed) piece by piece. Elements are matched by
 * local name without regard to case, in the QCVN 102 namespace or none
 * (the public SDK samples write both, with or without the edXML:
 * prefix); their order does not matter and unknown elements are skipped.
 */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "core/base64.h"
#include "core/digest.h"
#include "exchange/edxml_int.h"

#define FIELD_MAX	(16 * 1024)	/* bytes of one header field */
#define DEC_CHUNK	49152

struct rd {
	struct edxml_px	 px;		/* first: the parser's user data */
	struct arena	*a;
	struct edxml_pkg *pkg;
	const char	*dir;
	const char	*names[EDXML_DEPTH_MAX + 1];
	int		 depth;
	int		 root, msg, status;
	struct buf	 text;
	int		 text_depth;	/* collecting text at this depth */
	const char	**target;
	int		*target_int;
	/* the attachment being decoded */
	struct edxml_attachment *att;
	int		 b64_depth;
	struct b64dec	 dec;
	EVP_MD_CTX	*sha;
	FILE		*fp;
	struct buf	 mem;		/* EDXML_IN_MEMORY: the bytes so far */
	size_t		 mem_total;	/* ... of every attachment */
	unsigned char	*out;
	char		*made[EDXML_ATT_MAX];
	int		 nmade;
};

const char edxml_in_memory[] = "(memory)";

static int
is(const char *a, const char *b)
{
	return a != NULL && strcasecmp(a, b) == 0;
}

static const char **
organ_field(struct edxml_organ *o, const char *l)
{
	static const struct {
		const char	*name;
		size_t		 off;
	} f[] = {
		{ "OrganId", offsetof(struct edxml_organ, organ_id) },
		{ "OrganizationInCharge",
		    offsetof(struct edxml_organ, organization_in_charge) },
		{ "OrganName", offsetof(struct edxml_organ, organ_name) },
		{ "OrganAdd", offsetof(struct edxml_organ, organ_add) },
		{ "Email", offsetof(struct edxml_organ, email) },
		{ "Telephone", offsetof(struct edxml_organ, telephone) },
		{ "Fax", offsetof(struct edxml_organ, fax) },
		{ "Website", offsetof(struct edxml_organ, website) },
	};
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (is(l, f[i].name))
			return (const char **)(void *)((char *)o + f[i].off);
	return NULL;
}

static const char **
response_field(struct edxml_response_for *r, const char *l)
{
	if (is(l, "OrganId"))
		return &r->organ_id;
	if (is(l, "Code"))
		return &r->code;
	if (is(l, "PromulgationDate"))
		return &r->promulgation_date;
	if (is(l, "DocumentId"))
		return &r->document_id;
	return NULL;
}

/* A field of the MessageHeader family, by parent `p` and name `l`. */
static const char **
doc_field(struct rd *r, const char *p, const char *g, const char *l)
{
	struct edxml_doc *d = &r->pkg->doc;
	static const struct {
		const char	*parent, *name;
		size_t		 off;
	} f[] = {
#define F(p, n, m) { p, n, offsetof(struct edxml_doc, m) }
		F("Code", "CodeNumber", code_number),
		F("Code", "CodeNotation", code_notation),
		F("PromulgationInfo", "Place", place),
		F("PromulgationInfo", "PromulgationDate", promulgation_date),
		F("DocumentType", "Type", type),
		F("DocumentType", "TypeName", type_name),
		F("MessageHeader", "Subject", subject),
		F("MessageHeader", "Content", content),
		F("MessageHeader", "DueDate", due_date),
		F("MessageHeader", "SteeringType", steering_type),
		F("MessageHeader", "DocumentId", document_id),
		F("SignerInfo", "Competence", signer_competence),
		F("SignerInfo", "Position", signer_position),
		F("SignerInfo", "FullName", signer_full_name),
		F("OtherInfo", "Priority", priority),
		F("OtherInfo", "SphereOfPromulgation", sphere),
		F("OtherInfo", "TyperNotation", typer_notation),
		F("OtherInfo", "PromulgationAmount", promulgation_amount),
		F("OtherInfo", "PageAmount", page_amount),
		F("OtherInfo", "Appendixes", appendixes),
		F("Appendixes", "Appendix", appendixes),
		F("Bussiness", "BussinessDocReason", business_info),
#undef F
	};
	size_t i;

	if (is(p, "From") && is(g, "MessageHeader"))
		return organ_field(&d->from, l);
	if (is(p, "To") && is(g, "MessageHeader") && d->nto > 0)
		return organ_field(&d->to[d->nto - 1], l);
	if (is(p, "ResponseFor") && is(g, "MessageHeader"))
		return response_field(&d->response_for, l);
	if (is(p, "TraceHeader") && d->ntrace > 0) {
		struct edxml_trace *t = &d->trace[d->ntrace - 1];

		return is(l, "OrganId") ? &t->organ_id :
		    is(l, "Timestamp") ? &t->timestamp : NULL;
	}
	if (is(p, "ToPlaces") && is(l, "Place")) {
		if (d->nplaces >= EDXML_PLACES_MAX)
			return NULL;
		return &d->places[d->nplaces++];
	}
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (is(p, f[i].parent) && is(l, f[i].name))
			return (const char **)(void *)((char *)d + f[i].off);
	return NULL;
}

static const char **
status_field(struct rd *r, const char *p, const char *g, const char *l)
{
	struct edxml_status *s = &r->pkg->status;

	if (is(p, "ResponseFor") && is(g, "Status"))
		return response_field(&s->response_for, l);
	if (is(p, "From") && is(g, "Status"))
		return organ_field(&s->from, l);
	if (is(p, "StaffInfo") && is(g, "Status"))
		return is(l, "Department") ? &s->staff_department :
		    is(l, "Staff") ? &s->staff : is(l, "Mobile") ?
		    &s->staff_mobile : is(l, "Email") ? &s->staff_email : NULL;
	if (!is(p, "Status"))
		return NULL;
	return is(l, "StatusCode") ? &s->status_code : is(l, "Description") ?
	    &s->description : is(l, "Timestamp") ? &s->timestamp : NULL;
}

static const char **
att_field(struct edxml_attachment *a, const char *l)
{
	return is(l, "ContentType") ? &a->content_type : is(l, "ContentId") ?
	    &a->content_id : is(l, "Description") ? &a->description :
	    is(l, "AttachmentName") ? &a->name : NULL;
}

/* ---- attachments ------------------------------------------------------ */

static void
b64_begin(struct rd *r)
{
	char path[4096];
	int fd;

	r->b64_depth = r->depth;
	if (r->att->path != NULL || r->att->sha256[0] != '\0' ||
	    r->nmade >= EDXML_ATT_MAX) {
		edxml_px_fail(&r->px, "tệp đính kèm thứ %d có hai nội dung",
		    r->pkg->doc.natt);
		return;
	}
	if ((r->sha = EVP_MD_CTX_new()) == NULL ||
	    !EVP_DigestInit_ex(r->sha, digest_md(256), NULL) ||
	    (r->out == NULL && (r->out = malloc(DEC_CHUNK)) == NULL)) {
		edxml_px_fail(&r->px, "hết bộ nhớ");
		return;
	}
	b64dec_init(&r->dec);
	if (r->dir == NULL)
		return;
	if (r->dir == edxml_in_memory) {
		buf_init(&r->mem, EDXML_MEMORY_MAX);
		return;
	}
	snprintf(path, sizeof(path), "%s/edxml-att-XXXXXX", r->dir);
	if ((fd = mkostemp(path, O_CLOEXEC)) < 0 ||
	    (r->fp = fdopen(fd, "w")) == NULL) {
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		edxml_px_fail(&r->px, "không tạo được tệp đính kèm trong %s:"
		    " %s", r->dir, strerror(errno));
		return;
	}
	r->made[r->nmade++] = strdup(path);
	r->att->path = arena_strdup(r->a, path);
}

static void
b64_put(struct rd *r, const unsigned char *p, int n)
{
	if (n <= 0)
		return;
	if (!EVP_DigestUpdate(r->sha, p, (size_t)n) ||
	    (r->fp != NULL && fwrite(p, 1, (size_t)n, r->fp) != (size_t)n)) {
		edxml_px_fail(&r->px, "không ghi được tệp đính kèm");
		return;
	}
	if (r->dir == edxml_in_memory && ((r->mem_total += (size_t)n) >
	    EDXML_MEMORY_MAX || buf_add(&r->mem, p, (size_t)n) < 0)) {
		edxml_px_fail(&r->px, "tệp đính kèm quá lớn");
		return;
	}
	r->att->size += (uint64_t)n;
}

static void
b64_text(struct rd *r, const unsigned char *s, int len)
{
	long olen;
	int n;

	while (len > 0 && !r->px.failed) {
		n = len > DEC_CHUNK / 4 * 3 ? DEC_CHUNK / 4 * 3 : len;
		if ((olen = b64dec_update(&r->dec, (const char *)s, (size_t)n,
		    r->out)) < 0) {
			edxml_px_fail(&r->px, "tệp đính kèm thứ %d không phải"
			    " base64 hợp lệ", r->pkg->doc.natt);
			return;
		}
		b64_put(r, r->out, (int)olen);
		s += n;
		len -= n;
	}
}

static void
b64_end(struct rd *r)
{
	unsigned char h[32];
	unsigned int hl;

	r->b64_depth = 0;
	if (b64dec_final(&r->dec) < 0) {
		edxml_px_fail(&r->px, "tệp đính kèm thứ %d không phải base64"
		    " hợp lệ", r->pkg->doc.natt);
		return;
	}
	if (r->dir == edxml_in_memory && !r->px.failed) {
		unsigned char *d = arena_alloc(r->a, r->mem.len + 1);

		memcpy(d, r->mem.data, r->mem.len);
		r->att->data = d;
		buf_release(&r->mem);
	}
	if (r->fp != NULL) {
		if (fflush(r->fp) != 0)
			edxml_px_fail(&r->px, "không ghi được tệp đính kèm");
		fclose(r->fp);
		r->fp = NULL;
	}
	if (EVP_DigestFinal_ex(r->sha, h, &hl))
		digest_hex(h, 32, r->att->sha256);
	EVP_MD_CTX_free(r->sha);
	r->sha = NULL;
}

/* ---- the SAX callbacks ------------------------------------------------- */

static int
our_ns(const xmlChar *uri)
{
	return uri == NULL || strcmp((const char *)uri, EDXML_NS) == 0;
}

static void
href(struct rd *r, int nattr, const xmlChar **attrs)
{
	struct edxml_doc *d = &r->pkg->doc;
	const char *v;
	int i;

	for (i = 0; i < nattr; i++) {
		const xmlChar **at = attrs + i * 5;

		if (strcmp((const char *)at[0], "href") != 0)
			continue;
		if (d->nrefs >= EDXML_ATT_MAX) {
			edxml_px_fail(&r->px, "Manifest có quá nhiều Reference");
			return;
		}
		if (at[4] - at[3] > 1024) {
			edxml_px_fail(&r->px, "Reference/xlink:href quá dài");
			return;
		}
		v = arena_strndup(r->a, (const char *)at[3],
		    (size_t)(at[4] - at[3]));
		d->refs[d->nrefs++] = strncasecmp(v, "cid:", 4) == 0 ? v + 4 : v;
		return;
	}
}

/* Elements that open a repeated group, or mark the kind. */
static void
open_group(struct rd *r, const char *p, const char *l, int nattr,
    const xmlChar **attrs)
{
	struct edxml_doc *d = &r->pkg->doc;

	if (is(l, "MessageHeader") && is(p, "edXMLHeader"))
		r->msg = 1;
	else if (is(l, "Status") && is(p, "edXMLHeader"))
		r->status = 1;
	else if (is(l, "To") && is(p, "MessageHeader")) {
		if (d->nto >= EDXML_TO_MAX)
			edxml_px_fail(&r->px, "quá %d nơi nhận", EDXML_TO_MAX);
		else
			d->nto++;
	} else if (is(l, "ResponseFor") && is(p, "MessageHeader"))
		d->has_response_for = 1;
	else if (is(l, "TraceHeader") && is(p, "TraceHeaderList")) {
		if (d->ntrace >= EDXML_TRACE_MAX)
			edxml_px_fail(&r->px, "quá %d TraceHeader",
			    EDXML_TRACE_MAX);
		else
			d->ntrace++;
	} else if (is(l, "Attachment") && is(p, "AttachmentEncoded")) {
		if (d->natt >= EDXML_ATT_MAX)
			edxml_px_fail(&r->px, "quá %d tệp đính kèm",
			    EDXML_ATT_MAX);
		else
			r->att = &d->att[d->natt++];
	} else if (is(l, "Reference") && (is(p, "edXMLManifest") ||
	    is(p, "Manifest")))
		href(r, nattr, attrs);
}

static void
choose_target(struct rd *r, const char *p, const char *g, const char *l)
{
	r->target = NULL;
	r->target_int = NULL;
	if (is(p, "Attachment") && is(g, "AttachmentEncoded") &&
	    r->att != NULL) {
		if (is(l, "ContentTransferEncoded"))
			b64_begin(r);
		else
			r->target = att_field(r->att, l);
	} else if (is(p, "Bussiness") && is(l, "BussinessDocType"))
		r->target_int = &r->pkg->doc.business;
	else if (r->status)
		r->target = status_field(r, p, g, l);
	else
		r->target = doc_field(r, p, g, l);
	if (r->target != NULL || r->target_int != NULL) {
		r->text_depth = r->depth;
		buf_reset(&r->text);
	}
}

static void
on_start(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattr, int ndef,
    const xmlChar **attrs)
{
	struct rd *r = ud;
	const char *l = (const char *)local, *p, *g;

	(void)prefix;
	(void)nns;
	(void)ns;
	(void)ndef;
	if (r->px.failed)
		return;
	if (++r->depth > EDXML_DEPTH_MAX) {
		edxml_px_fail(&r->px, "gói lồng quá sâu");
		return;
	}
	if (uri != NULL && strcmp((const char *)uri, EDXML_DSIG_NS) == 0 &&
	    is(l, "Signature"))
		r->pkg->signed_ = 1;
	r->names[r->depth] = our_ns(uri) ? l : "";
	if (r->depth == 1) {
		if (!is(l, "edXML"))
			edxml_px_fail(&r->px, "không phải gói edXML (phần tử"
			    " gốc là %.64s)", l);
		r->root = 1;
		return;
	}
	if (r->text_depth || r->b64_depth || !our_ns(uri))
		return;
	p = r->names[r->depth - 1];
	g = r->depth >= 2 ? r->names[r->depth - 2] : NULL;
	open_group(r, p, l, nattr, attrs);
	choose_target(r, p, g, l);
}

static void
store_text(struct rd *r)
{
	char *s = r->text.data;
	size_t n = r->text.len;
	char *end;
	long v;

	while (n > 0 && strchr(" \t\r\n", s[n - 1]))
		n--;
	while (n > 0 && strchr(" \t\r\n", *s)) {
		s++;
		n--;
	}
	if (r->target_int != NULL) {
		s[n] = '\0';
		v = n ? strtol(s, &end, 10) : 0;
		*r->target_int = n && (*end != '\0' || v < 0 || v > 99) ? -1 :
		    (int)v;
	} else if (r->target != NULL && *r->target == NULL)
		*r->target = n ? arena_strndup(r->a, s, n) : NULL;
	r->text_depth = 0;
	r->target = NULL;
	r->target_int = NULL;
}

static void
on_end(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct rd *r = ud;

	(void)local;
	(void)prefix;
	(void)uri;
	if (r->px.failed)
		return;
	if (r->b64_depth == r->depth)
		b64_end(r);
	else if (r->text_depth == r->depth)
		store_text(r);
	else if (is(r->names[r->depth], "Attachment") &&
	    is(r->names[r->depth - 1], "AttachmentEncoded") &&
	    r->att != NULL && r->att->sha256[0] == '\0')
		edxml_px_fail(&r->px, "tệp đính kèm thứ %d không có nội dung"
		    " (ContentTransferEncoded)", r->pkg->doc.natt);
	r->depth--;
}

static void
on_text(void *ud, const xmlChar *ch, int len)
{
	struct rd *r = ud;

	if (r->px.failed)
		return;
	if (r->b64_depth)
		b64_text(r, ch, len);
	else if (r->text_depth && buf_add(&r->text, ch, (size_t)len) < 0)
		edxml_px_fail(&r->px, "phần tử %s quá dài",
		    r->names[r->text_depth]);
}

/* ---- reading ------------------------------------------------------------ */

static int
finish(struct rd *r, int rc, char *err, size_t errlen)
{
	struct edxml_pkg *pkg = r->pkg;

	if (rc == 0 && !r->root)
		rc = edxml_err(err, errlen, "không phải gói edXML");
	if (rc == 0 && !r->msg && !r->status)
		rc = edxml_err(err, errlen, "không phải gói edXML: thiếu"
		    " MessageHeader hoặc Status");
	if (rc == 0 && r->status) {
		pkg->kind = EDXML_KIND_STATUS;
		rc = edxml_check_status(&pkg->status, err, errlen);
	} else if (rc == 0) {
		pkg->kind = EDXML_KIND_DOC;
		rc = edxml_check_doc(&pkg->doc, err, errlen);
	}
	return rc;
}

static void
cleanup(struct rd *r, int failed)
{
	int i;

	if (r->fp != NULL)
		fclose(r->fp);
	EVP_MD_CTX_free(r->sha);
	free(r->out);
	buf_release(&r->text);
	buf_release(&r->mem);
	for (i = 0; i < r->nmade; i++) {
		if (failed)
			unlink(r->made[i]);
		free(r->made[i]);
	}
}

struct edxml_px *
edxml_read_begin(struct arena *a, const char *dir, struct edxml_pkg *out,
    xmlSAXHandler *sax)
{
	struct rd *r;

	memset(out, 0, sizeof(*out));
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->a = a;
	r->pkg = out;
	r->dir = dir;
	buf_init(&r->text, FIELD_MAX);
	memset(sax, 0, sizeof(*sax));
	sax->startElementNs = on_start;
	sax->endElementNs = on_end;
	sax->characters = on_text;
	return &r->px;
}

int
edxml_read_end(struct edxml_px *px, int rc, char *err, size_t errlen)
{
	struct rd *r = (struct rd *)(void *)px;
	struct edxml_pkg *out = r->pkg;

	rc = finish(r, rc, err, errlen);
	cleanup(r, rc < 0);
	free(r);
	if (rc < 0) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

static int
read_any(const char *path, const void *data, size_t len, struct arena *a,
    const char *dir, struct edxml_pkg *out, char *err, size_t errlen)
{
	xmlSAXHandler sax;
	struct edxml_px *px;
	int rc;

	if ((px = edxml_read_begin(a, dir, out, &sax)) == NULL)
		return edxml_err(err, errlen, "hết bộ nhớ");
	rc = path != NULL ? edxml_parse_file(path, &sax, px, err, errlen) :
	    edxml_parse_mem(data, len, &sax, px, err, errlen);
	return edxml_read_end(px, rc, err, errlen);
}

int
edxml_read(const char *path, struct arena *a, const char *dir,
    struct edxml_pkg *out, char *err, size_t errlen)
{
	return read_any(path, NULL, 0, a, dir, out, err, errlen);
}

int
edxml_read_mem(const void *data, size_t len, struct arena *a,
    struct edxml_pkg *out, char *err, size_t errlen)
{
	return read_any(NULL, data, len, a, NULL, out, err, errlen);
}
