/* jsonw.c - yajl_gen with sticky errors and the report's value shapes. */
#include "util/jsonw.h"

#include <stdio.h>
#include <string.h>

#include "util/timeconv.h"

static void to_buf(void *ctx, const char *s, size_t n)
{
	struct jsonw *w = ctx;

	if (buf_add(w->out, s, n) < 0)
		w->failed = 1;
}

int jsonw_init(struct jsonw *w, struct buf *out, int pretty)
{
	w->out = out;
	w->failed = 0;
	w->g = yajl_gen_alloc(NULL);
	if (!w->g)
		return -1;
	yajl_gen_config(w->g, yajl_gen_print_callback, to_buf, w);
	yajl_gen_config(w->g, yajl_gen_beautify, pretty);
	yajl_gen_config(w->g, yajl_gen_indent_string, "  ");
	/* "</script>" in log text is the HTML writer's to escape, not the model's */
	yajl_gen_config(w->g, yajl_gen_escape_solidus, 0);
	return 0;
}

int jsonw_finish(struct jsonw *w)
{
	yajl_gen_free(w->g);
	w->g = NULL;
	return w->failed ? -1 : 0;
}

static void check(struct jsonw *w, yajl_gen_status st)
{
	if (st != yajl_gen_status_ok)
		w->failed = 1;
}

void jsonw_open(struct jsonw *w)
{
	check(w, yajl_gen_map_open(w->g));
}

void jsonw_close(struct jsonw *w)
{
	check(w, yajl_gen_map_close(w->g));
}

void jsonw_array(struct jsonw *w)
{
	check(w, yajl_gen_array_open(w->g));
}

void jsonw_end_array(struct jsonw *w)
{
	check(w, yajl_gen_array_close(w->g));
}

void jsonw_key(struct jsonw *w, const char *k)
{
	check(w, yajl_gen_string(w->g, (const unsigned char *)k, strlen(k)));
}

void jsonw_str(struct jsonw *w, const char *s)
{
	if (!s)
		check(w, yajl_gen_null(w->g));
	else
		check(w, yajl_gen_string(w->g, (const unsigned char *)s, strlen(s)));
}

void jsonw_int(struct jsonw *w, int64_t v)
{
	check(w, yajl_gen_integer(w->g, (long long)v));
}

void jsonw_fixed(struct jsonw *w, double v, int decimals)
{
	char num[64];
	int n = snprintf(num, sizeof(num), "%.*f", decimals, v);

	check(w, yajl_gen_number(w->g, num, (size_t)n));
}

void jsonw_bool(struct jsonw *w, int v)
{
	check(w, yajl_gen_bool(w->g, v));
}

void jsonw_null(struct jsonw *w)
{
	check(w, yajl_gen_null(w->g));
}

void jsonw_time(struct jsonw *w, int64_t us)
{
	char t[40];

	timeconv_format_ms(us, t, sizeof(t));
	jsonw_str(w, t);
}

void jsonw_kstr(struct jsonw *w, const char *k, const char *s)
{
	jsonw_key(w, k);
	jsonw_str(w, s);
}

void jsonw_kint(struct jsonw *w, const char *k, int64_t v)
{
	jsonw_key(w, k);
	jsonw_int(w, v);
}

void jsonw_ktime(struct jsonw *w, const char *k, int64_t us)
{
	jsonw_key(w, k);
	jsonw_time(w, us);
}
