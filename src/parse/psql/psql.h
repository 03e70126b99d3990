/* psql.h - what the psql parser's files share; nobody else includes it.
 *
 * One state for a whole file: the form being read (a mode), the result set
 * in progress (its columns and only the current row's cells), and what the
 * session around it said (a \watch title, a shell timestamp, an echoed
 * query) that the next result takes as its capture time, title and query. */
#ifndef ANALYZE_PSQL_H
#define ANALYZE_PSQL_H

#include <stddef.h>
#include <stdint.h>

#include "parse/parser.h"
#include "util/buf.h"
#include "util/tz.h"

#define PSQL_COLS_MAX 1664              /* PostgreSQL's limit on a result's columns */
#define PSQL_CELL_MAX (1024 * 1024)     /* one cell, after joining its lines */
#define PSQL_ROW_MAX (8 * 1024 * 1024)  /* a row's cells, JSON-escaped */
#define PSQL_QUERY_MAX (64 * 1024)      /* an echoed query; longer ones are cut */
#define PSQL_NAME_MAX 256               /* a column or table name */

enum psql_mode {
	M_IDLE,                 /* between results */
	M_QUERY,                /* an echoed query that spans lines */
	M_ALIGNED,              /* rows of an aligned table, EXPLAIN's too */
	M_UNALIGNED,            /* rows of -A output or --csv */
	M_XALIGNED,             /* expanded (\x) aligned records */
	M_XUNALIGNED,           /* expanded unaligned records */
	M_COPY,                 /* a pg_dump COPY block */
	M_INSERT,               /* pg_dump INSERT statements into one table */
};

/* A line as the forms see it: a shell loop's timestamp prefix removed. */
struct psql_line {
	const char *text;       /* borrowed; NUL-terminated at len */
	size_t len;
	const struct line *raw; /* the reader's line: number, offset, flags */
};

struct psql_state;

/* The result set in progress. */
struct psql_result {
	const char *form;       /* static: aligned, unaligned, csv, expanded, copy, insert, explain */
	/* the form's record still open when the result closes (expanded's);
	 * NULL: rows end on their own lines */
	int (*end_record)(struct psql_state *s, const struct sink *out, struct diag *err);
	int ncols;
	int named;              /* the columns have names (not tuples-only output) */
	struct buf names;       /* ncols NUL-terminated names, back to back */
	size_t name_at[PSQL_COLS_MAX];
	struct buf table;       /* dumps: the table, without its schema */
	int empty_is_null;      /* aligned forms: psql prints NULL as nothing */
	int use_marker;         /* cells equal to the \pset null marker are NULL */
	int time_col, key_col;  /* -1: none (see shapes.c) */
	const char *shape_hint; /* static: what the form alone tells (a shell loop's count) */
	int is_clock;           /* its first row is a clock reading (tuples only) */
	int64_t rows, bad_rows;
	double planning_ms, execution_ms;       /* EXPLAIN ANALYZE; -1 absent */
	/* the current row */
	struct buf cell[PSQL_COLS_MAX];
	unsigned char isnull[PSQL_COLS_MAX];
	char cont[PSQL_COLS_MAX];       /* aligned: '+' or '.' when the cell goes on */
	int have;                       /* cells begun */
	size_t row_bytes;               /* the row's cells so far: capped at PSQL_ROW_MAX */
	int in_row;
	struct line row_at;             /* the row's first line, text NULL */
};

/* A field of one physical line, as the forms split it. */
struct psql_piece {
	const char *p;
	size_t n;
	char lmark, rmark;      /* aligned: the margins ('.', '+', ' ' or 0) */
};

/* The aligned table's geometry, from its separator line (display columns). */
struct psql_grid {
	int n;
	int start[PSQL_COLS_MAX];       /* first column of segment j (its left margin) */
	int width[PSQL_COLS_MAX];       /* content width: the dashes minus both margins */
};

