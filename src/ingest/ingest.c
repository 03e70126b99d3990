/* ingest.c - per file: resume check, sniff, parse, store in one transaction.
 *
 * What was ingested is recognised by content, not name: a file version read
 * to its end is known by its size and first raw bytes (skipped unread); a
 * content by its first line, plus a check of the bytes before where the last
 * ingest stopped. So a renamed or gzipped rotated copy adds only its new
 * tail, and a file that grew is resumed. */
#include "ingest/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ingest/pipeline.h"
#include "reader/reader.h"
#include "sniff/sniff.h"
#include "util/diskfree.h"
#include "util/fingerprint.h"
#include "util/profile.h"

#define PROGRESS_EVERY 16384    /* lines between looks at the clock */
#define PROGRESS_SECONDS 0.25   /* between progress lines */

#define SHOW_REJECTS 3     /* rejects named on stderr per file; the rest are counted */
#define REASONS_MAX 8      /* distinct reject reasons counted per file; later ones are not */

/* A file's reject reasons and how often each came, for the warning when
 * most of its lines were rejected. Reasons are mostly fixed sentences; a
 * JSON error's " at byte N" is left out, so one error is one reason
 * whatever its byte. Past REASONS_MAX distinct ones, new ones go
 * uncounted: memory stays bounded. */
struct reasons {
	char *text[REASONS_MAX];        /* owned: reasons_release() */
	int64_t n[REASONS_MAX];
	int used;
	int64_t first_line;             /* of the first reject */
};

/* why's length without a last " at byte 123" */
static size_t reason_len(const char *why)
{
	static const char at[] = " at byte ";
	size_t n = strlen(why), k = n;

	while (k > 0 && why[k - 1] >= '0' && why[k - 1] <= '9')
		k--;
	if (k == n || k < sizeof(at) - 1 || memcmp(why + k - (sizeof(at) - 1), at, sizeof(at) - 1))
		return n;
	return k - (sizeof(at) - 1);
}

static void reasons_add(struct reasons *r, const char *why, int64_t line)
{
	size_t n = reason_len(why);
	int i = 0;

	if (!r->first_line)
		r->first_line = line;
	while (i < r->used && (strlen(r->text[i]) != n || memcmp(r->text[i], why, n) != 0))
		i++;
	if (i == r->used) {
		if (r->used == REASONS_MAX || !(r->text[i] = strndup(why, n)))
			return;
		r->used++;
	}
	r->n[i]++;
}

/* The index of the most common reason (the first of equals); -1: none. */
static int reasons_top(const struct reasons *r)
{
	int top = -1;

	for (int i = 0; i < r->used; i++)
		if (top < 0 || r->n[i] > r->n[top])
			top = i;
	return top;
}

static void reasons_release(struct reasons *r)
{
	for (int i = 0; i < r->used; i++)
		free(r->text[i]);
	r->used = 0;
}

struct ingest_ctx {
	struct store *st;
	int64_t source_id;
	int64_t records, rejects, warnings;
	struct reasons why;             /* of this ingest's rejects */
	const char *name;               /* the file as messages name it; NULL: quiet */
	const char *path;               /* the same, also when quiet: warnings are said */
};

static int store_emit(void *ctx, const struct record *rec, struct diag *err)
{
	struct ingest_ctx *c = ctx;

	if (rec->kind == REC_REJECT && c->name && c->rejects < SHOW_REJECTS)
		fprintf(stderr, "analyze: %s:%lld: %s\n", c->name, (long long)rec->line,
			rec->u.reject.reason);
	if (rec->kind == REC_WARNING) {
		/* a doubt about the whole file: said even with --quiet, so a
		 * nightly run that read a file wrongly does not look quiet */
		fprintf(stderr, "analyze: warning: %s: %s\n", c->path, rec->u.warning.reason);
		c->warnings++;
	}
	if (rec->kind == REC_REJECT) {
		c->rejects++;
		reasons_add(&c->why, rec->u.reject.reason, rec->line);
	}
	else if (rec->kind == REC_REQUEST || rec->kind == REC_PROXY_EVENT ||
		 rec->kind == REC_EVENT || rec->kind == REC_SNAPSHOT)
		c->records++;
	return store_insert(c->st, c->source_id, rec, err);
}

/* The first SNIFF_LINES lines, copied: the reader's buffer moves on. */
struct head {
	struct line lines[SNIFF_LINES];
	int n;
	int at_end;                     /* the content has no more lines */
};

static void head_release(struct head *h)
{
	for (int i = 0; i < h->n; i++)
		free(h->lines[i].text);
	h->n = 0;
}

