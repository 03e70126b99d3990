/* options.c - the flags every command parses the same way: the database
 * path rule, times, durations and --fail-on, and the table entries of the
 * options several commands share. */
#include "cli/options.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/exit_codes.h"
#include "util/diag.h"
#include "util/timeconv.h"
#include "util/tz.h"

const char *options_db_path(const char *flag)
{
	const char *env = getenv("ANALYZE_DB");

	if (flag && *flag)
		return flag;
	return env && *env ? env : DEFAULT_DB;
}

/* "7d" -> 7 days; Go durations have no day unit, and cron thinks in days. */
static int parse_ago(const char *s, int64_t *us)
{
	size_t n = strlen(s);
	char *end;
	long long days;

	if (n > 1 && s[n - 1] == 'd') {
		days = strtoll(s, &end, 10);
		if (end != s + n - 1 || days < 0 || days > 100000)
			return -1;
		*us = days * 86400 * US_PER_SEC;
		return 0;
	}
	return timeconv_parse_go_duration(s, n, us);
}

/* A calendar date at the start of s (YYYY-MM-DD or YYYY/MM/DD) that does
 * not exist (Feb 30, month 13): the parser would roll it over. */
static int impossible_date(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, n = 0;

	if (sscanf(s, "%4d%*[-/]%2d%*[-/]%2d%n", &y, &m, &d, &n) != 3 || n != 10)
		return 0;
	if (m < 1 || m > 12 || d < 1)
		return 1;
	return d > mdays[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/* Does an RFC 3339 time say its zone (Z, +02:00, -0500)? */
static int has_zone(const char *s)
{
	size_t n = strlen(s);

	if (n > 0 && (s[n - 1] == 'Z' || s[n - 1] == 'z'))
		return 1;
	return n > 11 && strpbrk(s + 11, "+-") != NULL;   /* past the date's own '-' */
}

int options_time(const char *opt, const char *s, const char *tz, int64_t *us)
{
	struct diag err = DIAG_INIT;
	struct tz *zone;
	int64_t d, frac;

	if (timeconv_parse_epoch_number(s, strlen(s), us) == 0)
		return 0;
	if (parse_ago(s, &d) == 0) {
		*us = (int64_t)time(NULL) * US_PER_SEC - d;
		return 0;
	}
	if (timeconv_parse_rfc3339(s, strlen(s), us) < 0) {
		fprintf(stderr, "analyze: %s: '%s' is not a time (RFC 3339, epoch seconds, or a "
			"duration ago such as 30m, 1h or 7d)\n", opt, s);
		return -1;
	}
	if (impossible_date(s)) {
		fprintf(stderr, "analyze: %s: '%s' is not a date of the calendar\n", opt, s);
		return -1;
	}
	if (has_zone(s))
		return 0;
	if (!tz) {
		fprintf(stderr, "analyze: %s: '%s' has no zone: add Z or an offset (+02:00), or give "
			"--tz\n", opt, s);
		return -1;
	}
	/* read as the wall clock of --tz (the parser took it for UTC) */
	if (tz_load(&zone, tz, &err) < 0) {
		fprintf(stderr, "analyze: --tz: %s\n", err.msg);
		return -1;
	}
	frac = *us % US_PER_SEC;
	*us = tz_local_to_utc(zone, (*us - frac) / US_PER_SEC) * US_PER_SEC + frac;
	tz_free(zone);
	return 0;
}

int options_window(struct cli_args *a)
{
	if (a->since && options_time("--since", a->since, a->io.parse.tz, &a->mo.since_us) < 0)
		return -1;
	if (a->until && options_time("--until", a->until, a->io.parse.tz, &a->mo.until_us) < 0)
		return -1;
	if (a->since && a->until && a->mo.since_us > a->mo.until_us) {
		fprintf(stderr, "analyze: --since '%s' is later than --until '%s'\n", a->since,
			a->until);
		return -1;
	}
	return 0;
}

int options_duration(const char *opt, const char *s, int64_t *us)
{
	if (timeconv_parse_go_duration(s, strlen(s), us) == 0)
		return 0;
	fprintf(stderr, "analyze: %s: '%s' is not a duration (e.g. 60s, 1m30s)\n", opt, s);
	return -1;
}

/* The bit of kind i; "any" sets them all. */
#define FAIL_ALL ((1u << model_kind_count()) - 1)
/* "checks": any FAIL on the check board; above every kind's bit. */
#define FAIL_CHECKS (1u << 31)
/* "warnings": any file warning (a unit or a field the data contradicts);
 * not part of "any", which is the finding kinds. */
#define FAIL_WARNINGS (1u << 30)

int options_fail_on(const char *s, unsigned *mask)
{
	char *copy = strdup(s), *tok, *save = NULL;
	int rc = 0, words = 0;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i, n = model_kind_count();

		words++;
		if (strcmp(tok, "any") == 0) {
			*mask |= FAIL_ALL;
			continue;
		}
		if (strcmp(tok, "checks") == 0) {
			*mask |= FAIL_CHECKS;
			continue;
		}
		if (strcmp(tok, "warnings") == 0) {
			*mask |= FAIL_WARNINGS;
			continue;
		}
		for (i = 0; i < n && strcmp(model_kind_name(i), tok) != 0; i++)
			;
		if (i == n) {
			fprintf(stderr, "analyze: --fail-on: unknown kind '%s' (", tok);
			for (i = 0; i < n; i++)
				fprintf(stderr, "%s, ", model_kind_name(i));
			fprintf(stderr, "any, checks, warnings)\n");
			rc = -1;
			break;
		}
		*mask |= 1u << i;
	}
	free(copy);
	if (rc == 0 && words == 0) {
		/* `--fail-on "$KINDS"` with KINDS unset must not mean "never fail" */
		fprintf(stderr, "analyze: --fail-on: no kind given (a kind, any, checks or "
			"warnings)\n");
		rc = -1;
	}
	return rc;
}

int options_fail_status(unsigned mask, const struct model_summary *sum)
{
	for (size_t i = 0; i < model_kind_count(); i++)
		if ((mask & (1u << i)) && sum->counts[i] > 0)
			return EXIT_FINDINGS;
	if ((mask & FAIL_CHECKS) && sum->checks_failed > 0)
		return EXIT_FINDINGS;
	if ((mask & FAIL_WARNINGS) && sum->warnings > 0)
		return EXIT_FINDINGS;
	return EXIT_OK;
}

static int set_quiet(struct cli_args *a, const char *arg)
{
	(void)arg;
	a->quiet = a->io.quiet = 1;
	return 0;
}


/* Both halves: ingest templates routes with it, the report matches with it. */
static int set_strip_prefix(struct cli_args *a, const char *arg)
{
	a->io.parse.strip_prefix = arg;
	a->mo.strip_prefix = arg;
	return 0;
}

/* Loaded now to name a bad zone before any file is read; the parsers load
 * their own. */
static int set_tz(struct cli_args *a, const char *arg)
{
	struct diag err = DIAG_INIT;
	struct tz *zone;

	if (tz_load(&zone, arg, &err) < 0) {
		fprintf(stderr, "analyze: --tz: %s\n", err.msg);
		return -1;
	}
	tz_free(zone);
	a->io.parse.tz = arg;
	return 0;
}

static int set_fail_on(struct cli_args *a, const char *arg)
{
	return options_fail_on(arg, &a->fail_mask);
}

static void fail_on_kinds(FILE *out)
{
	for (size_t i = 0; i < model_kind_count(); i++)
		fprintf(out, "      %-18s %s\n", model_kind_name(i), model_kind_help(i));
	fprintf(out, "      %-18s %s\n", "any", "every kind above");
	fprintf(out, "      %-18s %s\n", "checks", "any FAIL on the check board");
	fprintf(out, "      %-18s %s\n", "warnings", "any file warning (read, but maybe wrongly)");
}

const struct cli_option opt_db = {
	"db", 0, "PATH", "the database (default $ANALYZE_DB, else ./analyze.db)",
	NULL, offsetof(struct cli_args, db), NULL,
};
const struct cli_option opt_quiet = {
	"quiet", 'q', NULL, "print nothing but errors and file warnings", set_quiet, 0, NULL,
};
const struct cli_option opt_help = {
	"help", 'h', NULL, "this text", NULL, offsetof(struct cli_args, help), NULL,
};
/* --since and --until are read once all options are (options_window()):
 * a time without a zone needs --tz, which may come after them. */
const struct cli_option opt_since = {
	"since", 0, "T", "report from T on (RFC 3339, epoch seconds, or ago: 30m, 1h, 1d)", NULL,
	offsetof(struct cli_args, since), NULL,
};
const struct cli_option opt_until = {
	"until", 0, "T", "report up to T (RFC 3339, epoch seconds, or ago: 30m, 1h, 1d)", NULL,
	offsetof(struct cli_args, until), NULL,
};
const struct cli_option opt_strip_prefix = {
	"strip-prefix", 0, "P", "the path prefix the proxy strips before proxying (/api; "
	"default: detected)", set_strip_prefix, 0, NULL,
};
const struct cli_option opt_tz = {
	"tz", 0, "ZONE", "the zone of times that carry none (psql \\watch titles, --since)", set_tz, 0,
	NULL,
};
const struct cli_option opt_fail_on = {
	"fail-on", 0, "KINDS", "exit 1 when findings of these kinds exist (comma separated):",
	set_fail_on, 0, fail_on_kinds,
};

const struct cli_option opt_baseline = {
	"baseline", 0, "D", "compare each route with the D before --since (24h, 90m)", NULL,
	offsetof(struct cli_args, baseline), NULL,
};
const struct cli_option opt_baseline_since = {
	"baseline-since", 0, "T", "compare each route with the baseline from T on (as --since)", NULL,
	offsetof(struct cli_args, baseline_since), NULL,
};
const struct cli_option opt_baseline_until = {
	"baseline-until", 0, "T", "the baseline's end (as --until; with --baseline-since)", NULL,
	offsetof(struct cli_args, baseline_until), NULL,
};

/* --baseline D (the D before --since), or --baseline-since and
 * --baseline-until -> a->mo; -1 after a message (EXIT_USAGE). */
int options_baseline(struct cli_args *a)
{
	int64_t d;

	if (a->baseline && (a->baseline_since || a->baseline_until)) {
		fprintf(stderr, "analyze: --baseline: give it, or --baseline-since and "
			"--baseline-until, not both\n");
		return -1;
	}
	if (a->baseline) {
		if (options_duration("--baseline", a->baseline, &d) < 0)
			return -1;
		if (a->mo.since_us == RECORD_NONE || d <= 0) {
			fprintf(stderr, "analyze: --baseline: %s\n", d <= 0 ? "must be more than 0" :
				"needs --since: the baseline is the D before it");
			return -1;
		}
		a->mo.baseline_since_us = a->mo.since_us - d;
		a->mo.baseline_until_us = a->mo.since_us;
		return 0;
	}
	if (!a->baseline_since && !a->baseline_until)
		return 0;
	if (!a->baseline_since || !a->baseline_until) {
		fprintf(stderr, "analyze: --baseline-%s: needs --baseline-%s too\n",
			a->baseline_since ? "since" : "until", a->baseline_since ? "until" : "since");
		return -1;
	}
	if (options_time("--baseline-since", a->baseline_since, a->io.parse.tz,
			 &a->mo.baseline_since_us) < 0 ||
	    options_time("--baseline-until", a->baseline_until, a->io.parse.tz,
			 &a->mo.baseline_until_us) < 0)
		return -1;
	if (a->mo.baseline_since_us >= a->mo.baseline_until_us) {
		fprintf(stderr, "analyze: --baseline-since '%s' is not before --baseline-until '%s'\n",
			a->baseline_since, a->baseline_until);
		return -1;
	}
	return 0;
}
