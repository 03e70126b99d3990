/* options.c - the database path rule every command follows. */
#include "cli/options.h"

#include <stdlib.h>

const char *options_db_path(const char *flag)
{
	const char *env = getenv("ANALYZE_DB");

	if (flag && *flag)
		return flag;
	return env && *env ? env : DEFAULT_DB;
}
