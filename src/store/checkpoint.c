/* checkpoint.c - copies committed WAL frames into the database on a thread
 * of its own, so a large ingest's checkpoint overlaps the work after it
 * (the next file, the index build) instead of stalling the commit. */
#include "store/store_impl.h"

#include <pthread.h>
#include <stdlib.h>

struct checkpointer {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	sqlite3 *db;            /* its own connection to the same file */
	int pending, stop;
};

static void *checkpointer_main(void *arg)
{
	struct checkpointer *c = arg;

	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (!c->pending && !c->stop)
			pthread_cond_wait(&c->cv, &c->mu);
		if (!c->pending && c->stop)
			break;
		c->pending = 0;
		pthread_mutex_unlock(&c->mu);
		/* PASSIVE: copies what it can without blocking the writer */
		sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->mu);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

int store_bulk_begin(struct store *st, const char *path, struct diag *err)
{
	struct checkpointer *c = calloc(1, sizeof(*c));

	if (!c)
		return diag_oom(err);
	if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(c->db);
		free(c);
		return 0;       /* no helper: commits checkpoint as usual */
	}
	sqlite3_busy_timeout(c->db, 1000);
	/* A connection opens the WAL only when it first reads: until then a
	 * checkpoint on it is a silent no-op (SQLite 3.40 returns OK, -1/-1). */
	if (sqlite3_exec(c->db, "SELECT 1 FROM sqlite_schema LIMIT 1", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(c->db);
		free(c);
		return 0;
	}
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->cv, NULL);
	if (pthread_create(&c->thread, NULL, checkpointer_main, c) != 0) {
		sqlite3_close(c->db);
		free(c);
		return 0;
	}
	st->checkpointer = c;
	return store_exec(st, "PRAGMA wal_autocheckpoint = 0", err);
}

void store_bulk_checkpoint(struct store *st)
{
	struct checkpointer *c = st->checkpointer;

	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	c->pending = 1;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

void store_bulk_end(struct store *st)
{
	struct checkpointer *c = st->checkpointer;

	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	c->stop = 1;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	sqlite3_close(c->db);
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	free(c);
	st->checkpointer = NULL;
	/* what is left (the index pages) is copied by the closing connection */
	sqlite3_exec(st->db, "PRAGMA wal_autocheckpoint = 1000", NULL, NULL, NULL);
}
