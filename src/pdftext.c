/*
 * pdftext.c - congso-pdftext, the text of PDF files for the search index.
 *
 * The server starts it once and keeps it: its standard input is a Unix
 * socket of records (SOCK_SEQPACKET) on which it reads one request per
 * record, "<max bytes>\n", each sent with the descriptor of the PDF to
 * read (SCM_RIGHTS; it opens no file by name). For each it answers on standard output "OK <n>\n" followed by n
 * bytes of UTF-8 text (pages separated by a form feed, at most <max>
 * bytes, possibly cut inside a character), or "ERR <reason>\n". It ends
 * at the end of its input.
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
#include <stdint.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PAGES	1000	/* as pdftotext -l 1000 */
#define LINE_MAX_LEN	64

static void
answer_error(const char *why)
{
	fputs("ERR ", stdout);
	for (; *why; why++)	/* one line */
		putchar(*why == '\n' || *why == '\r' ? ' ' : *why);
	putchar('\n');
}

/* The file's bytes, mapped (the descriptor may be closed after). */
struct mapping {
	void	*at;
	size_t	 len;
};

static void
unmap(gpointer data)
{
	struct mapping *m = data;

	munmap(m->at, m->len);
	g_free(m);
}

static void
extract(int fd, size_t max)
{
	struct mapping *m;
	PopplerDocument *doc;
	GError *e = NULL;
	struct stat st;
	GString *out;
	GBytes *bytes;
	void *at;
	int i, n;

	/* poppler reads a file it opens itself 256 bytes at a time (21
	 * reads and 3 seeks for a one-page letter); mapped, it reads the
	 * memory of the file the server sent, with no system call. A file
	 * cut short while mapped ends this process (SIGBUS), which the
	 * server sees as a file the parser died on. */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		answer_error("not a file");
		return;
	}
	if (st.st_size <= 0) {
		answer_error("empty file");
		return;
	}
	if ((uintmax_t)st.st_size > SIZE_MAX ||
	    (at = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
	    0)) == MAP_FAILED) {
		answer_error(strerror(errno));
		return;
	}
	m = g_new(struct mapping, 1);
	m->at = at;
	m->len = (size_t)st.st_size;
	bytes = g_bytes_new_with_free_func(at, m->len, unmap, m);
	doc = poppler_document_new_from_bytes(bytes, NULL, &e);
	g_bytes_unref(bytes);	/* the document holds it while open */
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

/*
 * One request: its line (without the newline) into `line`, and the
 * descriptor that came with it into `*fd` (-1 when none did; any more are
 * closed). A record holds one request, read whole with one call. 1, 0 at
 * the end of input, -1 for a record too long or without its newline.
 */
static int
next_request(char *line, size_t size, int *fd)
{
	char space[CMSG_SPACE(4 * sizeof(int))];
	struct cmsghdr *cm;
	struct msghdr msg;
	struct iovec iov;
	size_t i, nfd;
	ssize_t n;
	int got;

	*fd = -1;
	iov.iov_base = line;
	iov.iov_len = size;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = space;
	msg.msg_controllen = sizeof(space);
	while ((n = recvmsg(0, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
		;
	for (cm = CMSG_FIRSTHDR(&msg); n >= 0 && cm != NULL;
	    cm = CMSG_NXTHDR(&msg, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		nfd = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < nfd; i++) {
			memcpy(&got, CMSG_DATA(cm) + i * sizeof(int),
			    sizeof(int));
			if (*fd < 0)
				*fd = got;
			else
				close(got);
		}
	}
	if (n <= 0) {
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		return 0;
	}
	if ((msg.msg_flags & MSG_TRUNC) || line[n - 1] != '\n') {
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		return -1;
	}
	line[n - 1] = '\0';
	return 1;
}

int
main(void)
{
	char line[LINE_MAX_LEN], *end = NULL;
	unsigned long long max;
	PopplerDocument *keeper;
	int fd, rc;

	keeper = keep_poppler_ready();
	while ((rc = next_request(line, sizeof(line), &fd)) != 0) {
		errno = 0;
		max = rc > 0 ? strtoull(line, &end, 10) : 0;
		if (rc < 0 || errno != 0 || end == line || *end != '\0' ||
		    max == 0)
			answer_error("bad request");
		else if (fd < 0)
			answer_error("no file sent");
		else
			extract(fd, (size_t)max);
		if (fd >= 0)
			close(fd);
		if (fflush(stdout) == EOF)
			return 1;
	}
	if (keeper)
		g_object_unref(keeper);
	return 0;
}
