/* journal.c - a server's lines as systemd's journal gives them back:
 *
 *   journalctl (-o short-iso, the default's ISO form):
 *     2026-11-29T23:55:51+0000 host filament-server[4242]: <the fmt line>
 *   journalctl (-o short, the default; -o short-precise adds .ffffff):
 *     Nov 29 23:55:51 host filament-server[4242]: <the fmt line>
 *     (the month as C, de_DE or fr_FR write it, Mär or déc.: month_names)
 *     in journalctl's local time (--tz; UTC without it), with no year: the
 *     year is that of the file's modification time, or the one before for
 *     a date that would lie more than a day after it (a file that spans New
 *     Year and was last written in January).
 *   journalctl -o json:
 *     {"__REALTIME_TIMESTAMP":"1795996551000001",...,"MESSAGE":"<the fmt line>",...}
 *
 * The fmt line goes to an inner stream (inner.c) whose form is found as for
 * bare lines. journalctl writes a MESSAGE that is not printable UTF-8 (an
 * ANSI-coloured line: ESC) as an array of byte values. The journal's time
 * is kept as wrapper_ts_us, and is the event's time when the fmt line has
 * none of its own (fmt().without_time(), usual under systemd). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse/json_probe.h"
#include "parse/json_scan.h"
#include "parse/tracing/event.h"
#include "util/timeconv.h"
#include "util/tz.h"

enum jr_key { JR_NONE, JR_MESSAGE, JR_REALTIME };

struct tr_journal {
	int json;
	struct tz *tz;                  /* --tz: -o short's local time; NULL UTC */
	int64_t file_s;                 /* the file's time, s UTC: -o short's year */
	struct tr_inner inner;
	struct buf msg, rt, lbuf, unescaped, clean;
	int depth, top_is_object, has_msg, msg_bad, in_bytes;
	enum jr_key key;
};

static int digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* The civil year of a day count since 1970-01-01. */
static int64_t year_of(int64_t days)
{
	int64_t y = 1970 + days / 366;

	while (timeconv_days_from_civil(y + 1, 1, 1) <= days)
		y++;
	return y;
}

/* strftime's "%b" as glibc writes it in the locales journalctl runs in
 * most (C/en, de_DE, fr_FR: their LC_TIME abmon, glibc 2.36): names one
 * locale shares with another are listed once. Exact bytes, UTF-8. */
static const struct {
	const char *name;
	int month;
} month_names[] = {
	{ "Jan", 1 }, { "Feb", 2 }, { "Mar", 3 }, { "Apr", 4 }, { "May", 5 }, { "Jun", 6 },
	{ "Jul", 7 }, { "Aug", 8 }, { "Sep", 9 }, { "Oct", 10 }, { "Nov", 11 }, { "Dec", 12 },
	/* de_DE */
	{ "M\xc3\xa4r", 3 }, { "Mai", 5 }, { "Okt", 10 }, { "Dez", 12 },
	/* fr_FR */
	{ "janv.", 1 }, { "f\xc3\xa9vr.", 2 }, { "mars", 3 }, { "avril", 4 }, { "mai", 5 },
	{ "juin", 6 }, { "juil.", 7 }, { "ao\xc3\xbbt", 8 }, { "sept.", 9 }, { "oct.", 10 },
	{ "nov.", 11 }, { "d\xc3\xa9" "c.", 12 },
};

/* The month a line starts with, then a space: its number and *len its
 * bytes; 0 if none. */
static int month_of(const char *s, size_t n, size_t *len)
{
	const char *sp = memchr(s, ' ', n < 8 ? n : 8);

	if (!sp)
		return 0;
	*len = (size_t)(sp - s);
	for (size_t i = 0; i < sizeof(month_names) / sizeof(month_names[0]); i++)
		if (strlen(month_names[i].name) == *len && memcmp(month_names[i].name, s, *len) == 0)
			return month_names[i].month;
	return 0;
}

/* "Nov 29 23:55:51" or "Nov 29 23:55:51.123456" (strftime's "%b %d
 * %H:%M:%S": the month in C, German or French, month_names; syslog's
 * space-padded day too): its length, and the time, in j's zone and year
 * (j NULL: any year, for the probe); 0 if not. */
