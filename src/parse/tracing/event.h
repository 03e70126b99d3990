/* event.h - what the tracing forms share: one event being built (typed
 * fields as JSON, its spans, the request identity), the emit that adds its
 * phases, and the per-form interface tracing.c dispatches to.
 * Knows tracing-subscriber's output shapes; nothing of SQLite. */
#ifndef ANALYZE_TRACING_EVENT_H
#define ANALYZE_TRACING_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "parse/parser.h"
#include "util/buf.h"

#define TR_MAX_FIELDS 256       /* per event, and per span */
#define TR_MAX_PHASES 64
#define TR_TEXT_MAX (READER_MAX_LINE * 2)      /* one event's JSON, escaped */

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
		 has_file : 1;
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
	struct buf cur_name, cur_fields;
	int has_cur;
	/* request identity: 0 the event's fields, 1 the span list (inner
	 * wins), 2 the current span alone (flat JSON has no list) */
	struct tr_ident id[3];
	/* <phase>_ms fields */
	struct buf phase_names;
	struct {
		struct tr_key name;
		double ms;
	} phase[TR_MAX_PHASES];
	int nphases;
	struct buf scratch;             /* redacted uris */
	int overflow;                   /* a cap was hit: the line is a reject */
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
void tr_json_escape(struct buf *b, const char *s, size_t n);   /* appends "..." */
int tr_utf8_valid(const char *s, size_t n);
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

extern const struct tr_form tr_form_json, tr_form_text, tr_form_pretty;

/* The form of a line on its own: a form, or NULL when none fits. */
const struct tr_form *tr_form_guess(const char *text, size_t len);

/* docker.c: json-file records and compose prefixes around inner lines. */
struct tr_docker;
int tr_docker_is_json_file(const char *text, size_t len);
int tr_docker_is_compose(const char *text, size_t len);
int tr_docker_open(struct tr_docker **out, int compose, struct diag *err);
int tr_docker_line(struct tr_docker *d, const struct line *l, const struct sink *out,
		   struct diag *err);
int tr_docker_finish(struct tr_docker *d, const struct sink *out, struct diag *err);
void tr_docker_free(struct tr_docker *d);

/* tracing.c: an inner stream whose form is fixed by its first usable line. */
struct tr_inner {
	const struct tr_form *form;
	void *state;
};
int tr_inner_line(struct tr_inner *in, const struct line *l, int64_t wrapper_ts_us,
		  const struct sink *out, struct diag *err);
int tr_inner_finish(struct tr_inner *in, const struct sink *out, struct diag *err);
void tr_inner_release(struct tr_inner *in);

/* phases.c */
int tr_phase_note(struct tr_event *ev, const char *key, size_t klen, enum tr_type t,
		  const char *v, size_t vlen);
int tr_phases_emit(const struct tr_event *ev, const struct sink *out, struct diag *err);

/* PCRE2 patterns, compiled once per run (text.c). */
int tr_text_header(const char *s, size_t n, size_t *ts_off, size_t *ts_len,
		   size_t *lvl_off, size_t *lvl_len, size_t *end);

#endif
