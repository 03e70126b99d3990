/* event.h - what the tracing forms share: one event being built (typed
 * fields as JSON, its spans, the request identity), the emit that adds its
 * phases, and the per-form interface inner.c dispatches to.
 * Knows tracing-subscriber's output shapes; nothing of SQLite. */
#ifndef ANALYZE_TRACING_EVENT_H
#define ANALYZE_TRACING_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "parse/parser.h"
#include "parse/tracing/phases.h"
#include "util/buf.h"

#define TR_MAX_FIELDS 256       /* per event, and per span */
#define TR_TEXT_MAX (READER_MAX_LINE * 2)      /* one event's JSON, escaped */

_Static_assert(TR_MAX_PHASES >= TR_MAX_FIELDS, "every field of an event may be a phase");

enum tr_type { TR_STRING, TR_NUMBER, TR_BOOL, TR_NULL };

/* Where a span goes: the span list (root to leaf), the current span, or both. */
#define TR_SPAN_LIST 1
#define TR_SPAN_CURRENT 2

/* A request's identity as one source (fields, a span) carries it. */
struct tr_ident {
	struct buf request_id, method, uri;
};

struct tr_key {
	uint32_t off, len;      /* into a names buffer */
};

struct tr_event {
	int64_t line, off;              /* provenance: the record's first line */
	int64_t ts_us, wrapper_ts_us, file_line;
	struct buf level, target, name, message, thread_name, thread_id, file;
	unsigned has_name : 1, has_message : 1, has_thread_name : 1, has_thread_id : 1,
		 has_file : 1, has_latency : 1;
	double latency_ms;              /* tower-http's `latency` field (latency.c) */
	/* the event's fields, "{...}" without the closing brace until emit */
	struct buf fields;
	struct buf fkeys;               /* raw names, for first-wins on repeats */
	struct tr_key fkey[TR_MAX_FIELDS];
	int nfields;
	/* the span being built: "k":v,... entries, its raw names */
	struct buf sp, spkeys, spname;
	struct tr_key spkey[TR_MAX_FIELDS];
	uint32_t spent[TR_MAX_FIELDS][2];       /* entry off, len in sp */
	int spname_at;                  /* entry that holds the span's name, or -1 */
	int nsp;
	struct tr_ident sp_id;          /* what the span being built carries */
	/* finished spans */
	struct buf spans;               /* "[{...},..." without the closing bracket */
	int nspans;
	struct buf spobj;               /* the finished span's fields object */
	struct buf cur_name, cur_fields;
	int cur_from;                   /* 0 none, 1 the list's leaf, 2 given as current */
	/* request identity: 0 the event's fields, 1 the span list (inner
	 * wins), 2 the current span alone (flat JSON has no list) */
	struct tr_ident id[3];
	struct tr_phases phases;        /* <phase>_ms fields */
	struct buf scratch;             /* redacted uris */
	int overflow;                   /* a cap was hit: the line is a reject */
	char bad[160];                  /* else a value that lies: the reject's reason */
};

void tr_event_init(struct tr_event *ev);
void tr_event_release(struct tr_event *ev);
/* Forget the last event, keep the memory. */
void tr_event_reset(struct tr_event *ev, int64_t line, int64_t off, int64_t wrapper_ts_us);

int tr_set(struct buf *b, const char *s, size_t n);     /* copy, -1 over the cap */

/* One event field; the value is decoded text (a string's bytes, a number's
 * digits, "true"). A repeated name keeps its first value. Secrets are
 * redacted, "uri"/"url" queries too; "message" goes to the message column,
 * "event" also to the name column; <phase>_ms numbers become phases. */
int tr_field(struct tr_event *ev, const char *key, size_t klen, enum tr_type t,
	     const char *v, size_t vlen);
/* A field whose value is a JSON container: returns the buffer to append
 * the container's JSON to, or NULL when it must be skipped (a repeat).
 * *redacted says "REDACTED" was written instead: skip the container too. */
struct buf *tr_field_json_begin(struct tr_event *ev, const char *key, size_t klen,
				int *redacted);

/* Spans, root to leaf: begin, fields, end. The name given to tr_span_end()
 * wins; NULL takes the last string field called "name" (JSON's span object
 * puts the span's own name last, after a field that may share it). */
void tr_span_begin(struct tr_event *ev);
int tr_span_field(struct tr_event *ev, const char *key, size_t klen, enum tr_type t,
		  const char *v, size_t vlen);
struct buf *tr_span_json_begin(struct tr_event *ev, const char *key, size_t klen,
			       int *redacted);
void tr_span_json_end(struct tr_event *ev);
int tr_span_end(struct tr_event *ev, const char *name, size_t nlen, int where);

/* REC_EVENT, then one REC_PHASE per <phase>_ms field. */
int tr_emit(struct tr_event *ev, const struct sink *out, struct diag *err);

