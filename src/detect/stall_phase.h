/* stall_phase.h - the phase a timed-out request stalled in, from the best
 * evidence there is (stall_phase.c). Shared by the kinds that explain a
 * timeout: post_write_stalls and timeouts. */
#ifndef ANALYZE_STALL_PHASE_H
#define ANALYZE_STALL_PHASE_H

#include <stdint.h>

#include "detect/detector.h"

struct stall_phase {
	int named;                      /* 0: nothing names a phase */
	char name[128];                 /* as the server logs it: "search.ack_wait" */
	char detail[384];               /* the sentence: which events, how long */
	const char *named_by;           /* own_timing | own_event | concurrent_timing | no_completion_event */
	char source[512];               /* the event that named it, when one did */
	int64_t line;
};

struct stall_phases {
	struct detect_ctx *ctx;
	int ready;                      /* the two below are known */
	int64_t waits;                  /* wait_phase rows: linked phases of STALL_MS or more */
	int64_t fanouts;                /* fanout_event rows: linked fan-out troubles */
};

/* The phase request row `req` (on `route`, [start, end] on the proxy clock)
 * stalled in, looking only after `after_us` (its write, or its start) for
 * its own fan-out trouble. -1 on a store error. */
int stall_phase_find(struct stall_phases *sp, int64_t req, const char *route, int64_t start_us,
		     int64_t end_us, int64_t after_us, struct stall_phase *out, struct diag *err);

#endif
