/* unpack.c - one read loop (input window, concatenated streams, truncation)
 * over three decoders, each a table row of start / step / end. */
#include "reader/unpack.h"

#include <bzlib.h>
#include <errno.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#define UNPACK_IN_CAP (256 * 1024)

/* What a codec's step returns. */
enum { STEP_MORE = 0, STEP_END = 1, STEP_CORRUPT = -1 };

struct unpack_codec {
	const char *name;
	unsigned char magic[UNPACK_MAGIC_MAX];
	size_t magic_len;
	void *(*start)(void);                   /* NULL: out of memory */
	/* Decodes in[0..in_len) into out[0..out_len): what it took and made;
	 * STEP_END when a stream ended, STEP_CORRUPT with *why set. */
	int (*step)(void *s, const unsigned char *in, size_t in_len, size_t *used,
		    unsigned char *out, size_t out_len, size_t *made, const char **why);
	void (*end)(void *s);
};

/* --- xz (liblzma) --- */
static void *xz_start(void)
{
	lzma_stream *s = malloc(sizeof(*s));

	if (!s)
		return NULL;
	*s = (lzma_stream)LZMA_STREAM_INIT;
	if (lzma_stream_decoder(s, UINT64_MAX, 0) != LZMA_OK) {
		free(s);
		return NULL;
	}
	return s;
}

static int xz_step(void *v, const unsigned char *in, size_t in_len, size_t *used,
		   unsigned char *out, size_t out_len, size_t *made, const char **why)
{
	lzma_stream *s = v;
	lzma_ret r;

	s->next_in = in;
	s->avail_in = in_len;
	s->next_out = out;
	s->avail_out = out_len;
	r = lzma_code(s, LZMA_RUN);
	*used = in_len - s->avail_in;
	*made = out_len - s->avail_out;
	if (r == LZMA_STREAM_END)
		return STEP_END;
	if (r == LZMA_OK || r == LZMA_BUF_ERROR)        /* BUF_ERROR: needs input */
		return STEP_MORE;
	*why = r == LZMA_FORMAT_ERROR ? "not xz data" :
	       r == LZMA_MEM_ERROR ? "out of memory" : "data is corrupt";
	return STEP_CORRUPT;
}

static void xz_end(void *v)
{
	lzma_end(v);
	free(v);
}

/* --- bzip2 (libbz2) --- */
static void *bz_start(void)
{
	bz_stream *s = calloc(1, sizeof(*s));

	if (s && BZ2_bzDecompressInit(s, 0, 0) != BZ_OK) {
		free(s);
		return NULL;
	}
	return s;
}

static int bz_step(void *v, const unsigned char *in, size_t in_len, size_t *used,
		   unsigned char *out, size_t out_len, size_t *made, const char **why)
{
	bz_stream *s = v;
	unsigned in_n = in_len > 1u << 30 ? 1u << 30 : (unsigned)in_len;   /* unsigned int API */
	unsigned out_n = out_len > 1u << 30 ? 1u << 30 : (unsigned)out_len;
	int r;

	s->next_in = (char *)in;        /* libbz2 only reads it */
	s->avail_in = in_n;
	s->next_out = (char *)out;
	s->avail_out = out_n;
	r = BZ2_bzDecompress(s);
	*used = in_n - s->avail_in;
	*made = out_n - s->avail_out;
	if (r == BZ_STREAM_END)
		return STEP_END;
	if (r == BZ_OK)
		return STEP_MORE;
	*why = r == BZ_MEM_ERROR ? "out of memory" : "data is corrupt";
	return STEP_CORRUPT;
}

static void bz_end(void *v)
{
	BZ2_bzDecompressEnd(v);
	free(v);
}

/* --- zstd (libzstd): frames follow each other in one decoder --- */
static void *zst_start(void)
{
	return ZSTD_createDStream();
}

