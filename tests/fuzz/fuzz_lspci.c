/* libFuzzer target: the lspci text parser of `chipgate collect`
 * (collect_lspci_text), with the write-and-reread round trip of fuzz_collect.h.
 * The first input byte picks --site/--host/--purpose/--status. */
#include "fuzz_collect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_collect_one(collect_lspci_text, "lspci", data, size);
}
