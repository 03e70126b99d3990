/* fuzz_caddy.c - libFuzzer target for the Caddy line parser. */
#include "fuzz_lines.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	return fuzz_parser_lines("caddy", data, size);
}
