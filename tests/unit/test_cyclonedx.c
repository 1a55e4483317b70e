/* Unit tests of the CycloneDX reader (src/ingest/cyclonedx.c) and of
 * json_locate (src/util/json_locate.c): BOMs with accelerators written for
 * these tests (nested devices under devices and firmware, other component
 * types ignored, the cdx:device:* and chipgate:* properties, manufacturer
 * and supplier prefixes, generated ids), the official hardware-BOM sample
 * from ../shared/samples (skipped loudly when absent), and every bad input
 * with its exact message and, where the value can be found, position.
 *
 * Fixtures: tests/fixtures/cyclonedx. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog/catalog.h"
#include "ingest/ingest.h"

#define FIX FIXTURES "/cyclonedx"

#include "helpers.h"

/* Load PATH keeping every device (no catalog), or with CATALOG only the
 * accelerators. */
static void load_with(struct inventory *inv, const char *path, const struct catalog *catalog)
{
	struct diag d;
	diag_clear(&d);
	if (inventory_load_cyclonedx(inv, path, catalog, &d) != 0)
		fail_msg("%s:%d:%d: %s", d.file, d.line, d.col, d.msg);
}

static void load_ok(struct inventory *inv, const char *path)
{
	load_with(inv, path, NULL);
}

static void load_fails(const char *name, const char *tail)
{
	char *p = fix_path(name);
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	sb_printf(&want, "%s%s", p, tail);
	struct inventory inv;
	struct diag d;
	diag_clear(&d);
	if (inventory_load_cyclonedx(&inv, p, &cat, &d) == 0) {
		inventory_free(&inv);
		fail_msg("%s: loaded, expected '%s'", name, sb_str(&want));
	}
	diag_format(&d, &got);
	assert_string_equal(sb_str(&got), sb_str(&want));
	assert_null(inv.assets);
	sb_release(&want);
	sb_release(&got);
	free(p);
}

static void test_server(void **state)
{
	(void)state;
	struct inventory inv;
	char *p = fix_path("server-1.5.json");
	load_ok(&inv, p);
	assert_int_equal(inv.nassets, 3); /* firmware, application, library ignored */
	const struct asset *a = &inv.assets[0];
	assert_string_equal(a->id, "node-7");
	assert_string_equal(a->model, "Supermicro SYS-821GE-TNHR");
	assert_int_equal(a->quantity, 1);
	assert_string_equal(a->site, "us-va-dc1");
	assert_int_equal(a->line, 10);

	a = &inv.assets[1];
	assert_string_equal(a->id, "node-7-gpus");
	assert_string_equal(a->model, "NVIDIA H100 SXM5");
	assert_int_equal(a->quantity, 8);
	assert_string_equal(a->site, "us-va-dc1");
	assert_int_equal(a->purpose, PURPOSE_RESEARCH);
	assert_int_equal(a->status, STATUS_ORDERED);
	assert_string_equal(a->destination, "US");
	assert_string_equal(a->owner, "ml-infra");
	assert_string_equal(attr(a, "deviceType"), "sxm");
	assert_string_equal(attr(a, "version"), "rev-a1");
	assert_string_equal(attr(a, "supplier"), "NVIDIA");
	assert_null(attr(a, "function")); /* it named a purpose */
	assert_null(attr(a, "other:ignored"));
	assert_int_equal(a->line, 17);

	a = &inv.assets[2]; /* nested under firmware */
	assert_string_equal(a->id, "nvswitch");
	assert_string_equal(a->model, "NVIDIA NVSwitch");
	assert_int_equal(a->quantity, 4);
	assert_int_equal(a->purpose, PURPOSE_UNSET);
	assert_string_equal(attr(a, "function"), "switch");
	assert_string_equal(a->file, inv.path);
	assert_int_equal(strlen(inv.sha256), SHA256_HEX_LEN);
	inventory_free(&inv);
	free(p);
}

