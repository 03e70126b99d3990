/* console.h - Caddy's `console` encoder (zap's console encoder), alone or
 * inside `format filter { wrap console }`:
 *
 *   2026/11/29 23:56:01.663<TAB>INFO<TAB>http.log.access.log0<TAB>handled request<TAB>{"request": ...}
 *
 * time, level (ANSI-coloured by default: level_format color), logger (left
 * out for the unnamed root logger), message, then the fields as one JSON
 * object (left out when there are none). */
#ifndef ANALYZE_CADDY_CONSOLE_H
#define ANALYZE_CADDY_CONSOLE_H

#include <stddef.h>

#include "util/buf.h"

struct caddy_console {
	/* into the cleaned copy; logger_len 0: no logger */
	const char *ts, *level, *logger, *msg, *json;
	size_t ts_len, level_len, logger_len, msg_len, json_len;
};

/* Splits a console line, its ANSI colours removed into CLEAN (which the
 * pointers then point into). 0, or -1 when it is not one: fewer than three
 * tab-separated parts, or a level zap does not write. */
int caddy_console_split(const char *text, size_t len, struct buf *clean,
			struct caddy_console *out);

#endif
