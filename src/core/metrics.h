/*
 * metrics.h - counters for /metrics in the Prometheus text format.
 * Request counters are kept per status class with lock-free atomics.
 */
#ifndef CONGSO_METRICS_H
#define CONGSO_METRICS_H

#include "buf.h"

/* Count one answered request with its status and duration. */
void	 metrics_request(int status, long long usec);
/* Count a finished background job (ok = 1) or a failed attempt. */
void	 metrics_job(int ok);
/* Append every metric in the exposition format. */
void	 metrics_render(struct buf *out);

#endif
