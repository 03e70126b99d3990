/* str.h - C strings that may be NULL (a SQL NULL, an absent JSON field). */
#ifndef ANALYZE_STR_H
#define ANALYZE_STR_H

/* 1 when both are NULL or both hold the same text. */
int str_same(const char *a, const char *b);
/* A copy of s, NULL for NULL; *failed set (never cleared) when out of memory. */
char *str_dup(const char *s, int *failed);

#endif
