/* utf8.c - strict UTF-8 decoding. */
#include "util/utf8.h"

size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t need;
	unsigned c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4, c = s[0] & 0x07;
	else
		return 0;
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (need == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	*cp = c;
	return need;
}

size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned cp;

	return utf8_decode(s, n, &cp);
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;

	for (size_t i = 0; i < n;) {
		size_t k = utf8_decode(p + i, n - i, &cp);

		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}
