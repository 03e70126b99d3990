/* evidence_text.h - the text of the lines findings and checks rest on,
 * read back from their files at report time: the store keeps provenance
 * (source, line), not the raw lines. Written as the model's
 * "evidence_text" (evidence_text.c). */
#ifndef ANALYZE_EVIDENCE_TEXT_H
#define ANALYZE_EVIDENCE_TEXT_H

#include <stddef.h>

#include "store/store.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/jsonw.h"

#define EVIDENCE_TEXT_PER_ITEM 3        /* lines read back per finding or check */
#define EVIDENCE_TEXT_MAX 400           /* bytes of a line kept, at a character boundary */
#define EVIDENCE_TEXT_LINES_MAX 2000    /* lines per report */

/* A stretch of the model already written into its buffer: the JSON text of
 * one value (the findings object, the checks array). */
struct model_span {
	size_t start, end;      /* byte offsets into the model's buffer */
};

/* Writes the value of the model's "evidence_text" key: for the first
 * EVIDENCE_TEXT_PER_ITEM evidence lines of every object with an "evidence"
 * array inside spans[0..n) of out, each line's text (redacted, capped) and
 * a shell command printing it, and the files that could not be read. */
int model_write_evidence_text(struct store *st, const struct buf *out,
			      const struct model_span *spans, size_t n, struct jsonw *w,
			      struct diag *err);

#endif
