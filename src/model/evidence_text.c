/* evidence_text.c - evidence lines read back from their files. The refs
 * come from the model itself (the findings and checks already written);
 * each file is read once, in line order, up to its last line wanted, and
 * only when its first line still has the fingerprint the store recorded at
 * ingest: a file rotated or rewritten since is another content, and its
 * line N is not the evidence ("file changed"). Lines are redacted again
 * (the raw file still holds what ingest kept out of the store), made valid
 * UTF-8 and cut at EVIDENCE_TEXT_MAX bytes. */
#include "model/evidence_text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yajl/yajl_parse.h>

#include "parse/redact.h"
#include "reader/reader.h"
#include "store/query.h"
#include "util/fingerprint.h"
#include "util/utf8.h"

struct ref {
	char *source;           /* owned */
	int64_t line;
	char *text;             /* owned; NULL: not read */
	size_t bytes;           /* the whole line's length */
};

struct file_state {
	const char *path;       /* borrowed from a ref */
	const char *reason;     /* static; NULL: read */
};

struct texts {
	struct ref *refs;       /* owned */
	size_t n, cap;
	int failed;
};

static int add_ref(struct texts *t, const char *source, int64_t line)
{
	if (t->n == EVIDENCE_TEXT_LINES_MAX)
		return 0;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct ref *r = realloc(t->refs, cap * sizeof(*r));

		if (!r)
			return -1;
		t->refs = r;
		t->cap = cap;
	}
	t->refs[t->n] = (struct ref){ .source = strdup(source), .line = line };
	if (!t->refs[t->n].source)
		return -1;
	t->n++;
	return 0;
}

/* Every object with an "evidence" array, at any depth: its first lines.
 * Read with yajl's callbacks, not a tree: the findings of a million
 * requests are tens of MB of JSON, and their tree several times that. */
#define EVIDENCE_SCAN_DEPTH 64

struct scan_frame {
	unsigned is_array : 1, is_evidence : 1, is_item : 1, ignored : 1;
	unsigned key_evidence : 1;      /* an object: its last key was "evidence" */
	int64_t items;                  /* an evidence array: its values so far */
};

struct evidence_scan {
	struct texts *t;
	int depth;                      /* frames in use */
	struct scan_frame f[EVIDENCE_SCAN_DEPTH];
	int item_key;                   /* in an item: 1 "source", 2 "line", 0 other */
	char *source;                   /* owned: the item's source */
	int64_t line;
	int has_line, failed;
};

/* A value starts (a scalar, or a container about to be pushed): counts it
 * as an item of an evidence array it is in. 1 when it is such an item that
 * is read, 0 otherwise. */
static int value_starts(struct evidence_scan *e)
{
	if (e->depth == 0)
		return 0;
	if (e->f[e->depth - 1].is_array && e->f[e->depth - 1].is_evidence)
		return e->f[e->depth - 1].items++ < EVIDENCE_TEXT_PER_ITEM;
	return 0;
}

/* An item's own member (not one nested deeper): where source and line are. */
static int in_item(const struct evidence_scan *e)
{
	return e->depth > 0 && e->f[e->depth - 1].is_item && !e->f[e->depth - 1].ignored;
}

static int push(struct evidence_scan *e, int is_array)
{
	int item = value_starts(e), parent = e->depth - 1, ignored;

	if (e->depth == EVIDENCE_SCAN_DEPTH)
		return e->failed = 1, 0;
	/* under an evidence array nothing else counts: an item is read for its
	 * source and line alone, and what it or a later value holds is not
	 * looked into */
	ignored = parent >= 0 && (e->f[parent].ignored || e->f[parent].is_item ||
				  (e->f[parent].is_evidence && !(item && !is_array)));
	e->f[e->depth] = (struct scan_frame){ .is_array = is_array != 0, .is_item = item && !is_array,
		.ignored = ignored != 0,
		.is_evidence = is_array && parent >= 0 && !ignored && !e->f[parent].is_array &&
			       e->f[parent].key_evidence };
	e->depth++;
	if (item && !is_array) {
		free(e->source);
		e->source = NULL;
		e->has_line = 0;
	}
	e->item_key = 0;
	return 1;
}

static int on_start_map(void *ctx)
{
	return push(ctx, 0);
}

static int on_start_array(void *ctx)
{
	return push(ctx, 1);
}

static int on_end(void *ctx)
{
	struct evidence_scan *e = ctx;

	if (e->depth == 0)
		return 1;
	e->depth--;
	if (e->f[e->depth].is_item && !e->f[e->depth].ignored && e->source && e->has_line &&
	    add_ref(e->t, e->source, e->line) < 0)
		return e->failed = 1, 0;
	if (e->f[e->depth].is_item) {
		free(e->source);
		e->source = NULL;
		e->has_line = 0;
	}
	e->item_key = 0;
	return 1;
}

