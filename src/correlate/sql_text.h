/* sql_text.h - reading a captured query's text (see sql_text.c). */
#ifndef ANALYZE_SQL_TEXT_H
#define ANALYZE_SQL_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define SQL_LITERAL_MIN 8       /* shorter quoted values are not ids */
#define SQL_LITERAL_MAX 64

/* "00:00:01.524", "1 day 02:00:00", "3.5" (seconds) -> µs; -1 unknown. */
int64_t sql_interval_us(const char *t);
/* The table of INSERT INTO / UPDATE / DELETE FROM / LOCK TABLE / FROM, into
 * out; 0 when the query names none. */
int sql_relation(const char *q, char *out, size_t cap);
/* The table lock a statement asks for ("RowExclusiveLock"), or NULL. */
const char *sql_lock_mode(const char *q);
/* Calls each(ctx, literal) per quoted value of a plausible id's length;
 * stops at and returns a non-zero return of each. */
int sql_literals(const char *query, int (*each)(void *ctx, const char *literal), void *ctx);

#endif
