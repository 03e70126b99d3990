/* gen_caddy.c - writes a large, realistic Caddy access log for benchmarks:
 * the real lines of a Caddy log (testdata/caddy/access.log) replayed in
 * turn, with the values that vary in production varied per line: ts,
 * duration, remote_port, the client IP and the request id.
 *
 *   gen_caddy TEMPLATE.log BYTES > big.log
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_ids.h"

#define MAX_TEMPLATES 4096

/* Copies line to out with the value after `key` replaced by `val`. The value
 * is a JSON number, a string, or an array of strings. */
static size_t replace_value(char *out, size_t cap, const char *line, const char *key,
			    const char *val)
{
	const char *k = strstr(line, key), *v, *end;
	size_t n;

	if (!k)
		return (size_t)snprintf(out, cap, "%s", line);
	v = k + strlen(key);
	if (*v == '[') {        /* a header's array of strings */
		int in_str = 0;

		for (end = v + 1; *end && (in_str || *end != ']'); end++)
			if (*end == '"' && end[-1] != '\\')
				in_str = !in_str;
		end++;
	} else if (*v == '"') {
		for (end = v + 1; *end && !(*end == '"' && end[-1] != '\\'); end++)
			;
		end++;
	} else {
		end = v + strspn(v, "0123456789.eE+-");
	}
	n = (size_t)(v - line);
	return (size_t)snprintf(out, cap, "%.*s%s%s", (int)n, line, val, end);
}

int main(int argc, char **argv)
{
	static char *tmpl[MAX_TEMPLATES];
	static char a[1 << 20], b[1 << 20];
	char *line = NULL, val[64];
	size_t cap = 0, nt = 0;
	long long want, written = 0;
	FILE *in;

	if (argc != 3 || (want = atoll(argv[2])) <= 0) {
		fprintf(stderr, "usage: gen_caddy TEMPLATE.log BYTES > out.log\n");
		return 2;
	}
	in = fopen(argv[1], "r");
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	while (getline(&line, &cap, in) > 0 && nt < MAX_TEMPLATES)
		if (strstr(line, "\"logger\":\"http.log.access"))
			tmpl[nt++] = strdup(line);
	fclose(in);
	if (nt == 0) {
		fprintf(stderr, "gen_caddy: no access lines in '%s'\n", argv[1]);
		return 1;
	}
	for (unsigned long long i = 0; written < want; i++) {
		const char *t = tmpl[i % nt];
		unsigned long long h = bench_hash(i), end = bench_end_us(i);
		char id[48];
		size_t n;

		snprintf(val, sizeof(val), "%llu.%06llu", end / 1000000, end % 1000000);
		replace_value(a, sizeof(a), t, "\"ts\":", val);
		snprintf(val, sizeof(val), "0.%09llu", bench_duration_ns(i));
		replace_value(b, sizeof(b), a, "\"duration\":", val);
		snprintf(val, sizeof(val), "\"%llu\"", 1024 + (h >> 8) % 60000);
		replace_value(a, sizeof(a), b, "\"remote_port\":", val);
		snprintf(val, sizeof(val), "[\"%llu.%llu.%llu.%llu\"]", 11 + (h >> 40) % 200,
			 (h >> 32) % 256, (h >> 24) % 256, 1 + (h >> 16) % 254);
		replace_value(b, sizeof(b), a, "\"Cf-Connecting-Ip\":", val);
		bench_request_id(i, id, sizeof(id));
		snprintf(val, sizeof(val), "[\"%s\"]", id);
		n = replace_value(a, sizeof(a), b, "\"X-Request-Id\":", val);
		fwrite(a, 1, n, stdout);
		written += (long long)n;
	}
	return 0;
}
