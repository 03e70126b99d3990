/* sql.c - look-up over the generated table of embedded SQL. */
#include "store/sql.h"

#include <string.h>

const char *sql_get(const char *name)
{
	for (unsigned i = 0; i < sql_texts_count; i++)
		if (strcmp(sql_texts[i].name, name) == 0)
			return (const char *)sql_texts[i].text;
	return NULL;
}