static int head_read(struct head *h, struct reader *r, struct diag *err)
{
	while (h->n < SNIFF_LINES) {
		struct line l;
		int got = reader_next(r, &l, err);

		if (got < 0)
			return -1;
		if (got == 0) {
			h->at_end = 1;
			break;
		}
		h->lines[h->n] = l;
		h->lines[h->n].text = malloc(l.len + 1);
		if (!h->lines[h->n].text)
			return diag_oom(err);
		memcpy(h->lines[h->n].text, l.text, l.len + 1);
		h->n++;
	}
	return 0;
}

/* Every reader of a plain file holds back a last line still being written. */
static int open_reader(struct reader **r, const char *path, struct diag *err)
{
	const struct reader_info *info;

	if (reader_open(r, path, err) < 0)
		return -1;
	info = reader_info(*r);
	if (info->is_regular && !info->compression)
		reader_hold_partial(*r);
	return 0;
}

static uint64_t head_hash(const struct line *first)
{
	size_t n = first->len < READER_RAW_HEAD ? first->len : READER_RAW_HEAD;

	return fingerprint_update(FINGERPRINT_SEED, first->text, n);
}

struct resume {
	struct reader *r;
	const char *path;
	int64_t raw_size;
	int touched;                    /* r was reopened and moved */
	int matched;
	struct source_state found;
	struct diag *err;
	int failed;
};

/* store_find_sources() callback: does this content continue that source?
 * Each candidate is checked from a freshly opened reader. */
static int try_source(void *ctx, const struct source_state *s)
{
	struct resume *rs = ctx;
	const struct reader_info *info = reader_info(rs->r);
	uint64_t tail;
	int rc;

	if (!info->compression && info->is_regular && s->bytes > rs->raw_size)
		return 0;       /* longer than this whole file */
	reader_free(rs->r);
	rs->r = NULL;
	rs->touched = 1;
	if (open_reader(&rs->r, rs->path, rs->err) < 0 ||
	    (rc = reader_skip(rs->r, s->bytes, s->lines, s->tail_len, &tail, rs->err)) < 0) {
		rs->failed = 1;
		return 1;
	}
	if (rc == 0 && tail == s->tail_hash) {
		rs->found = *s;
		rs->matched = 1;
		return 1;
	}
	return 0;
}

/* store_find_sources() callback for a stream read to its end: an earlier
 * content with the same first line, length and last bytes is this one. */
struct stream_match {
	const struct source_state *read;        /* what the stream gave (its own id) */
	int found;
};

static int same_stream(void *ctx, const struct source_state *s)
{
	struct stream_match *m = ctx;

	m->found = s->id != m->read->id && s->bytes == m->read->bytes &&
		   s->lines == m->read->lines && s->tail_hash == m->read->tail_hash &&
		   s->tail_len == m->read->tail_len;
	return m->found;
}

/* "\r<path>: 41% of 120.5 MB, 182776 lines, about 12 s left" on a
 * terminal (cron's stderr is none: nothing is printed there). The share is
 * of the file's bytes; a compressed file's content size is unknown. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A stream has no modification time: it is being written now. */
static int64_t now_realtime_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void progress(const char *path, const struct reader *r, int64_t lines, double t0,
		     int done)
{
	const struct reader_info *info = reader_info(r);
	double at = (double)reader_offset(r), size = (double)info->raw_size;
	double spent = now_s() - t0;

	if (done) {
		fprintf(stderr, "\r\033[K");
		return;
	}
	if (info->is_regular && !info->compression && size > 0 && at > 0 && at <= size)
		fprintf(stderr, "\r\033[K%s: %.0f%% of %.1f MB, %lld lines, about %.0f s left", path,
			100.0 * at / size, size / 1e6, (long long)lines, spent * (size - at) / at);
	else
		fprintf(stderr, "\r\033[K%s: %.1f MB, %lld lines", path, at / 1e6, (long long)lines);
}

/* The database grows by at most about the content it stores, and while a
 * file is ingested its pages are written twice (WAL, then the database):
 * docs/cron.md asks for 1.4 times the growth free. A compressed file's
 * content is taken as 8 times its size (logs compress 8-20 fold). Checked
 * before a byte is stored, so a full disk is a clear message, not a
 * failed transaction after an hour. */
#define SPACE_FACTOR 1.4
#define COMPRESSED_RATIO 8

