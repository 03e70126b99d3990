/* fingerprint.h - a 64-bit content hash (FNV-1a) for recognising content
 * already ingested: rotated copies, resumed files. Not for security. */
#ifndef ANALYZE_FINGERPRINT_H
#define ANALYZE_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define FINGERPRINT_SEED UINT64_C(0xcbf29ce484222325)

uint64_t fingerprint_update(uint64_t h, const void *p, size_t n);

/* SQLite stores signed 64-bit integers; the bits are what matter. */
static inline int64_t fingerprint_to_db(uint64_t h)
{
	int64_t v;

	memcpy(&v, &h, sizeof(v));
	return v;
}

#endif
