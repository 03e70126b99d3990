/* commands.c - the table of subcommands, their usage and help text. */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

#include "cli/exit_codes.h"

int cmd_ingest(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_prune(int argc, char **argv);
int cmd_oneshot(int argc, char **argv);

#define OPT_DB "  --db PATH            the database (default $ANALYZE_DB, else ./analyze.db)\n"
#define OPT_FAIL_ON                                                                    \
	"  --fail-on KINDS      exit 1 when findings of these kinds exist: timeout_clusters,\n" \
	"                       limiter_collapses, post_write_stalls, any (comma separated)\n"

const struct command commands[] = {
	{ "ingest",
	  "ingest [--db PATH] [--format auto|caddy|tracing|psql] [--strip-prefix P] [--tz ZONE] "
	  "[--quiet] PATH...",
	  "read logs (files, directories, .gz, - for stdin) into the database", cmd_ingest,
	  OPT_DB
	  "  --format F           auto (detect per file), caddy, tracing or psql\n"
	  "  --strip-prefix P     the path prefix the proxy strips before proxying (/api)\n"
	  "  --tz ZONE            the zone of times that carry none (psql \\watch titles)\n"
	  "  -q, --quiet          print nothing but errors\n" },
	{ "report",
	  "report [--db PATH] [--since T] [--until T] [--format html|json|text] [-o FILE|-] "
	  "[--strip-prefix P] [--window D] [--timeout-budget D] [--fail-on KINDS]",
	  "correlate the sources and write the findings", cmd_report,
	  OPT_DB
	  "  --since T, --until T report on this window only (RFC 3339 or epoch seconds)\n"
	  "  --format F           html, json or text (default: from -o's extension, else json)\n"
	  "  -o, --output FILE    where to write (default - for stdout)\n"
	  "  --strip-prefix P     the proxy's path prefix (default: detected from the data)\n"
	  "  --window D           a quiet gap longer than this splits a 408 cluster (60s)\n"
	  "  --timeout-budget D   the server's timeout (default: inferred from the 408s)\n"
	  OPT_FAIL_ON },
	{ "prune",
	  "prune [--db PATH] --before T [--quiet]",
	  "delete records older than T; sources stay, so nothing is ingested twice", cmd_prune,
	  OPT_DB
	  "  --before T           RFC 3339, epoch seconds, or a duration ago (168h, 7d)\n"
	  "  -q, --quiet          print nothing but errors\n" },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct command oneshot_command = {
	"FILE.html|FILE.json|FILE.txt",
	"FILE.html|FILE.json|FILE.txt [--db PATH] [--strip-prefix P] [--fail-on KINDS] "
	"[--quiet] [PATH...]",
	"ingest the PATHs (if any), then write the report to FILE", cmd_oneshot,
	OPT_DB
	"  --strip-prefix P     the path prefix the proxy strips before proxying (/api)\n"
	OPT_FAIL_ON
	"  -q, --quiet          no per-file ingest lines\n",
};

const struct command *command_find(const char *name)
{
	for (int i = 0; commands[i].name; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

void command_usage(const struct command *c, int to_stderr)
{
	fprintf(to_stderr ? stderr : stdout, "usage: analyze %s\n", c->usage);
}

void command_help(const struct command *c)
{
	printf("usage: analyze %s\n\n%s\n\noptions:\n%s  -h, --help           this text\n\n"
	       EXIT_CODES_HELP "\n", c->usage, c->summary, c->help);
}
