/* Unit tests of the collectors (src/collect/collect*.c) and the osquery
 * reader (src/collect/osquery.c): every parser on the real outputs in
 * ../shared/samples (skipped loudly when absent) and on the variants in
 * tests/fixtures/collect and tests/fixtures/osquery — lspci plain, -nn with
 * a prompt, -nnk, -vvv with SR-IOV virtual functions, VFs by name (folded
 * beside their physical function, not counted without it), -k pasted
 * without indentation, old pci.ids names; collect_pci() on functions as a
 * scan gives them;
 * nvidia-smi with few columns, repeated samples and a MIG row, nounits,
 * no header; npu-smi with a process table and two chips per card; libpci's
 * dump method; the writers read back by the libconfig and CSV readers. */
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
#include "collect/collect.h"

#define FIX FIXTURES "/collect"
#define SAMPLES SHARED_DIR "/samples"

#include "helpers.h"

/* ---- lspci ---------------------------------------------------------------- */

static void test_lspci_shared(void **state)
{
	(void)state;
	if (!have_shared("test_lspci_shared"))
		skip();
	struct collect c;
	struct collect_opts o = {.site = "az", .purpose = PURPOSE_RESEARCH, .status = STATUS_DEPLOYED,
				 .host = "nd-a100"};
	collect_ok(&c, collect_lspci, "lspci",
		   SAMPLES "/lspci-nn-full-azure-nd-a100-v4-8gpu-hyperv-domains.txt", &o);
	assert_int_equal(c.inv.nassets, 1); /* NVSwitches, NICs and NVMe ignored */
	const struct asset *a = asset(&c, "nd-a100:nvidia-a100");
	assert_string_equal(a->model, "NVIDIA A100 SXM4 80GB");
	assert_int_equal(a->quantity, 8);
	assert_string_equal(a->site, "az");
	assert_int_equal(a->purpose, PURPOSE_RESEARCH);
	assert_int_equal(a->status, STATUS_DEPLOYED);
	assert_string_equal(attr(a, "pci_id"), "10de:20b2");
	assert_string_equal(attr(a, "host"), "nd-a100");
	assert_string_equal(attr(a, "pci_addresses"), "0001:00:00.0 0002:00:00.0 0003:00:00.0 "
						      "0004:00:00.0 000b:00:00.0 000c:00:00.0 "
						      "000d:00:00.0 000e:00:00.0");
	assert_int_equal(c.nnotes, 1);
	assert_int_equal(c.notes[0].count, 6);
	assert_non_null(strstr(c.notes[0].text, "10de:1af1"));
	collect_free(&c);
}

static void test_lspci_variants(void **state)
{
	(void)state;
	struct collect c;
	/* -nn with a prompt line before and after */
	collect_ok(&c, collect_lspci, "lspci", FIX "/lspci-nn-prompt.txt", NULL);
	assert_int_equal(c.inv.nassets, 1);
	assert_int_equal(asset(&c, "nvidia-h100-sxm5")->quantity, 4);
	assert_int_equal(c.notes[0].count, 2); /* two NVSwitches 10de:22a3 */
	collect_free(&c);
	/* -nnk: Ascend, Cambricon, an accelerator the catalog does not know */
	collect_ok(&c, collect_lspci, "lspci", FIX "/lspci-nnk.txt", NULL);
	assert_int_equal(c.inv.nassets, 3);
	assert_int_equal(asset(&c, "huawei-ascend-910b")->quantity, 2);
	assert_string_equal(asset(&c, "cambricon-mlu370-s4")->model, "Cambricon MLU370-S4");
	assert_string_equal(asset(&c, "pci-1f00-0001")->model, "pci:1f00:0001");
	collect_free(&c);
	/* -vvv without ids: new pci.ids names; three SR-IOV VFs not counted */
	collect_ok(&c, collect_lspci, "lspci", FIX "/lspci-vvv-sriov.txt", NULL);
	assert_int_equal(c.inv.nassets, 1);
	const struct asset *a = asset(&c, "nvidia-a100");
	assert_int_equal(a->quantity, 2);
	assert_string_equal(attr(a, "pci_addresses"), "0000:3b:00.0 0000:86:00.0");
	assert_null(attr(a, "pci_id"));
	assert_int_equal(c.notes[0].count, 3);
	assert_non_null(strstr(c.notes[0].text, "SR-IOV virtual function"));
	collect_free(&c);
	/* plain lspci, old pci.ids: ids from "Device 2330" and the vendor name */
	collect_ok(&c, collect_lspci, "lspci", FIX "/lspci-plain-old-pciids.txt", NULL);
	assert_int_equal(c.inv.nassets, 3);
	assert_int_equal(asset(&c, "nvidia-h100-sxm5")->quantity, 2);
	assert_int_equal(asset(&c, "huawei-ascend-910b")->quantity, 1);
	assert_int_equal(asset(&c, "moore-threads-mtt-s4000")->quantity, 2);
	assert_int_equal(c.nnotes, 1); /* the NVSwitch, known by its recovered id */
	collect_free(&c);
	collect_fails(collect_lspci, FIX "/lspci-garbage.txt",
		      ":3:1: not lspci output: 'Segmentation fault (core dumped)'");
	collect_fails(collect_lspci, FIX "/not-lspci.txt",
		      ": no PCI devices found (expected the output of lspci)");
}

