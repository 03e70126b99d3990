/* cmd_report.c - `analyze report`: options -> the report model -> the
 * chosen writer -> a file or stdout; --fail-on picks the exit status. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "cli/runs.h"
#include "record/record.h"
#include "report/writer.h"
#include "util/timeconv.h"

static int write_output(const char *path, const struct report_writer *wr, const struct buf *b)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	struct diag err = DIAG_INIT;

	if (!f) {
		fprintf(stderr, "analyze: '%s': %s\n", path, strerror(errno));
		return -1;
	}
	if (wr->write(buf_str(b), b->len, f, &err) < 0 ||
	    (f != stdout ? fclose(f) : fflush(f)) != 0) {
		fprintf(stderr, "analyze: '%s': %s\n", path, err.msg[0] ? err.msg : "write failed");
		return -1;
	}
	return 0;
}

int report_run(const char *db, const struct model_opts *mo, const char *format,
	       const char *out, unsigned fail_mask)
{
	struct model_summary sum = { 0 };
	struct diag err = DIAG_INIT;
	const struct report_writer *wr;
	struct store *st;
	struct buf b;
	int rc;

	if (!format) {
		const char *dot = strrchr(out, '.');

		format = dot && strcmp(out, "-") != 0 ? dot + 1 : "json";
		wr = report_writer_find(format);
		if (!wr) {
			fprintf(stderr, "analyze: -o: cannot tell the format from '%s' (use .html, "
				".json or .txt, or --format)\n", out);
			return EXIT_USAGE;
		}
	} else if (!(wr = report_writer_find(format))) {
		fprintf(stderr, "analyze: --format: unknown format '%s' (json, html, text)\n", format);
		return EXIT_USAGE;
	}
	if (store_open(&st, db, &err) < 0)
		return exit_fail(NULL, &err);
	buf_init(&b, (size_t)1 << 30);
	rc = model_build(st, mo, &b, &sum, &err);
	store_free(st);
	if (rc < 0) {
		buf_release(&b);
		return exit_fail("report", &err);
	}
	rc = write_output(out, wr, &b);
	buf_release(&b);
	if (rc < 0)
		return EXIT_INPUT;
	return options_fail_status(fail_mask, &sum);
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "strip-prefix", required_argument, NULL, 'p' },
		{ "window", required_argument, NULL, 'w' },
		{ "timeout-budget", required_argument, NULL, 'b' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("report");
	struct model_opts mo = MODEL_OPTS_DEFAULT;
	const char *db = NULL, *out = "-", *format = NULL;
	unsigned fail_mask = 0;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 's':
			if (options_time("--since", optarg, 0, &mo.since_us) < 0)
				return EXIT_USAGE;
			break;
		case 'u':
			if (options_time("--until", optarg, 0, &mo.until_us) < 0)
				return EXIT_USAGE;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'p':
			mo.strip_prefix = optarg;
			break;
		case 'w':
			if (options_duration("--window", optarg, &mo.cluster_gap_us) < 0)
				return EXIT_USAGE;
			break;
		case 'b':
			if (options_duration("--timeout-budget", optarg, &mo.timeout_budget_us) < 0)
				return EXIT_USAGE;
			break;
		case 'F':
			if (options_fail_on(optarg, &fail_mask) < 0)
				return EXIT_USAGE;
			break;
		case 'h':
			command_help(self);
			return EXIT_OK;
		default:
			command_usage(self, 1);
			return EXIT_USAGE;
		}
	}
	mo.progress = isatty(STDERR_FILENO);
	if (optind < argc) {
		fprintf(stderr, "analyze: report: unexpected argument '%s'\n", argv[optind]);
		return EXIT_USAGE;
	}
	return report_run(options_db_path(db), &mo, format, out, fail_mask);
}
