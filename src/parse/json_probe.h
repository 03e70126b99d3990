/* json_probe.h - which top-level keys a JSON line has, found by parsing it
 * (json_scan), not by byte patterns: "ts": 1, "ts" : 1 and a key order
 * another writer chose all read the same. For the parsers' probe()s. */
#ifndef ANALYZE_JSON_PROBE_H
#define ANALYZE_JSON_PROBE_H

#include <stddef.h>

#define JSON_PROBE_KEYS 8       /* at most this many keys asked about */
#define JSON_PROBE_VALUE 32     /* a string value's first bytes kept */

enum json_probe_type { JP_ABSENT, JP_STRING, JP_NUMBER, JP_OTHER };

struct json_probe {
	enum json_probe_type type[JSON_PROBE_KEYS];
	char value[JSON_PROBE_KEYS][JSON_PROBE_VALUE + 1];  /* strings, cut, NUL-terminated */
};

/* Scans text[0..len) as one JSON object and fills *p for the NULL-terminated
 * KEYS of its top level. 0, or -1 when the line is not a JSON object. */
int json_probe(const char *text, size_t len, const char *const *keys, struct json_probe *p);

#endif
