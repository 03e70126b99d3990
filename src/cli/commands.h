/* commands.h - the command table: `analyze NAME ...` runs commands[i].run. */
#ifndef ANALYZE_COMMANDS_H
#define ANALYZE_COMMANDS_H

#include "cli/parse_options.h"

struct command {
	const char *name;
	const char *usage;      /* the synopsis after "analyze " */
	const char *summary;
	int (*run)(int argc, char **argv);      /* returns an exit_code */
	/* NULL-terminated; parse_options() parses by it, --help prints it */
	const struct cli_option *const *options;
	enum cli_operands operands;
	const char *exit_codes;         /* the statuses it can exit with, for --help */
};

extern const struct command commands[];
/* `analyze FILE.html|FILE.json|FILE.txt|FILE.csv [PATH...]`: not in the table, as
 * its first word is a file; main() asks oneshot_wants(). */
extern const struct command oneshot_command;
int oneshot_wants(const char *arg);

const struct command *command_find(const char *name);
void command_usage(const struct command *c, int to_stderr);
/* usage, summary, options and exit codes on stdout: `analyze CMD --help` */
void command_help(const struct command *c);

#endif
