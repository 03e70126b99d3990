/* test_html.c - report.html from hand-written models: the parts in order,
 * every finding kind and verdict, hostile strings inert in every context,
 * a model without checks or timeline, and the size cap. */
#include "cmocka_include.h"

#include <inttypes.h>

#include "report_fixture.h"
#include "util/buf.h"

static const char *after(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	if (!p)
		fail_msg("missing: %s", needle);
	return p;
}

static void test_parts_in_order(void **state)
{
	static const char *const order[] = {
		"<section id=\"headline\">", "<section id=\"overview\">", "<section id=\"checks\">",
		"<section id=\"timeline\">",
		"<svg class=\"timeline\"", "<section id=\"findings\">",
		"<section class=\"kind\" id=\"timeout-clusters\">",
		"<section class=\"kind\" id=\"limiter-collapses\">",
		"<section class=\"kind\" id=\"post-write-stalls\">", "<section id=\"sources\">",
		"<script type=\"application/json\" id=\"model\">", "</html>",
	};
	char *out = render_fixture("html", "full.json", NULL);
	const char *p;

	(void)state;
	assert_non_null(out);
	p = out;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		p = after(p, order[i]);
	free(out);
}

static void test_content(void **state)
{
	static const char *const want[] = {
		/* the headline: three statements, the most requests first (5
		 * timed out, 4 refused, 2 stalled), each linked to its first finding */
		"<ol class=\"headline\">\n<li><strong>5 requests timed out</strong> in 2 clusters",
		"3 \xc3\x97 408 from",
		"(16.7% of its requests); <code>GET /health</code> stayed fast. "
		"<a class=\"go\" href=\"#timeout-clusters-1\">Evidence</a></li>",
		"<li><strong>4 requests refused</strong> by 2 collapsed rate-limit buckets",
		"keyed 5 clients on <code>172.21.0.4</code> (the peer); 2 refused on their first or "
		"second try (the largest).",
		"<li><strong>2 requests timed out after their write had committed</strong>: the first, "
		"<code>POST /guilds/{id}/channels/{id}/messages</code>, wrote <code>messages</code> then "
		"waited 9831 ms (search ack_wait).",
		"</ol>\n<p class=\"meta\"><a href=\"#checks\">3 of 8 checks failed</a>: Limiter keying, "
		"Fan-out and search-ack backpressure, Post-write boundary.</p>",
		/* the window: open start from the timeline, the --until bound */
		"analyze 0.1.0 \xc2\xb7 window 2026-11-29T23:21:10.000Z \xe2\x80\x93 "
		"2026-11-30T00:00:00.000Z</p>",
		/* UTC and the offset */
		"All times are UTC on the proxy's clock; server clock offset -42 ms from proxy "
		"(393 request_id pairs)",
		/* the board: every check, every verdict */
		"<tr id=\"check-hop_latency\"><td><span class=\"verdict v-PASS\">PASS</span>",
		"<tr id=\"check-auth_latency\"><td><span class=\"verdict v-UNKNOWN\">UNKNOWN</span>",
		"<tr id=\"check-limiter_keying\"><td><span class=\"verdict v-FAIL\">FAIL</span>",
		"<tr id=\"check-restarts\">", "<summary>all 9 lines, first 1</summary>",
		/* findings with their details and evidence */
		"<article class=\"finding\" id=\"timeout-clusters-2\">",
		"<code>POST, DELETE /voice/token</code>: 2 \xc3\x97 408",
		"3 of 18 requests to the route (16.7%)",
		"<article class=\"finding\" id=\"limiter-collapses-1\">",
		"<td><code>203.0.113.13</code></td><td class=\"num\">2</td><td><code>\xe2\x80\x93</code>",
		"<article class=\"finding\" id=\"post-write-stalls-2\">",
		"<code>messages</code> key <code>01JDZ3K6Q8W0000000000000AB</code>",
		"linked by shared_id", "<dt>Write to response</dt><dd>9831 ms</dd>",
		"<li><code>inputs/caddy/access.log:76</code> <code class=\"cmd\">",
		/* the timeline: bars, marks, restarts, db strip, bands */
		"class=\"s408\"", "class=\"m408\"", "class=\"m429\"", "<g class=\"restart\">",
		"<a href=\"#timeout-clusters-1\"><rect class=\"band408\"",
		"<a href=\"#limiter-collapses-1\"><rect class=\"band429\"",
		/* the db strip: a bar per interval, its numbers in its title, one line under it */
		"\">database backends (pg_stat_activity)</text>",
		"<g><title>2026-11-29T23:21:20.000Z active=4 waiting=2 backends=6 captures=1</title>"
		"<rect class=\"db-all\"",
		"<span class=\"key kwaiting\">waiting</span>",
		"<p class=\"meta db-summary\">Database: 3 pg_stat_activity captures; at most 4 active, "
		"2 waiting, of 6 backends; no lock episode.</p>\n</section>",
		/* sources */
		"<td class=\"num bad\">1</td>",
	};
	char *out = render_fixture("html", "full.json", NULL);

	(void)state;
	assert_non_null(out);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		after(out, want[i]);
	/* nothing is fetched: no URL but the CSP's own words */
	assert_null(strstr(out, "http://"));
	assert_null(strstr(out, "https://"));
	assert_null(strstr(out, " src="));
	free(out);
}

