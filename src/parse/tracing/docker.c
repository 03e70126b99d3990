/* docker.c - Docker's wrappers around a container's lines, unwrapped to the
 * inner lines, whose form (json, text, pretty) is found per stream.
 *
 * json-file driver: {"log":"...\n","stream":"stdout","time":"RFC3339Nano"}.
 * A line of 16 KiB or more is cut into records whose "log" has no trailing
 * newline; they are joined until one has it, and the joined line keeps the
 * first record's line number and time (Docker gives every piece that time).
 *
 * docker compose logs: "service-1  | line", the prefix maybe coloured. Each
 * service is its own stream. A service whose lines are not tracing output
 * (the proxy, say) is rejected line by line with that reason: its own log
 * is the place to ingest it from. */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/json_scan.h"
#include "parse/tracing/event.h"
#include "util/timeconv.h"

#define MAX_SERVICES 16
#define SERVICE_NAME_MAX 64

#define COMPOSE_RE \
	"^(?:\\x1b\\[[0-9;]*m)?([A-Za-z0-9][A-Za-z0-9_.-]{0,62}) *\\|(?:\\x1b\\[[0-9;]*m)? ?"

static pcre2_code *compose_re;         /* once per run, shared, never freed */
static pthread_once_t compose_once = PTHREAD_ONCE_INIT;

struct service {
	char name[SERVICE_NAME_MAX + 1];
	struct tr_inner inner;
};

enum jf_key { JF_NONE, JF_LOG, JF_TIME, JF_OTHER };

struct tr_docker {
	int compose;
	void *md;
	/* json-file */
	struct tr_inner inner;
	struct buf log, time, part, lbuf;
	struct buf unescaped;           /* json_scan's decoded strings */
	int has_log, has_time, log_type_bad, time_type_bad, depth, top_is_object;
	enum jf_key key;
	int has_part;
	int64_t part_no, part_off, part_wts;
	/* compose */
	struct service svc[MAX_SERVICES];
	int nsvc;
};

static void compose_compile(void)
{
	int code;
	PCRE2_SIZE at;

	compose_re = pcre2_compile((PCRE2_SPTR)COMPOSE_RE, PCRE2_ZERO_TERMINATED,
				   PCRE2_MATCH_INVALID_UTF, &code, &at, NULL);
	if (compose_re)
		(void)pcre2_jit_compile(compose_re, PCRE2_JIT_COMPLETE);
}

static int compose_match(void *md, const char *s, size_t n, size_t *name_off,
			 size_t *name_len, size_t *end)
{
	PCRE2_SIZE *ov;

	pthread_once(&compose_once, compose_compile);
	if (!compose_re || !md ||
	    pcre2_match(compose_re, (PCRE2_SPTR)s, n, 0, 0, md, NULL) < 0)
		return 0;
	ov = pcre2_get_ovector_pointer(md);
	*name_off = ov[2];
	*name_len = ov[3] - ov[2];
	*end = ov[1];
	return 1;
}

int tr_docker_is_json_file(const char *text, size_t len)
{
	size_t i = strspn(text, " \t");

	return len - i >= 7 && memcmp(text + i, "{\"log\":", 7) == 0;
}

int tr_docker_is_compose(void *md, const char *text, size_t len)
{
	size_t o, n, e;

	return compose_match(md, text, len, &o, &n, &e);
}

int tr_docker_open(struct tr_docker **out, int compose, struct diag *err)
{
	struct tr_docker *d = calloc(1, sizeof(*d));

	if (!d)
		return diag_oom(err);
	d->compose = compose;
	d->md = tr_md_new();
	if (!d->md) {
		free(d);
		return diag_oom(err);
	}
	buf_init(&d->log, READER_MAX_LINE + 1);
	buf_init(&d->time, 256);
	buf_init(&d->part, READER_MAX_LINE);
	buf_init(&d->lbuf, READER_MAX_LINE + 1);
	buf_init(&d->unescaped, READER_MAX_LINE);
	*out = d;
	return 0;
}

