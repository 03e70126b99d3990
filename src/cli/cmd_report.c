/* cmd_report.c - `analyze report`: options -> the report model -> the
 * chosen writer -> a file or stdout; --fail-on picks the exit status. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "record/record.h"
#include "report/model.h"
#include "report/writer.h"
#include "util/timeconv.h"

/* --since / --until: RFC 3339, or seconds since the epoch. */
static int parse_time(const char *opt, const char *s, int64_t *us)
{
	if (timeconv_parse_rfc3339(s, strlen(s), us) == 0 ||
	    timeconv_parse_epoch_number(s, strlen(s), us) == 0)
		return 0;
	fprintf(stderr, "analyze: %s: '%s' is not a time (RFC 3339 or epoch seconds)\n", opt, s);
	return -1;
}

/* --window / --timeout-budget: Go-style durations ("60s", "10s", "1m30s"). */
static int parse_duration(const char *opt, const char *s, int64_t *us)
{
	if (timeconv_parse_go_duration(s, strlen(s), us) == 0)
		return 0;
	fprintf(stderr, "analyze: %s: '%s' is not a duration (e.g. 60s, 1m30s)\n", opt, s);
	return -1;
}

static const char *const fail_kinds[] = {
	"timeout_clusters", "limiter_collapses", "post_write_stalls", "any", NULL,
};

/* --fail-on a,b: bit i for fail_kinds[i]. */
static int parse_fail_on(const char *s, unsigned *mask)
{
	char *copy = strdup(s), *tok, *save = NULL;
	int rc = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int i;

		for (i = 0; fail_kinds[i] && strcmp(fail_kinds[i], tok) != 0; i++)
			;
		if (!fail_kinds[i]) {
			fprintf(stderr, "analyze: --fail-on: unknown kind '%s' (timeout_clusters, "
				"limiter_collapses, post_write_stalls, any)\n", tok);
			rc = -1;
			break;
		}
		*mask |= 1u << i;
	}
	free(copy);
	return rc;
}

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
	struct model_opts mo = { RECORD_NONE, RECORD_NONE, NULL, 60 * US_PER_SEC, 0, 1 };
	struct model_summary sum = { 0 };
	struct diag err = DIAG_INIT;
	const char *db = NULL, *out = "-", *format = NULL;
	const struct report_writer *wr;
	unsigned fail_mask = 0;
	struct store *st;
	struct buf b;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 's':
			if (parse_time("--since", optarg, &mo.since_us) < 0)
				return EXIT_USAGE;
			break;
		case 'u':
			if (parse_time("--until", optarg, &mo.until_us) < 0)
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
			if (parse_duration("--window", optarg, &mo.cluster_gap_us) < 0)
				return EXIT_USAGE;
			break;
		case 'b':
			if (parse_duration("--timeout-budget", optarg, &mo.timeout_budget_us) < 0)
				return EXIT_USAGE;
			break;
		case 'F':
			if (parse_fail_on(optarg, &fail_mask) < 0)
				return EXIT_USAGE;
			break;
		case 'h':
			command_usage(self, 0);
			return EXIT_OK;
		default:
			command_usage(self, 1);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "analyze: report: unexpected argument '%s'\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (!format) {
		const char *dot = strrchr(out, '.');

		format = dot && strcmp(out, "-") != 0 ? dot + 1 : "json";
	}
	wr = report_writer_find(format);
	if (!wr) {
		fprintf(stderr, "analyze: --format: unknown format '%s' (json, html, text)\n", format);
		return EXIT_USAGE;
	}
	if (store_open(&st, options_db_path(db), &err) < 0) {
		fprintf(stderr, "analyze: %s\n", err.msg);
		return EXIT_DATABASE;
	}
	buf_init(&b, (size_t)1 << 30);
	rc = model_build(st, &mo, &b, &sum, &err);
	store_free(st);
	if (rc < 0) {
		fprintf(stderr, "analyze: report: %s\n", err.msg);
		buf_release(&b);
		return EXIT_DATABASE;
	}
	rc = write_output(out, wr, &b);
	buf_release(&b);
	if (rc < 0)
		return EXIT_INPUT;
	if (((fail_mask & 1u) || (fail_mask & 8u)) && sum.timeout_clusters)
		return EXIT_FINDINGS;
	if (((fail_mask & 2u) || (fail_mask & 8u)) && sum.limiter_collapses)
		return EXIT_FINDINGS;
	if (((fail_mask & 4u) || (fail_mask & 8u)) && sum.post_write_stalls)
		return EXIT_FINDINGS;
	return EXIT_OK;
}