/* SR-IOV virtual functions in lspci -nnk: folded into their physical
 * function when it is listed, not counted when it is not (a VM's view). */
static void test_lspci_sriov_vf(void **state)
{
	(void)state;
	struct collect c;
	collect_ok(&c, collect_lspci, "lspci", FIX "/lspci-nnk-sriov-vf.txt", NULL);
	assert_int_equal(c.inv.nassets, 2);
	assert_int_equal(asset(&c, "amd-mi300x")->quantity, 1); /* not 2: 74b5 is its VF */
	assert_int_equal(asset(&c, "nvidia-h100-pcie")->quantity, 1);
	assert_int_equal(note(&c, true, "[Instinct MI300X VF]"), 1);
	assert_int_equal(note(&c, true, "10de:2331"), 2);
	collect_free(&c);
	collect_ok(&c, collect_lspci, "lspci", FIX "/lspci-nnk-vf-guest.txt", NULL);
	assert_int_equal(c.inv.nassets, 0);
	assert_int_equal(note(&c, false, "physical function is not listed"), 2);
	collect_free(&c);
}

/* lspci -k whose detail lines lost their indentation in a paste. */
static void test_lspci_flat(void **state)
{
	(void)state;
	struct collect c;
	collect_ok(&c, collect_lspci, "lspci", FIX "/lspci-k-flat.txt", NULL);
	assert_int_equal(c.inv.nassets, 1);
	assert_int_equal(asset(&c, "nvidia-h100-pcie")->quantity, 2);
	collect_free(&c);
	/* a line at column 1 that is no key lspci prints is still refused */
	static const char text[] = "3b:00.0 3D controller: NVIDIA Corporation GH100 [H100 PCIe]\n"
				   "Kernel driver in use: nvidia\n"
				   "Error: no such device\n";
	struct diag d;
	collect_init(&c, &cat, &collect_no_opts, "lspci", "flat.txt");
	assert_int_equal(collect_lspci_text(&c, "flat.txt", text, sizeof(text) - 1, &d), -1);
	assert_diag(&d, "flat.txt:3:1: not lspci output: 'Error: no such device'");
	collect_free(&c);
}

/* collect_pci() on functions as a scan gives them: which are virtual
 * functions and which of those are folded. */
