/* parsers.c - the parser table, in probe order, and the shared reject. */
#include "parse/parser.h"

#include <stdio.h>
#include <string.h>

#include "util/buf.h"

extern const struct parser caddy_parser;
extern const struct parser tracing_parser;
extern const struct parser psql_parser;

const struct parser *const parsers[] = {
	&caddy_parser,
	&tracing_parser,
	&psql_parser,
	NULL,
};

const struct parser *parser_by_name(const char *name)
{
	for (int i = 0; parsers[i]; i++)
		if (strcmp(parsers[i]->name, name) == 0)
			return parsers[i];
	return NULL;
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t need;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (need == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return need;
}

#define EXCERPT_MAX 240

int parser_reject(const struct sink *out, const struct line *l, const char *reason,
		  struct diag *err)
{
	char excerpt[EXCERPT_MAX * 4 + 8];
	const unsigned char *s = (const unsigned char *)l->text;
	size_t n = l->len < EXCERPT_MAX ? l->len : EXCERPT_MAX, o = 0;
	struct record rec = { .kind = REC_REJECT, .line = l->no, .off = l->off };

	/* Valid UTF-8 is kept; other bytes and controls become \xNN. */
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(s + i, n - i);

		if (k == 0 || (k == 1 && (s[i] < 0x20 || s[i] == 0x7f))) {
			o += (size_t)snprintf(excerpt + o, sizeof(excerpt) - o, "\\x%02x", s[i]);
			i++;
		} else {
			memcpy(excerpt + o, s + i, k);
			o += k;
			i += k;
		}
	}
	if (l->len > n)
		o += (size_t)snprintf(excerpt + o, sizeof(excerpt) - o, "...");
	excerpt[o] = '\0';
	rec.u.reject.reason = reason;
	rec.u.reject.excerpt = excerpt;
	return out->emit(out->ctx, &rec, err);
}
