/* evidence.c - evidence lists: the first `max` kept, all counted. */
#include "detect/evidence.h"

#include <stdlib.h>
#include <string.h>

void evidence_init(struct evidence *e, size_t max)
{
	memset(e, 0, sizeof(*e));
	e->max = max;
}

int evidence_add(struct evidence *e, const char *source, int64_t line)
{
	e->total++;
	if (e->n >= e->max)
		return 0;
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		struct evidence_item *p = realloc(e->items, cap * sizeof(*p));

		if (!p)
			return -1;
		e->items = p;
		e->cap = cap;
	}
	e->items[e->n].source = strdup(source ? source : "");
	if (!e->items[e->n].source)
		return -1;
	e->items[e->n].line = line;
	e->n++;
	return 0;
}

void evidence_write(const struct evidence *e, struct jsonw *w)
{
	jsonw_key(w, "evidence");
	jsonw_array(w);
	for (size_t i = 0; i < e->n; i++) {
		jsonw_open(w);
		jsonw_kstr(w, "source", e->items[i].source);
		jsonw_kint(w, "line", e->items[i].line);
		jsonw_close(w);
	}
	jsonw_end_array(w);
	jsonw_kint(w, "evidence_total", (int64_t)e->total);
}

void evidence_release(struct evidence *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->items[i].source);
	free(e->items);
	memset(e, 0, sizeof(*e));
}
