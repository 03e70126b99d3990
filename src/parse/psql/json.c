/* json.c - psql's text as JSON strings, for the cells and names that
 * result.c and shapes.c write into records. A leaf: it knows bytes and
 * UTF-8, nothing of results. */
#include <stdio.h>

#include "parse/psql/psql.h"
#include "util/utf8.h"

/* A JSON string; bytes that are not UTF-8 become U+FFFD, so SQLite's JSON
 * functions accept every stored value. */
int json_string(struct buf *b, const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;

	if (buf_addc(b, '"') < 0)
		return -1;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_len(s + i, n - i);
		const char *esc = NULL;
		char u[8];

		if (k == 0) {
			if (buf_adds(b, "\xef\xbf\xbd") < 0)
				return -1;
			i++;
			continue;
		}
		if (k == 1) {
			switch (s[i]) {
			case '"': esc = "\\\""; break;
			case '\\': esc = "\\\\"; break;
			case '\n': esc = "\\n"; break;
			case '\r': esc = "\\r"; break;
			case '\t': esc = "\\t"; break;
			default:
				if (s[i] < 0x20 || s[i] == 0x7f) {
					snprintf(u, sizeof(u), "\\u%04x", s[i]);
					esc = u;
				}
			}
		}
		if (esc ? buf_adds(b, esc) < 0 : buf_add(b, s + i, k) < 0)
			return -1;
		i += k;
	}
	return buf_addc(b, '"');
}
