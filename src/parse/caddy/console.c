/* console.c - a console-encoder line -> its parts. */
#include "parse/caddy/console.h"

#include <string.h>
#include <strings.h>

/* Copies s without SGR sequences (ESC [ digits ; m): colour codes appear
 * only around the level, never inside the JSON (where ESC is \u001b). */
static int strip_sgr(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, run = 0;

	buf_reset(out);
	while (i < n) {
		size_t j;

		if (s[i] != '\x1b' || i + 1 >= n || s[i + 1] != '[') {
			i++;
			continue;
		}
		for (j = i + 2; j < n && ((s[j] >= '0' && s[j] <= '9') || s[j] == ';'); j++)
			;
		if (j >= n || s[j] != 'm') {
			i++;
			continue;
		}
		if (buf_add(out, s + run, i - run) < 0)
			return -1;
		i = run = j + 1;
	}
	return buf_add(out, s + run, n - run);
}

static int is_level(const char *s, size_t n)
{
	static const char *const levels[] = {
		"debug", "info", "warn", "error", "dpanic", "panic", "fatal", NULL,
	};

	for (int i = 0; levels[i]; i++)
		if (strlen(levels[i]) == n && strncasecmp(levels[i], s, n) == 0)
			return 1;
	return 0;
}

int caddy_console_split(const char *text, size_t len, struct buf *clean,
			struct caddy_console *out)
{
	const char *s, *end, *t1, *t2, *rest, *json, *tab;

	memset(out, 0, sizeof(*out));
	if (!memchr(text, '\t', len) || strip_sgr(clean, text, len) < 0)
		return -1;
	s = clean->data;
	end = s + clean->len;
	t1 = memchr(s, '\t', (size_t)(end - s));
	t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(end - t1 - 1)) : NULL;
	if (!t1 || !t2 || t1 == s || !is_level(t1 + 1, (size_t)(t2 - t1 - 1)))
		return -1;
	out->ts = s;
	out->ts_len = (size_t)(t1 - s);
	out->level = t1 + 1;
	out->level_len = (size_t)(t2 - t1 - 1);
	rest = t2 + 1;
	/* the fields: the last part, a JSON object */
	json = NULL;
	for (const char *p = rest; (p = memchr(p, '\t', (size_t)(end - p))); p++)
		if (p + 1 < end && p[1] == '{')
			json = p + 1;
	if (json) {
		out->json = json;
		out->json_len = (size_t)(end - json);
		end = json - 1;
	}
	/* logger TAB message, or the message alone (the root logger); a caller
	 * part between them when the encoder was told to add one */
	tab = memchr(rest, '\t', (size_t)(end - rest));
	if (tab) {
		const char *last = tab;

		out->logger = rest;
		out->logger_len = (size_t)(tab - rest);
		for (const char *p = tab + 1; (p = memchr(p, '\t', (size_t)(end - p))); p++)
			last = p;
		rest = last + 1;
	}
	out->msg = rest;
	out->msg_len = (size_t)(end - rest);
	return 0;
}
