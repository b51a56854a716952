/*
 * docs_extract.c - the text of a PDF by the resident helper congso-pdftext
 * (src/pdftext.c): child processes started on the first file and kept for
 * the next ones, under a limit on the CPU time each file may take and a
 * cap on its output. The job queue's helper runs at idle priority; a
 * small file is read while it is filed, before its transaction, by one of
 * a few helpers at the server's own priority (one per core, at most
 * NOW_MAX), so that its text is searchable as soon as the filing is
 * answered. A helper that crashes, overruns or stops answering is killed
 * and started afresh for the next file.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/fold.h"
#include "core/jobs.h"
#include "core/log.h"
#include "docs.h"

extern char **environ;

/* How many times `seconds` of CPU the extraction may wait in all. */
#define WAIT_FACTOR	20
#define HEADER_MAX	512

/* The CPU seconds and the wait (ms) of a file read while it is filed. */
#define NOW_SECONDS	2
#define NOW_WAIT_MS	5000
#define NOW_MAX		4

/* A helper process: one file at a time. */
struct helper {
	pthread_mutex_t	 lock;
	pid_t		 pid;
	int		 to, from;	/* its socket, its output */
	int		 idle;		/* SCHED_IDLE */
};

#define HELPER_INIT(i)	{ PTHREAD_MUTEX_INITIALIZER, 0, -1, -1, i }
/* The job queue's, and those of files read while they are filed. */
static struct helper later = HELPER_INIT(1);
static struct helper now[NOW_MAX] = { HELPER_INIT(0), HELPER_INIT(0),
    HELPER_INIT(0), HELPER_INIT(0) };
static unsigned now_next;	/* atomic: the next to wait for */

/* CONGSO_PDFTEXT, else congso-pdftext beside this program, else on PATH. */
static const char *
helper_path(char *out, size_t size)
{
	const char *env = getenv("CONGSO_PDFTEXT");
	char *slash;
	ssize_t n;

	if (env != NULL && *env != '\0')
		return env;
	n = readlink("/proc/self/exe", out, size - 1);
	if (n > 0 && (size_t)n < size - 32) {
		out[n] = '\0';
		if ((slash = strrchr(out, '/')) != NULL) {
			strcpy(slash + 1, "congso-pdftext");
			if (access(out, X_OK) == 0)
				return out;
		}
	}
	return "congso-pdftext";
}

/* Kill the helper (if `sig`) and reap it; its wait status. */
static int
helper_stop(struct helper *h, int sig)
{
	int status = 0;

	if (h->pid <= 0)
		return 0;
	if (sig)
		kill(h->pid, sig);
	close(h->to);
	close(h->from);
	h->to = h->from = -1;
	while (waitpid(h->pid, &status, 0) < 0 && errno == EINTR)
		;
	h->pid = 0;
	return status;
}

