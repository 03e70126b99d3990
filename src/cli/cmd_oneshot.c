/* cmd_oneshot.c - `analyze FILE.html|.json|.txt|.csv [PATH...]`: ingest
 * the PATHs (if any) into the database, then write the report to FILE in
 * the format its extension names. The same runs as `ingest` and `report`
 * (runs.h), with the options they share. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "cli/runs.h"
#include "record/record.h"
#include "util/timeconv.h"

int oneshot_wants(const char *arg)
{
	const char *slash = strrchr(arg, '/'), *base = slash ? slash + 1 : arg;

	/* a name, not just an extension: ".html" alone is no report file */
	return report_format_of(arg) && strrchr(arg, '.') > base;
}

/* Every option of ingest and report; --format is ingest's (the report's
 * format is FILE's extension). */
const struct cli_option *const oneshot_options[] = {
	&opt_db, &opt_input_format, &opt_duration_unit, &opt_strip_prefix, &opt_tz, &opt_since,
	&opt_until, &opt_window, &opt_budget, &opt_baseline, &opt_baseline_since,
	&opt_baseline_until, &opt_fail_on, &opt_quiet, &opt_help, NULL,
};

/* argv[0] is FILE; options may come before or after the PATHs. */
int cmd_oneshot(int argc, char **argv)
{
	struct cli_args a = CLI_ARGS_DEFAULT;
	const char *db;
	int rc = EXIT_OK, c;

	if (parse_options(&oneshot_command, argc, argv, &a, &rc) < 0)
		return rc;
	if (options_window(&a) < 0 || options_baseline(&a) < 0)
		return EXIT_USAGE;
	db = options_db_path(a.db);
	a.mo.progress = !a.quiet && isatty(STDERR_FILENO);
	if (a.nrest > 0) {
		rc = ingest_run(db, &a.io, a.rest, a.nrest);
		/* an unreadable input is named and the rest still reported; a
		 * database (or process) that failed leaves nothing to report */
		if (rc != EXIT_OK && rc != EXIT_INPUT)
			return rc;
	}
	c = report_run(db, &a.mo, NULL, argv[0], a.fail_mask);
	if ((c == EXIT_OK || c == EXIT_FINDINGS) && !a.quiet)
		fprintf(stderr, "analyze: wrote %s\n", argv[0]);   /* where to look */
	return c > rc ? c : rc;   /* the codes rise with severity */
}
