/* unpack.h - xz, bzip2 and zstd files as a byte stream (logrotate's
 * compresscmd choices), by Debian's liblzma, libbz2 and libzstd: concatenated
 * streams read through, truncation reported. gzip has gzip.h. */
#ifndef ANALYZE_UNPACK_H
#define ANALYZE_UNPACK_H

#include <stddef.h>
#include <sys/types.h>

#include "util/diag.h"

#define UNPACK_MAGIC_MAX 6      /* bytes that tell the codecs apart */

struct unpack_codec;

struct unpack_stream {
	int fd;                 /* borrowed */
	const struct unpack_codec *codec;
	void *state;            /* owned: the library's decoder */
	unsigned char *in;      /* owned: compressed input window */
	size_t in_pos, in_len, in_cap;
	int in_eof;
	int at_end;             /* the last stream ended and nothing followed yet */
};

/* The codec's name ("xz", "bzip2", "zstd") when p starts with its magic
 * bytes, else NULL. */
const char *unpack_detect(const unsigned char *p, size_t n);
/* `pre` holds bytes already read from fd (the sniffed magic), fed first. */
int unpack_open(struct unpack_stream *u, int fd, const unsigned char *pre, size_t npre,
		struct diag *err);
/* Up to n bytes into p: > 0 read, 0 at the clean end, -1 error (truncated
 * stream, corrupt data, read error) with the reason in err. */
ssize_t unpack_read(struct unpack_stream *u, unsigned char *p, size_t n, struct diag *err);
void unpack_release(struct unpack_stream *u);

#endif