void tr_docker_free(struct tr_docker *d)
{
	if (!d)
		return;
	tr_inner_release(&d->inner);
	for (int i = 0; i < d->nsvc; i++)
		tr_inner_release(&d->svc[i].inner);
	buf_release(&d->log);
	buf_release(&d->time);
	buf_release(&d->part);
	buf_release(&d->lbuf);
	buf_release(&d->unescaped);
	tr_md_free(d->md);
	free(d);
}

/* Hands s[0..n) to an inner stream as the line numbered `no`. */
static int deliver(struct tr_docker *d, struct tr_inner *in, const char *s, size_t n,
		   int64_t no, int64_t off, int64_t wts, const struct sink *out, struct diag *err)
{
	struct line l = { .no = no, .off = off };

	if (n && s[n - 1] == '\r')
		n--;
	buf_reset(&d->lbuf);
	if (buf_add(&d->lbuf, s, n) < 0)
		return diag_oom(err);
	l.text = d->lbuf.data;
	l.len = n;
	return tr_inner_line(in, &l, wts, out, err);
}

/* --- json-file ----------------------------------------------------------- */

static int jf_scalar(struct tr_docker *d, int is_string, const char *s, size_t n)
{
	if (d->depth != 1)
		return 1;
	if (d->key == JF_LOG) {
		d->has_log = 1;
		if (!is_string)
			d->log_type_bad = 1;
		else if (tr_set(&d->log, s, n) < 0)
			return 0;
	} else if (d->key == JF_TIME) {
		d->has_time = 1;
		if (!is_string || tr_set(&d->time, s, n) < 0)
			d->time_type_bad = 1;
	}
	return 1;
}

static int jf_null(void *ctx)
{
	return jf_scalar(ctx, 0, "", 0);
}

static int jf_bool(void *ctx, int v)
{
	(void)v;
	return jf_scalar(ctx, 0, "", 0);
}

static int jf_number(void *ctx, const char *s, size_t n)
{
	return jf_scalar(ctx, 0, s, n);
}

static int jf_string(void *ctx, const char *s, size_t n)
{
	return jf_scalar(ctx, 1, s, n);
}

static int jf_key(void *ctx, const char *s, size_t n)
{
	struct tr_docker *d = ctx;

	if (d->depth == 1)
		d->key = n == 3 && memcmp(s, "log", 3) == 0 ? JF_LOG :
			 n == 4 && memcmp(s, "time", 4) == 0 ? JF_TIME : JF_OTHER;
	return 1;
}

static int jf_open(void *ctx)
{
	struct tr_docker *d = ctx;

	if (d->depth == 0)
		d->top_is_object = 1;
	else
		jf_scalar(d, 0, "", 0);         /* a container where a value belongs */
	d->depth++;
	return 1;
}

static int jf_array(void *ctx)
{
	struct tr_docker *d = ctx;

	jf_scalar(d, 0, "", 0);
	d->depth++;
	return 1;
}

static int jf_close(void *ctx)
{
	((struct tr_docker *)ctx)->depth--;
	return 1;
}

static const struct json_handlers jf_handlers = {
	jf_null, jf_bool, jf_number, jf_string, jf_open, jf_key,
	jf_close, jf_array, jf_close,
};

static int json_file_line(struct tr_docker *d, const struct line *l, const struct sink *out,
			  struct diag *err)
{
	struct json_error je;
	const char *reason = NULL, *s, *end;
	char why_json[160];
	int64_t wts = RECORD_NONE;

	if (strspn(l->text, " \t") == l->len)
		return 0;
	d->depth = d->has_log = d->has_time = d->log_type_bad = d->time_type_bad = 0;
	d->top_is_object = 0;
	d->key = JF_NONE;
	if (json_scan(l->text, l->len, &jf_handlers, d, &d->unescaped, &je) != JSON_OK)
		reason = json_error_reason(&je, why_json, sizeof(why_json));
	if (!reason && !d->top_is_object)
		reason = "not a JSON object";
	else if (!reason && !d->has_log)
		reason = "missing field 'log' in a docker record";
	else if (!reason && d->log_type_bad)
		reason = "field 'log' is not a string";
	else if (!reason && d->has_time &&
		 (d->time_type_bad || timeconv_parse_rfc3339(d->time.data, d->time.len, &wts) < 0))
		reason = "field 'time' is not a time";
	if (reason)
		return parser_reject(out, l, reason, err);

