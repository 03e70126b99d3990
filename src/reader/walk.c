/* walk.c - files and directories (recursed, sorted) to ingest. */
#include "reader/walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(const char *dir, int (*each)(void *, const char *),
		    void (*fail)(void *, const char *, const char *), void *ctx)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (!d) {
		fail(ctx, dir, strerror(errno));
		return 0;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **p = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof(*names));

			if (!p)
				break;
			names = p;
		}
		if (!(names[n] = strdup(e->d_name)))
			break;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		char *child;
		size_t len = strlen(dir) + strlen(names[i]) + 2;

		if (rc >= 0 && (child = malloc(len))) {
			snprintf(child, len, "%s%s%s", dir,
				 dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
			rc = walk_paths(child, each, fail, ctx);
			free(child);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int walk_paths(const char *path, int (*each)(void *ctx, const char *file),
	       void (*fail)(void *ctx, const char *path, const char *why), void *ctx)
{
	struct stat st;

	if (strcmp(path, "-") == 0)
		return each(ctx, path);
	if (stat(path, &st) < 0) {
		fail(ctx, path, strerror(errno));
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		return walk_dir(path, each, fail, ctx);
	return each(ctx, path);
}
