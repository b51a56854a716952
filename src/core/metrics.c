/* metrics.c - process counters in the Prometheus text format. */
#include <stdatomic.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "metrics.h"

static const long long bounds_us[] = { 1000, 5000, 10000, 50000, 100000,
    500000, 1000000 };
#define NBOUNDS (sizeof(bounds_us) / sizeof(bounds_us[0]))

static atomic_ullong by_class[6];	/* 1xx..5xx, [0] other */
static atomic_ullong hist[NBOUNDS + 1];
static atomic_ullong total_us;
static atomic_ullong jobs_ok, jobs_failed;
static time_t started;

void
metrics_request(int status, long long usec)
{
	size_t i;
	int c = status / 100;

	if (started == 0)
		started = time(NULL);
	atomic_fetch_add(&by_class[(c >= 1 && c <= 5) ? c : 0], 1);
	for (i = 0; i < NBOUNDS && usec > bounds_us[i]; i++)
		;
	atomic_fetch_add(&hist[i], 1);
	atomic_fetch_add(&total_us, (unsigned long long)(usec > 0 ? usec : 0));
}

void
metrics_job(int ok)
{
	atomic_fetch_add(ok ? &jobs_ok : &jobs_failed, 1);
}

static long
rss_kib(void)
{
	long pages = 0, dummy;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &dummy, &pages) != 2)
			pages = 0;
		fclose(f);
	}
	return pages * (sysconf(_SC_PAGESIZE) / 1024);
}

void
metrics_render(struct buf *out)
{
	unsigned long long cum = 0, n = 0;
	size_t i;
	int c;

	buf_adds(out, "# HELP congso_http_requests_total HTTP requests answered,"
	    " by status class.\n# TYPE congso_http_requests_total counter\n");
	for (c = 1; c <= 5; c++)
		buf_printf(out, "congso_http_requests_total{code=\"%dxx\"} %llu\n",
		    c, atomic_load(&by_class[c]));
	buf_adds(out, "# HELP congso_http_request_duration_seconds Time to"
	    " answer a request.\n"
	    "# TYPE congso_http_request_duration_seconds histogram\n");
	for (i = 0; i <= NBOUNDS; i++) {
		cum += atomic_load(&hist[i]);
		if (i < NBOUNDS)
			buf_printf(out, "congso_http_request_duration_seconds_bucket"
			    "{le=\"%g\"} %llu\n", bounds_us[i] / 1e6, cum);
		else
			buf_printf(out, "congso_http_request_duration_seconds_bucket"
			    "{le=\"+Inf\"} %llu\n", cum);
	}
	n = cum;
	buf_printf(out, "congso_http_request_duration_seconds_sum %.6f\n"
	    "congso_http_request_duration_seconds_count %llu\n",
	    atomic_load(&total_us) / 1e6, n);
	buf_printf(out, "# HELP congso_jobs_total Background jobs run.\n"
	    "# TYPE congso_jobs_total counter\n"
	    "congso_jobs_total{result=\"ok\"} %llu\n"
	    "congso_jobs_total{result=\"failed\"} %llu\n",
	    atomic_load(&jobs_ok), atomic_load(&jobs_failed));
	{
		unsigned long long h, m;

		cache_counts(&h, &m);
		buf_printf(out, "# HELP congso_cache_lookups_total Answers looked"
		    " up in the read cache.\n"
		    "# TYPE congso_cache_lookups_total counter\n"
		    "congso_cache_lookups_total{result=\"hit\"} %llu\n"
		    "congso_cache_lookups_total{result=\"miss\"} %llu\n", h, m);
	}
	buf_printf(out, "# HELP congso_resident_memory_bytes Resident memory.\n"
	    "# TYPE congso_resident_memory_bytes gauge\n"
	    "congso_resident_memory_bytes %ld\n", rss_kib() * 1024);
}
