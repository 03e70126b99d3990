/* timeconv.h - the time forms found in logs <-> int64 microseconds since the
 * epoch, UTC. Pure arithmetic: no gmtime/localtime, no TZ, no floats, so a
 * value parses the same everywhere and never loses a digit. */
#ifndef ANALYZE_TIMECONV_H
#define ANALYZE_TIMECONV_H

#include <stddef.h>
#include <stdint.h>

#define US_PER_SEC INT64_C(1000000)

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t timeconv_days_from_civil(int64_t y, unsigned m, unsigned d);

/* "2024-05-01T12:00:00.123456789Z", "...+02:00", "...+0200", a space for
 * the T, "2024/05/01 12:00:00.5" (no zone: UTC). 0, or -1 when malformed. */
int timeconv_parse_rfc3339(const char *s, size_t n, int64_t *us);

/* A decimal number of some unit, chosen by magnitude of its integer part:
 * >= 1e17 nanoseconds, >= 1e14 microseconds, >= 1e11 milliseconds, else
 * seconds. Covers Caddy's unix_seconds_float, unix_milli_float, unix_nano. */
int timeconv_parse_epoch_number(const char *s, size_t n, int64_t *us);

/* Decimal seconds ("0.0123", "1e-3" is refused) to microseconds, rounded. */
int timeconv_parse_seconds(const char *s, size_t n, int64_t *us);

/* Go's time.Duration.String(): "1.5s", "350.2ms", "12µs", "2m3.1s", "1h0m0s". */
int timeconv_parse_go_duration(const char *s, size_t n, int64_t *us);

/* "2024-05-01T12:00:00.123Z": RFC 3339 UTC with milliseconds; out >= 32 bytes. */
void timeconv_format_ms(int64_t us, char *out, size_t outlen);

#endif
