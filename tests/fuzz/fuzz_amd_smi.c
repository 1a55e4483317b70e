/* libFuzzer target: the amd-smi static reader (text and --json) of `chipgate collect`
 * (collect_amd_smi_text), with the write-and-reread round trip of fuzz_collect.h. The first
 * input byte picks --site/--host/--purpose/--status. */
#include "fuzz_collect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_collect_one(collect_amd_smi_text, "amd-smi", data, size);
}
