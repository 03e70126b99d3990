/* test_json_scan.c - the JSON scanner: event traces, string decoding, the
 * eight-byte string scan at every alignment, and each failure's status and
 * offset. */
#include "cmocka_include.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/json_scan.h"

/* What the handlers saw: "{ k:ts n:1.5 s:abc [ ] }". Bytes below 0x20, from
 * 0x7f up and the backslash are written \xHH. */
struct trace {
	struct buf out;
	const char *text;       /* the input: tells borrowed strings from decoded */
	size_t len;
	int events;
	int stop_at;            /* the event that returns 0; 0: none does */
	int borrowed;           /* strings and keys pointing into text */
	int decoded;            /* ... and elsewhere */
	struct buf last;        /* the last string or key, raw */
};

static int event(void *ctx, const char *tok, const char *s, size_t n)
{
	struct trace *t = ctx;

	if (t->out.len)
		assert_int_equal(buf_addc(&t->out, ' '), 0);
	assert_int_equal(buf_adds(&t->out, tok), 0);
	if (s) {
		uintptr_t a = (uintptr_t)s, lo = (uintptr_t)t->text;

		if (a >= lo && a + n <= lo + t->len)
			t->borrowed++;
		else
			t->decoded++;
		buf_reset(&t->last);
		assert_int_equal(buf_add(&t->last, s, n), 0);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c < 0x20 || c >= 0x7f || c == '\\')
				assert_int_equal(buf_printf(&t->out, "\\x%02x", c), 0);
			else
				assert_int_equal(buf_addc(&t->out, (char)c), 0);
		}
	}
	return ++t->events != t->stop_at;
}

static int on_null(void *ctx)
{
	return event(ctx, "null", NULL, 0);
}

static int on_bool(void *ctx, int value)
{
	return event(ctx, value ? "true" : "false", NULL, 0);
}

static int on_number(void *ctx, const char *s, size_t n)
{
	struct trace *t = ctx;
	int go = event(ctx, "n:", NULL, 0);

	assert_int_equal(buf_add(&t->out, s, n), 0);   /* digits: no escaping */
	return go;
}

static int on_string(void *ctx, const char *s, size_t n)
{
	return event(ctx, "s:", s, n);
}

static int on_key(void *ctx, const char *s, size_t n)
{
	return event(ctx, "k:", s, n);
}

static int on_start_map(void *ctx)
{
	return event(ctx, "{", NULL, 0);
}

static int on_end_map(void *ctx)
{
	return event(ctx, "}", NULL, 0);
}

static int on_start_array(void *ctx)
{
	return event(ctx, "[", NULL, 0);
}

static int on_end_array(void *ctx)
{
	return event(ctx, "]", NULL, 0);
}

static const struct json_handlers tracing = {
	.on_null = on_null,
	.on_bool = on_bool,
	.on_number = on_number,
	.on_string = on_string,
	.on_start_map = on_start_map,
	.on_key = on_key,
	.on_end_map = on_end_map,
	.on_start_array = on_start_array,
	.on_end_array = on_end_array,
};

#define SCRATCH_MAX (1u << 20)

/* Scans TEXT[0..LEN) with a scratch buffer capped at MAX; the trace stays
 * in *T for the caller to release. */
static enum json_status run(struct trace *t, const char *text, size_t len, size_t max,
			    struct json_error *err)
{
	struct buf scratch;
	enum json_status st;

	memset(t, 0, sizeof(*t));
	buf_init(&t->out, 1u << 20);
	buf_init(&t->last, 1u << 20);
	buf_init(&scratch, max);
	t->text = text;
	t->len = len;
	st = json_scan(text, len, &tracing, t, &scratch, err);
	buf_release(&scratch);
	assert_int_equal(err->status, st);
	return st;
}

static void trace_release(struct trace *t)
{
	buf_release(&t->out);
	buf_release(&t->last);
}

/* TEXT[0..LEN) is JSON and gives exactly WANT. */
static void ok_n(const char *text, size_t len, const char *want)
{
	struct json_error err;
	struct trace t;

	if (run(&t, text, len, SCRATCH_MAX, &err) != JSON_OK)
		fail_msg("'%s': status %d at %zu: %s", text, err.status, err.at, err.what);
	assert_int_equal(err.at, 0);
	assert_null(err.what);
	assert_string_equal(buf_str(&t.out), want);
	trace_release(&t);
}

static void ok(const char *text, const char *want)
{
	ok_n(text, strlen(text), want);
}

