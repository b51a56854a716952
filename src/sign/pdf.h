/*
 * pdf.h - a reader for PDF files that come from outside: tokenizer and
 * object parser, cross-reference tables and streams, object streams,
 * incremental updates, pages, the interactive form and its signature
 * fields. Used by the signer and the verifier of the sign module; not a
 * public header of the module (that is sign.h).
 *
 * Everything the reader allocates lives in the document's arena and is
 * freed by pdf_close(). Every count, size and depth has a limit; passing
 * one is an error with a message, never a crash. Errors are recorded in
 * doc->err (Vietnamese, for the user) and functions return -1 or NULL.
 */
#ifndef CONGSO_SIGN_PDF_H
#define CONGSO_SIGN_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"

#define PDF_MAX_DEPTH		48		/* nesting of arrays/dicts */
#define PDF_MAX_STRING		(16u << 20)	/* one string, bytes */
#define PDF_MAX_NAME		1024		/* one name, bytes */
#define PDF_MAX_ITEMS		200000		/* entries of one array/dict */
#define PDF_MAX_OBJNUM		4000000		/* highest object number */
#define PDF_MAX_MEM		(192u << 20)	/* parsed objects, bytes */
#define PDF_MAX_SECTIONS	512		/* cross-reference sections */
#define PDF_MAX_DECODED		(64u << 20)	/* one decoded stream */
#define PDF_MAX_REFS		64		/* chained indirect references */
#define PDF_MAX_PAGES_DEPTH	64		/* page tree depth */
#define PDF_MAX_FIELDS		10000		/* form fields visited */
#define PDF_ERR_MAX		256

enum pdf_type {
	PDF_NULL, PDF_BOOL, PDF_INT, PDF_REAL, PDF_STRING, PDF_NAME,
	PDF_ARRAY, PDF_DICT, PDF_REF, PDF_STREAM, PDF_TYPE_MAX
};

/*
 * One parsed object. `s`/`len` hold the bytes of a string, the decoded
 * name (without '/') or the text of a real; `items` the elements of an
 * array, `keys`/`items` the entries of a dictionary or of a stream's
 * dictionary (`n` of them); a stream's data is at file offset `soff`,
 * `slen` bytes (already checked to lie inside the file).
 */
struct pdf_obj {
	enum pdf_type	  type;
	int		  b;
	long long	  i;
	char		 *s;
	size_t		  len;
	struct pdf_obj	**items;
	char		**keys;
	size_t		  n;
	uint32_t	  num;		/* PDF_REF: object number */
	uint16_t	  gen;		/* PDF_REF: generation */
	uint64_t	  soff, slen;	/* PDF_STREAM */
};

/* A cross-reference entry: free, at an offset, or inside an object
 * stream (`off` is then the stream's object number, `idx` the index). */
enum pdf_xtype { PDF_X_NONE, PDF_X_FREE, PDF_X_OFFSET, PDF_X_COMPRESSED };

struct pdf_xent {
	uint8_t		 type;
	uint16_t	 gen;
	uint32_t	 idx;
	uint64_t	 off;
};

/* One section of the /Prev chain, newest first in pdf_doc.sec. */
struct pdf_section {
	uint64_t	  off;		/* where "xref" or the stream starts */
	int		  is_stream;
	size_t		  n;
	uint32_t	 *nums;
	struct pdf_xent	 *ents;
	struct pdf_obj	 *trailer;
};

/* The objects as of one revision: entries merged from some sections. */
struct pdf_view {
	struct pdf_xent	 *ent;
	size_t		  n;
	struct pdf_obj	**cache;
};

struct pdf_objstm;

struct pdf_doc {
	const uint8_t	 *data;
	size_t		  len;
	void		 *map;		/* mmap of an opened file */
	struct arena	  arena;
	size_t		  mem;
	struct pdf_section *sec;
	size_t		  nsec;
	struct pdf_view	  view;		/* the newest revision */
	struct pdf_obj	 *trailer;	/* newest trailer */
	uint64_t	  startxref;
	struct pdf_objstm *ostm;	/* decoded object streams */
	int		  depth;	/* resolution depth */
	char		  err[PDF_ERR_MAX];
};

