/* walk.h - the PATH arguments -> the files to read, in a stable order. */
#ifndef ANALYZE_WALK_H
#define ANALYZE_WALK_H

#include "util/diag.h"

/* Calls each(ctx, file) for path itself ("-" and files), or for every
 * regular file below a directory, names sorted, hidden entries skipped.
 * A directory that cannot be read is reported through fail(ctx, path, why)
 * and the walk goes on. Returns what `each` last returned if negative. */
int walk_paths(const char *path, int (*each)(void *ctx, const char *file),
	       void (*fail)(void *ctx, const char *path, const char *why), void *ctx);

#endif
