/* exit_codes.h - what `analyze` exits with; docs/usage.md lists the same. */
#ifndef ANALYZE_EXIT_CODES_H
#define ANALYZE_EXIT_CODES_H

#include "util/diag.h"

enum exit_code {
	EXIT_OK = 0,            /* done; rejected lines are counted, not failures */
	EXIT_FINDINGS = 1,      /* --fail-on matched findings */
	EXIT_USAGE = 2,         /* bad command line */
	EXIT_INPUT = 3,         /* an input could not be read or recognised; the rest was ingested */
	EXIT_DATABASE = 4,      /* the database could not be opened, migrated or written */
	EXIT_INTERNAL = 5,      /* out of memory, or a bug: the run stopped */
};

/* Every status: the footer of `analyze report --help` (a command that
 * cannot exit with some of them lists its own). */
#define EXIT_CODES_HELP "0 ok, 1 --fail-on findings, 2 usage, 3 input, 4 database, 5 internal"

/* The exit status for an error, from its class (never from its text). */
int exit_for(const struct diag *err);

/* Prints "analyze: [what: ]message" and returns exit_for(err). */
int exit_fail(const char *what, const struct diag *err);

#endif
