/* timeconv.c - log time forms <-> int64 µs since the epoch, UTC. */
#include "util/timeconv.h"

#include <stdio.h>
#include <string.h>

/* Howard Hinnant's days_from_civil: exact for every Gregorian date. */
int64_t timeconv_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* Reads exactly `width` digits at *p; advances it. */
static int digits(const char **p, const char *end, int width, int *out)
{
	int v = 0;

	if (end - *p < width)
		return -1;
	for (int i = 0; i < width; i++) {
		char c = (*p)[i];

		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += width;
	*out = v;
	return 0;
}

/* ".123456789": up to 9 digits (more are read and dropped) -> µs, rounded
 * down as log tools do; *p is left after the digits. */
static int fraction_us(const char **p, const char *end, int64_t *us)
{
	int64_t v = 0;
	int n = 0;

	while (*p < end && **p >= '0' && **p <= '9') {
		if (n < 6)
			v = v * 10 + (**p - '0');
		n++;
		(*p)++;
	}
	if (n == 0)
		return -1;
	for (int i = n; i < 6; i++)
		v *= 10;
	*us = v;
	return 0;
}

int timeconv_parse_rfc3339(const char *s, size_t n, int64_t *us)
{
	const char *p = s, *end = s + n;
	int y, mo, d, h, mi, sec, oh = 0, om = 0;
	int64_t frac = 0, off = 0, days;
	char sep;

	if (digits(&p, end, 4, &y) < 0 || p == end || (*p != '-' && *p != '/'))
		return -1;
	sep = *p++;
	if (digits(&p, end, 2, &mo) < 0 || p == end || *p++ != sep ||
	    digits(&p, end, 2, &d) < 0 || p == end || (*p != 'T' && *p != 't' && *p != ' '))
		return -1;
	p++;
	if (digits(&p, end, 2, &h) < 0 || p == end || *p++ != ':' ||
	    digits(&p, end, 2, &mi) < 0 || p == end || *p++ != ':' ||
	    digits(&p, end, 2, &sec) < 0)
		return -1;
	if (p < end && (*p == '.' || *p == ',')) {
		p++;
		if (fraction_us(&p, end, &frac) < 0)
			return -1;
	}
	if (p < end && (*p == 'Z' || *p == 'z')) {
		p++;
	} else if (p < end && (*p == '+' || *p == '-')) {
		int sign = *p++ == '-' ? -1 : 1;

		if (digits(&p, end, 2, &oh) < 0)
			return -1;
		if (p < end && *p == ':')
			p++;
		if (digits(&p, end, 2, &om) < 0)
			return -1;
		off = sign * ((int64_t)oh * 3600 + om * 60);
	}
	if (p != end || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60 || oh > 23 || om > 59)
		return -1;
	days = timeconv_days_from_civil(y, (unsigned)mo, (unsigned)d);
	*us = ((days * 86400 + h * 3600 + mi * 60 + sec) - off) * US_PER_SEC + frac;
	return 0;
}

/* "123.456" -> integer part and the first 9 fraction digits as nanoseconds. */
static int split_decimal(const char *s, size_t n, int64_t *ip, int64_t *frac_ns)
{
	const char *p = s, *end = s + n;
	int64_t v = 0, f = 0;
	int nd = 0, fd = 0;

	if (p < end && *p == '-')
		return -1;      /* no negative times or durations in these logs */
	for (; p < end && *p >= '0' && *p <= '9'; p++, nd++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (p < end && *p == '.') {
		for (p++; p < end && *p >= '0' && *p <= '9'; p++, fd++)
			if (fd < 9)
				f = f * 10 + (*p - '0');
		if (fd == 0)
			return -1;
	}
	if (p != end || nd == 0)
		return -1;
	for (int i = fd; i < 9; i++)
		f *= 10;
	*ip = v;
	*frac_ns = f;
	return 0;
}

int timeconv_parse_epoch_number(const char *s, size_t n, int64_t *us)
{
	int64_t ip, fns;

	if (split_decimal(s, n, &ip, &fns) < 0)
		return -1;
	if (ip >= INT64_C(100000000000000000))
		*us = ip / 1000;
	else if (ip >= INT64_C(100000000000000))
		*us = ip;
	else if (ip >= INT64_C(100000000000))
		*us = ip * 1000 + fns / 1000000;
	else
		*us = ip * US_PER_SEC + fns / 1000;
	return 0;
}

int timeconv_parse_seconds(const char *s, size_t n, int64_t *us)
{
	int64_t ip, fns;

	if (split_decimal(s, n, &ip, &fns) < 0 || ip > INT64_MAX / US_PER_SEC - 1)
		return -1;
	*us = ip * US_PER_SEC + (fns + 500) / 1000;
	return 0;
}

int timeconv_parse_go_duration(const char *s, size_t n, int64_t *us)
{
	static const struct {
		const char *unit;
		int64_t ns;
	} units[] = {
		{ "ns", 1 }, { "us", 1000 }, { "\xc2\xb5s", 1000 }, { "\xce\xbcs", 1000 },
		{ "ms", 1000000 }, { "s", 1000000000 }, { "m", INT64_C(60000000000) },
		{ "h", INT64_C(3600000000000) },
	};
	const char *p = s, *end = s + n;
	int64_t total_ns = 0;

	if (n == 1 && *s == '0') {
		*us = 0;
		return 0;
	}
	if (p == end)
		return -1;
	while (p < end) {
		const char *num = p, *u;
		int64_t ip, fns, mul = 0, part;
		size_t ulen = 0;

		while (p < end && ((*p >= '0' && *p <= '9') || *p == '.'))
			p++;
		if (split_decimal(num, (size_t)(p - num), &ip, &fns) < 0)
			return -1;
		u = p;
		while (p < end && !(*p >= '0' && *p <= '9') && *p != '.')
			p++;
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			size_t l = strlen(units[i].unit);

			if ((size_t)(p - u) == l && memcmp(u, units[i].unit, l) == 0) {
				mul = units[i].ns;
				ulen = l;
				break;
			}
		}
		if (!ulen || ip > INT64_MAX / mul / 2)
			return -1;
		/* fns is billionths of the unit: for m and h, fns * mul would overflow */
		part = ip * mul + (mul >= 1000000000 ? fns * (mul / 1000000000) :
				   fns * mul / 1000000000);
		if (part > INT64_MAX / 2 - total_ns)
			return -1;      /* the sum stays below half the range: + 500 is safe */
		total_ns += part;
	}
	*us = (total_ns + 500) / 1000;
	return 0;
}

void timeconv_format_ms(int64_t us, char *out, size_t outlen)
{
	int64_t secs = us / US_PER_SEC, rem = us % US_PER_SEC, days, y;
	unsigned m, d;
	int sod;

	if (rem < 0) {
		rem += US_PER_SEC;
		secs--;
	}
	days = secs / 86400;
	sod = (int)(secs % 86400);
	if (sod < 0) {
		sod += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(out, outlen, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", (long long)y, m, d,
		 sod / 3600, sod / 60 % 60, sod % 60, (int)(rem / 1000));
}
