/* writer.h - a report format: the model (JSON text, see model.h and
 * schemas/report.schema.json) in, a document out. Writers read the model
 * only, never the store. */
#ifndef ANALYZE_WRITER_H
#define ANALYZE_WRITER_H

#include <stddef.h>
#include <stdio.h>

#include "util/diag.h"

struct report_writer {
	const char *format;             /* "json", "html", "text", "csv"; also the file extension */
	/* model[len] is '\0' (a buf's text is): it is read in place */
	int (*write)(const char *model, size_t len, FILE *out, struct diag *err);
};

/* By format name, or by a file extension ("txt" is text). NULL: unknown. */
const struct report_writer *report_writer_find(const char *format);

#endif
