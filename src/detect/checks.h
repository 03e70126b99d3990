/* checks.h - the check board, written after the findings it draws on. */
#ifndef ANALYZE_CHECKS_H
#define ANALYZE_CHECKS_H

#include "detect/detector.h"

int checks_write(struct detect_ctx *ctx, struct jsonw *w, struct diag *err);

#endif
