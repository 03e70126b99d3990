/* explain.c - EXPLAIN output: a one-column result named "QUERY PLAN" whose
 * rows are the plan's lines. With ANALYZE its last lines give the planning
 * and execution times, kept on the snapshot. */
#include <string.h>

#include "parse/psql/psql.h"

int explain_is_header(const char *p, size_t n)
{
	while (n && *p == ' ')
		p++, n--;
	while (n && p[n - 1] == ' ')
		n--;
	return n == 10 && memcmp(p, "QUERY PLAN", 10) == 0;
}

/* "0.320 ms" -> 0.320; -1 when it is not that. No strtod: no locale. */
static double millis(const char *p, size_t n)
{
	double v = 0, scale = 1;
	size_t i = 0;
	int digits = 0, dot = 0;

	while (i < n && p[i] == ' ')
		i++;
	for (; i < n && ((p[i] >= '0' && p[i] <= '9') || (p[i] == '.' && !dot)); i++) {
		if (p[i] == '.') {
			dot = 1;
			continue;
		}
		if (digits++ > 15)
			return -1;
		if (dot)
			scale /= 10, v += (p[i] - '0') * scale;
		else
			v = v * 10 + (p[i] - '0');
	}
	if (!digits || n - i != 3 || memcmp(p + i, " ms", 3) != 0)
		return -1;
	return v;
}

void explain_row(struct psql_state *s, const char *p, size_t n)
{
	static const struct {
		const char *label;
		int execution;
	} labels[] = {
		{ "Planning Time:", 0 }, { "Planning time:", 0 }, { "Execution Time:", 1 },
		{ "Execution time:", 1 }, { "Total runtime:", 1 },
	};

	while (n && *p == ' ')
		p++, n--;
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		size_t k = strlen(labels[i].label);
		double v;

		if (n <= k || memcmp(p, labels[i].label, k) != 0)
			continue;
		v = millis(p + k, n - k);
		if (v < 0)
			return;
		if (labels[i].execution)
			s->r.execution_ms = v;
		else
			s->r.planning_ms = v;
		return;
	}
}
