/* json_scan.h - a validating JSON reader for one document held in memory
 * (a log line), reporting what it finds through callbacks in the order of
 * the text, as yajl's parser does.
 *
 * Why not yajl here: on the Caddy access log, the ingest's hot loop, yajl
 * alone costs as much as the whole json_verify run; this reader scans
 * strings eight bytes at a time and hands out strings without escapes as
 * pointers into the line, at several times yajl's speed. It accepts exactly
 * RFC 8259 JSON with strict UTF-8 (no overlong forms, surrogates or code
 * points past U+10FFFF), nested at most JSON_MAX_DEPTH deep; the fuzzer
 * tests/fuzz/fuzz_json_scan.c holds it to yajl's answers on the rest. */
#ifndef ANALYZE_JSON_SCAN_H
#define ANALYZE_JSON_SCAN_H

#include <stddef.h>

#include "util/buf.h"

#define JSON_MAX_DEPTH 1024

/* Each returns nonzero to go on, 0 to stop the scan (JSON_STOPPED). A
 * string or key is valid only during the call, it is not NUL-terminated,
 * and it may hold NUL bytes (from \u0000). Numbers come as their text. */
struct json_handlers {
	int (*on_null)(void *ctx);
	int (*on_bool)(void *ctx, int value);
	int (*on_number)(void *ctx, const char *s, size_t n);
	int (*on_string)(void *ctx, const char *s, size_t n);
	int (*on_start_map)(void *ctx);
	int (*on_key)(void *ctx, const char *s, size_t n);
	int (*on_end_map)(void *ctx);
	int (*on_start_array)(void *ctx);
	int (*on_end_array)(void *ctx);
};

enum json_status {
	JSON_OK,
	JSON_TRUNCATED,         /* the text ends inside a value */
	JSON_BAD_UTF8,
	JSON_SYNTAX,            /* anything else that is not JSON */
	JSON_TOO_DEEP,
	JSON_STOPPED,           /* a handler returned 0 */
};

struct json_error {
	enum json_status status;
	size_t at;              /* byte offset of the problem */
	const char *what;       /* a short static description */
};

/* Scans TEXT[0..LEN) as one JSON value with optional surrounding
 * whitespace. SCRATCH holds strings that had escapes to decode (its cap
 * bounds them: a longer one is JSON_SYNTAX "string too long"). Returns
 * JSON_OK, or the failure, also described in *ERR when ERR is not NULL. */
enum json_status json_scan(const char *text, size_t len, const struct json_handlers *h,
			   void *ctx, struct buf *scratch, struct json_error *err);

/* How many bytes from S on need no escape in a JSON string (no '"', '\\'
 * or control character): writers copy that run whole. */
size_t json_escape_free(const char *s, size_t n);

/* The reject reason for a failed scan, as every JSON log parser words it:
 * "invalid UTF-8", "truncated JSON" or "invalid JSON: WHAT at byte N". */
const char *json_error_reason(const struct json_error *err, char *buf, size_t size);

#endif
