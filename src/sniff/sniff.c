/* sniff.c - format detection per file by asking every parser's probe(),
 * line by line, and its probe_head(), if any, of the lines together. */
#include "sniff/sniff.h"

#include <string.h>

#define SNIFF_MIN_SCORE 50      /* an average below this recognises nothing */
/* ... and a parser must be this sure of one line at least: a file of weak
 * likenesses (a TSV of curl timings looks like psql's -At output, line by
 * line) is not recognised without one line that only that format writes */
#define SNIFF_SURE 75

const struct parser *sniff(const struct line *lines, int n)
{
	const struct parser *best = NULL;
	long best_score = 0;
	int voters = 0, best_sure = 0;

	for (int i = 0; i < n; i++)
		if (strspn(lines[i].text, " \t") != lines[i].len)
			voters++;
	if (voters == 0)
		return NULL;
	for (int p = 0; parsers[p]; p++) {
		long score = 0;
		int sure = 0;

		for (int i = 0; i < n; i++)
			if (strspn(lines[i].text, " \t") != lines[i].len) {
				int s = parsers[p]->probe(lines[i].text, lines[i].len);

				score += s;
				sure |= s >= SNIFF_SURE;
			}
		if (parsers[p]->probe_head) {
			/* the lines together: counts as that score on every line */
			int h = parsers[p]->probe_head(lines, n);

			if ((long)h * voters > score) {
				score = (long)h * voters;
				sure = h >= SNIFF_SURE;
			}
		}
		if (score > best_score) {
			best = parsers[p];
			best_score = score;
			best_sure = sure;
		}
	}
	return best_score >= (long)SNIFF_MIN_SCORE * voters && best_sure ? best : NULL;
}
