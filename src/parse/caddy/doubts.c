/* doubts.c - a Caddy file's durations against its own time span. */
#include "parse/caddy/doubts.h"

#include <stdio.h>
#include <stdlib.h>

#include "record/record.h"

#define DOUBT_LEAST 3   /* durations before a doubt is said */
#define MEDIAN_S_US (INT64_C(30) * 1000000)     /* a typical request of 30 s: absurd */

void caddy_durations_init(struct caddy_durations *d)
{
	d->first_end = d->last_end = RECORD_NONE;
	d->total = d->secs_digits = 0;
	d->n = 0;
}

void caddy_durations_digits(struct caddy_durations *d, enum caddy_unit hint)
{
	d->total++;
	d->secs_digits += hint == CADDY_UNIT_S;
}

void caddy_durations_add(struct caddy_durations *d, int64_t end_us, int64_t duration_us)
{
	if (d->first_end == RECORD_NONE || end_us < d->first_end)
		d->first_end = end_us;
	if (d->last_end == RECORD_NONE || end_us > d->last_end)
		d->last_end = end_us;
	if (duration_us == RECORD_NONE)
		return;
	if (d->n < DOUBT_SAMPLE)
		d->sample[d->n++] = duration_us;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int caddy_durations_exceed_span(const int64_t *secs_us, int n, int64_t span_us)
{
	int over = 0;

	for (int i = 0; i < n; i++)
		over += secs_us[i] > span_us;
	return span_us > 0 && n >= 2 && 2 * over > n;
}

int caddy_durations_doubt(struct caddy_durations *d, enum caddy_unit unit, char *why,
			  size_t size)
{
	int64_t span = 0, median = 0;
	int over = 0;

	if (d->n > 0) {
		span = d->last_end - d->first_end;
		qsort(d->sample, (size_t)d->n, sizeof(d->sample[0]), cmp_i64);
		median = d->sample[d->n / 2];
		for (int i = 0; i < d->n; i++)
			over += d->sample[i] > span;
	}
	if (unit == CADDY_UNIT_S && d->n >= DOUBT_LEAST && d->secs_digits == 0) {
		snprintf(why, size, "durations read as seconds look like milliseconds: none of the "
			 "%lld has the 7 to 9 fraction digits of Caddy's seconds, %d exceed the "
			 "file's own time span (%.6f s), median %.6f s (--duration-unit ms?)",
			 (long long)d->total, over, (double)span / 1e6, (double)median / 1e6);
		return 1;
	}
	/* seconds' digits in a file read as milliseconds: rejects, each line */
	if (unit == CADDY_UNIT_MS && d->secs_digits >= DOUBT_LEAST) {
		snprintf(why, size, "durations read as milliseconds look like seconds: %lld of %lld "
			 "have more fraction digits than milliseconds can have (--duration-unit s?)",
			 (long long)d->secs_digits, (long long)d->total);
		return 1;
	}
	if (unit == CADDY_UNIT_MS && d->n >= DOUBT_LEAST && median < 1) {
		snprintf(why, size, "durations read as milliseconds look like seconds: the median "
			 "of %d is under a microsecond (--duration-unit s?)", d->n);
		return 1;
	}
	return 0;
}
