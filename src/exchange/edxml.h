/*
 * edxml.h - edXML packages of QCVN 102:2016/BTTTT: document packages
 * (MessageHeader, TraceHeaderList with the Bussiness block, Manifest,
 * base64 attachments) and status packages, written and read as streams
 * so that an attachment of 100 MB is never held whole in memory, and
 * signed with an enveloped XML-DSig (SHA-256, the signer's X.509
 * certificate in KeyInfo) through the signing keys of sign.h.
 *
 * Reading accepts the namespaces and element spellings of the packages
 * written by other Vietnamese systems (the QCVN 102 namespace with or
 * without a prefix). Knows no database and no other module than sign.
 *
 * Errors are written in Vietnamese into the caller's `err` buffer
 * (EDXML_ERR_MAX bytes), naming the element at fault; functions return
 * 0 or -1. Strings of the structs filled by the reader live in the
 * arena passed to it.
 */
#ifndef CONGSO_EDXML_H
#define CONGSO_EDXML_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/x509.h>

#include "core/arena.h"

#define EDXML_NS		"http://www.mic.gov.vn/TBT/QCVN_102_2016"
#define EDXML_ERR_MAX		512
#define EDXML_SUBJECT_MAX	500	/* characters of Subject */
#define EDXML_CONTENT_MAX	500	/* characters of Content */
#define EDXML_TO_MAX		256	/* receivers of one package */
#define EDXML_TRACE_MAX		64	/* hops */
#define EDXML_ATT_MAX		64	/* attachments */
#define EDXML_PLACES_MAX	64	/* ToPlaces/Place */

/* Business document types (TraceHeaderList/Bussiness/BussinessDocType). */
enum edxml_business {
	EDXML_NEW = 0, EDXML_REVOKE = 1, EDXML_UPDATE = 2, EDXML_REPLACE = 3
};

/* A body (From, To). Every field may be NULL when absent. */
struct edxml_organ {
	const char	*organ_id;		/* agency code, 000.00.00.H55 */
	const char	*organization_in_charge;
	const char	*organ_name;
	const char	*organ_add;
	const char	*email;
	const char	*telephone;
	const char	*fax;
	const char	*website;
};

/* The document a package or a status answers (ResponseFor). */
struct edxml_response_for {
	const char	*organ_id;
	const char	*code;			/* "12/QĐ-UBND" */
	const char	*promulgation_date;	/* as written in the package */
	const char	*document_id;
};

struct edxml_trace {
	const char	*organ_id;
	const char	*timestamp;		/* as written: yyyy/MM/dd HH:mm:ss */
};

/* An attachment. Writing: `path` is the file whose bytes are encoded
 * (read twice when signing). Reading: the decoded bytes are in a new
 * file `path` in the folder given to the reader, which the caller
 * renames or removes; `size` and `sha256` (hex) are of those bytes. */
struct edxml_attachment {
	const char	*content_type;
	const char	*content_id;		/* without "cid:" */
	const char	*description;
	const char	*name;			/* AttachmentName */
	const char	*path;
	const unsigned char *data;		/* read into memory: the bytes */
	uint64_t	 size;
	char		 sha256[65];
};

/* A document package. Dates are strings as the standard writes them
 * (PromulgationDate and DueDate "yyyy/MM/dd"). */
