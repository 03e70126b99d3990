/* cmd_prune.c - `analyze prune`: --before T -> store_prune(), one line of
 * what went. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "store/prune.h"
#include "util/timeconv.h"

int cmd_prune(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "before", required_argument, NULL, 'b' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *self = command_find("prune");
	struct diag err = DIAG_INIT;
	struct prune_counts n;
	const char *db = NULL, *before = NULL;
	int64_t before_us = 0;
	struct store *st;
	int c, quiet = 0;
	char when[40];

	optind = 1;
	while ((c = getopt_long(argc, argv, "q", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'b':
			before = optarg;
			if (options_time("--before", optarg, 1, &before_us) < 0)
				return EXIT_USAGE;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			command_help(self);
			return EXIT_OK;
		default:
			command_usage(self, 1);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "analyze: prune: unexpected argument '%s'\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (!before) {
		fprintf(stderr, "analyze: prune: --before is required\n");
		command_usage(self, 1);
		return EXIT_USAGE;
	}
	if (store_open(&st, options_db_path(db), &err) < 0)
		return exit_fail(NULL, &err);
	c = store_prune(st, before_us, &n, &err);
	store_free(st);
	if (c < 0)
		return exit_fail("prune", &err);
	timeconv_format_ms(before_us, when, sizeof(when));
	if (!quiet)
		fprintf(stderr, "analyze: pruned before %s: %" PRId64 " requests, %" PRId64
			" proxy events, %" PRId64 " server events (%" PRId64 " phases), %" PRId64
			" psql results (%" PRId64 " rows, %" PRId64 " db writes), %" PRId64
			" rejects\n", when, n.requests, n.proxy_events, n.events, n.phases,
			n.snapshots, n.snapshot_rows, n.db_writes, n.rejects);
	return EXIT_OK;
}