static int
helper_start(struct helper *h, struct buf *err)
{
	char where[PATH_MAX];
	const char *path = helper_path(where, sizeof(where));
	char *argv[] = { (char *)path, NULL };
	posix_spawn_file_actions_t fa;
	struct sched_param idle = { 0 };
	int in[2], out[2];
	pid_t pid;

	/* Requests go over a socket of records, each with the file's
	 * descriptor: the helper reads one whole with one call. */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, in) < 0) {
		buf_printf(err, "socketpair: %s", strerror(errno));
		return -1;
	}
	if (pipe2(out, O_CLOEXEC) < 0) {
		buf_printf(err, "pipe: %s", strerror(errno));
		close(in[0]);
		close(in[1]);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	errno = posix_spawnp(&pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(out[1]);
	if (errno != 0) {
		buf_printf(err, "%s: %s", path, strerror(errno));
		close(in[1]);
		close(out[0]);
		return -1;
	}
	/* The job queue waits for the people: its helper runs only on CPU
	 * time the requests leave (SCHED_IDLE; posix_spawn's attributes
	 * take only the real-time policies), so a burst of filings is not
	 * slowed by the text of the large files before it. */
	if (h->idle && sched_setscheduler(pid, SCHED_IDLE, &idle) < 0)
		(void)setpriority(PRIO_PROCESS, (id_t)pid, 19);
	h->pid = pid;
	h->to = in[1];
	h->from = out[0];
	return 0;
}

/*
 * A limit of `seconds` more CPU time than the helper has used so far
 * (RLIMIT_CPU counts a process's whole life, in whole seconds): past it
 * the kernel sends SIGXCPU, and SIGKILL a second later.
 */
static void
helper_limit(struct helper *h, int seconds)
{
	struct timespec used = { 0, 0 };
	struct rlimit lim;
	clockid_t clock;

	if (clock_getcpuclockid(h->pid, &clock) == 0)
		(void)clock_gettime(clock, &used);
	lim.rlim_cur = (rlim_t)used.tv_sec + 1 + (rlim_t)seconds;
	lim.rlim_max = lim.rlim_cur + 1;
	(void)prlimit(h->pid, RLIMIT_CPU, &lim, NULL);
}

/* Read exactly `len` bytes (into `text`), or when text is NULL the
 * header into `line` (HEADER_MAX bytes) until its newline, perhaps with
 * the first bytes of the text after it (`*got` in all), before
 * `deadline`: 0, -1 (closed or broken), -2 (the deadline passed) or, for
 * the job queue's helper, -4 once the server is stopping (its wait is
 * long: a stop must not sit it out). The helper answers one request at
 * a time, so whatever is read is this answer's. */
static int
read_until(struct helper *h, long deadline, struct buf *text, size_t len,
    char *line, size_t *got)
{
	struct pollfd pfd = { h->from, POLLIN, 0 };
	char piece[65536];
	size_t want;
	long left;
	ssize_t n;

	for (;;) {
		if (text != NULL && text->len >= len)
			return 0;
		if ((left = deadline - clock_mono_ms()) <= 0)
			return -2;
		if (h->idle && jobs_stopping())
			return -4;
		if (h->idle && left > 1000)
			left = 1000;
		if (poll(&pfd, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (pfd.revents == 0)
			continue;
		if (text == NULL) {
			if ((n = read(h->from, line + *got, HEADER_MAX -
			    *got)) <= 0) {
				if (n < 0 && errno == EINTR)
					continue;
				return -1;
			}
			*got += (size_t)n;
			if (memchr(line + *got - n, '\n', (size_t)n) != NULL)
				return 0;
			if (*got == HEADER_MAX)
				return -1;	/* no header is that long */
			continue;
		}
		want = len - text->len;
		if (want > sizeof(piece))
			want = sizeof(piece);
		if ((n = read(h->from, piece, want)) <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return -1;
		}
		buf_add(text, piece, (size_t)n);
	}
}

/*
 * A request: "<max>\n", with the file's descriptor attached. The helper
 * opens no file by name: a blob kept in the database is a memory file of
 * this process, and the helper gets its text without a copy on the disk
 * (a file created and removed for each attachment cost the server more
 * CPU than the rest of the extraction, in the file system's inode
 * allocation). 0, or -1 with errno (EPIPE: the helper has ended).
 */
static int
send_request(struct helper *h, int fd, size_t max)
{
	char line[32], space[CMSG_SPACE(sizeof(int))];
	struct iovec iov;
	struct msghdr msg;
	struct cmsghdr *cm;
	ssize_t n, len;

	len = snprintf(line, sizeof(line), "%zu\n", max);
	iov.iov_base = line;
	iov.iov_len = (size_t)len;
	memset(&msg, 0, sizeof(msg));
	memset(space, 0, sizeof(space));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = space;
	msg.msg_controllen = sizeof(space);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	/* The line is short, and the helper takes one at a time: the
	 * socket's buffer always has room, so this does not block, and a
	 * part sent is as broken as none (its descriptor went with it). */
	for (;;) {
		n = sendmsg(h->to, &msg, MSG_NOSIGNAL);
		if (n == len)
			return 0;
		if (n >= 0)
			errno = EPIPE;
		else if (errno == EINTR)
			continue;
		return -1;
	}
}

/* Read the text with the helper `h` (locked): 0, -1 (the file cannot be
 * read), -2 (not done within `wait_ms`, or the server stopping) or -3
 * (over `seconds` of CPU). */
static int
pdf_text_locked(struct helper *h, int fd, int seconds, long wait_ms,
    size_t max, struct buf *text, struct buf *err)
{
	long deadline = clock_mono_ms() + wait_ms;
	char line[HEADER_MAX], *end, *nl = NULL;
	unsigned long long len;
	size_t got = 0, more = 0;
	int rc, status;

	if (fd < 0 || max == 0) {
		buf_adds(err, "congso-pdftext: no file");
		return -1;
	}
	if (h->pid == 0 && helper_start(h, err) < 0)
		return -1;
	helper_limit(h, seconds);
	if (send_request(h, fd, max) < 0) {
		/* It ended since the last file (killed from outside): the
		 * file is not to blame; once more with a new one. */
		helper_stop(h, SIGKILL);
		if (helper_start(h, err) < 0)
			return -1;
		helper_limit(h, seconds);
		if (send_request(h, fd, max) < 0) {
			helper_stop(h, SIGKILL);
			buf_printf(err, "congso-pdftext: %s", strerror(errno));
			return -1;
		}
	}
	rc = read_until(h, deadline, NULL, 0, line, &got);
	if (rc == 0) {
		/* The header's line; `more`: the text's bytes after it. */
		nl = memchr(line, '\n', got);
		*nl = '\0';
		more = got - (size_t)(nl + 1 - line);
	}
	if (rc == 0 && strncmp(line, "ERR ", 4) == 0 && more == 0) {
		buf_printf(err, "congso-pdftext: %s", line + 4);
		return -1;
	}
	if (rc == 0) {
		errno = 0;
		len = strncmp(line, "OK ", 3) == 0 ?
		    strtoull(line + 3, &end, 10) : 0;
		if (strncmp(line, "OK ", 3) != 0 || errno != 0 ||
		    *end != '\0' || len > max || more > len) {
			helper_stop(h, SIGKILL);
			buf_adds(err, "congso-pdftext: câu trả lời không hợp lệ");
			return -1;
		}
		buf_add(text, nl + 1, more);
		if ((rc = read_until(h, deadline, text, (size_t)len, NULL,
		    NULL)) == 0)
			return 0;
	}
	if (rc == -2) {
		helper_stop(h, SIGKILL);
		buf_printf(err, "congso-pdftext: chưa xong sau %ld giây chờ"
		    " (máy bận)", wait_ms / 1000);
		return -2;
	}
	if (rc == -4) {
		helper_stop(h, SIGKILL);
		buf_adds(err, "congso-pdftext: máy chủ đang dừng, đọc lại sau");
		return -2;
	}
	/* It closed its output: it died on this file. The kernel's CPU
	 * limit ends it with SIGXCPU, or SIGKILL at the hard limit. */
	status = helper_stop(h, SIGKILL);
	if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGXCPU ||
	    WTERMSIG(status) == SIGKILL)) {
		buf_printf(err, "congso-pdftext: quá %d giây xử lý", seconds);
		return -3;
	}
	if (WIFSIGNALED(status))
		buf_printf(err, "congso-pdftext: dừng bất thường (tín hiệu"
		    " %d)", WTERMSIG(status));
	else
		buf_printf(err, "congso-pdftext: dừng bất thường (mã %d)",
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return -1;
}

/*
 * Read the text with the helper `h`, whose lock the caller holds (and
 * this releases). The text is kept only if it is UTF-8, once a broken
 * tail (a cut may split a character) is dropped. As pdf_text_locked().
 */
static int
pdf_text_with(struct helper *h, int fd, int seconds, long wait_ms,
    size_t max, struct buf *text, struct buf *err)
{
	int rc, cut = 0;

	rc = pdf_text_locked(h, fd, seconds, wait_ms, max, text, err);
	pthread_mutex_unlock(&h->lock);
	if (rc != 0) {
		buf_reset(text);
		return rc;
	}
	while (cut++ < 3 && text->len && !utf8_valid(text->data, text->len))
		buf_truncate(text, text->len - 1);
	if (!utf8_valid(text->data, text->len))
		buf_reset(text);
	return 0;
}

int
docs_pdf_text(int fd, int seconds, size_t max, struct buf *text,
    struct buf *err)
{
	int rc;

	pthread_mutex_lock(&later.lock);
	rc = pdf_text_with(&later, fd, seconds, seconds * WAIT_FACTOR * 1000L,
	    max, text, err);
	return rc == -3 ? -1 : rc;
}

/* How many helpers read files while they are filed: one per core. */
static pthread_once_t now_once = PTHREAD_ONCE_INIT;
static int now_n;

static void
now_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	now_n = n < 1 ? 1 : n > NOW_MAX ? NOW_MAX : (int)n;
}

int
docs_pdf_text_now(int fd, int seconds, size_t max, struct buf *text,
    struct buf *err)
{
	int64_t deadline = clock_mono_ms() + NOW_WAIT_MS;
	struct helper *h = NULL;
	struct timespec until;
	int i, rc, cut = seconds > NOW_SECONDS;

	pthread_once(&now_once, now_count);
	/* The first free helper (a second is started only when files
	 * come together), else wait for one in turn: the wait for it
	 * counts in the filing's NOW_WAIT_MS, so that filings queued
	 * behind a slow file are not kept waiting a turn each. */
	for (i = 0; i < now_n && h == NULL; i++)
		if (pthread_mutex_trylock(&now[i].lock) == 0)
			h = &now[i];
	if (h == NULL) {
		h = &now[__atomic_fetch_add(&now_next, 1, __ATOMIC_RELAXED) %
		    (unsigned)now_n];
		until.tv_sec = (time_t)(deadline / 1000);
		until.tv_nsec = (long)(deadline % 1000) * 1000000L;
		if (pthread_mutex_clocklock(&h->lock, CLOCK_MONOTONIC,
		    &until) != 0)
			return 1;	/* left to the job queue */
	}
	if (deadline - clock_mono_ms() <= 0) {
		pthread_mutex_unlock(&h->lock);
		return 1;
	}
	rc = pdf_text_with(h, fd, cut ? NOW_SECONDS : seconds,
	    (long)(deadline - clock_mono_ms()), max, text, err);
	/* Not done in the time a filing may wait, or within the shorter
	 * limit than the file is allowed: left to the job queue. */
	if (rc == -2 || (rc == -3 && cut))
		return 1;
	return rc == -3 ? -1 : rc;
}