struct psql_state {
	const struct parse_opts *opts;
	struct tz *tz;                  /* --tz; NULL: UTC */
	enum psql_mode mode;
	int open;                       /* a snapshot was emitted and is not yet closed */
	struct psql_result r;
	struct psql_grid g;
	char sep;                       /* unaligned: '|', '\t' or ',' */
	int csv;                        /* unaligned: RFC 4180 quoting */
	int csv_quoted;                 /* csv: inside a quoted field across lines */
	int x_between;                  /* expanded: a record just ended */
	int x_first;                    /* expanded: still reading record 1 (names) */
	int x_bad;                      /* expanded: this record does not match */
	/* what the session said, for the next result */
	int64_t pending_us;             /* capture time; RECORD_NONE */
	int64_t stamp_us;               /* the last one-row clock reading: dates the
					 * results without a time of their own */
	struct buf title, query, query_last;
	size_t query_before_last;       /* query length before its last line */
	int after_ts_line;              /* the last non-blank line was a bare timestamp */
	int64_t line_ts;                /* this line's shell prefix time; RECORD_NONE */
	/* the held line: unrecognised, waiting for the next to say what it is */
	struct buf held;
	struct line held_at;
	int holding;
	int held_after_ts;              /* the held line came right after a bare timestamp */
	/* pg_dump: the COPY line; an INSERT statement that spans lines */
	struct buf stmt, ins_key;
	struct line stmt_at;
	int stmt_quote;                 /* inside '...' (1) or E'...' (2) */
	/* \pset null */
	struct buf marker;              /* from "Null display is ..." */
	int marker_seen;                /* a built-in marker appeared in this file */
	/* \pset linestyle unicode: the last rule's column kinds, the line in
	 * ASCII (linestyle.c) */
	struct buf ls_kind, ls_line;
	int ls_x;                       /* in expanded records drawn in box characters */
	/* \pset border 0: the separator's runs, the line as border 1 (border0.c) */
	int border0;
	struct psql_grid b0;
	struct buf border0_buf;
	/* \pset border 2: where in a framed table (border.c), the line unframed */
	int border2;
	struct buf unframed;
	/* scratch */
	struct buf json, json2, tmp;
	struct psql_piece *pieces;      /* PSQL_COLS_MAX + 1 */
	char why[200];
};

/* psql.c: replaces the held line's text (its line number stays) */
int psql_held_text(struct psql_state *s, const char *p, size_t n);

/* result.c: the records of a result set */
void result_reset(struct psql_state *s, const char *form);
int result_add_name(struct psql_state *s, const char *p, size_t n);
int result_begin(struct psql_state *s, const struct line *at, const struct sink *out,
		 struct diag *err);
void row_begin(struct psql_state *s, const struct line *at);
int cell_add(struct psql_state *s, int col, const char *p, size_t n);
int row_emit(struct psql_state *s, const struct sink *out, struct diag *err);
int row_reject(struct psql_state *s, const struct line *l, const char *why,
	       const struct sink *out, struct diag *err);
/* A line that is no psql output (or a row's first, text NULL): a reject. */
int line_reject(struct psql_state *s, const struct line *l, const char *why,
		const struct sink *out, struct diag *err);
/* Ends the result in progress: the form's open record, a row cut short,
 * then the closing record (none when no snapshot is open). */
int result_close(struct psql_state *s, int64_t footer_rows, const struct sink *out,
		 struct diag *err);

/* Column col's name, NULL when the columns have none. An accessor kept
 * here so that shapes.c, which result.c calls, need not call back. */
static inline const char *result_name(const struct psql_state *s, int col)
{
	return s->r.named ? s->r.names.data + s->r.name_at[col] : NULL;
}

/* json.c: appends p[0..n) as a JSON string, bytes not UTF-8 as U+FFFD */
int json_string(struct buf *b, const char *p, size_t n);

/* shapes.c: what a result is, by its columns; write times */
const char *shapes_recognise(const struct psql_state *s);
void shapes_pick_columns(struct psql_state *s);
int shapes_ulid_ms(const char *p, size_t n, int64_t *ms);
int shapes_parse_timestamp(const struct psql_state *s, const char *p, size_t n, int64_t *us,
			   int64_t *res_us);
int shapes_db_write(struct psql_state *s, const struct sink *out, struct diag *err);
int shapes_is_clock(const struct psql_state *s);
/* Names ncols columns from the echoed query's select list: 0, or -1 (and
 * no names) when it does not name that many. */
int shapes_names_from_query(struct psql_state *s, int ncols);
int shapes_stamp(const struct psql_state *s, int64_t *us);

/* watch.c: the time in a \watch title */
enum { WATCH_NONE, WATCH_OFFSET, WATCH_ABBR };
struct psql_watch {
	int64_t local;          /* the wall clock, seconds since the epoch as if UTC */
	int zone;               /* WATCH_NONE: no zone printed (C, fr_FR) */
	int64_t east;           /* WATCH_OFFSET: seconds east of UTC */
	char abbr[16];          /* WATCH_ABBR: a name that is not one offset */
	const char *why;        /* static: why the time cannot be read */
};
/* 0: not a \watch title; 1: one, its time in *w; -1: one whose time is
 * not what psql prints (w->why). */
