/* values.c - Caddy's ts and duration forms -> microseconds. */
#include "parse/caddy/values.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/timeconv.h"
#include "util/tz.h"

enum caddy_unit caddy_unit_named(const char *name)
{
	static const struct {
		const char *name;
		enum caddy_unit unit;
	} names[] = {
		{ "s", CADDY_UNIT_S }, { "second", CADDY_UNIT_S }, { "seconds", CADDY_UNIT_S },
		{ "ms", CADDY_UNIT_MS }, { "milli", CADDY_UNIT_MS }, { "millis", CADDY_UNIT_MS },
		{ "ns", CADDY_UNIT_NS }, { "nano", CADDY_UNIT_NS }, { "nanos", CADDY_UNIT_NS },
	};

	for (size_t i = 0; name && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].unit;
	return CADDY_UNIT_UNKNOWN;
}

static int num(const char *s, size_t n, int *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* common_log: "02/Jan/2006:15:04:05 -0700", exactly that long. */
static int common_log(const char *s, size_t n, int64_t *us)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int d, y, h, mi, sec, oh, om, mo = 0;

	if (n != 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' || s[14] != ':' ||
	    s[17] != ':' || s[20] != ' ' || (s[21] != '+' && s[21] != '-'))
		return -1;
	for (int i = 0; i < 12; i++)
		if (memcmp(months + 3 * i, s + 3, 3) == 0)
			mo = i + 1;
	if (!mo || num(s, 2, &d) < 0 || num(s + 7, 4, &y) < 0 || num(s + 12, 2, &h) < 0 ||
	    num(s + 15, 2, &mi) < 0 || num(s + 18, 2, &sec) < 0 || num(s + 22, 2, &oh) < 0 ||
	    num(s + 24, 2, &om) < 0 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 ||
	    oh > 23 || om > 59)
		return -1;
	*us = ((timeconv_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
		mi * 60 + sec) - (s[21] == '-' ? -1 : 1) * (oh * 3600 + om * 60)) * US_PER_SEC;
	return 0;
}

/* After "YYYY-MM-DD HH:MM:SS" and a fraction, is anything (Z, +hh:mm) left? */
static int has_zone(const char *s, size_t n)
{
	size_t i = 19;

	if (i < n && (s[i] == '.' || s[i] == ','))
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
	return i < n;
}

int caddy_ts(const char *s, size_t n, int is_number, const struct tz *tz, int64_t *us)
{
	if (is_number)
		return timeconv_parse_epoch_number(s, n, us);
	if (common_log(s, n, us) == 0)
		return 0;
	if (timeconv_parse_rfc3339(s, n, us) < 0)
		return -1;
	if (tz && !has_zone(s, n)) {
		/* wall, wall_milli, wall_nano: the server's local time */
		int64_t local = *us / US_PER_SEC - (*us % US_PER_SEC < 0);

		*us -= (local - tz_local_to_utc(tz, local)) * US_PER_SEC;
	}
	return 0;
}

enum caddy_unit caddy_duration_hint(const char *s, size_t n)
{
	const char *dot = memchr(s, '.', n);
	size_t digits = 0;

	if (!dot)
		return CADDY_UNIT_NS;
	for (const char *p = dot + 1; p < s + n && *p >= '0' && *p <= '9'; p++)
		digits++;
	return digits >= 7 ? CADDY_UNIT_S : CADDY_UNIT_UNKNOWN;
}

int caddy_duration_number(const char *s, size_t n, enum caddy_unit unit, int64_t *us)
{
	int64_t v;

	if (memchr(s, 'e', n) || memchr(s, 'E', n)) {
		/* not Caddy's (zap prints no exponent), but valid JSON */
		char tmp[64];
		double d;

		if (n >= sizeof(tmp))
			return -1;
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		d = strtod(tmp, NULL);
		d *= unit == CADDY_UNIT_MS ? 1e3 : unit == CADDY_UNIT_NS ? 1e-3 : 1e6;
		if (!isfinite(d) || d < 0 || d > 9e18)
			return -1;
		*us = (int64_t)(d + 0.5);
		return 0;
	}
	if (unit == CADDY_UNIT_NS && !memchr(s, '.', n)) {
		/* duration_format nano: int64 nanoseconds, cut to microseconds */
		char tmp[24], *end;
		long long ns;

		if (n == 0 || n >= sizeof(tmp))
			return -1;
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		ns = strtoll(tmp, &end, 10);
		if (*end != '\0' || ns < 0)
			return -1;
		*us = ns / 1000;
		return 0;
	}
	/* read as seconds: exact to the microsecond, then scaled */
	if (timeconv_parse_seconds(s, n, &v) < 0)
		return -1;
	if (unit == CADDY_UNIT_MS)
		v = (v + 500) / 1000;
	else if (unit == CADDY_UNIT_NS)
		v = (v + 500000000) / 1000000000;
	*us = v;
	return 0;
}
