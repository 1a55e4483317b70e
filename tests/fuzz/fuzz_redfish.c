/* libFuzzer target: the Redfish Processor / GraphicsController / PCIeDevice reader of
 * `chipgate collect` (collect_redfish_text), with the write-and-reread round trip of
 * fuzz_collect.h. The first input byte picks --site/--host/--purpose/--status. */
#include "fuzz_collect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_collect_one(collect_redfish_text, "redfish", data, size);
}
