/* watch.c - the time in a \watch title. psql titles each result with
 * strftime("%c") of the client's local time, then " (every Ns)", both in the
 * client's locale (src/bin/psql/command.c, do_watch): %c is "%a %b %e %H:%M:%S
 * %Y" in C, "%a %d %b %Y %r %Z" in en_US (12-hour), "%a %d %b %Y %T %Z" in
 * en_GB and de_DE, "%a %d %b %Y %T" in fr_FR (no zone); the "every" is
 * translated with the rest of psql's messages. A \pset title comes first,
 * then a tab. The forms are the rows of two tables: languages (names of
 * days and months, the word for "every") and zone abbreviations. */
#include <string.h>

#include "parse/psql/psql.h"
#include "util/timeconv.h"

static const struct lang {
	const char *every;      /* psql's translation of " (every %gs)" */
	const char *days[7];    /* %a, Sunday first */
	const char *months[12]; /* %b */
} langs[] = {
	{ "every", { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" },
	  { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" } },
	{ "alle", { "So", "Mo", "Di", "Mi", "Do", "Fr", "Sa" },
	  { "Jan", "Feb", "M\xc3\xa4r", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov",
	    "Dez" } },
	{ "chaque", { "dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam." },
	  { "janv.", "f\xc3\xa9vr.", "mars", "avril", "mai", "juin", "juil.", "ao\xc3\xbbt",
	    "sept.", "oct.", "nov.", "d\303\251c." } },
};

/* Abbreviations that name one offset wherever tzdata uses them. Ambiguous
 * ones (CST: Chicago or Shanghai, IST: Kolkata, Dublin or Jerusalem) are
 * left out on purpose: they need --tz. */
static const struct {
	const char *abbr;
	int east_min;
} zones[] = {
	{ "UTC", 0 },     { "GMT", 0 },     { "UT", 0 },      { "Z", 0 },      { "WET", 0 },
	{ "WEST", 60 },   { "BST", 60 },    { "CET", 60 },    { "MET", 60 },   { "CEST", 120 },
	{ "MEST", 120 },  { "EET", 120 },   { "EEST", 180 },  { "MSK", 180 },  { "SAST", 120 },
	{ "EST", -300 },  { "EDT", -240 },  { "CDT", -300 },  { "MST", -420 }, { "MDT", -360 },
	{ "PST", -480 },  { "PDT", -420 },  { "AKST", -540 }, { "AKDT", -480 }, { "HST", -600 },
	{ "NST", -210 },  { "NDT", -150 },  { "JST", 540 },   { "KST", 540 },  { "HKT", 480 },
	{ "PKT", 300 },   { "WIB", 420 },   { "AWST", 480 },  { "ACST", 570 }, { "ACDT", 630 },
	{ "AEST", 600 },  { "AEDT", 660 },  { "NZST", 720 },  { "NZDT", 780 },
};

struct tok {
	const char *p;
	size_t n;
};

static int tok_is(const struct tok *t, const char *s)
{
	return t->n == strlen(s) && memcmp(t->p, s, t->n) == 0;
}

static int find(const struct tok *t, const char *const *names, int count)
{
	for (int i = 0; i < count; i++)
		if (tok_is(t, names[i]))
			return i;
	return -1;
}

/* A 1..4 digit number filling the token, or -1. */
static int number(const struct tok *t)
{
	int v = 0;

	if (t->n == 0 || t->n > 4)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		if (t->p[i] < '0' || t->p[i] > '9')
			return -1;
		v = v * 10 + (t->p[i] - '0');
	}
	return v;
}

/* " (every 1s)", " (alle 0,5s)": where it starts, and which language, or NULL. */
static const char *interval(const char *p, size_t n, const struct lang **lang)
{
	const char *e = p + n - 2;

	if (n < 6 || memcmp(e, "s)", 2) != 0)
		return NULL;
	while (e > p && ((e[-1] >= '0' && e[-1] <= '9') || e[-1] == '.' || e[-1] == ','))
		e--;
	if (e == p + n - 2 || e[0] < '0' || e[0] > '9' || e == p || e[-1] != ' ')
		return NULL;
	e--;
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		size_t k = strlen(langs[i].every) + 2;

		if ((size_t)(e - p) >= k && memcmp(e - k, " (", 2) == 0 &&
		    memcmp(e - k + 2, langs[i].every, k - 2) == 0) {
			*lang = &langs[i];
			return e - k;
		}
	}
	return NULL;
}

/* " (cada 1s)", " (ogni 0,5s)": psql's interval in a translation not in
 * langs[] (a word of letters, maybe not ASCII). */
static int other_interval(const char *p, size_t n)
{
	const char *e = p + n - 2, *w;

	if (n < 10 || memcmp(e, "s)", 2) != 0)
		return 0;
	while (e > p && ((e[-1] >= '0' && e[-1] <= '9') || e[-1] == '.' || e[-1] == ','))
		e--;
	if (e == p + n - 2 || e - p < 4 || e[-1] != ' ')
		return 0;
	for (w = e - 1; w > p && w[-1] != '(' && w[-1] != ' '; w--)
		if (((unsigned char)w[-1] < 0x80 && !((w[-1] >= 'a' && w[-1] <= 'z') ||
						       (w[-1] >= 'A' && w[-1] <= 'Z'))))
			return 0;
	return w > p + 1 && w < e - 1 && w[-1] == '(' && w[-2] == ' ';
}

static int split(const char *p, size_t n, struct tok *t, int max)
{
	int k = 0;

	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && p[j] != ' ')
			j++;
		if (j > i) {
			if (k == max)
				return max + 1;
			t[k++] = (struct tok){ p + i, j - i };
		}
		i = j + 1;
	}
	return k;
}