/* Helpers the text forms share. */
int tr_json_escape(struct buf *b, const char *s, size_t n);    /* appends "..." */
int tr_is_number(const char *s, size_t n);      /* a JSON number, as written */
/* Rust's Debug string "..." at s (s[0] == '"'): decoded into out; returns
 * the length consumed with both quotes, or 0 when it is not one. */
size_t tr_debug_string(const char *s, size_t n, struct buf *out);
/* Copies s without ANSI SGR sequences (ESC [ digits ; m); compact's span
 * field blocks (ESC[2m ESC[3m) are noted as offsets into out. */
int tr_strip_ansi(struct buf *out, const char *s, size_t n, uint32_t *marks, int *nmarks,
		  int maxmarks);

/* A record form inside a file (json, text, pretty): lines in, events out. */
struct tr_form {
	const char *name;
	int (*open)(void **state, struct diag *err);
	int (*line)(void *state, const struct line *l, int64_t wrapper_ts_us,
		    const struct sink *out, struct diag *err);
	int (*finish)(void *state, const struct sink *out, struct diag *err);
	void (*close)(void *state);
};

extern const struct tr_form tr_form_json, tr_form_text, tr_form_pretty, tr_form_bunyan;
int tr_bunyan_is(const char *text, size_t len);        /* a tracing-bunyan-formatter line */

/* docker.c: json-file records and compose prefixes around inner lines. */
struct tr_docker;
int tr_docker_is_json_file(const char *text, size_t len);
int tr_docker_is_compose(void *md, const char *text, size_t len);
int tr_docker_open(struct tr_docker **out, int compose, struct diag *err);
int tr_docker_line(struct tr_docker *d, const struct line *l, const struct sink *out,
		   struct diag *err);
int tr_docker_finish(struct tr_docker *d, const struct sink *out, struct diag *err);
void tr_docker_free(struct tr_docker *d);

/* journal.c: journalctl's text (short-iso) and -o json around inner lines. */
struct tr_journal;
int tr_journal_is_text(const char *text, size_t len);
int tr_journal_is_json(const char *text, size_t len);
int tr_journal_probe(const char *text, size_t len);    /* probe(): 0..100 */
/* opts: --tz (the zone journalctl printed local times in) and the file's
 * time (the year -o short leaves out); NULL: UTC, the year of now. */
int tr_journal_open(struct tr_journal **out, int json, const struct parse_opts *opts,
		    struct diag *err);
int tr_journal_line(struct tr_journal *j, const struct line *l, const struct sink *out,
		    struct diag *err);
int tr_journal_finish(struct tr_journal *j, const struct sink *out, struct diag *err);
void tr_journal_free(struct tr_journal *j);

/* inner.c: an inner stream whose form is fixed by its first usable line;
 * tracing.c and docker.c feed it, it calls only the forms. */
struct tr_inner {
	const struct tr_form *form;
	void *state;
};
int tr_inner_line(struct tr_inner *in, const struct line *l, int64_t wrapper_ts_us,
		  const struct sink *out, struct diag *err);
int tr_inner_finish(struct tr_inner *in, const struct sink *out, struct diag *err);
void tr_inner_release(struct tr_inner *in);
/* The form of a line on its own: a form, or NULL when none fits. */
const struct tr_form *tr_form_guess(const char *text, size_t len);
/* The header of a text or pretty line, colours and all: 1 found, 0 not. */
struct tr_header;
int tr_guess_header(const char *text, size_t len, struct tr_header *h);

/* text.c: the header "TS LEVEL " of the text forms, by a PCRE2 pattern
 * compiled once per run. 1 a match (offsets into s), 0 none, -1 error. */
struct tr_header {
	size_t indent;                  /* leading spaces: pretty has two */
	size_t ts_off, ts_len, lvl_off, lvl_len, end;
};
int tr_text_header(void *md, const char *s, size_t n, struct tr_header *h);
/* Match data for the patterns (opaque pcre2_match_data): one per stream,
 * NULL when out of memory. The patterns themselves are shared, read-only. */
void *tr_md_new(void);
void tr_md_free(void *md);

/* k=v (text) and k: v (pretty) lists. A field starts at an identifier
 * followed by `assign`, at s[0] or after `sep`. A quoted value is Rust's
 * Debug string; a bare one runs to the next field (or, in braces, to a
 * "}:" that closes the span). */
struct tr_kv {
	uint32_t koff, klen, voff, vlen;
};
size_t tr_field_start(const char *s, size_t n, size_t from, const char *sep,
		      const char *assign);
int tr_kv_scan(const char *s, size_t n, const char *sep, const char *assign, int braces,
	       struct tr_kv *kv, int max, size_t *end);
/* Feeds one scanned value, typed: quoted -> string, true/false -> bool,
 * a number -> number, anything else -> string. span: to the open span. */
int tr_kv_feed(struct tr_event *ev, int span, const char *s, const struct tr_kv *kv,
	       struct buf *tmp);

#endif