/* TEXT[0..LEN) fails with STATUS at byte AT. */
static void bad_n(const char *text, size_t len, enum json_status status, size_t at)
{
	struct json_error err;
	struct trace t;
	enum json_status st = run(&t, text, len, SCRATCH_MAX, &err);

	if (st != status || err.at != at)
		fail_msg("'%s': status %d at %zu (%s), want %d at %zu", text, st, err.at,
			 err.what ? err.what : "-", status, at);
	assert_non_null(err.what);
	trace_release(&t);
}

static void bad(const char *text, enum json_status status, size_t at)
{
	bad_n(text, strlen(text), status, at);
}

/* TEXT is one JSON string that decodes to WANT[0..WANT_LEN); BORROWED: it
 * is handed out as a pointer into TEXT. */
static void string_is(const char *text, const char *want, size_t want_len, int borrowed)
{
	struct json_error err;
	struct trace t;

	if (run(&t, text, strlen(text), SCRATCH_MAX, &err) != JSON_OK)
		fail_msg("'%s': status %d at %zu: %s", text, err.status, err.at, err.what);
	assert_int_equal(t.events, 1);
	assert_int_equal(t.last.len, want_len);
	assert_memory_equal(t.last.data ? t.last.data : "", want, want_len);
	assert_int_equal(t.borrowed, borrowed);
	assert_int_equal(t.decoded, !borrowed);
	trace_release(&t);
}

static void test_caddy_line_trace(void **state)
{
	(void)state;
	ok("{\"level\":\"info\",\"ts\":1795994472.4283805,\"logger\":\"http.log.access.log0\","
	   "\"request\":{\"remote_ip\":\"127.0.0.1\",\"method\":\"GET\",\"uri\":\"/health\","
	   "\"headers\":{\"Accept\":[\"*/*\"],\"User-Agent\":[\"Mozilla/5.0 (X11)\"],"
	   "\"X-Forwarded-For\":[\"10.0.0.5\",\"203.0.113.7\"],\"Authorization\":[]},"
	   "\"tls\":{\"resumed\":false,\"server_name\":\"\"}},\"bytes_read\":0,"
	   "\"user_id\":null,\"duration\":0.004690603,\"size\":2,\"status\":200,"
	   "\"resp_headers\":{\"Server\":[\"Caddy\"]},\"ok\":true,\"empty\":{}}",
	   "{ k:level s:info k:ts n:1795994472.4283805 k:logger s:http.log.access.log0 "
	   "k:request { k:remote_ip s:127.0.0.1 k:method s:GET k:uri s:/health "
	   "k:headers { k:Accept [ s:*/* ] k:User-Agent [ s:Mozilla/5.0 (X11) ] "
	   "k:X-Forwarded-For [ s:10.0.0.5 s:203.0.113.7 ] k:Authorization [ ] } "
	   "k:tls { k:resumed false k:server_name s: } } k:bytes_read n:0 "
	   "k:user_id null k:duration n:0.004690603 k:size n:2 k:status n:200 "
	   "k:resp_headers { k:Server [ s:Caddy ] } k:ok true k:empty { } }");
	/* Any value at the top, whitespace between every token */
	ok(" [ 1 , \"a\" , { \"k\" : [ ] } , [ [ ] ] ] ",
	   "[ n:1 s:a { k:k [ ] } [ [ ] ] ]");
	ok("\"top\"", "s:top");
	ok("[{},{}]", "[ { } { } ]");
	ok("{\"a\":{\"b\":{\"c\":[[1]]}}}", "{ k:a { k:b { k:c [ [ n:1 ] ] } } }");
}

