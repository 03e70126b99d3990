/* phase_list.c - an event's phases as one JSON list (schema 0008): a row
 * per timing event where there was a row per phase. The view `phase`
 * reads the list back as those rows, so its milliseconds must come back
 * as the very doubles the parser made. */
#include "store/phase_list.h"

#include <stdio.h>
#include <stdlib.h>

void phase_ms_text(double ms, char out[PHASE_MS_TEXT])
{
	/* most are whole milliseconds (Duration::as_millis()): digits alone,
	 * without a printf and a strtod per phase */
	if (ms >= 0 && ms < 1e15 && ms == (double)(int64_t)ms) {
		char rev[20];
		int64_t v = (int64_t)ms;
		int n = 0, o = 0;

		do
			rev[n++] = (char)('0' + v % 10);
		while ((v /= 10) > 0);
		while (n > 0)
			out[o++] = rev[--n];
		out[o] = '\0';
		return;
	}
	/* "%.17g" always reads back exactly; most others need fewer digits
	 * ("0.5", not "0.50000000000000000") */
	for (int digits = 15; digits <= 17; digits++) {
		snprintf(out, PHASE_MS_TEXT, "%.*g", digits, ms);
		if (strtod(out, NULL) == ms)
			return;
	}
}

int phase_list_add(struct buf *list, int64_t phase_id, double ms)
{
	char num[PHASE_MS_TEXT], item[32 + PHASE_MS_TEXT];

	phase_ms_text(ms, num);
	snprintf(item, sizeof(item), "%s[%lld,%s]", list->len ? "," : "[", (long long)phase_id, num);
	return buf_adds(list, item);
}

int phase_list_end(struct buf *list)
{
	return buf_addc(list, ']');
}
