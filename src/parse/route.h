/* route.h - request path -> route template: the optional proxy prefix
 * removed, identifiers (ULID, UUID, integer, long hex) replaced by {id}. */
#ifndef ANALYZE_ROUTE_H
#define ANALYZE_ROUTE_H

#include <stddef.h>

#include "util/buf.h"

/* Is this path segment an identifier? */
int route_is_id(const char *seg, size_t len);
/* Appends the template of path[0..len) to out. strip_prefix ("/api") is
 * removed when the path starts with it as whole segments. 0, or -1 on cap. */
int route_template(struct buf *out, const char *path, size_t len, const char *strip_prefix);

#endif
