/* test_psql_watch.c - the time in a \watch title, one table row a form:
 * each locale's %c, 12- and 24-hour, each kind of zone, a \pset title,
 * translated intervals; titles psql never prints, each with its reason;
 * and every title, read or not, sniffed as psql. */
#include "cmocka_include.h"

#include <string.h>

#include "parse/psql/psql.h"
#include "util/tz.h"

/* 2026-12-03 18:46:22 as if UTC; Sunday 2026-11-29 23:07:33 */
#define DEC3 INT64_C(1796323582)
#define NOV29 INT64_C(1795993653)

static const struct {
	const char *title;
	int rc;                 /* watch_title()'s answer */
	int64_t local;          /* the wall clock, as if UTC */
	int zone;
	int64_t east;           /* seconds, WATCH_OFFSET */
	const char *why;        /* rc -1 */
} rows[] = {
	/* C: %e pads the day with a space; no zone */
	{ "     Sun Nov 29 23:07:33 2026 (every 1s)", 1, NOV29, WATCH_NONE, 0, NULL },
	{ "Thu Dec  3 18:46:22 2026 (every 0.5s)", 1, DEC3, WATCH_NONE, 0, NULL },
	/* en_US: %r, 12-hour, and %Z */
	{ "   Thu 03 Dec 2026 06:46:22 PM UTC (every 1s)", 1, DEC3, WATCH_OFFSET, 0, NULL },
	{ "Thu 03 Dec 2026 01:46:22 PM EST (every 2s)", 1, DEC3 - 5 * 3600, WATCH_OFFSET,
	  -5 * 3600, NULL },
	{ "Fri 04 Dec 2026 12:16:22 AM IST (every 1s)", 1, DEC3 + 5 * 3600 + 1800, WATCH_ABBR, 0,
	  NULL },
	{ "Thu 03 Dec 2026 12:05:00 PM +04 (every 1s)", 1, DEC3 - 6 * 3600 - 41 * 60 - 22,
	  WATCH_OFFSET, 4 * 3600, NULL },
	/* en_GB, de_DE: %T and %Z; de with LC_MESSAGES too: "alle", a comma */
	{ "Thu 03 Dec 2026 18:46:22 GMT (every 1s)", 1, DEC3, WATCH_OFFSET, 0, NULL },
	{ "    Do 03 Dez 2026 19:46:22 CET (alle 0,5s)", 1, DEC3 + 3600, WATCH_OFFSET, 3600, NULL },
	{ "Fr 03 Jul 2026 12:05:00 CEST (every 1s)", 1, INT64_C(1783080300), WATCH_OFFSET, 7200,
	  NULL },
	{ "Di 03 M\xc3\xa4r 2026 00:00:00 +0530 (alle 1s)", 1, INT64_C(1772496000), WATCH_OFFSET,
	  5 * 3600 + 1800, NULL },
	/* fr_FR: no zone, names with a dot or an accent */
	{ "     jeu. 03 d\303\251c. 2026 19:46:22 (chaque 1s)", 1, DEC3 + 3600, WATCH_NONE, 0,
	  NULL },
	{ "mar. 29 f\xc3\xa9vr. 2028 08:00:00 (chaque 1s)", 1, INT64_C(1835424000), WATCH_NONE, 0,
	  NULL },
	/* \pset title: the title, a tab, the time */
	{ "lock-watch\tThu 03 Dec 2026 06:46:22 PM UTC (every 1s)", 1, DEC3, WATCH_OFFSET, 0,
	  NULL },
	{ "a (every 1s) title\tSun Nov 29 23:07:33 2026 (every 1s)", 1, NOV29, WATCH_NONE, 0,
	  NULL },
	/* not titles at all: left for the table forms */
	{ "(every 1s)", 0, 0, 0, 0, NULL },
	{ "Sun Nov 29 23:07:33 2026 (every s)", 0, 0, 0, 0, NULL },
	{ "Sun Nov 29 23:07:33 2026 (toutes les 1s)", 0, 0, 0, 0, NULL },
	{ " 2026-11-29 23:07:33+00 | active", 0, 0, 0, 0, NULL },
	/* titles whose time psql never prints: rejects with their reason */
	{ "Mon 03 Dec 2026 06:46:22 PM UTC (every 1s)", -1, 0, 0, 0,
	  "\\watch title's weekday does not match its date" },
	{ "Sun 29 Feb 2027 06:46:22 PM UTC (every 1s)", -1, 0, 0, 0,
	  "\\watch title's date does not exist" },
	{ "Thu 03 Dec 2026 00:46:22 AM UTC (every 1s)", -1, 0, 0, 0,
	  "\\watch title's 12-hour clock is out of range" },
	{ "Thu 03 Dec 2026 24:00:00 UTC (every 1s)", -1, 0, 0, 0,
	  "\\watch title's clock is out of range" },
	{ "Thu 03 Dec 2026 18:46 UTC (every 1s)", -1, 0, 0, 0,
	  "\\watch title without a time psql prints" },
	{ "Thu 03 Dec 2026 18:46:22 utc (every 1s)", -1, 0, 0, 0,
	  "\\watch title's zone is not one psql prints" },
	{ "Thursday 03 Dec 2026 18:46:22 UTC (every 1s)", -1, 0, 0, 0,
	  "\\watch title's weekday is not a name psql prints" },
	{ "Do 03 Dec 2026 18:46:22 UTC (every 1s)", -1, 0, 0, 0,
	  "\\watch title without a time psql prints" },
	{ "Thu Dec  3 18:46:22 2026 UTC (every 1s)", -1, 0, 0, 0,
	  "\\watch title without a time psql prints" },
	/* a locale whose names and "every" are not read: named, not guessed */
	{ "jue 03 dic 2026 18:46:22 UTC (cada 1s)", -1, 0, 0, 0,
	  "\\watch title in a language not read" },
};

