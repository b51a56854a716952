/*
 * post.c - a load client for the benchmarks: POST each file of a list
 * once, over CONNS keep-alive connections at a time, and say how long it
 * took and what came back.
 *
 *   post HOST:PORT PATH CONNS [HEADER]... < LIST
 *
 * LIST holds one file name per line; each file is the body of one
 * request (read before the clock starts). Every HEADER ("Name: value")
 * is sent with each request. Prints one line "status N" per HTTP status
 * seen, then "REQUESTS requests in SECONDS s". Exit 0 when every request
 * had an answer, 1 otherwise.
 *
 * On the benchmarks' 2-core machine the client's CPU is taken from the
 * server's: curl --parallel spent about 0.3 ms of CPU per 25 KB package,
 * a fifth of what the receiver spent on it. This one writes each request
 * with one call and reads each answer with one or two.
 *
 * Build: cc -O2 -o post bench/post.c
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CONNS_MAX	256
#define ANSWER_MAX	(256 * 1024)

struct request {
	char	*data;	/* head and body */
	size_t	 len;
};

struct conn {
	int	 fd;
	long	 req;		/* index of the request on it; -1 none */
	size_t	 sent;
	char	*in;
	size_t	 inlen;
};

static struct sockaddr_in addr;
static long statuses[600];

static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("post: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static char *
slurp(const char *path, size_t *len)
{
	struct stat sb;
	char *p;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &sb) < 0)
		die("%s: %s", path, strerror(errno));
	if ((p = malloc(sb.st_size + 1)) == NULL)
		die("out of memory");
	if (read(fd, p, sb.st_size) != sb.st_size)
		die("%s: short read", path);
	close(fd);
	*len = sb.st_size;
	return p;
}

static int
dial(void)
{
	int fd, one = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		die("socket: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		die("connect: %s", strerror(errno));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

/* A whole answer in c->in: its length, else 0. Sets *status, *closing. */
static size_t
answer_len(struct conn *c, int *status, int *closing)
{
	char *end, *p, *line;
	size_t head, body = 0;

	c->in[c->inlen] = '\0';
	if ((end = strstr(c->in, "\r\n\r\n")) == NULL)
		return 0;
	head = end - c->in + 4;
	if (sscanf(c->in, "HTTP/1.%*d %d", status) != 1)
		die("not an HTTP answer: %.40s", c->in);
	*closing = 0;
	for (line = strstr(c->in, "\r\n") + 2; line < end;
	    line = strstr(line, "\r\n") + 2) {
		if (strncasecmp(line, "Content-Length:", 15) == 0)
			body = strtoul(line + 15, NULL, 10);
		else if (strncasecmp(line, "Transfer-Encoding:", 18) == 0)
			die("chunked answers are not read");
		else if (strncasecmp(line, "Connection:", 11) == 0) {
			for (p = line + 11; *p == ' '; p++)
				;
			*closing = strncasecmp(p, "close", 5) == 0;
		}
	}
	if (head + body > ANSWER_MAX)
		die("an answer of %zu bytes", head + body);
	return c->inlen >= head + body ? head + body : 0;
}

int
main(int argc, char **argv)
{
	struct request *reqs = NULL;
	struct conn conns[CONNS_MAX];
	struct pollfd pfd[CONNS_MAX];
	struct timespec t0, t1;
	char line[4096], *host, *port, *body, *headers;
	size_t nalloc = 0, n = 0, len, hlen, got, whole;
	long next = 0, done = 0;
	int nconn, i, j, status, closing;
	ssize_t k;

	signal(SIGPIPE, SIG_IGN);
	if (argc < 4)
		die("usage: post HOST:PORT PATH CONNS [HEADER]... < LIST");
	host = argv[1];
	if ((port = strchr(host, ':')) == NULL)
		die("HOST:PORT expected");
	*port++ = '\0';
	addr.sin_family = AF_INET;
	addr.sin_port = htons(atoi(port));
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1)
		die("%s: not an IPv4 address", host);
	nconn = atoi(argv[3]);
	if (nconn < 1 || nconn > CONNS_MAX)
		die("CONNS: 1 to %d", CONNS_MAX);
	hlen = 0;
	for (i = 4; i < argc; i++)
		hlen += strlen(argv[i]) + 2;
	if ((headers = malloc(hlen + 1)) == NULL)
		die("out of memory");
	headers[0] = '\0';
	for (i = 4; i < argc; i++) {
		strcat(headers, argv[i]);
		strcat(headers, "\r\n");
	}
	while (fgets(line, sizeof(line), stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0')
			continue;
		if (n == nalloc) {
			nalloc = nalloc ? nalloc * 2 : 1024;
			if ((reqs = realloc(reqs, nalloc * sizeof(*reqs))) ==
			    NULL)
				die("out of memory");
		}
		body = slurp(line, &len);
		hlen = strlen(argv[2]) + strlen(host) + strlen(port) +
		    strlen(headers) + 128;
		if ((reqs[n].data = malloc(hlen + len)) == NULL)
			die("out of memory");
		k = snprintf(reqs[n].data, hlen, "POST %s HTTP/1.1\r\n"
		    "Host: %s:%s\r\n%sContent-Length: %zu\r\n\r\n", argv[2],
		    host, port, headers, len);
		memcpy(reqs[n].data + k, body, len);
		reqs[n].len = k + len;
		free(body);
		n++;
	}
	if (n == 0)
		die("no file to post");
	for (i = 0; i < nconn; i++) {
		conns[i].fd = dial();
		conns[i].req = -1;
		if ((conns[i].in = malloc(ANSWER_MAX + 1)) == NULL)
			die("out of memory");
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (done < (long)n) {
		for (i = 0; i < nconn; i++) {
			struct conn *c = &conns[i];

			if (c->req < 0 && next < (long)n) {
				c->req = next++;
				c->sent = 0;
				c->inlen = 0;
			}
			pfd[i].fd = c->req < 0 ? -1 : c->fd;
			pfd[i].events = c->req >= 0 &&
			    c->sent < reqs[c->req].len ? POLLOUT : POLLIN;
		}
		if (poll(pfd, nconn, 30000) <= 0)
			die("no answer in 30 s");
		for (i = 0; i < nconn; i++) {
			struct conn *c = &conns[i];
			struct request *r;

			if (c->req < 0 || pfd[i].revents == 0)
				continue;
			r = &reqs[c->req];
			if (c->sent < r->len) {
				k = write(c->fd, r->data + c->sent,
				    r->len - c->sent);
				if (k < 0 && errno != EAGAIN)
					die("write: %s", strerror(errno));
				if (k > 0)
					c->sent += k;
				continue;
			}
			k = read(c->fd, c->in + c->inlen, ANSWER_MAX - c->inlen);
			if (k == 0)
				die("the server closed a connection mid-answer");
			if (k < 0) {
				if (errno == EAGAIN)
					continue;
				die("read: %s", strerror(errno));
			}
			c->inlen += k;
			if ((whole = answer_len(c, &status, &closing)) == 0)
				continue;
			if (whole != c->inlen)
				die("more than one answer to a request");
			statuses[status > 0 && status < 600 ? status : 0]++;
			done++;
			c->req = -1;
			if (closing) {
				close(c->fd);
				c->fd = dial();
			}
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	got = 0;
	for (j = 0; j < 600; j++)
		if (statuses[j]) {
			printf("status %d %ld\n", j, statuses[j]);
			got += statuses[j];
		}
	printf("%zu requests in %.3f s\n", got, (t1.tv_sec - t0.tv_sec) +
	    (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
