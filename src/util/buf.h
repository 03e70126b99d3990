/* buf.h - a growable byte buffer with a hard cap (curl's dynbuf shape).
 * The bytes are always NUL-terminated so they double as a C string. */
#ifndef ANALYZE_BUF_H
#define ANALYZE_BUF_H

#include <stddef.h>

struct buf {
	char *data;     /* owned; NULL until the first append */
	size_t len;
	size_t cap;     /* allocated bytes, the NUL included */
	size_t max;     /* appends that would pass this fail */
};

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);        /* frees data; b can be reused */
void buf_reset(struct buf *b);          /* len = 0, keeps the memory */
int buf_add(struct buf *b, const void *p, size_t n);   /* 0, or -1: cap or OOM */
int buf_addc(struct buf *b, char c);
int buf_adds(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *buf_str(const struct buf *b);      /* "" when empty */

#endif