	/* "log" holds a line's piece: cut at newlines, join the rest */
	s = d->log.data ? d->log.data : "";
	end = s + d->log.len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		if (!d->has_part) {
			d->part_no = l->no;
			d->part_off = l->off;
			d->part_wts = wts;
		}
		if (!nl) {
			if (buf_add(&d->part, s, n) < 0) {
				buf_reset(&d->part);
				d->has_part = 0;
				return parser_reject(out, l, "joined docker record too long", err);
			}
			d->has_part = 1;
			break;
		}
		if (d->has_part) {
			int rc;

			if (buf_add(&d->part, s, n) < 0) {
				buf_reset(&d->part);
				d->has_part = 0;
				return parser_reject(out, l, "joined docker record too long", err);
			}
			rc = deliver(d, &d->inner, d->part.data, d->part.len, d->part_no,
				     d->part_off, d->part_wts, out, err);
			buf_reset(&d->part);
			d->has_part = 0;
			if (rc < 0)
				return -1;
		} else if (deliver(d, &d->inner, s, n, l->no, l->off, wts, out, err) < 0) {
			return -1;
		}
		s = nl + 1;
	}
	return 0;
}

/* --- compose ------------------------------------------------------------- */

static int compose_line(struct tr_docker *d, const struct line *l, const struct sink *out,
			struct diag *err)
{
	size_t name_off, name_len, end;
	struct service *sv = NULL;
	char why[160];

	if (strspn(l->text, " \t") == l->len)
		return 0;
	if (!compose_match(d->md, l->text, l->len, &name_off, &name_len, &end))
		return parser_reject(out, l, "no docker compose prefix", err);
	for (int i = 0; i < d->nsvc; i++)
		if (strlen(d->svc[i].name) == name_len &&
		    memcmp(d->svc[i].name, l->text + name_off, name_len) == 0)
			sv = &d->svc[i];
	if (!sv) {
		if (d->nsvc == MAX_SERVICES)
			return parser_reject(out, l, "too many docker compose services", err);
		sv = &d->svc[d->nsvc++];
		memcpy(sv->name, l->text + name_off, name_len);
		sv->name[name_len] = '\0';
	}
	if (!sv->inner.form && strspn(l->text + end, " \t") != l->len - end &&
	    !tr_form_guess(l->text + end, l->len - end)) {
		snprintf(why, sizeof(why), "line of compose service '%s' is not tracing output",
			 sv->name);
		return parser_reject(out, l, why, err);
	}
	return deliver(d, &sv->inner, l->text + end, l->len - end, l->no, l->off, RECORD_NONE,
		       out, err);
}

int tr_docker_line(struct tr_docker *d, const struct line *l, const struct sink *out,
		   struct diag *err)
{
	if (l->too_long) {
		char why[64];

		snprintf(why, sizeof(why), "line longer than %d bytes", READER_MAX_LINE);
		return parser_reject(out, l, why, err);
	}
	return d->compose ? compose_line(d, l, out, err) : json_file_line(d, l, out, err);
}

int tr_docker_finish(struct tr_docker *d, const struct sink *out, struct diag *err)
{
	if (d->has_part) {
		/* the input ended inside a split line: keep what there is */
		int rc = deliver(d, &d->inner, d->part.data, d->part.len, d->part_no,
				 d->part_off, d->part_wts, out, err);

		buf_reset(&d->part);
		d->has_part = 0;
		if (rc < 0)
			return -1;
	}
	if (tr_inner_finish(&d->inner, out, err) < 0)
		return -1;
	for (int i = 0; i < d->nsvc; i++)
		if (tr_inner_finish(&d->svc[i].inner, out, err) < 0)
			return -1;
	return 0;
}
