/* libFuzzer target: the CycloneDX JSON reader
 * (inventory_load_cyclonedx_text); an accepted BOM is evaluated. Inputs of
 * odd length are read with the catalog (only accelerators kept, the rest
 * named in a note that must be one line), even ones without. */
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
	if (inventory_load_cyclonedx_text(&inv, "fuzz.cdx.json", text, size,
					  size & 1 ? &fuzz_cat : NULL, &d) == 0) {
		if (inv.note && strpbrk(inv.note, "\n\r"))
			abort(); /* a note is one line on stderr */
		fuzz_evaluate(&inv);
		inventory_free(&inv);
	} else {
		fuzz_check_diag(&d);
	}
	free(text);
	return 0;
}
