/* record.h - what parsers hand to the store: plain structs, one per kind of
 * row. Every string is borrowed from the parser and valid only during the
 * sink call; NULL means absent. Integers use RECORD_NONE for absent. */
#ifndef ANALYZE_RECORD_H
#define ANALYZE_RECORD_H

#include <stdint.h>

#include "util/diag.h"

#define RECORD_NONE INT64_MIN

enum record_kind {
	REC_REQUEST,            /* a proxy access-log line */
	REC_PROXY_EVENT,        /* any other proxy logger line */
	REC_REJECT,             /* a line that could not be used, and why */
	REC_EVENT,              /* a server tracing event */
	REC_PHASE,              /* a <phase>_ms field of the event just emitted */
	REC_SNAPSHOT,           /* a psql result set */
	REC_SNAPSHOT_ROW,       /* a row of the snapshot just emitted */
	REC_DB_WRITE,           /* a row with a write time, of the snapshot just emitted */
	REC_WARNING,            /* about the whole file: its lines read, but maybe wrongly */
};

struct request_rec {
	int64_t start_us;       /* ts - duration: when the request arrived */
	int64_t end_us;         /* ts: Caddy writes the entry when the response ends */
	int64_t duration_us;
	const char *method, *host;
	const char *uri;        /* as logged, secrets in the query redacted */
	const char *route, *proto;
	int64_t status, size, bytes_read;
	const char *remote_ip;
	int64_t remote_port;
	const char *client_ip;
	const char *cf_connecting_ip, *x_forwarded_for, *x_real_ip, *user_agent;
	const char *request_id; /* response X-Request-Id, else the request's */
};

struct proxy_event_rec {
	int64_t ts_us;
	const char *level, *logger, *msg;
	const char *fields_json;        /* the whole line, credentials redacted */
};

struct reject_rec {
	const char *reason;
	const char *excerpt;    /* the line's first bytes, invalid UTF-8 escaped */
};

/* A file-level doubt, emitted once (at finish()): a float duration unit that
 * the data contradicts, a required field that no line has. line is 0, or
 * the first line it concerns. */
struct warning_rec {
	const char *reason;     /* one sentence, no file name: ingest adds it */
};

struct event_rec {
	int64_t ts_us;
	int64_t wrapper_ts_us;  /* Docker's own time, when wrapped */
	const char *level, *target, *name, *message;
	const char *fields_json;        /* typed: numbers stay numbers */
	const char *span_name, *span_json, *spans_json;
	const char *request_id, *method, *uri;
	int is_start;           /* a server start line ("listening", db.init) */
	const char *thread_name, *thread_id;   /* with_thread_names/_ids */
	const char *file;       /* with_file, or pretty's "at" line */
	int64_t file_line;      /* with_line_number; RECORD_NONE when absent */
	int has_latency;        /* a `latency` field (tower-http's "60 ms"): */
	double latency_ms;      /* its milliseconds */
};

struct phase_rec {
	const char *event_name;
	const char *phase;      /* "ack_wait" for ack_wait_ms */
	double ms;
};

struct snapshot_rec {
	int64_t capture_us;     /* RECORD_NONE when unknown */
	const char *form;       /* aligned, unaligned, csv, expanded, copy, insert, explain */
	const char *title, *query, *shape;
	const char *columns_json;
	int64_t row_count;
};

struct snapshot_row_rec {
	int64_t row_no;
	const char *cells_json; /* array; JSON null for NULL, "" for empty */
	/* Set on the record that closes the snapshot just emitted, instead of a
	 * row (cells_json NULL): row_no is then its row count, and these are
	 * what the parser knew only at its end. */
	int is_end;
	int64_t footer_rows;    /* "(N rows)" as printed; RECORD_NONE without one */
	double planning_ms, execution_ms;      /* EXPLAIN ANALYZE; < 0 absent */
};

struct db_write_rec {
	const char *table_name, *key;
	int64_t written_us;
	int64_t resolution_us;  /* 1000000 for a seconds column, 1000 for a ULID */
	const char *row_json;
};

struct record {
	enum record_kind kind;
	int64_t line;           /* provenance: line number in the source content */
	int64_t off;            /* and its byte offset */
	union {
		struct request_rec request;
		struct proxy_event_rec proxy_event;
		struct reject_rec reject;
		struct event_rec event;
		struct phase_rec phase;
		struct snapshot_rec snapshot;
		struct snapshot_row_rec snapshot_row;
		struct db_write_rec db_write;
		struct warning_rec warning;
	} u;
};

/* Points fields[] at every string pointer of rec's kind; returns how many.
 * A new string field must be listed in record.c, or a copy loses it. */
#define RECORD_MAX_STRINGS 24
int record_strings(struct record *rec, const char **fields[], int max);

/* Where parsers send records: the store during ingest, a counter in fuzzers. */
struct sink {
	int (*emit)(void *ctx, const struct record *rec, struct diag *err);
	void *ctx;
};

#endif
