/* capture.h - a sink that keeps the last record a parser emitted, with its
 * strings copied, so tests can look at exact values. */
#ifndef ANALYZE_TEST_CAPTURE_H
#define ANALYZE_TEST_CAPTURE_H

#include <stdlib.h>
#include <string.h>

#include "record/record.h"

struct capture {
	int count[REC_WARNING + 1];
	struct record last;
	char *strs[RECORD_MAX_STRINGS]; /* owned copies the last record points at */
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
	const char **f[RECORD_MAX_STRINGS];
	int n;

	(void)err;
	capture_release(c);
	c->count[rec->kind]++;
	c->last = *rec;
	n = record_strings(&c->last, f, RECORD_MAX_STRINGS);
	for (int i = 0; i < n; i++)
		*f[i] = capture_keep(c, *f[i]);
	return 0;
}

#endif
