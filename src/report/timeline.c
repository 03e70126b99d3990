/* timeline.c - the model's "timeline" as inline SVG: requests per interval
 * stacked by status class (408 and 429 on top, and marked), the findings'
 * spans shaded behind them, server restarts as lines, and pg_stat_activity's
 * backends (all, active, waiting) with the lock episodes on a strip below,
 * all on one time axis; no strip but a line when there is no capture.
 * Static markup: it reads without scripts and prints. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report/html.h"
#include "report/html_page.h"
#include "report/kinds.h"
#include "util/timeconv.h"

#define TL_W 1000.0             /* viewBox units */
#define TL_LEFT 48.0
#define TL_RIGHT 12.0
#define TL_REQ_TOP 16.0
#define TL_REQ_H 200.0
#define TL_GAP 40.0
#define TL_DB_H 60.0
#define TL_MAX_BUCKETS 5000     /* more than any screen shows: the model caps below this */

/* The stack, bottom to top; "4xx" in the model excludes 408 and 429. */
static const char *const series[] = { "2xx", "3xx", "4xx", "5xx", "408", "429" };
#define NSERIES (sizeof(series) / sizeof(series[0]))

struct axis {
	int64_t t0, t1;         /* µs */
	double x0, w;
};

static double x_of(const struct axis *a, int64_t t)
{
	return a->x0 + (double)(t - a->t0) / (double)(a->t1 - a->t0) * a->w;
}

static int time_of(yajl_val v, int64_t *us)
{
	return v && YAJL_IS_STRING(v) ? timeconv_parse_rfc3339(v->u.string, strlen(v->u.string), us)
				      : -1;
}

static void widen(struct axis *a, int64_t t)
{
	if (a->t0 > t)
		a->t0 = t;
	if (a->t1 < t)
		a->t1 = t;
}

/* The span every drawn thing covers; 0 when there is nothing to draw. */
static int extent(yajl_val tl, int64_t interval_us, struct axis *a)
{
	static const char *const lists[] = { "buckets", "db_activity" };
	size_t n;
	yajl_val r;
	int64_t t;

	a->t0 = INT64_MAX;
	a->t1 = INT64_MIN;
	for (size_t l = 0; l < 2; l++) {
		yajl_val list = tree_arr(tl, lists[l], &n);

		for (size_t i = 0; i < n && i < TL_MAX_BUCKETS; i++)
			if (time_of(tree_get(tree_at(list, i), "t"), &t) == 0) {
				widen(a, t);
				widen(a, t + interval_us);
			}
	}
	if (a->t0 == INT64_MAX)
		return 0;
	r = tree_arr(tl, "restarts", &n);
	for (size_t i = 0; i < n; i++)
		if (time_of(tree_at(r, i), &t) == 0)
			widen(a, t);
	if (a->t1 == a->t0)
		a->t1 = a->t0 + US_PER_SEC;
	a->x0 = TL_LEFT;
	a->w = TL_W - TL_LEFT - TL_RIGHT;
	return 1;
}

static void clock_label(struct html *h, int64_t us)
{
	char s[40];

	timeconv_format_ms(us, s, sizeof(s));
	s[19] = '\0';           /* HH:MM:SS of "YYYY-MM-DDTHH:MM:SS.mmmZ" */
	html_raw(h, s + 11);
}

static void x_axis(struct html *h, const struct axis *a, double y)
{
	html_fmt(h, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		 a->x0, y, a->x0 + a->w, y);
	for (int i = 0; i <= 5; i++) {
		int64_t t = a->t0 + (a->t1 - a->t0) / 5 * i;
		double x = x_of(a, t);

		html_fmt(h, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x,
			 y + 14, i == 0 ? "start" : i == 5 ? "end" : "middle");
		clock_label(h, t);
		html_raw(h, "</text>\n");
	}
}

/* A finding's start..end cut to the axis; -1 when it has none or lies
 * outside. */