static void test_ids_and_makers(void **state)
{
	(void)state;
	struct inventory inv;
	char *p = fix_path("npu-1.6.json");
	load_ok(&inv, p);
	assert_int_equal(inv.nassets, 3);
	assert_string_equal(inv.assets[0].id, "Ascend 910B@B3");
	assert_string_equal(inv.assets[0].model, "Huawei Ascend 910B"); /* manufacturer, not supplier */
	assert_int_equal(inv.assets[0].quantity, 16);
	assert_string_equal(inv.assets[0].site, "cn-bj-dc1");
	assert_int_equal(inv.assets[0].purpose, PURPOSE_GOVERNMENT);
	assert_string_equal(attr(&inv.assets[0], "manufacturer"), "Huawei");
	assert_string_equal(attr(&inv.assets[0], "supplier"), "Distributor Ltd");
	assert_string_equal(inv.assets[1].id, "Huawei Ascend 910B@B3");
	assert_string_equal(inv.assets[1].model, "Huawei Ascend 910B"); /* not prefixed twice */
	assert_string_equal(inv.assets[2].id, "Ascend 910B@B3#2");
	assert_string_equal(inv.assets[2].model, "Ascend 910B");
	assert_int_equal(inv.assets[2].quantity, 1);
	inventory_free(&inv);
	free(p);
}

/* The official hardware-BOM example: six devices, connectors and jumpers. */
static void test_shared_sample(void **state)
{
	(void)state;
	struct stat st;
	const char *p = SHARED_DIR "/samples/cyclonedx-hbom-1.4-pcie-sata-adapter-board.json";
	if (stat(p, &st) != 0) {
		fprintf(stderr, "SKIPPED test_shared_sample: %s is absent; the CycloneDX reader was "
				"NOT tested on the official sample\n",
			p);
		skip();
	}
	struct inventory inv;
	/* read as an inventory, the board's connectors and jumpers are not
	 * accelerators: none is an asset, all six are named in the note */
	load_with(&inv, p, &cat);
	assert_int_equal(inv.nassets, 0);
	assert_string_equal(inv.note, "left out 6 devices (15 units) that are not accelerators: "
				      "PCIE-098-02-F-D-EMS2 (connector), 47155-4001 (connector), "
				      "5622-4100-ML (connector), MC9A22-1034 (connector), 826632-3 "
				      "(connector), MP000003 (jumper)");
	inventory_free(&inv);
	/* without the catalog every device is kept, as the reader maps it */
	load_ok(&inv, p);
	assert_int_equal(inv.nassets, 6); /* metadata.component is the product, not an asset */
	assert_string_equal(inv.assets[0].id, "PCIE-098-02-F-D-EMS2");
	assert_string_equal(inv.assets[0].model, "Samtec PCIE-098-02-F-D-EMS2");
	assert_string_equal(inv.assets[0].site, "mainboard");
	assert_string_equal(attr(&inv.assets[0], "function"), "connector");
	assert_string_equal(attr(&inv.assets[0], "deviceType"), "thru-hole");
	assert_string_equal(attr(&inv.assets[0], "version"), "2.9.10");
	assert_int_equal(inv.assets[1].quantity, 8);
	assert_string_equal(attr(&inv.assets[1], "gs1:gtin-12"), "822348522712");
	assert_string_equal(inv.assets[4].model, "TE Connectivity 826632-3");
	assert_int_equal(inv.assets[4].quantity, 2);
	assert_string_equal(attr(&inv.assets[5], "function"), "jumper");
	long long units = 0;
	for (size_t i = 0; i < inv.nassets; i++)
		units += inv.assets[i].quantity;
	assert_int_equal(units, 15);
	inventory_free(&inv);
}

/* With the catalog, only accelerators: the server and the NVSwitch are
 * named in the note, the H100s kept. */
