/* parse_options.h - one table of options per command that both parses argv
 * and prints --help (git's parse-options): each entry names its long and
 * short form, its argument, its help line and what it sets, so the two can
 * never disagree. The entries several commands take are in options.h. */
#ifndef ANALYZE_PARSE_OPTIONS_H
#define ANALYZE_PARSE_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ingest/ingest.h"
#include "model/model.h"

/* Everything any command's options set; each command reads its part. */
struct cli_args {
	const char *db;                 /* --db; NULL: options_db_path()'s rule */
	int quiet;
	int help;                       /* --help: the parser prints it and stops */
	struct ingest_opts io;          /* ingest and the one-shot form */
	struct model_opts mo;           /* report and the one-shot form */
	const char *format;             /* report --format: a writer; NULL: from -o */
	const char *out;                /* report -o; "-" is stdout */
	unsigned fail_mask;             /* --fail-on */
	const char *since, *until;      /* --since, --until as given: see options_window() */
	const char *baseline;           /* report --baseline D, as given */
	const char *baseline_since, *baseline_until;   /* report --baseline-since/-until */
	int64_t before_us;              /* prune --before */
	const char *before;             /* NULL: --before was not given */
	char **rest;                    /* the operands, borrowed from argv */
	int nrest;
};

#define CLI_ARGS_DEFAULT { .mo = MODEL_OPTS_DEFAULT, .out = "-" }

struct cli_option {
	const char *name;               /* the long form, without "--" */
	char letter;                    /* the short form, or 0 */
	const char *arg;                /* the argument's name in help; NULL: a flag */
	const char *help;               /* one line */
	/* Takes the value (NULL for a flag); -1 after printing a message that
	 * names the option: the command exits EXIT_USAGE. NULL: the value (or
	 * 1, for a flag) is stored at `at` in struct cli_args. */
	int (*set)(struct cli_args *a, const char *arg);
	size_t at;                      /* offsetof(struct cli_args, ...) when set is NULL */
	void (*more)(FILE *out);        /* lines printed after the help line, or NULL */
};

/* What a command takes after its options. */
enum cli_operands {
	CLI_NO_OPERANDS,
	CLI_ANY_OPERANDS,
	CLI_SOME_OPERANDS,              /* at least one PATH */
};

struct command;

/* Parses argv (argv[0] is the command) by c->options into a, which starts
 * as CLI_ARGS_DEFAULT. 0: go on with a->rest. -1: return *status now, the
 * message printed (EXIT_OK after --help, EXIT_USAGE after a bad option). */
int parse_options(const struct command *c, int argc, char **argv, struct cli_args *a,
		  int *status);

/* The option lines of `analyze CMD --help`, from the table. */
void print_options(FILE *out, const struct cli_option *const *opts);

#endif