/* Each statement links to the finding it names: the largest cluster,
 * bucket or lock episode even when it is not the first; the first stall. */
static void test_headline_links(void **state)
{
	static const char model[] =
		"{\"findings\":{\"limiter_collapses\":[{\"limiter\":\"a\",\"distinct_clients\":2,"
		"\"rejections\":9},{\"limiter\":\"b\",\"distinct_clients\":7,\"rejections\":1}],"
		"\"timeout_clusters\":[{\"route\":\"/x\",\"count\":1},{\"route\":\"/y\",\"count\":2},"
		"{\"route\":\"/z\",\"count\":2}],"
		"\"lock_waits\":[{\"relation\":\"r\",\"timed_out\":0},{\"relation\":\"s\","
		"\"timed_out\":0}]}}";
	char *out = render_model("html", model, sizeof(model) - 1, NULL);

	(void)state;
	assert_non_null(out);
	after(out, "keyed 7 clients on <code>\xe2\x80\x93</code>; 0 refused on their first or second try (the "
		   "largest). <a class=\"go\" href=\"#limiter-collapses-2\">Evidence</a></li>");
	/* ties: the first of the largest */
	after(out, "The largest on <code>none /y</code>: 2 \xc3\x97 408");
	after(out, "<a class=\"go\" href=\"#timeout-clusters-2\">Evidence</a></li>");
	after(out, "held <code>r</code> from");
	after(out, "<a class=\"go\" href=\"#lock-waits-1\">Evidence</a></li>");
	assert_int_equal(count_of(out, "<a class=\"go\" href=\"#"), 3);
	assert_int_equal(count_of(out, "-1\">Evidence</a>"), 1);
	free(out);
}

/* The db strip: a rect per non-zero number of each interval, each lock
 * episode a band linked to its finding (escaped, cut to the axis, none when
 * it lies outside); folded to one line when there is no capture. */
