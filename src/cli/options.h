/* options.h - flags that several commands share, parsed one way, and the
 * table entries (parse_options.h) of the options more than one command
 * takes: each is defined once, here. The parsers print their own message
 * naming the option and return -1; the command then exits EXIT_USAGE. */
#ifndef ANALYZE_OPTIONS_H
#define ANALYZE_OPTIONS_H

#include <stdint.h>

#include "cli/parse_options.h"
#include "model/model.h"

#define DEFAULT_DB "analyze.db"

/* --db, else $ANALYZE_DB, else ./analyze.db */
const char *options_db_path(const char *flag);

/* --since, --until, --before: RFC 3339 with its zone (or without, read in
 * the zone tz when not NULL), a date that exists, epoch seconds, or a
 * duration before now ("30m", "168h", "7d"). */
int options_time(const char *opt, const char *s, const char *tz, int64_t *us);

/* a->since and a->until -> a->mo, in --tz's zone; --since after --until is
 * refused. -1 after a message: the command exits EXIT_USAGE. */
int options_window(struct cli_args *a);

/* --baseline D (the D before --since), or --baseline-since and
 * --baseline-until -> a->mo, after options_window(); -1 after a message. */
int options_baseline(struct cli_args *a);

/* --window, --timeout-budget: Go-style durations ("60s", "1m30s"). */
int options_duration(const char *opt, const char *s, int64_t *us);

/* --fail-on a,b,...: timeout_clusters, limiter_collapses, post_write_stalls, checks,
 * warnings, any; accumulates into *mask. */
int options_fail_on(const char *s, unsigned *mask);

/* EXIT_FINDINGS when the summary has findings of a kind in mask, else EXIT_OK. */
int options_fail_status(unsigned mask, const struct model_summary *sum);

/* --db PATH, -q/--quiet, -h/--help, --since T, --until T, --strip-prefix P,
 * --tz ZONE, --fail-on KINDS (its help lists the kinds from model.h). */
extern const struct cli_option opt_db, opt_quiet, opt_help, opt_since, opt_until,
	opt_strip_prefix, opt_tz, opt_fail_on;
/* --baseline D, --baseline-since T, --baseline-until T (report and the
 * one-shot form) */
extern const struct cli_option opt_baseline, opt_baseline_since, opt_baseline_until;
/* Defined by the command they belong to, taken by the one-shot form too:
 * ingest's --format F (an input format), report's --window and
 * --timeout-budget. */
extern const struct cli_option opt_input_format, opt_duration_unit, opt_window, opt_budget;

#endif
