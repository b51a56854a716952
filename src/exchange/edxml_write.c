/*
 * edxml_write.c - writing document and status packages with libxml2's
 * text writer, in the layout of the public SDK samples: root edXML in the
 * QCVN 102 namespace, the envelope's elements with the edXML: prefix,
 * AttachmentEncoded unprefixed. Each attachment's file is streamed
 * through base64 (64-character lines), never held whole. Files appear
 * complete or not at all (temporary name, fsync, rename; without the
 * fsync for EDXML_NOSYNC).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <libxml/xmlwriter.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "core/blob.h"
#include "core/digest.h"
#include "exchange/edxml_int.h"

#define ATT_CHUNK	49152	/* bytes read at once (a multiple of 3) */

FILE *
edxml_out_open(const char *path, char *tmp, size_t tmplen, char *err,
    size_t errlen)
{
	FILE *fp;
	int fd, n;

	/* A memory file of this process (blob_memfile) is written in
	 * place: no other process opens it, and it has no folder. */
	if (blob_is_memfile(path)) {
		tmp[0] = '\0';
		if ((fp = fopen(path, "we")) == NULL)
			edxml_err(err, errlen, "không mở được %s: %s", path,
			    strerror(errno));
		return fp;
	}
	n = snprintf(tmp, tmplen, "%s.tmp-XXXXXX", path);
	if (n < 0 || (size_t)n >= tmplen) {
		edxml_err(err, errlen, "đường dẫn quá dài: %s", path);
		return NULL;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		edxml_err(err, errlen, "không tạo được tệp tạm cho %s: %s",
		    path, strerror(errno));
		return NULL;
	}
	fchmod(fd, 0644);
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(tmp);
		edxml_err(err, errlen, "không mở được tệp tạm: %s",
		    strerror(errno));
	}
	return fp;
}

void
edxml_out_abort(FILE *fp, const char *tmp)
{
	if (fp != NULL)
		fclose(fp);
	if (*tmp)
		unlink(tmp);
}

static void
sync_dir(const char *path)
{
	char copy[PATH_MAX];
	int fd;

	snprintf(copy, sizeof(copy), "%s", path);
	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(fd);
		close(fd);
	}
}

