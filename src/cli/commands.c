/* commands.c - the table of subcommands: name, usage, summary, and the
 * option table each cmd_*.c declares, which --help prints. */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

#include "cli/exit_codes.h"

int cmd_ingest(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_prune(int argc, char **argv);
int cmd_oneshot(int argc, char **argv);

extern const struct cli_option *const ingest_options[], *const report_options[],
	*const prune_options[], *const oneshot_options[];

const struct command commands[] = {
	{ "ingest",
	  "ingest [--db PATH] [--format auto|caddy|tracing|psql] [--strip-prefix P] [--tz ZONE] "
	  "[--quiet] PATH...",
	  "read logs (files, directories, .gz .xz .bz2 .zst, FIFOs, - for stdin) into the database",
	  cmd_ingest, ingest_options, CLI_SOME_OPERANDS,
	  "0 ok, 2 usage, 3 input, 4 database, 5 internal" },
	{ "report",
	  "report [--db PATH] [--since T] [--until T] [--tz ZONE] [--format html|json|text|csv] "
	  "[-o FILE|-] [--strip-prefix P] [--window D] [--timeout-budget D] "
	  "[--baseline D | --baseline-since T --baseline-until T] [--fail-on KINDS]",
	  "correlate the sources and write the findings", cmd_report, report_options,
	  CLI_NO_OPERANDS, EXIT_CODES_HELP },
	{ "prune", "prune [--db PATH] --before T [--quiet]",
	  "delete records older than T; sources stay, so nothing is ingested twice", cmd_prune,
	  prune_options, CLI_NO_OPERANDS, "0 ok, 2 usage, 4 database, 5 internal" },
	{ NULL, NULL, NULL, NULL, NULL, CLI_NO_OPERANDS, NULL },
};

const struct command oneshot_command = {
	"FILE.html|FILE.json|FILE.txt|FILE.csv",
	"FILE.html|FILE.json|FILE.txt|FILE.csv [--db PATH] [--format auto|caddy|tracing|psql] "
	"[--strip-prefix P] [--tz ZONE] [--since T] [--until T] [--window D] [--timeout-budget D] "
	"[--baseline D | --baseline-since T --baseline-until T] [--fail-on KINDS] [--quiet] "
	"[PATH...]",
	"ingest the PATHs (if any), then write the report to FILE", cmd_oneshot, oneshot_options,
	CLI_ANY_OPERANDS, EXIT_CODES_HELP,
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
	/* on stderr it is a message like any other: "analyze: " first */
	fprintf(to_stderr ? stderr : stdout, "%susage: analyze %s\n", to_stderr ? "analyze: " : "",
		c->usage);
}

void command_help(const struct command *c)
{
	printf("usage: analyze %s\n\n%s\n\noptions:\n", c->usage, c->summary);
	print_options(stdout, c->options);
	printf("\nexit status: %s\n", c->exit_codes);
}
