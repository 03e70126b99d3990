/* atomic_file.c - mkstemp() beside the target, fsync(), rename(). */
#include "util/atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A device, FIFO or socket (/dev/null, /dev/stdout, a pipe) is written
 * in place: renaming over it would replace it with a regular file. */
static int is_special(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

int atomic_file_open(struct atomic_file *af, const char *path, struct diag *err)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = strlen(path) + 16;
	mode_t mask;
	int fd;

	memset(af, 0, sizeof(*af));
	af->path = path;
	if (is_special(path)) {
		if (!(af->f = fopen(path, "w")))
			return diag_set(err, "%s", strerror(errno));
		return 0;
	}
	if (!(af->tmp = malloc(n)))
		return diag_oom(err);
	/* hidden and beside the target: same file system, so rename() is atomic */
	snprintf(af->tmp, n, "%.*s.%s.XXXXXX", (int)dir, path, path + dir);
	if ((fd = mkstemp(af->tmp)) < 0) {
		diag_set(err, "%s", strerror(errno));
		free(af->tmp);
		af->tmp = NULL;
		return -1;
	}
	/* mkstemp() makes 0600; a report is as readable as any file made here */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0 || !(af->f = fdopen(fd, "w"))) {
		diag_set(err, "%s", strerror(errno));
		close(fd);
		atomic_file_abort(af);
		return -1;
	}
	return 0;
}

int atomic_file_commit(struct atomic_file *af, struct diag *err)
{
	int failed = fflush(af->f) != 0 || (af->tmp && fsync(fileno(af->f)) != 0);

	failed |= fclose(af->f) != 0;
	af->f = NULL;
	if (failed || (af->tmp && rename(af->tmp, af->path) != 0)) {
		diag_set(err, "%s", strerror(errno ? errno : EIO));
		atomic_file_abort(af);
		return -1;
	}
	free(af->tmp);
	af->tmp = NULL;
	return 0;
}

void atomic_file_abort(struct atomic_file *af)
{
	if (af->f)
		fclose(af->f);
	af->f = NULL;
	if (af->tmp)
		unlink(af->tmp);
	free(af->tmp);
	af->tmp = NULL;
}

int same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}