static void test_accelerators_only(void **state)
{
	(void)state;
	struct inventory inv;
	char *p = fix_path("server-1.5.json");
	load_with(&inv, p, &cat);
	assert_int_equal(inv.nassets, 1);
	assert_string_equal(inv.assets[0].id, "node-7-gpus");
	assert_int_equal(inv.assets[0].quantity, 8);
	assert_string_equal(inv.note, "left out 2 devices (5 units) that are not accelerators: "
				      "SYS-821GE-TNHR, NVSwitch (switch)");
	inventory_free(&inv);
	free(p);
	/* unknown to the catalog, but a GPU or an AI accelerator by its own
	 * type or function; a "GPU power connector" is not one */
	p = fix_path("self-described.json");
	load_with(&inv, p, &cat);
	assert_int_equal(inv.nassets, 3);
	assert_string_equal(inv.assets[0].model, "Acme Photon-9");
	assert_string_equal(inv.assets[1].model, "Acme Neuron X2");
	assert_string_equal(inv.assets[2].model, "Huawei Ascend 910B");
	assert_string_equal(inv.note, "left out 2 devices (3 units) that are not accelerators: "
				      "12V-2x6 header (GPU power connector), VRM-7 (regulator)");
	inventory_free(&inv);
	free(p);
	/* all accelerators: no note */
	p = fix_path("npu-1.6.json");
	load_with(&inv, p, &cat);
	assert_int_equal(inv.nassets, 3);
	assert_null(inv.note);
	inventory_free(&inv);
	free(p);
}

static void test_bad(void **state)
{
	(void)state;
	load_fails("bad-quantity.json", ":7:51: invalid quantity '-4' in property 'cdx:device:quantity'");
	load_fails("bad-destination.json",
		   ":2:94: invalid destination 'China' in property 'chipgate:destination' (expected an "
		   "ISO 3166-1 alpha-2 code such as 'CN')");
	load_fails("dup-ref.json", ":3:33: duplicate bom-ref 'gpu'");
	load_fails("spec-1.2.json", ":1:43: unsupported CycloneDX specVersion '1.2' (1.4, 1.5 and "
				    "1.6 are read)");
	load_fails("not-cyclonedx.json",
		   ":1:42: not a CycloneDX BOM ('bomFormat' must be \"CycloneDX\")");
	load_fails("no-name.json", ":3:3: a device component needs a 'name'");
	load_fails("components-object.json", ":1:64: 'components' must be an array");
	load_fails("deep.json", ":1:2364: components nested deeper than 32 levels");
	load_fails("trailing-comma.json", ":2:36: invalid JSON: string or '}' expected near '}'");
	load_fails("dup-key.json", ":2:12: invalid JSON: duplicate object key near '\"bomFormat\"'");
	load_fails("none.json", ": cannot open: No such file or directory");
}

/* json_locate follows keys and indexes to the value, or says it cannot. */
/* A one-device BOM with DEVICE's members (JSON text) loads, or fails with
 * "t.json" + TAIL when TAIL is given. The long values are written with
 * "@N@" for N copies of 'v'. */
static void bom_case(const char *device, const char *tail)
{
	struct strbuf text = STRBUF_INIT;
	sb_puts(&text, "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\",\n"
		       " \"components\": [\n  {\"type\": \"device\", ");
	for (const char *p = device; *p; p++) {
		char *end;
		if (*p == '@' && (end = strchr(p + 1, '@'))) {
			size_t n = strtoul(p + 1, NULL, 10);
			for (size_t i = 0; i < n; i++)
				sb_putc(&text, 'v');
			p = end;
			continue;
		}
		sb_putc(&text, *p);
	}
	sb_puts(&text, "}\n]}\n");
	struct inventory inv;
	struct diag d;
	diag_clear(&d);
	int rc = inventory_load_cyclonedx_text(&inv, "t.json", text.buf, text.len, NULL, &d);
	if (!tail) {
		if (rc != 0)
			fail_msg("refused: %d:%d: %s", d.line, d.col, d.msg);
		inventory_free(&inv);
	} else {
		struct strbuf got = STRBUF_INIT;
		assert_int_equal(rc, -1);
		diag_format(&d, &got);
		assert_string_equal(got.buf + strlen("t.json"), tail);
		sb_release(&got);
	}
	sb_release(&text);
}