static void test_db_strip(void **state)
{
	static const char locks[] =
		"{\"timeline\":{\"interval_ms\":1000,\"buckets\":[{\"t\":\"2026-01-01T00:00:00.000Z\","
		"\"2xx\":1}],\"db_activity\":[{\"t\":\"2026-01-01T00:00:01.000Z\",\"active\":3,"
		"\"waiting\":2,\"backends\":4,\"captures\":1},{\"t\":\"2026-01-01T00:00:09.000Z\","
		"\"active\":1,\"waiting\":0,\"backends\":4,\"captures\":1}],\"restarts\":[]},"
		"\"findings\":{\"lock_waits\":[{\"relation\":\"<b>t\",\"start\":\"2026-01-01T00:00:01.000Z\","
		"\"end\":\"2026-01-01T00:00:03.000Z\",\"blocked_backends\":2},"
		"{\"relation\":\"later\",\"start\":\"2027-01-01T00:00:00.000Z\","
		"\"end\":\"2027-01-01T00:00:01.000Z\",\"blocked_backends\":1}]}}";
	static const char none[] =
		"{\"timeline\":{\"interval_ms\":1000,\"buckets\":[{\"t\":\"2026-01-01T00:00:00.000Z\","
		"\"2xx\":1}],\"db_activity\":[],\"restarts\":[]}}";
	char *out = render_model("html", locks, sizeof(locks) - 1, NULL);

	(void)state;
	assert_non_null(out);
	after(out, "<a href=\"#lock-waits-1\"><rect class=\"bandlock\" x=\"142.0\" y=\"256.0\" "
		   "width=\"189.0\" height=\"60.0\"><title>lock_waits &lt;b&gt;t: 2 backends "
		   "blocked</title></rect></a>");
	assert_null(strstr(out, "#lock-waits-2\""));           /* outside the axis */
	assert_int_equal(count_of(out, "<rect class=\"db-all\""), 2);
	assert_int_equal(count_of(out, "<rect class=\"db-active\""), 2);
	assert_int_equal(count_of(out, "<rect class=\"db-waiting\""), 1);   /* 0 draws nothing */
	after(out, "<rect class=\"db-all\" x=\"142.00\" y=\"256.00\" width=\"93.60\" "
		   "height=\"60.00\"/><rect class=\"db-active\" x=\"142.00\" y=\"271.00\" "
		   "width=\"93.60\" height=\"45.00\"/><rect class=\"db-waiting\" x=\"142.00\" "
		   "y=\"286.00\" width=\"93.60\" height=\"30.00\"/>");
	after(out, "<p class=\"meta db-summary\">Database: 2 pg_stat_activity captures; at most 3 "
		   "active, 2 waiting, of 4 backends; <a href=\"#lock-waits\">2 lock episodes</a>.</p>");
	assert_null(strstr(out, "db-none"));
	free(out);
	out = render_model("html", none, sizeof(none) - 1, NULL);
	assert_non_null(out);
	after(out, "</svg>\n<p class=\"legend\">");
	after(out, "<span class=\"key krestart\">server restart</span></p>\n"
		   "<p class=\"meta db-none\">No database captures in this window "
		   "(pg_stat_activity).</p>\n</section>");
	assert_null(strstr(out, "database backends"));
	assert_null(strstr(out, "<rect class=\"db-"));
	assert_null(strstr(out, "db-summary"));
	after(out, "<svg class=\"timeline\" viewBox=\"0 0 1000 256\"");   /* no strip's height */
	free(out);
}

/* Every probe is text: no tag, attribute or script end comes from the model. */
static void test_hostile(void **state)
{
	char *out = render_fixture("html", "hostile.json", NULL);
	const char *p;

	(void)state;
	assert_non_null(out);
	assert_null(strstr(out, "<script>"));
	assert_null(strstr(out, "<img"));
	assert_null(strstr(out, "<svg onload"));
	assert_null(strstr(out, "\"'>"));
	assert_null(strstr(out, "<!--"));
	/* our two script elements and no other: the model JSON cannot close its own */
	assert_int_equal(count_of(out, "<script"), 2);
	assert_int_equal(count_of(out, "</script>"), 2);
	after(out, "/guilds/&lt;script&gt;document.documentElement.setAttribute(&#39;data-xss&#39;");
	after(out, "logs/access&lt;img src=x onerror=&quot;");
	after(out, "\\u003c/script\\u003e\\u003cscript\\u003e");
	/* terminal controls are meaningless in a page: replaced, not passed */
	assert_null(strchr(out, '\x1b'));
	assert_null(strstr(out, "\xe2\x80\xae"));      /* nor a bidi override */
	/* a cluster lists its timed-out requests, each kind a badge, as text */
	after(out, "<details class=\"members\"><summary>Each timed-out request (2)</summary>");
	after(out, "<span class=\"badge\">lock_wait&lt;img src=x onerror=");
	/* a hostile time is shown as text, never parsed into the SVG */
	after(out, "<g class=\"restart\">");
	/* the headline names the warned file, as text, before any finding */
	after(out, "<section id=\"headline\">\n<p class=\"headline\"><a href=\"#sources\">1 file "
		   "has a warning</a>: <code>logs/access&lt;img src=x onerror=");
	/* a file warning is listed under the sources, as text */
	after(out, "<li class=\"bad\"><code>logs/access&lt;img src=x onerror=");
	after(out, "</code>: field &#39;&quot;&#39;&gt;&lt;svg onload=");
	/* the overview: route, method, client and user agent as text, in the
	 * cell and in its title attribute */
	after(out, "<tr><td><code>POST&quot;&#39;&gt;&lt;svg onload=");
	after(out, " /guilds/&lt;img src=x onerror=&quot;");
	after(out, "<div title=\"&quot;&#39;&gt;&lt;svg onload=");
	after(out, "<code>Mozilla/5.0 &lt;script&gt;document.");
	/* the changed routes: the route as text, only the known marks as badges */
	p = after(out, "<table class=\"changed\">");
	p = after(p, "<tr><td><code>POST&quot;&#39;&gt;&lt;svg onload=");
	p = after(p, "</code> <span class=\"badge mark-failing\">failing</span></td>");
	after(out, "<time datetime=\"&lt;img src=x onerror=");
	/* an evidence line's text and its command, as text */
	after(out, "<code class=\"cmd\">sed -n &#39;64p&#39; &#39;access&quot;&#39;\\&#39;&#39;&gt;&lt;svg");
	after(out, "<pre class=\"line\">{&quot;uri&quot;:&quot;/x&lt;script&gt;document.");
	after(out, "&lt;/script&gt;&lt;script&gt;document.documentElement.setAttribute(&#39;data-xss&#39;,"
		   "&#39;end&#39;)&lt;/script&gt;&lt;!--");
	free(out);
}