static int span_on_axis(yajl_val f, const struct axis *a, int64_t *s, int64_t *e)
{
	if (time_of(tree_get(f, "start"), s) < 0)
		return -1;
	if (time_of(tree_get(f, "end"), e) < 0)
		*e = *s;
	if (*e < a->t0 || *s > a->t1)
		return -1;
	*s = *s < a->t0 ? a->t0 : *s;
	*e = *e > a->t1 ? a->t1 : *e;
	return 0;
}

/* Shaded spans of the findings of one kind, from top, height high: each a
 * link to its finding's article, titled with the kind and what it is on. */
static void bands(struct html *h, const struct axis *a, const char *kind, const char *cls,
		  double top, double height)
{
	size_t n;
	yajl_val list = tree_arr(tree_get(h->m, "findings"), kind, &n);
	char id[64];

	kind_anchor(kind, id, sizeof(id));
	for (size_t i = 0; i < n && i < HTML_ITEMS_MAX; i++) {
		yajl_val f = tree_at(list, i);
		const char *on = tree_str(f, "route") ? tree_str(f, "route")
			       : tree_str(f, "limiter") ? tree_str(f, "limiter") : tree_str(f, "relation");
		int64_t s, e;

		if (span_on_axis(f, a, &s, &e) < 0)
			continue;
		html_fmt(h, "<a href=\"#%s-%zu\"><rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" "
			 "width=\"%.1f\" height=\"%.1f\"><title>", id, i + 1, cls, x_of(a, s), top,
			 x_of(a, e) - x_of(a, s) + 1, height);
		html_text(h, kind);
		html_raw(h, " ");
		html_text(h, on);
		if (tree_get(f, "blocked_backends"))
			html_fmt(h, ": %" PRId64 " backends blocked", tree_int(f, "blocked_backends", 0));
		html_raw(h, "</title></rect></a>\n");
	}
}

static void requests(struct html *h, yajl_val tl, const struct axis *a, int64_t interval_us)
{
	size_t n;
	yajl_val list = tree_arr(tl, "buckets", &n);
	double ymax = 1, bw = (double)interval_us / (double)(a->t1 - a->t0) * a->w;
	double base = TL_REQ_TOP + TL_REQ_H;

	n = n < TL_MAX_BUCKETS ? n : TL_MAX_BUCKETS;
	for (size_t i = 0; i < n; i++) {
		double sum = 0;

		for (size_t s = 0; s < NSERIES; s++)
			sum += (double)tree_int(tree_at(list, i), series[s], 0);
		ymax = sum > ymax ? sum : ymax;
	}
	html_fmt(h, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>\n"
		 "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">0</text>\n",
		 TL_LEFT - 4, TL_REQ_TOP + 8, ymax, TL_LEFT - 4, base);
	bw = bw > 1.2 ? bw - 0.4 : bw < 0.6 ? 0.6 : bw;
	for (size_t i = 0; i < n; i++) {
		yajl_val b = tree_at(list, i);
		double x, y = base;
		int64_t t;

		if (time_of(tree_get(b, "t"), &t) < 0)
			continue;
		x = x_of(a, t);
		html_raw(h, "<g><title>");
		html_text(h, tree_str(b, "t"));
		for (size_t s = 0; s < NSERIES; s++)
			html_fmt(h, " %s=%" PRId64, series[s], tree_int(b, series[s], 0));
		html_raw(h, "</title>");
		for (size_t s = 0; s < NSERIES; s++) {
			double hgt = (double)tree_int(b, series[s], 0) / ymax * TL_REQ_H;

			if (hgt <= 0)
				continue;
			y -= hgt;
			html_fmt(h, "<rect class=\"s%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
				 "height=\"%.2f\"/>", series[s], x, y, bw, hgt);
		}
		/* 408s and 429s are what the reader hunts for: marked above the bar */
		if (tree_int(b, "408", 0) > 0)
			html_fmt(h, "<path class=\"m408\" d=\"M%.2f %.2fl4 -7h-8z\"/>", x + bw / 2,
				 y - 2);
		if (tree_int(b, "429", 0) > 0)
			html_fmt(h, "<circle class=\"m429\" cx=\"%.2f\" cy=\"%.2f\" r=\"3\"/>",
				 x + bw / 2, y - 13);
		html_raw(h, "</g>\n");
	}
}

