/* fuzz_lines.h - the shared body of every parser fuzzer: split the input
 * into lines as the reader would, feed them to one parser with a sink that
 * only counts, then finish. A crash or sanitizer report is the finding. */
#ifndef ANALYZE_FUZZ_LINES_H
#define ANALYZE_FUZZ_LINES_H

#include <stdlib.h>
#include <string.h>

#include "parse/parser.h"

static int fuzz_count(void *ctx, const struct record *rec, struct diag *err)
{
	(void)rec;
	(void)err;
	++*(long *)ctx;
	return 0;
}

static int fuzz_parser_lines(const char *name, const unsigned char *data, size_t size)
{
	static const struct parse_opts opts = { .strip_prefix = "/api" };
	const struct parser *p = parser_by_name(name);
	struct diag err = DIAG_INIT;
	long n = 0;
	struct sink sink = { fuzz_count, &n };
	char *copy = malloc(size + 1);
	void *state = NULL;
	size_t start = 0;
	int64_t no = 0;

	if (!p || !copy || p->open(&state, &opts, &err) < 0) {
		free(copy);
		return 0;
	}
	memcpy(copy, data, size);
	copy[size] = '\0';
	while (start <= size) {
		char *nl = memchr(copy + start, '\n', size - start);
		size_t end = nl ? (size_t)(nl - copy) : size;
		struct line l = { .text = copy + start, .len = end - start, .no = ++no,
				  .off = (int64_t)start, .unterminated = !nl };

		if (!nl && end == start)
			break;
		copy[end] = '\0';
		p->line(state, &l, &sink, &err);
		start = end + 1;
	}
	p->finish(state, &sink, &err);
	p->close(state);
	free(copy);
	return 0;
}

#endif
