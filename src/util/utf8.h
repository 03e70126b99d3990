/* utf8.h - UTF-8 decoding as the parsers need it: one sequence at a time,
 * strict (no overlongs, no surrogates, nothing past U+10FFFF). */
#ifndef ANALYZE_UTF8_H
#define ANALYZE_UTF8_H

#include <stddef.h>

/* Length (1..4) of the valid sequence at s, its code point in *cp; 0 when
 * the bytes at s are not valid UTF-8. n > 0. */
size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp);
/* Length (1..4) of the valid sequence at s, 0 when it is not valid; for
 * callers that copy sequences whole and need no code point. n > 0. */
size_t utf8_len(const unsigned char *s, size_t n);
/* Is all of s[0..n) valid UTF-8? */
int utf8_valid(const char *s, size_t n);

#endif
