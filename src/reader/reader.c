/* reader.c - streaming line iterator over plain and gzip input.
 * Memory is one fixed buffer, whatever the input size. */
#include "reader/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reader/gzip.h"
#include "reader/unpack.h"
#include "util/fingerprint.h"

#define READER_BUF (READER_MAX_LINE + 256 * 1024)

struct reader {
	int fd;
	int own_fd;
	struct reader_info info;
	struct gzip_stream gz;
	struct unpack_stream un;        /* xz, bzip2, zstd */
	struct diag broken;             /* a compressed stream failed here: see fill() */
	char *buf;              /* owned: READER_BUF + 1 bytes (room for a NUL) */
	size_t pos, end;        /* unread bytes are buf[pos..end) */
	int eof;
	int discarding;         /* inside an over-long line: drop to its newline */
	int hold_partial;       /* a last line without its newline is not handed out */
	int64_t held;           /* bytes of that line at the end */
	int64_t padding;        /* NUL bytes skipped before lines */
	unsigned char first_byte;       /* the content's first byte, as opened */
	int shrank;             /* the file was rewritten under this reader: see rewritten() */
	int64_t buf_off;        /* content offset of buf[0] */
	int64_t lineno;
	int64_t consumed;       /* see reader_offset() */
	char *patched;          /* where the last line's NUL replaced a byte */
	char patched_byte;      /* ...and that byte, put back on the next call */
};

static ssize_t read_raw(int fd, void *p, size_t n)
{
	ssize_t got;

	do
		got = read(fd, p, n);
	while (got < 0 && errno == EINTR);
	return got;
}

/* copytruncate under a writer without O_APPEND, while this reader is in
 * the middle of the file: the writer goes on at its old offset, so the
 * file is now a NUL hole up to there, and then new lines. A chunk read
 * after the start that begins with NUL, in a file whose first byte was
 * not NUL and now is, is that hole: reading on would file the new lines
 * under the old content. (NUL blocks a crash leaves in a file that was
 * not rewritten are read past as padding, as at its start.) */
static int rewritten(const struct reader *r, ssize_t got)
{
	unsigned char first;

	return r->info.is_regular && !r->info.compression && r->first_byte && got > 0 &&
	       r->buf_off + (int64_t)r->end > 0 && r->buf[r->end] == '\0' &&
	       pread(r->fd, &first, 1, 0) == 1 && first == '\0';
}

/* Reads more content into buf[end..]; 0 ok (eof may be set), -1 error. */
static int fill(struct reader *r, struct diag *err)
{
	size_t room = READER_BUF - r->end;
	ssize_t got;

	if (r->eof || room == 0)
		return 0;
	if (r->info.is_gzip)
		got = gzip_read(&r->gz, (unsigned char *)r->buf + r->end, room, &r->broken);
	else if (r->info.compression)
		got = unpack_read(&r->un, (unsigned char *)r->buf + r->end, room, &r->broken);
	else if ((got = read_raw(r->fd, r->buf + r->end, room)) < 0)
		return diag_set(err, "read error: %s", strerror(errno));
	if (got < 0) {
		/* A truncated or corrupt compressed file: the complete lines
		 * before the cut are still handed out (what zcat shows); then
		 * the content ends and reader_broken() says why. */
		r->eof = 1;
		r->hold_partial = 1;
		return 0;
	}
	if (got == 0)
		r->eof = 1;
	else if (rewritten(r, got)) {
		/* what follows is another content: the rotated copy has the rest */
		r->shrank = 1;
		r->eof = 1;
		r->hold_partial = 1;
		return 0;
	}
	r->end += (size_t)got;
	return 0;
}

/* Moves the unread bytes to the front, keeping up to READER_TAIL_CHECK
 * consumed bytes before them for reader_tail(). */
static void compact(struct reader *r)
{
	size_t keep_from = r->pos > READER_TAIL_CHECK ? r->pos - READER_TAIL_CHECK : 0;

	if (keep_from == 0)
		return;
	memmove(r->buf, r->buf + keep_from, r->end - keep_from);
	r->buf_off += (int64_t)keep_from;
	r->end -= keep_from;
	r->pos -= keep_from;
}