/* Evidence: the lines the model read back, each with its command and text
 * (cut lines say their length), the others with why not, then all of them
 * folded; in the check board the lines are folded too. */
static void test_evidence_text(void **state)
{
	char *out = render_fixture("html", "full.json", NULL);
	const char *p;

	(void)state;
	assert_non_null(out);
	p = after(out, "<article class=\"finding\" id=\"timeout-clusters-1\">");
	p = after(p, "<div class=\"ev\">Evidence: <ul class=\"lines\"><li><code>inputs/caddy/access.log:64"
		  "</code> <code class=\"cmd\">sed -n &#39;64p&#39; &#39;inputs/caddy/access.log&#39;</code>"
		  "<pre class=\"line\">{&quot;level&quot;:&quot;error&quot;,&quot;status&quot;:408,"
		  "&quot;uri&quot;:&quot;/api/guilds/1/channels/2/messages&quot;}\xe2\x80\xa6 (702 bytes)"
		  "</pre></li>");
	p = after(p, "<li><code>inputs/caddy/access.log:76</code> <code class=\"cmd\">");
	p = after(p, "{&quot;level&quot;:&quot;error&quot;,&quot;status&quot;:408}</pre></li>");
	p = after(p, "<li><code>inputs/caddy/access.log:77</code> <span class=\"none\">(line not read "
		  "back)</span></li></ul></div>");
	/* the limiter collapse: the server log is gone; 6 lines, 2 listed */
	p = after(p, "<li><code>inputs/server/server.log:201</code> <span class=\"none\">(file gone)"
		  "</span></li>");
	after(p, "<details class=\"evidence\"><summary>all 6 lines, first 2</summary>");
	p = after(out, "<tr id=\"check-limiter_keying\">");
	after(p, "<details class=\"lines\"><summary>the lines</summary><ul class=\"lines\">");
	free(out);
}

static void test_partial_model(void **state)
{
	char *out = render_fixture("html", "empty.json", NULL);

	(void)state;
	assert_non_null(out);
	after(out, "<p class=\"headline\">No 408 clusters, limiter bucket collapses or post-write "
		   "stalls in 0 requests from 0 sources.</p>\n<p class=\"meta\">This model has no "
		   "check board.</p>");
	after(out, "<p class=\"none\">No timeline in this model.</p>");
	assert_non_null(strstr(out, " \xc2\xb7 all data, no requests</p>"));
	after(out, "server clock offset unknown (no pairs to estimate it), taken as 0 ms");
	assert_int_equal(count_of(out, "None found."), 3);
	free(out);
}

/* Files read with warnings open the headline, linked to the sources: named
 * up to three, the rest counted; a quiet model says nothing of them. */
