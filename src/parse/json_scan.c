/* json_scan.c - one JSON document in memory -> callbacks. One pass, no
 * recursion: the open containers are a stack of object/array flags. */
#include "parse/json_scan.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "util/utf8.h"

struct scan {
	const unsigned char *text, *p, *end;
	const struct json_handlers *h;
	void *ctx;
	struct buf *scratch;
	struct json_error *err;
	int depth;
	unsigned char in_object[JSON_MAX_DEPTH];
};

/* Calls handler FN when set; a 0 from it stops the scan. */
#define EMIT(s, fn, ...) \
	do { \
		if ((s)->h->fn && !(s)->h->fn((s)->ctx, __VA_ARGS__)) \
			return fail((s), (s)->p, JSON_STOPPED, "stopped by the reader"); \
	} while (0)
#define EMIT0(s, fn) \
	do { \
		if ((s)->h->fn && !(s)->h->fn((s)->ctx)) \
			return fail((s), (s)->p, JSON_STOPPED, "stopped by the reader"); \
	} while (0)

static enum json_status fail(struct scan *s, const unsigned char *at, enum json_status st,
			     const char *what)
{
	if (s->err) {
		s->err->status = st;
		s->err->at = (size_t)(at - s->text);
		s->err->what = what;
	}
	return st;
}

static inline int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline void skip_ws(struct scan *s)
{
	while (s->p < s->end && is_ws(*s->p))
		s->p++;
}

/* What may follow a number or a literal. */
static int ends_token(const struct scan *s, const unsigned char *p)
{
	return p == s->end || is_ws(*p) || *p == ',' || *p == ']' || *p == '}';
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* High bit set in each byte of X that is '"', '\\' or a control character
 * and, with NON_ASCII, in each byte >= 0x80. A borrow can also flag a byte
 * above a flagged one, never below, so the lowest flag is genuine. */
static inline uint64_t stop_bytes(uint64_t x, int non_ascii)
{
	uint64_t q = x ^ (ONES * '"'), b = x ^ (ONES * '\\');
	uint64_t m = ((q - ONES) & ~q) | ((b - ONES) & ~b) | ((x - ONES * 0x20) & ~x);

	return (non_ascii ? m | x : m) & HIGHS;
}

static inline int is_stop(unsigned char c, int non_ascii)
{
	return c == '"' || c == '\\' || c < 0x20 || (non_ascii && c >= 0x80);
}

#if defined(__SSE2__)
/* stop_bytes() for sixteen bytes at once, as a bit per byte. A signed
 * "below 0x20" is also true of every byte >= 0x80, which is what a reader
 * wants; a writer's "below 0x20" is unsigned: min(x, 0x1f) == x. */
static inline unsigned stop_mask16(const unsigned char *p, int non_ascii)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i m = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
				 _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));

	if (non_ascii)
		m = _mm_or_si128(m, _mm_cmplt_epi8(x, _mm_set1_epi8(0x20)));
	else
		m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1f)), x));
	return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* The first byte in [P, END) stop_bytes() flags, or END: sixteen bytes a
 * step with SSE2 (user agents, URIs and dates are long runs: reading the
 * 1 GB Caddy log alone, tests/bench/parse_only, 1.71 -> 1.58 s), else
 * eight. A reader stops at non-ASCII bytes too (to check their UTF-8), a
 * writer copies them. */
static inline const unsigned char *run_end(const unsigned char *p, const unsigned char *end,
					   int non_ascii)
{
#if defined(__SSE2__)
	while (end - p >= 16) {
		unsigned m = stop_mask16(p, non_ascii);

		if (m)
			return p + __builtin_ctz(m);
		p += 16;
	}
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (end - p >= 8) {
		uint64_t x, m;

		memcpy(&x, p, 8);
		m = stop_bytes(x, non_ascii);
		if (m)
			return p + (__builtin_ctzll(m) >> 3);
		p += 8;
	}
#endif
	while (p < end && !is_stop(*p, non_ascii))
		p++;
	return p;
}

size_t json_escape_free(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	return (size_t)(run_end(p, p + n, 0) - p);
}

