/* parse_options.c - a command's option table -> getopt_long()'s arrays, the
 * values into struct cli_args, and the table again for --help. */
#include "cli/parse_options.h"

#include <getopt.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"

/* Options of one command; more is a mistake in a table, caught by every
 * test that runs the command. */
#define OPTIONS_MAX 24
/* getopt_long()'s value for an entry without a short form: past any char. */
#define LONG_ONLY 256

static int apply(const struct cli_option *o, struct cli_args *a, const char *arg)
{
	char *field = (char *)a + o->at;

	if (o->set)
		return o->set(a, arg);
	if (o->arg)
		*(const char **)field = arg;
	else
		*(int *)field = 1;
	return 0;
}

/* What getopt_long() would have printed, as every message here starts. */
static void bad_option(const struct command *c, int got, const char *word)
{
	const char *name = c == &oneshot_command ? "report file" : c->name;

	if (got == ':')
		fprintf(stderr, "analyze: %s: option '%s' needs a value\n", name, word);
	else if (optopt && strncmp(word, "--", 2) != 0)
		fprintf(stderr, "analyze: %s: unknown option '-%c'\n", name, optopt);
	else
		fprintf(stderr, "analyze: %s: unknown option '%s'\n", name, word);
	command_usage(c, 1);
}

int parse_options(const struct command *c, int argc, char **argv, struct cli_args *a, int *status)
{
	struct option longopts[OPTIONS_MAX + 1];
	char shorts[2 * OPTIONS_MAX + 2];
	const struct cli_option *const *opts = c->options;
	int n = 0, ns = 0, got;

	shorts[ns++] = ':';     /* a missing value is ':', told apart from '?' */

	for (; opts[n]; n++) {
		if (n == OPTIONS_MAX) {
			fprintf(stderr, "analyze: %s: more than %d options\n", c->name, OPTIONS_MAX);
			*status = EXIT_INTERNAL;
			return -1;
		}
		longopts[n] = (struct option){ opts[n]->name,
					       opts[n]->arg ? required_argument : no_argument, NULL,
					       opts[n]->letter ? opts[n]->letter : LONG_ONLY + n };
		if (opts[n]->letter) {
			shorts[ns++] = opts[n]->letter;
			if (opts[n]->arg)
				shorts[ns++] = ':';
		}
	}
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };
	shorts[ns] = '\0';
	optind = 1;
	opterr = 0;             /* its messages lack "analyze: ": bad_option() says it */
	while ((got = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
		int i = got >= LONG_ONLY ? got - LONG_ONLY : 0;

		if (got == '?' || got == ':') {
			bad_option(c, got, argv[optind - 1]);
			*status = EXIT_USAGE;
			return -1;
		}
		if (got < LONG_ONLY)
			for (i = 0; i < n && opts[i]->letter != got; i++)
				;
		if (apply(opts[i], a, optarg) < 0) {
			*status = EXIT_USAGE;
			return -1;
		}
		if (a->help) {
			command_help(c);
			*status = EXIT_OK;
			return -1;
		}
	}
	a->rest = argv + optind;
	a->nrest = argc - optind;
	if (c->operands == CLI_NO_OPERANDS && a->nrest > 0) {
		fprintf(stderr, "analyze: %s: unexpected argument '%s'\n", c->name, a->rest[0]);
		*status = EXIT_USAGE;
		return -1;
	}
	if (c->operands == CLI_SOME_OPERANDS && a->nrest == 0) {
		fprintf(stderr, "analyze: %s: no PATH given\n", c->name);
		command_usage(c, 1);
		*status = EXIT_USAGE;
		return -1;
	}
	return 0;
}

void print_options(FILE *out, const struct cli_option *const *opts)
{
	for (; *opts; opts++) {
		const struct cli_option *o = *opts;
		char label[64];
		int n = o->letter ? snprintf(label, sizeof(label), "-%c, ", o->letter) : 0;

		snprintf(label + n, sizeof(label) - (size_t)n, "--%s%s%s", o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
		fprintf(out, "  %-20s %s\n", label, o->help);
		if (o->more)
			o->more(out);
	}
}