static void test_collect_pci_vfs(void **state)
{
	(void)state;
	struct collect c;
	/* an MI300X whose capability names its VF device id, the VF on
	 * another bus; a function named "VFG..." is no VF; an H100 VF that
	 * sysfs marked, with no physical function among them */
	struct pci_function f[] = {
	    {.bus = 0x05, .vendor = 0x1002, .device = 0x74a1, .cls = 0x1200, .total_vfs = 4,
	     .vf_device = 0x74b5},
	    {.bus = 0x09, .vendor = 0x1002, .device = 0x74b5, .cls = 0x1200},
	    {.bus = 0x0a, .vendor = 0x1f00, .device = 0x0001, .cls = 0x1200, .device_name = "VFG7330"},
	    {.bus = 0x41, .vendor = 0x10de, .device = 0x2331, .cls = 0x0302, .vf = true},
	};
	collect_init(&c, &cat, &collect_no_opts, "test", "functions");
	collect_pci(&c, f, CG_ARRAY_LEN(f));
	collect_finish(&c);
	assert_true(f[1].vf);
	assert_int_equal(f[1].pf, 1);
	assert_false(f[2].vf);
	assert_true(f[3].vf);
	assert_int_equal(f[3].pf, 0);
	assert_int_equal(c.inv.nassets, 2);
	assert_int_equal(asset(&c, "amd-mi300x")->quantity, 1);
	assert_int_equal(asset(&c, "pci-1f00-0001")->quantity, 1);
	assert_int_equal(note(&c, true, "1002:74b5"), 1);
	assert_int_equal(note(&c, false, "10de:2331"), 1);
	collect_free(&c);
	/* the names that mark a VF, and a VF paired with its PF by the catalog */
	struct pci_function g[] = {
	    {.bus = 0x05, .vendor = 0x1002, .device = 0x74a1, .cls = 0x1200},
	    {.bus = 0x06, .vendor = 0x1002, .device = 0x74b5, .cls = 0x1200,
	     .device_name = "Aqua Vanjaram [Instinct MI300X VF]"},
	    {.bus = 0x07, .vendor = 0x1f00, .device = 0x0002, .cls = 0x1200,
	     .device_name = "Accelerator (SR-IOV VF)"},
	    {.bus = 0x08, .vendor = 0x1f00, .device = 0x0003, .cls = 0x1200,
	     .device_name = "Accelerator Virtual Function"},
	};
	collect_init(&c, &cat, &collect_no_opts, "test", "functions");
	collect_pci(&c, g, CG_ARRAY_LEN(g));
	collect_finish(&c);
	assert_true(g[1].vf && g[2].vf && g[3].vf);
	assert_int_equal(g[1].pf, 1);
	assert_int_equal(g[2].pf, 0);
	assert_int_equal(c.inv.nassets, 1);
	assert_int_equal(asset(&c, "amd-mi300x")->quantity, 1);
	collect_free(&c);
}

/* ---- nvidia-smi -------------------------------------------------------------- */

static void test_nvidia_smi(void **state)
{
	(void)state;
	struct collect c;
	if (have_shared("test_nvidia_smi (shared sample)")) {
		collect_ok(&c, collect_nvidia_smi, "nvidia-smi",
			   SAMPLES "/nvidia-smi-query-gpu-csv-h100-80gb-hbm3-drv590.csv", NULL);
		assert_int_equal(c.inv.nassets, 1);
		const struct asset *a = asset(&c, "nvidia-h100-sxm5"); /* by pci.device_id 0x233010DE */
		assert_int_equal(a->quantity, 1);
		assert_string_equal(a->model, "NVIDIA H100 80GB HBM3"); /* its name, the same chip */
		assert_string_equal(attr(a, "pci_id"), "10de:2330");
		/* the UUID is masked (all zeros): it identifies nothing, the bus id does */
		assert_null(attr(a, "uuids"));
		assert_string_equal(attr(a, "pci_addresses"), "0000:00:09.0");
		assert_string_equal(attr(a, "memory_mib"), "81559");
		collect_free(&c);
	}
	collect_ok(&c, collect_nvidia_smi, "nvidia-smi", FIX "/nvsmi-basic.csv", NULL);
	assert_int_equal(asset(&c, "nvidia-h100-sxm5")->quantity, 4); /* by name */
	collect_free(&c);
	/* two samples (-l), the header twice, a MIG instance: still two GPUs */
	collect_ok(&c, collect_nvidia_smi, "nvidia-smi", FIX "/nvsmi-samples-mig.csv", NULL);
	assert_int_equal(c.inv.nassets, 1);
	assert_int_equal(asset(&c, "nvidia-a100")->quantity, 2);
	collect_free(&c);
	collect_ok(&c, collect_nvidia_smi, "nvidia-smi", FIX "/nvsmi-nounits.csv", NULL);
	assert_int_equal(c.inv.nassets, 3);
	assert_int_equal(asset(&c, "nvidia-h20")->quantity, 2);
	assert_int_equal(asset(&c, "nvidia-l20")->quantity, 1);
	assert_string_equal(asset(&c, "pci-f0f0-9999")->model, "pci:f0f0:9999");
	collect_free(&c);
	collect_fails(collect_nvidia_smi, FIX "/nvsmi-noheader.csv",
		      ":1: no 'name' or 'pci.device_id' column in the header "
			  "(run nvidia-smi --query-gpu=name,uuid,pci.bus_id,pci.device_id "
			  "--format=csv, without noheader)");
	collect_fails(collect_nvidia_smi, FIX "/nvsmi-short-row.csv",
		      ":3: row has 2 fields, the header has 3");
}

