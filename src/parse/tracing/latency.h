/* latency.h - tower-http's `latency` field ("60 ms") in milliseconds, read
 * once at ingest so the hop latency check scans a number, not JSON. */
#ifndef ANALYZE_TRACING_LATENCY_H
#define ANALYZE_TRACING_LATENCY_H

#include <stddef.h>

/* The milliseconds of the value V (N bytes; IS_STRING: a JSON string, else
 * a number's text, or "true"/"false") as the check always read it: its
 * leading number (SQL's CAST AS REAL: none is 0) times the unit its text
 * ends with, "µs", "ns", "ms" or "s" (ASCII case ignored; no unit: ms). */
double tr_latency_ms(const char *v, size_t n, int is_string);

#endif
