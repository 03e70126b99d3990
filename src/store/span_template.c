/* span_template.c - an event's span fields (schema 0006) and its own
 * fields (schema 0008) as templates.
 *
 * A span list repeats on every event of a request, and what differs from
 * one request to the next is mostly its request id, method and uri, which
 * the event row holds in columns of its own anyway. The store keeps the
 * list with those three values cut out: one text_value row serves every
 * request of a route, and event_v puts the values back.
 *
 * A cut value is the JSON string "\x01r", "\x01m" or "\x01u": the parsers'
 * escaper writes every control byte as \u00XX, so a raw 0x01 never occurs
 * in a span's JSON of its own. Only values that need no escaping are cut:
 * for them the string's bytes are the value's bytes, and event_v's
 * json_quote() gives them back exactly.
 *
 * An event's fields are read as JSON in SQL (json_extract of a route, a
 * client ip), so their one cut, the event's name, is the valid JSON
 * string "\/n": no parser writes the escape \/ (yajl_gen neither,
 * without its escape_solidus option). */
#include "store/span_template.h"

#include <string.h>

/* 1 when V is written in JSON as '"' V '"' (no quote, backslash or
 * control byte), so its bytes inside a string are the value itself. */
static int plain(const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p == '"' || *p == '\\' || *p < 0x20)
			return 0;
	return 1;
}

/* The byte after the JSON string starting at S[I] (a quote): the next
 * quote after an even run of backslashes (none: it is no escape). */
static size_t string_end(const char *s, size_t n, size_t i)
{
	for (i++; i < n;) {
		const char *q = memchr(s + i, '"', n - i);
		size_t at, run = 0;

		if (!q)
			return n;
		at = (size_t)(q - s);
		while (at - run > i && s[at - run - 1] == '\\')
			run++;
		if (run % 2 == 0)
			return at + 1;
		i = at + 1;
	}
	return n;
}

/* Writes JSON with each string value (a key's, not a key) equal to one of
 * VALUES[0..N) as TOKENS[k]: 1 when any was, 0 when none (OUT unused). */
static int cut_values(const char *json, const char *const *values, const char *const *tokens,
		      int n, struct buf *out)
{
	size_t lens[SPAN_CUTS], len = strlen(json), run = 0, i = 0;
	int any = 0, cut = 0;

	for (int k = 0; k < n; k++) {
		lens[k] = values[k] && plain(values[k]) ? strlen(values[k]) : 0;
		any |= lens[k] != 0;
	}
	if (!any)
		return 0;
	buf_reset(out);
	while (i < len) {
		const char *q = memchr(json + i, '"', len - i);
		size_t end;

		if (!q)
			break;
		i = (size_t)(q - json);
		end = string_end(json, len, i);
		/* a value, not a key: a colon before it */
		if (i > 0 && json[i - 1] == ':') {
			for (int k = 0; k < n; k++) {
				if (!lens[k] || end - i - 2 != lens[k] ||
				    memcmp(json + i + 1, values[k], lens[k]) != 0)
					continue;
				if (buf_add(out, json + run, i - run) < 0 || buf_adds(out, tokens[k]) < 0)
					return -1;
				run = end;
				cut = 1;
				break;
			}
		}
		i = end;
	}
	if (!cut)
		return 0;
	return buf_add(out, json + run, len - run) < 0 ? -1 : 1;
}

int span_template(const char *json, const char *const values[SPAN_CUTS], struct buf *out)
{
	static const char *const tokens[SPAN_CUTS] = { "\"\x01r\"", "\"\x01m\"", "\"\x01u\"" };

	return cut_values(json, values, tokens, SPAN_CUTS, out);
}

int fields_template(const char *json, const char *name, struct buf *out)
{
	static const char *const token[1] = { FIELDS_NAME_TOKEN };

	return cut_values(json, &name, token, 1, out);
}
