/* side.c - the timeline and the overview read only stored rows, so they
 * need not wait for correlation: on a second connection that reads the
 * report's snapshot (store_read_begin_twin), a thread gathers them on the
 * other core meanwhile (1 M requests: 1.7 s of the report's 13 s). The
 * proxy's prefix the overview removes is found again on that connection:
 * the same query on the same snapshot, so the same prefix. */
#include "model/side.h"

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

#include "correlate/correlate.h"

static int gather(struct model_side *s, struct store *st, const char *prefix,
		  struct diag *err)
{
	const struct model_opts *o = s->o;

	return timeline_gather(st, o->since_us, o->until_us, &s->timeline, err) < 0 ||
		       overview_gather(st, &(struct overview_args){ o->since_us, o->until_us,
				       o->baseline_since_us, o->baseline_until_us, prefix },
				       &s->overview, err) < 0
		       ? -1 : 0;
}

static void *run(void *arg)
{
	struct model_side *s = arg;
	struct correlation *c = calloc(1, sizeof(*c));  /* for its prefix alone */

	if (!c)
		s->rc = diag_oom(&s->err);
	else
		s->rc = correlate_prefix(s->twin, s->o->strip_prefix, c, &s->err) < 0 ||
				gather(s, s->twin, c->prefix, &s->err) < 0
			? -1 : 0;
	free(c);
	return NULL;
}

void model_side_start(struct model_side *s, struct store *twin, const struct model_opts *o)
{
	memset(s, 0, sizeof(*s));
	s->o = o;
	s->err = (struct diag)DIAG_INIT;
	if (!twin)
		return;
	s->twin = twin;
#ifdef __GLIBC__
	/* one malloc arena for both threads: in an arena of its own the
	 * thread's freed pages (the durations, the twin's cache) stayed out
	 * of the main thread's reach, and the report's peak grew by them
	 * (1 M requests: 85 -> 97 MB) */
	mallopt(M_ARENA_MAX, 1);
#endif
	/* no thread (out of resources): model_side_finish() gathers in line */
	s->started = pthread_create(&s->thread, NULL, run, s) == 0;
}

int model_side_finish(struct model_side *s, struct store *st, const char *prefix,
		      struct diag *err)
{
	if (!s->started)
		return gather(s, st, prefix, err);
	pthread_join(s->thread, NULL);
	s->started = 0;
	if (s->rc < 0)
		*err = s->err;
	return s->rc;
}

void model_side_release(struct model_side *s)
{
	if (s->started)
		pthread_join(s->thread, NULL);
	s->started = 0;
	timeline_free(s->timeline);
	overview_tally_free(s->overview);
	store_free(s->twin);
	s->timeline = NULL;
	s->overview = NULL;
	s->twin = NULL;
}
