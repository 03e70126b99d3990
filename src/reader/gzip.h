/* gzip.h - inflate a gzip file as a byte stream: multi-member (what
 * `cat a.gz b.gz` and some rotators write), truncation reported. */
#ifndef ANALYZE_GZIP_H
#define ANALYZE_GZIP_H

#include <stddef.h>
#include <sys/types.h>
#include <zlib.h>

#include "util/diag.h"

struct gzip_stream {
	int fd;                 /* borrowed */
	z_stream z;
	unsigned char *in;      /* owned: compressed input window */
	size_t in_cap;
	int in_eof;
	int member_done;        /* the last member ended at a clean boundary */
	int live;               /* inflateInit2 succeeded */
};

int gzip_is_magic(const unsigned char *p, size_t n);
/* `pre` holds bytes already read from fd (the sniffed magic), fed first. */
int gzip_open(struct gzip_stream *g, int fd, const unsigned char *pre, size_t npre,
	      struct diag *err);
/* Up to n bytes into p: > 0 read, 0 at the clean end, -1 error (truncated
 * stream, corrupt data, read error) with the reason in err. */
ssize_t gzip_read(struct gzip_stream *g, unsigned char *p, size_t n, struct diag *err);
void gzip_release(struct gzip_stream *g);

#endif
