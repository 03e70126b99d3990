/* sql.c - look-up over the generated table of embedded SQL. */
#include "store/sql.h"

#include <string.h>

const struct sql_text *sql_find(const char *name)
{
	for (unsigned i = 0; i < sql_texts_count; i++)
		if (strcmp(sql_texts[i].name, name) == 0)
			return &sql_texts[i];
	return NULL;
}

const char *sql_get(const char *name)
{
	const struct sql_text *t = sql_find(name);

	return t ? (const char *)t->text : NULL;
}
