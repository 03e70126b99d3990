/* reader.h - a file, a .gz or stdin -> numbered lines.
 * Knows bytes, gzip and line limits; nothing of log formats or SQLite. */
#ifndef ANALYZE_READER_H
#define ANALYZE_READER_H

#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

#define READER_MAX_LINE (1024 * 1024)  /* longer lines are rejected, not kept */
#define READER_TAIL_CHECK 4096          /* bytes before a resume point that must match */
#define READER_RAW_HEAD 4096            /* raw bytes hashed to recognise a file */

struct line {
	char *text;             /* borrowed until the next reader_next(); NUL-terminated */
	size_t len;             /* without the newline and a trailing CR */
	int64_t no;             /* 1-based line number in the content */
	int64_t off;            /* content offset of the first byte */
	unsigned too_long : 1;  /* text holds only the first READER_MAX_LINE bytes */
	unsigned unterminated : 1; /* the content's last line, with no newline */
};

struct reader_info {
	int is_stdin;
	int is_gzip;
	const char *compression;        /* static: "gzip", "xz", "bzip2", "zstd", or NULL */
	int is_regular;         /* a regular file: its size and head are known up front */
	int64_t raw_size;       /* bytes on disk (compressed for .gz) */
	uint64_t raw_head_hash; /* fingerprint of the first READER_RAW_HEAD raw bytes */
	int64_t mtime_us;       /* a regular file's modification time, µs UTC; 0 unknown */
};

struct reader;

/* path "-" is stdin. gzip, xz, bzip2 and zstd are recognised by their
 * magic bytes, not their names. */
int reader_open(struct reader **out, const char *path, struct diag *err);
const struct reader_info *reader_info(const struct reader *r);
/* 1 a line, 0 the end, -1 a read or gzip error (reason in err). */
int reader_next(struct reader *r, struct line *out, struct diag *err);
/* Consumes content up to offset `off`, which ends line `lines`, and returns
 * the fingerprint of the tail_len bytes before it, to compare with what
 * reader_tail() said when off was reached before. 0 done, 1 the content is
 * shorter than off, -1 error. Only before the first reader_next(). */
int reader_skip(struct reader *r, int64_t off, int64_t lines, int64_t tail_len,
		uint64_t *tail_hash, struct diag *err);
/* Fingerprint of the (up to READER_TAIL_CHECK) bytes before reader_offset(). */
void reader_tail(struct reader *r, uint64_t *hash, int64_t *len);
/* Content bytes consumed through the last line returned, its newline included. */
int64_t reader_offset(const struct reader *r);
/* Number of the last line returned (or skipped over). */
int64_t reader_lineno(const struct reader *r);
/* From now on a last line without its newline is not returned (nor
 * counted in reader_offset()): a plain file may still be being written,
 * and the next run reads that line whole. Its length: reader_held(). */
void reader_hold_partial(struct reader *r);
int64_t reader_held(const struct reader *r);
/* NUL bytes skipped before lines (copytruncate's hole). */
int64_t reader_padding(const struct reader *r);
/* Why a compressed stream ended early (truncated, corrupt), or NULL: the
 * lines before the cut were returned, the partial one after them was not. */
const struct diag *reader_broken(const struct reader *r);
/* 1 when the file is now shorter than what was read of it, or was
 * rewritten under the reader from its start (a NUL hole where its first
 * byte was): truncated (copytruncate) while being read. */
int reader_shrank(const struct reader *r);
void reader_free(struct reader *r);

#endif