static void test_string_escapes(void **state)
{
	(void)state;
	string_is("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t", 8, 0);
	string_is("\"a\\nb\"", "a\nb", 3, 0);
	string_is("\"\\u00e9\"", "\xc3\xa9", 2, 0);
	string_is("\"\\u00E9x\"", "\xc3\xa9x", 3, 0);
	string_is("\"\\u0041\"", "A", 1, 0);
	string_is("\"\\u0080\\u07ff\\u0800\\uffff\"",
		  "\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf", 10, 0);
	string_is("\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80", 4, 0);
	string_is("\"\\uD83D\\uDE00\"", "\xf0\x9f\x98\x80", 4, 0);
	string_is("\"\\udbff\\udfff\"", "\xf4\x8f\xbf\xbf", 4, 0);
	/* lone surrogates, and a high one before something that is not a low */
	string_is("\"\\ud83d\"", "\xef\xbf\xbd", 3, 0);
	string_is("\"\\ude00\"", "\xef\xbf\xbd", 3, 0);
	string_is("\"a\\ud83dz\"", "a\xef\xbf\xbdz", 5, 0);
	string_is("\"\\ud83d\\u005a\"", "\xef\xbf\xbdZ", 4, 0);
	string_is("\"\\ud83d\\ud83d\\ude00\"", "\xef\xbf\xbd\xf0\x9f\x98\x80", 7, 0);
	string_is("\"\\ude00\\ud83d\"", "\xef\xbf\xbd\xef\xbf\xbd", 6, 0);
	/* \u0000 is a NUL inside the length */
	string_is("\"a\\u0000b\"", "a\0b", 3, 0);
	string_is("\"\\u0000\"", "\0", 1, 0);
	/* an escaped key and value in turn share the scratch buffer */
	ok("{\"a\\tb\":\"c\\/d\",\"e\":\"\\u00e9\"}", "{ k:a\\x09b s:c/d k:e s:\\xc3\\xa9 }");
	/* escapes that are not JSON */
	bad("\"\\x\"", JSON_SYNTAX, 1);
	bad("\"\\'\"", JSON_SYNTAX, 1);
	bad("\"ab\\U0041\"", JSON_SYNTAX, 3);
	bad("\"\\u12g4\"", JSON_SYNTAX, 1);
	bad("\"\\u12\"", JSON_SYNTAX, 1);
	bad("\"\\ud83d\\u12\"", JSON_SYNTAX, 7);
	/* cut off inside an escape */
	bad("\"\\", JSON_TRUNCATED, 1);
	bad("\"\\u12", JSON_TRUNCATED, 1);
	bad("\"\\ud83d\\ude0", JSON_TRUNCATED, 7);
}

static void test_plain_strings_are_borrowed(void **state)
{
	const char *text = "{\"key\":\"value\",\"k2\":[\"\",\"caf\xc3\xa9\"]}";
	struct json_error err;
	struct trace t;

	(void)state;
	assert_int_equal(run(&t, text, strlen(text), SCRATCH_MAX, &err), JSON_OK);
	assert_int_equal(t.borrowed, 5);
	assert_int_equal(t.decoded, 0);
	assert_int_equal(t.last.len, 5);
	assert_memory_equal(t.last.data, "caf\xc3\xa9", 5);
	trace_release(&t);

	string_is("\"plain\"", "plain", 5, 1);
	string_is("\"\"", "", 0, 1);
	string_is("\"\\n\"", "\n", 1, 0);
	string_is("\"x\\/\"", "x/", 2, 0);
}

/* Records where the one string was. */
static const char *where_s;
static size_t where_n;

static int note_string(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	where_s = s;
	where_n = n;
	return 1;
}

static void test_borrowed_pointer_range(void **state)
{
	static const char text[] = "[ \"0123456789abcdefghij\" ]";
	static const char esc[] = "[ \"0123456789\\nabcdefghij\" ]";
	struct json_handlers h = { 0 };
	struct buf scratch;

	(void)state;
	h.on_string = note_string;
	buf_init(&scratch, 64);
	assert_int_equal(json_scan(text, sizeof(text) - 1, &h, NULL, &scratch, NULL), JSON_OK);
	assert_ptr_equal(where_s, text + 3);
	assert_int_equal(where_n, 20);
	assert_int_equal(json_scan(esc, sizeof(esc) - 1, &h, NULL, &scratch, NULL), JSON_OK);
	assert_true((uintptr_t)where_s + where_n <= (uintptr_t)esc ||
		    (uintptr_t)where_s >= (uintptr_t)esc + sizeof(esc));
	assert_ptr_equal(where_s, scratch.data);
	assert_int_equal(where_n, 21);
	assert_memory_equal(where_s, "0123456789\nabcdefghij", 21);
	buf_release(&scratch);
}

/* A string's content: long enough for two sixteen-byte steps (SSE2) and an
 * eight-byte tail after them, so a stop is tried in each. */
#define CONTENT 48

/* "[\"" + K 'a's + SPECIAL + 'b's to CONTENT bytes of content + "\"]":
 * the special byte at offset K of the string's content. */
static size_t at_offset(char *out, size_t k, const char *special, size_t n)
{
	size_t len = 0;

	out[len++] = '[';
	out[len++] = '"';
	memset(out + len, 'a', k);
	len += k;
	memcpy(out + len, special, n);
	len += n;
	memset(out + len, 'b', CONTENT - k - n);
	len += CONTENT - k - n;
	out[len++] = '"';
	out[len++] = ']';
	out[len] = '\0';
	return len;
}

