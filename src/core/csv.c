/* csv.c - RFC 4180 CSV reader and writer; see csv.h for the rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "fold.h"
#include "log.h"

static const char *const csv_errstr[CSV_ERR_MAX] = {
	[CSV_OK] = "không có lỗi",
	[CSV_EQUOTE_OPEN] = "dấu ngoặc kép chưa đóng",
	[CSV_EQUOTE_AFTER] = "có ký tự ngay sau dấu ngoặc kép đóng "
	    "(chỉ được là dấu phẩy hoặc xuống dòng)",
	[CSV_EQUOTE_BARE] = "dấu ngoặc kép nằm trong trường không được "
	    "bao bởi dấu ngoặc kép",
	[CSV_ECR] = "ký tự CR đứng riêng (chỉ nhận xuống dòng CRLF hoặc LF)",
	[CSV_ENUL] = "chứa ký tự NUL",
	[CSV_EUTF8] = "không phải UTF-8 hợp lệ",
	[CSV_EFIELD_LONG] = "trường quá dài",
	[CSV_EFIELDS] = "quá nhiều trường trong một bản ghi",
	[CSV_ERECORD_LONG] = "bản ghi quá dài",
	[CSV_EIO] = "lỗi khi đọc tệp",
};

/* Where the parser is inside a record. */
enum csv_state {
	ST_START,	/* at the start of a field */
	ST_PLAIN,	/* inside an unquoted field */
	ST_QUOTED,	/* inside a quoted field */
	ST_QUOTE,	/* a quote inside a quoted field: "" or the end */
	ST_CR,		/* a CR outside quotes, LF expected */
	ST_MAX
};

/* The record being parsed (one csv_read() call). */
struct csv_parse {
	enum csv_state	 state;
	unsigned long	 rec_line;	/* 0 until the first byte */
	unsigned long	 field_line;	/* line of the field's first byte */
	unsigned long	 quote_line;	/* line of the opening quote */
	size_t		 quote_off;	/* raw offset after the first line
					   break inside the quotes, 0 none */
	size_t		 nfields;	/* finished fields */
	size_t		 fstart;	/* current field's offset in text */
	size_t		 flen;		/* its length so far */
	int		 quoted;	/* current field began with a quote */
};

const char *
csv_strerror(enum csv_err code)
{
	if ((unsigned)code >= CSV_ERR_MAX)
		return "lỗi không xác định";
	return csv_errstr[code];
}

static void
limits_set(struct csv_limits *dst, const struct csv_limits *src)
{
	dst->max_field = src && src->max_field ? src->max_field :
	    CSV_DEFAULT_MAX_FIELD;
	dst->max_fields = src && src->max_fields ? src->max_fields :
	    CSV_DEFAULT_MAX_FIELDS;
	dst->max_record = src && src->max_record ? src->max_record :
	    CSV_DEFAULT_MAX_RECORD;
}

static void
reader_init(struct csv_reader *r, const struct csv_limits *lim)
{
	memset(r, 0, sizeof(*r));
	limits_set(&r->lim, lim);
	buf_init(&r->back, 0);
	buf_init(&r->raw, 0);
	buf_init(&r->text, 0);
	r->last = -1;
	r->line = 1;
}

void
csv_reader_init(struct csv_reader *r, FILE *fp, const struct csv_limits *lim)
{
	reader_init(r, lim);
	r->fp = fp;
}

void
csv_reader_init_mem(struct csv_reader *r, const void *data, size_t len,
    const struct csv_limits *lim)
{
	reader_init(r, lim);
	r->mem = data;
	r->memlen = data ? len : 0;
}

void
csv_reader_release(struct csv_reader *r)
{
	buf_release(&r->back);
	buf_release(&r->raw);
	buf_release(&r->text);
	free(r->offs);
	free(r->lens);
	free(r->ptrs);
	r->offs = NULL;
	r->lens = NULL;
	r->ptrs = NULL;
	r->nalloc = 0;
}

