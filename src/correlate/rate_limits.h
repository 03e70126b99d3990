/* rate_limits.h - the server's rate-limit rejections matched to the
 * proxy's 429s in order, for those no request id links. */
#ifndef ANALYZE_RATE_LIMITS_H
#define ANALYZE_RATE_LIMITS_H

#include "correlate/correlate.h"

/* Links each matched rejection (method rate_limit_order, replacing a
 * path or time guess); counts them in c->by_rate_limit_order. */
int rate_limits_link(struct store *st, struct correlation *c, struct diag *err);

#endif
