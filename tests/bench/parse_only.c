/* parse_only.c - reader + one parser with a sink that only counts: the
 * parse cost of a file without the store, to compare with a full ingest.
 *   parse_only FORMAT FILE   ->  "records=N rejects=N"
 */
#include <stdio.h>

#include "parse/parser.h"
#include "reader/reader.h"

static long counts[2];

static int count(void *ctx, const struct record *rec, struct diag *err)
{
	(void)ctx;
	(void)err;
	counts[rec->kind == REC_REJECT]++;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct parse_opts opts = { .strip_prefix = "/api" };
	struct diag err = DIAG_INIT;
	struct sink sink = { count, NULL };
	const struct parser *p;
	struct reader *r;
	struct line l;
	void *st;
	int got;

	if (argc != 3 || !(p = parser_by_name(argv[1]))) {
		fprintf(stderr, "usage: parse_only FORMAT FILE\n");
		return 2;
	}
	if (reader_open(&r, argv[2], &err) < 0 || p->open(&st, &opts, &err) < 0) {
		fprintf(stderr, "parse_only: %s\n", err.msg);
		return 1;
	}
	while ((got = reader_next(r, &l, &err)) > 0)
		p->line(st, &l, &sink, &err);
	p->finish(st, &sink, &err);
	p->close(st);
	reader_free(r);
	printf("records=%ld rejects=%ld\n", counts[0], counts[1]);
	return got < 0;
}