static void test_headline_warnings(void **state)
{
	static const char two[] =
		"{\"sources\":[{\"path\":\"a.log\",\"warnings\":[\"x\",\"y\"]},"
		"{\"path\":\"quiet.log\",\"warnings\":[]},{\"path\":\"b.log\",\"warnings\":[\"z\"]}],"
		"\"findings\":{\"timeout_clusters\":[]}}";
	static const char four[] =
		"{\"sources\":[{\"path\":\"a\",\"warnings\":[\"x\"]},{\"path\":\"b\",\"warnings\":[\"x\"]},"
		"{\"path\":\"c\",\"warnings\":[\"x\"]},{\"path\":\"d\",\"warnings\":[\"x\"]}]}";
	static const char one[] = "{\"sources\":[{\"path\":\"a.log\",\"warnings\":[\"x\",\"y\"]}]}";
	char *out;

	(void)state;
	out = render_model("html", two, sizeof(two) - 1, NULL);
	assert_non_null(out);
	after(out, "<section id=\"headline\">\n<p class=\"headline\"><a href=\"#sources\">2 files have "
		   "warnings</a>: <code>a.log</code>, <code>b.log</code>. They were read, but maybe "
		   "wrongly.</p>\n<p class=\"headline\">No 408 clusters in 0 requests from 3 sources.</p>");
	free(out);
	out = render_model("html", four, sizeof(four) - 1, NULL);
	assert_non_null(out);
	after(out, "\">4 files have warnings</a>: <code>a</code>, <code>b</code>, <code>c</code> and "
		   "1 more. They");
	free(out);
	out = render_model("html", one, sizeof(one) - 1, NULL);
	assert_non_null(out);
	after(out, "\">1 file has warnings</a>: <code>a.log</code>. They");
	free(out);
	/* sources without warnings, and no sources: no such sentence */
	out = render_fixture("html", "full.json", NULL);
	assert_non_null(out);
	assert_null(strstr(out, "have warnings"));
	assert_null(strstr(out, "has warnings"));
	assert_null(strstr(out, "has a warning"));
	after(out, "<section id=\"headline\">\n<ol class=\"headline\">");
	free(out);
	out = render_fixture("html", "empty.json", NULL);
	assert_non_null(out);
	assert_null(strstr(out, "warning</a>"));
	assert_null(strstr(out, "warnings</a>"));
	free(out);
}

/* A kind this writer has no view for still gets its section, its headline
 * sentence and its fields, escaped like everything else. */
static void test_unknown_kind(void **state)
{
	char *out = render_fixture("html", "unknown_kind.json", NULL);
	const char *p;

	(void)state;
	assert_non_null(out);
	after(out, "<li><strong>1 disk stalls</strong>. <a class=\"go\" href=\"#disk-stalls-1\">");
	p = after(out, "<section class=\"kind\" id=\"disk-stalls\">\n<h3>Disk stalls (1)</h3>\n");
	p = after(p, "<article class=\"finding\" id=\"disk-stalls-1\">");
	p = after(p, "<dt>relation</dt><dd>guild_members</dd>");
	p = after(p, "<dt>holder_pid</dt><dd>4242</dd>");
	p = after(p, "<dt>granted</dt><dd>false</dd>");
	p = after(p, "<dt>query</dt><dd>&lt;img src=x onerror=alert(1)&gt; LOCK TABLE</dd>");
	p = after(p, "<dt>waiters</dt><dd>a, b</dd>");
	p = after(p, "<dt>holder</dt><dd>an object (see the JSON report)</dd>");
	after(p, "<code>psql/locks.txt:7</code>");
	assert_null(strstr(out, "<img"));
	/* the known kind keeps its own view beside it */
	after(out, "<h3>408 clusters (0)</h3>");
	free(out);
}

/* 5000 stalls with long strings: lists stop, the page stays under 5 MB. */
static void test_size_cap(void **state)
{
	struct buf m;
	char *out, route[2001];
	size_t n;

	(void)state;
	memset(route, '<', sizeof(route) - 1);
	route[sizeof(route) - 1] = '\0';
	buf_init(&m, (size_t)64 << 20);
	buf_adds(&m, "{\"findings\":{\"post_write_stalls\":[");
	for (int i = 0; i < 5000; i++)
		buf_printf(&m, "%s{\"route\":\"%s\",\"status\":408,\"start\":\"2026-11-29T23:00:00.000Z\","
			   "\"write\":{\"written_at\":\"2026-11-29T23:00:01.000Z\"},\"evidence\":"
			   "[{\"source\":\"%s\",\"line\":%d}]}", i ? "," : "", route, route, i + 1);
	buf_adds(&m, "]}}");
	out = render_model("html", m.data, m.len, &n);
	buf_release(&m);
	assert_non_null(out);
	assert_true(n < (size_t)5 << 20);
	after(out, "more not shown.");
	after(out, "Lists were shortened to keep this page small");
	assert_null(strstr(out, "id=\"model\""));       /* too big to ride along */
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parts_in_order),
		cmocka_unit_test(test_content),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_db_strip),
		cmocka_unit_test(test_headline_links),
		cmocka_unit_test(test_evidence_text),
		cmocka_unit_test(test_partial_model),
		cmocka_unit_test(test_unknown_kind),
		cmocka_unit_test(test_headline_warnings),
		cmocka_unit_test(test_size_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
