/* html.h - the parts of report.html, each a file of its own, called in
 * page order by html.c. */
#ifndef ANALYZE_HTML_H
#define ANALYZE_HTML_H

#include "report/html_page.h"

void html_headline(struct html *h);     /* html_headline.c */
void html_overview(struct html *h);     /* html_overview.c */
void html_checks(struct html *h);       /* html_checks.c */
void html_timeline(struct html *h);     /* timeline.c */
void html_findings(struct html *h);     /* html_findings.c */
void html_sources(struct html *h);      /* html_sources.c */

#endif