int watch_title(const char *p, size_t n, struct psql_watch *w);
/* The title's instant, reading a zone-less or ambiguous one in tz (NULL:
 * UTC); -1 when the zone is ambiguous and tz is NULL. */
int watch_utc(const struct psql_watch *w, const struct tz *tz, int64_t *utc);

/* sample.c: a shell loop's time-first sample line */
int sample_is_line(const char *p, size_t n, char sep);
int sample_line(struct psql_state *s, const struct psql_line *l, char sep, int64_t ts,
		const struct sink *out, struct diag *err);

/* session.c: the lines around results */
size_t session_ts_prefix(const char *p, size_t n, int64_t *us, char *sep);
size_t session_prompt(const char *p, size_t n);
int session_footer(const char *p, size_t n, int64_t *rows);
int session_known(struct buf *marker, const char *p, size_t n);
int session_query_start(const char *p, size_t n);
int session_query_end(const char *p, size_t n);
int session_is_blank(const char *p, size_t n);
int session_is_ident(const char *p, size_t n);

/* aligned.c */
int aligned_separator(struct psql_grid *g, const char *p, size_t n);

int aligned_tuples_grid(struct psql_state *s, const char *p, size_t n);
int aligned_tuples_start(struct psql_state *s, const struct line *first, const struct sink *out,
			 struct diag *err);

/* border.c: \pset border 2 */
int border2_rule(const char *p, size_t n);      /* "+----+----+" */
/* Rewrites *L as border 1 would have printed it (a top rule becomes a
 * blank line): 0 to read *L, 1 to skip it (a bottom rule), -1 out of memory. */
int border2_line(struct psql_state *s, struct psql_line *l);
/* linestyle.c: \pset linestyle unicode. Rewrites *l (and a held header)
 * in ASCII: 0, or -1 out of memory. */
int linestyle_line(struct psql_state *s, struct psql_line *l);
int linestyle_rule(const char *p, size_t n);    /* "────┼────", for the probe */
int linestyle_x_header(const char *p, size_t n);        /* "─[ RECORD 1 ]───" */

/* border0.c: \pset border 0 */
int border0_separator(struct psql_state *s, const char *p, size_t n);
int border0_rule(const char *p, size_t n);
int border0_rule_unicode(const char *p, size_t n);      /* "── ────" */
/* The held header and *sep rewritten as border 1: 1, 0 when the header does
 * not fit the separator, -1 out of memory. */
int border0_start(struct psql_state *s, struct psql_line *sep);
/* Rewrites *l as border 1 while a border-0 table is read. */
void border0_line(struct psql_state *s, struct psql_line *l);
int aligned_start(struct psql_state *s, const struct line *header, const struct psql_line *sep,
		  const struct sink *out, struct diag *err);
int aligned_line(struct psql_state *s, const struct psql_line *l, const struct sink *out,
		 struct diag *err);

/* unaligned.c: -A and --csv */
int unaligned_fields(struct psql_state *s, const char *p, size_t n, char sep, int csv,
		     int *all_ident);
int unaligned_start(struct psql_state *s, const struct line *first, char sep, int csv,
		    int header, const struct sink *out, struct diag *err);
int unaligned_line(struct psql_state *s, const struct psql_line *l, const struct sink *out,
		   struct diag *err);

/* expanded.c */
int expanded_record_header(const char *p, size_t n, int *bar_col);
int expanded_start(struct psql_state *s, const struct psql_line *l, int aligned,
		   const struct sink *out, struct diag *err);
int expanded_line(struct psql_state *s, const struct psql_line *l, const struct sink *out,
		  struct diag *err);

/* dump.c: pg_dump COPY blocks and INSERTs */
int dump_copy_start(struct psql_state *s, const struct psql_line *l, const struct sink *out,
		    struct diag *err);
int dump_copy_line(struct psql_state *s, const struct psql_line *l, const struct sink *out,
		   struct diag *err);
int dump_is_insert(const char *p, size_t n);
int dump_insert_line(struct psql_state *s, const struct psql_line *l, const struct sink *out,
		     struct diag *err);
int dump_finish(struct psql_state *s, const struct sink *out, struct diag *err);

/* explain.c */
int explain_is_header(const char *p, size_t n);
void explain_row(struct psql_state *s, const char *p, size_t n);

/* display width of UTF-8 text as psql pads it (aligned.c) */
int psql_char(const char *p, size_t n, int *width);

#endif
