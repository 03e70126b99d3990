/* cmd_prune.c - `analyze prune`: --before T -> store_prune(), one line of
 * what went. */
#include <inttypes.h>
#include <stdio.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "cli/runs.h"
#include "store/prune.h"
#include "util/timeconv.h"

static int set_before(struct cli_args *a, const char *arg)
{
	a->before = arg;
	return options_time("--before", arg, NULL, &a->before_us);
}

static const struct cli_option opt_before = {
	"before", 0, "T", "RFC 3339, epoch seconds, or a duration ago (168h, 7d)", set_before, 0,
	NULL,
};

const struct cli_option *const prune_options[] = {
	&opt_db, &opt_before, &opt_quiet, &opt_help, NULL,
};

struct prune_job {
	int64_t before_us;
	struct prune_counts n;
};

static int prune(struct store *st, void *ctx, struct diag *err)
{
	struct prune_job *j = ctx;

	return store_prune(st, j->before_us, &j->n, err) < 0 ? -1 : EXIT_OK;
}

int cmd_prune(int argc, char **argv)
{
	const struct command *self = command_find("prune");
	struct cli_args a = CLI_ARGS_DEFAULT;
	struct prune_job j;
	char when[40];
	int rc;

	if (parse_options(self, argc, argv, &a, &rc) < 0)
		return rc;
	if (!a.before) {
		fprintf(stderr, "analyze: prune: --before is required\n");
		command_usage(self, 1);
		return EXIT_USAGE;
	}
	j.before_us = a.before_us;
	rc = with_store(options_db_path(a.db), STORE_EXISTING, "prune", prune, &j);
	if (rc != EXIT_OK)
		return rc;
	timeconv_format_ms(j.before_us, when, sizeof(when));
	if (!a.quiet)
		fprintf(stderr, "analyze: pruned before %s: %" PRId64 " requests, %" PRId64
			" proxy events, %" PRId64 " server events (%" PRId64 " phases), %" PRId64
			" psql results (%" PRId64 " rows, %" PRId64 " db writes), %" PRId64
			" rejects\n", when, j.n.requests, j.n.proxy_events, j.n.events, j.n.phases,
			j.n.snapshots, j.n.snapshot_rows, j.n.db_writes, j.n.rejects);
	return EXIT_OK;
}