static size_t short_time(const struct tr_journal *j, const char *s, size_t n, int64_t *ts)
{
	int mo, d, h, mi, sec, us = 0;
	size_t k, m = 0;
	int64_t local_ref, y, local, tod;

	mo = month_of(s, n, &m);
	if (!mo)
		return 0;
	s += m - 3;     /* from here as if the month had 3 bytes */
	n -= m - 3;
	k = 15;
	if (n < 16 || s[3] != ' ' || s[6] != ' ' || s[9] != ':' || s[12] != ':')
		return 0;
	if ((s[4] == ' ' ? digits(s + 5, 1, &d) : digits(s + 4, 2, &d)) < 0 ||
	    digits(s + 7, 2, &h) < 0 || digits(s + 10, 2, &mi) < 0 || digits(s + 13, 2, &sec) < 0 ||
	    d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return 0;
	if (s[k] == '.') {
		if (n < k + 8 || digits(s + k + 1, 6, &us) < 0)
			return 0;
		k += 7;
	}
	if (s[k] != ' ')
		return 0;
	if (!j) {
		*ts = 0;
		return k + m - 3;
	}
	local_ref = j->file_s + (j->tz ? tz_offset_at(j->tz, j->file_s) : 0);
	y = year_of(local_ref / 86400 - (local_ref % 86400 < 0));
	tod = h * 3600 + mi * 60 + sec;
	/* a date more than a day after the file was written is last year's */
	if (timeconv_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + tod > local_ref + 86400)
		y--;
	local = timeconv_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + tod;
	*ts = (j->tz ? tz_local_to_utc(j->tz, local) : local) * 1000000 + us;
	return k + m - 3;
}

/* "2026-11-29T23:55:51+0000 host ident[pid]: " or "Nov 29 23:55:51 host
 * ident[pid]: ": the prefix's length, and its time; 0 when the line has
 * none. j: the zone and year of the short form (NULL: the probe's). */
static size_t text_prefix(const struct tr_journal *j, const char *s, size_t n, int64_t *ts)
{
	const char *sp = memchr(s, ' ', n), *host, *colon;
	size_t k = short_time(j, s, n, ts);

	if (k)
		sp = s + k;
	else if (!sp || sp - s < 19 || timeconv_parse_rfc3339(s, (size_t)(sp - s), ts) < 0)
		return 0;
	host = sp + 1;
	sp = memchr(host, ' ', (size_t)(s + n - host));
	if (!sp || sp == host)
		return 0;
	/* the identifier: no spaces, maybe [pid], then ": " */
	for (colon = sp + 1; colon < s + n && *colon != ':' && *colon != ' '; colon++)
		;
	if (colon == sp + 1 || colon + 1 >= s + n || colon[0] != ':' || colon[1] != ' ')
		return 0;
	return (size_t)(colon + 2 - s);
}

int tr_journal_is_text(const char *text, size_t len)
{
	int64_t ts;

	return text_prefix(NULL, text, len, &ts) > 0;
}

int tr_journal_is_json(const char *text, size_t len)
{
	static const char *const keys[] = { "__REALTIME_TIMESTAMP", "MESSAGE", NULL };
	struct json_probe p;

	return json_probe(text, len, keys, &p) == 0 && p.type[0] == JP_STRING &&
	       p.type[1] != JP_ABSENT;
}

int tr_journal_open(struct tr_journal **out, int json, const struct parse_opts *opts,
		    struct diag *err)
{
	struct tr_journal *j = calloc(1, sizeof(*j));

	if (!j)
		return diag_oom(err);
	j->json = json;
	if (opts && opts->tz && tz_load(&j->tz, opts->tz, err) < 0) {
		free(j);
		return -1;
	}
	j->file_s = opts && opts->file_time_us > 0 ? opts->file_time_us / 1000000 : time(NULL);
	buf_init(&j->msg, READER_MAX_LINE + 1);
	buf_init(&j->rt, 64);
	buf_init(&j->lbuf, READER_MAX_LINE + 64);
	buf_init(&j->unescaped, READER_MAX_LINE);
	buf_init(&j->clean, READER_MAX_LINE + 1);
	*out = j;
	return 0;
}

void tr_journal_free(struct tr_journal *j)
{
	if (!j)
		return;
	tr_inner_release(&j->inner);
	tz_free(j->tz);
	buf_release(&j->msg);
	buf_release(&j->rt);
	buf_release(&j->lbuf);
	buf_release(&j->unescaped);
	buf_release(&j->clean);
	free(j);
}

/* An fmt line without its own time starts with its level (after colour):
 * the journal's time is put in front, as fmt() would have written it. */
static int level_first(struct buf *clean, const char *s, size_t n)
{
	static const char *const levels[] = { "TRACE ", "DEBUG ", " INFO ", " WARN ", "ERROR ",
					      "INFO ", "WARN ", NULL };

	if (tr_strip_ansi(clean, s, n, NULL, NULL, 0) < 0)
		return 0;
	for (int i = 0; levels[i]; i++)
		if (clean->len >= strlen(levels[i]) &&
		    memcmp(clean->data, levels[i], strlen(levels[i])) == 0)
			return 1;
	return 0;
}

int tr_journal_probe(const char *text, size_t len)
{
	struct buf in, clean;
	int64_t ts;
	size_t k;
	int score = 0;

	if (tr_journal_is_json(text, len))
		return 80;      /* MESSAGE is looked at when the form is found */
	k = text_prefix(NULL, text, len, &ts);
	if (!k)
		return 0;
	buf_init(&in, len + 1);
	buf_init(&clean, len + 1);
	if (buf_add(&in, text + k, len - k) == 0 &&
	    (tr_form_guess(buf_str(&in), in.len) || level_first(&clean, buf_str(&in), in.len)))
		score = 85;
	buf_release(&in);
	buf_release(&clean);
	return score;
}

/* RFC 3339 with microseconds, UTC (civil date from days: H. Hinnant's
 * days_from_civil, inverted). */
static void format_us(int64_t ts, char *out, size_t size)
{
	int64_t sec = ts / 1000000, us = ts % 1000000, days = sec / 86400, r = sec % 86400;
	int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2);

	snprintf(out, size, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%06lldZ", (long long)y,
		 (long long)m, (long long)d, (long long)(r / 3600), (long long)(r / 60 % 60),
		 (long long)(r % 60), (long long)us);
}

