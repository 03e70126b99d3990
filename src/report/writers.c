/* writers.c - the table of report formats. */
#include "report/writer.h"

#include <string.h>

extern const struct report_writer json_writer;
extern const struct report_writer html_writer;
extern const struct report_writer text_writer;
extern const struct report_writer csv_writer;

static const struct report_writer *const writers[] = {
	&json_writer,
	&html_writer,
	&text_writer,
	&csv_writer,
	NULL,
};

const struct report_writer *report_writer_find(const char *format)
{
	if (strcmp(format, "txt") == 0)
		format = "text";
	for (int i = 0; writers[i]; i++)
		if (strcmp(writers[i]->format, format) == 0)
			return writers[i];
	return NULL;
}