/* Next byte of the input, bytes put back first; EOF at the end. */
static int
src_getc(struct csv_reader *r)
{
	size_t n;

	if (r->backpos < r->back.len) {
		int c = (unsigned char)r->back.data[r->backpos++];

		if (r->backpos == r->back.len) {
			buf_reset(&r->back);
			r->backpos = 0;
		}
		return c;
	}
	if (r->eof)
		return EOF;
	if (r->fp == NULL) {
		if (r->mempos < r->memlen)
			return r->mem[r->mempos++];
		r->eof = 1;
		return EOF;
	}
	if (r->inpos == r->inlen) {
		n = fread(r->in, 1, sizeof(r->in), r->fp);
		if (n == 0) {
			r->eof = 1;
			if (ferror(r->fp))
				r->ioerr = 1;
			return EOF;
		}
		r->inlen = n;
		r->inpos = 0;
	}
	return r->in[r->inpos++];
}

/* Take one byte, keeping r->line as the line of the last byte taken. */
static int
take(struct csv_reader *r)
{
	int c;

	if ((c = src_getc(r)) == EOF)
		return EOF;
	if (r->last == '\n')
		r->line++;
	r->last = c;
	return c;
}

/* Queue bytes so they are read again before the rest of the input. */
static void
put_back(struct csv_reader *r, const char *p, size_t n)
{
	struct buf nb;

	buf_init(&nb, 0);
	buf_add(&nb, p, n);
	buf_add(&nb, r->back.data + r->backpos, r->back.len - r->backpos);
	buf_release(&r->back);
	r->back = nb;
	r->backpos = 0;
}

/* Drop a UTF-8 byte order mark at the start of the input. */
static void
skip_bom(struct csv_reader *r)
{
	static const char bom[] = "\xef\xbb\xbf";
	char got[3];
	size_t n;
	int c;

	for (n = 0; n < 3; n++) {
		if ((c = src_getc(r)) == EOF)
			break;
		got[n] = (char)c;
		if (got[n] != bom[n]) {
			n++;
			break;
		}
	}
	if (n == 3 && memcmp(got, bom, 3) == 0)
		return;
	put_back(r, got, n);
}

static void
skip_line(struct csv_reader *r)
{
	while (r->last != '\n')
		if (take(r) == EOF)
			break;
}

static int
fail(struct csv_reader *r, struct csv_parse *p, enum csv_err code,
    unsigned long line)
{
	struct csv_error *e = &r->err;
	int n;

	e->code = code;
	e->line = line;
	e->record_line = p->rec_line ? p->rec_line : line;
	e->column = p->nfields + 1;
	n = snprintf(e->msg, sizeof(e->msg), "dòng %lu, cột %zu: %s", line,
	    e->column, csv_strerror(code));
	if (n < 0 || (size_t)n >= sizeof(e->msg))
		return -1;
	if (code == CSV_EFIELD_LONG)
		snprintf(e->msg + n, sizeof(e->msg) - (size_t)n,
		    " (tối đa %zu byte)", r->lim.max_field);
	else if (code == CSV_EFIELDS)
		snprintf(e->msg + n, sizeof(e->msg) - (size_t)n,
		    " (tối đa %zu)", r->lim.max_fields);
	else if (code == CSV_ERECORD_LONG)
		snprintf(e->msg + n, sizeof(e->msg) - (size_t)n,
		    " (tối đa %zu byte)", r->lim.max_record);
	n = (int)strlen(e->msg);
	if ((code == CSV_EFIELD_LONG || code == CSV_ERECORD_LONG) &&
	    p->state == ST_QUOTED && p->quote_off != 0)
		snprintf(e->msg + n, sizeof(e->msg) - (size_t)n,
		    "; có thể dấu ngoặc kép mở ở dòng %lu chưa được đóng",
		    p->quote_line);
	return -1;
}

/* Fail on a byte: the reader goes on from the next line. */
static int
fail_here(struct csv_reader *r, struct csv_parse *p, enum csv_err code)
{
	r->skip = 1;
	return fail(r, p, code, r->line);
}

static int
add_text(struct csv_reader *r, struct csv_parse *p, int c)
{
	if (c == '\0')
		return fail_here(r, p, CSV_ENUL);
	if (p->flen >= r->lim.max_field)
		return fail_here(r, p, CSV_EFIELD_LONG);
	buf_addch(&r->text, c);
	p->flen++;
	return 0;
}

/* Line of the first invalid UTF-8 in the current field, 0 if none. The
 * field is checked line by line: a line break never splits a valid
 * sequence, so a sequence cut by one is reported on its own line. */
