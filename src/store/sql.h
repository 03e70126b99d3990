/* sql.h - the SQL of sql/, compiled in by src/cmake/embed.cmake. */
#ifndef ANALYZE_SQL_H
#define ANALYZE_SQL_H

#include <stddef.h>

struct sql_text {
	const char *name;               /* path under sql/ without ".sql" */
	const unsigned char *text;      /* NUL-terminated */
	size_t len;
};

extern const struct sql_text sql_texts[];      /* sorted by name */
extern const unsigned sql_texts_count;

/* The text of sql/<name>.sql, or NULL: a missing name is a bug. */
const char *sql_get(const char *name);
/* Its table entry (name and text live as long as the program), or NULL. */
const struct sql_text *sql_find(const char *name);

#endif
