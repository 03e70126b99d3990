/* jsonw.h - writing JSON with yajl_gen, in the few shapes the report uses:
 * keys, strings, integers, fixed-point numbers, times as RFC 3339 strings.
 * A leaf helper: knows nothing of the project. Errors stick: once a write
 * fails, later ones do nothing and jsonw_finish() reports it. */
#ifndef ANALYZE_JSONW_H
#define ANALYZE_JSONW_H

#include <stdint.h>
#include <yajl/yajl_gen.h>

#include "util/buf.h"

struct jsonw {
	yajl_gen g;
	struct buf *out;        /* borrowed: the text goes here */
	int failed;
};

int jsonw_init(struct jsonw *w, struct buf *out, int pretty);
int jsonw_finish(struct jsonw *w);      /* 0, or -1 if any write failed */
void jsonw_open(struct jsonw *w);       /* { */
void jsonw_close(struct jsonw *w);      /* } */
void jsonw_array(struct jsonw *w);      /* [ */
void jsonw_end_array(struct jsonw *w);  /* ] */
void jsonw_key(struct jsonw *w, const char *k);
void jsonw_str(struct jsonw *w, const char *s);         /* NULL writes null */
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_fixed(struct jsonw *w, double v, int decimals);  /* 0.5 -> "0.500" as a number */
void jsonw_bool(struct jsonw *w, int v);
void jsonw_null(struct jsonw *w);
void jsonw_time(struct jsonw *w, int64_t us);           /* "2026-11-29T23:03:33.805Z" */
/* key + value in one call */
void jsonw_kstr(struct jsonw *w, const char *k, const char *s);
void jsonw_kint(struct jsonw *w, const char *k, int64_t v);
void jsonw_ktime(struct jsonw *w, const char *k, int64_t us);

#endif
