/* strvec.c - owned string lists. */
#include "util/strvec.h"

#include <stdlib.h>
#include <string.h>

int strvec_push(struct strvec *s, const char *str)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		char **v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	if (!(s->v[s->n] = strdup(str)))
		return -1;
	s->n++;
	return 0;
}

int strvec_contains(const struct strvec *s, const char *str)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], str) == 0)
			return 1;
	return 0;
}

int strvec_push_unique(struct strvec *s, const char *str)
{
	return strvec_contains(s, str) ? 0 : strvec_push(s, str);
}

void strvec_release(struct strvec *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}
