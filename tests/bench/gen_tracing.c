/* gen_tracing.c - server events for gen_caddy's requests, as the app's
 * tracing-subscriber JSON writes them (shape of testdata/tracing/json/
 * nested.log): per request tower-http's "finished processing request" with
 * its latency, and for every other one an auth timing event, all inside the
 * request span that carries the proxy's request id.
 *
 *   gen_tracing REQUESTS > server.log
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench_ids.h"
#include "util/timeconv.h"

/* RFC 3339 with microseconds, as tracing-subscriber writes. */
static void rfc3339_us(unsigned long long us, char *out, size_t n)
{
	char ms[40];

	timeconv_format_ms((int64_t)(us / 1000000 * 1000000), ms, sizeof(ms));
	snprintf(out, n, "%.19s.%06lluZ", ms, us % 1000000);
}

int main(int argc, char **argv)
{
	long long n = argc == 2 ? atoll(argv[1]) : 0;

	if (n <= 0) {
		fprintf(stderr, "usage: gen_tracing REQUESTS > server.log\n");
		return 2;
	}
	for (unsigned long long i = 0; i < (unsigned long long)n; i++) {
		unsigned long long end = bench_end_us(i), dur = bench_duration_ns(i) / 1000;
		unsigned long long mid = end - dur / 2, done = end - dur / 10;
		char id[48], t1[48], t2[48], span[256];

		bench_request_id(i, id, sizeof(id));
		rfc3339_us(mid, t1, sizeof(t1));
		rfc3339_us(done, t2, sizeof(t2));
		snprintf(span, sizeof(span), "{\"method\":\"GET\",\"request_id\":\"%s\",\"uri\":"
			 "\"/users/%llu\",\"version\":\"HTTP/1.1\",\"name\":\"request\"}", id, i % 5000);
		if (i % 2 == 0)        /* every other request also times its auth */
			printf("{\"timestamp\":\"%s\",\"level\":\"DEBUG\",\"fields\":{\"event\":"
		       "\"debug.auth.authenticate_with_token.timing\",\"verify_ms\":\"%llu\","
		       "\"username_lookup_ms\":\"1\",\"total_ms\":\"%llu\"},\"target\":"
		       "\"filament_server::server::auth\",\"span\":%s,\"spans\":[%s]}\n",
		       t1, dur / 4000, dur / 2000, span, span);
		printf("{\"timestamp\":\"%s\",\"level\":\"DEBUG\",\"fields\":{\"message\":"
		       "\"finished processing request\",\"latency\":\"%llu ms\",\"status\":200},"
		       "\"target\":\"tower_http::trace::on_response\",\"span\":%s,\"spans\":[%s]}\n",
		       t2, dur * 9 / 10000, span, span);
	}
	return 0;
}
