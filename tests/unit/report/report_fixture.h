/* report_fixture.h - the hand-written models under tests/unit/report/ and a
 * writer run over one, captured as a string. */
#ifndef ANALYZE_TEST_REPORT_FIXTURE_H
#define ANALYZE_TEST_REPORT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/writer.h"

/* The fixture's text (malloc()ed), or NULL; *len its length. */
static char *fixture_read(const char *name, size_t *len)
{
	const char *td = getenv("TESTDATA");
	char path[4096];
	FILE *f;
	char *text;
	long n;

	snprintf(path, sizeof(path), "%s/../tests/unit/report/%s", td ? td : "testdata", name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = malloc((size_t)n + 1);
	if (text && fread(text, 1, (size_t)n, f) != (size_t)n) {
		free(text);
		text = NULL;
	}
	fclose(f);
	if (text) {
		text[n] = '\0';
		*len = (size_t)n;
	}
	return text;
}

/* What the writer for format makes of model; NULL when it failed. */
static char *render_model(const char *format, const char *model, size_t len, size_t *outlen)
{
	const struct report_writer *wr = report_writer_find(format);
	struct diag err = DIAG_INIT;
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	int rc;

	if (!wr || !f)
		return NULL;
	rc = wr->write(model, len, f, &err);
	fclose(f);
	if (rc < 0) {
		fprintf(stderr, "writer %s: %s\n", format, err.msg);
		free(out);
		return NULL;
	}
	if (outlen)
		*outlen = n;
	return out;
}

static char *render_fixture(const char *format, const char *name, size_t *outlen)
{
	size_t len;
	char *model = fixture_read(name, &len), *out;

	if (!model)
		return NULL;
	out = render_model(format, model, len, outlen);
	free(model);
	return out;
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

#endif
