/* libFuzzer target: the CycloneDX JSON reader
 * (inventory_load_cyclonedx_text); an accepted BOM is evaluated. */
#include "fuzz_inv_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_load_catalog_and_packs();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv;
	struct diag d;
	char *text = fuzz_copy(data, size);
	diag_clear(&d);
	if (inventory_load_cyclonedx_text(&inv, "fuzz.cdx.json", text, size, &d) == 0) {
		fuzz_evaluate(&inv);
		inventory_free(&inv);
	} else {
		fuzz_check_diag(&d);
	}
	free(text);
	return 0;
}
