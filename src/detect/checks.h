/* checks.h - the check board, written after the findings it draws on. */
#ifndef ANALYZE_CHECKS_H
#define ANALYZE_CHECKS_H

#include "detect/detector.h"

/* The "checks" array; *failed: how many said FAIL. */
int checks_write(const struct detect_ctx *ctx, struct jsonw *w, int *failed, struct diag *err);

#endif
