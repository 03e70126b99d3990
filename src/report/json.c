/* json.c - the json format is the model itself. */
#include "report/writer.h"

static int write_json(const char *model, size_t len, FILE *out, struct diag *err)
{
	if (fwrite(model, 1, len, out) != len || fputc('\n', out) == EOF)
		return diag_set(err, "write failed");
	return 0;
}

const struct report_writer json_writer = { "json", write_json };