/* ---- npu-smi ------------------------------------------------------------------- */

static void test_npu_smi(void **state)
{
	(void)state;
	struct collect c;
	if (have_shared("test_npu_smi (shared sample)")) {
		collect_ok(&c, collect_npu_smi, "npu-smi",
			   SAMPLES "/npu-smi-info-ascend910-8card-euleros-aarch64.txt", NULL);
		assert_int_equal(c.inv.nassets, 1);
		const struct asset *a = asset(&c, "huawei-ascend-910b");
		assert_int_equal(a->quantity, 8);
		assert_string_equal(attr(a, "pci_addresses"),
				    "0000:01:00.0 0000:02:00.0 0000:41:00.0 0000:42:00.0 0000:81:00.0 "
				    "0000:82:00.0 0000:c1:00.0 0000:c2:00.0");
		/* 32 GB of HBM, a 910A's, half a 910B's: an identity conflict */
		assert_string_equal(attr(a, "memory_mib"), "32768");
		assert_non_null(attr(a, "identity_conflict"));
		collect_free(&c);
	}
	/* two chips per card, then the process table */
	collect_ok(&c, collect_npu_smi, "npu-smi", FIX "/npusmi-310p-processes.txt", NULL);
	assert_int_equal(c.inv.nassets, 1);
	assert_int_equal(asset(&c, "huawei-ascend-310p")->quantity, 4); /* npu-smi's 310P3 */
	collect_free(&c);
	/* npu-smi's 910B3 is an Ascend 910B SKU (the catalog knows 910B1-910B4) */
	collect_ok(&c, collect_npu_smi, "npu-smi", FIX "/npusmi-910b3.txt", NULL);
	/* the tool's own name, which says more and resolves to the same chip */
	assert_string_equal(asset(&c, "huawei-ascend-910b")->model, "Huawei Ascend 910B3");
	assert_int_equal(asset(&c, "huawei-ascend-910b")->quantity, 2);
	collect_free(&c);
	collect_fails(collect_npu_smi, FIX "/not-lspci.txt",
		      ": not npu-smi info output (no 'NPU Name' table, no "
			  "'npu-smi info -m' table, no 'NPU ID :' block)");
}

/* ---- libpci -------------------------------------------------------------------- */

static int dump_parse(struct collect *c, const char *path, struct diag *d)
{
	return collect_libpci(c, path, d);
}

