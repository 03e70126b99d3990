/* values.h - the forms Caddy's time_format and duration_format give `ts`
 * and `duration`, read into microseconds; and how sure a float duration
 * is of its unit. Shared by the JSON and console encoders' lines. */
#ifndef ANALYZE_CADDY_VALUES_H
#define ANALYZE_CADDY_VALUES_H

#include <stddef.h>
#include <stdint.h>

struct tz;

/* A float duration's unit: Caddy writes seconds by default, milliseconds
 * with duration_format ms (2.7+), integer nanoseconds with nano/ns. */
enum caddy_unit { CADDY_UNIT_UNKNOWN, CADDY_UNIT_S, CADDY_UNIT_MS, CADDY_UNIT_NS };

/* "s", "ms", "ns" (and Caddy's own spellings) -> a unit; UNKNOWN otherwise. */
enum caddy_unit caddy_unit_named(const char *name);

/* ts: a number (unix_seconds_float, unix_milli_float, unix_nano, by
 * magnitude) or a string: RFC 3339 / ISO 8601 with or without a zone,
 * wall forms (2026/11/29 23:56:01.663), common_log (29/Nov/2026:23:56:01
 * +0000). A time without a zone is in TZ (NULL: UTC). 0, or -1. */
int caddy_ts(const char *s, size_t n, int is_number, const struct tz *tz, int64_t *us);

/* What a float duration's digits say of its unit. Caddy's durations are
 * whole nanoseconds printed shortest: seconds carry up to 9 fraction
 * digits, milliseconds up to 6. So 7 or more digits say seconds for sure
 * (CADDY_UNIT_S); a float with 6 or fewer is milliseconds, or seconds that
 * happened to be a whole microsecond (about one line in a few hundred):
 * CADDY_UNIT_UNKNOWN; an integer says nothing (CADDY_UNIT_NS: as written). */
enum caddy_unit caddy_duration_hint(const char *s, size_t n);

/* A number of UNIT -> microseconds, rounded. -1 when malformed or < 0. */
int caddy_duration_number(const char *s, size_t n, enum caddy_unit unit, int64_t *us);

#endif
