/* libFuzzer target: the catalog reader (catalog_overlay_text). The input
 * is overlaid on an empty catalog and, when that succeeds, once more on
 * itself (the replace path); an eighth of the inputs (length 1 mod 8, as
 * loading the embedded catalog is slow) are overlaid on the
 * embedded catalog instead, so entries may replace or extend shipped ones.
 * Every chip is then derived, explained and matched by its names. */
#include "fuzz_common.h"

#include "catalog/catalog.h"

#define FUZZ_NAME "fuzz-catalog.cfg"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_limit_inputs();
	return 0;
}

static void exercise(const struct catalog *cat)
{
	struct strbuf sb = STRBUF_INIT;
	struct catalog_match m;
	for (size_t i = 0; i < cat->nchips; i++) {
		const struct chip *c = cat->chips[i];
		if (!c->vendor || !c->id || !c->model)
			abort();
		if (!c->file || strcmp(c->file, FUZZ_NAME) != 0)
			continue; /* the embedded chips are tested elsewhere: keep this fast */
		sb_reset(&sb);
		catalog_explain_chip(c, &sb);
		chip_display_name(c, &sb);
		catalog_match(cat, sb_str(&sb), &m);
		catalog_match(cat, c->model, &m);
		for (size_t j = 0; j < c->naliases; j++)
			catalog_match(cat, c->aliases[j], &m);
		for (size_t j = 0; j < c->npci; j++)
			catalog_match_pci(cat, (uint16_t)(c->pci[j] >> 16), (uint16_t)c->pci[j]);
		if (catalog_find_id(cat, c->id) == NULL)
			abort();
		catalog_suggest(cat, c->model);
		chip_origin(c, true);
		chip_origin(c, false);
		vendor_listed_on(c->vendor, date_from_ymd(2025, 8, 12));
	}
	catalog_match(cat, "pci:10de:2329", &m);
	catalog_match(cat, "", &m);
	sb_release(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalog cat;
	struct diag d;
	char *text = fuzz_copy(data, size);
	if (size % 8 == 1) {
		if (catalog_load_embedded(&cat, &d) != 0)
			abort();
	} else {
		memset(&cat, 0, sizeof(cat));
		arena_init(&cat.arena);
	}
	diag_clear(&d);
	if (catalog_overlay_text(&cat, FUZZ_NAME, text, size, &d) == 0) {
		exercise(&cat);
		if (catalog_overlay_text(&cat, FUZZ_NAME, text, size, &d) != 0)
			abort(); /* the same text loaded once must load again */
		exercise(&cat);
	} else {
		fuzz_check_diag(&d);
		exercise(&cat); /* a failed overlay leaves the catalog usable */
	}
	catalog_free(&cat);
	free(text);
	return 0;
}
