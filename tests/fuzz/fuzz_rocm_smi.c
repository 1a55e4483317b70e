/* libFuzzer target: the rocm-smi --json reader of `chipgate collect` (collect_rocm_smi_text),
 * with the write-and-reread round trip of fuzz_collect.h. The first input byte picks
 * --site/--host/--purpose/--status. */
#include "fuzz_collect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_collect_one(collect_rocm_smi_text, "rocm-smi", data, size);
}