static int zst_step(void *v, const unsigned char *in, size_t in_len, size_t *used,
		    unsigned char *out, size_t out_len, size_t *made, const char **why)
{
	ZSTD_inBuffer ib = { in, in_len, 0 };
	ZSTD_outBuffer ob = { out, out_len, 0 };
	size_t r = ZSTD_decompressStream(v, &ob, &ib);

	*used = ib.pos;
	*made = ob.pos;
	if (ZSTD_isError(r)) {
		*why = ZSTD_getErrorName(r);
		return STEP_CORRUPT;
	}
	return r == 0 ? STEP_END : STEP_MORE;  /* 0: a frame decoded and flushed */
}

static void zst_end(void *v)
{
	ZSTD_freeDStream(v);
}

static const struct unpack_codec codecs[] = {
	{ "xz", { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6, xz_start, xz_step, xz_end },
	{ "bzip2", { 'B', 'Z', 'h' }, 3, bz_start, bz_step, bz_end },
	{ "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4, zst_start, zst_step, zst_end },
};

static const struct unpack_codec *codec_of(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++)
		if (n >= codecs[i].magic_len && memcmp(p, codecs[i].magic, codecs[i].magic_len) == 0)
			return &codecs[i];
	return NULL;
}

const char *unpack_detect(const unsigned char *p, size_t n)
{
	const struct unpack_codec *c = codec_of(p, n);

	return c ? c->name : NULL;
}

int unpack_open(struct unpack_stream *u, int fd, const unsigned char *pre, size_t npre,
		struct diag *err)
{
	memset(u, 0, sizeof(*u));
	u->fd = fd;
	u->codec = codec_of(pre, npre);
	if (!u->codec)
		return diag_set_class(err, DIAG_INTERNAL, "unpack_open() without a known magic");
	u->in_cap = UNPACK_IN_CAP;
	if (!(u->in = malloc(u->in_cap)) || !(u->state = u->codec->start())) {
		unpack_release(u);
		return diag_oom(err);
	}
	memcpy(u->in, pre, npre);
	u->in_len = npre;
	return 0;
}

static int refill(struct unpack_stream *u, struct diag *err)
{
	ssize_t got;

	do
		got = read(u->fd, u->in, u->in_cap);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return diag_set(err, "read error: %s", strerror(errno));
	u->in_pos = 0;
	u->in_len = (size_t)got;
	u->in_eof = got == 0;
	return 0;
}

ssize_t unpack_read(struct unpack_stream *u, unsigned char *p, size_t n, struct diag *err)
{
	size_t made = 0;

	while (made == 0) {
		const char *why = "data is corrupt";
		size_t used = 0;
		int r;

		if (u->in_pos == u->in_len && !u->in_eof && refill(u, err) < 0)
			return -1;
		if (u->in_pos == u->in_len && u->in_eof && u->at_end)
			return 0;
		if (u->at_end) {        /* more bytes after a stream: the next one, afresh */
			u->codec->end(u->state);
			if (!(u->state = u->codec->start()))
				return diag_oom(err);
			u->at_end = 0;
		}
		r = u->codec->step(u->state, u->in + u->in_pos, u->in_len - u->in_pos, &used, p, n,
				   &made, &why);
		u->in_pos += used;
		if (r == STEP_CORRUPT && made > 0)
			break;          /* what came before the damage first; the next call fails */
		if (r == STEP_CORRUPT)
			return diag_set(err, "corrupt %s data: %s", u->codec->name, why);
		if (r == STEP_END)
			u->at_end = 1;
		else if (made == 0 && used == 0 && u->in_pos == u->in_len && u->in_eof)
			return diag_set(err, "truncated %s stream", u->codec->name);
	}
	return (ssize_t)made;
}

void unpack_release(struct unpack_stream *u)
{
	if (u->state)
		u->codec->end(u->state);
	free(u->in);
	u->in = NULL;
	u->state = NULL;
}
