/* inner.c - a stream of tracing lines whose form (json, text, pretty) is
 * fixed by its first usable line: the file's bare lines, or what a Docker
 * wrapper unwrapped. Below both tracing.c and docker.c; calls only the
 * forms. */
#include <stdio.h>
#include <string.h>

#include "parse/json_probe.h"
#include "parse/tracing/event.h"
#include "util/scan.h"

/* Only used until a stream's form is known, so its allocations do not
 * matter. */
int tr_guess_header(const char *text, size_t len, struct tr_header *h)
{
	struct buf clean;
	void *md = tr_md_new();
	int hit;

	if (!md)
		return 0;
	if (!memchr(text, '\x1b', len > 64 ? 64 : len)) {
		hit = tr_text_header(md, text, len, h) == 1;
	} else {
		buf_init(&clean, READER_MAX_LINE + 1);
		hit = tr_strip_ansi(&clean, text, len, NULL, NULL, 0) == 0 &&
		      tr_text_header(md, clean.data, clean.len, h) == 1;
		buf_release(&clean);
	}
	tr_md_free(md);
	return hit;
}

const struct tr_form *tr_form_guess(const char *text, size_t len)
{
	struct tr_header h;
	size_t i = strspn(text, " \t");

	if (i < len && text[i] == '{') {
		static const char *const keys[] = { "timestamp", NULL };
		struct json_probe p;

		/* not JSON at all: the json form's reject says what is wrong */
		if (json_probe(text, len, keys, &p) < 0 || p.type[0] != JP_ABSENT)
			return scan_contains(text, len, "\"timestamp\"") ? &tr_form_json : NULL;
		return tr_bunyan_is(text, len) || (scan_contains(text, len, "\"v\"") &&
						   scan_contains(text, len, "\"msg\"")) ?
		       &tr_form_bunyan : NULL;
	}
	if (!tr_guess_header(text, len, &h))
		return NULL;
	return h.indent ? &tr_form_pretty : &tr_form_text;
}

int tr_inner_line(struct tr_inner *in, const struct line *l, int64_t wrapper_ts_us,
		  const struct sink *out, struct diag *err)
{
	if (!in->form) {
		const struct tr_form *f;

		if (strspn(l->text, " \t") == l->len)
			return 0;
		if (l->too_long) {
			char why[64];

			snprintf(why, sizeof(why), "line longer than %d bytes", READER_MAX_LINE);
			return parser_reject(out, l, why, err);
		}
		f = tr_form_guess(l->text, l->len);
		if (!f)
			return parser_reject(out, l, "not a tracing line (json, text or pretty)", err);
		if (f->open(&in->state, err) < 0)
			return -1;
		in->form = f;
	}
	return in->form->line(in->state, l, wrapper_ts_us, out, err);
}

int tr_inner_finish(struct tr_inner *in, const struct sink *out, struct diag *err)
{
	return in->form ? in->form->finish(in->state, out, err) : 0;
}

void tr_inner_release(struct tr_inner *in)
{
	if (in->form)
		in->form->close(in->state);
	in->form = NULL;
	in->state = NULL;
}
