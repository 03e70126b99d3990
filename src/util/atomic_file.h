/* atomic_file.h - write a file whole or not at all: into a temporary file
 * beside it, renamed over it once complete. A full disk leaves the previous
 * version intact, and a symlink at the path is replaced, never followed to
 * overwrite what it points at. A device or FIFO (/dev/null, /dev/stdout)
 * is written in place. */
#ifndef ANALYZE_ATOMIC_FILE_H
#define ANALYZE_ATOMIC_FILE_H

#include <stdio.h>

#include "util/diag.h"

struct atomic_file {
	FILE *f;                /* write here between open and commit */
	char *tmp;              /* owned: the temporary file's path; NULL: in place */
	const char *path;       /* borrowed: the final path */
};

int atomic_file_open(struct atomic_file *af, const char *path, struct diag *err);
/* Flushes, syncs and renames; on failure the temporary file is removed.
 * Either way af is released. */
int atomic_file_commit(struct atomic_file *af, struct diag *err);
/* Drops what was written. */
void atomic_file_abort(struct atomic_file *af);

/* 1 when a and b are the same file (device and inode), 0 when not or
 * when either does not exist. */
int same_file(const char *a, const char *b);

#endif
