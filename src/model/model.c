/* model.c - the analysis stage: one read snapshot of the store ->
 * correlation -> the detector table in order -> the check board, written
 * as the model's JSON. Same store, same options: byte-identical output
 * (every list is ordered by SQL, no clock or host in it). */
#include "model/model.h"

#include <stdio.h>

#include "correlate/correlate.h"
#include "detect/checks.h"
#include "detect/detector.h"
#include "record/record.h"
#include "model/evidence_text.h"
#include "model/side.h"
#include "store/query.h"
#include "util/jsonw.h"

_Static_assert(DETECT_KINDS_MAX <= MODEL_KINDS_MAX, "the summary holds every kind");

size_t model_kind_count(void)
{
	size_t n = 0;

	while (detectors[n])
		n++;
	return n;
}

const char *model_kind_name(size_t i)
{
	return detectors[i]->name;
}

const char *model_kind_help(size_t i)
{
	return detectors[i]->help;
}

struct source_ctx {
	struct store *st;
	struct jsonw *w;
	int64_t warnings;               /* over every source */
	struct diag *err;
};

static int write_warning(void *ctx, const struct store_row *row)
{
	struct source_ctx *c = ctx;

	jsonw_str(c->w, store_row_text(row, 0));
	c->warnings++;
	return 0;
}

static int write_source(void *ctx, const struct store_row *row)
{
	struct source_ctx *c = ctx;
	struct jsonw *w = c->w;
	struct store_arg id = ARG_I(store_row_int(row, 5));

	jsonw_open(w);
	jsonw_kstr(w, "path", store_row_text(row, 0));
	jsonw_kstr(w, "kind", store_row_text(row, 1));
	jsonw_kint(w, "records", store_row_int(row, 2));
	jsonw_kint(w, "rejects", store_row_int(row, 3));
	jsonw_kint(w, "lines", store_row_int(row, 4));
	jsonw_key(w, "warnings");
	jsonw_array(w);
	if (store_query(c->st, "report/source_warnings", &id, 1, write_warning, c, c->err) < 0)
		return -1;
	jsonw_end_array(w);
	jsonw_close(w);
	return 0;
}

/* One source's clock against the proxy's. */
static void write_offset(struct jsonw *w, const char *source, int64_t offset_us,
			 const char *basis, int64_t pairs)
{
	jsonw_open(w);
	jsonw_kstr(w, "source", source);
	jsonw_kstr(w, "relative_to", "proxy");
	jsonw_kint(w, "offset_ms", offset_us / 1000);
	jsonw_kstr(w, "basis", basis);
	jsonw_kint(w, "pairs", pairs);
	jsonw_close(w);
}

static void write_correlation(struct jsonw *w, const struct correlation *c)
{
	jsonw_key(w, "correlation");
	jsonw_open(w);
	jsonw_kint(w, "requests", c->requests);
	jsonw_kint(w, "events", c->events);
	jsonw_kint(w, "linked_requests", c->linked_requests);
	jsonw_key(w, "linked_events");
	jsonw_open(w);
	jsonw_kint(w, "request_id", c->by_request_id);
	jsonw_kint(w, "path_time", c->by_path_time);
	jsonw_kint(w, "time_only", c->by_time_only);
	jsonw_kint(w, "rate_limit_order", c->by_rate_limit_order);
	jsonw_close(w);
	jsonw_key(w, "strip_prefix");
	jsonw_open(w);
	jsonw_kstr(w, "value", c->prefix);
	jsonw_key(w, "detected");
	jsonw_bool(w, c->prefix_detected);
	jsonw_close(w);
	jsonw_key(w, "clock_offsets");
	jsonw_array(w);
	write_offset(w, "server", c->offset_us, c->offset_basis, c->offset_pairs);
	write_offset(w, "database", c->db_offset_us, c->db_offset_pairs ? "write_pairs" : "none",
		     c->db_offset_pairs);
	jsonw_end_array(w);
	jsonw_key(w, "db_writes");
	jsonw_open(w);
	jsonw_kint(w, "shared_id", c->write_links_shared);
	jsonw_kint(w, "assigned", c->write_links_assigned);
	jsonw_kint(w, "single_candidate", c->write_links_single);
	jsonw_close(w);
	jsonw_key(w, "write_lags");
	jsonw_array(w);
	for (size_t i = 0; i < c->nlags; i++) {
		jsonw_open(w);
		jsonw_kstr(w, "route", c->lags[i].route);
		jsonw_kstr(w, "table", c->lags[i].table);
		jsonw_kint(w, "lag_ms", c->lags[i].lag_us / 1000);
		jsonw_kint(w, "spread_ms", c->lags[i].spread_us / 1000);
		jsonw_kint(w, "pairs", c->lags[i].pairs);
		jsonw_close(w);
	}
	jsonw_end_array(w);
	jsonw_close(w);
}

