/* uuid.h - a UUID's 36 characters as its 16 bytes (event_v turns them
 * back into text in SQL alone, so the database reads without us). */
#ifndef ANALYZE_UUID_H
#define ANALYZE_UUID_H

#include <stddef.h>

#define UUID_TEXT_LEN 36

/* 1 and the 16 bytes in OUT when S is a UUID as the 8-4-4-4-12 form in
 * lower-case hex writes it (so lower(hex()) gives S back exactly); else 0. */
int uuid_pack(const char *s, size_t len, unsigned char out[16]);

#endif
