/* diag.h - an error message for the caller, filled where the error is seen.
 * Functions that fail return -1 and leave the reason in a struct diag. */
#ifndef ANALYZE_DIAG_H
#define ANALYZE_DIAG_H

/* What failed, set with the message: the command line picks its exit
 * status (and whether a run goes on) from this, never from the text. */
enum diag_class {
	DIAG_INPUT = 0,         /* an input could not be read or made sense of; diag_set()'s */
	DIAG_USAGE,             /* a bad value given on the command line */
	DIAG_DATABASE,          /* the store could not be opened, read or written */
	DIAG_INTERNAL,          /* out of memory, no thread, a bug: nothing is to blame but us */
};

struct diag {
	enum diag_class cls;
	char msg[512];
};

#define DIAG_INIT { DIAG_INPUT, { 0 } }

/* Formats the message into err (when err is not NULL) with its class;
 * always returns -1. */
int diag_set_class(struct diag *err, enum diag_class cls, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Class DIAG_INPUT: most errors are about what is being read. */
#define diag_set(err, ...) diag_set_class((err), DIAG_INPUT, __VA_ARGS__)

/* Class DIAG_DATABASE: every failure in src/store/. */
#define diag_db(err, ...) diag_set_class((err), DIAG_DATABASE, __VA_ARGS__)

/* "out of memory", DIAG_INTERNAL; returns -1. */
int diag_oom(struct diag *err);

/* Prefixes the message already in err with "<fmt>: ", keeping its class;
 * returns -1. */
int diag_prefix(struct diag *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
