/* limiter_collapses.c - rate-limit buckets that lumped many real clients
 * together: the server's limiter key (client_ip + client_ip_source) is the
 * same while Caddy saw the rejected requests come from several clients. A
 * key that carries one real client is not a collapse, however many 429s. */
#include <stdlib.h>
#include <string.h>

#include "detect/detector.h"
#include "detect/evidence.h"
#include "store/query.h"
#include "util/str.h"
#include "util/strvec.h"

/* The limiter's window, when its events do not tell it (retry_after_ms):
 * the 60/min of the auth routes. */
#define DEFAULT_WINDOW_US (60 * INT64_C(1000000))

struct bucket {
	char *limiter, *route, *ip, *source;    /* owned; route/source may be NULL */
	char *req_route;                        /* owned: the proxy route it guards */
	struct strvec rejected_clients;
	int64_t start_us, end_us, rejections;
	int64_t window_us;                      /* the longest retry_after seen */
	struct evidence ev;
};

struct scan {
	struct detect_ctx *ctx;
	struct jsonw *w;
	struct diag *err;
	struct bucket b;
	int open, failed;
	int64_t found;
};

static void bucket_release(struct bucket *b)
{
	free(b->limiter);
	free(b->route);
	free(b->ip);
	free(b->source);
	free(b->req_route);
	strvec_release(&b->rejected_clients);
	evidence_release(&b->ev);
	memset(b, 0, sizeof(*b));
}

struct traffic {
	struct strvec clients;
	struct jsonw *w;
	int64_t requests, accepted_before_first_reject, first_reject_us;
	int seen_reject;
	int failed;
};

/* Pass 1 over the bucket's traffic: clients, counts, the observed limit. */
static int on_traffic(void *ctx, const struct store_row *row)
{
	struct traffic *t = ctx;
	const char *client = store_row_text(row, 0);
	int64_t status = store_row_int(row, 1);

	t->requests++;
	if (client && strvec_push_unique(&t->clients, client) < 0)
		t->failed = 1;
	if (status == 429 && !t->seen_reject) {
		t->seen_reject = 1;
		t->first_reject_us = store_row_int(row, 3);
	} else if (status != 429 && !t->seen_reject) {
		t->accepted_before_first_reject++;
	}
	return t->failed;
}

/* Pass 2: rejections on a client's first or second attempt on the route
 * (counted over all the ingested data, detect/early_rejections): users
 * locked out by other people's traffic. */
static int on_early(void *ctx, const struct store_row *row)
{
	struct traffic *t = ctx;

	jsonw_open(t->w);
	jsonw_kstr(t->w, "client_ip", store_row_text(row, 0));
	jsonw_kint(t->w, "attempt", store_row_int(row, 1));
	jsonw_kstr(t->w, "request_id", store_row_text(row, 2));
	jsonw_close(t->w);
	return 0;
}

static int write_bucket(struct scan *s)
{
	struct bucket *b = &s->b;
	struct traffic t = { .w = s->w };
	int64_t window = b->window_us > 0 ? b->window_us : DEFAULT_WINDOW_US;
	/* event times are the server's: a second of slack for the proxy's */
	struct store_arg a[3] = { ARG_S(b->req_route), ARG_I(b->start_us - window),
				  ARG_I(b->end_us + INT64_C(1000000)) };
	int rc = -1;

	/* one real client behind the key: a limiter doing its job */
	if (b->rejected_clients.n < 2 || !b->req_route)
		return 0;
	if (store_query(s->ctx->st, "detect/bucket_requests", a, 3, on_traffic, &t, s->err) < 0 ||
	    t.failed)
		goto out;
	s->found++;
	jsonw_open(s->w);
	jsonw_kstr(s->w, "limiter", b->limiter);
	jsonw_kstr(s->w, "route", b->route);
	jsonw_kstr(s->w, "bucket_ip", b->ip);
	jsonw_kstr(s->w, "client_ip_source", b->source);
	jsonw_kint(s->w, "distinct_clients", (int64_t)t.clients.n);
	jsonw_key(s->w, "clients");
	jsonw_array(s->w);
	for (size_t i = 0; i < t.clients.n; i++)
		jsonw_str(s->w, t.clients.v[i]);
	jsonw_end_array(s->w);
	jsonw_kint(s->w, "requests", t.requests);
	jsonw_kint(s->w, "rejections", b->rejections);
	jsonw_key(s->w, "limit");
	if (t.seen_reject)
		jsonw_int(s->w, t.accepted_before_first_reject);
	else
		jsonw_null(s->w);
	jsonw_key(s->w, "early_rejections");
	jsonw_array(s->w);
	if (store_query(s->ctx->st, "detect/early_rejections", a, 3, on_early, &t, s->err) < 0)
		goto out;
	jsonw_end_array(s->w);
	jsonw_ktime(s->w, "start", b->start_us);
	jsonw_ktime(s->w, "end", b->end_us);
	evidence_write(&b->ev, s->w);
	jsonw_close(s->w);
	rc = 0;
out:
	strvec_release(&t.clients);
	return rc;
}

static int on_event(void *ctx, const struct store_row *row)
{
	struct scan *s = ctx;
	const char *name = store_row_text(row, 0), *route = store_row_text(row, 1);
	const char *ip = store_row_text(row, 2), *source = store_row_text(row, 3);
	const char *client = store_row_text(row, 7), *req_route = store_row_text(row, 6);
	int64_t ts = store_row_int(row, 4);

	if (!ip)
		return 0;       /* no key logged: nothing to say about its bucket */
	if (s->open && !(str_same(s->b.limiter, name) && str_same(s->b.route, route) &&
			 str_same(s->b.ip, ip) && str_same(s->b.source, source))) {
		if (write_bucket(s) < 0)
			goto fail;
		bucket_release(&s->b);
		s->open = 0;
	}
	if (!s->open) {
		s->b.limiter = str_dup(name, &s->failed);
		s->b.route = str_dup(route, &s->failed);
		s->b.ip = str_dup(ip, &s->failed);
		s->b.source = str_dup(source, &s->failed);
		s->b.start_us = ts;
		evidence_init(&s->b.ev, (size_t)s->ctx->params->evidence_max);
		s->open = 1;
		if (s->failed)
			goto oom;
	}
	s->b.end_us = ts;
	s->b.rejections++;
	if (!store_row_is_null(row, 11) && store_row_int(row, 11) * 1000 > s->b.window_us)
		s->b.window_us = store_row_int(row, 11) * 1000;
	if (!s->b.req_route && req_route && !(s->b.req_route = strdup(req_route)))
		goto oom;
	if ((client && strvec_push_unique(&s->b.rejected_clients, client) < 0) ||
	    evidence_add(&s->b.ev, store_row_text(row, 9), store_row_int(row, 10)) < 0)
		goto oom;
	return 0;
oom:
	diag_oom(s->err);
fail:
	s->failed = 1;
	return 1;
}

static int run(struct detect_ctx *ctx, struct jsonw *w, int64_t *found, struct diag *err)
{
	struct scan s = { .ctx = ctx, .w = w, .err = err };
	int rc = 0;

	if (store_query(ctx->st, "detect/rate_limits", NULL, 0, on_event, &s, err) < 0 || s.failed)
		rc = -1;
	if (rc == 0 && s.open && write_bucket(&s) < 0)
		rc = -1;
	bucket_release(&s.b);
	*found = s.found;
	return rc;
}

const struct detector limiter_collapses_detector = {
	.name = "limiter_collapses",
	.help = "one rate-limit bucket shared by many real clients (keyed on the proxy)",
	.run = run,
};