static void restarts(struct html *h, yajl_val tl, const struct axis *a, double bottom)
{
	size_t n;
	yajl_val list = tree_arr(tl, "restarts", &n);

	for (size_t i = 0; i < n && i < TL_MAX_BUCKETS; i++) {
		int64_t t;
		double x;

		if (time_of(tree_at(list, i), &t) < 0)
			continue;
		x = x_of(a, t);
		html_fmt(h, "<g class=\"restart\"><line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\"/>"
			 "<text x=\"%.2f\" y=\"%.1f\">restart</text><title>server start ", x,
			 TL_REQ_TOP - 4, x, bottom, x + 2, TL_REQ_TOP + 4);
		html_text(h, tree_at(list, i)->u.string);
		html_raw(h, "</title></g>\n");
	}
}

/* One bar of height v (of ymax) from the strip's bottom. */
static void db_bar(struct html *h, const char *cls, double x, double bw, double bottom,
		   int64_t v, double ymax)
{
	double hgt = (double)v / ymax * TL_DB_H;

	if (hgt > 0)
		html_fmt(h, "<rect class=\"%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
			 "height=\"%.2f\"/>", cls, x, bottom - hgt, bw, hgt);
}

/* Per interval, the backends of the busiest capture: all of them (idle
 * included) behind, the active ones over them, the waiting ones in front. */
static void db_activity(struct html *h, yajl_val tl, const struct axis *a, double top,
			int64_t interval_us)
{
	size_t n;
	yajl_val list = tree_arr(tl, "db_activity", &n);
	double ymax = 1, bottom = top + TL_DB_H;
	double bw = (double)interval_us / (double)(a->t1 - a->t0) * a->w;

	n = n < TL_MAX_BUCKETS ? n : TL_MAX_BUCKETS;
	for (size_t i = 0; i < n; i++) {
		yajl_val p = tree_at(list, i);
		double v = (double)tree_int(p, "backends", 0), act = (double)tree_int(p, "active", 0);

		v = act > v ? act : v;
		ymax = v > ymax ? v : ymax;
	}
	bw = bw > 1.2 ? bw - 0.4 : bw < 0.6 ? 0.6 : bw;
	html_fmt(h, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\">database backends "
		 "(pg_stat_activity)</text>\n"
		 "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>\n"
		 "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">0</text>\n",
		 TL_LEFT, top - 4, TL_LEFT - 4, top + 8, ymax, TL_LEFT - 4, bottom);
	bands(h, a, "lock_waits", "bandlock", top, TL_DB_H);
	for (size_t i = 0; i < n; i++) {
		yajl_val p = tree_at(list, i);
		int64_t t;
		double x;

		if (time_of(tree_get(p, "t"), &t) < 0)
			continue;
		x = x_of(a, t);
		html_raw(h, "<g><title>");
		html_text(h, tree_str(p, "t"));
		html_fmt(h, " active=%" PRId64 " waiting=%" PRId64 " backends=%" PRId64
			 " captures=%" PRId64 "</title>", tree_int(p, "active", 0),
			 tree_int(p, "waiting", 0), tree_int(p, "backends", 0),
			 tree_int(p, "captures", 0));
		db_bar(h, "db-all", x, bw, bottom, tree_int(p, "backends", 0), ymax);
		db_bar(h, "db-active", x, bw, bottom, tree_int(p, "active", 0), ymax);
		db_bar(h, "db-waiting", x, bw, bottom, tree_int(p, "waiting", 0), ymax);
		html_raw(h, "</g>\n");
	}
}

/* What the strip shows, in one line: the captures, their span, the peaks,
 * the lock episodes; or that there is no strip. */