static unsigned long
field_bad_line(const struct csv_reader *r, const struct csv_parse *p)
{
	const char *s = r->text.data + p->fstart, *end = s + p->flen, *nl;
	unsigned long line = p->field_line;

	if (utf8_valid(s, p->flen))
		return 0;
	for (;; line++) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (!utf8_valid(s, (size_t)((nl ? nl : end) - s)))
			return line;
		if (nl == NULL)
			return p->field_line;	/* not reached */
		s = nl + 1;
	}
}

static void
grow_fields(struct csv_reader *r, size_t need)
{
	size_t n = r->nalloc ? r->nalloc : 16;

	if (need <= r->nalloc)
		return;
	while (n < need)
		n *= 2;
	r->offs = reallocarray(r->offs, n, sizeof(*r->offs));
	r->lens = reallocarray(r->lens, n, sizeof(*r->lens));
	r->ptrs = reallocarray(r->ptrs, n, sizeof(*r->ptrs));
	if (r->offs == NULL || r->lens == NULL || r->ptrs == NULL)
		fatal("%s: out of memory (%zu fields)", __func__, n);
	r->nalloc = n;
}

/* Close the current field. The caller reports an error on -1. */
static int
end_field(struct csv_reader *r, struct csv_parse *p)
{
	unsigned long bad;

	if ((bad = field_bad_line(r, p)) != 0) {
		r->skip = 1;
		return fail(r, p, CSV_EUTF8, bad);
	}
	grow_fields(r, p->nfields + 1);
	r->offs[p->nfields] = p->fstart;
	r->lens[p->nfields] = p->flen;
	buf_addch(&r->text, '\0');
	p->nfields++;
	p->fstart = r->text.len;
	p->flen = 0;
	p->quoted = 0;
	return 0;
}

/* A comma: close the field, and make sure another one is allowed. */
static int
next_field(struct csv_reader *r, struct csv_parse *p)
{
	if (end_field(r, p) < 0)
		return -1;
	if (p->nfields + 1 > r->lim.max_fields)
		return fail_here(r, p, CSV_EFIELDS);
	p->state = ST_START;
	return 0;
}

static void
parse_reset(struct csv_reader *r, struct csv_parse *p)
{
	memset(p, 0, sizeof(*p));
	p->state = ST_START;
	buf_reset(&r->raw);
	buf_reset(&r->text);
}

/* End of input inside quotes: report the quote's line and read again the
 * lines it swallowed. */
static int
fail_open_quote(struct csv_reader *r, struct csv_parse *p)
{
	fail(r, p, CSV_EQUOTE_OPEN, p->quote_line);
	if (p->quote_off != 0) {
		put_back(r, r->raw.data + p->quote_off,
		    r->raw.len - p->quote_off);
		r->line = p->quote_line;
		r->last = '\n';
	}
	r->skip = 0;
	return -1;
}

/* Handle one byte; 1 when it ended the record, 0 to go on, -1 on error. */
static int
step(struct csv_reader *r, struct csv_parse *p, int c)
{
	int eol = c == '\n' || c == '\r';

	buf_addch(&r->raw, c);
	if ((p->state == ST_QUOTED || !eol) && r->raw.len > r->lim.max_record)
		return fail_here(r, p, CSV_ERECORD_LONG);

	switch (p->state) {
	case ST_START:
		p->field_line = r->line;
		if (c == '"') {
			p->quoted = 1;
			p->quote_line = r->line;
			p->quote_off = 0;
			p->state = ST_QUOTED;
			return 0;
		}
		/* FALLTHROUGH */
	case ST_PLAIN:
		if (c == ',')
			return next_field(r, p);
		if (c == '\n')
			return 1;
		if (c == '\r') {
			p->state = ST_CR;
			return 0;
		}
		if (c == '"')
			return fail_here(r, p, CSV_EQUOTE_BARE);
		p->state = ST_PLAIN;
		return add_text(r, p, c);
	case ST_QUOTED:
		if (c == '"') {
			p->state = ST_QUOTE;
			return 0;
		}
		if (c == '\n' && p->quote_off == 0)
			p->quote_off = r->raw.len;
		return add_text(r, p, c);
	case ST_QUOTE:
		if (c == '"') {
			p->state = ST_QUOTED;
			return add_text(r, p, c);
		}
		if (c == ',')
			return next_field(r, p);
		if (c == '\n')
			return 1;
		if (c == '\r') {
			p->state = ST_CR;
			return 0;
		}
		return fail_here(r, p, CSV_EQUOTE_AFTER);
	case ST_CR:
		if (c == '\n')
			return 1;
		return fail_here(r, p, CSV_ECR);
	case ST_MAX:
		break;
	}
	return -1;
}

