/* str.c - NULL-tolerant string helpers (str.h). */
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

int str_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

char *str_dup(const char *s, int *failed)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = strdup(s)))
		*failed = 1;
	return d;
}
