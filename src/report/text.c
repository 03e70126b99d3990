/* text.c - the terse summary for terminals and cron mail: a `summary` line
 * of counts, then one line per finding and per failed check, in the model's
 * order. Each line is `kind field... key=value...`; every value from the
 * model is one token (escape_term), so the lines are stable to grep and to
 * assert, and a log line cannot drive the terminal. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report/escape.h"
#include "report/tree.h"
#include "report/writer.h"

/* A line is built in memory, then written: no cap but memory, which the
 * model's own size bounds. */
#define LINE_MAX_BYTES (SIZE_MAX / 4)

/* " key=value" or " value" (key NULL); a missing value prints "-". */
static void tok(struct buf *b, const char *key, const char *v)
{
	if (key)
		buf_printf(b, " %s=", key);
	else
		buf_addc(b, ' ');
	if (v && *v)
		escape_term(b, v, 0);
	else
		buf_addc(b, '-');
}

static void tok_int(struct buf *b, const char *key, yajl_val o, const char *field,
		    const char *unit)
{
	if (tree_has(o, field))
		buf_printf(b, " %s=%" PRId64 "%s", key, tree_int(o, field, 0), unit);
	else
		buf_printf(b, " %s=-", key);
}

/* start..end, the end shortened to its time of day when on the same day */
static void tok_span(struct buf *b, yajl_val o)
{
	const char *start = tree_str(o, "start"), *end = tree_str(o, "end");

	tok(b, NULL, start);
	buf_adds(b, "..");
	escape_term(b, end ? tree_short_end(start, end) : "-", 0);
}

/* "POST,PUT" from an array of strings, or a string as it is */
static void tok_methods(struct buf *b, yajl_val o)
{
	yajl_val m = tree_get(o, "methods");
	size_t n = tree_len(m);

	if (m && YAJL_IS_STRING(m)) {
		tok(b, NULL, m->u.string);
		return;
	}
	buf_addc(b, ' ');
	if (n == 0)
		buf_addc(b, '-');
	for (size_t i = 0; i < n; i++) {
		yajl_val s = tree_at(m, i);

		if (i)
			buf_addc(b, ',');
		escape_term(b, YAJL_IS_STRING(s) ? s->u.string : "?", 0);
	}
}

static void timeout_cluster(struct buf *b, yajl_val c)
{
	buf_adds(b, "timeout_cluster");
	tok_methods(b, c);
	tok(b, NULL, tree_str(c, "route"));
	tok_span(b, c);
	tok_int(b, "count", c, "count", "");
	buf_printf(b, " share=%.3f", tree_num(c, "share", 0));
	tok_int(b, "budget", c, "timeout_budget_ms", "ms");
	tok_int(b, "p95", c, "p95_duration_ms", "ms");
	buf_addc(b, '\n');
}

static void limiter_collapse(struct buf *b, yajl_val c)
{
	size_t early;

	tree_arr(c, "early_rejections", &early);
	buf_adds(b, "limiter_collapse");
	tok(b, NULL, tree_str(c, "limiter"));
	tok(b, NULL, tree_str(c, "route"));
	tok_span(b, c);
	tok(b, "bucket", tree_str(c, "bucket_ip"));
	tok(b, "source", tree_str(c, "client_ip_source"));
	tok_int(b, "clients", c, "distinct_clients", "");
	tok_int(b, "requests", c, "requests", "");
	tok_int(b, "limit", c, "limit", "");
	tok_int(b, "rejections", c, "rejections", "");
	buf_printf(b, " early=%zu\n", early);
}