int reader_open(struct reader **out, const char *path, struct diag *err)
{
	struct reader *r = calloc(1, sizeof(*r));
	unsigned char pre[UNPACK_MAGIC_MAX];
	size_t npre = 0;
	struct stat st;

	if (!r)
		return diag_oom(err);
	r->fd = -1;
	if (strcmp(path, "-") == 0) {
		r->fd = STDIN_FILENO;
		r->info.is_stdin = 1;
	} else {
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0) {
			diag_set(err, "cannot open: %s", strerror(errno));
			goto fail;
		}
		r->own_fd = 1;
	}
	if (fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode)) {
		unsigned char head[READER_RAW_HEAD];
		ssize_t got = pread(r->fd, head, sizeof(head), 0);

		if (got < 0) {
			diag_set(err, "read error: %s", strerror(errno));
			goto fail;
		}
		r->info.is_regular = 1;
		r->info.raw_size = st.st_size;
		r->info.mtime_us = (int64_t)st.st_mtim.tv_sec * 1000000 + st.st_mtim.tv_nsec / 1000;
		r->info.raw_head_hash = fingerprint_update(FINGERPRINT_SEED, head, (size_t)got);
	} else if (r->own_fd && S_ISDIR(st.st_mode)) {
		diag_set(err, "is a directory");
		goto fail;
	}
	r->buf = malloc(READER_BUF + 1);
	if (!r->buf) {
		diag_oom(err);
		goto fail;
	}
	while (npre < sizeof(pre)) {
		ssize_t got = read_raw(r->fd, pre + npre, sizeof(pre) - npre);

		if (got < 0) {
			diag_set(err, "read error: %s", strerror(errno));
			goto fail;
		}
		if (got == 0)
			break;
		npre += (size_t)got;
	}
	r->broken = (struct diag)DIAG_INIT;
	if (gzip_is_magic(pre, npre)) {
		if (gzip_open(&r->gz, r->fd, pre, npre, err) < 0)
			goto fail;
		r->info.is_gzip = 1;
		r->info.compression = "gzip";
	} else if (unpack_detect(pre, npre)) {
		if (unpack_open(&r->un, r->fd, pre, npre, err) < 0)
			goto fail;
		r->info.compression = unpack_detect(pre, npre);
	} else {
		memcpy(r->buf, pre, npre);
		r->end = npre;
		r->eof = npre < sizeof(pre);
		r->first_byte = npre ? pre[0] : 0;
	}
	*out = r;
	return 0;
fail:
	reader_free(r);
	return -1;
}

const struct reader_info *reader_info(const struct reader *r)
{
	return &r->info;
}

/* Lines are handed out NUL-terminated in place; the byte under the NUL
 * (a newline, usually) is restored before the buffer is used again, so
 * fingerprints of the buffer see the content as it is on disk. */
static void terminate(struct reader *r, char *at)
{
	r->patched = at;
	r->patched_byte = *at;
	*at = '\0';
}

static void restore(struct reader *r)
{
	if (r->patched) {
		*r->patched = r->patched_byte;
		r->patched = NULL;
	}
}

/* NUL padding is what copytruncate leaves when the writer did not open
 * its log for append (it goes on at its old offset, so the file starts
 * with a hole as long as the old file): not part of any line, however
 * long. Only ever at a line's start. */
static void skip_padding(struct reader *r)
{
	size_t from = r->pos;

	while (r->pos < r->end && r->buf[r->pos] == '\0')
		r->pos++;
	if (r->pos == from)
		return;
	r->padding += (int64_t)(r->pos - from);
	r->consumed = r->buf_off + (int64_t)r->pos;
}

int reader_next(struct reader *r, struct line *out, struct diag *err)
{
	restore(r);
	for (;;) {
		char *start, *nl;

		if (!r->discarding)
			skip_padding(r);
		start = r->buf + r->pos;
		nl = memchr(start, '\n', r->end - r->pos);

		if (nl && r->discarding) {
			r->pos = (size_t)(nl - r->buf) + 1;
			r->consumed = r->buf_off + (int64_t)r->pos;
			r->discarding = 0;
			continue;
		}
		if (nl) {
			size_t len = (size_t)(nl - start);

			out->text = start;
			out->off = r->buf_off + (int64_t)(start - r->buf);
			out->no = ++r->lineno;
			out->too_long = 0;
			out->unterminated = 0;
			if (len > READER_MAX_LINE) {
				len = READER_MAX_LINE;
				out->too_long = 1;
			} else if (len > 0 && start[len - 1] == '\r') {
				len--;
			}
			terminate(r, start + len);
			out->len = len;
			r->pos = (size_t)(nl - r->buf) + 1;
			r->consumed = r->buf_off + (int64_t)r->pos;
			return 1;
		}
		if (r->discarding) {
			r->buf_off += (int64_t)r->end;
			r->pos = r->end = 0;
		} else if (r->end - r->pos > READER_MAX_LINE) {
			/* Over the limit with no newline in sight: hand out the head
			 * for the reject, then drop the rest up to the newline. */
			out->text = start;
			out->len = READER_MAX_LINE;
			out->off = r->buf_off + (int64_t)r->pos;
			out->no = ++r->lineno;
			out->too_long = 1;
			out->unterminated = 0;
			r->discarding = 1;
			r->buf_off += (int64_t)r->end;
			r->pos = r->end = 0;
			/* The head stays valid: the buffer is only refilled on the next call. */
			terminate(r, start + READER_MAX_LINE);
			return 1;
		}
		if (r->eof) {
			if (r->pos == r->end || r->discarding) {
				r->consumed = r->buf_off + (int64_t)r->end;
				return 0;
			}
			if (r->hold_partial) {
				/* still being written: the next run reads it whole */
				r->held = (int64_t)(r->end - r->pos);
				return 0;
			}
			out->text = start;
			out->len = r->end - r->pos;
			out->off = r->buf_off + (int64_t)r->pos;
			out->no = ++r->lineno;
			out->too_long = 0;
			out->unterminated = 1;
			terminate(r, start + out->len);
			r->pos = r->end;
			r->consumed = r->buf_off + (int64_t)r->end;
			return 1;
		}
		compact(r);
		if (fill(r, err) < 0)
			return -1;
	}
}

