/* test_pipeline.c - records cross the thread boundary in order, with their
 * strings copied, and a failing side stops the other. */
#include "cmocka_include.h"

#include <stdio.h>
#include <string.h>

#include "ingest/pipeline.h"

#define MANY 20000      /* several batches' worth */

struct produced {
	int count;
	int fail_at;            /* the producer fails here (-1: never) */
};

/* Emits MANY requests whose strings live in one reused buffer: a consumer
 * that saw the parser's memory instead of a copy would see the last value. */
static int produce(void *ctx, const struct sink *out, struct diag *err)
{
	struct produced *p = ctx;
	char method[16], uri[64];

	for (int i = 0; i < p->count; i++) {
		struct record rec = { .kind = REC_REQUEST, .line = i + 1 };

		if (i == p->fail_at)
			return diag_set(err, "truncated gzip stream");
		snprintf(method, sizeof(method), "M%d", i % 7);
		snprintf(uri, sizeof(uri), "/items/%d", i);
		rec.u.request.method = method;
		rec.u.request.uri = uri;
		rec.u.request.status = 200 + i % 3;
		if (out->emit(out->ctx, &rec, err) < 0)
			return -1;
	}
	return 0;
}

struct consumed {
	int seen, bad;
	int fail_at;            /* the consumer fails here (-1: never) */
};

static int consume(void *ctx, const struct record *rec, struct diag *err)
{
	struct consumed *c = ctx;
	char want[64];

	if (c->seen == c->fail_at)
		return diag_set(err, "database error: disk full");
	snprintf(want, sizeof(want), "/items/%d", c->seen);
	if (rec->line != c->seen + 1 || strcmp(rec->u.request.uri, want) != 0 ||
	    rec->u.request.method[1] - '0' != c->seen % 7 || rec->u.request.status != 200 + c->seen % 3)
		c->bad++;
	c->seen++;
	return 0;
}

static void test_order_and_copies(void **state)
{
	struct produced p = { MANY, -1 };
	struct consumed c = { 0, 0, -1 };
	struct sink sink = { consume, &c };
	struct diag err = DIAG_INIT;

	(void)state;
	assert_int_equal(pipeline_run(produce, &p, &sink, &err), 0);
	assert_int_equal(c.seen, MANY);
	assert_int_equal(c.bad, 0);
}

static void test_producer_failure(void **state)
{
	struct produced p = { MANY, 12345 };
	struct consumed c = { 0, 0, -1 };
	struct sink sink = { consume, &c };
	struct diag err = DIAG_INIT;

	(void)state;
	assert_int_equal(pipeline_run(produce, &p, &sink, &err), -1);
	assert_string_equal(err.msg, "truncated gzip stream");
	assert_true(c.seen <= 12345);   /* what was before the failure, at most */
	assert_int_equal(c.bad, 0);
}

static void test_consumer_failure_stops_producer(void **state)
{
	struct produced p = { MANY, -1 };
	struct consumed c = { 0, 0, 100 };
	struct sink sink = { consume, &c };
	struct diag err = DIAG_INIT;

	(void)state;
	assert_int_equal(pipeline_run(produce, &p, &sink, &err), -1);
	assert_string_equal(err.msg, "database error: disk full");
	assert_int_equal(c.seen, 100);
}

static void test_nothing_to_do(void **state)
{
	struct produced p = { 0, -1 };
	struct consumed c = { 0, 0, -1 };
	struct sink sink = { consume, &c };
	struct diag err = DIAG_INIT;

	(void)state;
	assert_int_equal(pipeline_run(produce, &p, &sink, &err), 0);
	assert_int_equal(c.seen, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_copies),
		cmocka_unit_test(test_producer_failure),
		cmocka_unit_test(test_consumer_failure_stops_producer),
		cmocka_unit_test(test_nothing_to_do),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