static void test_title_forms(void **state)
{
	const struct parser *psql = parser_by_name("psql");

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct psql_watch w = { 0 };
		int rc = watch_title(rows[i].title, strlen(rows[i].title), &w);

		print_message("%s\n", rows[i].title);
		assert_int_equal(rc, rows[i].rc);
		/* any title, even one whose time is not read, is psql's to sniff */
		if (rc != 0)
			assert_int_equal(psql->probe(rows[i].title, strlen(rows[i].title)), 100);
		if (rc < 0)
			assert_string_equal(w.why, rows[i].why);
		if (rc <= 0)
			continue;
		assert_int_equal(w.local, rows[i].local);
		assert_int_equal(w.zone, rows[i].zone);
		if (w.zone == WATCH_OFFSET)
			assert_int_equal(w.east, rows[i].east);
	}
}

static int title(const char *t, struct psql_watch *w)
{
	return watch_title(t, strlen(t), w);
}

/* The instant: the printed offset, else --tz, else UTC; an ambiguous
 * abbreviation needs --tz. */
static void test_title_instant(void **state)
{
	struct diag err = DIAG_INIT;
	struct psql_watch w;
	struct tz *kolkata = NULL, *paris = NULL;
	int64_t utc;

	(void)state;
	assert_int_equal(tz_load(&kolkata, "Asia/Kolkata", &err), 0);
	assert_int_equal(tz_load(&paris, "Europe/Paris", &err), 0);
	assert_int_equal(title("Thu 03 Dec 2026 01:46:22 PM EST (every 1s)", &w), 1);
	assert_int_equal(watch_utc(&w, paris, &utc), 0);       /* the offset wins */
	assert_int_equal(utc, DEC3);
	assert_int_equal(title("Fri 04 Dec 2026 12:16:22 AM IST (every 1s)", &w), 1);
	assert_string_equal(w.abbr, "IST");
	assert_int_equal(watch_utc(&w, NULL, &utc), -1);
	assert_int_equal(watch_utc(&w, kolkata, &utc), 0);
	assert_int_equal(utc, DEC3);
	assert_int_equal(title("jeu. 03 d\303\251c. 2026 19:46:22 (chaque 1s)", &w), 1);
	assert_int_equal(watch_utc(&w, NULL, &utc), 0);
	assert_int_equal(utc, DEC3 + 3600);
	assert_int_equal(watch_utc(&w, paris, &utc), 0);
	assert_int_equal(utc, DEC3);
	tz_free(kolkata);
	tz_free(paris);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_title_forms),
		cmocka_unit_test(test_title_instant),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
