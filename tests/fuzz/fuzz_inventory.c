/* libFuzzer target: the native libconfig inventory reader
 * (inventory_load_text). A loaded inventory is also evaluated against both
 * embedded packs and rendered as JSON and text, so odd but valid assets
 * reach the engine and the writers. */
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
	if (inventory_load_text(&inv, "fuzz.cfg", text, size, &d) == 0) {
		for (size_t i = 0; i < inv.nassets; i++)
			if (inventory_find(&inv, inv.assets[i].id) == NULL)
				abort();
		fuzz_evaluate(&inv);
		inventory_free(&inv);
	} else {
		fuzz_check_diag(&d);
	}
	free(text);
	return 0;
}