/* "23:07:33" */
static int clock_of(const struct tok *t, int *h, int *mi, int *sec)
{
	struct tok a = { t->p, 2 }, b = { t->p + 3, 2 }, c = { t->p + 6, 2 };

	if (t->n != 8 || t->p[2] != ':' || t->p[5] != ':')
		return -1;
	*h = number(&a), *mi = number(&b), *sec = number(&c);
	return *h < 0 || *mi < 0 || *sec < 0 ? -1 : 0;
}

/* "+0530", "+05:30", "-03": what %Z prints for a zone without a name. */
static int numeric_zone(const struct tok *t, int64_t *east)
{
	struct tok h = { t->p + 1, 2 }, m = { t->p + t->n - 2, 2 };
	int hh, mm = 0;

	if ((t->n != 3 && t->n != 5 && t->n != 6) || (t->p[0] != '+' && t->p[0] != '-') ||
	    (t->n == 6 && t->p[3] != ':') || (hh = number(&h)) < 0 || hh > 15 ||
	    (t->n > 3 && ((mm = number(&m)) < 0 || mm > 59)))
		return -1;
	*east = (t->p[0] == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
	return 0;
}

static int zone_of(const struct tok *t, struct psql_watch *w)
{
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (tok_is(t, zones[i].abbr)) {
			w->zone = WATCH_OFFSET;
			w->east = zones[i].east_min * 60;
			return 0;
		}
	if (numeric_zone(t, &w->east) == 0) {
		w->zone = WATCH_OFFSET;
		return 0;
	}
	for (size_t i = 0; i < t->n; i++)
		if (!(t->p[i] >= 'A' && t->p[i] <= 'Z'))
			return -1;
	if (t->n < 2 || t->n >= sizeof(w->abbr))
		return -1;
	w->zone = WATCH_ABBR;
	memcpy(w->abbr, t->p, t->n);
	w->abbr[t->n] = '\0';
	return 0;
}

static int bad(struct psql_watch *w, const char *why)
{
	w->why = why;
	return -1;
}

int watch_title(const char *p, size_t n, struct psql_watch *w)
{
	static const unsigned char mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const struct lang *lang = NULL;
	const char *end, *tab;
	struct tok t[8];
	int k, wday = -1, mon, day, year, h, mi, sec, at = 4;
	int64_t days;

	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n && p[n - 1] == ' ')
		n--;
	*w = (struct psql_watch){ .zone = WATCH_NONE };
	if (!(end = interval(p, n, &lang)))
		return other_interval(p, n) ? bad(w, "\\watch title in a language not read") : 0;
	/* a \pset title, then a tab */
	for (tab = end; tab > p && tab[-1] != '\t'; tab--)
		;
	k = split(tab, (size_t)(end - tab), t, 7);
	if (k < 5 || k > 7)
		return bad(w, "\\watch title without a time psql prints");
	/* LC_TIME and LC_MESSAGES may differ: the names say their own language */
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++)
		if ((wday = find(&t[0], langs[i].days, 7)) >= 0) {
			lang = &langs[i];
			break;
		}
	if (wday < 0)
		return bad(w, "\\watch title's weekday is not a name psql prints");
	if ((mon = find(&t[1], lang->months, 12)) >= 0) {
		/* C: "Sun Nov 29 23:07:33 2026", English only, no zone */
		if (lang != &langs[0] || k != 5)
			return bad(w, "\\watch title without a time psql prints");
		day = number(&t[2]);
		year = number(&t[4]);
		t[4] = t[3];    /* the clock where the other forms have it */
		k = 5;
	} else {
		/* "Sun 29 Nov 2026 11:07:33 PM UTC", "So 29 Nov 2026 23:07:33 UTC" */
		day = number(&t[1]);
		mon = find(&t[2], lang->months, 12);
		year = number(&t[3]);
	}
	if (mon < 0 || day < 1 || year < 0 || t[at].n != 8)
		return bad(w, "\\watch title without a time psql prints");
	if (clock_of(&t[at], &h, &mi, &sec) < 0 || mi > 59 || sec > 60)
		return bad(w, "\\watch title's clock is not hh:mm:ss");
	at++;
	if (at < k && (tok_is(&t[at], "AM") || tok_is(&t[at], "PM") || tok_is(&t[at], "am") ||
		       tok_is(&t[at], "pm"))) {
		if (h < 1 || h > 12)
			return bad(w, "\\watch title's 12-hour clock is out of range");
		h = h % 12 + (t[at].p[0] == 'P' || t[at].p[0] == 'p' ? 12 : 0);
		at++;
	} else if (h > 23) {
		return bad(w, "\\watch title's clock is out of range");
	}
	if (at < k && zone_of(&t[at++], w) < 0)
		return bad(w, "\\watch title's zone is not one psql prints");
	if (at != k)
		return bad(w, "\\watch title without a time psql prints");
	if (day > mdays[mon] ||
	    (mon == 1 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))))
		return bad(w, "\\watch title's date does not exist");
	days = timeconv_days_from_civil(year, (unsigned)mon + 1, (unsigned)day);
	/* 1970-01-01 was a Thursday */
	if (((days % 7 + 11) % 7) != wday)
		return bad(w, "\\watch title's weekday does not match its date");
	w->local = days * 86400 + h * 3600 + mi * 60 + sec;
	return 1;
}

int watch_utc(const struct psql_watch *w, const struct tz *tz, int64_t *utc)
{
	switch (w->zone) {
	case WATCH_OFFSET:
		*utc = w->local - w->east;
		return 0;
	case WATCH_ABBR:
		/* a name that is not one offset everywhere: --tz tells which */
		if (!tz)
			return -1;
		/* fall through */
	default:
		*utc = tz ? tz_local_to_utc(tz, w->local) : w->local;
		return 0;
	}
}
