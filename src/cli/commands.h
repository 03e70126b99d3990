/* commands.h - the command table: `analyze NAME ...` runs commands[i].run. */
#ifndef ANALYZE_COMMANDS_H
#define ANALYZE_COMMANDS_H

struct command {
	const char *name;
	const char *usage;      /* the synopsis after "analyze " */
	const char *summary;
	int (*run)(int argc, char **argv);      /* returns an exit_code */
};

extern const struct command commands[];
const struct command *command_find(const char *name);
void command_usage(const struct command *c, int to_stderr);

#endif