struct edxml_doc {
	struct edxml_organ	 from;
	struct edxml_organ	 to[EDXML_TO_MAX];
	int			 nto;
	const char		*code_number;	/* "12" */
	const char		*code_notation;	/* "QĐ-UBND" */
	const char		*place;
	const char		*promulgation_date;
	const char		*type;		/* DocumentType/Type */
	const char		*type_name;	/* DocumentType/TypeName */
	const char		*subject;
	const char		*content;
	const char		*signer_competence;	/* TM., KT., ... */
	const char		*signer_position;
	const char		*signer_full_name;
	const char		*due_date;
	const char		*places[EDXML_PLACES_MAX];	/* ToPlaces/Place */
	int			 nplaces;
	const char		*priority;	/* OtherInfo */
	const char		*sphere;	/* SphereOfPromulgation */
	const char		*typer_notation;
	const char		*promulgation_amount;
	const char		*page_amount;
	const char		*appendixes;
	int			 has_response_for;
	struct edxml_response_for response_for;
	const char		*steering_type;
	const char		*document_id;	/* sender,yyyy/MM/dd,number/notation */
	struct edxml_trace	 trace[EDXML_TRACE_MAX];
	int			 ntrace;
	int			 business;	/* enum edxml_business */
	/* Bussiness details that come with revoke/update/replace: what
	 * changed, as free text; may be NULL. */
	const char		*business_info;
	struct edxml_attachment	 att[EDXML_ATT_MAX];
	int			 natt;
	/* Reading: the Manifest's references (xlink:href without "cid:"),
	 * each naming an attachment's ContentId. Writing ignores them: the
	 * manifest is made from `att`. */
	const char		*refs[EDXML_ATT_MAX];
	int			 nrefs;
};

/* Status codes of a status package. */
#define EDXML_ST_ARRIVED	"01"
#define EDXML_ST_REFUSED	"02"
#define EDXML_ST_ACCEPTED	"03"
#define EDXML_ST_ASSIGNED	"04"
#define EDXML_ST_PROCESSING	"05"
#define EDXML_ST_FINISHED	"06"
#define EDXML_ST_RECALL		"13"
#define EDXML_ST_AGREE		"15"
#define EDXML_ST_DISAGREE	"16"

struct edxml_status {
	struct edxml_response_for response_for;
	struct edxml_organ	 from;
	const char		*status_code;	/* "01" ... "16" */
	const char		*description;
	const char		*timestamp;	/* yyyy/MM/dd HH:mm:ss */
	const char		*staff_department;
	const char		*staff;
	const char		*staff_mobile;
	const char		*staff_email;
};

enum edxml_kind { EDXML_KIND_DOC, EDXML_KIND_STATUS };

/* What the reader found. `signed_` tells whether the package carries a
 * Signature (checked only by edxml_verify). */
struct edxml_pkg {
	enum edxml_kind		 kind;
	struct edxml_doc	 doc;		/* kind DOC */
	struct edxml_status	 status;	/* kind STATUS */
	int			 signed_;
};

/* Whether a status code is one of the list above. */
int	 edxml_status_known(const char *code);
/* The Vietnamese meaning of a status code ("Đã tiếp nhận" ...), or
 * "Không rõ". */
const char *edxml_status_label(const char *code);
/* "000.00.00.H55,2026/11/22,12/QĐ-UBND" from the parts. 0 or -1. */
int	 edxml_document_id(char *out, size_t len, const char *sender,
	    const char *date_ymd_slash, const char *number,
	    const char *notation);
/* Timestamp "yyyy/MM/dd HH:mm:ss" of `t` at UTC+7. */
void	 edxml_timestamp(char out[20], time_t t);

/* The rules a package must keep before anything is registered: a
 * sender and at least one receiver with agency codes, no receiver twice,
 * a Subject of 1..500 characters, Content ≤ 500, a known business type
 * and status code, a DocumentId, every Manifest reference naming an
 * attachment. 0 or -1 with `err`. The reader applies them itself. */
int	 edxml_check_doc(const struct edxml_doc *d, char *err, size_t errlen);
int	 edxml_check_status(const struct edxml_status *s, char *err,
	    size_t errlen);

/* ---- writing ------------------------------------------------------- */

struct sign_key;

/* Who signs a package: a key of sign.h, its certificate and the chain
 * to put in KeyInfo (may be NULL). */
struct edxml_signer {
	struct sign_key		*key;
	X509			*cert;
	STACK_OF(X509)		*chain;
};

/* Write a document or status package to `path` (a temporary name in
 * the same folder, fsync'd, then renamed), signed when `signer` is not
 * NULL, streaming each attachment's file through base64. With
 * EDXML_NOSYNC in `flags` nothing is fsync'd: for a temporary file that
 * the blob store takes (which flushes what it keeps as a file). A memory
 * file of this process (blob_memfile) is written in place. 0 or -1. */
