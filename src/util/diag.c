/* diag.c - the error message, and its class, carried back to whoever
 * reports it. */
#include "util/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int diag_set_class(struct diag *err, enum diag_class cls, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->cls = cls;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int diag_oom(struct diag *err)
{
	return diag_set_class(err, DIAG_INTERNAL, "out of memory");
}

int diag_prefix(struct diag *err, const char *fmt, ...)
{
	char head[256], old[sizeof(err->msg)];
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* head, ": ", then as much of the old message as fits */
	size_t hl = strlen(head), room = sizeof(err->msg) - 1;

	hl = hl < room ? hl : room;
	memcpy(err->msg, head, hl);
	if (hl + 2 <= room) {
		size_t ol = strnlen(old, room - hl - 2);

		memcpy(err->msg + hl, ": ", 2);
		memcpy(err->msg + hl + 2, old, ol);
		hl += 2 + ol;
	}
	err->msg[hl] = '\0';
	return -1;
}
