/* doubts.h - what a Caddy file's requests say, once read, of how they were
 * read: whether its float durations look like another unit than the one
 * used. Bounded: the first DOUBT_SAMPLE durations are kept. */
#ifndef ANALYZE_CADDY_DOUBTS_H
#define ANALYZE_CADDY_DOUBTS_H

#include <stdint.h>

#include "parse/caddy/values.h"

#define DOUBT_SAMPLE 8192

struct caddy_durations {
	int64_t first_end, last_end;    /* earliest and latest ts read; RECORD_NONE */
	int64_t total;                  /* float durations seen, rejected or not */
	int64_t secs_digits;            /* of them with 7+ fraction digits: seconds for sure */
	int n;                          /* of them kept in sample[] */
	int64_t sample[DOUBT_SAMPLE];   /* µs, as read */
};

void caddy_durations_init(struct caddy_durations *d);
/* An access line's float duration, read or rejected: its digits' hint
 * (values.h). */
void caddy_durations_digits(struct caddy_durations *d, enum caddy_unit hint);
/* A request read: its ts, and its duration in µs when it was a float
 * (RECORD_NONE otherwise: it still widens the span). */
void caddy_durations_add(struct caddy_durations *d, int64_t end_us, int64_t duration_us);

/* Do durations of `unit` (as sample[] has them) look like another unit?
 * Seconds, when 3 or more and none had seconds' digits: the inference
 * would have said milliseconds (the sentence adds how many exceed the
 * file's own time span, and the median). Milliseconds, when 3 or more had
 * seconds' digits (each of those lines is a reject), or the median of 3 or
 * more rounds to under a microsecond. 0 when they look right; else 1 and
 * a sentence in why, no file name. Sorts sample[]. */
int caddy_durations_doubt(struct caddy_durations *d, enum caddy_unit unit, char *why,
			  size_t size);

/* The unit's guess from a few float durations read as seconds (the hold
 * in access.c), when their digits cannot tell: milliseconds when at least
 * 2 of them and more than half exceed the span of the lines' own times
 * (span_us > 0). */
int caddy_durations_exceed_span(const int64_t *secs_us, int n, int64_t span_us);

#endif
