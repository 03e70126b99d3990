/* parsers.c - the parser table, in probe order, and the shared reject. */
#include "parse/parser.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parse/redact.h"
#include "util/buf.h"
#include "util/utf8.h"

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

#define EXCERPT_MAX 240
#define REDACT_HEAD 4096        /* bytes redacted before the excerpt is cut */

int parser_warn(const struct sink *out, int64_t line, struct diag *err, const char *fmt, ...)
{
	char why[512];
	struct record rec = { .kind = REC_WARNING, .line = line };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	rec.u.warning.reason = why;
	return out->emit(out->ctx, &rec, err);
}

int parser_reject(const struct sink *out, const struct line *l, const char *reason,
		  struct diag *err)
{
	char excerpt[EXCERPT_MAX * 4 + 8];
	const unsigned char *s;
	size_t n, o = 0, head = l->len < REDACT_HEAD ? l->len : REDACT_HEAD;
	struct record rec = { .kind = REC_REJECT, .line = l->no, .off = l->off };
	struct buf clean;

	/* the excerpt is stored: its secrets go first, as every other value's
	 * (a value cut by the excerpt's end is cut after its redaction) */
	buf_init(&clean, head * 2 + 64);
	if (redact_text(&clean, l->text, head) < 0) {
		buf_reset(&clean);
		(void)buf_adds(&clean, "(not shown: too long to redact)");
	}
	s = (const unsigned char *)buf_str(&clean);
	n = clean.len < EXCERPT_MAX ? clean.len : EXCERPT_MAX;

	/* Valid UTF-8 is kept; other bytes and controls become \xNN. */
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_decode(s + i, n - i, &cp);

		if (k == 0 || (k == 1 && (s[i] < 0x20 || s[i] == 0x7f))) {
			o += (size_t)snprintf(excerpt + o, sizeof(excerpt) - o, "\\x%02x", s[i]);
			i++;
		} else {
			memcpy(excerpt + o, s + i, k);
			o += k;
			i += k;
		}
	}
	if (l->len > head || clean.len > n)
		o += (size_t)snprintf(excerpt + o, sizeof(excerpt) - o, "...");
	excerpt[o] = '\0';
	buf_release(&clean);
	rec.u.reject.reason = reason;
	rec.u.reject.excerpt = excerpt;
	return out->emit(out->ctx, &rec, err);
}