#define EDXML_NOSYNC	1
int	 edxml_write_doc(const char *path, const struct edxml_doc *d,
	    const struct edxml_signer *signer, int flags, char *err,
	    size_t errlen);
int	 edxml_write_status(const char *path, const struct edxml_status *s,
	    const struct edxml_signer *signer, int flags, char *err,
	    size_t errlen);

/* Sign any edXML package `in` into `out` (an existing Signature is
 * replaced). 0 or -1. */
/* The package is written in its canonical form (C14N 1.0) with the
 * Signature in edXMLHeader right after TraceHeaderList (else as its last
 * child); the certificate is checked with sign_cert_check() and the new
 * signature with the certificate's key before `out` appears. */
int	 edxml_sign_file(const char *in, const char *out,
	    const struct edxml_signer *signer, char *err, size_t errlen);

/* ---- reading ------------------------------------------------------- */

/* Read the package at `path`: its kind, header, trace and attachments
 * (each decoded into a new file in `dir`; EDXML_IN_MEMORY: into memory
 * from the arena, `data`, for a package whose size the caller bounds;
 * NULL: attachments are skipped, with name, type and size still given). The rules of
 * edxml_check_* are applied. On failure no file is left in `dir`. */
extern const char edxml_in_memory[];
#define EDXML_IN_MEMORY	edxml_in_memory
#define EDXML_MEMORY_MAX (16 * 1024 * 1024)	/* decoded, in all */
int	 edxml_read(const char *path, struct arena *a, const char *dir,
	    struct edxml_pkg *out, char *err, size_t errlen);
/* The same from memory, attachments skipped (for the fuzzer and for
 * small status packages). */
int	 edxml_read_mem(const void *data, size_t len, struct arena *a,
	    struct edxml_pkg *out, char *err, size_t errlen);

/* ---- verifying ----------------------------------------------------- */

struct edxml_sigcheck {
	int		 present;	/* a Signature element was found */
	int		 intact;	/* digests and signature value hold */
	int		 trusted;	/* the certificate chains to `store` */
	char		 signer[256];	/* the certificate's subject CN */
	char		 subject[512];	/* the full subject */
	char		 cert_sha256[65];
	char		 reason[EDXML_ERR_MAX];	/* why not intact or trusted */
	X509		*cert;		/* the signer's certificate (caller
					 * frees with X509_free), or NULL */
};

/* Signatures accepted: one Reference URI="" with the enveloped-signature
 * transform, Canonical XML 1.0 or Exclusive C14N (without a PrefixList),
 * SHA-1/256/512 digests, RSA or ECDSA (r||s) with SHA-1/256/512; the
 * signer is the KeyInfo certificate whose key checks the value, the
 * others serve as intermediates. */
/* Check the enveloped signature of the package at `path` and chain its
 * certificate to `store` (may be NULL: nothing trusted). Returns 0 when
 * the check could be made (the verdict is in `out`), -1 when the file
 * is not an edXML package (err says why). Streams the file. */
int	 edxml_verify(const char *path, X509_STORE *store,
	    struct edxml_sigcheck *out, char *err, size_t errlen);
/* Both in one parse of the file: edxml_verify() into `chk`, then
 * edxml_read() into `pkg`. -1 when the file is not an edXML package
 * (err says why); otherwise the signature's verdict is in `chk` (the
 * caller frees chk->cert), and 0 when the package was read, -2 when it
 * breaks the reader's rules (err says why; `pkg` is cleared and no file
 * is left in `dir`). */
int	 edxml_verify_read(const char *path, X509_STORE *store,
	    struct edxml_sigcheck *chk, struct arena *a, const char *dir,
	    struct edxml_pkg *pkg, char *err, size_t errlen);

/* ---- command line (edxml_cli.c) ------------------------------------ */

/* `congso edxml show|verify|sign ...` with argv[0] = "edxml". Exit 0
 * done (verify: valid and trusted), 1 failure, 2 bad usage or input. */
int	 edxml_cli(int argc, char **argv);
void	 edxml_usage(void);

#endif
