/* hold.h - lines kept back, in order, until the parser knows how to read
 * them (a Caddy file's float durations until their unit is known), then
 * handed to it again. Bounded: the caller asks whether one more fits. */
#ifndef ANALYZE_CADDY_HOLD_H
#define ANALYZE_CADDY_HOLD_H

#include "parse/parser.h"
#include "util/buf.h"

#define HOLD_LINES 64
#define HOLD_BYTES (8 * 1024 * 1024)

struct line_hold {
	struct buf text;                /* the lines' bytes, back to back */
	struct {
		size_t at, len;
		int64_t no, off;
		unsigned too_long : 1;
	} line[HOLD_LINES];
	int n;
};

void line_hold_init(struct line_hold *h);
void line_hold_release(struct line_hold *h);
/* Would a line of LEN bytes still fit? */
int line_hold_fits(const struct line_hold *h, size_t len);
/* Keeps a copy of l (check line_hold_fits() first). 0, or -1 out of memory. */
int line_hold_add(struct line_hold *h, const struct line *l, struct diag *err);
/* Empties the hold into READ (a parser's line function), in order; lines
 * READ holds again go to the hold's next round. 0, or READ's -1. */
int line_hold_replay(struct line_hold *h,
		     int (*read)(void *state, const struct line *l, const struct sink *out,
				 struct diag *err),
		     void *state, const struct sink *out, struct diag *err);

#endif
