/* latency.c - tower-http's `latency` field in milliseconds. The rule is the
 * one sql/checks/hop_latency.sql applied to the stored JSON before schema
 * 0006 kept the number (CAST, then LIKE on the unit), so a report reads
 * the same gaps from the column as it did from the text. */
#include "parse/tracing/latency.h"

#include <stdlib.h>
#include <string.h>

/* The length of the longest prefix SQLite's CAST AS REAL reads as a
 * number: blanks, a sign, digits with one point, an exponent. */
static size_t number_prefix(const char *s, size_t n, size_t *start)
{
	size_t i = 0, digits = 0, end;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
			 s[i] == '\f' || s[i] == '\v'))
		i++;
	*start = i;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (!digits)
		return 0;
	end = i;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;

		if (j < n && (s[j] == '+' || s[j] == '-'))
			j++;
		if (j < n && s[j] >= '0' && s[j] <= '9') {
			while (j < n && s[j] >= '0' && s[j] <= '9')
				j++;
			end = j;
		}
	}
	return end - *start;
}

/* LIKE '%<suffix>': ASCII letters match either case. */
static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	if (k > n)
		return 0;
	for (size_t i = 0; i < k; i++) {
		char a = s[n - k + i], b = suffix[i];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a | 0x20);
		if (a != b)
			return 0;
	}
	return 1;
}

double tr_latency_ms(const char *v, size_t n, int is_string)
{
	char num[400];          /* the longest double SQLite prints is shorter */
	size_t start, len;
	double x;

	if (!is_string && n && (v[0] == 't' || v[0] == 'f'))
		return v[0] == 't' ? 1 : 0;     /* JSON's true and false read as 1 and 0 */
	len = number_prefix(v, n, &start);
	if (len == 0 || len >= sizeof(num))
		x = 0;
	else {
		memcpy(num, v + start, len);
		num[len] = '\0';
		x = strtod(num, NULL);
	}
	if (!is_string)
		return x;               /* a number has no unit: ms */
	if (ends_with(v, n, "\xc2\xb5s"))
		return x * 0.001;
	if (ends_with(v, n, "ns"))
		return x * 0.000001;
	if (ends_with(v, n, "ms"))
		return x * 1;
	if (ends_with(v, n, "s"))
		return x * 1000;
	return x * 1;
}
