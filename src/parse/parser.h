/* parser.h - one log family: lines in, records out through a sink.
 * Parsers know nothing of SQLite or files; the reader numbers the lines. */
#ifndef ANALYZE_PARSER_H
#define ANALYZE_PARSER_H

#include <stddef.h>

#include "reader/reader.h"
#include "record/record.h"
#include "util/diag.h"

struct parse_opts {
	const char *strip_prefix;       /* "/api": removed before route templating */
	const char *tz;                 /* zone of times that carry none; NULL: UTC */
	const char *duration_unit;      /* Caddy float durations: "s", "ms"; NULL: inferred */
	/* The file's modification time (µs UTC), else the time of the ingest:
	 * the year of times printed without one (journalctl -o short); 0 unknown. */
	int64_t file_time_us;
};

struct parser {
	const char *name;
	/* How sure, 0..100, that this line belongs to the family. */
	int (*probe)(const char *text, size_t len);
	/* Optional (NULL): how sure, 0..100, that a file's first lines together
	 * are the family's, for forms no line alone tells (psql's border-0
	 * table: a header, a rule of dashes, rows cut where the rule is). */
	int (*probe_head)(const struct line *lines, int n);
	int (*open)(void **state, const struct parse_opts *opts, struct diag *err);
	/* 0, or -1 only when the sink failed: a bad line is a reject, not an error. */
	int (*line)(void *state, const struct line *l, const struct sink *out, struct diag *err);
	/* End of input: flush what spans lines (a pending record, an open table). */
	int (*finish)(void *state, const struct sink *out, struct diag *err);
	void (*close)(void *state);
};

extern const struct parser *const parsers[];    /* in probe order, NULL-terminated */
const struct parser *parser_by_name(const char *name);

/* Helpers every parser uses to report a line it cannot use. */
int parser_reject(const struct sink *out, const struct line *l, const char *reason,
		  struct diag *err);
/* A doubt about the whole file (REC_WARNING), usually from finish(): line
 * is the first line it concerns, or 0. printf-style, no file name. */
int parser_warn(const struct sink *out, int64_t line, struct diag *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
