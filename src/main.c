/* main.c - argv[1] -> the command table, or the one-shot form when it names
 * a report file; returns the command's exit code. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"

static void usage(FILE *to)
{
	fprintf(to, "usage: analyze COMMAND [OPTIONS] ...\n"
		"       analyze %s\n\ncommands:\n", oneshot_command.usage);
	for (int i = 0; commands[i].name; i++)
		fprintf(to, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(to, "  %-8s %s\n", "FILE.*", oneshot_command.summary);
	fprintf(to, "\n'analyze COMMAND --help' shows a command's options; "
		"docs/usage.md and analyze(1) have the whole contract.\n");
}

int main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		/* every message on stderr starts analyze:; the full usage is --help's */
		fprintf(stderr, "analyze: no command given (analyze --help lists them)\n");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("analyze %s\n", ANALYZE_VERSION);
		return EXIT_OK;
	}
	c = command_find(argv[1]);
	if (!c && argv[1][0] != '-' && oneshot_wants(argv[1]))
		c = &oneshot_command;   /* analyze report.html [PATH...] */
	if (!c) {
		fprintf(stderr, "analyze: unknown command '%s' (or a report file: FILE.html, "
			"FILE.json, FILE.txt, FILE.csv); analyze --help lists them\n", argv[1]);
		return EXIT_USAGE;
	}
	return c->run(argc - 1, argv + 1);
}