static int check_space(const struct ingest_opts *o, const struct reader_info *info,
		       int64_t resumed_at, struct diag *err)
{
	double content, need;
	int64_t free_bytes;

	if (!o->db || !info->is_regular || strcmp(o->db, ":memory:") == 0)
		return 0;       /* a stream's size is unknown */
	content = (double)info->raw_size * (info->compression ? COMPRESSED_RATIO : 1);
	need = SPACE_FACTOR * (content - (double)resumed_at);
	free_bytes = disk_free_beside(o->db);
	if (free_bytes < 0 || need <= (double)free_bytes)
		return 0;
	return diag_db(err, "not enough free space for the database '%s': %.0f MB free, about "
		       "%.0f MB needed (1.4 times what this file may add; see docs/cron.md)",
		       o->db, (double)free_bytes / 1e6, need / 1e6);
}

/* A file read mostly as rejects gets a warning of its own, for any format:
 * more than half of the lines read this time rejected, or nothing but
 * rejects (a psql file whose other lines were only frames). Half, not all:
 * a format that changed mid-file, or a form a parser half knows, still
 * reads as a file that was not read; a stray banner or a cut line among
 * good ones (at most half) is what the rejects count tells. A file its
 * parser already warned of gets none: that warning is the specific one
 * (a field missing on every line, a duration unit), its rejects follow. */
static int warn_rejects(struct ingest_ctx *c, const char *format, int64_t lines,
			struct diag *err)
{
	struct record rec = { .kind = REC_WARNING };
	char why[512];
	int top = reasons_top(&c->why);

	if (c->rejects == 0 || c->warnings > 0 || top < 0 ||
	    (2 * c->rejects <= lines && c->records > 0))
		return 0;
	if (c->rejects >= lines)
		snprintf(why, sizeof(why), "all %lld lines rejected as %s", (long long)lines,
			 format);
	else
		snprintf(why, sizeof(why), "%lld of %lld lines rejected as %s",
			 (long long)c->rejects, (long long)lines, format);
	snprintf(why + strlen(why), sizeof(why) - strlen(why), "; most often (%lld): %s",
		 (long long)c->why.n[top], c->why.text[top]);
	rec.line = c->why.first_line;
	rec.u.warning.reason = why;
	return store_emit(c, &rec, err);
}

/* What the parser thread needs. */
struct parse_job {
	const struct parser *p;
	void *ps;
	struct reader *r;
	const struct head *h;           /* lines read ahead for sniffing, or NULL */
	const struct ingest_opts *o;
	const char *path;
};

/* Feeds lines to the parser until the end of the content (pipeline worker). */
static int parse_rest(void *ctx, const struct sink *sink, struct diag *err)
{
	const struct parse_job *j = ctx;
	struct line l;
	int64_t n = 0;
	double t0 = now_s(), last = t0;
	int got;

	for (int i = 0; j->h && i < j->h->n; i++)
		if (j->p->line(j->ps, &j->h->lines[i], sink, err) < 0)
			return -1;
	while ((got = reader_next(j->r, &l, err)) > 0) {
		if (j->p->line(j->ps, &l, sink, err) < 0)
			return -1;
		if (j->o->progress && ++n % PROGRESS_EVERY == 0 && now_s() - last >= PROGRESS_SECONDS) {
			last = now_s();
			progress(j->path, j->r, l.no, t0, 0);
		}
	}
	if (j->o->progress && n >= PROGRESS_EVERY)
		progress(j->path, j->r, 0, t0, 1);
	if (got < 0)
		return -1;
	return j->p->finish(j->ps, sink, err);
}

int ingest_file(struct store *st, const char *path, const struct ingest_opts *o,
		struct ingest_result *res, struct diag *err)
{
	struct resume rs = { .path = path, .err = err };
	struct head h = { .n = 0 };
	const char *shown = strcmp(path, "-") == 0 ? "(stdin)" : path;
	struct ingest_ctx ctx = { .st = st, .name = o->quiet ? NULL : shown, .path = shown };
	struct sink sink = { store_emit, &ctx };
	const struct reader_info *info;
	const struct parser *p = NULL;
	void *ps = NULL;
	struct source_state ss;
	struct parse_opts po;           /* o->parse and this file's time */
	struct parse_job job;
	uint64_t hh, tail;
	int64_t known;
	double t0;
	int rc = -1, found, kept_broken = 0, drop = 0;