static void test_libpci_dump(void **state)
{
	(void)state;
	struct collect c;
	collect_ok(&c, dump_parse, "libpci", FIX "/lspci-x-dump.txt", NULL);
	assert_int_equal(c.inv.nassets, 2);
	assert_int_equal(asset(&c, "nvidia-h100-sxm5")->quantity, 2); /* 2a:00.1 is a VF */
	assert_string_equal(attr(asset(&c, "nvidia-h100-sxm5"), "pci_addresses"),
			    "0000:18:00.0 0000:2a:00.0");
	assert_int_equal(asset(&c, "huawei-ascend-910b")->quantity, 1);
	assert_int_equal(c.nnotes, 2);
	collect_free(&c);
	/* names from a pci.ids of our own, never the host's */
	struct collect_opts named = {.purpose = PURPOSE_UNSET, .status = STATUS_UNSET,
				     .pci_ids = FIX "/pci.ids"};
	struct diag dn;
	collect_init(&c, &cat, &named, "libpci", FIX "/lspci-x-dump.txt");
	assert_int_equal(collect_libpci(&c, FIX "/lspci-x-dump.txt", &dn), 0);
	collect_finish(&c);
	assert_int_equal(c.nnotes, 2);
	bool named_switch = false;
	for (size_t i = 0; i < c.nnotes; i++)
		named_switch |= strstr(c.notes[i].text, "Fixture NVIDIA Fixture H100 NVSwitch") != NULL;
	assert_true(named_switch);
	collect_free(&c);
	named.pci_ids = FIX "/no-such.ids";
	collect_init(&c, &cat, &named, "libpci", FIX "/lspci-x-dump.txt");
	assert_int_equal(collect_libpci(&c, FIX "/lspci-x-dump.txt", &dn), -1);
	assert_string_equal(dn.msg, "cannot open: no such file or not readable");
	collect_free(&c);
	collect_fails(dump_parse, FIX "/not-lspci.txt",
		      ": no PCI devices in the dump (expected the output of lspci -x)");
	collect_fails(dump_parse, FIX "/none.txt",
		      ": cannot open: no such file or not readable");
	/* the live bus: whatever it holds, the scan must not fail */
	struct collect_opts o = {.purpose = PURPOSE_UNSET, .status = STATUS_UNSET, .host = "here"};
	struct diag d;
	collect_init(&c, &cat, &o, "libpci", NULL);
	assert_int_equal(collect_libpci(&c, NULL, &d), 0);
	collect_finish(&c);
	collect_free(&c);
}

/* ---- osquery ---------------------------------------------------------------------- */

static void test_osquery(void **state)
{
	(void)state;
	struct inventory inv;
	struct diag d;
	assert_int_equal(inventory_load_osquery(&inv, FIXTURES "/osquery/gpu-node-7.json", &cat, &d), 0);
	assert_int_equal(inv.nassets, 1);
	assert_string_equal(inv.assets[0].id, "gpu-node-7:nvidia-a100");
	assert_int_equal(inv.assets[0].quantity, 8);
	assert_string_equal(attr(&inv.assets[0], "source"), "osquery");
	assert_int_equal(strlen(inv.sha256), SHA256_HEX_LEN);
	inventory_free(&inv);
	/* ids without 0x, class names only, an accelerator the catalog lacks */
	assert_int_equal(inventory_load_osquery(&inv, FIXTURES "/osquery/npu-host.json", &cat, &d), 0);
	assert_int_equal(inv.nassets, 2);
	assert_non_null(inventory_find(&inv, "npu-host:huawei-ascend-910b"));
	assert_string_equal(inventory_find(&inv, "npu-host:pci-1f00-0001")->model, "pci:1f00:0001");
	inventory_free(&inv);
	assert_int_equal(inventory_load_osquery(&inv, FIXTURES "/osquery/empty.json", &cat, &d), 0);
	assert_int_equal(inv.nassets, 0);
	inventory_free(&inv);
	struct {
		const char *file, *want;
	} bad[] = {
	    {"not-array.json", ":1:1: not an osquery export (expected the JSON array of rows that "
			       "osqueryi --json prints)"},
	    {"bad-id.json", ":2:45: 'vendor_id' and 'model_id' must be hex ids such as '0x10de'"},
	    {"bad-slot.json", ":2:16: a pci_devices row needs a 'pci_slot' such as '0000:3b:00.0'"},
	    {"bad-json.json", ":2:31: invalid JSON: string or '}' expected near '}'"},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(bad); i++) {
		struct strbuf path = STRBUF_INIT, want = STRBUF_INIT, got = STRBUF_INIT;
		sb_printf(&path, "%s/osquery/%s", FIXTURES, bad[i].file);
		sb_printf(&want, "%s%s", path.buf, bad[i].want);
		assert_int_equal(inventory_load_osquery(&inv, path.buf, &cat, &d), -1);
		diag_format(&d, &got);
		assert_string_equal(got.buf, want.buf);
		sb_release(&path);
		sb_release(&want);
		sb_release(&got);
	}
}

