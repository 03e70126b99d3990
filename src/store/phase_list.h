/* phase_list.h - an event's phases as the one JSON list schema 0008 keeps
 * per event: [[phase_id, ms], ...], in the order the event wrote them. */
#ifndef ANALYZE_PHASE_LIST_H
#define ANALYZE_PHASE_LIST_H

#include <stdint.h>

#include "util/buf.h"

#define PHASE_MS_TEXT 32        /* room for any double, "%.17g" and its NUL */

/* MS as the shortest JSON number that reads back as the same double. */
void phase_ms_text(double ms, char out[PHASE_MS_TEXT]);

/* Appends one phase to LIST (empty: a new list); 0, or -1 over the cap. */
int phase_list_add(struct buf *list, int64_t phase_id, double ms);
/* Closes LIST for storing: 0, or -1 over the cap. */
int phase_list_end(struct buf *list);

#endif
