/* exit_codes.h - what `analyze` exits with; docs/usage.md lists the same. */
#ifndef ANALYZE_EXIT_CODES_H
#define ANALYZE_EXIT_CODES_H

enum exit_code {
	EXIT_OK = 0,            /* done; rejected lines are counted, not failures */
	EXIT_FINDINGS = 1,      /* --fail-on matched findings */
	EXIT_USAGE = 2,         /* bad command line */
	EXIT_INPUT = 3,         /* an input could not be read or recognised; the rest was ingested */
	EXIT_DATABASE = 4,      /* the database could not be opened, migrated or written */
};

#endif