/* ---- writers and helpers ------------------------------------------------------------ */

/* The written inventory reads back with the same assets. */
static void test_writers_round_trip(void **state)
{
	(void)state;
	struct collect c;
	struct collect_opts o = {.site = "cn \"sz\" dc1", .purpose = PURPOSE_GOVERNMENT,
				 .status = STATUS_ORDERED, .host = "n7"};
	collect_ok(&c, collect_lspci, "lspci", FIX "/lspci-nnk.txt", &o);
	for (int csv = 0; csv < 2; csv++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);
		assert_int_equal(csv ? collect_write_csv(&c, fp) : collect_write_cfg(&c, fp), 0);
		fclose(fp);
		struct inventory inv;
		struct diag d;
		int rc = csv ? inventory_load_csv_text(&inv, "w.csv", buf, len, &d)
			     : inventory_load_text(&inv, "w.cfg", buf, len, &d);
		if (rc != 0)
			fail_msg("%s:%d:%d: %s\n%s", d.file, d.line, d.col, d.msg, buf);
		assert_int_equal(inv.nassets, c.inv.nassets);
		for (size_t i = 0; i < inv.nassets; i++) {
			const struct asset *a = &inv.assets[i], *b = &c.inv.assets[i];
			assert_string_equal(a->id, b->id);
			assert_string_equal(a->model, b->model);
			assert_int_equal(a->quantity, b->quantity);
			assert_string_equal(a->site, "cn \"sz\" dc1");
			assert_int_equal(a->purpose, PURPOSE_GOVERNMENT);
			assert_int_equal(a->status, STATUS_ORDERED);
			assert_string_equal(attr(a, "pci_addresses"), attr(b, "pci_addresses"));
			assert_string_equal(attr(a, "host"), "n7");
		}
		inventory_free(&inv);
		free(buf);
	}
	collect_free(&c);
}

static void test_pci_address(void **state)
{
	(void)state;
	struct pci_function f;
	assert_int_equal(pci_address_parse("3b:00.0", 7, &f), 0);
	assert_int_equal(f.domain, 0);
	assert_int_equal(f.bus, 0x3b);
	assert_int_equal(pci_address_parse("30c3:00:00.0", 12, &f), 0);
	assert_int_equal(f.domain, 0x30c3);
	assert_int_equal(pci_address_parse("00000000:C1:1f.7", 16, &f), 0);
	assert_int_equal(f.bus, 0xc1);
	assert_int_equal(f.dev, 0x1f);
	assert_int_equal(f.fn, 7);
	assert_int_equal(pci_address_parse("3b:20.0", 7, &f), -1); /* device > 31 */
	assert_int_equal(pci_address_parse("3b:00.8", 7, &f), -1);
	assert_int_equal(pci_address_parse("3b:00", 5, &f), -1);
	assert_int_equal(pci_address_parse("x:00.0", 6, &f), -1);
	assert_int_equal(pci_address_parse("1:2:3:4.0", 9, &f), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lspci_shared), cmocka_unit_test(test_lspci_variants),
	    cmocka_unit_test(test_lspci_sriov_vf), cmocka_unit_test(test_lspci_flat),
	    cmocka_unit_test(test_collect_pci_vfs),
	    cmocka_unit_test(test_nvidia_smi),	 cmocka_unit_test(test_npu_smi),
	    cmocka_unit_test(test_libpci_dump),	 cmocka_unit_test(test_osquery),
	    cmocka_unit_test(test_writers_round_trip), cmocka_unit_test(test_pci_address),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}
