/* capture.h - a sink that keeps the last record a parser emitted, with its
 * strings copied, so tests can look at exact values. */
#ifndef ANALYZE_TEST_CAPTURE_H
#define ANALYZE_TEST_CAPTURE_H

#include <stdlib.h>
#include <string.h>

#include "record/record.h"

struct capture {
	int count[REC_DB_WRITE + 1];
	struct record last;
	char *strs[32];         /* owned copies the last record points at */
	int nstrs;
};

static const char *capture_keep(struct capture *c, const char *s)
{
	if (!s)
		return NULL;
	c->strs[c->nstrs] = strdup(s);
	return c->strs[c->nstrs++];
}

static void capture_release(struct capture *c)
{
	for (int i = 0; i < c->nstrs; i++)
		free(c->strs[i]);
	c->nstrs = 0;
}

static int capture_emit(void *ctx, const struct record *rec, struct diag *err)
{
	struct capture *c = ctx;

	(void)err;
	capture_release(c);
	c->count[rec->kind]++;
	c->last = *rec;
	if (rec->kind == REC_REQUEST) {
		struct request_rec *r = &c->last.u.request;
		const char **f[] = { &r->logger, &r->method, &r->host, &r->uri, &r->path, &r->query,
				     &r->route, &r->proto, &r->remote_ip, &r->client_ip,
				     &r->cf_connecting_ip, &r->x_forwarded_for, &r->x_real_ip,
				     &r->user_agent, &r->request_id };

		for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
			*f[i] = capture_keep(c, *f[i]);
	} else if (rec->kind == REC_PROXY_EVENT) {
		struct proxy_event_rec *e = &c->last.u.proxy_event;

		e->level = capture_keep(c, e->level);
		e->logger = capture_keep(c, e->logger);
		e->msg = capture_keep(c, e->msg);
		e->fields_json = capture_keep(c, e->fields_json);
	} else if (rec->kind == REC_EVENT) {
		struct event_rec *e = &c->last.u.event;
		const char **f[] = { &e->level, &e->target, &e->name, &e->message, &e->fields_json,
				     &e->span_name, &e->span_json, &e->spans_json, &e->request_id,
				     &e->method, &e->uri, &e->thread_name, &e->thread_id, &e->file };

		for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
			*f[i] = capture_keep(c, *f[i]);
	} else if (rec->kind == REC_PHASE) {
		c->last.u.phase.event_name = capture_keep(c, rec->u.phase.event_name);
		c->last.u.phase.phase = capture_keep(c, rec->u.phase.phase);
	} else if (rec->kind == REC_REJECT) {
		c->last.u.reject.reason = capture_keep(c, rec->u.reject.reason);
		c->last.u.reject.excerpt = capture_keep(c, rec->u.reject.excerpt);
	}
	return 0;
}

#endif