/* Read the cross-reference chain of `len` bytes at `data` (kept, not
 * copied: it must outlive the document). 0, or -1 with doc->err set:
 * not a PDF, damaged cross-reference, encrypted. */
int	 pdf_open_mem(struct pdf_doc *d, const void *data, size_t len);
/* Map the file at `path` read-only and open it as above. */
int	 pdf_open_file(struct pdf_doc *d, const char *path);
/* Free what the document holds (safe on a zeroed or failed one). */
void	 pdf_close(struct pdf_doc *d);
/* Record an error (the first one stays). Returns -1. */
int	 pdf_err(struct pdf_doc *d, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Parse one object from memory (tokenizer and parser; no indirect
 * lookups). `*pos` advances past it. NULL on error. */
struct pdf_obj *pdf_parse(struct pdf_doc *d, const uint8_t *base,
	    size_t len, size_t *pos);
/* Skip white space and comments from `pos`; the new position. */
size_t	 pdf_skip_ws(const uint8_t *base, size_t len, size_t pos);
/* Whether a keyword `kw` starts at `pos` and is followed by a delimiter. */
int	 pdf_keyword_at(const uint8_t *base, size_t len, size_t pos,
	    const char *kw);

/* The object `num` of the newest revision, or of view `v`: parsed,
 * a PDF_NULL object when absent/free, NULL on a damaged file. */
struct pdf_obj *pdf_get(struct pdf_doc *d, uint32_t num);
struct pdf_obj *pdf_get_in(struct pdf_doc *d, struct pdf_view *v,
	    uint32_t num);
/* Follow references (in view `v`, NULL for the newest). */
struct pdf_obj *pdf_resolve(struct pdf_doc *d, struct pdf_view *v,
	    struct pdf_obj *o);
/* Dictionary (or stream) lookup, unresolved, or NULL. */
struct pdf_obj *pdf_dict_get(const struct pdf_obj *dict, const char *key);
/* Lookup and resolve in the newest revision. */
struct pdf_obj *pdf_dget(struct pdf_doc *d, struct pdf_obj *dict,
	    const char *key);
/* 1 when `o` is the name `name`. */
int	 pdf_is_name(const struct pdf_obj *o, const char *name);
/* The decoded data of a stream (FlateDecode with PNG predictors, or no
 * filter) into `out`, at most PDF_MAX_DECODED bytes. 0 or -1. */
int	 pdf_stream_decode(struct pdf_doc *d, struct pdf_view *v,
	    struct pdf_obj *stream, struct buf *out);
/* Build the view of the revision that ends at byte `end`: the sections
 * that start before it. 0, or -1 when none does. Free with
 * pdf_view_release(). */
int	 pdf_view_at(struct pdf_doc *d, uint64_t end, struct pdf_view *v);
void	 pdf_view_release(struct pdf_view *v);

/* Page `pageno` (1-based; 0 for the last) of the newest revision: its
 * object number and dictionary; the page count into `*count`. 0 or -1. */
int	 pdf_page(struct pdf_doc *d, int pageno, uint32_t *num,
	    struct pdf_obj **page, int *count);

/* A signature field with a value. */
struct pdf_sig {
	char		*name;		/* the field's /T (UTF-8 best effort) */
	uint32_t	 field;		/* field object number (0: direct) */
	long long	 range[4];	/* /ByteRange */
	uint8_t		*contents;	/* /Contents bytes */
	size_t		 clen;
	char		*subfilter;
	char		*m;		/* /M, raw text, or NULL */
	char		*reason;
};

/* The signature fields of the newest revision's form, in field order.
 * `*list` lives in the document's arena. 0 or -1. */
int	 pdf_sigs(struct pdf_doc *d, struct pdf_sig **list, size_t *n);
/* Every field name of the form into a NULL-terminated array (arena). */
int	 pdf_field_names(struct pdf_doc *d, char ***names);

/* Write `o` in PDF syntax (strings as hex). 0 or -1. */
int	 pdf_write_obj(struct buf *b, const struct pdf_obj *o);
/* Allocate a zeroed object in the document's arena. */
struct pdf_obj *pdf_new(struct pdf_doc *d, enum pdf_type t);
void	*pdf_alloc(struct pdf_doc *d, size_t n);

#endif
