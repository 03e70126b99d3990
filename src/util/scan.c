/* scan.c - substring search in counted text. */
#include "util/scan.h"

#include <string.h>

const char *scan_find(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	const char *end = p + n;

	if (k == 0)
		return p;
	while ((size_t)(end - p) >= k) {
		const char *c = memchr(p, needle[0], (size_t)(end - p) - k + 1);

		if (!c)
			return NULL;
		if (memcmp(c, needle, k) == 0)
			return c;
		p = c + 1;
	}
	return NULL;
}