/* At a byte >= 0x80 inside a string: the length of its UTF-8 sequence in
 * *LEN. A sequence cut off by the end of the text is a truncation when some
 * continuation would make it valid, else bad UTF-8. */
static enum json_status utf8_at(struct scan *s, const unsigned char *p, size_t *len)
{
	size_t avail = (size_t)(s->end - p);
	unsigned char padded[4];
	unsigned cp;

	*len = utf8_decode(p, avail, &cp);
	if (*len)
		return JSON_OK;
	if (avail < 4) {
		/* the smallest byte each missing position may hold after this lead */
		memcpy(padded, p, avail);
		for (size_t i = avail; i < 4; i++)
			padded[i] = i > 1 ? 0x80 : p[0] == 0xe0 ? 0xa0 : p[0] == 0xf0 ? 0x90 : 0x80;
		if (utf8_decode(padded, 4, &cp) > avail)
			return fail(s, p, JSON_TRUNCATED, "the text ends inside a string");
	}
	return fail(s, p, JSON_BAD_UTF8, "invalid UTF-8 in a string");
}

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The four hex digits at P as a number, -1 when one is not hex, -2 when
 * the text ends first. */
static long hex4(const struct scan *s, const unsigned char *p)
{
	long v = 0;

	for (int i = 0; i < 4; i++) {
		int d;

		if (p + i >= s->end)
			return -2;
		d = hex_value(p[i]);
		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

static int add_utf8(struct buf *b, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return buf_add(b, u, n);
}

/* At a backslash: decodes one escape onto the scratch buffer and moves
 * s->p past it. A lone surrogate becomes U+FFFD: the text stays UTF-8. */
static enum json_status unescape(struct scan *s)
{
	const unsigned char *p = s->p;
	unsigned long cp;
	long v, lo;
	char c;

	if (p + 1 >= s->end)
		return fail(s, p, JSON_TRUNCATED, "the text ends inside a string");
	switch (p[1]) {
	case '"': c = '"'; break;
	case '\\': c = '\\'; break;
	case '/': c = '/'; break;
	case 'b': c = '\b'; break;
	case 'f': c = '\f'; break;
	case 'n': c = '\n'; break;
	case 'r': c = '\r'; break;
	case 't': c = '\t'; break;
	case 'u':
		v = hex4(s, p + 2);
		if (v == -2)
			return fail(s, p, JSON_TRUNCATED, "the text ends inside a string");
		if (v < 0)
			return fail(s, p, JSON_SYNTAX, "\\u escape without four hex digits");
		s->p = p + 6;
		cp = (unsigned long)v;
		if (cp >= 0xd800 && cp <= 0xdbff && s->end - s->p >= 6 && s->p[0] == '\\' &&
		    s->p[1] == 'u' && (lo = hex4(s, s->p + 2)) >= 0xdc00 && lo <= 0xdfff) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + ((unsigned long)lo - 0xdc00);
			s->p += 6;
		} else if (cp >= 0xd800 && cp <= 0xdfff) {
			cp = 0xfffd;
		}
		if (add_utf8(s->scratch, cp) < 0)
			return fail(s, p, JSON_SYNTAX, "string too long");
		return JSON_OK;
	default:
		return fail(s, p, JSON_SYNTAX, "unknown escape in a string");
	}
	if (buf_addc(s->scratch, c) < 0)
		return fail(s, p, JSON_SYNTAX, "string too long");
	s->p = p + 2;
	return JSON_OK;
}

/* At the opening quote: the string's content in *OUT, *N; s->p moves past
 * the closing quote. Without escapes the content points into the text. */
static enum json_status scan_string(struct scan *s, const char **out, size_t *n)
{
	const unsigned char *run = s->p + 1;
	int decoding = 0;
	enum json_status st;

	s->p = run;
	for (;;) {
		const unsigned char *p = run_end(s->p, s->end, 1);

		if (p == s->end)
			return fail(s, p, JSON_TRUNCATED, "the text ends inside a string");
		if (*p == '"') {
			s->p = p;
			break;
		}
		if (*p >= 0x80) {
			size_t k;

			if ((st = utf8_at(s, p, &k)) != JSON_OK)
				return st;
			s->p = p + k;
			continue;
		}
		if (*p != '\\')
			return fail(s, p, JSON_SYNTAX, "control character inside a string");
		if (!decoding) {
			buf_reset(s->scratch);
			decoding = 1;
		}
		if (buf_add(s->scratch, run, (size_t)(p - run)) < 0)
			return fail(s, p, JSON_SYNTAX, "string too long");
		s->p = p;
		if ((st = unescape(s)) != JSON_OK)
			return st;
		run = s->p;
	}
	if (decoding) {
		if (buf_add(s->scratch, run, (size_t)(s->p - run)) < 0)
			return fail(s, s->p, JSON_SYNTAX, "string too long");
		*out = s->scratch->data;
		*n = s->scratch->len;
	} else {
		*out = (const char *)run;
		*n = (size_t)(s->p - run);
	}
	s->p++;
	return JSON_OK;
}

static int is_digit(const struct scan *s, const unsigned char *p)
{
	return p < s->end && *p >= '0' && *p <= '9';
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? followed by a delimiter. */
static enum json_status scan_number(struct scan *s)
{
	const unsigned char *start = s->p, *p = s->p;

	if (*p == '-')
		p++;
	if (p == s->end)
		return fail(s, p, JSON_TRUNCATED, "the text ends inside a number");
	if (*p == '0')
		p++;
	else if (is_digit(s, p))
		while (is_digit(s, p))
			p++;
	else
		return fail(s, p, JSON_SYNTAX, "number without digits");
	if (p < s->end && *p == '.') {
		p++;
		if (p == s->end)
			return fail(s, p, JSON_TRUNCATED, "the text ends inside a number");
		if (!is_digit(s, p))
			return fail(s, p, JSON_SYNTAX, "number with no digit after its '.'");
		while (is_digit(s, p))
			p++;
	}
	if (p < s->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < s->end && (*p == '+' || *p == '-'))
			p++;
		if (p == s->end)
			return fail(s, p, JSON_TRUNCATED, "the text ends inside a number");
		if (!is_digit(s, p))
			return fail(s, p, JSON_SYNTAX, "number with no digit in its exponent");
		while (is_digit(s, p))
			p++;
	}
	if (!ends_token(s, p))
		return fail(s, p, JSON_SYNTAX, "invalid character in a number");
	s->p = p;
	EMIT(s, on_number, (const char *)start, (size_t)(p - start));
	return JSON_OK;
}

/* true, false or null (WORD, N bytes) at s->p. */
static enum json_status scan_literal(struct scan *s, const char *word, size_t n)
{
	size_t avail = (size_t)(s->end - s->p);

	if (avail < n && memcmp(s->p, word, avail) == 0)
		return fail(s, s->end, JSON_TRUNCATED, "the text ends inside a literal");
	if (avail < n || memcmp(s->p, word, n) != 0 || !ends_token(s, s->p + n))
		return fail(s, s->p, JSON_SYNTAX, "invalid literal (not true, false or null)");
	s->p += n;
	return JSON_OK;
}

static enum json_status open_container(struct scan *s, int object)
{
	if (s->depth == JSON_MAX_DEPTH)
		return fail(s, s->p, JSON_TOO_DEEP, "nested too deep");
	s->in_object[s->depth++] = (unsigned char)object;
	s->p++;
	if (object)
		EMIT0(s, on_start_map);
	else
		EMIT0(s, on_start_array);
	skip_ws(s);
	return JSON_OK;
}

static enum json_status close_container(struct scan *s)
{
	s->p++;
	if (s->in_object[--s->depth])
		EMIT0(s, on_end_map);
	else
		EMIT0(s, on_end_array);
	return JSON_OK;
}

enum step { VALUE, KEY, AFTER_VALUE };

/* One value at s->p: a scalar is reported, a container opened. The step
 * that follows goes to *NEXT. */
static enum json_status scan_value(struct scan *s, enum step *next)
{
	const char *str;
	size_t n;
	enum json_status st;

	*next = AFTER_VALUE;
	if (s->p == s->end)
		return fail(s, s->p, JSON_TRUNCATED, "the text ends where a value belongs");
	switch (*s->p) {
	case '{':
		if ((st = open_container(s, 1)) != JSON_OK)
			return st;
		if (s->p < s->end && *s->p == '}')
			return close_container(s);
		*next = KEY;
		return JSON_OK;
	case '[':
		if ((st = open_container(s, 0)) != JSON_OK)
			return st;
		if (s->p < s->end && *s->p == ']')
			return close_container(s);
		*next = VALUE;
		return JSON_OK;
	case '"':
		if ((st = scan_string(s, &str, &n)) != JSON_OK)
			return st;
		EMIT(s, on_string, str, n);
		return JSON_OK;
	case 't':
		if ((st = scan_literal(s, "true", 4)) != JSON_OK)
			return st;
		EMIT(s, on_bool, 1);
		return JSON_OK;
	case 'f':
		if ((st = scan_literal(s, "false", 5)) != JSON_OK)
			return st;
		EMIT(s, on_bool, 0);
		return JSON_OK;
	case 'n':
		if ((st = scan_literal(s, "null", 4)) != JSON_OK)
			return st;
		EMIT0(s, on_null);
		return JSON_OK;
	default:
		if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9'))
			return scan_number(s);
		return fail(s, s->p, JSON_SYNTAX, "unexpected character where a value belongs");
	}
}

/* A member's key and its colon; the value comes next. */
static enum json_status scan_key(struct scan *s)
{
	const char *str;
	size_t n;
	enum json_status st;

	if (s->p == s->end)
		return fail(s, s->p, JSON_TRUNCATED, "the text ends inside an object");
	if (*s->p != '"')
		return fail(s, s->p, JSON_SYNTAX, "object key that is not a string");
	if ((st = scan_string(s, &str, &n)) != JSON_OK)
		return st;
	EMIT(s, on_key, str, n);
	skip_ws(s);
	if (s->p == s->end)
		return fail(s, s->p, JSON_TRUNCATED, "the text ends inside an object");
	if (*s->p != ':')
		return fail(s, s->p, JSON_SYNTAX, "no ':' after an object key");
	s->p++;
	skip_ws(s);
	return JSON_OK;
}

/* After a value inside a container: ',' and the next, or the close. */
static enum json_status scan_after(struct scan *s, enum step *next)
{
	int object = s->in_object[s->depth - 1];

	if (s->p == s->end)
		return fail(s, s->p, JSON_TRUNCATED,
			    object ? "the text ends inside an object" : "the text ends inside an array");
	if (*s->p == ',') {
		s->p++;
		skip_ws(s);
		*next = object ? KEY : VALUE;
		return JSON_OK;
	}
	if (*s->p == (object ? '}' : ']')) {
		*next = AFTER_VALUE;
		return close_container(s);
	}
	return fail(s, s->p, JSON_SYNTAX,
		    object ? "no ',' or '}' after an object member" :
			     "no ',' or ']' after an array element");
}

enum json_status json_scan(const char *text, size_t len, const struct json_handlers *h,
			   void *ctx, struct buf *scratch, struct json_error *err)
{
	struct scan s;
	enum step step = VALUE;
	enum json_status st = JSON_OK;

	s.text = s.p = (const unsigned char *)text;
	s.end = s.text + len;
	s.h = h;
	s.ctx = ctx;
	s.scratch = scratch;
	s.err = err;
	s.depth = 0;
	if (err)
		*err = (struct json_error){ JSON_OK, 0, NULL };
	skip_ws(&s);
	for (;;) {
		switch (step) {
		case VALUE:
			st = scan_value(&s, &step);
			break;
		case KEY:
			st = scan_key(&s);
			step = VALUE;
			break;
		case AFTER_VALUE:
			skip_ws(&s);
			if (s.depth == 0) {
				if (s.p != s.end)
					return fail(&s, s.p, JSON_SYNTAX, "more text after the JSON value");
				return JSON_OK;
			}
			st = scan_after(&s, &step);
			break;
		}
		if (st != JSON_OK)
			return st;
	}
}

const char *json_error_reason(const struct json_error *err, char *buf, size_t size)
{
	if (err->status == JSON_BAD_UTF8)
		return "invalid UTF-8";
	if (err->status == JSON_TRUNCATED)
		return "truncated JSON";
	snprintf(buf, size, "invalid JSON: %s at byte %zu", err->what ? err->what : "?",
		 err->at + 1);
	return buf;
}
