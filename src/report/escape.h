/* escape.h - the one place where strings from the model (log content, so
 * hostile) become document text: HTML text, HTML attribute values, JSON
 * inside <script>, and terminal text. Writers never append a model string
 * any other way. Invalid UTF-8 never passes through. */
#ifndef ANALYZE_ESCAPE_H
#define ANALYZE_ESCAPE_H

#include <stddef.h>

#include "util/buf.h"

/* Element content: & < > " ' as entities; C0 controls (but tab and newline)
 * and invalid UTF-8 as U+FFFD. NULL appends nothing. 0, or -1 (buffer cap). */
int escape_html(struct buf *b, const char *s);

/* A double-quoted attribute value: as escape_html, and newlines as &#10; so
 * the value stays one line. */
int escape_attr(struct buf *b, const char *s);

/* JSON text placed inside <script type="application/json">: < > &, U+2028,
 * U+2029 and bidi controls as \u escapes, so no "</script>" or "<!--" can
 * end or bend the element. Only valid inside JSON strings, which is the only
 * place these characters can occur in JSON. */
int escape_script_json(struct buf *b, const char *json, size_t len);

/* A terminal line: control characters (C0, DEL, C1), backslash, invalid
 * UTF-8 and bidi overrides as \xNN / \uNNNN, so a log line cannot move the
 * cursor, recolour a terminal or reorder what is shown. With spaces = 0
 * the value stays one whitespace-separated token: one with a space or a
 * double quote is written in double quotes, its quotes as \" (logfmt). */
int escape_term(struct buf *b, const char *s, int spaces);

#endif
