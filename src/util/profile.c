/* profile.c - step timings on stderr when ANALYZE_PROFILE is set. */
#include "util/profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

double profile_start(void)
{
	static _Atomic int on = -1;     /* read by the model's side thread too */

	if (on < 0)
		on = getenv("ANALYZE_PROFILE") != NULL;
	return on ? now() : -1;
}

void profile_end(double start, const char *name)
{
	if (start >= 0)
		fprintf(stderr, "analyze: profile: %-32s %8.3f s\n", name, now() - start);
}
