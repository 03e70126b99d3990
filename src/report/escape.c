/* escape.c - model strings -> HTML text, attribute values, <script> JSON,
 * terminal text. One UTF-8 walk serves every context: each decoded
 * character is either copied or replaced, by the context's rule. */
#include "report/escape.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

enum ctx { CTX_TEXT, CTX_ATTR, CTX_TERM, CTX_TERM_QUOTED };

/* Length of the valid UTF-8 sequence at s (1..4) and its code point, or 0
 * when the bytes there are not one (overlong, surrogate, truncated). */
static int utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = 0;
	size_t len = utf8_decode(s, n, &c);

	*cp = c;
	return (int)len;
}

static int is_bidi_control(uint32_t c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
	       c == 0x200e || c == 0x200f || c == 0x061c;
}

/* The replacement for one character in a context, or NULL to copy it. */
static const char *html_entity(uint32_t c, enum ctx ctx)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	case '\n': return ctx == CTX_ATTR ? "&#10;" : NULL;
	case '\t': return NULL;
	}
	/* U+FFFD: controls mean nothing in a page, and a bidi override would
	 * reverse the text that follows it, ours included */
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || is_bidi_control(c))
		return "\xef\xbf\xbd";
	return NULL;
}

/* Terminal text: the escape for c, or NULL to copy it. */
static const char *term_escape(uint32_t c, enum ctx ctx, char tmp[16])
{
	if (c == '\\')
		return "\\\\";
	if (c == '"' && ctx == CTX_TERM_QUOTED)
		return "\\\"";
	if (c < 0x20 || c == 0x7f) {
		snprintf(tmp, 16, "\\x%02x", (unsigned)c);
		return tmp;
	}
	if ((c >= 0x80 && c <= 0x9f) || is_bidi_control(c)) {
		snprintf(tmp, 16, "\\u%04x", (unsigned)c);
		return tmp;
	}
	return NULL;
}

static int escape(struct buf *b, const char *str, size_t n, enum ctx ctx)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0;  /* s[run..i) is copied as it is */
	char tmp[16];

	while (i < n) {
		uint32_t c = 0;
		int len = utf8_next(s + i, n - i, &c);
		const char *rep;

		if (len == 0) {         /* an invalid byte is never passed on */
			len = 1;
			if (ctx >= CTX_TERM) {
				snprintf(tmp, sizeof(tmp), "\\x%02x", s[i]);
				rep = tmp;
			} else {
				rep = "\xef\xbf\xbd";
			}
		} else {
			rep = ctx >= CTX_TERM ? term_escape(c, ctx, tmp) : html_entity(c, ctx);
		}
		if (rep) {
			if (buf_add(b, s + run, i - run) < 0 || buf_adds(b, rep) < 0)
				return -1;
			run = i + (size_t)len;
		}
		i += (size_t)len;
	}
	return buf_add(b, s + run, i - run);
}

int escape_html(struct buf *b, const char *s)
{
	return s ? escape(b, s, strlen(s), CTX_TEXT) : 0;
}

int escape_attr(struct buf *b, const char *s)
{
	return s ? escape(b, s, strlen(s), CTX_ATTR) : 0;
}

int escape_term(struct buf *b, const char *s, int spaces)
{
	size_t n;

	if (!s)
		return 0;
	n = strlen(s);
	if (spaces)
		return escape(b, s, n, CTX_TERM);
	if (!memchr(s, ' ', n) && !memchr(s, '"', n))
		return escape(b, s, n, CTX_TERM);       /* a bare token */
	/* logfmt's way: one token still, and readable */
	if (buf_addc(b, '"') < 0 || escape(b, s, n, CTX_TERM_QUOTED) < 0)
		return -1;
	return buf_addc(b, '"');
}

int escape_script_json(struct buf *b, const char *json, size_t len)
{
	const unsigned char *s = (const unsigned char *)json;
	size_t run = 0, i = 0;
	char tmp[8];

	while (i < len) {
		const char *rep = NULL;
		uint32_t c = 0;
		int n = utf8_next(s + i, len - i, &c);

		if (n == 0)             /* yajl wrote it, so this cannot be: pass it */
			n = 1;
		else if (c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029 ||
			 is_bidi_control(c)) {
			snprintf(tmp, sizeof(tmp), "\\u%04x", (unsigned)c);
			rep = tmp;
		}
		if (rep && (buf_add(b, s + run, i - run) < 0 || buf_adds(b, rep) < 0))
			return -1;
		i += (size_t)n;
		if (rep)
			run = i;
	}
	return buf_add(b, s + run, len - run);
}
