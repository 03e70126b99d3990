/* checks.c - the check board: the standard incident hypotheses, each
 * PASS (ruled out), FAIL (confirmed) or UNKNOWN (not enough data), with a
 * one-line reason and its evidence. A check is a row of the table below:
 * by default sql/checks/<id>.sql returns (verdict, summary, source, line);
 * a row with a judge decides in C, from the findings and its SQL. */
#include <stdio.h>
#include <string.h>

#include "detect/checks.h"
#include "store/query.h"

#define POOL_SIZE 10            /* active backends that count as a full pool */
#define GAP_US (60 * INT64_C(1000000))

struct verdict {
	char verdict[16], summary[256], source[512];
	int64_t line;
};

static int read_verdict(void *ctx, const struct store_row *row)
{
	struct verdict *v = ctx;
	const char *s;

	snprintf(v->verdict, sizeof(v->verdict), "%s", (s = store_row_text(row, 0)) ? s : "UNKNOWN");
	snprintf(v->summary, sizeof(v->summary), "%s", (s = store_row_text(row, 1)) ? s : "");
	snprintf(v->source, sizeof(v->source), "%s", (s = store_row_text(row, 2)) ? s : "");
	v->line = store_row_is_null(row, 3) ? 0 : store_row_int(row, 3);
	return 1;
}

struct counts {
	int64_t writes, timeouts;
};

static int read_counts(void *ctx, const struct store_row *row)
{
	struct counts *c = ctx;

	c->writes = store_row_int(row, 0);
	c->timeouts = store_row_int(row, 1);
	return 1;
}

/* The post-write stalls found are the verdict; the SQL says what there was
 * to compare them with. */
static int post_write_boundary(const struct detect_ctx *ctx, const char *sql, struct verdict *v,
			       struct diag *err)
{
	struct counts c = { 0 };
	int64_t stalls = detect_count(ctx, "post_write_stalls");

	if (stalls < 0)
		return diag_set_class(err, DIAG_INTERNAL, "check post_write_boundary: post_write_stalls has not run");
	if (store_query(ctx->st, sql, NULL, 0, read_counts, &c, err) < 0)
		return -1;
	if (stalls > 0) {
		snprintf(v->verdict, sizeof(v->verdict), "FAIL");
		snprintf(v->summary, sizeof(v->summary),
			 "%lld requests timed out after their write had committed",
			 (long long)stalls);
	} else if (c.writes == 0) {
		snprintf(v->verdict, sizeof(v->verdict), "UNKNOWN");
		snprintf(v->summary, sizeof(v->summary), "no database writes captured to compare with");
	} else {
		snprintf(v->verdict, sizeof(v->verdict), "PASS");
		snprintf(v->summary, sizeof(v->summary),
			 "%lld captured writes, none inside a request that timed out (%lld 408s)",
			 (long long)c.writes, (long long)c.timeouts);
	}
	return 0;
}

/* The verdict straight from the check's SQL. */
static int by_sql(const struct detect_ctx *ctx, const char *sql, int64_t arg, struct verdict *v,
		  struct diag *err)
{
	struct store_arg a = ARG_I(arg);

	return store_query(ctx->st, sql, &a, arg ? 1 : 0, read_verdict, v, err);
}

static const struct check {
	const char *id, *title;
	int64_t arg;            /* ?1 of its SQL, when it takes one */
	/* NULL: by_sql; else decides from the findings and its SQL */
	int (*judge)(const struct detect_ctx *ctx, const char *sql, struct verdict *v,
		     struct diag *err);
} checks[] = {
	{ "hop_latency", "Proxy vs backend latency", 0, NULL },
	{ "auth_latency", "Authentication path latency", 0, NULL },
	{ "limiter_keying", "Rate limiter keyed on the real client", 0, NULL },
	{ "db_pool", "Database pool saturation", POOL_SIZE, NULL },
	{ "db_locks", "Database lock waits", 0, NULL },
	{ "fanout_backpressure", "Fan-out and search-ack backpressure", 0, NULL },
	{ "post_write_boundary", "Writes committed before a timeout", 0, post_write_boundary },
	{ "restarts", "Server restarts and log gaps", GAP_US, NULL },
};

int checks_write(const struct detect_ctx *ctx, struct jsonw *w, int *failed, struct diag *err)
{
	*failed = 0;
	jsonw_array(w);
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		const struct check *c = &checks[i];
		struct verdict v = { "UNKNOWN", "no data", "", 0 };
		char sql[64];

		snprintf(sql, sizeof(sql), "checks/%s", c->id);
		if ((c->judge ? c->judge(ctx, sql, &v, err) : by_sql(ctx, sql, c->arg, &v, err)) < 0)
			return -1;
		if (strcmp(v.verdict, "FAIL") == 0)
			++*failed;
		jsonw_open(w);
		jsonw_kstr(w, "id", c->id);
		jsonw_kstr(w, "title", c->title);
		jsonw_kstr(w, "verdict", v.verdict);
		jsonw_kstr(w, "summary", v.summary);
		jsonw_key(w, "evidence");
		jsonw_array(w);
		if (v.source[0] && v.line > 0) {
			jsonw_open(w);
			jsonw_kstr(w, "source", v.source);
			jsonw_kint(w, "line", v.line);
			jsonw_close(w);
		}
		jsonw_end_array(w);
		jsonw_close(w);
	}
	jsonw_end_array(w);
	return 0;
}