static void test_special_byte_at_every_offset(void **state)
{
	char text[CONTENT + 8], want[2 * CONTENT + 32], as[CONTENT], bs[CONTENT];

	(void)state;
	for (size_t k = 0; k < CONTENT - 8; k++) {
		size_t len;

		memset(as, 'a', k);
		as[k] = '\0';

		/* a quote ends the string there: what follows is another string */
		len = at_offset(text, k, "\",\"", 3);
		memset(bs, 'b', CONTENT - 3 - k);
		bs[CONTENT - 3 - k] = '\0';
		snprintf(want, sizeof(want), "[ s:%s s:%s ]", as, bs);
		ok_n(text, len, want);

		/* a backslash starts an escape */
		len = at_offset(text, k, "\\n", 2);
		memset(bs, 'b', CONTENT - 2 - k);
		bs[CONTENT - 2 - k] = '\0';
		snprintf(want, sizeof(want), "[ s:%s\\x0a%s ]", as, bs);
		ok_n(text, len, want);

		/* a control character is an error there, also before a space
		 * (a borrow from it must not hide it or flag too early) */
		len = at_offset(text, k, "\x01", 1);
		bad_n(text, len, JSON_SYNTAX, 2 + k);
		len = at_offset(text, k, "\x1f ", 2);
		bad_n(text, len, JSON_SYNTAX, 2 + k);

		/* a non-ASCII character is checked and kept */
		len = at_offset(text, k, "\xc3\xa9", 2);
		memset(bs, 'b', CONTENT - 2 - k);
		bs[CONTENT - 2 - k] = '\0';
		snprintf(want, sizeof(want), "[ s:%s\\xc3\\xa9%s ]", as, bs);
		ok_n(text, len, want);
		len = at_offset(text, k, "\xff", 1);
		bad_n(text, len, JSON_BAD_UTF8, 2 + k);
	}
	/* no special byte at all, every length: the tails after the last 16 and 8 */
	for (size_t n = 0; n < CONTENT; n++) {
		char s[CONTENT + 4];

		memset(s + 1, '!', n);  /* 0x21, right above the quote's 0x22 */
		s[0] = '"';
		s[n + 1] = '"';
		s[n + 2] = '\0';
		string_is(s, s + 1, n, 1);
	}
	/* every printable byte, and 0x7f, without a stop */
	{
		char s[128];
		size_t n = 0;

		s[n++] = '"';
		for (int c = 0x20; c <= 0x7f; c++)
			if (c != '"' && c != '\\')
				s[n++] = (char)c;
		s[n++] = '"';
		s[n] = '\0';
		string_is(s, s + 1, n - 2, 1);
	}
}

static void test_numbers(void **state)
{
	(void)state;
	ok("0", "n:0");
	ok("-0", "n:-0");
	ok("12", "n:12");
	ok("-12.5e+3", "n:-12.5e+3");
	ok("1E9", "n:1E9");
	ok(" 7 ", "n:7");
	ok("[0,-0,12,-12.5e+3,1E9,0.5,1e-5,10E+10,-0.0e0,123456789012345678901234567890]",
	   "[ n:0 n:-0 n:12 n:-12.5e+3 n:1E9 n:0.5 n:1e-5 n:10E+10 n:-0.0e0 "
	   "n:123456789012345678901234567890 ]");
	ok("{\"a\":1,\"b\":-2.5}", "{ k:a n:1 k:b n:-2.5 }");
	/* not numbers */
	bad("[01]", JSON_SYNTAX, 2);
	bad("[1.]", JSON_SYNTAX, 3);
	bad("[.5]", JSON_SYNTAX, 1);
	bad("[-]", JSON_SYNTAX, 2);
	bad("[+1]", JSON_SYNTAX, 1);
	bad("[1e]", JSON_SYNTAX, 3);
	bad("[1e+]", JSON_SYNTAX, 4);
	bad("[0x10]", JSON_SYNTAX, 2);
	bad("[12a]", JSON_SYNTAX, 3);
	bad("[-a]", JSON_SYNTAX, 2);
	bad("[1.5.2]", JSON_SYNTAX, 4);
	bad("[1e5e]", JSON_SYNTAX, 4);
	bad("01", JSON_SYNTAX, 1);
	bad(".5", JSON_SYNTAX, 0);
	bad("+1", JSON_SYNTAX, 0);
	bad("12a", JSON_SYNTAX, 2);
	/* the text ends where more digits were due */
	bad("1.", JSON_TRUNCATED, 2);
	bad("-", JSON_TRUNCATED, 1);
	bad("1e", JSON_TRUNCATED, 2);
	bad("1e+", JSON_TRUNCATED, 3);
	bad("[1.", JSON_TRUNCATED, 3);
	/* ... but a number that can end there has */
	bad("[1", JSON_TRUNCATED, 2);
}

