/* fuzz_tracing.c - libFuzzer target for the tracing parsers. Every input
 * goes through the "tracing" parser (which picks json, text, pretty,
 * json-file or compose by the first line), then straight through one of
 * the forms or Docker unwrappers without detection, chosen by the input's
 * size, so each parser sees every input shape. Seeds: testdata/tracing. */
#include "fuzz_lines.h"
#include "parse/tracing/event.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

#define FUZZ_LONG_LINE 4096

static int count(void *ctx, const struct record *rec, struct diag *err)
{
	(void)rec;
	(void)err;
	++*(long *)ctx;
	return 0;
}

/* Lines of data to one form (0 json, 1 text, 2 pretty) or Docker (3 json-file,
 * 4 compose), as the reader would number them. */
static void direct(int which, const unsigned char *data, size_t size)
{
	const struct tr_form *forms[] = { &tr_form_json, &tr_form_text, &tr_form_pretty };
	struct diag err = DIAG_INIT;
	long n = 0;
	struct sink sink = { count, &n };
	struct tr_docker *d = NULL;
	void *state = NULL;
	char *copy = malloc(size + 1);
	size_t start = 0;
	int64_t no = 0;

	if (!copy)
		return;
	if (which < 3 ? forms[which]->open(&state, &err) < 0 :
			tr_docker_open(&d, which == 4, &err) < 0) {
		free(copy);
		return;
	}
	memcpy(copy, data, size);
	copy[size] = '\0';
	while (start < size) {
		char *nl = memchr(copy + start, '\n', size - start);
		size_t end = nl ? (size_t)(nl - copy) : size;
		struct line l = { .text = copy + start, .len = end - start, .no = ++no,
				  .off = (int64_t)start, .unterminated = !nl };

		/* the reader cuts a line over its limit and flags it: the same
		 * at a size a fuzzer reaches (seed malformed/long-line.log) */
		if (l.len > FUZZ_LONG_LINE) {
			l.len = FUZZ_LONG_LINE;
			l.too_long = 1;
		}
		copy[end] = '\0';
		if (which < 3)
			forms[which]->line(state, &l, RECORD_NONE, &sink, &err);
		else
			tr_docker_line(d, &l, &sink, &err);
		start = end + 1;
	}
	if (which < 3) {
		forms[which]->finish(state, &sink, &err);
		forms[which]->close(state);
	} else {
		tr_docker_finish(d, &sink, &err);
		tr_docker_free(d);
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	fuzz_parser_lines("tracing", data, size);
	direct((int)(size % 5), data, size);
	return 0;
}
