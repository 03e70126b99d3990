/* phases.h - an event's <phase>_ms fields, kept as phase rows. A leaf:
 * event.c feeds it the fields and asks it to emit; it knows records and
 * field names, nothing of the event being built. */
#ifndef ANALYZE_TRACING_PHASES_H
#define ANALYZE_TRACING_PHASES_H

#include <stddef.h>
#include <stdint.h>

#include "parse/parser.h"
#include "util/buf.h"

#define TR_MAX_PHASES 256       /* one per field of an event (TR_MAX_FIELDS) */
#define TR_PHASE_MAX_MS 86400000.0      /* a phase of a day or more is no request's */

struct tr_phases {
	struct buf names;               /* the phases' names, NUL-terminated, back to back */
	struct {
		uint32_t name_off;      /* into names */
		double ms;
	} phase[TR_MAX_PHASES];
	int n;
};

/* Is key "<phase>_ms"? */
int tr_phase_is_key(const char *key, size_t klen);
/* Notes key = v as a phase when key is "<phase>_ms". v is a JSON number's
 * text (the caller checks; tracing-subscriber writes u128 as a string).
 * 0, -1 out of memory, -2 not a duration: not finite, < 0 or a day or more. */
int tr_phase_note(struct tr_phases *ph, const char *key, size_t klen, const char *v,
		  size_t vlen);
/* One REC_PHASE per phase noted, with the event's provenance and name. */
int tr_phases_emit(const struct tr_phases *ph, int64_t line, int64_t off,
		   const char *event_name, const struct sink *out, struct diag *err);

#endif
