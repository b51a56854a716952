/*
 * pdftext.c - congso-pdftext, the text of PDF files for the search index.
 *
 * The server starts it once and keeps it: on standard input it reads one
 * request per line, "<max bytes> <path>"; for each it answers on standard
 * output "OK <n>\n" followed by n bytes of UTF-8 text (pages separated by
 * a form feed, at most <max> bytes, possibly cut inside a character), or
 * "ERR <reason>\n". It ends at the end of its input.
 *
 * poppler runs in this process, not in the server, so a file that crashes
 * or hangs the parser costs only this process, which the server kills
 * (CPU-time limit, wall-clock wait) and starts again. Staying resident
 * spares each file the start of a program linked with poppler: pdftotext
 * spent about 8 ms of CPU on a one-page PDF here, most of it loading and
 * relocating its libraries, against about 1 ms for the same page read by
 * a process already running. Of that millisecond most went to poppler's
 * global parameters (its font and character tables), which poppler-glib
 * builds when a document opens while none is open, and frees when the
 * last one closes: so one tiny document is kept open for the life of the
 * process (see keep_poppler_ready).
 */
#include <errno.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PAGES	1000	/* as pdftotext -l 1000 */
#define LINE_MAX_LEN	4096

static void
answer_error(const char *why)
{
	fputs("ERR ", stdout);
	for (; *why; why++)	/* one line */
		putchar(*why == '\n' || *why == '\r' ? ' ' : *why);
	putchar('\n');
}

static void
extract(const char *path, size_t max)
{
	PopplerDocument *doc;
	GError *e = NULL;
	GString *out;
	gchar *uri;
	int i, n;

	if ((uri = g_filename_to_uri(path, NULL, &e)) == NULL) {
		answer_error(e ? e->message : "bad path");
		g_clear_error(&e);
		return;
	}
	doc = poppler_document_new_from_file(uri, NULL, &e);
	g_free(uri);
	if (doc == NULL) {
		answer_error(e ? e->message : "not a PDF");
		g_clear_error(&e);
		return;
	}
	out = g_string_sized_new(4096);
	n = poppler_document_get_n_pages(doc);
	for (i = 0; i < n && i < MAX_PAGES && out->len < max; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		char *t;

		if (page == NULL)
			continue;
		if ((t = poppler_page_get_text(page)) != NULL) {
			g_string_append(out, t);
			g_string_append_c(out, '\f');
			g_free(t);
		}
		g_object_unref(page);
	}
	g_object_unref(doc);
	if (out->len > max)
		g_string_truncate(out, max);
	printf("OK %zu\n", out->len);
	fwrite(out->str, 1, out->len, stdout);
	g_string_free(out, TRUE);
}

/*
 * A one-page PDF with no content, opened at start and closed at the end,
 * so that poppler's global parameters outlive every request. Offsets:
 * objects at 9, 58 and 115, the table at 184.
 */
static const char empty_pdf[] =
    "%PDF-1.4\n"
    "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>\n"
    "endobj\n"
    "xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n"
    "0000000058 00000 n \n0000000115 00000 n \n"
    "trailer << /Size 4 /Root 1 0 R >>\nstartxref\n184\n%%EOF\n";

static PopplerDocument *
keep_poppler_ready(void)
{
	GBytes *b = g_bytes_new_static(empty_pdf, sizeof(empty_pdf) - 1);
	PopplerDocument *doc = poppler_document_new_from_bytes(b, NULL, NULL);

	g_bytes_unref(b);
	return doc;	/* NULL: each file just costs more */
}

int
main(void)
{
	char line[LINE_MAX_LEN], *path, *end;
	size_t len;
	unsigned long long max;
	PopplerDocument *keeper;
	int c;

	keeper = keep_poppler_ready();
	while (fgets(line, sizeof(line), stdin) != NULL) {
		len = strlen(line);
		if (len == 0 || line[len - 1] != '\n') {
			while ((c = getchar()) != EOF && c != '\n')
				;
			answer_error("request too long");
		} else {
			line[len - 1] = '\0';
			errno = 0;
			max = strtoull(line, &end, 10);
			path = end;
			if (errno != 0 || end == line || *path != ' ' ||
			    max == 0)
				answer_error("bad request");
			else
				extract(path + 1, (size_t)max);
		}
		if (fflush(stdout) == EOF)
			return 1;
	}
	if (keeper)
		g_object_unref(keeper);
	return 0;
}
