/* scan.h - searching inside a line that is not NUL-terminated (memmem is
 * not in POSIX). */
#ifndef ANALYZE_SCAN_H
#define ANALYZE_SCAN_H

#include <stddef.h>

/* The first needle in p[0..n), or NULL. */
const char *scan_find(const char *p, size_t n, const char *needle);

static inline int scan_contains(const char *p, size_t n, const char *needle)
{
	return scan_find(p, n, needle) != NULL;
}

#endif
