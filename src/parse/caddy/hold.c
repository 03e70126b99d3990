/* hold.c - lines held back in order, and read again. */
#include "parse/caddy/hold.h"

#include <string.h>

void line_hold_init(struct line_hold *h)
{
	memset(h, 0, sizeof(*h));
	buf_init(&h->text, HOLD_BYTES + READER_MAX_LINE + 1);
}

void line_hold_release(struct line_hold *h)
{
	buf_release(&h->text);
	h->n = 0;
}

int line_hold_fits(const struct line_hold *h, size_t len)
{
	return h->n < HOLD_LINES && h->text.len + len <= HOLD_BYTES;
}

int line_hold_add(struct line_hold *h, const struct line *l, struct diag *err)
{
	h->line[h->n].at = h->text.len;
	h->line[h->n].len = l->len;
	h->line[h->n].no = l->no;
	h->line[h->n].off = l->off;
	h->line[h->n].too_long = l->too_long;
	/* +1: the NUL, so each held line is a C string as the reader's are */
	if (buf_add(&h->text, l->text, l->len) < 0 || buf_addc(&h->text, '\0') < 0)
		return diag_oom(err);
	h->n++;
	return 0;
}

int line_hold_replay(struct line_hold *h,
		     int (*read)(void *state, const struct line *l, const struct sink *out,
				 struct diag *err),
		     void *state, const struct sink *out, struct diag *err)
{
	struct line_hold old = *h;     /* READ may hold lines again: into h, anew */
	int rc = 0;

	line_hold_init(h);
	h->text.max = old.text.max;
	for (int i = 0; i < old.n && rc == 0; i++) {
		struct line l = { .text = old.text.data + old.line[i].at, .len = old.line[i].len,
				  .no = old.line[i].no, .off = old.line[i].off,
				  .too_long = old.line[i].too_long };

		rc = read(state, &l, out, err);
	}
	buf_release(&old.text);
	return rc;
}
