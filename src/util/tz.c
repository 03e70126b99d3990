/* tz.c - TZif files (RFC 8536) and their POSIX TZ footer -> UTC offsets.
 * Knows nothing of logs. The file is read whole at load: it is a few KiB. */
#include "util/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/timeconv.h"

#define TZ_FILE_MAX (1024 * 1024)
#define TZ_TIMES_MAX 4096
#define TZ_TYPES_MAX 256

/* One DST rule of a POSIX TZ string: "M3.5.0/2", "J60", "59". */
struct tz_rule {
	char kind;              /* 'M', 'J' or 'n' */
	int m, w, d;            /* M: month, week 1..5, weekday 0 = Sunday; J/n: day in d */
	int64_t secs;           /* local time of day of the change; may pass 24 h */
};

struct tz {
	int ntimes, ntypes;
	int64_t times[TZ_TIMES_MAX];
	unsigned char idx[TZ_TIMES_MAX];
	int32_t utoff[TZ_TYPES_MAX];
	unsigned char isdst[TZ_TYPES_MAX];
	/* the footer: rules after the last transition */
	int has_footer, has_dst;
	int64_t std_off, dst_off;       /* seconds east of UTC */
	struct tz_rule start, end;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* "[+-]hh[:mm[:ss]]" -> seconds; advances *s. */
static int posix_time(const char **s, int64_t *out)
{
	const char *p = *s;
	int sign = 1;
	int64_t v = 0, part;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	for (int i = 0; i < 3; i++) {
		if (i > 0) {
			if (*p != ':')
				break;
			p++;
		}
		if (*p < '0' || *p > '9')
			return -1;
		for (part = 0; *p >= '0' && *p <= '9' && part < 1000; p++)
			part = part * 10 + (*p - '0');
		v += part * (i == 0 ? 3600 : i == 1 ? 60 : 1);
	}
	*s = p;
	*out = sign * v;
	return 0;
}

static int posix_name(const char **s)
{
	const char *p = *s;

	if (*p == '<') {
		while (*p && *p != '>')
			p++;
		if (*p != '>')
			return -1;
		p++;
	} else {
		while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
			p++;
	}
	if (p - *s < 3)
		return -1;
	*s = p;
	return 0;
}

static int posix_rule(const char **s, struct tz_rule *r)
{
	const char *p = *s;
	int64_t n = 0;

	r->secs = 7200;
	if (*p == 'M') {
		int v[3] = { 0, 0, 0 };

		p++;
		for (int i = 0; i < 3; i++) {
			if (i > 0 && *p++ != '.')
				return -1;
			if (*p < '0' || *p > '9')
				return -1;
			for (; *p >= '0' && *p <= '9' && v[i] < 100; p++)
				v[i] = v[i] * 10 + (*p - '0');
		}
		if (v[0] < 1 || v[0] > 12 || v[1] < 1 || v[1] > 5 || v[2] > 6)
			return -1;
		r->kind = 'M';
		r->m = v[0], r->w = v[1], r->d = v[2];
	} else {
		r->kind = 'n';
		if (*p == 'J') {
			r->kind = 'J';
			p++;
		}
		if (*p < '0' || *p > '9')
			return -1;
		for (; *p >= '0' && *p <= '9' && n < 1000; p++)
			n = n * 10 + (*p - '0');
		if (n > 365 || (r->kind == 'J' && n < 1))
			return -1;
		r->d = (int)n;
	}
	if (*p == '/') {
		p++;
		if (posix_time(&p, &r->secs) < 0)
			return -1;
	}
	*s = p;
	return 0;
}

/* "CET-1CEST,M3.5.0,M10.5.0/3": POSIX offsets count west, ours east. */
static int parse_footer(struct tz *z, const char *s)
{
	int64_t off;

	if (!*s)
		return 0;
	if (posix_name(&s) < 0 || posix_time(&s, &off) < 0)
		return -1;
	z->std_off = -off;
	z->dst_off = z->std_off + 3600;
	z->has_footer = 1;
	if (!*s)
		return 0;
	if (posix_name(&s) < 0)
		return -1;
	if (*s && *s != ',') {
		if (posix_time(&s, &off) < 0)
			return -1;
		z->dst_off = -off;
	}
	if (*s++ != ',' || posix_rule(&s, &z->start) < 0 || *s++ != ',' ||
	    posix_rule(&s, &z->end) < 0 || *s)
		return -1;
	z->has_dst = 1;
	return 0;
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days since the epoch of the rule's day in year y. */
static int64_t rule_day(const struct tz_rule *r, int64_t y)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int64_t first, day;
	int wday, mlen;

	if (r->kind == 'J')
		return timeconv_days_from_civil(y, 1, 1) + r->d - 1 + (is_leap(y) && r->d >= 60);
	if (r->kind == 'n')
		return timeconv_days_from_civil(y, 1, 1) + r->d;
	first = timeconv_days_from_civil(y, (unsigned)r->m, 1);
	wday = (int)(((first % 7) + 7 + 4) % 7);        /* 1970-01-01 was a Thursday */
	mlen = mdays[r->m - 1] + (r->m == 2 && is_leap(y));
	day = 1 + (r->d - wday + 7) % 7 + (r->w - 1) * 7;
	while (day > mlen)
		day -= 7;
	return first + day - 1;
}

static int64_t year_of(int64_t utc)
{
	int64_t days = utc / 86400 - (utc % 86400 < 0);
	/* civil year from days: Hinnant's algorithm, year only */
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	return (int64_t)yoe + era * 400 + (mp >= 10);
}

static int64_t footer_offset(const struct tz *z, int64_t utc)
{
	int64_t y, start, end;

	if (!z->has_dst)
		return z->std_off;
	y = year_of(utc + z->std_off);
	start = rule_day(&z->start, y) * 86400 + z->start.secs - z->std_off;
	end = rule_day(&z->end, y) * 86400 + z->end.secs - z->dst_off;
	if (start < end)
		return utc >= start && utc < end ? z->dst_off : z->std_off;
	return utc >= end && utc < start ? z->std_off : z->dst_off;   /* southern */
}

int64_t tz_offset_at(const struct tz *z, int64_t utc)
{
	int lo = 0, hi;

	if (!z)
		return 0;
	if (z->ntimes == 0 || utc < z->times[0]) {
		if (z->ntimes == 0 && z->has_footer)
			return footer_offset(z, utc);
		for (int i = 0; i < z->ntypes; i++)
			if (!z->isdst[i])
				return z->utoff[i];
		return z->ntypes ? z->utoff[0] : 0;
	}
	if (utc >= z->times[z->ntimes - 1] && z->has_footer)
		return footer_offset(z, utc);
	hi = z->ntimes - 1;
	while (lo < hi) {               /* the last transition at or before utc */
		int mid = lo + (hi - lo + 1) / 2;

		if (z->times[mid] <= utc)
			lo = mid;
		else
			hi = mid - 1;
	}
	return z->utoff[z->idx[lo]];
}

int64_t tz_local_to_utc(const struct tz *z, int64_t local)
{
	int64_t before = tz_offset_at(z, local - 86400), after = tz_offset_at(z, local + 86400);
	int64_t u;

	/* Of the offsets around that day, the one the result really has. */
	u = local - before;
	if (tz_offset_at(z, u) == before)
		return u;
	u = local - after;
	if (tz_offset_at(z, u) == after)
		return u;
	return local - before;          /* skipped: the offset before the change */
}

int tz_parse(struct tz **out, const unsigned char *data, size_t len, struct diag *err)
{
	const unsigned char *p = data, *end = data + len;
	struct tz *z;
	uint32_t cnt[6];
	int v2, tsize;
	size_t need;
	char footer[128];

	if (len < 44 || memcmp(data, "TZif", 4) != 0)
		return diag_set(err, "not a TZif file");
	v2 = data[4] >= '2';
	for (int pass = 0; pass < 2; pass++) {
		if (end - p < 44 || memcmp(p, "TZif", 4) != 0)
			return diag_set(err, "truncated TZif file");
		for (int i = 0; i < 6; i++)
			cnt[i] = be32(p + 20 + 4 * i);
		tsize = pass == 0 ? 4 : 8;
		/* isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt */
		need = (size_t)cnt[3] * (size_t)(tsize + 1) + (size_t)cnt[4] * 6 + cnt[5] +
		       (size_t)cnt[2] * (size_t)(tsize + 4) + cnt[1] + cnt[0];
		if (cnt[3] > TZ_TIMES_MAX || cnt[4] > TZ_TYPES_MAX || cnt[4] == 0 ||
		    cnt[2] > 10000 || cnt[5] > 10000 || cnt[0] > TZ_TYPES_MAX ||
		    cnt[1] > TZ_TYPES_MAX || (size_t)(end - p - 44) < need)
			return diag_set(err, "malformed TZif file");
		if (pass == 0 && v2) {
			p += 44 + need;         /* the 64-bit block follows */
			continue;
		}
		break;
	}
	z = calloc(1, sizeof(*z));
	if (!z)
		return diag_oom(err);
	p += 44;
	z->ntimes = (int)cnt[3];
	z->ntypes = (int)cnt[4];
	for (int i = 0; i < z->ntimes; i++, p += tsize)
		z->times[i] = tsize == 8 ? be64(p) : (int32_t)be32(p);
	for (int i = 0; i < z->ntimes; i++, p++) {
		if (*p >= cnt[4])
			goto bad;
		z->idx[i] = *p;
	}
	for (int i = 0; i < z->ntypes; i++, p += 6) {
		z->utoff[i] = (int32_t)be32(p);
		z->isdst[i] = p[4];
		if (z->utoff[i] < -89999 || z->utoff[i] > 93599)
			goto bad;
	}
	for (int i = 1; i < z->ntimes; i++)
		if (z->times[i] <= z->times[i - 1])
			goto bad;
	p += cnt[5] + (size_t)cnt[2] * (size_t)(tsize + 4) + cnt[1] + cnt[0];
	if (v2 && p < end && *p == '\n') {
		const unsigned char *nl = memchr(p + 1, '\n', (size_t)(end - p - 1));
		size_t n = nl ? (size_t)(nl - p - 1) : 0;

		if (nl && n < sizeof(footer)) {
			memcpy(footer, p + 1, n);
			footer[n] = '\0';
			if (parse_footer(z, footer) < 0)
				z->has_footer = z->has_dst = 0;  /* the table alone still answers */
		}
	}
	*out = z;
	return 0;
bad:
	free(z);
	return diag_set(err, "malformed TZif file");
}

/* "+05:30", "-03", "UTC+01:00": a fixed offset, no file. 1 when it was one. */
static int fixed_offset(const char *name, int64_t *off)
{
	const char *s = name;
	int h = 0, m = 0;

	if (strncmp(s, "UTC", 3) == 0 || strncmp(s, "GMT", 3) == 0)
		s += 3;
	if (*s == '\0' && s != name) {
		*off = 0;
		return 1;
	}
	if ((*s != '+' && *s != '-') || s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9')
		return 0;
	h = (s[1] - '0') * 10 + (s[2] - '0');
	if (s[3] == ':' && s[4] >= '0' && s[4] <= '9' && s[5] >= '0' && s[5] <= '9' && !s[6])
		m = (s[4] - '0') * 10 + (s[5] - '0');
	else if (s[3])
		return 0;
	if (h > 23 || m > 59)
		return 0;
	*off = (*s == '-' ? -1 : 1) * (h * 3600 + m * 60);
	return 1;
}

int tz_load(struct tz **out, const char *name, struct diag *err)
{
	char path[512];
	unsigned char *data = NULL;
	size_t n = 0;
	int64_t off;
	FILE *f;
	int rc;

	*out = NULL;
	if (!name || !*name)
		return diag_set(err, "empty time zone name");
	if (fixed_offset(name, &off)) {
		struct tz *z = calloc(1, sizeof(*z));

		if (!z)
			return diag_oom(err);
		z->ntypes = 1;
		z->utoff[0] = (int32_t)off;
		*out = z;
		return 0;
	}
	/* a zone name, never a path out of the zone directory */
	if (name[0] == '/' || strstr(name, "..") || strlen(name) > 200 ||
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-") !=
		    strlen(name))
		return diag_set(err, "unknown time zone '%s'", name);
	snprintf(path, sizeof(path), "%s/%s", TZ_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		return diag_set(err, "unknown time zone '%s' (no %s)", name, path);
	data = malloc(TZ_FILE_MAX);
	if (!data) {
		fclose(f);
		return diag_oom(err);
	}
	n = fread(data, 1, TZ_FILE_MAX, f);
	fclose(f);
	rc = tz_parse(out, data, n, err);
	free(data);
	if (rc < 0)
		return diag_prefix(err, "time zone '%s'", name);
	return 0;
}

void tz_free(struct tz *z)
{
	free(z);
}