static int deliver(struct tr_journal *j, const char *s, size_t n, int64_t ts,
		   const struct line *l, const struct sink *out, struct diag *err)
{
	struct line in = { .no = l->no, .off = l->off };
	char stamp[128];

	buf_reset(&j->lbuf);
	if (ts != RECORD_NONE && level_first(&j->clean, s, n)) {
		format_us(ts, stamp, sizeof(stamp));
		if (buf_adds(&j->lbuf, stamp) < 0 || buf_addc(&j->lbuf, ' ') < 0)
			return diag_oom(err);
	}
	if (n && s[n - 1] == '\r')
		n--;
	if (buf_add(&j->lbuf, s, n) < 0)
		return parser_reject(out, l, "journal message too long", err);
	if (j->lbuf.len == 0)
		return 0;       /* an empty MESSAGE: nothing to keep, nothing lost */
	in.text = j->lbuf.data;
	in.len = j->lbuf.len;
	return tr_inner_line(&j->inner, &in, ts, out, err);
}

/* --- -o json --------------------------------------------------------------- */

static int jr_scalar(struct tr_journal *j, int is_string, int is_number, const char *s, size_t n)
{
	if (j->in_bytes && j->depth == 2) {
		/* MESSAGE as bytes: [27,91,...] */
		char *end, tmp[8];
		long v;

		if (!is_number || n >= sizeof(tmp)) {
			j->msg_bad = 1;
			return 1;
		}
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		v = strtol(tmp, &end, 10);
		if (*end || v < 0 || v > 255 || buf_addc(&j->msg, (char)v) < 0)
			j->msg_bad = 1;
		return 1;
	}
	if (j->depth != 1)
		return 1;
	if (j->key == JR_MESSAGE) {
		j->has_msg = 1;
		if (!is_string || tr_set(&j->msg, s, n) < 0)
			j->msg_bad = 1;
	} else if (j->key == JR_REALTIME && is_string && tr_set(&j->rt, s, n) < 0) {
		buf_reset(&j->rt);
	}
	return 1;
}

static int jr_null(void *ctx)
{
	return jr_scalar(ctx, 0, 0, "", 0);
}

static int jr_bool(void *ctx, int v)
{
	(void)v;
	return jr_scalar(ctx, 0, 0, "", 0);
}

