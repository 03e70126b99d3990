/* render_model.c - a report writer over a model file, for the browser test:
 * render_model FORMAT MODEL.json OUT. The hand-written hostile model reaches
 * places in the page that an ingest cannot (checks, stalls, the timeline). */
#include <stdio.h>
#include <stdlib.h>

#include "report/writer.h"
#include "util/buf.h"

int main(int argc, char **argv)
{
	const struct report_writer *wr;
	struct diag err = DIAG_INIT;
	struct buf model;
	char chunk[65536];
	size_t n;
	FILE *in, *out;
	int rc;

	if (argc != 4 || !(wr = report_writer_find(argv[1]))) {
		fprintf(stderr, "usage: render_model html|json|text MODEL.json OUT\n");
		return 2;
	}
	in = fopen(argv[2], "rb");
	if (!in) {
		perror(argv[2]);
		return 3;
	}
	buf_init(&model, (size_t)1 << 30);
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		if (buf_add(&model, chunk, n) < 0) {
			fprintf(stderr, "%s: too large\n", argv[2]);
			return 3;
		}
	fclose(in);
	out = fopen(argv[3], "w");
	if (!out) {
		perror(argv[3]);
		return 3;
	}
	rc = wr->write(buf_str(&model), model.len, out, &err);
	if (fclose(out) != 0 || rc < 0) {
		fprintf(stderr, "%s: %s\n", argv[3], err.msg[0] ? err.msg : "write failed");
		return 3;
	}
	buf_release(&model);
	return 0;
}
