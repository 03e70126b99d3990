/* side.c - the work of the model that reads only stored rows need not
 * wait for correlation: on two more connections that read the report's
 * snapshot (store_read_begin_twins), a thread does it on the other core
 * meanwhile. First the window's requests and their indexes (the path +
 * time joins' too: building it costs correlation nothing here), built in the
 * scratch database (store_scratch_attach) and committed, for correlation
 * to read once it has linked what needs only the events (correlate_run
 * waits through window_ready); then the timeline and the overview. The
 * proxy's prefix the routes lose is found again on the side: the same
 * query on the same snapshot, so the same prefix. */
#include "model/side.h"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "correlate/correlate.h"
#include "util/profile.h"

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

static void window_done(struct model_side *s, int rc)
{
	pthread_mutex_lock(&s->mu);
	s->window = rc < 0 ? -1 : 1;
	pthread_cond_broadcast(&s->built);
	pthread_mutex_unlock(&s->mu);
}

static void *run(void *arg)
{
	struct model_side *s = arg;
	struct correlation *c = calloc(1, sizeof(*c));  /* for its prefix alone */
	int rc;

	if (!c) {
		window_done(s, diag_oom(&s->window_err));
		s->rc = diag_oom(&s->err);
		return NULL;
	}
	/* the commit makes the window's requests visible to correlation */
	rc = correlate_prefix(s->builder, s->o->strip_prefix, c, &s->window_err) < 0 ||
			     correlate_window_build(s->builder, s->o->since_us, s->o->until_us,
						    c->prefix, &s->window_err) < 0 ||
			     store_commit(s->builder, &s->window_err) < 0
		     ? -1 : 0;
	window_done(s, rc);
	if (rc < 0) {
		s->err = s->window_err;
		s->rc = -1;
	} else {
		s->rc = gather(s, s->twin, c->prefix, &s->err);
	}
	free(c);
	return NULL;
}

int model_side_window_ready(void *ctx, struct diag *err)
{
	struct model_side *s = ctx;
	double t0 = profile_start();
	int done;

	pthread_mutex_lock(&s->mu);
	while (!s->window)
		pthread_cond_wait(&s->built, &s->mu);
	done = s->window;
	pthread_mutex_unlock(&s->mu);
	profile_end(t0, "model/window_ready (waiting)");
	if (done < 0) {
		*err = s->window_err;
		return -1;
	}
	return 0;
}

int model_side_open(struct model_side *s, struct store *st, const struct model_opts *o,
		    struct diag *err)
{
	struct store *twins[2], *scratch[2] = { st };

	memset(s, 0, sizeof(*s));
	s->o = o;
	s->window_err = s->err = (struct diag)DIAG_INIT;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->built, NULL);
	/* attached before any read begins: no ATTACH inside a transaction;
	 * no shared scratch file (TMPDIR full or unwritable): all in line */
	if (store_open_twins(st, twins, 2)) {
		scratch[1] = twins[0];
		if (store_scratch_attach(scratch, 2, &(struct diag)DIAG_INIT) < 0) {
			store_free(twins[0]);
			store_free(twins[1]);
			twins[0] = twins[1] = NULL;
		}
	}
	if ((!twins[0] && store_scratch_attach(scratch, 1, err) < 0) ||
	    store_read_begin_twins(st, twins, 2, err) < 0) {
		store_free(twins[0]);
		store_free(twins[1]);
		return -1;
	}
	s->builder = twins[0];
	s->twin = twins[1];
	return 0;
}

void model_side_start(struct model_side *s)
{
	if (!s->builder)
		return;
#ifdef __GLIBC__
	/* one malloc arena for both threads: in an arena of its own the
	 * thread's freed pages (the durations, the twins' caches) stayed out
	 * of the main thread's reach, and the report's peak grew by them
	 * (1 M requests: 85 -> 97 MB) */
	mallopt(M_ARENA_MAX, 1);
#endif
	/* no thread (out of resources): correlation and gathering in line */
	if (pthread_create(&s->thread, NULL, run, s) == 0) {
		s->started = 1;
		return;
	}
	store_free(s->builder);
	store_free(s->twin);
	s->builder = s->twin = NULL;
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
	store_free(s->builder);
	store_free(s->twin);
	s->timeline = NULL;
	s->overview = NULL;
	s->builder = s->twin = NULL;
}
