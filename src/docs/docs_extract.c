/* docs_extract.c - the text of a PDF by poppler's pdftotext, run as a
 * child process at idle priority, with a limit on its CPU time and a cap
 * on its output. */
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/fold.h"
#include "docs.h"

extern char **environ;

/* How many times `seconds` of CPU the extraction may wait in all. */
#define WAIT_FACTOR	20

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int
docs_pdf_text(const char *path, int seconds, size_t max, struct buf *text,
    struct buf *err)
{
	char *argv[] = { "pdftotext", "-q", "-enc", "UTF-8", "-l", "1000",
	    (char *)path, "-", NULL };
	posix_spawn_file_actions_t fa;
	struct sched_param idle = { 0 };
	struct rlimit cpu = { (rlim_t)seconds, (rlim_t)seconds + 1 };
	struct pollfd pfd;
	char piece[65536];
	long deadline = now_ms() + seconds * WAIT_FACTOR * 1000L, left;
	int fds[2], status = 0, rc = -1, killed = 0;
	pid_t pid;
	ssize_t n;

	if (pipe2(fds, O_CLOEXEC) < 0) {
		buf_printf(err, "pipe: %s", strerror(errno));
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	errno = posix_spawnp(&pid, "pdftotext", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (errno != 0) {
		buf_printf(err, "pdftotext: %s (Debian: poppler-utils)",
		    strerror(errno));
		close(fds[0]);
		return -1;
	}
	/* Indexing waits for the people: the extraction runs only on CPU
	 * time the requests leave (SCHED_IDLE; posix_spawn's attributes
	 * take only the real-time policies), so a burst of filings is not
	 * slowed by the text of the ones before it. */
	if (sched_setscheduler(pid, SCHED_IDLE, &idle) < 0)
		(void)setpriority(PRIO_PROCESS, (id_t)pid, 19);
	/* A file that makes pdftotext compute for `seconds` of CPU is
	 * given up (SIGXCPU, then SIGKILL); waiting on a busy machine is
	 * not held against the file: the wall-clock limit is far longer,
	 * and reaching it means "try again later" (-2). */
	(void)prlimit(pid, RLIMIT_CPU, &cpu, NULL);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	for (;;) {
		if ((left = deadline - now_ms()) <= 0) {
			kill(pid, SIGKILL);
			killed = 3;
			buf_printf(err, "pdftotext: chưa xong sau %d giây chờ"
			    " (máy bận)", seconds * WAIT_FACTOR);
			break;
		}
		if (poll(&pfd, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			kill(pid, SIGKILL);
			killed = 1;
			break;
		}
		if ((n = read(fds[0], piece, sizeof(piece))) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			kill(pid, SIGKILL);
			killed = 1;
			break;
		}
		if (n == 0)
			break;
		if (text->len + (size_t)n > max) {
			/* Enough text for the index: stop reading. */
			buf_add(text, piece, max - text->len);
			kill(pid, SIGKILL);
			killed = 2;
			break;
		}
		buf_add(text, piece, (size_t)n);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (killed == 2 || (!killed && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0))
		rc = 0;
	else if (killed == 3)
		rc = -2;
	else if (!killed && WIFSIGNALED(status) && (WTERMSIG(status) ==
	    SIGXCPU || WTERMSIG(status) == SIGKILL))
		buf_printf(err, "pdftotext: quá %d giây xử lý", seconds);
	else if (!killed)
		buf_printf(err, "pdftotext: exit %d", WIFEXITED(status) ?
		    WEXITSTATUS(status) : -1);
	if (rc == 0) {
		int cut = 0;

		/* A cut may split a character: drop a broken tail; text
		 * that is still not UTF-8 is not kept at all. */
		while (cut++ < 3 && text->len && !utf8_valid(text->data,
		    text->len))
			buf_truncate(text, text->len - 1);
		if (!utf8_valid(text->data, text->len))
			buf_reset(text);
	}
	return rc;
}
