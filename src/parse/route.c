/* route.c - path templating so that /guilds/01HZ.../messages and
 * /guilds/01J0.../messages count as one route. */
#include "parse/route.h"

#include <string.h>

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Crockford base32 as ULIDs use it: digits and letters but I, L, O, U. */
static int is_crockford(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	return (c >= '0' && c <= '9') ||
	       (c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U');
}

static int is_uuid(const char *s, size_t n)
{
	if (n != 36)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!is_hex(s[i])) {
			return 0;
		}
	}
	return 1;
}

static int is_ulid(const char *s, size_t n)
{
	if (n != 26 || s[0] < '0' || s[0] > '7')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_crockford(s[i]))
			return 0;
	return 1;
}

static int all_of(const char *s, size_t n, int (*pred)(char))
{
	for (size_t i = 0; i < n; i++)
		if (!pred(s[i]))
			return 0;
	return n > 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int route_is_id(const char *seg, size_t len)
{
	return all_of(seg, len, is_digit) || is_uuid(seg, len) || is_ulid(seg, len) ||
	       (len >= 16 && all_of(seg, len, is_hex));
}

int route_template(struct buf *out, const char *path, size_t len, const char *strip_prefix)
{
	const char *p = path, *end = path + len;
	size_t plen = strip_prefix ? strlen(strip_prefix) : 0;

	while (plen > 0 && strip_prefix[plen - 1] == '/')
		plen--;
	if (plen > 0 && len >= plen && memcmp(path, strip_prefix, plen) == 0 &&
	    (len == plen || path[plen] == '/')) {
		p += plen;
		if (p == end)
			return buf_addc(out, '/');
	}
	while (p < end) {
		const char *seg = p;
		size_t n;

		if (*p == '/') {
			if (buf_addc(out, '/') < 0)
				return -1;
			p++;
			continue;
		}
		while (p < end && *p != '/')
			p++;
		n = (size_t)(p - seg);
		if (route_is_id(seg, n) ? buf_adds(out, "{id}") : buf_add(out, seg, n))
			return -1;
	}
	return 0;
}