static void post_write_stall(struct buf *b, yajl_val s)
{
	yajl_val w = tree_get(s, "write");

	buf_adds(b, "post_write_stall");
	tok(b, NULL, tree_str(s, "method"));
	tok(b, NULL, tree_str(s, "route"));
	tok(b, NULL, tree_str(s, "start"));
	tok_int(b, "status", s, "status", "");
	tok_int(b, "duration", s, "duration_ms", "ms");
	tok(b, "table", tree_str(w, "table"));
	tok(b, "key", tree_str(w, "key"));
	tok(b, "written_at", tree_str(w, "written_at"));
	tok_int(b, "write_to_response", s, "write_to_response_ms", "ms");
	tok(b, "phase", tree_str(s, "stalled_phase"));
	tok(b, "request_id", tree_str(s, "request_id"));
	buf_addc(b, '\n');
}

static const struct {
	const char *key;
	void (*line)(struct buf *b, yajl_val item);
} kinds[] = {
	{ "timeout_clusters", timeout_cluster },
	{ "limiter_collapses", limiter_collapse },
	{ "post_write_stalls", post_write_stall },
};

static void summary(struct buf *b, yajl_val m)
{
	yajl_val findings = tree_get(m, "findings"), corr = tree_get(m, "correlation");
	size_t nsources, nchecks, nfail = 0, nunknown = 0, n;
	yajl_val checks = tree_arr(m, "checks", &nchecks), offs;

	tree_arr(m, "sources", &nsources);
	for (size_t i = 0; i < nchecks; i++) {
		const char *v = tree_str(tree_at(checks, i), "verdict");

		nfail += v && strcmp(v, "FAIL") == 0;
		nunknown += v && strcmp(v, "UNKNOWN") == 0;
	}
	buf_printf(b, "summary requests=%" PRId64 " sources=%zu",
		   tree_int(corr, "requests", 0), nsources);
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		tree_arr(findings, kinds[k].key, &n);
		buf_printf(b, " %s=%zu", kinds[k].key, n);
	}
	buf_printf(b, " checks=%zu checks_failed=%zu checks_unknown=%zu", nchecks, nfail,
		   nunknown);
	offs = tree_arr(corr, "clock_offsets", &n);
	for (size_t i = 0; i < n; i++) {
		yajl_val o = tree_at(offs, i);

		buf_adds(b, " clock_offset=");
		escape_term(b, tree_str(o, "source"), 0);
		buf_printf(b, "%+" PRId64 "ms", tree_int(o, "offset_ms", 0));
	}
	buf_addc(b, '\n');
}

static void failed_checks(struct buf *b, yajl_val m)
{
	size_t n;
	yajl_val checks = tree_arr(m, "checks", &n);

	for (size_t i = 0; i < n; i++) {
		yajl_val c = tree_at(checks, i);
		const char *v = tree_str(c, "verdict");

		if (!v || strcmp(v, "FAIL") != 0)
			continue;
		buf_adds(b, "check_failed");
		tok(b, NULL, tree_str(c, "id"));
		buf_addc(b, ' ');
		escape_term(b, tree_str(c, "summary"), 1);
		buf_addc(b, '\n');
	}
}

/* Writes the line in b (or the lines) and empties b; 0, or -1 once any
 * append or write failed. */
static int flush(struct buf *b, FILE *out, int failed)
{
	if (!failed && (!b->data || fwrite(b->data, 1, b->len, out) != b->len))
		failed = 1;
	buf_reset(b);
	return failed;
}

static int write_text(const char *model, size_t len, FILE *out, struct diag *err)
{
	yajl_val m, findings;
	struct buf b;
	int failed;

	if (tree_parse(model, len, &m, err) < 0)
		return -1;
	buf_init(&b, LINE_MAX_BYTES);
	summary(&b, m);
	failed = flush(&b, out, 0);
	findings = tree_get(m, "findings");
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		size_t n;
		yajl_val list = tree_arr(findings, kinds[k].key, &n);

		for (size_t i = 0; i < n; i++) {
			kinds[k].line(&b, tree_at(list, i));
			failed = flush(&b, out, failed);
		}
	}
	failed_checks(&b, m);
	if (b.len)
		failed = flush(&b, out, failed);
	buf_release(&b);
	yajl_tree_free(m);
	return failed ? diag_set(err, "write failed") : 0;
}

const struct report_writer text_writer = { "text", write_text };
