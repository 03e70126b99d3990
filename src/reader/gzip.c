/* gzip.c - zlib inflate over a file descriptor, member after member. */
#include "reader/gzip.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GZIP_IN_CAP (256 * 1024)

int gzip_is_magic(const unsigned char *p, size_t n)
{
	return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

int gzip_open(struct gzip_stream *g, int fd, const unsigned char *pre, size_t npre,
	      struct diag *err)
{
	memset(g, 0, sizeof(*g));
	g->fd = fd;
	g->in_cap = GZIP_IN_CAP;
	g->in = malloc(g->in_cap);
	if (!g->in)
		return diag_oom(err);
	memcpy(g->in, pre, npre);
	g->z.next_in = g->in;
	g->z.avail_in = (uInt)npre;
	if (inflateInit2(&g->z, 15 + 16) != Z_OK) {
		free(g->in);
		g->in = NULL;
		return diag_set_class(err, DIAG_INTERNAL, "cannot start gzip decoder");
	}
	g->live = 1;
	return 0;
}

static int refill(struct gzip_stream *g, struct diag *err)
{
	ssize_t got;

	if (g->z.avail_in > 0)
		memmove(g->in, g->z.next_in, g->z.avail_in);
	g->z.next_in = g->in;
	do
		got = read(g->fd, g->in + g->z.avail_in, g->in_cap - g->z.avail_in);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return diag_set(err, "read error: %s", strerror(errno));
	if (got == 0)
		g->in_eof = 1;
	g->z.avail_in += (uInt)got;
	return 0;
}

/* After a member: another member, trailing NULs (padding some tools
 * write), or the end. Anything else is corruption, not silently dropped. */
static int next_member(struct gzip_stream *g, struct diag *err)
{
	for (;;) {
		while (g->z.avail_in > 0 && *g->z.next_in == 0) {
			g->z.next_in++;
			g->z.avail_in--;
		}
		if (g->z.avail_in > 0)
			break;
		if (g->in_eof)
			return 0;
		if (refill(g, err) < 0)
			return -1;
	}
	if (g->z.avail_in < 2 && !g->in_eof && refill(g, err) < 0)
		return -1;
	if (!gzip_is_magic(g->z.next_in, g->z.avail_in))
		return diag_set(err, "trailing garbage after gzip member");
	if (inflateReset(&g->z) != Z_OK)
		return diag_set_class(err, DIAG_INTERNAL, "cannot restart gzip decoder");
	g->member_done = 0;
	return 1;
}

ssize_t gzip_read(struct gzip_stream *g, unsigned char *p, size_t n, struct diag *err)
{
	g->z.next_out = p;
	g->z.avail_out = (uInt)n;
	while (g->z.avail_out == n) {
		int zr;

		if (g->member_done) {
			int more = next_member(g, err);

			if (more <= 0)
				return more;
		}
		if (g->z.avail_in == 0) {
			if (g->in_eof)
				return diag_set(err, "truncated gzip stream");
			if (refill(g, err) < 0)
				return -1;
			if (g->z.avail_in == 0)
				return diag_set(err, "truncated gzip stream");
		}
		zr = inflate(&g->z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END)
			g->member_done = 1;
		else if (zr == Z_BUF_ERROR && g->in_eof && g->z.avail_in == 0)
			return diag_set(err, "truncated gzip stream");
		else if (zr != Z_OK && zr != Z_BUF_ERROR)
			return diag_set(err, "corrupt gzip data: %s",
					g->z.msg ? g->z.msg : "inflate failed");
	}
	return (ssize_t)(n - g->z.avail_out);
}

void gzip_release(struct gzip_stream *g)
{
	if (g->live)
		inflateEnd(&g->z);
	free(g->in);
	g->in = NULL;
	g->live = 0;
}
