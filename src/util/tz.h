/* tz.h - a time zone's rules, read once from its TZif file, for local times
 * that carry no zone (psql \watch titles, timestamp cells without offset).
 * No TZ variable, no localtime(): parsers may run on any thread. */
#ifndef ANALYZE_TZ_H
#define ANALYZE_TZ_H

#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

#define TZ_DIR "/usr/share/zoneinfo"

struct tz;

/* "UTC", "Europe/Berlin" (a file under TZ_DIR), or a fixed "+05:30". */
int tz_load(struct tz **out, const char *name, struct diag *err);
/* The same from a TZif file's bytes; for tests and tz_load(). */
int tz_parse(struct tz **out, const unsigned char *data, size_t len, struct diag *err);
void tz_free(struct tz *z);

/* Seconds east of UTC in force at `utc` (seconds since the epoch). */
int64_t tz_offset_at(const struct tz *z, int64_t utc);
/* The UTC instant of a wall-clock time, given as seconds since the epoch as
 * if it were UTC. A time skipped by a change uses the offset before it; a
 * time that happens twice, the first. */
int64_t tz_local_to_utc(const struct tz *z, int64_t local);

#endif
