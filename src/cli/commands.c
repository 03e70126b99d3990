/* commands.c - the table of subcommands, and their usage text. */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

int cmd_ingest(int argc, char **argv);
int cmd_report(int argc, char **argv);

const struct command commands[] = {
	{ "ingest",
	  "ingest [--db PATH] [--format auto|caddy|tracing|psql] [--strip-prefix P] [--quiet] PATH...",
	  "read logs (files, directories, .gz, - for stdin) into the database", cmd_ingest },
	{ "report",
	  "report [--db PATH] [--since T] [--until T] [--format json] [-o FILE|-] "
	  "[--strip-prefix P] [--window D] [--timeout-budget D] [--fail-on KINDS]",
	  "correlate the sources and write the findings", cmd_report },
	{ NULL, NULL, NULL, NULL },
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
