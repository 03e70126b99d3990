/* diag.h - an error message for the caller, filled where the error is seen.
 * Functions that fail return -1 and leave the reason in a struct diag. */
#ifndef ANALYZE_DIAG_H
#define ANALYZE_DIAG_H

struct diag {
	char msg[512];
};

#define DIAG_INIT { { 0 } }

/* Formats the message into err (when err is not NULL); always returns -1. */
int diag_set(struct diag *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prefixes the message already in err with "<fmt>: "; returns -1. */
int diag_prefix(struct diag *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