/* What the report is doing, on one line a terminal rewrites: a report over
 * millions of rows takes seconds, and silence reads as a hang. */
static void stage(const struct model_opts *o, const char *what)
{
	if (o->progress)
		fprintf(stderr, "\r\033[Kanalyze: report: %s", what);
}

int model_build(struct store *st, const struct model_opts *o, struct buf *out,
		struct model_summary *sum, struct diag *err)
{
	struct correlate_opts co = { o->since_us, o->until_us, o->strip_prefix, 1000000,
				     NULL, NULL };
	struct detect_params dp = { o->cluster_gap_us, o->timeout_budget_us, 50 };
	struct detect_ctx dc = { .st = st, .params = &dp };
	struct correlation corr;
	struct model_span spans[2];     /* the findings and the checks, as written */
	struct jsonw w;
	struct source_ctx sc = { st, &w, 0, err };
	struct model_side side = { 0 };
	int rc = -1;

	if (detect_check_table(err) < 0)
		return -1;
	if (jsonw_init(&w, out, o->pretty) < 0)
		return diag_oom(err);
	/* one read transaction: the report sees one snapshot of the store, on
	 * the side's connections too when they are had */
	if (model_side_open(&side, st, o, err) < 0)
		goto out;
	model_side_start(&side);
	co.window_ready = side.started ? model_side_window_ready : NULL;
	co.window_ctx = &side;
	stage(o, "linking requests, server events and database writes");
	if (correlate_run(st, &co, &corr, err) < 0)
		goto out;
	dc.corr = &corr;
	jsonw_open(&w);
	jsonw_kstr(&w, "generator", "analyze " ANALYZE_VERSION);
	jsonw_key(&w, "window");
	jsonw_open(&w);
	jsonw_key(&w, "since");
	if (o->since_us == RECORD_NONE)
		jsonw_null(&w);
	else
		jsonw_time(&w, o->since_us);
	jsonw_key(&w, "until");
	if (o->until_us == RECORD_NONE)
		jsonw_null(&w);
	else
		jsonw_time(&w, o->until_us);
	jsonw_close(&w);
	jsonw_key(&w, "sources");
	jsonw_array(&w);
	if (store_query(st, "report/sources", NULL, 0, write_source, &sc, err) != 0)
		goto out;
	jsonw_end_array(&w);
	sum->warnings = sc.warnings;
	write_correlation(&w, &corr);
	jsonw_key(&w, "findings");
	spans[0].start = out->len;
	jsonw_open(&w);
	for (dc.ran = 0; detectors[dc.ran]; dc.ran++) {
		const struct detector *d = detectors[dc.ran];

		stage(o, d->name);
		jsonw_key(&w, d->name);
		jsonw_array(&w);
		if (d->run(&dc, &w, &dc.counts[dc.ran], err) < 0)
			goto out;
		jsonw_end_array(&w);
		sum->counts[dc.ran] = dc.counts[dc.ran];
	}
	jsonw_close(&w);
	spans[0].end = out->len;
	/* the budget the clusters were judged by, and the 408s it left out */
	jsonw_key(&w, "timeout_budget");
	jsonw_open(&w);
	jsonw_kint(&w, "ms", dc.budget_us / 1000);
	jsonw_key(&w, "inferred");
	jsonw_bool(&w, o->timeout_budget_us == 0);
	jsonw_kint(&w, "below_budget", dc.below_budget);
	jsonw_close(&w);
	jsonw_key(&w, "checks");
	stage(o, "check board");
	spans[1].start = out->len;
	if (checks_write(&dc, &w, &sum->checks_failed, err) < 0)
		goto out;
	spans[1].end = out->len;
	/* after the findings: the side thread adds these up meanwhile */
	stage(o, "timeline and overview");
	if (model_side_finish(&side, st, corr.prefix, err) < 0)
		goto out;
	jsonw_key(&w, "timeline");
	timeline_write(side.timeline, &w);
	jsonw_key(&w, "overview");
	if (overview_write(side.overview, &w, err) < 0)
		goto out;
	model_side_release(&side);      /* a duration per request, and the twin's cache */
	jsonw_key(&w, "evidence_text");
	stage(o, "evidence lines");
	if (model_write_evidence_text(st, out, spans, 2, &w, err) < 0)
		goto out;
	jsonw_close(&w);
	rc = 0;
out:
	if (o->progress)
		fprintf(stderr, "\r\033[K");
	model_side_release(&side);
	store_read_end(st);
	if (jsonw_finish(&w) < 0 && rc == 0)
		rc = diag_set_class(err, DIAG_INTERNAL, "report too large to write");
	return rc;
}
