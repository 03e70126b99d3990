/* uuid.c - a UUID's 36 characters as its 16 bytes. Only the lower-case
 * form packs: a packed id must read back as it was logged. */
#include "util/uuid.h"

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int is_dash_at(size_t i)
{
	return i == 8 || i == 13 || i == 18 || i == 23;
}

int uuid_pack(const char *s, size_t len, unsigned char out[16])
{
	int k = 0;

	if (len != UUID_TEXT_LEN)
		return 0;
	for (size_t i = 0; i < UUID_TEXT_LEN; i++) {
		int hi, lo;

		if (is_dash_at(i)) {
			if (s[i] != '-')
				return 0;
			continue;
		}
		hi = nibble(s[i]);
		lo = nibble(s[++i]);
		if (hi < 0 || lo < 0 || is_dash_at(i))
			return 0;
		out[k++] = (unsigned char)(hi << 4 | lo);
	}
	return 1;
}
