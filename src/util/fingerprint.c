/* fingerprint.c - FNV-1a, 64 bit. */
#include "util/fingerprint.h"

uint64_t fingerprint_update(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n--) {
		h ^= *s++;
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}