int
csv_read(struct csv_reader *r, struct csv_record *rec)
{
	struct csv_parse p;
	size_t i;
	int c, rc;

	if (!r->started) {
		r->started = 1;
		skip_bom(r);
	}
	if (r->skip) {
		r->skip = 0;
		skip_line(r);
	}
	memset(&r->err, 0, sizeof(r->err));
	parse_reset(r, &p);
	for (;;) {
		if ((c = take(r)) == EOF) {
			if (r->ioerr == 1) {
				r->ioerr = 2;
				return fail(r, &p, CSV_EIO, r->line);
			}
			if (p.state == ST_QUOTED)
				return fail_open_quote(r, &p);
			if (p.rec_line == 0)
				return 0;
		} else {
			if (p.rec_line == 0)
				p.rec_line = r->line;
			if ((rc = step(r, &p, c)) < 0)
				return -1;
			if (rc == 0)
				continue;
		}
		/* End of the record: a line break, or the end of the input. */
		if (p.nfields == 0 && p.flen == 0 && !p.quoted) {
			/* A blank line (no bytes, or a lone line break). */
			if (c == EOF)
				return 0;
			parse_reset(r, &p);
			continue;
		}
		if (end_field(r, &p) < 0)
			return -1;
		break;
	}
	for (i = 0; i < p.nfields; i++)
		r->ptrs[i] = r->text.data + r->offs[i];
	rec->fields = r->ptrs;
	rec->lens = r->lens;
	rec->nfields = p.nfields;
	rec->line = p.rec_line;
	return 1;
}

/* Writer. */

void
csv_writer_init(struct csv_writer *w, struct buf *out)
{
	w->out = out;
	w->nfields = 0;
	w->rec_start = out->len;
}

int
csv_write_bom(struct csv_writer *w)
{
	return buf_add(w->out, "\xef\xbb\xbf", 3);
}

static int
needs_quotes(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return 0;
	if (s[0] == ' ' || s[len - 1] == ' ')
		return 1;
	/* At the start of the output it would be read back as a BOM. */
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		return 1;
	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

int
csv_write_field(struct csv_writer *w, const char *s, size_t len)
{
	struct buf *out = w->out;
	size_t old = out->len, i, from;

	if (w->nfields == 0)
		w->rec_start = out->len;
	else if (buf_addch(out, ',') < 0)
		goto fail;
	if (!needs_quotes(s, len)) {
		if (buf_add(out, s, len) < 0)
			goto fail;
	} else {
		if (buf_addch(out, '"') < 0)
			goto fail;
		for (i = from = 0; i < len; i++) {
			if (s[i] != '"')
				continue;
			/* Copy up to and including the quote, then double it. */
			if (buf_add(out, s + from, i + 1 - from) < 0 ||
			    buf_addch(out, '"') < 0)
				goto fail;
			from = i + 1;
		}
		if (buf_add(out, s + from, len - from) < 0 ||
		    buf_addch(out, '"') < 0)
			goto fail;
	}
	w->nfields++;
	return 0;
fail:
	buf_truncate(out, old);
	return -1;
}

int
csv_write_str(struct csv_writer *w, const char *s)
{
	return csv_write_field(w, s, strlen(s));
}

int
csv_end_record(struct csv_writer *w)
{
	struct buf *out = w->out;
	size_t old = out->len;

	if (w->nfields == 1 && out->len == w->rec_start &&
	    buf_add(out, "\"\"", 2) < 0)
		goto fail;
	if (buf_add(out, "\r\n", 2) < 0)
		goto fail;
	w->nfields = 0;
	w->rec_start = out->len;
	return 0;
fail:
	buf_truncate(out, old);
	return -1;
}
