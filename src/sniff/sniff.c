/* sniff.c - format detection per file by asking every parser's probe(). */
#include "sniff/sniff.h"

#include <string.h>

#define SNIFF_MIN_SCORE 50      /* an average below this recognises nothing */

const struct parser *sniff(const struct line *lines, int n)
{
	const struct parser *best = NULL;
	long best_score = 0;
	int voters = 0;

	for (int i = 0; i < n; i++)
		if (strspn(lines[i].text, " \t") != lines[i].len)
			voters++;
	if (voters == 0)
		return NULL;
	for (int p = 0; parsers[p]; p++) {
		long score = 0;

		for (int i = 0; i < n; i++)
			if (strspn(lines[i].text, " \t") != lines[i].len)
				score += parsers[p]->probe(lines[i].text, lines[i].len);
		if (score > best_score) {
			best = parsers[p];
			best_score = score;
		}
	}
	return best_score >= (long)SNIFF_MIN_SCORE * voters ? best : NULL;
}
