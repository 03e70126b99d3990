/* cmd_oneshot.c - `analyze FILE.html|FILE.json|FILE.txt [PATH...]`: ingest
 * the PATHs (if any) into the database, then write the report to FILE in
 * the format its extension names. The same runs as `ingest` and `report`
 * (runs.h), with the options they share. */
#include <getopt.h>
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
	static const char *const exts[] = { ".html", ".json", ".txt" };
	size_t n = strlen(arg);

	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t e = strlen(exts[i]);

		if (n > e && strcmp(arg + n - e, exts[i]) == 0)
			return 1;
	}
	return 0;
}

/* argv[0] is FILE; options may come before or after the PATHs. */
int cmd_oneshot(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "strip-prefix", required_argument, NULL, 'p' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = &oneshot_command;
	struct model_opts mo = MODEL_OPTS_DEFAULT;
	struct ingest_opts io = { 0 };
	const char *db = NULL, *file = argv[0];
	unsigned fail_mask = 0;
	int c, rc = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "q", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'p':
			io.parse.strip_prefix = optarg;
			mo.strip_prefix = optarg;
			break;
		case 'F':
			if (options_fail_on(optarg, &fail_mask) < 0)
				return EXIT_USAGE;
			break;
		case 'q':
			io.quiet = 1;
			break;
		case 'h':
			command_help(self);
			return EXIT_OK;
		default:
			command_usage(self, 1);
			return EXIT_USAGE;
		}
	}
	db = options_db_path(db);
	mo.progress = !io.quiet && isatty(STDERR_FILENO);
	if (optind < argc) {
		rc = ingest_run(db, &io, argv + optind, argc - optind);
		/* an unreadable input is named and the rest still reported; a
		 * database (or process) that failed leaves nothing to report */
		if (rc != EXIT_OK && rc != EXIT_INPUT)
			return rc;
	}
	c = report_run(db, &mo, NULL, file, fail_mask);
	return c > rc ? c : rc;   /* the codes rise with severity */
}