static int on_key(void *ctx, const unsigned char *k, size_t n)
{
	struct evidence_scan *e = ctx;

	if (e->depth == 0)
		return 1;
	e->f[e->depth - 1].key_evidence = n == 8 && memcmp(k, "evidence", 8) == 0;
	e->item_key = !in_item(e) ? 0 : n == 6 && memcmp(k, "source", 6) == 0 ? 1 :
		      n == 4 && memcmp(k, "line", 4) == 0 ? 2 : 0;
	return 1;
}

static int on_string(void *ctx, const unsigned char *s, size_t n)
{
	struct evidence_scan *e = ctx;

	value_starts(e);
	if (in_item(e) && e->item_key == 1) {
		free(e->source);
		if (!(e->source = strndup((const char *)s, n)))
			return e->failed = 1, 0;
	}
	return 1;
}

static int on_integer(void *ctx, long long v)
{
	struct evidence_scan *e = ctx;

	value_starts(e);
	if (in_item(e) && e->item_key == 2) {
		e->line = v;
		e->has_line = 1;
	}
	return 1;
}

static int on_other(void *ctx)
{
	value_starts(ctx);
	return 1;
}

static int on_bool(void *ctx, int v)
{
	(void)v;
	return on_other(ctx);
}

static int on_double(void *ctx, double v)
{
	(void)v;
	return on_other(ctx);
}

static int collect_span(struct texts *t, const struct buf *out, struct model_span s,
			struct diag *err)
{
	static const yajl_callbacks calls = {
		.yajl_null = on_other, .yajl_boolean = on_bool, .yajl_integer = on_integer,
		.yajl_double = on_double, .yajl_string = on_string, .yajl_start_map = on_start_map,
		.yajl_map_key = on_key, .yajl_end_map = on_end, .yajl_start_array = on_start_array,
		.yajl_end_array = on_end,
	};
	struct evidence_scan e = { .t = t };
	yajl_handle h;
	yajl_status st;

	/* the key's ':' is written with its value */
	while (s.start < s.end && (out->data[s.start] == ':' || out->data[s.start] == ' ' ||
				   out->data[s.start] == ','))
		s.start++;
	if (!(h = yajl_alloc(&calls, NULL, &e)))
		return diag_oom(err);
	st = yajl_parse(h, (const unsigned char *)out->data + s.start, s.end - s.start);
	if (st == yajl_status_ok)
		st = yajl_complete_parse(h);
	yajl_free(h);
	free(e.source);
	if (e.failed)
		return e.depth == EVIDENCE_SCAN_DEPTH ?
			diag_set_class(err, DIAG_INTERNAL, "model part nested too deep") : diag_oom(err);
	if (st != yajl_status_ok)
		return diag_set_class(err, DIAG_INTERNAL, "model part unreadable");
	return 0;
}

