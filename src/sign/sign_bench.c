/*
 * sign_bench.c - `congso pdf bench`, a hidden subcommand that bench/sign.sh
 * runs: signing and verification repeated in one process, so the
 * figures show the cost of the PDF and CMS work beside the RSA operation
 * and the hashing, not the cost of starting a process. Prints one line
 * per run: the count, the seconds, the rate and the peak resident
 * memory, and with a key on a token the sessions opened and the logins.
 *
 *   congso pdf bench sign --key K --cert C [--pkcs11-module M] [--n N]
 *       [--no-fsync] IN.pdf
 *   congso pdf bench verify [--trust R]... [--n N] FILE.pdf
 *   congso pdf bench rsa --key K [--pkcs11-module M] [--n N]
 *       (raw signatures of a hash through the key interface)
 */
#include <sys/resource.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/cli.h"
#include "core/clock.h"
#include "sign/sign_int.h"

static double
now(void)
{
	return (double)clock_mono_us() / 1e6;
}

static long
max_rss_kb(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

/* With a key on a token, what the PKCS#11 backend did: one session and
 * one login for the whole run when the token stays open. */
static void
report(const char *what, long n, double t0, double t1, const char *key)
{
	struct sign_p11_stats st;

	printf("%s: %ld in %.3f s = %.1f/s, max RSS %ld KB", what, n,
	    t1 - t0, n / (t1 - t0), max_rss_kb());
	if (key != NULL && strncmp(key, "pkcs11:", 7) == 0) {
		sign_p11_stats(&st);
		printf(", token sessions opened %lu, logins %lu", st.sessions,
		    st.logins);
	}
	putchar('\n');
}

static long
count(const struct cli *c)
{
	const char *v = cli_get(c, "--n");
	long n = v != NULL ? strtol(v, NULL, 10) : 100;

	return n > 0 ? n : 1;
}

static int
bench_sign(int argc, char **argv)
{
	static const char *const opts[] = { "--key", "--cert", "--n",
	    "--pkcs11-module", NULL };
	static const char *const sw[] = { "--no-fsync", NULL };
	char err[SIGN_ERR_MAX], out[4096];
	struct sign_opts o;
	struct cli c;
	double t0;
	long n, i;

	memset(&o, 0, sizeof(o));
	if (cli_parse(&c, argc, argv, 3, opts, sw) < 0 || c.nargs != 1)
		return 2;
	if ((o.key = cli_need(&c, "--key")) == NULL ||
	    (o.cert = cli_need(&c, "--cert")) == NULL)
		return 2;
	o.module = cli_get(&c, "--pkcs11-module");
	o.no_fsync = cli_has(&c, "--no-fsync");
	n = count(&c);
	snprintf(out, sizeof(out), "%s.bench-out.pdf", c.args[0]);
	t0 = now();
	/* Each output is removed before the next: replacing a file by
	 * rename makes ext4 write the old one's data out first. */
	for (i = 0; i < n; i++) {
		if (sign_pdf(c.args[0], out, &o, err, sizeof(err)) < 0) {
			fprintf(stderr, "congso pdf bench: %s\n", err);
			unlink(out);
			return 1;
		}
		unlink(out);
	}
	report("signatures", n, t0, now(), o.key);
	unlink(out);
	return 0;
}

static int
bench_verify(int argc, char **argv)
{
	static const char *const opts[] = { "--trust", "--n", NULL };
	const char *trust[CLI_MAX + 1];
	struct sign_check *res;
	char err[SIGN_ERR_MAX];
	struct cli c;
	size_t k, nres;
	int nt = 0, j;
	double t0;
	long n, i;

	if (cli_parse(&c, argc, argv, 3, opts, NULL) < 0 || c.nargs != 1)
		return 2;
	for (j = 0; j < c.nopts; j++)
		if (strcmp(c.names[j], "--trust") == 0)
			trust[nt++] = c.values[j];
	trust[nt] = NULL;
	n = count(&c);
	t0 = now();
	for (i = 0; i < n; i++) {
		if (sign_verify_pdf(c.args[0], trust, &res, &nres, err,
		    sizeof(err)) < 0) {
			fprintf(stderr, "congso pdf bench: %s\n", err);
			return 1;
		}
		for (k = 0; k < nres; k++)
			if (!res[k].intact || (nt > 0 && !res[k].trusted)) {
				fprintf(stderr, "congso pdf bench: chữ ký %zu"
				    " không hợp lệ: %s\n", k + 1,
				    res[k].problem);
				free(res);
				return 1;
			}
		free(res);
	}
	report("verifications", n, t0, now(), NULL);
	return 0;
}

static int
bench_rsa(int argc, char **argv)
{
	static const char *const opts[] = { "--key", "--n", "--pkcs11-module",
	    NULL };
	unsigned char h[32] = { 1, 2, 3 }, *sig;
	struct sign_key *k;
	char err[SIGN_ERR_MAX];
	size_t siglen;
	struct cli c;
	double t0;
	long n, i;

	if (cli_parse(&c, argc, argv, 3, opts, NULL) < 0 ||
	    cli_need(&c, "--key") == NULL)
		return 2;
	if (sign_key_open(cli_get(&c, "--key"), cli_get(&c, "--pkcs11-module"),
	    &k, err, sizeof(err)) < 0) {
		fprintf(stderr, "congso pdf bench: %s\n", err);
		return 1;
	}
	n = count(&c);
	t0 = now();
	for (i = 0; i < n; i++) {
		if (sign_key_sign(k, EVP_sha256(), h, sizeof(h), &sig, &siglen,
		    err, sizeof(err)) < 0) {
			fprintf(stderr, "congso pdf bench: %s\n", err);
			sign_key_free(k);
			return 1;
		}
		free(sig);
	}
	report("raw signatures", n, t0, now(), cli_get(&c, "--key"));
	sign_key_free(k);
	return 0;
}

int
sign_cli_bench(int argc, char **argv)
{
	const char *what = argc > 2 ? argv[2] : "";

	if (strcmp(what, "sign") == 0)
		return bench_sign(argc, argv);
	if (strcmp(what, "verify") == 0)
		return bench_verify(argc, argv);
	if (strcmp(what, "rsa") == 0)
		return bench_rsa(argc, argv);
	fprintf(stderr, "congso pdf bench: sign, verify hoặc rsa\n");
	return 2;
}
