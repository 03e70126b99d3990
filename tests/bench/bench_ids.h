/* bench_ids.h - the synthetic request i of the benchmark generators: its
 * id, end time and duration, so gen_caddy's requests and gen_tracing's
 * server events belong together. */
#ifndef ANALYZE_BENCH_IDS_H
#define ANALYZE_BENCH_IDS_H

#include <stdio.h>

static unsigned long long bench_hash(unsigned long long i)
{
	return i * 0x9e3779b97f4a7c15ULL;
}

/* 2000 requests a second from 2026-11-29T23:00:00Z; µs since the epoch. */
static unsigned long long bench_end_us(unsigned long long i)
{
	return (1795993200ULL + i / 2000) * 1000000ULL + (i % 2000) * 500 + bench_hash(i) % 500;
}

static unsigned long long bench_duration_ns(unsigned long long i)
{
	return (bench_hash(i) >> 20) % 90000000ULL + 300000ULL;
}

static void bench_request_id(unsigned long long i, char *out, size_t n)
{
	unsigned long long h = bench_hash(i);

	snprintf(out, n, "%08llx-%04llx-4%03llx-a%03llx-%012llx", (h >> 32) & 0xffffffffULL,
		 (h >> 16) & 0xffff, i & 0xfff, (h >> 4) & 0xfff, i & 0xffffffffffffULL);
}

#endif
