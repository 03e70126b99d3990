/* strvec.h - a growable list of owned strings. */
#ifndef ANALYZE_STRVEC_H
#define ANALYZE_STRVEC_H

#include <stddef.h>

struct strvec {
	char **v;               /* owned, and each string */
	size_t n, cap;
};

int strvec_push(struct strvec *s, const char *str);    /* copies str */
int strvec_push_unique(struct strvec *s, const char *str);
int strvec_contains(const struct strvec *s, const char *str);
void strvec_release(struct strvec *s);

#endif
