/* scan.h - searching inside a line that is not NUL-terminated (memmem is
 * not in POSIX). */
#ifndef ANALYZE_SCAN_H
#define ANALYZE_SCAN_H

#include <stddef.h>
#include <string.h>

/* The first needle in p[0..n), or NULL. */
const char *scan_find(const char *p, size_t n, const char *needle);

/* Is p[0..n) exactly the string literal LIT? (n first: a compile-time
 * length, then a fixed-size compare the compiler turns into a few loads) */
#define SCAN_IS(p, n, lit) ((n) == sizeof(lit) - 1 && memcmp((p), (lit), sizeof(lit) - 1) == 0)

static inline int scan_contains(const char *p, size_t n, const char *needle)
{
	return scan_find(p, n, needle) != NULL;
}

#endif