static void test_literals(void **state)
{
	(void)state;
	ok("true", "true");
	ok("false", "false");
	ok("null", "null");
	ok("[true,false,null]", "[ true false null ]");
	ok("{\"a\":true,\"b\":false,\"c\":null}", "{ k:a true k:b false k:c null }");
	bad("tru", JSON_TRUNCATED, 3);
	bad("t", JSON_TRUNCATED, 1);
	bad("[fals", JSON_TRUNCATED, 5);
	bad("trux", JSON_SYNTAX, 0);
	bad("nulll", JSON_SYNTAX, 0);
	bad("True", JSON_SYNTAX, 0);
	bad("[nul]", JSON_SYNTAX, 1);
	bad("[truefalse]", JSON_SYNTAX, 1);
	bad("[1,nan]", JSON_SYNTAX, 3);
}

static void test_structure_errors(void **state)
{
	(void)state;
	bad("{\"a\":1,}", JSON_SYNTAX, 7);
	bad("[1,]", JSON_SYNTAX, 3);
	bad("[,1]", JSON_SYNTAX, 1);
	bad("[1,,2]", JSON_SYNTAX, 3);
	bad("{\"a\" 1}", JSON_SYNTAX, 5);
	bad("{\"a\",1}", JSON_SYNTAX, 4);
	bad("{1:2}", JSON_SYNTAX, 1);
	bad("{\"a\":1 \"b\":2}", JSON_SYNTAX, 7);
	bad("[1 2]", JSON_SYNTAX, 3);
	bad("{\"a\":1]", JSON_SYNTAX, 6);
	bad("[}", JSON_SYNTAX, 1);
	bad("]", JSON_SYNTAX, 0);
	bad("{\"a\":}", JSON_SYNTAX, 5);
	bad("{} {}", JSON_SYNTAX, 3);
	bad("1 2", JSON_SYNTAX, 2);
	bad("\"a\"\"b\"", JSON_SYNTAX, 3);
	/* unclosed at the end of the text */
	bad("{", JSON_TRUNCATED, 1);
	bad("{\"a\"", JSON_TRUNCATED, 4);
	bad("{\"a\":", JSON_TRUNCATED, 5);
	bad("{\"a\":1", JSON_TRUNCATED, 6);
	bad("{\"a\":1,", JSON_TRUNCATED, 7);
	bad("[", JSON_TRUNCATED, 1);
	bad("[1,2", JSON_TRUNCATED, 4);
	bad("[1,2, ", JSON_TRUNCATED, 6);
	bad("\"abc", JSON_TRUNCATED, 4);
	bad("[\"a", JSON_TRUNCATED, 3);
	bad("{\"ab", JSON_TRUNCATED, 4);
	/* nothing there */
	bad("", JSON_TRUNCATED, 0);
	bad(" \t\r\n", JSON_TRUNCATED, 4);
	/* whitespace is space, tab, CR and LF, and nothing else */
	ok(" \t\r\n{ \"a\" \n:\t1\r, \"b\":[ ] }\r\n\t ", "{ k:a n:1 k:b [ ] }");
	bad("\f{}", JSON_SYNTAX, 0);
	bad("{}\f", JSON_SYNTAX, 2);
	bad("[1,\v2]", JSON_SYNTAX, 3);
	bad_n("[1,\0002]", 6, JSON_SYNTAX, 3);
	bad("\xc2\xa0[]", JSON_SYNTAX, 0);      /* U+00A0 is not JSON whitespace */
}

