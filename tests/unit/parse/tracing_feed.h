/* tracing_feed.h - runs the tracing parser over a text and writes every
 * record it emits as one line of text, so tests compare exact values:
 *   E <line> ts=.. wts=.. <level> <target> name=.. msg=.. fields=.. span=<name> <json>
 *     spans=.. rid=.. method=.. uri=.. start=.. thread=.. tid=.. file=..:..
 *   P <line> <event name> <phase>=<ms>
 *   R <line> <reason> */
#ifndef ANALYZE_TEST_TRACING_FEED_H
#define ANALYZE_TEST_TRACING_FEED_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parser.h"
#include "util/buf.h"

static const char *feed_s(const char *s)
{
	return s ? s : "-";
}

static int feed_emit(void *ctx, const struct record *rec, struct diag *err)
{
	struct buf *b = ctx;
	const struct event_rec *e = &rec->u.event;

	(void)err;
	switch (rec->kind) {
	case REC_EVENT:
		buf_printf(b, "E %" PRId64 " ts=%" PRId64 " wts=%" PRId64 " %s %s name=%s msg=%s "
			   "fields=%s span=%s %s spans=%s rid=%s method=%s uri=%s start=%d "
			   "thread=%s tid=%s file=%s:%" PRId64 "\n",
			   rec->line, e->ts_us, e->wrapper_ts_us, feed_s(e->level), feed_s(e->target),
			   feed_s(e->name), feed_s(e->message), feed_s(e->fields_json),
			   feed_s(e->span_name), feed_s(e->span_json), feed_s(e->spans_json),
			   feed_s(e->request_id), feed_s(e->method), feed_s(e->uri), e->is_start,
			   feed_s(e->thread_name), feed_s(e->thread_id), feed_s(e->file),
			   e->file_line);
		break;
	case REC_PHASE:
		buf_printf(b, "P %" PRId64 " %s %s=%g\n", rec->line, feed_s(rec->u.phase.event_name),
			   rec->u.phase.phase, rec->u.phase.ms);
		break;
	case REC_REJECT:
		buf_printf(b, "R %" PRId64 " %s\n", rec->line, rec->u.reject.reason);
		break;
	default:
		buf_printf(b, "? %d\n", (int)rec->kind);
	}
	return 0;
}

/* Every record of `text` (lines split at \n), as text; caller frees. */
static char *feed_tracing(const char *text)
{
	static const struct parse_opts opts = { 0 };
	const struct parser *p = parser_by_name("tracing");
	struct diag err = DIAG_INIT;
	struct buf out;
	struct sink sink = { feed_emit, &out };
	size_t size = strlen(text), start = 0;
	char *copy = strdup(text);
	void *state = NULL;
	int64_t no = 0, off = 0;

	buf_init(&out, 64 << 20);
	buf_adds(&out, "");
	if (!p || !copy || p->open(&state, &opts, &err) < 0)
		abort();
	while (start < size) {
		char *nl = memchr(copy + start, '\n', size - start);
		size_t end = nl ? (size_t)(nl - copy) : size;
		struct line l = { .text = copy + start, .len = end - start, .no = ++no, .off = off,
				  .unterminated = !nl };

		copy[end] = '\0';
		if (l.len > READER_MAX_LINE) {
			l.len = READER_MAX_LINE;
			l.too_long = 1;
		}
		if (p->line(state, &l, &sink, &err) < 0)
			abort();
		off += (int64_t)(end - start) + 1;
		start = end + 1;
	}
	if (p->finish(state, &sink, &err) < 0)
		abort();
	p->close(state);
	free(copy);
	return out.data;
}

/* Feeds input and asserts the whole rendering of what it gave. */
static inline void expect(const char *input, const char *want)
{
	char *got = feed_tracing(input);

	assert_string_equal(got, want);
	free(got);
}

#endif
