/* libFuzzer target: the nvidia-smi -q -x XML reader (libxml2, entities refused) of `chipgate
 * collect` (collect_nvsmi_xml_text), with the write-and-reread round trip of fuzz_collect.h.
 * The first input byte picks --site/--host/--purpose/--status. */
#include "fuzz_collect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_collect_one(collect_nvsmi_xml_text, "nvidia-smi", data, size);
}
