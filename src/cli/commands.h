/* commands.h - the command table: `analyze NAME ...` runs commands[i].run. */
#ifndef ANALYZE_COMMANDS_H
#define ANALYZE_COMMANDS_H

struct command {
	const char *name;
	const char *usage;      /* the synopsis after "analyze " */
	const char *summary;
	int (*run)(int argc, char **argv);      /* returns an exit_code */
	const char *help;       /* the options, one per line, for --help */
};

extern const struct command commands[];
/* `analyze FILE.html|FILE.json|FILE.txt [PATH...]`: not in the table, as
 * its first word is a file; main() asks oneshot_wants(). */
extern const struct command oneshot_command;
int oneshot_wants(const char *arg);

const struct command *command_find(const char *name);
void command_usage(const struct command *c, int to_stderr);
/* usage, summary and options on stdout: `analyze CMD --help` */
void command_help(const struct command *c);

#endif
