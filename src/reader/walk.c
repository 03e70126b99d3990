/* walk.c - files and directories (recursed, sorted) to ingest; each
 * directory once, by device and inode, whatever symlinks lead to it. */
#include "reader/walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void walk_init(struct walk *w, const struct walk_calls *calls)
{
	memset(w, 0, sizeof(*w));
	w->calls = calls;
}

void walk_release(struct walk *w)
{
	free(w->seen);
	w->seen = NULL;
	w->nseen = w->cap = 0;
}

/* 1 when st's directory was walked before, else remembers it: 0, or -1
 * out of memory. */
static int seen_before(struct walk *w, const struct stat *st)
{
	for (size_t i = 0; i < w->nseen; i++)
		if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
			return 1;
	if (w->nseen == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		struct walk_seen *p = realloc(w->seen, cap * sizeof(*p));

		if (!p)
			return -1;
		w->seen = p;
		w->cap = cap;
	}
	w->seen[w->nseen++] = (struct walk_seen){ st->st_dev, st->st_ino };
	return 0;
}

static const char *kind_of(mode_t m)
{
	return S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket" :
	       S_ISCHR(m) || S_ISBLK(m) ? "a device" : "not a regular file";
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(struct walk *w, const char *dir);

/* One path: named by the user (in_dir 0) or found in a directory. */
static int walk_one(struct walk *w, const char *path, int in_dir)
{
	const struct walk_calls *c = w->calls;
	struct stat st;
	int seen;

	if (!in_dir && strcmp(path, "-") == 0)
		return c->each(c->ctx, path, 0);
	if (stat(path, &st) < 0) {
		c->fail(c->ctx, path, strerror(errno));
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		if ((seen = seen_before(w, &st)) < 0) {
			c->fail(c->ctx, path, "out of memory");
			return 0;
		}
		if (seen) {
			c->skip(c->ctx, path, "a directory already read (a symlink loop, or named "
				"twice), skipped");
			return 0;
		}
		return walk_dir(w, path);
	}
	if (S_ISREG(st.st_mode) || !in_dir)
		return c->each(c->ctx, path, in_dir);
	/* a FIFO in a log folder would block the run until someone writes */
	{
		char why[64];

		snprintf(why, sizeof(why), "%s, not a regular file, skipped", kind_of(st.st_mode));
		c->skip(c->ctx, path, why);
	}
	return 0;
}

static int walk_dir(struct walk *w, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (!d) {
		w->calls->fail(w->calls->ctx, dir, strerror(errno));
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
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		char *child;
		size_t len = strlen(dir) + strlen(names[i]) + 2;

		if (rc >= 0 && (child = malloc(len))) {
			snprintf(child, len, "%s%s%s", dir,
				 dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
			rc = walk_one(w, child, 1);
			free(child);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int walk_path(struct walk *w, const char *path)
{
	return walk_one(w, path, 0);
}
