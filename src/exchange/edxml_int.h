/*
 * edxml_int.h - what the edXML files share among themselves: the SAX2
 * push-parser driver, the streaming canonicalizer (C14N 1.0, inclusive,
 * without comments) and durable output files. Not for other modules.
 */
#ifndef CONGSO_EDXML_INT_H
#define CONGSO_EDXML_INT_H

#include <stddef.h>
#include <stdio.h>

#include <libxml/parser.h>

#include "exchange/edxml.h"

#define EDXML_DSIG_NS	"http://www.w3.org/2000/09/xmldsig#"
#define EDXML_XML_NS	"http://www.w3.org/XML/1998/namespace"
#define EDXML_XLINK_NS	"http://www.w3.org/1999/xlink"
#define EDXML_DEPTH_MAX	256	/* elements nested */

/* Write an error into `err` (when not NULL). Returns -1. */
int	 edxml_err(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* ---- the SAX2 driver (edxml_sax.c) ---------------------------------- */

/*
 * Every user data given to the driver starts with this: the parser (to
 * stop it from a callback) and the first error. A callback that fails
 * calls edxml_px_fail(), which stops the parser.
 */
struct edxml_px {
	xmlParserCtxtPtr ctxt;
	int		 failed;
	char		 err[EDXML_ERR_MAX];
};

void	 edxml_px_fail(struct edxml_px *px, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Parse a file (or memory) with the SAX2 callbacks of `sax` (startElementNs,
 * endElementNs, characters, processingInstruction are used; the driver
 * sets the error and DTD handlers itself: a DOCTYPE is refused, nothing
 * is loaded from outside). `px` is the user data. 0, or -1 with `err`
 * (Vietnamese, with the line of a syntax error).
 */
int	 edxml_parse_file(const char *path, xmlSAXHandler *sax,
	    struct edxml_px *px, char *err, size_t errlen);
int	 edxml_parse_mem(const void *data, size_t len, xmlSAXHandler *sax,
	    struct edxml_px *px, char *err, size_t errlen);
/*
 * Parse a file once for two readers: each event goes to `sax0` with
 * `px0`, then to `sax1` with `px1` (their callbacks as for
 * edxml_parse_file; their px's parser is not set). The first reader's
 * failure, or the XML's, stops the parse: -1 with its error. The
 * second's only stops feeding it; its error stays in `px1`.
 */
int	 edxml_parse_file2(const char *path, xmlSAXHandler *sax0,
	    struct edxml_px *px0, xmlSAXHandler *sax1, struct edxml_px *px1,
	    char *err, size_t errlen);

/* ---- the canonicalizer (edxml_c14n.c) ------------------------------- */

/* Where canonical bytes go: 0, or -1 to stop. */
typedef int (*c14n_sink)(void *ctx, const char *p, size_t n);

struct c14n_bind {
	char	*prefix;	/* "" for the default namespace; xml attrs:
				 * the attribute's local name */
	char	*uri;		/* or the xml attribute's value */
	int	 depth;
};

struct c14n_stack {
	struct c14n_bind *v;
	int		 n, cap;
};

/*
 * A canonicalizer fed with SAX2 events. Elements marked invisible (the
 * enveloped Signature and everything in it) are tracked for namespaces
 * but not written. Output is buffered and handed to `sink`.
 */
struct c14n {
	c14n_sink	 sink;
	void		*ctx;
	int		 depth;
	int		 root_done;	/* the document element has ended */
	int		 started;	/* the document element has begun */
	int		 failed;
	struct c14n_stack scope;	/* namespaces in scope */
	struct c14n_stack rendered;	/* written by visible elements */
	struct c14n_stack xmlattr;	/* xml:* attributes in scope */
	struct c14n_stack inherit;	/* xml:* attrs for the apex */
	int		 subset;	/* apex of a subset: inherit xml:* */
	int		 exclusive;	/* Exclusive XML C14N 1.0: only the
					 * namespaces visibly used */
	char		*buf;		/* C14N_BUF bytes, from the first
					 * write (most passes keep several
					 * canonicalizers, few of which write) */
	size_t		 blen;
};

#define C14N_BUF	65536

void	 c14n_init(struct c14n *c, c14n_sink sink, void *ctx);
/* Seed a subset canonicalizer (SignedInfo) with the namespaces and xml:*
 * attributes in scope at its parent, as tracked by `from`. 0 or -1. */
int	 c14n_seed(struct c14n *c, const struct c14n *from);
/* Seed with plain namespace pairs (prefix "" for the default). */
int	 c14n_seed_ns(struct c14n *c, const struct c14n_stack *ns);
/* Copy the namespaces in scope into `out` (depth 0). 0 or -1. */
int	 c14n_scope_copy(const struct c14n *c, struct c14n_stack *out);
void	 c14n_stack_free(struct c14n_stack *s);
int	 c14n_start(struct c14n *c, int visible, const xmlChar *local,
	    const xmlChar *prefix, int nns, const xmlChar **ns, int nattr,
	    const xmlChar **attrs);
int	 c14n_end(struct c14n *c, int visible, const xmlChar *local,
	    const xmlChar *prefix);
int	 c14n_text(struct c14n *c, const char *s, size_t n);
int	 c14n_pi(struct c14n *c, const xmlChar *target, const xmlChar *data);
/* Write raw bytes (not canonicalized) through the sink. */
int	 c14n_raw(struct c14n *c, const char *s, size_t n);
int	 c14n_flush(struct c14n *c);
void	 c14n_release(struct c14n *c);

/* ---- durable output (edxml_write.c) --------------------------------- */

/* Open a temporary file beside `path`; its name into `tmp` (PATH_MAX).
 * A memory file of this process (blob_memfile) is opened itself, `tmp`
 * left empty: the commit then only flushes and closes it. */
FILE	*edxml_out_open(const char *path, char *tmp, size_t tmplen,
	    char *err, size_t errlen);
/* Flush, close and rename `tmp` to `path`; with `sync`, fsync the file
 * before and its folder after. 0 or -1 (tmp removed). */
int	 edxml_out_commit(FILE *fp, const char *tmp, const char *path,
	    int sync, char *err, size_t errlen);
/* edxml_sign_file(), fsyncing the output only with `sync`. */
int	 edxml_sign_to(const char *in, const char *out,
	    const struct edxml_signer *signer, int sync, char *err,
	    size_t errlen);
/* Close and remove `tmp`. */
void	 edxml_out_abort(FILE *fp, const char *tmp);

/* Count UTF-8 characters of `s`; -1 when it is not valid UTF-8. */
long	 edxml_utf8_len(const char *s);

/* ---- the signature passes (edxml_sig.c) ----------------------------- */

#include <openssl/evp.h>

#include "core/buf.h"
#include "core/digest.h"

#define EDXML_CERTS_MAX		8
#define EDXML_TRANSFORMS_MAX	4

enum sigpass_mode {
	SIGPASS_VERIFY,		/* digest (sha1, sha256, sha512), capture */
	SIGPASS_HASH,		/* digest (sha256), find where to sign */
	SIGPASS_WRITE,		/* write the canonical form, insert the
				 * Signature */
	SIGPASS_MAX
};

/* What the first Signature element holds (verify). */
struct sigcap {
	char		*c14n_alg, *sig_alg, *digest_alg, *ref_uri;
	char		*transforms[EDXML_TRANSFORMS_MAX];
	int		 ntransforms, nrefs, has_uri;
	struct buf	 digest, value, certs[EDXML_CERTS_MAX];
	int		 ncerts;
	int		 prefix_list;	/* InclusiveNamespaces PrefixList */
	struct buf	*text;		/* where text goes now, or NULL */
	struct c14n	 si, si_exc;	/* SignedInfo, canonicalized
					 * inclusively and exclusively */
	struct buf	 si_out, si_exc_out;
	int		 si_depth;	/* depth of SignedInfo while open */
	int		 si_done;
};

struct sigpass {
	struct edxml_px	 px;		/* first: the parser's user data */
	enum sigpass_mode mode;
	struct c14n	 main;
	int		 depth;
	int		 skip;		/* depth of the enveloped Signature */
	int		 sig_seen;
	int		 header_depth;	/* depth of an open edXMLHeader */
	int		 trace_depth;	/* depth of its open TraceHeaderList */
	int		 inserted;
	struct sigsink {
		EVP_MD_CTX	*md[3];	/* sha1, sha256, sha512 */
		FILE		*out;
	}		 sink[2];	/* inclusive, exclusive */
	struct c14n	 exc;		/* SIGPASS_VERIFY: exclusive form */
	int		 exc_off;	/* not needed: no longer fed */
	struct c14n	 snap;		/* SIGPASS_HASH: scope at the place */
	const char	*sigxml;	/* SIGPASS_WRITE: the Signature */
	struct sigcap	 cap;
};

/* The digest a verification compares (as edxml_sigpass_digest's
 * `which`), from the captured Signature; -1 when it names none that
 * can be used (the verification then fails on its own). */
int	 edxml_sig_wanted(const struct sigcap *c);

/* Run one pass over `path`. 0 or -1 with `err`. */
int	 edxml_sigpass_run(struct sigpass *p, enum sigpass_mode mode,
	    const char *path, char *err, size_t errlen);
/* The same in steps, to share the parse: set up the pass and its
 * callbacks into `sax` (0 or -1 with `err`), then, once the file is
 * parsed, check the end (0 or -1 with `err`). */
int	 edxml_sigpass_begin(struct sigpass *p, enum sigpass_mode mode,
	    xmlSAXHandler *sax, char *err, size_t errlen);
int	 edxml_sigpass_end(struct sigpass *p, char *err, size_t errlen);

/* ---- the reader in steps (edxml_read.c) ----------------------------- */

/* A reader as edxml_read() with its callbacks in `sax`; its first member
 * is the parser's user data. NULL when out of memory. */
struct edxml_px *edxml_read_begin(struct arena *a, const char *dir,
	    struct edxml_pkg *out, xmlSAXHandler *sax);
/* After the parse (`rc` its result): the package's rules, then the
 * reader freed. 0, or -1 with `err` (the files it made removed). */
int	 edxml_read_end(struct edxml_px *r, int rc, char *err, size_t errlen);
/* The digest of a pass: 0 sha1, 1 sha256, 2 sha512 of the inclusive
 * canonical form; 3, 4, 5 the same of the exclusive one (verify). */
int	 edxml_sigpass_digest(struct sigpass *p, int which,
	    unsigned char *out, unsigned int *len);
void	 edxml_sigpass_release(struct sigpass *p);
/* Decode base64 (whitespace allowed) into a malloc'd `*out`. 0 or -1. */
int	 edxml_b64_decode(const char *s, size_t n, unsigned char **out,
	    size_t *outlen);
/* Encode into `b` (no line breaks). 0 or -1. */
int	 edxml_b64_encode(struct buf *b, const unsigned char *p, size_t n);

#endif