	memset(res, 0, sizeof(*res));
	if (open_reader(&rs.r, path, err) < 0)
		return -1;
	info = reader_info(rs.r);
	rs.raw_size = info->raw_size;
	/* Look-ups happen under the write lock: a concurrent ingest of the
	 * same file waits, then sees what this one stored. */
	if (store_begin(st, err) < 0)
		goto out;
	if (info->is_regular) {
		found = store_find_file(st, info->raw_head_hash, info->raw_size, &known, err);
		if (found < 0)
			goto out;
		if (found) {
			res->unchanged = 1;
			rc = store_note_file(st, info->raw_head_hash, info->raw_size, path, known, err);
			goto out;
		}
	}
	if (head_read(&h, rs.r, err) < 0)
		goto out;
	if (h.n == 0) {
		if (reader_broken(rs.r))
			*err = *reader_broken(rs.r);
		else
			rc = 0; /* empty: nothing to remember until it has a line */
		goto out;
	}
	hh = head_hash(&h.lines[0]);
	/* a stream (stdin, a FIFO) cannot be read twice: it is checked
	 * against what is known once it has been read (same_stream()) */
	if (info->is_regular &&
	    (store_find_sources(st, hh, try_source, &rs, err) < 0 || rs.failed))
		goto out;
	if (rs.touched && !rs.matched) {
		/* back to just after the head for a fresh source */
		reader_free(rs.r);
		rs.r = NULL;
		head_release(&h);
		if (open_reader(&rs.r, path, err) < 0 || head_read(&h, rs.r, err) < 0)
			goto out;
	}
	info = reader_info(rs.r);
	if (rs.matched) {
		ss = rs.found;
		res->seen_lines = ss.lines;
		p = parser_by_name(ss.format);
		head_release(&h);
		if (!p) {
			diag_set(err, "stored format '%s' is unknown to this analyze", ss.format);
			goto out;
		}
	} else {
		p = o->format ? parser_by_name(o->format) : sniff(h.lines, h.n);
		if (!p) {
			diag_set(err, "format not recognised from its first lines (use --format)");
			res->unrecognised = 1;
			goto out;
		}
		memset(&ss, 0, sizeof(ss));
		if (store_create_source(st, path, p->name, hh, &ss.id, err) < 0)
			goto out;
	}
	if (check_space(o, info, ss.bytes, err) < 0)
		goto out;
	/* a compressed file's size on disk understates it: its indexes stay */
	if (info->is_regular && !info->compression &&
	    store_bulk_prepare(st, p->name, info->raw_size - ss.bytes, err) < 0)
		goto out;
	ctx.source_id = ss.id;
	res->format = p->name;
	po = o->parse;
	po.file_time_us = info->mtime_us ? info->mtime_us : now_realtime_us();
	if (p->open(&ps, &po, err) < 0)
		goto out;
	job = (struct parse_job){ p, ps, rs.r, rs.matched ? NULL : &h, o, path };
	t0 = profile_start();
	if (pipeline_run(parse_rest, &job, &sink, err) < 0)
		goto out;
	profile_end(t0, "ingest: parse and insert");
	ss.bytes = reader_offset(rs.r);
	reader_tail(rs.r, &tail, &ss.tail_len);
	ss.tail_hash = tail;
	ss.lines = reader_lineno(rs.r);
	if (!info->is_regular) {
		struct stream_match m = { &ss, 0 };

		if (store_find_sources(st, hh, same_stream, &m, err) < 0)
			goto out;
		if (m.found) {
			/* piped twice: what this read stored goes, as for a known file */
			res->unchanged = 1;
			rc = 0;
			drop = 1;
			goto out;
		}
	}
	if (warn_rejects(&ctx, p->name, ss.lines - res->seen_lines, err) < 0)
		goto out;
	if (store_update_source(st, path, &ss, ctx.records, ctx.rejects, err) < 0)
		goto out;
	/* The file version known from now on is what was read, not what the
	 * file was at open: truncated under the ingest (copytruncate), its
	 * rotated copy is then "what was read + a tail", resumed, not skipped.
	 * A compressed file that broke off was not read to its end: it is
	 * tried (and named) again next time. */
	if (info->is_regular && !reader_broken(rs.r) &&
	    store_note_file(st, info->raw_head_hash, info->compression ? info->raw_size : ss.bytes,
			    path, ss.id, err) < 0)
		goto out;
	res->held_bytes = reader_held(rs.r);
	res->padding_bytes = reader_padding(rs.r);
	res->shrank = reader_shrank(rs.r);
	res->records = ctx.records;
	res->rejects = ctx.rejects;
	res->warnings = ctx.warnings;
	kept_broken = reader_broken(rs.r) != NULL;
	rc = 0;
out:
	if (ps)
		p->close(ps);
	head_release(&h);
	reasons_release(&ctx.why);
	t0 = profile_start();
	if (rc == 0 && !drop && store_commit(st, err) < 0)
		rc = -1;
	profile_end(t0, "ingest: commit");
	if (rc < 0 || drop)
		store_rollback(st);
	else if (kept_broken) {
		/* kept, and still a failure: the night's run must say so */
		diag_set_class(err, reader_broken(rs.r)->cls, "%s (the %lld records before it are kept)",
			       reader_broken(rs.r)->msg, (long long)res->records);
		rc = -1;
	}
	reader_free(rs.r);
	return rc;
}
