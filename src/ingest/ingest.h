/* ingest.h - one file into the store: recognise what was seen before,
 * detect the format, parse, store, all in one transaction per file. */
#ifndef ANALYZE_INGEST_H
#define ANALYZE_INGEST_H

#include <stdint.h>

#include "parse/parser.h"
#include "store/store.h"
#include "util/diag.h"

struct ingest_opts {
	const char *format;             /* a parser name, or NULL to detect */
	struct parse_opts parse;
	int quiet;                      /* no summary lines */
	int progress;                   /* a progress line (stderr is a terminal) */
	const char *db;                 /* the database's path: its free space is checked */
};

/* What one file gave; the command adds them up. */
struct ingest_result {
	const char *format;             /* the parser used, or NULL */
	int64_t records, rejects;       /* added this time */
	int64_t warnings;               /* about the whole file (REC_WARNING), this time */
	int64_t seen_lines;             /* lines skipped as already ingested */
	int unchanged;                  /* the whole file was known: nothing read */
	int64_t held_bytes;             /* a last line without its newline, left for the next run */
	int64_t padding_bytes;          /* NUL padding skipped (copytruncate's hole) */
	int shrank;                     /* truncated while being read */
	int unrecognised;               /* failed: no parser knows its first lines */
};

/* 0, or -1 when the file could not be ingested (nothing of it is kept);
 * the reason is in err, without the file name. */
int ingest_file(struct store *st, const char *path, const struct ingest_opts *o,
		struct ingest_result *res, struct diag *err);

#endif
