/* diskfree.c - statvfs() of a file's directory. */
#include "util/diskfree.h"

#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>

int64_t disk_free_beside(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	struct statvfs v;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	if (statvfs(dir, &v) != 0)
		return -1;
	return (int64_t)v.f_bavail * (int64_t)v.f_frsize;
}
