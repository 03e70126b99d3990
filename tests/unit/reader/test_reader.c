/* test_reader.c - lines out of plain and gzip files: numbering, offsets,
 * limits, multi-member and truncated gzip, resume fingerprints. */
#include "cmocka_include.h"
#include "tmpdir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "reader/reader.h"

static const char *write_plain(const char *name, const char *data, size_t n)
{
	const char *p = path_of(name);
	FILE *f = fopen(p, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
	return p;
}

/* Appends one gzip member holding data to the file (mode "ab"). */
static const char *append_gzip_member(const char *name, const char *data)
{
	const char *p = path_of(name);
	gzFile g = gzopen(p, "ab");

	assert_non_null(g);
	assert_int_equal(gzwrite(g, data, (unsigned)strlen(data)), (int)strlen(data));
	assert_int_equal(gzclose(g), Z_OK);
	return p;
}

static void expect_line(struct reader *r, const char *text, int64_t no, int64_t off)
{
	struct diag err = DIAG_INIT;
	struct line l;

	assert_int_equal(reader_next(r, &l, &err), 1);
	assert_string_equal(l.text, text);
	assert_int_equal(l.len, strlen(text));
	assert_int_equal(l.no, no);
	assert_int_equal(l.off, off);
}

static void expect_end(struct reader *r)
{
	struct diag err = DIAG_INIT;
	struct line l;

	assert_int_equal(reader_next(r, &l, &err), 0);
}

static void test_plain_lines(void **state)
{
	struct diag err = DIAG_INIT;
	struct reader *r;
	struct line l;
	const char *p = write_plain("plain.log", "one\r\ntwo\n\nlast", 15);

	(void)state;
	assert_int_equal(reader_open(&r, p, &err), 0);
	assert_false(reader_info(r)->is_gzip);
	assert_int_equal(reader_info(r)->raw_size, 15);
	expect_line(r, "one", 1, 0);        /* CR of a CRLF dropped */
	expect_line(r, "two", 2, 5);
	expect_line(r, "", 3, 9);
	assert_int_equal(reader_next(r, &l, &err), 1);
	assert_string_equal(l.text, "last");
	assert_true(l.unterminated);
	expect_end(r);
	assert_int_equal(reader_offset(r), 15);
	reader_free(r);
}

static void test_nul_padding_skipped(void **state)
{
	struct diag err = DIAG_INIT;
	struct reader *r;
	const char data[] = "\0\0\0\0{\"a\":1}\n{\"b\":2}\n";
	const char *p = write_plain("nul.log", data, sizeof(data) - 1);

	(void)state;
	assert_int_equal(reader_open(&r, p, &err), 0);
	expect_line(r, "{\"a\":1}", 1, 4);
	expect_line(r, "{\"b\":2}", 2, 12);
	expect_end(r);
	reader_free(r);
}

static void test_too_long_line(void **state)
{
	struct diag err = DIAG_INIT;
	struct reader *r;
	struct line l;
	size_t n = READER_MAX_LINE + 5000;
	char *data = malloc(n + 16);
	const char *p;

	(void)state;
	memset(data, 'x', n);
	memcpy(data + n, "\nafter\n", 7);
	p = write_plain("long.log", data, n + 7);
	free(data);
	assert_int_equal(reader_open(&r, p, &err), 0);
	assert_int_equal(reader_next(r, &l, &err), 1);
	assert_true(l.too_long);
	assert_int_equal(l.len, READER_MAX_LINE);
	assert_int_equal(l.no, 1);
	expect_line(r, "after", 2, (int64_t)n + 1);     /* the rest was dropped, numbering goes on */
	expect_end(r);
	reader_free(r);
}

static void test_gzip_multi_member(void **state)
{
	struct diag err = DIAG_INIT;
	struct reader *r;

	(void)state;
	append_gzip_member("multi.gz", "alpha\nbeta\n");
	append_gzip_member("multi.gz", "gamma\n");
	assert_int_equal(reader_open(&r, path_of("multi.gz"), &err), 0);
	assert_true(reader_info(r)->is_gzip);
	expect_line(r, "alpha", 1, 0);
	expect_line(r, "beta", 2, 6);
	expect_line(r, "gamma", 3, 11);
	expect_end(r);
	reader_free(r);
}

static void test_gzip_truncated(void **state)
{
	struct diag err = DIAG_INIT;
	struct reader *r;
	struct line l;
	char big[20000];
	const char *p;
	int got;

	(void)state;
	uint32_t x = 2463534242u;       /* xorshift: text that does not compress away */

	for (size_t i = 0; i < sizeof(big) - 1; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		big[i] = (i % 61 == 60) ? '\n' : (char)('a' + x % 26);
	}
	big[sizeof(big) - 1] = '\0';
	p = append_gzip_member("cut.gz", big);
	assert_int_equal(truncate(p, 3000), 0);
	assert_int_equal(reader_open(&r, p, &err), 0);
	/* every complete line before the cut (what zcat shows), then the end */
	while ((got = reader_next(r, &l, &err)) == 1)
		assert_int_equal(l.len, 60);
	assert_int_equal(got, 0);
	assert_true(reader_lineno(r) > 0);
	assert_non_null(reader_broken(r));
	assert_string_equal(reader_broken(r)->msg, "truncated gzip stream");
	reader_free(r);
}

static void test_gzip_trailing_garbage(void **state)
{
	struct diag err = DIAG_INIT;
	struct reader *r;
	struct line l;
	FILE *f;
	int got;

	(void)state;
	append_gzip_member("junk.gz", "ok\n");
	f = fopen(path_of("junk.gz"), "ab");
	fputs("not gzip", f);
	fclose(f);
	assert_int_equal(reader_open(&r, path_of("junk.gz"), &err), 0);
	assert_int_equal(reader_next(r, &l, &err), 1);
	assert_string_equal(l.text, "ok");
	got = reader_next(r, &l, &err);
	assert_int_equal(got, 0);
	assert_non_null(reader_broken(r));
	assert_string_equal(reader_broken(r)->msg, "trailing garbage after gzip member");
	reader_free(r);
}

/* The tail fingerprint taken at the end of one read matches a later skip
 * to that point, in plain and gzip forms of the grown content. */
static void test_skip_matches_tail(void **state)
{
	struct diag err = DIAG_INIT;
	struct reader *r;
	struct line l;
	uint64_t tail, again;
	int64_t tail_len, off, lines;

	(void)state;
	write_plain("grow.log", "a1\nb22\nc333\n", 12);
	assert_int_equal(reader_open(&r, path_of("grow.log"), &err), 0);
	while (reader_next(r, &l, &err) == 1)
		;
	reader_tail(r, &tail, &tail_len);
	off = reader_offset(r);
	lines = reader_lineno(r);
	reader_free(r);
	assert_int_equal(off, 12);
	assert_int_equal(lines, 3);
	assert_int_equal(tail_len, 12);

	append_gzip_member("grow.gz", "a1\nb22\nc333\nd4444\n");
	assert_int_equal(reader_open(&r, path_of("grow.gz"), &err), 0);
	assert_int_equal(reader_skip(r, off, lines, tail_len, &again, &err), 0);
	assert_true(again == tail);
	expect_line(r, "d4444", 4, 12);
	expect_end(r);
	reader_free(r);

	/* different bytes before the resume point: another content */
	write_plain("other.log", "a1\nb22\nc334\nd\n", 14);
	assert_int_equal(reader_open(&r, path_of("other.log"), &err), 0);
	assert_int_equal(reader_skip(r, off, lines, tail_len, &again, &err), 0);
	assert_false(again == tail);
	reader_free(r);

	/* shorter than the resume point */
	write_plain("short.log", "a1\n", 3);
	assert_int_equal(reader_open(&r, path_of("short.log"), &err), 0);
	assert_int_equal(reader_skip(r, off, lines, tail_len, &again, &err), 1);
	reader_free(r);
}

static void test_missing_file(void **state)
{
	struct diag err = DIAG_INIT;
	struct reader *r = NULL;

	(void)state;
	assert_int_equal(reader_open(&r, path_of("nope.log"), &err), -1);
	assert_string_equal(err.msg, "cannot open: No such file or directory");
	assert_int_equal(reader_open(&r, tmpdir, &err), -1);
	assert_string_equal(err.msg, "is a directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_lines),
		cmocka_unit_test(test_nul_padding_skipped),
		cmocka_unit_test(test_too_long_line),
		cmocka_unit_test(test_gzip_multi_member),
		cmocka_unit_test(test_gzip_truncated),
		cmocka_unit_test(test_gzip_trailing_garbage),
		cmocka_unit_test(test_skip_matches_tail),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests(tests, tmpdir_make, tmpdir_remove);
}
