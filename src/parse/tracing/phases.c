/* phases.c - <phase>_ms fields -> phase rows, so analysis can see which
 * phase of a request ate the time. tracing-subscriber writes u128 (what
 * Duration::as_millis() returns) as a JSON string: "total_ms":"4631", so a
 * numeric string counts as a number. */
#include <stdlib.h>
#include <string.h>

#include "parse/tracing/event.h"

int tr_phase_note(struct tr_event *ev, const char *key, size_t klen, enum tr_type t,
		  const char *v, size_t vlen)
{
	char num[64];

	if (klen <= 3 || memcmp(key + klen - 3, "_ms", 3) != 0)
		return 0;
	if ((t != TR_NUMBER && t != TR_STRING) || vlen >= sizeof(num) || !tr_is_number(v, vlen))
		return 0;       /* "12 ms", "n/a": kept in the fields, not a phase */
	if (ev->nphases == TR_MAX_PHASES)
		return 0;       /* more than there are fields: cannot happen */
	memcpy(num, v, vlen);   /* v is not NUL-terminated */
	num[vlen] = '\0';
	ev->phase[ev->nphases].name.off = (uint32_t)ev->phase_names.len;
	ev->phase[ev->nphases].name.len = (uint32_t)(klen - 3);
	ev->phase[ev->nphases].ms = strtod(num, NULL);
	if (buf_add(&ev->phase_names, key, klen - 3) < 0 || buf_addc(&ev->phase_names, '\0') < 0)
		return -1;
	ev->nphases++;
	return 0;
}

int tr_phases_emit(const struct tr_event *ev, const struct sink *out, struct diag *err)
{
	struct record rec = { .kind = REC_PHASE, .line = ev->line, .off = ev->off };

	rec.u.phase.event_name = ev->has_name ? ev->name.data : NULL;
	for (int i = 0; i < ev->nphases; i++) {
		rec.u.phase.phase = ev->phase_names.data + ev->phase[i].name.off;
		rec.u.phase.ms = ev->phase[i].ms;
		if (out->emit(out->ctx, &rec, err) < 0)
			return -1;
	}
	return 0;
}
