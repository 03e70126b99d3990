/* route_seconds.h - the window's answers per route, method and second of
 * their end, added up once per report into TEMP route_second, from which
 * each timeout cluster's healthy routes are summed (route_seconds.c). */
#ifndef ANALYZE_ROUTE_SECONDS_H
#define ANALYZE_ROUTE_SECONDS_H

#include "store/store.h"
#include "util/diag.h"

int route_seconds_build(struct store *st, struct diag *err);

#endif
