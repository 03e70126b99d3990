/* exit_codes.c - an error's class -> the exit status: the one place that
 * decides it, so a new message cannot change what cron sees. */
#include "cli/exit_codes.h"

#include <stdio.h>

int exit_for(const struct diag *err)
{
	switch (err->cls) {
	case DIAG_USAGE:
		return EXIT_USAGE;
	case DIAG_INPUT:
		return EXIT_INPUT;
	case DIAG_DATABASE:
		return EXIT_DATABASE;
	case DIAG_INTERNAL:
		break;
	}
	return EXIT_INTERNAL;   /* and a class this switch does not know yet */
}

int exit_fail(const char *what, const struct diag *err)
{
	fprintf(stderr, "analyze: %s%s%s\n", what ? what : "", what ? ": " : "", err->msg);
	return exit_for(err);
}