static int by_place(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;
	int c = strcmp(x->source, y->source);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* source paths with their recorded head fingerprint; several sources on
 * one path make the path ambiguous */
struct heads {
	const char *path;       /* the file being looked up */
	int64_t hash;
	int found;
};

static int on_source(void *ctx, const struct store_row *row)
{
	struct heads *h = ctx;
	const char *path = store_row_text(row, 0);

	if (path && strcmp(path, h->path) == 0) {
		h->found++;
		h->hash = store_row_int(row, 1);
	}
	return 0;
}

/* s[0..n) redacted, as valid UTF-8 (bad bytes as U+FFFD), cut at
 * EVIDENCE_TEXT_MAX bytes on a character boundary: malloc()ed. */
static char *clean(const char *s, size_t n)
{
	struct buf red, b;
	char *text = NULL;
	size_t i = 0;

	buf_init(&red, (size_t)READER_MAX_LINE * 4);
	buf_init(&b, EVIDENCE_TEXT_MAX + 4);
	/* a JSON line: the values of secret headers, fields and query
	 * parameters, as ingest does (redact_text would take a header's [] for
	 * a value); any other line: credential shapes and secret name=value
	 * pairs, as ingest does for text it knows no structure of */
	if (!(n && s[0] == '{' && redact_json(&red, s, n) == 0)) {
		buf_reset(&red);
		if (redact_text(&red, s, n) < 0)
			goto out;
	}
	while (i < red.len) {
		size_t k = utf8_len((const unsigned char *)red.data + i, red.len - i);

		if (b.len + (k ? k : 3) > EVIDENCE_TEXT_MAX)
			break;
		if ((k ? buf_add(&b, red.data + i, k) : buf_adds(&b, "\xef\xbf\xbd")) < 0)
			goto out;
		i += k ? k : 1;
	}
	text = strdup(buf_str(&b));
out:
	buf_release(&red);
	buf_release(&b);
	return text;
}

/* Reads refs[from..to) (one source, in line order) from its file. */
static const char *read_file(struct store *st, struct ref *refs, size_t from, size_t to,
			     struct diag *err)
{
	struct heads h = { .path = refs[from].source };
	struct diag rerr = DIAG_INIT;
	struct reader *r = NULL;
	struct line l;
	struct stat sb;
	size_t i = from;
	int got, seen = 0;

	if (store_query(st, "report/evidence_sources", NULL, 0, on_source, &h, err) < 0)
		return NULL;
	if (h.found != 1)
		return h.found ? "several sources had this path" : "not a source";
	if (stat(h.path, &sb) < 0)
		return errno == ENOENT || errno == ENOTDIR ? "file gone" : "unreadable";
	if (reader_open(&r, h.path, &rerr) < 0)
		return "unreadable";
	while (i < to && (got = reader_next(r, &l, &rerr)) > 0) {
		seen = 1;
		if (l.no == 1) {
			size_t n = l.len < READER_RAW_HEAD ? l.len : READER_RAW_HEAD;

			if (fingerprint_to_db(fingerprint_update(FINGERPRINT_SEED, l.text, n)) != h.hash) {
				reader_free(r);
				return "file changed";
			}
		}
		for (; i < to && refs[i].line == l.no; i++) {
			refs[i].bytes = l.len;
			if (!(refs[i].text = clean(l.text, l.len))) {
				reader_free(r);
				diag_oom(err);
				return NULL;
			}
		}
	}
	reader_free(r);
	return seen ? "" : "file changed";
}

/* sed -n 'Np' 'FILE', or through zcat for a compressed file; the path in
 * single quotes, its own quotes as '\'' */
static void write_command(struct jsonw *w, const struct ref *r)
{
	const char *gz = strlen(r->source) > 3 && strcmp(r->source + strlen(r->source) - 3, ".gz") == 0
				 ? "zcat -- " : NULL;
	struct buf b;

	buf_init(&b, 64 << 10);
	if (gz)
		buf_adds(&b, gz);
	else
		buf_printf(&b, "sed -n '%lldp' ", (long long)r->line);
	buf_addc(&b, '\'');
	for (const char *p = r->source; *p; p++)
		buf_adds(&b, *p == '\'' ? "'\\''" : (char[]){ *p, 0 });
	buf_addc(&b, '\'');
	if (gz)
		buf_printf(&b, " | sed -n '%lldp'", (long long)r->line);
	jsonw_kstr(w, "command", b.len < b.max - 1 ? buf_str(&b) : NULL);
	buf_release(&b);
}

int model_write_evidence_text(struct store *st, const struct buf *out,
			      const struct model_span *spans, size_t n, struct jsonw *w,
			      struct diag *err)
{
	struct texts t = { 0 };
	struct file_state *files = NULL;
	size_t nfiles = 0;
	int rc = -1;

	for (size_t i = 0; i < n; i++)
		if (collect_span(&t, out, spans[i], err) < 0)
			goto out;
	if (t.n)
		qsort(t.refs, t.n, sizeof(*t.refs), by_place);
	if (!(files = calloc(t.n + 1, sizeof(*files))))
		goto oom;
	for (size_t i = 0, j; i < t.n; i = j) {
		for (j = i; j < t.n && strcmp(t.refs[j].source, t.refs[i].source) == 0; j++)
			;
		files[nfiles].path = t.refs[i].source;
		if (!(files[nfiles++].reason = read_file(st, t.refs, i, j, err)))
			goto out;
	}
	jsonw_open(w);
	jsonw_kint(w, "per_item", EVIDENCE_TEXT_PER_ITEM);
	jsonw_kint(w, "max_bytes", EVIDENCE_TEXT_MAX);
	jsonw_key(w, "lines");
	jsonw_array(w);
	for (size_t i = 0; i < t.n; i++) {
		if (!t.refs[i].text || (i && by_place(&t.refs[i - 1], &t.refs[i]) == 0))
			continue;       /* not read, or cited twice */
		jsonw_open(w);
		jsonw_kstr(w, "source", t.refs[i].source);
		jsonw_kint(w, "line", t.refs[i].line);
		jsonw_kstr(w, "text", t.refs[i].text);
		jsonw_kint(w, "bytes", (int64_t)t.refs[i].bytes);
		write_command(w, &t.refs[i]);
		jsonw_close(w);
	}
	jsonw_end_array(w);
	jsonw_key(w, "unavailable");
	jsonw_array(w);
	for (size_t i = 0; i < nfiles; i++) {
		if (!*files[i].reason)
			continue;
		jsonw_open(w);
		jsonw_kstr(w, "source", files[i].path);
		jsonw_kstr(w, "reason", files[i].reason);
		jsonw_close(w);
	}
	jsonw_end_array(w);
	jsonw_close(w);
	rc = 0;
	goto out;
oom:
	diag_oom(err);
out:
	for (size_t i = 0; i < t.n; i++) {
		free(t.refs[i].source);
		free(t.refs[i].text);
	}
	free(t.refs);
	free(files);
	return rc;
}