void reader_tail(struct reader *r, uint64_t *hash, int64_t *len)
{
	restore(r);
	int64_t have = r->consumed - r->buf_off;       /* consumed bytes still buffered */

	if (have < 0)
		have = 0;
	if (have > READER_TAIL_CHECK)
		have = READER_TAIL_CHECK;
	*len = have;
	*hash = fingerprint_update(FINGERPRINT_SEED, r->buf + (r->consumed - r->buf_off - have),
				   (size_t)have);
}

int reader_skip(struct reader *r, int64_t off, int64_t lines, int64_t tail_len,
		uint64_t *tail_hash, struct diag *err)
{
	int64_t check_from = off > tail_len ? off - tail_len : 0;
	int64_t hashed_to = check_from;         /* [check_from, hashed_to) is in h */
	uint64_t h = FINGERPRINT_SEED;

	if (r->lineno > 0 || check_from < r->buf_off)
		return diag_set_class(err, DIAG_INTERNAL, "reader_skip() after lines were read");
	for (;;) {
		int64_t have = r->buf_off + (int64_t)r->end;

		if (hashed_to < have && hashed_to < off) {
			int64_t hi = have < off ? have : off;

			h = fingerprint_update(h, r->buf + (hashed_to - r->buf_off),
					       (size_t)(hi - hashed_to));
			hashed_to = hi;
		}
		if (have >= off)
			break;
		if (r->eof)
			return 1;
		/* Nothing buffered is needed any more. */
		r->buf_off = have;
		r->pos = r->end = 0;
		if (!r->info.compression && r->info.is_regular && have < check_from) {
			/* A plain file jumps straight to the bytes worth checking. */
			if (lseek(r->fd, check_from, SEEK_SET) < 0)
				return diag_set(err, "seek error: %s", strerror(errno));
			r->buf_off = check_from;
		}
		if (fill(r, err) < 0)
			return -1;
		if (reader_broken(r)) { /* not "shorter": unknown beyond the cut */
			*err = r->broken;
			return -1;
		}
	}
	r->pos = (size_t)(off - r->buf_off);
	r->lineno = lines;
	r->consumed = off;
	*tail_hash = h;
	return 0;
}

int64_t reader_offset(const struct reader *r)
{
	return r->consumed;
}

int64_t reader_lineno(const struct reader *r)
{
	return r->lineno;
}

void reader_hold_partial(struct reader *r)
{
	r->hold_partial = 1;
}

int64_t reader_held(const struct reader *r)
{
	return r->held;
}

int64_t reader_padding(const struct reader *r)
{
	return r->padding;
}

const struct diag *reader_broken(const struct reader *r)
{
	return r->broken.msg[0] ? &r->broken : NULL;
}

int reader_shrank(const struct reader *r)
{
	struct stat st;

	if (r->shrank)
		return 1;
	return r->info.is_regular && !r->info.compression && fstat(r->fd, &st) == 0 &&
	       st.st_size < r->consumed + r->held;
}

void reader_free(struct reader *r)
{
	if (!r)
		return;
	if (r->info.is_gzip)
		gzip_release(&r->gz);
	else if (r->info.compression)
		unpack_release(&r->un);
	if (r->own_fd && r->fd >= 0)
		close(r->fd);
	free(r->buf);
	free(r);
}