static void test_field_limits(void **state)
{
	(void)state;
	bom_case("\"name\": \"@256@\"", NULL);
	bom_case("\"name\": \"@257@\"", ":3:30: field 'name' is 257 bytes; the limit is 256");
	bom_case("\"name\": \"H20\", \"bom-ref\": \"@257@\"",
		 ":3:48: field 'bom-ref' is 257 bytes; the limit is 256");
	bom_case("\"name\": \"H20\", \"version\": \"@4097@\"",
		 ":3:48: field 'version' is 4097 bytes; the limit is 4096");
	bom_case("\"name\": \"H20\", \"manufacturer\": {\"name\": \"@257@\"}",
		 ":3:62: field 'manufacturer' is 257 bytes; the limit is 256");
	/* a vendor and a name, each within its limit, may not be together */
	bom_case("\"name\": \"@200@\", \"supplier\": {\"name\": \"Acme\"}",
		 NULL);
	bom_case("\"name\": \"@200@\", \"supplier\": {\"name\": \"Acme@57@\"}",
		 ":3:30: field 'model' is 262 bytes; the limit is 256");
	bom_case("\"name\": \"@200@\", \"version\": \"@60@\"",
		 ":3:30: field 'id' is 261 bytes; the limit is 256");
	/* properties: the limit of the field each sets, named as written */
	bom_case("\"name\": \"H20\", \"properties\": [{\"name\": \"chipgate:owner\", "
		 "\"value\": \"@257@\"}]",
		 ":3:88: field 'chipgate:owner' is 257 bytes; the limit is 256");
	bom_case("\"name\": \"H20\", \"properties\": [{\"name\": \"cdx:device:serial\", "
		 "\"value\": \"@4097@\"}]",
		 ":3:91: field 'cdx:device:serial' is 4097 bytes; the limit is 4096");
	bom_case("\"name\": \"H20\", \"properties\": [{\"name\": \"cdx:device:@129@\", "
		 "\"value\": \"x\"}]",
		 ":3:61: attribute name is 129 bytes; the limit is 128");
	/* a property the reader does not read has no limit of its own */
	bom_case("\"name\": \"H20\", \"properties\": [{\"name\": \"other:note\", "
		 "\"value\": \"@5000@\"}]",
		 NULL);
}

static void test_json_locate(void **state)
{
	(void)state;
	const char *t = "{\"a\": [1, {\"b\\\"c\": \"x,]\"},\n  {\"d\": [true, null]}], \"e\": 2}";
	int line, col;
	struct json_step p1[] = {{"a", 0}, {NULL, 1}, {"b\"c", 0}};
	assert_int_equal(json_locate(t, strlen(t), p1, 3, &line, &col), 0);
	assert_int_equal(line, 1);
	assert_int_equal(col, 20);
	struct json_step p2[] = {{"a", 0}, {NULL, 2}, {"d", 0}, {NULL, 1}};
	assert_int_equal(json_locate(t, strlen(t), p2, 4, &line, &col), 0);
	assert_int_equal(line, 2);
	assert_int_equal(col, 16);
	struct json_step p3[] = {{"e", 0}};
	assert_int_equal(json_locate(t, strlen(t), p3, 1, &line, &col), 0);
	assert_int_equal(line, 2);
	assert_int_equal(col, 30);
	struct json_step p4[] = {{"a", 0}, {NULL, 3}};
	assert_int_equal(json_locate(t, strlen(t), p4, 2, &line, &col), -1);
	struct json_step p5[] = {{"zz", 0}};
	assert_int_equal(json_locate(t, strlen(t), p5, 1, &line, &col), -1);
	assert_int_equal(json_locate("[1,", 3, p4 + 1, 1, &line, &col), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_server),	 cmocka_unit_test(test_ids_and_makers),
	    cmocka_unit_test(test_shared_sample), cmocka_unit_test(test_bad),
	    cmocka_unit_test(test_json_locate),
	    cmocka_unit_test(test_field_limits), cmocka_unit_test(test_accelerators_only),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}
