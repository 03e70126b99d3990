/* text_tokens.h - the pieces of a text-summary line (text_tokens.c). */
#ifndef ANALYZE_TEXT_TOKENS_H
#define ANALYZE_TEXT_TOKENS_H

#include <yajl/yajl_tree.h>

#include "util/buf.h"

/* " key=value" or " value" (key NULL); a missing value prints "-". */
void text_tok(struct buf *b, const char *key, const char *v);
/* " key=<int><unit>" from o's member field, "-" when absent */
void text_tok_int(struct buf *b, const char *key, yajl_val o, const char *field, const char *unit);
/* " start..end", the end shortened to its time of day when on the same day */
void text_tok_span(struct buf *b, yajl_val o);
/* " METHOD ROUTE START status=N duration=Nms": the head of a line about one
 * request (a finding with method, route, start, status, duration_ms) */
void text_tok_request(struct buf *b, yajl_val o);
/* " POST,PUT" from an array of strings, or a string as it is */
void text_tok_methods(struct buf *b, yajl_val o);
/* An array's strings, comma separated, each one escaped token; "-" when
 * empty (no space before it). */
void text_tok_list(struct buf *b, yajl_val arr);

#endif
