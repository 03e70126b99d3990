/* sniff.h - which parser reads this file, from its first lines. */
#ifndef ANALYZE_SNIFF_H
#define ANALYZE_SNIFF_H

#include "parse/parser.h"

#define SNIFF_LINES 16

/* The parser whose probe() scores the lines best, or NULL when none
 * recognises them (a low average, or no line it is sure of). Blank lines do
 * not vote. */
const struct parser *sniff(const struct line *lines, int n);

#endif