static void test_utf8(void **state)
{
	(void)state;
	/* the edges of each length */
	string_is("\"\xc2\x80\xdf\xbf\"", "\xc2\x80\xdf\xbf", 4, 1);
	string_is("\"\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf\"",
		  "\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf", 12, 1);
	string_is("\"\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"", "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 8,
		  1);
	string_is("\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
		  "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14, 1);
	ok("{\"\xc3\xa9\":\"\xe2\x82\xac\"}", "{ k:\\xc3\\xa9 s:\\xe2\\x82\\xac }");
	/* not UTF-8: overlong, surrogate, past U+10FFFF, no lead, no such lead */
	bad("\"ab\xc0\xaf\"", JSON_BAD_UTF8, 3);
	bad("\"ab\xc1\xbf\"", JSON_BAD_UTF8, 3);
	bad("\"ab\xe0\x80\x80\"", JSON_BAD_UTF8, 3);
	bad("\"ab\xe0\x9f\xbf\"", JSON_BAD_UTF8, 3);
	bad("\"ab\xf0\x8f\xbf\xbf\"", JSON_BAD_UTF8, 3);
	bad("\"ab\xed\xa0\x80\"", JSON_BAD_UTF8, 3);
	bad("\"ab\xed\xbf\xbf\"", JSON_BAD_UTF8, 3);
	bad("\"ab\xf4\x90\x80\x80\"", JSON_BAD_UTF8, 3);
	bad("\"ab\xf5\x80\x80\x80\"", JSON_BAD_UTF8, 3);
	bad("\"ab\xf5\"", JSON_BAD_UTF8, 3);
	bad("\"ab\x80\"", JSON_BAD_UTF8, 3);
	bad("\"ab\xbf\"", JSON_BAD_UTF8, 3);
	bad("\"ab\xff\"", JSON_BAD_UTF8, 3);
	bad("\"ab\xfe\"", JSON_BAD_UTF8, 3);
	bad("\"ab\xc3\x41\"", JSON_BAD_UTF8, 3);        /* lead, then ASCII */
	bad("\"ab\xe2\x82\"", JSON_BAD_UTF8, 3);        /* lead, then the quote */
	bad("\"ab\xc3\xa9\xa9\"", JSON_BAD_UTF8, 5);    /* one continuation too many */
	bad("{\"k\xff\":1}", JSON_BAD_UTF8, 3);         /* in a key */
	bad("\"a\\n\xff\"", JSON_BAD_UTF8, 4);          /* after an escape */
	/* cut off inside a sequence by the end of the text */
	bad("\"ab\xc3", JSON_TRUNCATED, 3);
	bad("\"ab\xe2\x82", JSON_TRUNCATED, 3);
	bad("\"ab\xf0\x9f\x98", JSON_TRUNCATED, 3);
	bad("\"ab\xf0", JSON_TRUNCATED, 3);
	bad("\"ab\xc0", JSON_BAD_UTF8, 3);               /* no sequence starts so */
	bad("\"ab\xf5\x80", JSON_BAD_UTF8, 3);
	bad("\"ab\xe2\x41", JSON_BAD_UTF8, 3);
	/* a second byte no continuation can rescue: bad, though cut off */
	bad("\"ab\xe0\x80", JSON_BAD_UTF8, 3);
	bad("\"ab\xed\xa0", JSON_BAD_UTF8, 3);
	bad("\"ab\xf0\x80", JSON_BAD_UTF8, 3);
	bad("\"ab\xf4\x90", JSON_BAD_UTF8, 3);
	bad("\"ab\xf4\x8f", JSON_TRUNCATED, 3);
	bad("\"ab\xe0\xa0", JSON_TRUNCATED, 3);
	/* non-ASCII outside a string */
	bad("\xc3\xa9", JSON_SYNTAX, 0);
	bad("[1,\xc3\xa9]", JSON_SYNTAX, 3);
	bad("{\"a\":1}\xc3\xa9", JSON_SYNTAX, 7);
	bad("{\xe2\x80\x9cz\":1}", JSON_SYNTAX, 1);
}

static void test_control_characters(void **state)
{
	(void)state;
	bad("\"a\x1fz\"", JSON_SYNTAX, 2);
	bad("\"a\tb\"", JSON_SYNTAX, 2);
	bad("\"a\nb\"", JSON_SYNTAX, 2);
	bad("{\"a\x01\":1}", JSON_SYNTAX, 3);
	bad_n("\"a\0b\"", 5, JSON_SYNTAX, 2);
	string_is("\"a\x7fz\"", "a\x7fz", 3, 1);
	string_is("\"a\x7f\\n\"", "a\x7f\n", 3, 0);
}

/* N '[' then N ']'; malloc()ed, the caller frees. */
static char *nested(size_t n, size_t *len)
{
	char *s = malloc(2 * n + 1);

	assert_non_null(s);
	memset(s, '[', n);
	memset(s + n, ']', n);
	s[2 * n] = '\0';
	*len = 2 * n;
	return s;
}

static void test_depth(void **state)
{
	struct json_handlers none = { 0 };
	struct json_error err;
	struct buf scratch;
	struct trace t;
	size_t len;
	char *s;

	(void)state;
	buf_init(&scratch, 64);
	s = nested(JSON_MAX_DEPTH, &len);
	assert_int_equal(json_scan(s, len, &none, NULL, &scratch, &err), JSON_OK);
	assert_int_equal(run(&t, s, len, 64, &err), JSON_OK);
	assert_int_equal(t.events, 2 * JSON_MAX_DEPTH);
	trace_release(&t);
	free(s);

	s = nested(JSON_MAX_DEPTH + 1, &len);
	assert_int_equal(json_scan(s, len, &none, NULL, &scratch, &err), JSON_TOO_DEEP);
	assert_int_equal(err.at, JSON_MAX_DEPTH);
	assert_non_null(err.what);
	assert_int_equal(run(&t, s, len, 64, &err), JSON_TOO_DEEP);
	assert_int_equal(t.events, JSON_MAX_DEPTH);     /* the ones opened before */
	trace_release(&t);
	free(s);

	/* objects count the same: 1024 levels of {"a": ... } */
	{
		size_t n = JSON_MAX_DEPTH, i;
		char *o = malloc(6 * n + 2);

		assert_non_null(o);
		for (i = 0; i < n; i++)
			memcpy(o + 5 * i, "{\"a\":", 5);
		o[5 * n] = '1';
		memset(o + 5 * n + 1, '}', n);
		assert_int_equal(json_scan(o, 6 * n + 1, &none, NULL, &scratch, &err), JSON_OK);
		o[5 * n] = '[';         /* one more level */
		o[5 * n + 1] = ']';
		assert_int_equal(json_scan(o, 6 * n + 1, &none, NULL, &scratch, &err),
				 JSON_TOO_DEEP);
		assert_int_equal(err.at, 5 * n);
		free(o);
	}
	/* depth is the current nesting, not the count of containers */
	{
		static const char many[] = "[[],[],[[]],{},{\"a\":[]}]";

		assert_int_equal(json_scan(many, sizeof(many) - 1, &none, NULL, &scratch, &err),
				 JSON_OK);
	}
	buf_release(&scratch);
}

static void test_handler_stops_the_scan(void **state)
{
	static const char text[] = "{\"a\":[1,\"x\\n\",true,null],\"b\":{}}";
	static const char *const events[] = {
		"{", "k:a", "[", "n:1", "s:x\\x0a", "true", "null", "]", "k:b", "{", "}", "}",
	};
	/* where each stop is reported: just past the token that was reported */
	static const size_t at[] = { 1, 4, 6, 7, 13, 18, 23, 24, 28, 30, 31, 32 };
	const size_t n = sizeof(events) / sizeof(events[0]);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		struct json_error err;
		struct trace t;
		char want[128] = "";

		memset(&t, 0, sizeof(t));
		for (size_t j = 0; j <= i; j++) {
			if (j)
				strcat(want, " ");
			strcat(want, events[j]);
		}
		buf_init(&t.out, 4096);
		buf_init(&t.last, 4096);
		{
			struct buf scratch;

			buf_init(&scratch, 64);
			t.text = text;
			t.len = sizeof(text) - 1;
			t.stop_at = (int)i + 1;
			assert_int_equal(json_scan(text, sizeof(text) - 1, &tracing, &t, &scratch,
						   &err),
					 JSON_STOPPED);
			buf_release(&scratch);
		}
		assert_int_equal(err.status, JSON_STOPPED);
		assert_int_equal(err.at, at[i]);
		assert_non_null(err.what);
		assert_int_equal(t.events, (int)i + 1);  /* nothing after the stop */
		assert_string_equal(buf_str(&t.out), want);
		trace_release(&t);
	}
}

