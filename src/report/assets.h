/* assets.h - src/report/assets/ (the page's CSS and script), compiled in by
 * src/cmake/embed.cmake like sql/, so report.html needs no file at run time. */
#ifndef ANALYZE_ASSETS_H
#define ANALYZE_ASSETS_H

#include <stddef.h>

struct asset_text {
	const char *name;               /* file name under assets/: "report.css" */
	const unsigned char *text;      /* NUL-terminated */
	size_t len;
};

extern const struct asset_text asset_texts[];  /* sorted by name */
extern const unsigned asset_texts_count;

#endif
