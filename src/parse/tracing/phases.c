/* phases.c - <phase>_ms fields -> phase rows, so analysis can see which
 * phase of a request ate the time. tracing-subscriber writes u128 (what
 * Duration::as_millis() returns) as a JSON string: "total_ms":"4631", so a
 * numeric string counts as a number (event.c tells which values are). */
#include <stdlib.h>
#include <string.h>

#include "parse/tracing/phases.h"

int tr_phase_is_key(const char *key, size_t klen)
{
	return klen > 3 && memcmp(key + klen - 3, "_ms", 3) == 0;
}

int tr_phase_note(struct tr_phases *ph, const char *key, size_t klen, const char *v,
		  size_t vlen)
{
	char num[64];

	if (!tr_phase_is_key(key, klen) || vlen >= sizeof(num))
		return 0;
	if (ph->n == TR_MAX_PHASES)
		return 0;       /* more than there are fields: cannot happen */
	memcpy(num, v, vlen);   /* v is not NUL-terminated */
	num[vlen] = '\0';
	ph->phase[ph->n].name_off = (uint32_t)ph->names.len;
	ph->phase[ph->n].ms = strtod(num, NULL);
	/* "1e999" is Inf, "-5" no time: neither is a phase's duration */
	if (!(ph->phase[ph->n].ms >= 0 && ph->phase[ph->n].ms < TR_PHASE_MAX_MS))
		return -2;
	if (buf_add(&ph->names, key, klen - 3) < 0 || buf_addc(&ph->names, '\0') < 0)
		return -1;
	ph->n++;
	return 0;
}

int tr_phases_emit(const struct tr_phases *ph, int64_t line, int64_t off,
		   const char *event_name, const struct sink *out, struct diag *err)
{
	struct record rec = { .kind = REC_PHASE, .line = line, .off = off };

	rec.u.phase.event_name = event_name;
	for (int i = 0; i < ph->n; i++) {
		rec.u.phase.phase = ph->names.data + ph->phase[i].name_off;
		rec.u.phase.ms = ph->phase[i].ms;
		if (out->emit(out->ctx, &rec, err) < 0)
			return -1;
	}
	return 0;
}
