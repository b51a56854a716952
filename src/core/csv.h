/*
 * csv.h - RFC 4180 CSV: a streaming reader for imports and a writer for
 * exports.
 *
 * Reader. Input is UTF-8, from a FILE* or from memory. A UTF-8 byte order
 * mark at the very start is skipped; records end with CRLF or LF; fields are
 * separated by commas; a field may be enclosed in double quotes, and then
 * may hold commas, line breaks and "" (one literal quote). Lines with no
 * bytes at all are skipped (write a one-field empty record as ""). Every
 * record carries the line number (from 1) where it starts, so a record after
 * a field with line breaks still names its real line.
 *
 * Strict by design: the reader rejects, with a Vietnamese message naming the
 * line and column, an unclosed quote, a character after a closing quote, a
 * quote inside an unquoted field, a CR not followed by LF outside quotes, a
 * NUL byte, invalid UTF-8, and any limit passed. After such an error the
 * reader skips the rest of the line it had reached and carries on with the
 * next one, so an importer can list every bad row in one pass. An unclosed
 * quote is only noticed at the end of the input; the reader then goes back
 * to the line after the one where the quote opened, so the lines it
 * swallowed are read again as records of their own.
 *
 * Memory is bounded by the limits: about max_record bytes for the record
 * and as much again for going back after an unclosed quote.
 */
#ifndef CONGSO_CSV_H
#define CONGSO_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"

/* Defaults used for a limit given as 0. */
#define CSV_DEFAULT_MAX_FIELD	(64 * 1024)
#define CSV_DEFAULT_MAX_FIELDS	256
#define CSV_DEFAULT_MAX_RECORD	(1024 * 1024)

struct csv_limits {
	size_t	 max_field;	/* bytes in one field, after unquoting */
	size_t	 max_fields;	/* fields in one record */
	size_t	 max_record;	/* bytes of one record as read, quotes and
				   inner line breaks included, final line
				   break excluded */
};

enum csv_err {
	CSV_OK,
	CSV_EQUOTE_OPEN,	/* end of input inside a quoted field */
	CSV_EQUOTE_AFTER,	/* a character after a closing quote */
	CSV_EQUOTE_BARE,	/* a quote inside an unquoted field */
	CSV_ECR,		/* CR not followed by LF outside quotes */
	CSV_ENUL,		/* a NUL byte */
	CSV_EUTF8,		/* a field is not valid UTF-8 */
	CSV_EFIELD_LONG,	/* a field longer than max_field */
	CSV_EFIELDS,		/* more than max_fields fields */
	CSV_ERECORD_LONG,	/* a record longer than max_record */
	CSV_EIO,		/* the FILE* reported a read error */
	CSV_ERR_MAX
};

/* The problem with the last bad record. */
struct csv_error {
	enum csv_err	 code;
	unsigned long	 line;		/* line the problem is on */
	unsigned long	 record_line;	/* line where the bad record starts */
	size_t		 column;	/* field number, from 1 */
	char		 msg[256];	/* "dòng 7, cột 2: ..." (Vietnamese) */
};

/*
 * One record. Points into storage owned by the reader: valid until the next
 * csv_read() or csv_reader_release() on that reader. fields[i] is
 * NUL-terminated and lens[i] is its length (fields hold no NUL bytes and are
 * valid UTF-8). nfields >= 1.
 */
struct csv_record {
	const char	**fields;
	const size_t	 *lens;
	size_t		  nfields;
	unsigned long	  line;
};

/*
 * Reader state. Callers only read `err`, after csv_read() returned -1; the
 * other members are private.
 */
struct csv_reader {
	struct csv_error	 err;

	struct csv_limits	 lim;
	FILE			*fp;		/* not owned, never closed */
	const unsigned char	*mem;		/* not owned */
	size_t			 memlen, mempos;
	unsigned char		 in[4096];	/* read-ahead from fp */
	size_t			 inlen, inpos;
	struct buf		 back;		/* bytes to read again */
	size_t			 backpos;
	int			 eof;		/* source exhausted (or failed) */
	int			 ioerr;		/* 1 pending, 2 reported */
	int			 started;	/* BOM check done */
	int			 skip;		/* skip to the next line first */
	int			 last;		/* last byte taken, -1 none */
	unsigned long		 line;		/* line of the next byte */

	struct buf		 raw;		/* current record as read */
	struct buf		 text;		/* fields, each NUL-terminated */
	size_t			*offs;		/* field starts in text */
	size_t			*lens;
	const char		**ptrs;
	size_t			 nalloc;	/* entries in offs/lens/ptrs */
};

/*
 * Start reading from `fp` (which stays the caller's: it is neither closed
 * nor rewound) or from the `len` bytes at `data` (not copied: they must
 * outlive the reader). `lim` may be NULL for the defaults; a 0 member means
 * its default. Release with csv_reader_release().
 */
void	 csv_reader_init(struct csv_reader *r, FILE *fp,
	    const struct csv_limits *lim);
void	 csv_reader_init_mem(struct csv_reader *r, const void *data,
	    size_t len, const struct csv_limits *lim);
/* Free what the reader allocated; records it returned become invalid. */
void	 csv_reader_release(struct csv_reader *r);

/*
 * Read the next record into `rec`. Returns 1 for a record, 0 at the end of
 * the input, -1 for a bad record: r->err says what and where, and the next
 * call carries on after it (see the top of this file). After CSV_EIO the
 * input is treated as ended.
 */
int	 csv_read(struct csv_reader *r, struct csv_record *rec);

/* The Vietnamese description of an error code, without line or column. */
const char *csv_strerror(enum csv_err code);

/*
 * Writer: appends CSV to a caller-owned buffer, records ending in CRLF.
 * A field is quoted when it holds a comma, quote, CR or LF, starts or
 * ends with a space, or starts with U+FEFF (the BOM bytes); a record made of one empty field is written as "" so it
 * is not read back as a blank line. Values are written as given: the writer
 * neither validates UTF-8 nor guards spreadsheet formulas.
 */
struct csv_writer {
	struct buf	*out;		/* not owned */
	size_t		 nfields;	/* in the current record */
	size_t		 rec_start;	/* out->len when the record began */
};

void	 csv_writer_init(struct csv_writer *w, struct buf *out);
/* Append the UTF-8 byte order mark, which spreadsheet programs need to
 * show Vietnamese text correctly. Call before the first record. 0 or -1. */
int	 csv_write_bom(struct csv_writer *w);
/* Append one field of `len` bytes, or a NUL-terminated one. 0, or -1 when
 * the buffer limit is reached (the buffer is then left as before the call
 * and the record should be abandoned). */
int	 csv_write_field(struct csv_writer *w, const char *s, size_t len);
int	 csv_write_str(struct csv_writer *w, const char *s);
/* End the record with CRLF. 0 or -1 (buffer limit). */
int	 csv_end_record(struct csv_writer *w);

#endif
