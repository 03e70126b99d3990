/* profile.h - ANALYZE_PROFILE=1 in the environment: how long each named
 * step took, on stderr, to see where a slow run spends its time. */
#ifndef ANALYZE_PROFILE_H
#define ANALYZE_PROFILE_H

/* A start time, or a negative value when profiling is off. */
double profile_start(void);
/* Prints NAME's time since START (nothing when START is negative). */
void profile_end(double start, const char *name);

#endif
