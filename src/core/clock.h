/*
 * clock.h - the monotonic clock, for waits, deadlines and durations: it
 * does not jump when the system's time is set.
 */
#ifndef CONGSO_CLOCK_H
#define CONGSO_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Microseconds on the monotonic clock (from an arbitrary start). */
static inline int64_t
clock_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Milliseconds on the monotonic clock. */
static inline int64_t
clock_mono_ms(void)
{
	return clock_mono_us() / 1000;
}

#endif
