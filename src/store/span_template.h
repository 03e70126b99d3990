/* span_template.h - span and field JSON with the event's own values cut out. */
#ifndef ANALYZE_SPAN_TEMPLATE_H
#define ANALYZE_SPAN_TEMPLATE_H

#include "util/buf.h"

/* The values cut, in this order: request id, method, uri (NULL: none). */
#define SPAN_CUTS 3

/* JSON with each string value equal to one of VALUES written as the
 * placeholder event_v reads back: 1 and the template in OUT, 0 when
 * nothing was cut (store JSON itself), -1 out of memory. */
int span_template(const char *json, const char *const values[SPAN_CUTS], struct buf *out);

/* The event's name as event_v reads it back from its fields. */
#define FIELDS_NAME_TOKEN "\"\\/n\""

/* An event's fields JSON with each string value equal to NAME written as
 * FIELDS_NAME_TOKEN: 1 and the template in OUT, 0 when nothing was cut
 * (NAME NULL, or one JSON would escape), -1 out of memory. */
int fields_template(const char *json, const char *name, struct buf *out);

#endif
