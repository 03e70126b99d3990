/* test_psql_sink.h - runs the psql parser over a text and keeps every record
 * it emits as one line of text, so tests compare exact values:
 *   S <line> <form> shape=<s> cap=<us> cols=<json> title=<t> query=<q>
 *   R <line> <row_no> <cells json>
 *   E rows=<n> footer=<n> plan=<ms> exec=<ms>
 *   W <line> <table> key=<k> us=<us> res=<us> <row json>
 *   X <line> <reason> */
#ifndef ANALYZE_TEST_PSQL_SINK_H
#define ANALYZE_TEST_PSQL_SINK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parser.h"

#define PSINK_MAX 4096

struct psink {
	int n;
	char *recs[PSINK_MAX];
};

static inline const char *psink_s(const char *s)
{
	return s ? s : "-";
}

static inline int psink_emit(void *ctx, const struct record *rec, struct diag *err)
{
	struct psink *k = ctx;
	char *line = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&line, &len);

	(void)err;
	if (!f || k->n >= PSINK_MAX)
		return -1;
	switch (rec->kind) {
	case REC_SNAPSHOT: {
		const struct snapshot_rec *s = &rec->u.snapshot;

		fprintf(f, "S %lld %s shape=%s cap=%lld cols=%s title=%s query=%s", (long long)rec->line,
			s->form, psink_s(s->shape),
			s->capture_us == RECORD_NONE ? -1LL : (long long)s->capture_us,
			psink_s(s->columns_json), psink_s(s->title), psink_s(s->query));
		break;
	}
	case REC_SNAPSHOT_ROW: {
		const struct snapshot_row_rec *r = &rec->u.snapshot_row;

		if (r->is_end)
			fprintf(f, "E rows=%lld footer=%lld plan=%.3f exec=%.3f", (long long)r->row_no,
				r->footer_rows == RECORD_NONE ? -1LL : (long long)r->footer_rows,
				r->planning_ms, r->execution_ms);
		else
			fprintf(f, "R %lld %lld %s", (long long)rec->line, (long long)r->row_no,
				r->cells_json);
		break;
	}
	case REC_DB_WRITE: {
		const struct db_write_rec *w = &rec->u.db_write;

		fprintf(f, "W %lld %s key=%s us=%lld res=%lld %s", (long long)rec->line,
			psink_s(w->table_name), psink_s(w->key), (long long)w->written_us,
			(long long)w->resolution_us, w->row_json);
		break;
	}
	case REC_REJECT:
		fprintf(f, "X %lld %s", (long long)rec->line, rec->u.reject.reason);
		break;
	default:
		fprintf(f, "? kind %d", (int)rec->kind);
	}
	fclose(f);
	k->recs[k->n++] = line;
	return 0;
}

static inline void psink_release(struct psink *k)
{
	for (int i = 0; i < k->n; i++)
		free(k->recs[i]);
	k->n = 0;
}

/* The i-th (0-based) record whose text starts with `prefix`, or "". */
static inline const char *psink_nth(const struct psink *k, const char *prefix, int i)
{
	for (int j = 0; j < k->n; j++)
		if (strncmp(k->recs[j], prefix, strlen(prefix)) == 0 && i-- == 0)
			return k->recs[j];
	return "";
}

static inline int psink_count(const struct psink *k, const char *prefix)
{
	int c = 0;

	for (int j = 0; j < k->n; j++)
		c += strncmp(k->recs[j], prefix, strlen(prefix)) == 0;
	return c;
}

/* Feeds text line by line (a last line without '\n' is unterminated), then
 * finishes. 0, or -1 when the parser failed. */
static inline int psink_run(struct psink *k, const char *tz, const char *text)
{
	const struct parser *p = parser_by_name("psql");
	struct parse_opts opts = { .tz = tz };
	struct sink sink = { psink_emit, k };
	struct diag err = DIAG_INIT;
	void *state = NULL;
	char *copy = strdup(text);
	size_t start = 0, size = strlen(text);
	int64_t no = 0;
	int rc = 0;

	if (!p || !copy || p->open(&state, &opts, &err) < 0) {
		free(copy);
		return -1;
	}
	while (start < size) {
		char *nl = memchr(copy + start, '\n', size - start);
		size_t end = nl ? (size_t)(nl - copy) : size;
		struct line l = { .text = copy + start, .len = end - start, .no = ++no,
				  .off = (int64_t)start, .unterminated = !nl };

		copy[end] = '\0';
		if (p->line(state, &l, &sink, &err) < 0)
			rc = -1;
		start = end + 1;
	}
	if (p->finish(state, &sink, &err) < 0)
		rc = -1;
	p->close(state);
	free(copy);
	return rc;
}

/* The same for a file under $TESTDATA/psql. */
static inline int psink_run_file(struct psink *k, const char *tz, const char *rel)
{
	const char *dir = getenv("TESTDATA");
	char path[1024];
	FILE *f;
	char *text;
	long n;
	int rc;

	snprintf(path, sizeof(path), "%s/psql/%s", dir ? dir : "testdata", rel);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = malloc((size_t)n + 1);
	if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) {
		free(text);
		fclose(f);
		return -1;
	}
	text[n] = '\0';
	fclose(f);
	rc = psink_run(k, tz, text);
	free(text);
	return rc;
}

/* Every record, one per line: for a failing test's message. */
static inline void psink_dump(const struct psink *k)
{
	for (int j = 0; j < k->n; j++)
		fprintf(stderr, "  %s\n", k->recs[j]);
}

#endif
