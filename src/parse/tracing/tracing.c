/* tracing.c - the "tracing" parser: a Rust server's tracing-subscriber log
 * in any of its shapes. The shape is fixed per file by the first line that
 * shows one: Docker json-file records, docker compose prefixes, or bare
 * lines (json, full/compact text, pretty); wrappers (docker.c) hand their
 * inner lines to a stream whose form is fixed the same way (inner.c), as
 * bare lines go to one here. */
#include <stdlib.h>
#include <string.h>

#include "parse/json_probe.h"
#include "parse/tracing/event.h"
#include "util/scan.h"

static int is_compose(const char *text, size_t len)
{
	void *md = tr_md_new();
	int hit = md && tr_docker_is_compose(md, text, len);

	tr_md_free(md);
	return hit;
}

enum shape { S_UNKNOWN, S_BARE, S_JSON_FILE, S_COMPOSE, S_JOURNAL_TEXT, S_JOURNAL_JSON };

struct tracing_state {
	enum shape shape;
	struct tr_inner inner;
	struct tr_docker *docker;
	struct tr_journal *journal;
	const struct parse_opts *opts;
};

/* "    at src/main.rs:93", "    in target::span with ...": coloured or not
 * (pretty with ANSI dims "at" and "in"). */
static int is_pretty_tail(const char *text, size_t len)
{
	struct buf clean;
	int hit;

	if (len > 7 && (memcmp(text, "    at ", 7) == 0 || memcmp(text, "    in ", 7) == 0))
		return 1;
	if (len < 8 || memcmp(text, "    \x1b[", 6) != 0)
		return 0;
	buf_init(&clean, len + 1);
	hit = tr_strip_ansi(&clean, text, len, NULL, NULL, 0) == 0 && clean.len > 7 &&
	      (memcmp(clean.data, "    at ", 7) == 0 || memcmp(clean.data, "    in ", 7) == 0);
	buf_release(&clean);
	return hit;
}

static int tracing_probe(const char *text, size_t len)
{
	struct tr_header h;

	if (len >= 2 && text[0] == '{') {
		/* by parsing: any spacing, any key order */
		static const char *const keys[] = { "timestamp", "level", "target", "fields",
						    "time", "v", "msg", NULL };
		struct json_probe p;

		/* a line cut short or with a bad byte still looks like one of
		 * ours: a file of bad lines is still tracing's, with rejects */
		if (json_probe(text, len, keys, &p) < 0)
			return scan_contains(text, len, "\"level\"") &&
			       (scan_contains(text, len, "\"timestamp\"") ||
				(scan_contains(text, len, "\"v\"") &&
				 scan_contains(text, len, "\"msg\""))) ? 70 : 0;
		if (p.type[0] != JP_ABSENT && p.type[1] != JP_ABSENT)
			return p.type[2] != JP_ABSENT || p.type[3] != JP_ABSENT ? 90 : 70;
		if (tr_docker_is_json_file(text, len) && p.type[4] != JP_ABSENT)
			return 85;
		if (tr_journal_is_json(text, len))
			return tr_journal_probe(text, len);
		if (tr_bunyan_is(text, len))
			return 85;
		/* bunyan's keys with a wrong type: its line, a reject */
		return p.type[5] != JP_ABSENT && p.type[6] != JP_ABSENT ? 70 : 0;
	}
	if (is_pretty_tail(text, len))
		return 80;      /* pretty's record tails */
	if (tr_guess_header(text, len, &h))
		return 85;
	if (tr_journal_is_text(text, len))
		return tr_journal_probe(text, len);
	if (is_compose(text, len)) {
		/* a compose prefix alone says nothing (psql prints "name | value"):
		 * what follows the first "| " must look like tracing output */
		const char *bar = memchr(text, '|', len);
		size_t skip = bar ? (size_t)(bar - text) + 1 : len;

		while (skip < len && (text[skip] == ' ' || text[skip] == '\033')) {
			if (text[skip] == '\033')      /* the prefix's colour ends: ESC [ ... m */
				while (skip < len && text[skip] != 'm')
					skip++;
			skip++;
		}
		return skip < len && tracing_probe(text + skip, len - skip) > 0 ? 75 : 0;
	}
	return 0;
}

static int tracing_open(void **state, const struct parse_opts *opts, struct diag *err)
{
	struct tracing_state *t = calloc(1, sizeof(*t));

	if (!t)
		return diag_oom(err);
	t->opts = opts;
	*state = t;
	return 0;
}

static int tracing_line(void *state, const struct line *l, const struct sink *out,
			struct diag *err)
{
	struct tracing_state *t = state;

	if (t->shape == S_UNKNOWN) {
		if (strspn(l->text, " \t") == l->len)
			return 0;
		if (!l->too_long && tr_docker_is_json_file(l->text, l->len))
			t->shape = S_JSON_FILE;
		else if (!l->too_long && tr_journal_is_json(l->text, l->len))
			t->shape = S_JOURNAL_JSON;
		else if (!l->too_long && tr_journal_is_text(l->text, l->len) &&
			 !tr_form_guess(l->text, l->len))
			t->shape = S_JOURNAL_TEXT;
		else if (!l->too_long && is_compose(l->text, l->len) &&
			 !tr_form_guess(l->text, l->len))
			t->shape = S_COMPOSE;
		else
			t->shape = S_BARE;
		if ((t->shape == S_JSON_FILE || t->shape == S_COMPOSE) &&
		    tr_docker_open(&t->docker, t->shape == S_COMPOSE, err) < 0)
			return -1;
		if ((t->shape == S_JOURNAL_TEXT || t->shape == S_JOURNAL_JSON) &&
		    tr_journal_open(&t->journal, t->shape == S_JOURNAL_JSON, t->opts, err) < 0)
			return -1;
	}
	if (t->shape == S_BARE)
		return tr_inner_line(&t->inner, l, RECORD_NONE, out, err);
	if (t->journal)
		return tr_journal_line(t->journal, l, out, err);
	return tr_docker_line(t->docker, l, out, err);
}

static int tracing_finish(void *state, const struct sink *out, struct diag *err)
{
	struct tracing_state *t = state;

	if (t->docker)
		return tr_docker_finish(t->docker, out, err);
	if (t->journal)
		return tr_journal_finish(t->journal, out, err);
	return tr_inner_finish(&t->inner, out, err);
}

static void tracing_close(void *state)
{
	struct tracing_state *t = state;

	if (!t)
		return;
	tr_inner_release(&t->inner);
	tr_docker_free(t->docker);
	tr_journal_free(t->journal);
	free(t);
}

const struct parser tracing_parser = {
	.name = "tracing",
	.probe = tracing_probe,
	.open = tracing_open,
	.line = tracing_line,
	.finish = tracing_finish,
	.close = tracing_close,
};