static int jr_number(void *ctx, const char *s, size_t n)
{
	return jr_scalar(ctx, 0, 1, s, n);
}

static int jr_string(void *ctx, const char *s, size_t n)
{
	return jr_scalar(ctx, 1, 0, s, n);
}

static int jr_key(void *ctx, const char *s, size_t n)
{
	struct tr_journal *j = ctx;

	if (j->depth == 1)
		j->key = n == 7 && memcmp(s, "MESSAGE", 7) == 0 ? JR_MESSAGE :
			 n == 20 && memcmp(s, "__REALTIME_TIMESTAMP", 20) == 0 ? JR_REALTIME :
			 JR_NONE;
	return 1;
}

static int jr_map(void *ctx)
{
	struct tr_journal *j = ctx;

	if (j->depth == 0)
		j->top_is_object = 1;
	else if (j->depth == 1 && j->key == JR_MESSAGE)
		j->has_msg = j->msg_bad = 1;
	j->depth++;
	return 1;
}

static int jr_array(void *ctx)
{
	struct tr_journal *j = ctx;

	if (j->depth == 1 && j->key == JR_MESSAGE) {
		j->has_msg = 1;
		j->in_bytes = 1;
		buf_reset(&j->msg);
	}
	j->depth++;
	return 1;
}

static int jr_close(void *ctx)
{
	struct tr_journal *j = ctx;

	if (--j->depth == 1)
		j->in_bytes = 0;
	return 1;
}

static const struct json_handlers jr_handlers = {
	jr_null, jr_bool, jr_number, jr_string, jr_map, jr_key, jr_close, jr_array, jr_close,
};

static int json_line(struct tr_journal *j, const struct line *l, const struct sink *out,
		     struct diag *err)
{
	struct json_error je;
	char why[160];
	int64_t ts = RECORD_NONE;

	j->depth = j->top_is_object = j->has_msg = j->msg_bad = j->in_bytes = 0;
	j->key = JR_NONE;
	buf_reset(&j->msg);
	buf_reset(&j->rt);
	if (json_scan(l->text, l->len, &jr_handlers, j, &j->unescaped, &je) != JSON_OK)
		return parser_reject(out, l, json_error_reason(&je, why, sizeof(why)), err);
	if (!j->top_is_object)
		return parser_reject(out, l, "not a JSON object", err);
	if (!j->has_msg)
		return parser_reject(out, l, "missing field 'MESSAGE' in a journal entry", err);
	if (j->msg_bad)
		return parser_reject(out, l, "field 'MESSAGE' is not a string or bytes", err);
	if (j->rt.len) {
		char *end;
		long long us = strtoll(j->rt.data, &end, 10);

		if (*end || us < 0)
			return parser_reject(out, l, "field '__REALTIME_TIMESTAMP' is not a time", err);
		ts = us;
	}
	/* a MESSAGE of bytes may hold a newline: one fmt line each */
	for (const char *s = buf_str(&j->msg), *end = s + j->msg.len; s <= end;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		if ((n || !nl) && deliver(j, s, n, ts, l, out, err) < 0)
			return -1;
		if (!nl)
			break;
		s = nl + 1;
	}
	return 0;
}

int tr_journal_line(struct tr_journal *j, const struct line *l, const struct sink *out,
		    struct diag *err)
{
	int64_t ts;
	size_t k;

	if (l->too_long) {
		char why[64];

		snprintf(why, sizeof(why), "line longer than %d bytes", READER_MAX_LINE);
		return parser_reject(out, l, why, err);
	}
	if (strspn(l->text, " \t") == l->len)
		return 0;
	if (j->json)
		return json_line(j, l, out, err);
	if (l->len >= 10 && memcmp(l->text, "-- ", 3) == 0)
		return 0;       /* "-- Boot 1f2e...--", "-- No entries --": journalctl's own */
	k = text_prefix(j, l->text, l->len, &ts);
	if (!k)
		return parser_reject(out, l, "no journal prefix (time host name[pid]: )", err);
	return deliver(j, l->text + k, l->len - k, ts, l, out, err);
}

int tr_journal_finish(struct tr_journal *j, const struct sink *out, struct diag *err)
{
	return tr_inner_finish(&j->inner, out, err);
}
