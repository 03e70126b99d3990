/* fuzz_psql.c - libFuzzer target for the psql parser: tables, expanded
 * records, unaligned and CSV output, pg_dump COPY blocks and INSERTs. */
#include "fuzz_lines.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	return fuzz_parser_lines("psql", data, size);
}
