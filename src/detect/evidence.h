/* evidence.h - the {source, line} pairs a finding rests on, capped. */
#ifndef ANALYZE_EVIDENCE_H
#define ANALYZE_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "util/jsonw.h"

struct evidence {
	struct evidence_item {
		char *source;   /* owned */
		int64_t line;
	} *items;               /* owned */
	size_t n, cap, total;   /* total: all there were, kept or not */
	size_t max;
};

void evidence_init(struct evidence *e, size_t max);
int evidence_add(struct evidence *e, const char *source, int64_t line);
/* "evidence": [...], and "evidence_total" when some were left out. */
void evidence_write(const struct evidence *e, struct jsonw *w);
void evidence_release(struct evidence *e);

#endif