static void test_null_handlers_validate(void **state)
{
	static const char good[] = "{\"a\":[1,\"x\\u00e9\",true,false,null,{}],\"b\":-1.5e3}";
	static const char evil[] = "{\"a\":[1,\"x\\u00e9\",true,false,null,{}],\"b\":-1.5e}";
	struct json_handlers none = { 0 };
	struct json_error err;
	struct buf scratch;

	(void)state;
	buf_init(&scratch, 64);
	assert_int_equal(json_scan(good, sizeof(good) - 1, &none, NULL, &scratch, &err), JSON_OK);
	assert_int_equal(err.status, JSON_OK);
	assert_int_equal(json_scan(evil, sizeof(evil) - 1, &none, NULL, &scratch, &err),
			 JSON_SYNTAX);
	assert_int_equal(err.at, sizeof(evil) - 2);
	/* and no error struct either */
	assert_int_equal(json_scan(good, sizeof(good) - 1, &none, NULL, &scratch, NULL), JSON_OK);
	assert_int_equal(json_scan(evil, sizeof(evil) - 1, &none, NULL, &scratch, NULL),
			 JSON_SYNTAX);
	/* only some set: the others are skipped */
	none.on_number = on_number;
	{
		struct trace t;

		memset(&t, 0, sizeof(t));
		buf_init(&t.out, 4096);
		buf_init(&t.last, 4096);
		assert_int_equal(json_scan(good, sizeof(good) - 1, &none, &t, &scratch, NULL),
				 JSON_OK);
		assert_string_equal(buf_str(&t.out), "n:1 n:-1.5e3");
		trace_release(&t);
	}
	buf_release(&scratch);
}