static void db_summary(struct html *h, yajl_val tl)
{
	size_t n, nlock;
	yajl_val list = tree_arr(tl, "db_activity", &n);
	int64_t caps = 0, act = 0, wait = 0, all = 0;

	tree_arr(tree_get(h->m, "findings"), "lock_waits", &nlock);
	if (n == 0) {
		html_raw(h, "<p class=\"meta db-none\">No database captures in this window "
			 "(pg_stat_activity).</p>\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		yajl_val p = tree_at(list, i);

		caps += tree_int(p, "captures", 0);
		act = tree_int(p, "active", 0) > act ? tree_int(p, "active", 0) : act;
		wait = tree_int(p, "waiting", 0) > wait ? tree_int(p, "waiting", 0) : wait;
		all = tree_int(p, "backends", 0) > all ? tree_int(p, "backends", 0) : all;
	}
	html_fmt(h, "<p class=\"meta db-summary\">Database: %" PRId64 " pg_stat_activity "
		 "capture%s; at most %" PRId64 " active, %" PRId64 " waiting, of %" PRId64
		 " backends; ", caps, caps == 1 ? "" : "s", act, wait, all);
	if (nlock)
		html_fmt(h, "<a href=\"#lock-waits\">%zu lock episode%s</a>", nlock,
			 nlock == 1 ? "" : "s");
	else
		html_raw(h, "no lock episode");
	html_raw(h, ".</p>\n");
}

static void legend(struct html *h, int with_db)
{
	html_raw(h, "<p class=\"legend\">");
	for (size_t s = 0; s < NSERIES; s++)
		html_fmt(h, "<span class=\"key k%s\">%s</span> ", series[s],
			 s == 2 ? "4xx (other)" : series[s]);
	html_raw(h, "<span class=\"key kband408\">408 cluster</span> "
		 "<span class=\"key kband429\">limiter collapse</span> "
		 "<span class=\"key krestart\">server restart</span>");
	if (with_db)
		html_raw(h, " <span class=\"key kdball\">db backends</span> "
			 "<span class=\"key kactive\">active</span> "
			 "<span class=\"key kwaiting\">waiting</span> "
			 "<span class=\"key kbandlock\">lock episode</span>");
	html_raw(h, "</p>\n");
}

void html_timeline(struct html *h)
{
	yajl_val tl = tree_get(h->m, "timeline");
	int64_t interval_us = tree_int(tl, "interval_ms", 1000) * 1000;
	size_t ndb;
	struct axis a;
	double height, db_top;

	html_raw(h, "<section id=\"timeline\">\n<h2>Timeline</h2>\n");
	if (interval_us <= 0)
		interval_us = US_PER_SEC;
	if (!tl || !extent(tl, interval_us, &a)) {
		html_raw(h, "<p class=\"none\">No timeline in this model.</p>\n</section>\n");
		return;
	}
	tree_arr(tl, "db_activity", &ndb);
	db_top = TL_REQ_TOP + TL_REQ_H + TL_GAP;
	height = db_top + (ndb ? TL_DB_H + TL_GAP : 0);
	html_fmt(h, "<p class=\"meta\">Requests per %" PRId64 " ms by the time the proxy answered "
		 "them, UTC.</p>\n", interval_us / 1000);
	html_fmt(h, "<svg class=\"timeline\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		 "aria-label=\"requests per interval by status class\">\n", TL_W, height);
	bands(h, &a, "timeout_clusters", "band408", TL_REQ_TOP, TL_REQ_H);
	bands(h, &a, "limiter_collapses", "band429", TL_REQ_TOP, TL_REQ_H);
	requests(h, tl, &a, interval_us);
	x_axis(h, &a, TL_REQ_TOP + TL_REQ_H);
	if (ndb) {
		db_activity(h, tl, &a, db_top, interval_us);
		x_axis(h, &a, db_top + TL_DB_H);
	}
	restarts(h, tl, &a, height - TL_GAP + 2);
	html_raw(h, "</svg>\n");
	legend(h, ndb > 0);
	db_summary(h, tl);
	html_raw(h, "</section>\n");
}
