/* walk.h - the PATH arguments -> the files to read, in a stable order. */
#ifndef ANALYZE_WALK_H
#define ANALYZE_WALK_H

#include <stddef.h>
#include <sys/types.h>

#include "util/diag.h"

struct walk_calls {
	/* A file to read; in_dir: found in a directory, not named by the user. */
	int (*each)(void *ctx, const char *file, int in_dir);
	/* A path that cannot be read: counted as a failure. */
	void (*fail)(void *ctx, const char *path, const char *why);
	/* A path passed over on purpose: named, not a failure. */
	void (*skip)(void *ctx, const char *path, const char *why);
	void *ctx;
};

struct walk {
	const struct walk_calls *calls;
	struct walk_seen {
		dev_t dev;
		ino_t ino;
	} *seen;                /* owned: every directory walked so far */
	size_t nseen, cap;
};

void walk_init(struct walk *w, const struct walk_calls *calls);
/* Calls each() for path itself ("-", a file, a FIFO: a FIFO named here is
 * read as a stream, like stdin), or for every regular file below a
 * directory, names sorted, hidden entries skipped. Inside a directory, a
 * FIFO, socket or device is skipped (it could block the run forever), and a
 * directory reached again (by a symlink loop, or named twice) is not walked
 * again. Returns what `each` last returned if negative, else 0. */
int walk_path(struct walk *w, const char *path);
void walk_release(struct walk *w);

#endif
