/*
 * fuzz_csv.c - libFuzzer harness for the CSV reader and writer.
 *
 * The input is read twice, from memory and through a FILE*, with small
 * limits so they are often hit; both passes must agree record by record.
 * Every record must respect the limits and hold valid UTF-8, and writing
 * it with the CSV writer and reading that back must give the same fields.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/fold.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct csv_limits small = { 64, 8, 256 };

/* Write the record and read it back. */
static void
round_trip(const struct csv_record *rec)
{
	struct csv_reader r;
	struct csv_record back;
	struct csv_writer w;
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	csv_writer_init(&w, &b);
	for (i = 0; i < rec->nfields; i++)
		if (csv_write_field(&w, rec->fields[i], rec->lens[i]) < 0)
			abort();
	if (csv_end_record(&w) < 0)
		abort();
	csv_reader_init_mem(&r, b.data, b.len, NULL);
	if (csv_read(&r, &back) != 1 || back.nfields != rec->nfields ||
	    back.line != 1)
		abort();
	for (i = 0; i < rec->nfields; i++)
		if (back.lens[i] != rec->lens[i] ||
		    memcmp(back.fields[i], rec->fields[i], rec->lens[i]) != 0)
			abort();
	if (csv_read(&r, &back) != 0)
		abort();
	csv_reader_release(&r);
	buf_release(&b);
}

static void
check_record(const struct csv_record *rec, const struct csv_limits *lim,
    unsigned long maxline)
{
	size_t i;

	if (rec->nfields < 1 || rec->nfields > lim->max_fields)
		abort();
	if (rec->line < 1 || rec->line > maxline)
		abort();
	for (i = 0; i < rec->nfields; i++) {
		if (rec->lens[i] > lim->max_field ||
		    strlen(rec->fields[i]) != rec->lens[i] ||
		    !utf8_valid(rec->fields[i], rec->lens[i]))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader rm, rf;
	struct csv_record a, b;
	unsigned long maxline = 1, prev = 0, calls = 0;
	FILE *fp = NULL;
	char *copy;
	size_t i;
	int ra, rb;

	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			maxline++;
	/* fmemopen() wants a writable buffer even for reading. */
	if ((copy = malloc(size + 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	if (size > 0)
		fp = fmemopen(copy, size, "r");
	csv_reader_init_mem(&rm, data, size, &small);
	csv_reader_init(&rf, fp, &small);
	for (;;) {
		/* Each call consumes at least one line: no endless loop. */
		if (++calls > maxline + 2)
			abort();
		ra = csv_read(&rm, &a);
		rb = fp ? csv_read(&rf, &b) : 0;
		if (ra != rb)
			abort();
		if (ra == 0)
			break;
		if (ra < 0) {
			if (rm.err.code != rf.err.code ||
			    rm.err.line != rf.err.line ||
			    rm.err.column != rf.err.column ||
			    strcmp(rm.err.msg, rf.err.msg) != 0 ||
			    rm.err.line < 1 || rm.err.line > maxline ||
			    !utf8_valid(rm.err.msg, strlen(rm.err.msg)))
				abort();
			continue;
		}
		check_record(&a, &small, maxline);
		if (a.line <= prev || a.line != b.line || a.nfields != b.nfields)
			abort();
		prev = a.line;
		for (i = 0; i < a.nfields; i++)
			if (strcmp(a.fields[i], b.fields[i]) != 0)
				abort();
		round_trip(&a);
	}
	csv_reader_release(&rm);
	csv_reader_release(&rf);
	if (fp)
		fclose(fp);
	free(copy);
	return 0;
}