int
edxml_out_commit(FILE *fp, const char *tmp, const char *path, int sync,
    char *err, size_t errlen)
{
	int bad;

	if (*tmp == '\0') {	/* a memory file, written in place */
		bad = fflush(fp) != 0 || ferror(fp);
		if (fclose(fp) != 0 || bad)
			return edxml_err(err, errlen, "không ghi được %s: %s",
			    path, strerror(errno));
		return 0;
	}
	bad = fflush(fp) != 0 || ferror(fp) || (sync && fsync(fileno(fp)) !=
	    0);
	if (fclose(fp) != 0)
		bad = 1;
	if (bad || rename(tmp, path) != 0) {
		edxml_err(err, errlen, "không ghi được %s: %s", path,
		    strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (sync)
		sync_dir(path);
	return 0;
}

/* ---- the text writer ------------------------------------------------- */

struct wr {
	xmlTextWriterPtr w;
	int		 bad;
	char		*err;
	size_t		 errlen;
};

static void
open_el(struct wr *w, const char *name)
{
	char q[64];

	snprintf(q, sizeof(q), "edXML:%s", name);
	if (!w->bad && xmlTextWriterStartElement(w->w, BAD_CAST q) < 0)
		w->bad = 1;
}

static void
open_plain(struct wr *w, const char *name)
{
	if (!w->bad && xmlTextWriterStartElement(w->w, BAD_CAST name) < 0)
		w->bad = 1;
}

static void
close_el(struct wr *w)
{
	if (!w->bad && xmlTextWriterEndElement(w->w) < 0)
		w->bad = 1;
}

/* A leaf element; NULL is written as an empty element. */
static void
leaf(struct wr *w, const char *name, const char *value, int prefixed)
{
	if (prefixed)
		open_el(w, name);
	else
		open_plain(w, name);
	if (!w->bad && value != NULL && value[0] != '\0' &&
	    xmlTextWriterWriteString(w->w, BAD_CAST value) < 0)
		w->bad = 1;
	close_el(w);
}

static void
attr(struct wr *w, const char *name, const char *value)
{
	if (!w->bad && xmlTextWriterWriteAttribute(w->w, BAD_CAST name,
	    BAD_CAST value) < 0)
		w->bad = 1;
}

static void
organ(struct wr *w, const char *el, const struct edxml_organ *o)
{
	open_el(w, el);
	leaf(w, "OrganId", o->organ_id, 1);
	leaf(w, "OrganizationInCharge", o->organization_in_charge, 1);
	leaf(w, "OrganName", o->organ_name, 1);
	leaf(w, "OrganAdd", o->organ_add, 1);
	leaf(w, "Email", o->email, 1);
	leaf(w, "Telephone", o->telephone, 1);
	leaf(w, "Fax", o->fax, 1);
	leaf(w, "Website", o->website, 1);
	close_el(w);
}

static void
response_for(struct wr *w, const struct edxml_response_for *r)
{
	open_el(w, "ResponseFor");
	leaf(w, "OrganId", r->organ_id, 1);
	leaf(w, "Code", r->code, 1);
	leaf(w, "PromulgationDate", r->promulgation_date, 1);
	leaf(w, "DocumentId", r->document_id, 1);
	close_el(w);
}

/* Root and envelope: <edXML xmlns=NS><edXML:edXMLEnvelope xmlns:edXML>. */
static void
begin(struct wr *w)
{
	if (xmlTextWriterSetIndent(w->w, 1) < 0 ||
	    xmlTextWriterStartDocument(w->w, "1.0", "UTF-8", NULL) < 0)
		w->bad = 1;
	open_plain(w, "edXML");
	attr(w, "xmlns", EDXML_NS);
	attr(w, "xmlns:xlink", EDXML_XLINK_NS);
	open_el(w, "edXMLEnvelope");
	attr(w, "xmlns:edXML", EDXML_NS);
	open_el(w, "edXMLHeader");
}

static void
message_header(struct wr *w, const struct edxml_doc *d)
{
	int i;

	open_el(w, "MessageHeader");
	organ(w, "From", &d->from);
	for (i = 0; i < d->nto; i++)
		organ(w, "To", &d->to[i]);
	open_el(w, "Code");
	leaf(w, "CodeNumber", d->code_number, 1);
	leaf(w, "CodeNotation", d->code_notation, 1);
	close_el(w);
	open_el(w, "PromulgationInfo");
	leaf(w, "Place", d->place, 1);
	leaf(w, "PromulgationDate", d->promulgation_date, 1);
	close_el(w);
	open_el(w, "DocumentType");
	leaf(w, "Type", d->type, 1);
	leaf(w, "TypeName", d->type_name, 1);
	close_el(w);
	leaf(w, "Subject", d->subject, 1);
	leaf(w, "Content", d->content, 1);
	open_el(w, "SignerInfo");
	leaf(w, "Competence", d->signer_competence, 1);
	leaf(w, "Position", d->signer_position, 1);
	leaf(w, "FullName", d->signer_full_name, 1);
	close_el(w);
	leaf(w, "DueDate", d->due_date, 1);
	open_el(w, "ToPlaces");
	for (i = 0; i < d->nplaces; i++)
		leaf(w, "Place", d->places[i], 1);
	close_el(w);
	open_el(w, "OtherInfo");
	leaf(w, "Priority", d->priority, 1);
	leaf(w, "SphereOfPromulgation", d->sphere, 1);
	leaf(w, "TyperNotation", d->typer_notation, 1);
	leaf(w, "PromulgationAmount", d->promulgation_amount, 1);
	leaf(w, "PageAmount", d->page_amount, 1);
	leaf(w, "Appendixes", d->appendixes, 1);
	close_el(w);
	if (d->has_response_for)
		response_for(w, &d->response_for);
	leaf(w, "SteeringType", d->steering_type, 1);
	leaf(w, "DocumentId", d->document_id, 1);
	close_el(w);
}

static void
trace_list(struct wr *w, const struct edxml_doc *d)
{
	char num[16];
	int i;

	open_el(w, "TraceHeaderList");
	for (i = 0; i < d->ntrace; i++) {
		open_el(w, "TraceHeader");
		leaf(w, "OrganId", d->trace[i].organ_id, 1);
		leaf(w, "Timestamp", d->trace[i].timestamp, 1);
		close_el(w);
	}
	snprintf(num, sizeof(num), "%d", d->business);
	open_el(w, "Bussiness");
	leaf(w, "BussinessDocType", num, 1);
	leaf(w, "BussinessDocReason", d->business_info, 1);
	close_el(w);
	close_el(w);
}

static void
manifest(struct wr *w, const struct edxml_doc *d, char cids[][40])
{
	char href[64];
	int i;

	open_el(w, "edXMLBody");
	open_el(w, "edXMLManifest");
	attr(w, "version", "1.0");
	for (i = 0; i < d->natt; i++) {
		snprintf(href, sizeof(href), "cid:%s", cids[i]);
		open_el(w, "Reference");
		attr(w, "xlink:href", href);
		attr(w, "xlink:type", "simple");
		leaf(w, "Description", d->att[i].description, 1);
		leaf(w, "AttachmentName", d->att[i].name, 1);
		leaf(w, "ContentType", d->att[i].content_type, 1);
		leaf(w, "ContentId", href, 1);
		close_el(w);
	}
	close_el(w);
	close_el(w);
}

/* Stream the file `path` into the writer as base64 lines. */
static void
base64_file(struct wr *w, const char *path)
{
	unsigned char *in = NULL, *out = NULL;
	EVP_ENCODE_CTX *ec = NULL;
	FILE *fp;
	size_t n;
	int olen;

	if (w->bad)
		return;
	if ((fp = fopen(path, "rb")) == NULL) {
		edxml_err(w->err, w->errlen, "không mở được tệp đính kèm %s:"
		    " %s", path, strerror(errno));
		w->bad = 2;
		return;
	}
	in = malloc(ATT_CHUNK);
	out = malloc(ATT_CHUNK * 2);
	if (in == NULL || out == NULL || (ec = EVP_ENCODE_CTX_new()) == NULL)
		w->bad = 1;
	else
		EVP_EncodeInit(ec);
	while (!w->bad && (n = fread(in, 1, ATT_CHUNK, fp)) > 0) {
		if (!EVP_EncodeUpdate(ec, out, &olen, in, (int)n) ||
		    (olen > 0 && xmlTextWriterWriteRawLen(w->w, out, olen) < 0))
			w->bad = 1;
	}
	if (!w->bad && ferror(fp)) {
		edxml_err(w->err, w->errlen, "không đọc được tệp đính kèm %s",
		    path);
		w->bad = 2;
	}
	if (!w->bad) {
		EVP_EncodeFinal(ec, out, &olen);
		if (olen > 0 && xmlTextWriterWriteRawLen(w->w, out, olen) < 0)
			w->bad = 1;
	}
	EVP_ENCODE_CTX_free(ec);
	free(in);
	free(out);
	fclose(fp);
}

static void
attachments(struct wr *w, const struct edxml_doc *d, char cids[][40])
{
	int i;

	if (d->natt == 0)
		return;
	open_plain(w, "AttachmentEncoded");
	for (i = 0; i < d->natt; i++) {
		open_plain(w, "Attachment");
		leaf(w, "ContentType", d->att[i].content_type, 0);
		leaf(w, "ContentId", cids[i], 0);
		leaf(w, "Description", d->att[i].description, 0);
		open_plain(w, "ContentTransferEncoded");
		if (!w->bad && xmlTextWriterWriteRaw(w->w, BAD_CAST "\n") < 0)
			w->bad = 1;
		base64_file(w, d->att[i].path);
		close_el(w);
		leaf(w, "AttachmentName", d->att[i].name, 0);
		close_el(w);
	}
	close_el(w);
}

/* Content ids: the given ones, or new random ones. */
static int
make_cids(const struct edxml_doc *d, char cids[][40], char *err,
    size_t errlen)
{
	unsigned char r[16];
	int i;

	for (i = 0; i < d->natt; i++) {
		const char *c = d->att[i].content_id;

		if (c != NULL && strncasecmp(c, "cid:", 4) == 0)
			c += 4;
		if (c != NULL && *c != '\0') {
			if (strlen(c) >= 40 || strpbrk(c, " <>\"&") != NULL)
				return edxml_err(err, errlen, "ContentId \"%s\""
				    " không hợp lệ", c);
			snprintf(cids[i], 40, "%s", c);
			continue;
		}
		if (RAND_bytes(r, sizeof(r)) != 1)
			return edxml_err(err, errlen, "không sinh được số"
			    " ngẫu nhiên");
		digest_hex(r, 16, cids[i]);
	}
	return 0;
}

typedef void (*body_fn)(struct wr *w, const void *p, char cids[][40]);

static void
doc_body(struct wr *w, const void *p, char cids[][40])
{
	const struct edxml_doc *d = p;

	begin(w);
	message_header(w, d);
	trace_list(w, d);
	close_el(w);		/* edXMLHeader */
	manifest(w, d, cids);
	close_el(w);		/* edXMLEnvelope */
	attachments(w, d, cids);
}

static void
status_body(struct wr *w, const void *p, char cids[][40])
{
	const struct edxml_status *s = p;

	(void)cids;
	begin(w);
	open_el(w, "Status");
	response_for(w, &s->response_for);
	organ(w, "From", &s->from);
	leaf(w, "StatusCode", s->status_code, 1);
	leaf(w, "Description", s->description, 1);
	leaf(w, "Timestamp", s->timestamp, 1);
	open_el(w, "StaffInfo");
	leaf(w, "Department", s->staff_department, 1);
	leaf(w, "Staff", s->staff, 1);
	leaf(w, "Mobile", s->staff_mobile, 1);
	leaf(w, "Email", s->staff_email, 1);
	close_el(w);
	close_el(w);		/* Status */
	close_el(w);		/* edXMLHeader */
	open_el(w, "edXMLBody");
	close_el(w);
	close_el(w);		/* edXMLEnvelope */
}

/* Write the package made by `fn` to the open file `fp`. 0 or -1. */
static int
write_to(FILE *fp, body_fn fn, const void *p, char cids[][40], char *err,
    size_t errlen)
{
	xmlOutputBufferPtr ob;
	struct wr w;

	memset(&w, 0, sizeof(w));
	w.err = err;
	w.errlen = errlen;
	if ((ob = xmlOutputBufferCreateFile(fp, NULL)) == NULL)
		return edxml_err(err, errlen, "hết bộ nhớ");
	if ((w.w = xmlNewTextWriter(ob)) == NULL) {
		xmlOutputBufferClose(ob);
		return edxml_err(err, errlen, "hết bộ nhớ");
	}
	fn(&w, p, cids);
	if (!w.bad && xmlTextWriterEndDocument(w.w) < 0)
		w.bad = 1;
	xmlFreeTextWriter(w.w);
	if (w.bad == 1)
		edxml_err(err, errlen, "không ghi được gói edXML");
	return w.bad ? -1 : 0;
}

static int
write_pkg(const char *path, body_fn fn, const void *p, char cids[][40],
    const struct edxml_signer *signer, int flags, char *err, size_t errlen)
{
	int sync = !(flags & EDXML_NOSYNC);
	char tmp[PATH_MAX], mid[PATH_MAX];
	FILE *fp;
	int r, mfd;

	if (signer != NULL && blob_is_memfile(path)) {
		/* Into memory, the unsigned package too. */
		if ((mfd = blob_memfile("edxml", mid, sizeof(mid))) < 0)
			return edxml_err(err, errlen, "không tạo được tệp tạm");
		r = write_pkg(mid, fn, p, cids, NULL, flags, err, errlen);
		if (r == 0)
			r = edxml_sign_to(mid, path, signer, sync, err, errlen);
		close(mfd);
		return r;
	}
	if ((fp = edxml_out_open(path, tmp, sizeof(tmp), err, errlen)) == NULL)
		return -1;
	if (write_to(fp, fn, p, cids, err, errlen) < 0) {
		edxml_out_abort(fp, tmp);
		return -1;
	}
	if (signer == NULL)
		return edxml_out_commit(fp, tmp, path, sync, err, errlen);
	if (fclose(fp) != 0) {
		unlink(tmp);
		return edxml_err(err, errlen, "không ghi được %s", tmp);
	}
	r = edxml_sign_to(tmp, path, signer, sync, err, errlen);
	unlink(tmp);
	return r;
}

int
edxml_write_doc(const char *path, const struct edxml_doc *d,
    const struct edxml_signer *signer, int flags, char *err, size_t errlen)
{
	char (*cids)[40];
	int r;

	if (d->nto > EDXML_TO_MAX || d->natt > EDXML_ATT_MAX ||
	    d->ntrace > EDXML_TRACE_MAX || d->nplaces > EDXML_PLACES_MAX ||
	    d->nto < 0 || d->natt < 0 || d->ntrace < 0 || d->nplaces < 0)
		return edxml_err(err, errlen, "gói có quá nhiều phần tử");
	if (edxml_check_doc(d, err, errlen) < 0)
		return -1;
	if ((cids = calloc(EDXML_ATT_MAX, sizeof(*cids))) == NULL)
		return edxml_err(err, errlen, "hết bộ nhớ");
	r = make_cids(d, cids, err, errlen);
	if (r == 0)
		r = write_pkg(path, doc_body, d, cids, signer, flags, err,
		    errlen);
	free(cids);
	return r;
}

int
edxml_write_status(const char *path, const struct edxml_status *s,
    const struct edxml_signer *signer, int flags, char *err, size_t errlen)
{
	if (edxml_check_status(s, err, errlen) < 0)
		return -1;
	return write_pkg(path, status_body, s, NULL, signer, flags, err,
	    errlen);
}