static void test_scratch_cap_bounds_decoded_strings(void **state)
{
	struct json_error err;
	struct trace t;

	(void)state;
	/* 8 decoded bytes fit a cap of 8, 9 do not */
	assert_int_equal(run(&t, "\"abcdefg\\n\"", 11, 8, &err), JSON_OK);
	assert_string_equal(buf_str(&t.out), "s:abcdefg\\x0a");
	trace_release(&t);
	assert_int_equal(run(&t, "\"abcdefgh\\n\"", 12, 8, &err), JSON_SYNTAX);
	assert_string_equal(err.what, "string too long");
	assert_int_equal(err.at, 9);            /* the escape that did not fit */
	assert_int_equal(t.events, 0);
	trace_release(&t);
	assert_int_equal(run(&t, "\"\\nabcdefgh\"", 12, 8, &err), JSON_SYNTAX);
	assert_string_equal(err.what, "string too long");
	assert_int_equal(err.at, 11);           /* the run after it */
	trace_release(&t);
	assert_int_equal(run(&t, "\"abcdef\\u00e9\"", 14, 7, &err), JSON_SYNTAX);
	assert_string_equal(err.what, "string too long");
	trace_release(&t);
	assert_int_equal(run(&t, "{\"abcdefghi\\t\":1}", 17, 8, &err), JSON_SYNTAX);
	assert_string_equal(err.what, "string too long");
	trace_release(&t);
	/* a string without escapes is not copied, so no cap applies */
	assert_int_equal(run(&t, "\"abcdefghijklmnopqrstuvwxyz\"", 28, 8, &err), JSON_OK);
	assert_int_equal(t.borrowed, 1);
	trace_release(&t);
	/* the cap is per string: the buffer starts over for each */
	assert_int_equal(run(&t, "[\"abcdef\\n\",\"ghijkl\\n\"]", 23, 8, &err), JSON_OK);
	assert_string_equal(buf_str(&t.out), "[ s:abcdef\\x0a s:ghijkl\\x0a ]");
	trace_release(&t);
}

/* json_escape_free: the first byte JSON output must escape, at every offset
 * of the sixteen- and eight-byte steps; bytes >= 0x80 and DEL need none. */
static void test_escape_free_run(void **state)
{
	static const char specials[] = { '"', '\\', 0x01, 0x1f, '\n' };
	char text[CONTENT];

	(void)state;
	memset(text, 'a', sizeof(text));
	assert_int_equal(json_escape_free(text, sizeof(text)), sizeof(text));
	assert_int_equal(json_escape_free("\xc3\xa9\x7f\xff ok", 7), 7);
	assert_int_equal(json_escape_free("", 0), 0);
	for (size_t k = 0; k < sizeof(specials); k++)
		for (size_t at = 0; at < CONTENT - 4; at++) {
			memset(text, 0x80 + (int)at, sizeof(text));    /* high bytes around it */
			text[at] = specials[k];
			text[at + 2] = '"';                             /* a later one too */
			assert_int_equal(json_escape_free(text, sizeof(text)), at);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_caddy_line_trace),
		cmocka_unit_test(test_string_escapes),
		cmocka_unit_test(test_plain_strings_are_borrowed),
		cmocka_unit_test(test_borrowed_pointer_range),
		cmocka_unit_test(test_special_byte_at_every_offset),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_handler_stops_the_scan),
		cmocka_unit_test(test_null_handlers_validate),
		cmocka_unit_test(test_scratch_cap_bounds_decoded_strings),
		cmocka_unit_test(test_escape_free_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
