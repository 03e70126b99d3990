/* pipeline.c - a bounded queue of record batches between two threads.
 * Memory is at most PIPELINE_BATCHES batches of about BATCH_BYTES each. */
#include "ingest/pipeline.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/profile.h"

#define BATCH_RECORDS 2048
#define BATCH_BYTES (2 << 20)   /* a batch this full is handed over */
#define CHUNK_BYTES (1 << 20)
#define PIPELINE_BATCHES 4      /* two filling or draining, two in flight */

struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

struct batch {
	struct batch *next;
	struct record recs[BATCH_RECORDS];
	int n;
	size_t bytes;
	struct chunk *chunks;   /* owned: the copied strings */
};

struct pipeline {
	pthread_mutex_t mu;
	pthread_cond_t changed;
	struct batch *full, *full_tail;         /* to the consumer, in order */
	struct batch *spare;                    /* emptied, for the producer */
	int allocated;
	int producer_done, producer_rc;
	int consumer_failed;
	struct diag producer_err;
	struct batch *cur;                      /* the producer's, being filled */
	/* ANALYZE_PROFILE: seconds each side waited for the other, which
	 * says which one sets the pace; both stay 0 when profiling is off */
	double parser_waited, writer_waited;
	pipeline_produce produce;
	void *ctx;
};

static void batch_clear(struct batch *b)
{
	struct chunk *c = b->chunks;

	/* keep one chunk: the next batch reuses it */
	while (c && c->next) {
		struct chunk *next = c->next;

		free(c);
		c = next;
	}
	if (c)
		c->used = 0;
	b->chunks = c;
	b->n = 0;
	b->bytes = 0;
	b->next = NULL;
}

static void batch_free(struct batch *b)
{
	if (!b)
		return;
	batch_clear(b);
	free(b->chunks);
	free(b);
}

static char *batch_dup(struct batch *b, const char *s)
{
	size_t n = strlen(s) + 1;
	struct chunk *c = b->chunks;

	if (!c || c->cap - c->used < n) {
		size_t cap = n > CHUNK_BYTES ? n : CHUNK_BYTES;

		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->cap = cap;
		c->used = 0;
		c->next = b->chunks;
		b->chunks = c;
	}
	memcpy(c->data + c->used, s, n);
	c->used += n;
	b->bytes += n;
	return c->data + c->used - n;
}

/* Producer side: queues the current batch for the consumer. */
static void push_full(struct pipeline *p)
{
	struct batch *b = p->cur;

	pthread_mutex_lock(&p->mu);
	if (p->full_tail)
		p->full_tail->next = b;
	else
		p->full = b;
	p->full_tail = b;
	p->cur = NULL;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->mu);
}

/* Producer side: an empty batch to fill, waiting while all are in use. */
static int take_spare(struct pipeline *p, struct diag *err)
{
	double t0 = profile_start();

	pthread_mutex_lock(&p->mu);
	while (!p->spare && p->allocated >= PIPELINE_BATCHES && !p->consumer_failed)
		pthread_cond_wait(&p->changed, &p->mu);
	if (t0 >= 0)
		p->parser_waited += profile_start() - t0;
	if (p->consumer_failed) {
		pthread_mutex_unlock(&p->mu);
		return diag_db(err, "stopped: the store failed");
	}
	if (p->spare) {
		p->cur = p->spare;
		p->spare = p->spare->next;
		p->cur->next = NULL;
	} else {
		p->cur = calloc(1, sizeof(*p->cur));
		if (p->cur)
			p->allocated++;
	}
	pthread_mutex_unlock(&p->mu);
	return p->cur ? 0 : diag_oom(err);
}

static int copy_emit(void *ctx, const struct record *rec, struct diag *err)
{
	struct pipeline *p = ctx;
	const char **fields[RECORD_MAX_STRINGS];
	struct record *dst;
	int n;

	if (p->cur && (p->cur->n == BATCH_RECORDS || p->cur->bytes >= BATCH_BYTES))
		push_full(p);
	if (!p->cur && take_spare(p, err) < 0)
		return -1;
	dst = &p->cur->recs[p->cur->n];
	*dst = *rec;
	n = record_strings(dst, fields, RECORD_MAX_STRINGS);
	for (int i = 0; i < n; i++)
		if (*fields[i] && !(*fields[i] = batch_dup(p->cur, *fields[i])))
			return diag_oom(err);
	p->cur->n++;
	return 0;
}

static void *producer_main(void *arg)
{
	struct pipeline *p = arg;
	struct sink out = { copy_emit, p };
	int rc = p->produce(p->ctx, &out, &p->producer_err);

	if (rc == 0 && p->cur && p->cur->n > 0)
		push_full(p);
	pthread_mutex_lock(&p->mu);
	if (p->cur) {           /* the unused batch goes back to the pool */
		p->cur->next = p->spare;
		p->spare = p->cur;
		p->cur = NULL;
	}
	p->producer_rc = rc;
	p->producer_done = 1;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

int pipeline_run(pipeline_produce produce, void *ctx, const struct sink *consume,
		 struct diag *err)
{
	struct pipeline p = { .produce = produce, .ctx = ctx };
	pthread_t worker;
	int rc = 0;

	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.changed, NULL);
	if (pthread_create(&worker, NULL, producer_main, &p) != 0) {
		rc = diag_set_class(err, DIAG_INTERNAL, "cannot start the parser thread");
		goto out;
	}
	for (;;) {
		struct batch *b;
		double t0 = profile_start();

		pthread_mutex_lock(&p.mu);
		while (!p.full && !p.producer_done)
			pthread_cond_wait(&p.changed, &p.mu);
		if (t0 >= 0)
			p.writer_waited += profile_start() - t0;
		b = p.full;
		if (b) {
			p.full = b->next;
			if (!p.full)
				p.full_tail = NULL;
		}
		pthread_mutex_unlock(&p.mu);
		if (!b)
			break;
		for (int i = 0; i < b->n && rc == 0; i++)
			rc = consume->emit(consume->ctx, &b->recs[i], err);
		batch_clear(b);
		pthread_mutex_lock(&p.mu);
		b->next = p.spare;
		p.spare = b;
		if (rc < 0)
			p.consumer_failed = 1;
		pthread_cond_broadcast(&p.changed);
		pthread_mutex_unlock(&p.mu);
		if (rc < 0)
			break;
	}
	pthread_join(worker, NULL);
	/* a start that far back makes profile_end() print the sum */
	profile_end(profile_start() - p.parser_waited, "ingest: parser waited for writer");
	profile_end(profile_start() - p.writer_waited, "ingest: writer waited for parser");
	if (rc == 0 && p.producer_rc < 0) {
		*err = p.producer_err;
		rc = -1;
	}
	/* whatever the consumer left unread when it failed */
	while (p.full) {
		struct batch *b = p.full;

		p.full = b->next;
		batch_free(b);
	}
out:
	while (p.spare) {
		struct batch *b = p.spare;

		p.spare = b->next;
		batch_free(b);
	}
	pthread_cond_destroy(&p.changed);
	pthread_mutex_destroy(&p.mu);
	return rc;
}
