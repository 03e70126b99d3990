/* text.c - the terse summary for terminals and cron mail: a `summary` line
 * of counts, a line per file warning, the busiest routes, then one line
 * per finding and per failed check, in the model's order. Each line is
 * `kind field... key=value...`; every value from the model is one token
 * (escape_term), so the lines are stable to grep and to assert, and a log
 * line cannot drive the terminal. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report/escape.h"
#include "report/kinds.h"
#include "report/text_tokens.h"
#include "report/tree.h"
#include "report/writer.h"

/* A line is built in memory, then written: no cap but memory, which the
 * model's own size bounds. */
#define LINE_MAX_BYTES (SIZE_MAX / 4)

/* " key=value" or " value" (key NULL); a missing value prints "-". */
/* start..end, the end shortened to its time of day when on the same day */
/* "POST,PUT" from an array of strings, or a string as it is */

static void summary(struct buf *b, yajl_val m)
{
	yajl_val findings = tree_get(m, "findings"), corr = tree_get(m, "correlation");
	size_t nsources, nchecks, nfail = 0, nunknown = 0, nwarn = 0, n;
	yajl_val checks = tree_arr(m, "checks", &nchecks), offs;
	yajl_val sources = tree_arr(m, "sources", &nsources);

	for (size_t i = 0; i < nsources; i++)
		nwarn += tree_len(tree_get(tree_at(sources, i), "warnings"));
	for (size_t i = 0; i < nchecks; i++) {
		const char *v = tree_str(tree_at(checks, i), "verdict");

		nfail += v && strcmp(v, "FAIL") == 0;
		nunknown += v && strcmp(v, "UNKNOWN") == 0;
	}
	buf_printf(b, "summary requests=%" PRId64 " sources=%zu warnings=%zu",
		   tree_int(corr, "requests", 0), nsources, nwarn);
	for (size_t k = 0; findings && YAJL_IS_OBJECT(findings) && k < findings->u.object.len; k++) {
		buf_addc(b, ' ');
		escape_term(b, findings->u.object.keys[k], 0);
		buf_printf(b, "=%zu", tree_len(findings->u.object.values[k]));
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

/* "warning <path> <reason>": a file read, but maybe wrongly. */
static void file_warnings(struct buf *b, yajl_val m)
{
	size_t n;
	yajl_val sources = tree_arr(m, "sources", &n);

	for (size_t i = 0; i < n; i++) {
		yajl_val s = tree_at(sources, i), ws = tree_get(s, "warnings");

		for (size_t k = 0; k < tree_len(ws); k++) {
			buf_adds(b, "warning");
			text_tok(b, NULL, tree_str(s, "path"));
			buf_addc(b, ' ');
			escape_term(b, YAJL_GET_STRING(tree_at(ws, k)), 1);
			buf_addc(b, '\n');
		}
	}
}

/* The overview's busiest routes, one line each: "route METHOD ROUTE
 * requests=N errors=N error_share=F 5xx=N 408=N 429=N p50=Fms ... max=Fms";
 * numbers as the model wrote them. */
#define TEXT_ROUTES_MAX 10

static void number(struct buf *b, const char *key, yajl_val o, const char *field, const char *unit)
{
	yajl_val v = tree_get(o, field);

	if (v && YAJL_IS_NUMBER(v))
		buf_printf(b, " %s=%s%s", key, v->u.number.r, unit);
	else
		buf_printf(b, " %s=-", key);
}

/* With a baseline: " baseline_requests=N baseline_error_share=F
 * baseline_p95=Fms p95_ratio=F marks=failing,slower rank=N" */
static void change(struct buf *b, yajl_val r)
{
	yajl_val base = tree_get(r, "baseline"), c = tree_get(r, "change");
	number(b, "baseline_requests", base, "requests", "");
	number(b, "baseline_error_share", base, "error_share", "");
	number(b, "baseline_p95", tree_get(base, "latency_ms"), "p95", "ms");
	number(b, "p95_ratio", c, "p95_ratio", "");
	buf_adds(b, " marks=");
	text_tok_list(b, tree_get(c, "marks"));
	number(b, "rank", c, "rank", "");
}

static void routes(struct buf *b, yajl_val m)
{
	size_t n;
	yajl_val list = tree_arr(tree_get(m, "overview"), "routes", &n);

	for (size_t i = 0; i < n && i < TEXT_ROUTES_MAX; i++) {
		yajl_val r = tree_at(list, i), st = tree_get(r, "status");
		yajl_val lat = tree_get(r, "latency_ms");

		buf_adds(b, "route");
		text_tok(b, NULL, tree_str(r, "method"));
		text_tok(b, NULL, tree_str(r, "route"));
		number(b, "requests", r, "requests", "");
		number(b, "errors", r, "errors", "");
		number(b, "error_share", r, "error_share", "");
		number(b, "5xx", st, "5xx", "");
		number(b, "408", st, "408", "");
		number(b, "429", st, "429", "");
		number(b, "p50", lat, "p50", "ms");
		number(b, "p95", lat, "p95", "ms");
		number(b, "p99", lat, "p99", "ms");
		number(b, "max", lat, "max", "ms");
		if (tree_get(r, "change"))
			change(b, r);
		buf_addc(b, '\n');
	}
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
		text_tok(b, NULL, tree_str(c, "id"));
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
	file_warnings(&b, m);
	failed = flush(&b, out, 0);
	routes(&b, m);
	if (b.len)
		failed = flush(&b, out, failed);
	findings = tree_get(m, "findings");
	for (size_t k = 0; findings && YAJL_IS_OBJECT(findings) && k < findings->u.object.len; k++) {
		yajl_val list = findings->u.object.values[k];

		for (size_t i = 0; i < tree_len(list); i++) {
			kind_text_line(&b, findings->u.object.keys[k], tree_at(list, i));
			failed = flush(&b, out, failed);
		}
		kind_text_note(&b, findings->u.object.keys[k], m);
		if (b.len)
			failed = flush(&b, out, failed);
	}
	failed_checks(&b, m);
	if (b.len)
		failed = flush(&b, out, failed);
	buf_release(&b);
	tree_free(m);
	return failed ? diag_set(err, "write failed") : 0;
}

const struct report_writer text_writer = { "text", write_text };
