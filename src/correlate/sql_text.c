/* sql_text.c - what the text of a captured query says: its table, the
 * lock mode it asks for, its quoted literals (a row's key, a path's id),
 * and psql's rendering of an interval. Queries come from the captures as
 * printed, often cut short: every reader stops at the end of the text. */
#include "correlate/sql_text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* strcasestr is GNU's, not POSIX's */
static int has_nocase(const char *hay, const char *needle)
{
	size_t k = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, k) == 0)
			return 1;
	return 0;
}


int64_t sql_interval_us(const char *t)
{
	double days = 0, h = 0, m = 0, sec = 0;
	const char *colon;

	if (!t)
		return -1;
	if (strstr(t, "day")) {
		days = strtod(t, NULL);
		t = strstr(t, "day");
		while (*t && *t != ' ')
			t++;
	}
	if ((colon = strchr(t, ':')) && sscanf(t, "%lf:%lf:%lf", &h, &m, &sec) == 3)
		;
	else if (!colon && sscanf(t, "%lf", &sec) == 1)
		;
	else
		return -1;
	return (int64_t)((((days * 24 + h) * 60 + m) * 60 + sec) * 1e6);
}

/* The table a statement works on after KEYWORD ("insert into", "update",
 * "delete from", "lock table", "from"), schema and quotes dropped. */
static int table_after(const char *q, const char *keyword, char *out, size_t cap)
{
	size_t k = strlen(keyword), n = 0;
	const char *p;

	for (p = q; *p; p++) {
		if (strncasecmp(p, keyword, k) != 0 || (p > q && isalnum((unsigned char)p[-1])) ||
		    !isspace((unsigned char)p[k]))
			continue;
		p += k;
		while (isspace((unsigned char)*p))
			p++;
		if (strncasecmp(p, "only ", 5) == 0)
			p += 5;
		for (; *p && (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '"'); p++) {
			if (*p == '.')
				n = 0;  /* schema.table: keep the table */
			else if (*p != '"' && n + 1 < cap)
				out[n++] = *p;
		}
		out[n] = '\0';
		return n > 0;
	}
	return 0;
}

int sql_relation(const char *q, char *out, size_t cap)
{
	static const char *const keywords[] = {
		"insert into", "update", "delete from", "lock table", "lock", "from",
	};

	if (!q)
		return 0;
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (table_after(q, keywords[i], out, cap))
			return 1;
	return 0;
}

/* The mode a statement asks for (PostgreSQL's table-level lock names). */
const char *sql_lock_mode(const char *q)
{
	static const struct {
		const char *sql, *mode;
	} lock_modes[] = {      /* longest first: "share" is in "share row exclusive" */
		{ "in access exclusive mode", "AccessExclusiveLock" },
		{ "in share row exclusive mode", "ShareRowExclusiveLock" },
		{ "in share update exclusive mode", "ShareUpdateExclusiveLock" },
		{ "in row exclusive mode", "RowExclusiveLock" },
		{ "in row share mode", "RowShareLock" },
		{ "in access share mode", "AccessShareLock" },
		{ "in exclusive mode", "ExclusiveLock" },
		{ "in share mode", "ShareLock" },
	};
	const char *p = q;

	if (!q)
		return NULL;
	while (isspace((unsigned char)*p))
		p++;
	if (strncasecmp(p, "lock", 4) == 0) {
		for (size_t i = 0; i < sizeof(lock_modes) / sizeof(lock_modes[0]); i++)
			if (has_nocase(p, lock_modes[i].sql))
				return lock_modes[i].mode;
		return "AccessExclusiveLock";   /* LOCK TABLE's default */
	}
	if (!strncasecmp(p, "insert", 6) || !strncasecmp(p, "update", 6) ||
	    !strncasecmp(p, "delete", 6) || !strncasecmp(p, "merge", 5))
		return "RowExclusiveLock";
	if (!strncasecmp(p, "select", 6))
		return has_nocase(p, " for update") || has_nocase(p, " for share") ? "RowShareLock"
										     : "AccessShareLock";
	return NULL;
}

int sql_literals(const char *query, int (*each)(void *ctx, const char *literal), void *ctx)
{
	for (const char *p = query; p && (p = strchr(p, '\'')); ) {
		const char *end = strchr(p + 1, '\'');
		char lit[SQL_LITERAL_MAX + 1];
		size_t n;
		int rc;

		if (!end)
			break;          /* cut short inside the literal */
		n = (size_t)(end - p - 1);
		if (n >= SQL_LITERAL_MIN && n <= SQL_LITERAL_MAX) {
			memcpy(lit, p + 1, n);
			lit[n] = '\0';
			if ((rc = each(ctx, lit)) != 0)
				return rc;
		}
		p = end + 1;
	}
	return 0;
}
