/* Unit tests of the collectors of tool output (src/collect/collect_*.c): every
 * form of nvidia-smi (CSV, -q -x XML, -q, -L, the table), npu-smi -m and
 * board blocks, rocm-smi and amd-smi, cnmon, Kubernetes nodes and Redfish
 * resources, on the fixtures of tests/fixtures/collect (always) and the
 * real outputs in ../shared/samples (skipped loudly when absent): the units
 * counted, the models, what was folded or ignored and why, the warnings,
 * identity conflicts, hosts of several inputs; every bad input refused
 * with its position; and each reader refusing every other tool's output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog/catalog.h"
#include "collect/collect.h"

#define FIX FIXTURES "/collect"
#define SAMPLES SHARED_DIR "/samples"

#include "helpers.h"

/* ---- helpers ------------------------------------------------------------------ */

static void test_helpers(void **state)
{
	(void)state;
	long long n;
	assert_int_equal(collect_parse_count(" 8 ", 3, &n), 0);
	assert_int_equal(n, 8);
	assert_int_equal(collect_parse_count("65536", 5, &n), 0);
	assert_int_equal(collect_parse_count("65537", 5, &n), -1);
	assert_int_equal(collect_parse_count("-1", 2, &n), -1);
	assert_int_equal(collect_parse_count("8x", 2, &n), -1);
	assert_int_equal(collect_parse_count("", 0, &n), -1);
	assert_null(collect_real_id("N/A"));
	assert_null(collect_real_id("[N/A]"));
	assert_null(collect_real_id("REDACTED"));
	assert_null(collect_real_id("0000000000000"));
	assert_null(collect_real_id("GPU-00000000-0000-0000-0000-000000000000"));
	assert_null(collect_real_id("0x0000000000000000"));
	assert_string_equal(collect_real_id("1650123456701"), "1650123456701");
	assert_string_equal(collect_real_id("GPU-d37e67a5-91dd"), "GPU-d37e67a5-91dd");
	assert_true(collect_vgpu_name("GRID A100-4C"));
	assert_true(collect_vgpu_name("NVIDIA A16-4Q"));
	assert_true(collect_vgpu_name("NVIDIA L40S-48C"));
	assert_false(collect_vgpu_name("NVIDIA A100-SXM4-40GB"));
	assert_false(collect_vgpu_name("NVIDIA H100 80GB HBM3"));
	assert_false(collect_vgpu_name("NVIDIA RTX A6000"));
	assert_false(collect_vgpu_name("Tesla T4"));
}

/* ---- nvidia-smi ------------------------------------------------------------------ */

static void test_nvsmi_xml(void **state)
{
	(void)state;
	struct collect c;
	/* 8 x H800 (PCI 2324) reporting an H200's memory: the conflict is recorded */
	collect_ok(&c, collect_nvidia_smi, "nvidia-smi", FIX "/nvsmi-q-x-h800-relabelled.xml", NULL);
	assert_int_equal(c.inv.nassets, 1);
	const struct asset *a = asset(&c, "nvidia-h800");
	assert_int_equal(a->quantity, 8);
	assert_string_equal(attr(a, "memory_mib"), "143771");
	assert_string_equal(attr(a, "identity_conflict"),
			    "143771 MiB of memory reported per unit, against the catalog's 80 GB for "
			    "NVIDIA H800 SXM (nvidia-h800)");
	assert_true(warned(&c, "the part may be relabelled or misreported"));
	collect_free(&c);
	/* attached_gpus 4, one listed; its MIG devices folded into it */
	collect_ok(&c, collect_nvidia_smi, "nvidia-smi", FIX "/nvsmi-q-x-mig-attached.xml", NULL);
	assert_int_equal(asset(&c, "nvidia-a100")->quantity, 1);
	assert_null(attr(asset(&c, "nvidia-a100"), "identity_conflict"));
	assert_int_equal(note(&c, true, "MIG device"), 3);
	assert_int_equal(c.nwarnings, 1);
	assert_int_equal(c.warnings[0].line, 7);
	assert_string_equal(c.warnings[0].text,
			    "attached_gpus says 4, 1 <gpu> listed: counted what is listed");
	collect_free(&c);
	/* a vGPU guest: nothing physical here */
	collect_ok(&c, collect_nvidia_smi, "nvidia-smi", FIX "/nvsmi-q-x-vgpu-guest.xml", NULL);
	assert_int_equal(c.inv.nassets, 0);
	assert_int_equal(note(&c, false, "GRID A100-4C: a vGPU slice in a guest"), 1);
	collect_free(&c);
	if (have_shared("test_nvsmi_xml (shared samples)")) {
		collect_ok(&c, collect_nvidia_smi, "nvidia-smi", SAMPLES "/nvidia-smi-q-x-tesla-t4-aws-drv515.xml", NULL);
		assert_int_equal(c.inv.nassets, 1);
		assert_string_equal(c.inv.assets[0].model, "NVIDIA Tesla T4");
		assert_string_equal(attr(&c.inv.assets[0], "memory_mib"), "15360");
		collect_free(&c);
		/* pci_device_id 000000DE is no id: known by its name */
		collect_ok(&c, collect_nvidia_smi, "nvidia-smi", SAMPLES "/nvidia-smi-q-x-a10g-aws-drv515.xml", NULL);
		assert_string_equal(c.inv.assets[0].model, "NVIDIA A10G");
		assert_null(attr(&c.inv.assets[0], "pci_id"));
		collect_free(&c);
		collect_ok(&c, collect_nvidia_smi, "nvidia-smi",
			SAMPLES "/nvidia-smi-q-x-rtx-4000-sff-ada-dtd-v13-drv595.xml", NULL);
		assert_int_equal(c.inv.assets[0].quantity, 1);
		assert_string_equal(attr(&c.inv.assets[0], "pci_id"), "10de:27b0");
		assert_string_equal(attr(&c.inv.assets[0], "uuids"),
				    "GPU-37037c3f-65c8-ec4d-24a9-420204ad8026");
		collect_free(&c);
	}
}

static void test_nvsmi_text(void **state)
{
	(void)state;
	struct collect c;
	collect_ok(&c, collect_nvidia_smi, "nvidia-smi", FIX "/nvsmi-q.txt", NULL);
	assert_int_equal(asset(&c, "nvidia-h20")->quantity, 2);
	assert_string_equal(attr(asset(&c, "nvidia-h20"), "pci_id"), "10de:2329");
	assert_int_equal(note(&c, true, "MIG device of NVIDIA H20"), 2);
	assert_int_equal(c.nwarnings, 0);
	collect_free(&c);
	collect_ok(&c, collect_nvidia_smi, "nvidia-smi", FIX "/nvsmi-L.txt", NULL);
	assert_int_equal(asset(&c, "nvidia-a100")->quantity, 2);
	assert_int_equal(asset(&c, "nvidia-l20")->quantity, 1);
	assert_int_equal(note(&c, true, "MIG device listed by nvidia-smi -L"), 2);
	collect_free(&c);
	collect_ok(&c, collect_nvidia_smi, "nvidia-smi", FIX "/nvsmi-table-h800.txt", NULL);
	assert_int_equal(asset(&c, "nvidia-h800")->quantity, 8);
	assert_string_equal(attr(asset(&c, "nvidia-h800"), "memory_mib"), "143771");
	assert_non_null(attr(asset(&c, "nvidia-h800"), "identity_conflict"));
	collect_free(&c);
	/* a cut name is kept as printed (and warned about); MIG rows folded */
	collect_ok(&c, collect_nvidia_smi, "nvidia-smi", FIX "/nvsmi-table-mig-cut.txt", NULL);
	assert_int_equal(c.inv.nassets, 2);
	assert_string_equal(asset(&c, "nvidia-a100-sxm")->model, "NVIDIA A100-SXM...");
	assert_string_equal(asset(&c, "nvidia-tesla-t4")->model, "NVIDIA Tesla T4");
	assert_int_equal(note(&c, true, "MIG device in nvidia-smi's table"), 2);
	assert_true(warned(&c, "cut the name 'NVIDIA A100-SXM...'"));
	collect_free(&c);
}

static void test_nvsmi_bad(void **state)
{
	(void)state;
	static const struct {
		const char *file, *tail;
	} bad[] = {
	    {"/nvsmi-xxe.xml", ":3:3: an entity declaration is refused: nvidia-smi writes no entity "
			       "declarations or internal DTD subset"},
	    {"/nvsmi-billion-laughs.xml", ":3:2: an entity declaration is refused: nvidia-smi writes "
					  "no entity declarations or internal DTD subset"},
	    {"/nvsmi-deep.xml", ":2:785: invalid XML: excessive depth in document: 256 use "
				"XML_PARSE_HUGE option"},
	    {"/nvsmi-q-x-truncated.xml", ":29:35: invalid XML: premature end of data in tag "
					 "mig_device line 26"},
	    {"/nvsmi-q-x-attached-huge.xml", ":3: attached_gpus '99999999999' is not a count from 0 "
					     "to 65536"},
	    {"/nvsmi-q-x-wrong-root.xml", ":2: not nvidia-smi -q -x output (the root element is "
					  "'DeviceList', not 'nvidia_smi_log')"},
	    {"/nvsmi-q-truncated.txt", ":9: the GPU block ends without its Product Name or PCI "
				       "Device Id (a truncated nvidia-smi -q report?)"},
	    {"/nvsmi-table-truncated.txt", ":14: nvidia-smi's table ends without its border "
					   "(truncated?)"},
	    {"/empty.txt", ": empty nvidia-smi output (expected --query-gpu CSV with a header)"},
	    {"/binary.bin", ":1:8: NUL byte in input"},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(bad); i++) {
		struct strbuf p = STRBUF_INIT;
		sb_printf(&p, "%s%s", FIX, bad[i].file);
		collect_fails(collect_nvidia_smi, p.buf, bad[i].tail);
		sb_release(&p);
	}
	/* an internal DTD subset without entities is refused too */
	struct collect c;
	struct diag d;
	const char *subset = "<?xml version=\"1.0\"?>\n<!DOCTYPE nvidia_smi_log [ ]>\n<nvidia_smi_log/>\n";
	collect_init(&c, &cat, &collect_no_opts, "nvidia-smi", "s.xml");
	assert_int_equal(collect_nvidia_smi_text(&c, "s.xml", subset, strlen(subset), &d), -1);
	assert_int_equal(d.line, 2);
	assert_non_null(strstr(d.msg, "internal DTD subset is refused"));
	collect_free(&c);
}

/* ---- npu-smi -m and board blocks ------------------------------------------------ */

static void test_npusmi_forms(void **state)
{
	(void)state;
	struct collect c;
	collect_ok(&c, collect_npu_smi, "npu-smi", FIX "/npusmi-m-mcu.txt", NULL);
	assert_int_equal(c.inv.nassets, 1);
	assert_int_equal(c.inv.assets[0].quantity, 4);
	assert_string_equal(c.inv.assets[0].model, "Huawei Ascend 910B3");
	assert_int_equal(note(&c, false, "a board microcontroller, not a chip"), 4);
	collect_free(&c);
	collect_ok(&c, collect_npu_smi, "npu-smi", FIX "/npusmi-board-usages.txt", NULL);
	const struct asset *a = asset(&c, "huawei-ascend-910b");
	assert_int_equal(a->quantity, 2);
	assert_string_equal(attr(a, "pci_addresses"), "0000:81:00.0 0000:c1:00.0");
	assert_string_equal(attr(a, "pci_id"), "19e5:d802");
	assert_string_equal(attr(a, "memory_mib"), "65536");
	assert_null(attr(a, "identity_conflict"));
	collect_free(&c);
	/* 41 NPUs' usages blocks: the chip records move as they grow (a
	 * use after free found by fuzz_npu_smi); each HBM size lands on its chip */
	collect_ok(&c, collect_npu_smi, "npu-smi", FIX "/npusmi-usages-40.txt", NULL);
	assert_int_equal(c.inv.assets[0].quantity, 41);
	assert_string_equal(attr(&c.inv.assets[0], "memory_mib"), "65536");
	collect_free(&c);
	if (have_shared("test_npusmi_forms (shared sample)")) {
		/* -m, an empty table, a board and a usages block of NPU 0: 8 chips once */
		collect_ok(&c, collect_npu_smi, "npu-smi",
			SAMPLES "/npu-info-collect-ascend910a-8npu-board-usages-lspci-hccn.txt", NULL);
		assert_int_equal(c.inv.nassets, 1);
		assert_int_equal(c.inv.assets[0].quantity, 8);
		assert_string_equal(c.inv.assets[0].model, "Huawei Ascend 910");
		assert_string_equal(attr(&c.inv.assets[0], "pci_id"), "19e5:d801");
		collect_free(&c);
	}
}

/* ---- AMD --------------------------------------------------------------------------- */

static void test_amd(void **state)
{
	(void)state;
	struct collect c;
	collect_ok(&c, collect_rocm_smi, "rocm-smi", FIX "/rocm-mi250x-2pkg.json", NULL);
	const struct asset *a = asset(&c, "amd-mi250x");
	assert_int_equal(a->quantity, 2);
	assert_string_equal(attr(a, "memory_mib"), "131040"); /* two GCDs' HBM a package */
	assert_null(attr(a, "identity_conflict"));
	assert_int_equal(note(&c, true, "GCD of AMD Instinct MI250X"), 2);
	collect_free(&c);
	collect_ok(&c, collect_rocm_smi, "rocm-smi", FIX "/rocm-mi250x-noserial.json", NULL);
	assert_int_equal(asset(&c, "amd-mi250x")->quantity, 2);
	assert_int_equal(c.nwarnings, 2);
	assert_true(warned(&c, "card0 and card1: two GCDs of one AMD Instinct MI250X paired"));
	collect_free(&c);
	collect_ok(&c, collect_rocm_smi, "rocm-smi", FIX "/rocm-mi300x-cpx.json", NULL);
	assert_int_equal(asset(&c, "amd-mi300x")->quantity, 1);
	assert_null(attr(asset(&c, "amd-mi300x"), "memory_mib")); /* a partition's says nothing */
	assert_int_equal(note(&c, true, "compute partition (CPX) of AMD Instinct MI300X"), 7);
	collect_free(&c);
	collect_ok(&c, collect_rocm_smi, "rocm-smi", FIX "/rocm-productname.json", NULL);
	assert_int_equal(asset(&c, "amd-mi210")->quantity, 2);
	assert_string_equal(attr(asset(&c, "amd-mi210"), "devices"), "card0 card1");
	collect_free(&c);
	collect_ok(&c, collect_amd_smi, "amd-smi", FIX "/amdsmi-static-mi300x.json", NULL);
	assert_int_equal(asset(&c, "amd-mi300x")->quantity, 2);
	collect_free(&c);
	collect_ok(&c, collect_amd_smi, "amd-smi", FIX "/amdsmi-static-gpu-data.json", NULL);
	assert_int_equal(asset(&c, "amd-mi300x")->quantity, 1);
	collect_free(&c);
	collect_ok(&c, collect_amd_smi, "amd-smi", FIX "/amdsmi-static-mi308x.txt", NULL);
	assert_int_equal(asset(&c, "amd-mi308x")->quantity, 2);
	assert_string_equal(attr(asset(&c, "amd-mi308x"), "serials"), "692301000101 692301000102");
	collect_free(&c);
	collect_fails(collect_amd_smi, FIX "/amdsmi-static-truncated.txt",
		   ":23: GPU 1 has 2 sections, the first GPU 5: a truncated amd-smi static output?");
	collect_fails(collect_rocm_smi, FIX "/rocm-truncated.json",
		   ":21:15: invalid JSON: premature end of input near '\"VBIOS '");
	if (have_shared("test_amd (shared samples)")) {
		collect_ok(&c, collect_rocm_smi, "rocm-smi", SAMPLES "/rocm-smi-json-4x-mi100-rocm602.json", NULL);
		assert_int_equal(c.inv.assets[0].quantity, 4);
		assert_string_equal(c.inv.assets[0].model, "AMD Instinct MI100");
		collect_free(&c);
		collect_ok(&c, collect_rocm_smi, "rocm-smi", SAMPLES "/rocm-smi-json-mi50-32gb-vega20.json", NULL);
		assert_int_equal(c.inv.assets[0].quantity, 1);
		assert_true(warned(&c, "the topology names 8 devices, 1 card is listed"));
		collect_free(&c);
		collect_ok(&c, collect_amd_smi, "amd-smi",
			SAMPLES "/amd-smi-static-4x-mi300a-apu-cpu-and-gpu-sections.txt", NULL);
		a = asset(&c, "amd-mi300a");
		assert_int_equal(a->quantity, 4);
		assert_null(attr(a, "identity_conflict")); /* an APU's VRAM is a carve-out */
		assert_int_equal(note(&c, false, "amd-smi CPU section"), 4);
		collect_free(&c);
	}
}

/* ---- cnmon -------------------------------------------------------------------------- */

static void test_cnmon(void **state)
{
	(void)state;
	struct collect c;
	collect_ok(&c, collect_cnmon, "cnmon", FIX "/cnmon-table.txt", NULL);
	assert_int_equal(asset(&c, "cambricon-mlu370-x4")->quantity, 2);
	assert_int_equal(note(&c, false, "an SR-IOV virtual function"), 1);
	collect_free(&c);
	collect_ok(&c, collect_cnmon, "cnmon", FIX "/cnmon-info.txt", NULL);
	assert_int_equal(asset(&c, "cambricon-mlu370-s4")->quantity, 2);
	assert_string_equal(attr(asset(&c, "cambricon-mlu370-s4"), "memory_mib"), "23308");
	collect_free(&c);
	collect_fails(collect_cnmon, FIX "/cnmon-table-truncated.txt",
		   ":12: cnmon's table ends inside a card (truncated?)");
	collect_fails(collect_cnmon, FIX "/cnmon-info-truncated.txt",
		   ":18: card block without a Product Name (truncated?)");
}

/* ---- Kubernetes ----------------------------------------------------------------------- */

static void test_kube(void **state)
{
	(void)state;
	struct collect c;
	collect_ok(&c, collect_kube, "kubectl", FIX "/kube-nodes-list.json", NULL);
	assert_int_equal(c.inv.nassets, 7);
	assert_int_equal(c.nhosts, 7);
	const struct asset *a = asset(&c, "gpu-h100-01:nvidia-h100-sxm5");
	assert_int_equal(a->quantity, 8); /* gpu.count, not the 7 allocatable */
	assert_string_equal(a->site, "us-east-1a");
	assert_string_equal(attr(a, "host"), "gpu-h100-01");
	a = asset(&c, "gpu-a100-ts:nvidia-a100"); /* 32 replicas of 8 GPUs */
	assert_int_equal(a->quantity, 8);
	assert_int_equal(note(&c, true, "time-sliced replica"), 24);
	a = asset(&c, "gpu-a100-mig:nvidia-a100"); /* 56 MIG 1g.5gb devices, 7 a GPU */
	assert_int_equal(a->quantity, 8);
	assert_non_null(strstr(attr(a, "quantity_note"), "56 MIG devices of profile 1g.5gb"));
	assert_null(attr(a, "memory_mib"));
	assert_int_equal(note(&c, true, "MIG device (1g.5gb)"), 48);
	assert_int_equal(asset(&c, "gpu-mixed:nvidia-h20")->quantity, 2);
	assert_int_equal(note(&c, true, "nvidia.com/mig-3g.48gb"), 2);
	assert_int_equal(asset(&c, "mi300x-01:amd-mi300x")->quantity, 8);
	assert_string_equal(attr(asset(&c, "mi300x-01:amd-mi300x"), "memory_mib"), "196608");
	assert_int_equal(asset(&c, "mi300x-cpx:amd-mi300x")->quantity, 8);
	assert_int_equal(note(&c, true, "compute partition (cpx_nps1)"), 56);
	assert_int_equal(asset(&c, "ascend-01:huawei-ascend-910")->quantity, 8);
	assert_null(inventory_find(&c.inv, "cpu-01:x"));
	collect_free(&c);
	collect_ok(&c, collect_kube, "kubectl", FIX "/kube-describe.txt", NULL);
	assert_int_equal(c.inv.nassets, 2);
	a = asset(&c, "dgx-a800-03:nvidia-a800");
	assert_int_equal(a->quantity, 8); /* not the 4 allocated */
	assert_string_equal(a->site, "cn-sh-2b");
	assert_string_equal(asset(&c, "ascend-7:huawei-ascend-910b")->model, "Huawei Ascend 910B3");
	collect_free(&c);
	/* --site wins over the zone label */
	struct collect_opts o = {.site = "dc-7", .purpose = PURPOSE_UNSET, .status = STATUS_UNSET};
	struct diag d;
	collect_init(&c, &cat, &o, "kubectl", FIX "/kube-nodes-list.json");
	assert_int_equal(collect_kube(&c, FIX "/kube-nodes-list.json", &d), 0);
	collect_finish(&c);
	assert_string_equal(asset(&c, "gpu-h100-01:nvidia-h100-sxm5")->site, "dc-7");
	collect_free(&c);
	collect_fails(collect_kube, FIX "/kube-pod.json",
		   ": not kubectl get nodes -o json output (kind 'Pod', expected a Node or a List of "
		   "Nodes)");
	collect_fails(collect_kube, FIX "/kube-count-huge.json",
		   ":13:45: nvidia.com/gpu.count '99999999' is not a count from 0 to 65536");
	collect_fails(collect_kube, FIX "/kube-bad-count.txt",
		   ":2:21: nvidia.com/gpu.count 'eight' is not a count from 0 to 65536");
	if (have_shared("test_kube (shared samples)")) {
		collect_ok(&c, collect_kube, "kubectl", SAMPLES "/kubectl-get-nodes-json-rke2-vgpu-a16-4q-1node.json", NULL);
		assert_int_equal(c.inv.nassets, 0); /* a vGPU slice in a guest */
		assert_int_equal(note(&c, false, "NVIDIA-A16-4Q: a vGPU slice in a guest"), 1);
		collect_free(&c);
		collect_ok(&c, collect_kube, "kubectl",
			SAMPLES "/kubectl-describe-nodes-grep-nvidia-lambda-8x-v100-sxm2-16gb.txt", NULL);
		assert_int_equal(c.inv.assets[0].quantity, 8);
		assert_string_equal(c.inv.assets[0].model, "NVIDIA Tesla V100 SXM2 16GB");
		collect_free(&c);
		collect_ok(&c, collect_kube, "kubectl",
			SAMPLES "/kubectl-get-nodes-yaml-excerpt-gfd-readme-a100-sxm4-40gb-elided.txt", NULL);
		assert_int_equal(c.inv.assets[0].quantity, 1);
		assert_string_equal(attr(&c.inv.assets[0], "memory_mib"), "39538");
		assert_null(attr(&c.inv.assets[0], "identity_conflict")); /* its name says 40GB */
		collect_free(&c);
		collect_ok(&c, collect_kube, "kubectl",
			SAMPLES "/node-labels-amd-mi300x-oam-rocm-k8s-device-plugin-doc.txt", NULL);
		assert_int_equal(c.inv.assets[0].quantity, 1);
		assert_string_equal(c.inv.assets[0].model, "AMD Instinct MI300X");
		assert_non_null(attr(&c.inv.assets[0], "quantity_note"));
		assert_int_equal(c.nwarnings, 1);
		collect_free(&c);
	}
}

/* ---- Redfish ------------------------------------------------------------------------- */

static void test_redfish(void **state)
{
	(void)state;
	struct collect c;
	collect_ok(&c, collect_redfish, "redfish", FIX "/redfish-processors-expanded.json", NULL);
	assert_int_equal(c.inv.nassets, 1);
	const struct asset *a = asset(&c, "HGX-07:nvidia-h100-sxm5");
	assert_int_equal(a->quantity, 8);
	assert_string_equal(a->model, "NVIDIA H100 80GB HBM3");
	assert_int_equal(note(&c, false, "of type CPU"), 2);
	assert_int_equal(note(&c, false, "of type FPGA"), 1);
	assert_int_equal(note(&c, false, "GPU_SXM_9: absent"), 1);
	collect_free(&c);
	collect_ok(&c, collect_redfish, "redfish", FIX "/redfish-pciedevice-ascend.json", NULL);
	assert_string_equal(asset(&c, "Node-3:huawei-ascend-910b")->model, "Huawei Ascend 910B");
	collect_free(&c);
	collect_ok(&c, collect_redfish, "redfish", FIX "/redfish-graphics-bmc.json", NULL);
	assert_int_equal(c.inv.nassets, 0);
	collect_free(&c);
	collect_fails(collect_redfish, FIX "/redfish-session-service.json",
		   ": a Redfish SessionService, not a Processor, GraphicsController or PCIeDevice "
		   "resource or collection");
	if (!have_shared("test_redfish (shared samples)"))
		return;
	/* the collection's links alone: two unknown GPUs by their ids */
	collect_ok(&c, collect_redfish, "redfish",
		SAMPLES "/redfish-dmtf-public-tower-processors-collection-8cpu-2gpu.json", NULL);
	a = asset(&c, "437XR1238R2:unknown-gpu-redfish-member-not-expanded");
	assert_int_equal(a->quantity, 2);
	assert_int_equal(note(&c, false, "CPU1, CPU2"), 8);
	collect_free(&c);
	/* with GPU1 read in full too: GPU1 is the TU102, counted once */
	struct diag d;
	collect_init(&c, &cat, &collect_no_opts, NULL, NULL);
	collect_input(&c, "redfish", "coll.json", "from-file-name");
	assert_int_equal(collect_redfish(&c, SAMPLES "/redfish-dmtf-public-tower-processors-collection-8cpu-2gpu.json", &d), 0);
	collect_input(&c, "redfish", "gpu1.json", "other-file-name");
	assert_int_equal(collect_redfish(&c, SAMPLES "/redfish-dmtf-public-tower-processor-gpu1-nvidia-tu102.json", &d), 0);
	collect_finish(&c);
	assert_int_equal(c.inv.nassets, 2);
	assert_int_equal(asset(&c, "437XR1238R2:nvidia-tu102")->quantity, 1);
	assert_string_equal(attr(asset(&c, "437XR1238R2:unknown-gpu-redfish-member-not-expanded"),
				 "resources"),
			    "/redfish/v1/Systems/437XR1238R2/Processors/GPU2");
	collect_free(&c);
}

/* ---- several inputs, hosts, keys --------------------------------------------------------- */

static void test_hosts_and_keys(void **state)
{
	(void)state;
	struct collect c;
	struct diag d;
	collect_init(&c, &cat, &collect_no_opts, NULL, NULL);
	/* the same UUIDs on one host in two files count once; on another host again */
	collect_input(&c, "nvidia-smi", "a.txt", "h1");
	assert_int_equal(collect_nvidia_smi(&c, FIX "/nvsmi-L.txt", &d), 0);
	collect_input(&c, "nvidia-smi", "b.txt", "h1");
	assert_int_equal(collect_nvidia_smi(&c, FIX "/nvsmi-L.txt", &d), 0);
	collect_input(&c, "nvidia-smi", "c.txt", "h2");
	assert_int_equal(collect_nvidia_smi(&c, FIX "/nvsmi-L.txt", &d), 0);
	collect_finish(&c);
	assert_int_equal(c.ninputs, 3);
	assert_int_equal(c.nhosts, 2);
	assert_int_equal(asset(&c, "h1:nvidia-a100")->quantity, 2);
	assert_int_equal(asset(&c, "h2:nvidia-a100")->quantity, 2);
	/* the writers say what was read, and the result reads back */
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_int_equal(collect_write_cfg(&c, fp), 0);
	fclose(fp);
	assert_non_null(strstr(buf, "# chipgate collect: 4 assets on 2 hosts from 3 inputs\n"
				    "# read nvidia-smi output in a.txt (host h1)\n"));
	struct inventory inv;
	assert_int_equal(inventory_load_text(&inv, "w.cfg", buf, len, &d), 0);
	assert_int_equal(inv.nassets, 4);
	inventory_free(&inv);
	free(buf);
	collect_free(&c);
	/* a host over 128 bytes is cut, with a hash of the whole, so ids stay valid */
	char longhost[300];
	memset(longhost, 'h', sizeof(longhost) - 1);
	longhost[sizeof(longhost) - 1] = '\0';
	collect_init(&c, &cat, &collect_no_opts, NULL, NULL);
	collect_input(&c, "nvidia-smi", "x", longhost);
	assert_int_equal(collect_nvidia_smi(&c, FIX "/nvsmi-L.txt", &d), 0);
	collect_finish(&c);
	assert_true(strlen(attr(&c.inv.assets[0], "host")) <= 128);
	assert_true(strlen(c.inv.assets[0].id) < 256);
	collect_free(&c);
}

/* Identity conflicts: by the catalog's figure, by the figure a name
 * states, by a name against its PCI id; collect_no_opts without a figure. */
static void test_identity(void **state)
{
	(void)state;
	struct collect c;
	collect_init(&c, &cat, &collect_no_opts, "test", "t");
	struct collect_unit u = {.model = "NVIDIA H20", .key_attr = "uuids", .key = "a",
				 .memory_mib = 97871};
	collect_add_unit(&c, &u); /* 95.6 GiB of 96: fine */
	struct collect_unit v = {.model = "NVIDIA A100-SXM4-40GB", .key_attr = "uuids", .key = "b",
				 .memory_mib = 40960};
	collect_add_unit(&c, &v); /* the catalog's entry says 80, the name 40: fine */
	struct collect_unit w = {.model = "NVIDIA L20", .key_attr = "uuids", .key = "c",
				 .memory_mib = 24576};
	collect_add_unit(&c, &w); /* 24 of 48: a conflict */
	struct collect_unit x = {.model = "NVIDIA H800", .name = "NVIDIA H800", .key_attr = "uuids",
				 .key = "d", .pci_id = "10de:2335"};
	x.model = collect_pci_model(&c, 0x10de, 0x2335); /* the PCI id of an H200 */
	collect_add_unit(&c, &x);
	collect_finish(&c);
	assert_null(attr(asset(&c, "nvidia-h20"), "identity_conflict"));
	assert_string_equal(asset(&c, "nvidia-a100")->model, "NVIDIA A100-SXM4-40GB");
	assert_null(attr(asset(&c, "nvidia-a100"), "identity_conflict"));
	assert_string_equal(attr(asset(&c, "nvidia-l20"), "identity_conflict"),
			    "24576 MiB of memory reported per unit, against the catalog's 48 GB for "
			    "NVIDIA L20 (nvidia-l20)");
	assert_string_equal(attr(asset(&c, "nvidia-h200"), "identity_conflict"),
			    "the name 'NVIDIA H800' is the catalog's nvidia-h800, the PCI id 10de:2335 "
			    "is nvidia-h200");
	assert_int_equal(c.nwarnings, 2);
	collect_free(&c);
}

/* Each reader takes its own tool's output and refuses every other's. */
static void test_wrong_tool(void **state)
{
	(void)state;
	static const struct {
		const char *source;
		parse_fn parse;
	} readers[] = {
	    {"lspci", collect_lspci},	    {"nvidia-smi", collect_nvidia_smi},
	    {"npu-smi", collect_npu_smi},   {"rocm-smi", collect_rocm_smi},
	    {"amd-smi", collect_amd_smi},   {"cnmon", collect_cnmon},
	    {"kubectl", collect_kube},	    {"redfish", collect_redfish},
	};
	static const struct {
		const char *file, *source;
	} inputs[] = {
	    {"lspci-nnk.txt", "lspci"},
	    {"nvsmi-basic.csv", "nvidia-smi"},
	    {"nvsmi-q-x-h800-relabelled.xml", "nvidia-smi"},
	    {"nvsmi-q.txt", "nvidia-smi"},
	    {"nvsmi-L.txt", "nvidia-smi"},
	    {"nvsmi-table-h800.txt", "nvidia-smi"},
	    {"npusmi-910b3.txt", "npu-smi"},
	    {"npusmi-m-mcu.txt", "npu-smi"},
	    {"npusmi-board-usages.txt", "npu-smi"},
	    {"rocm-mi250x-2pkg.json", "rocm-smi"},
	    {"rocm-productname.json", "rocm-smi"},
	    {"amdsmi-static-mi300x.json", "amd-smi"},
	    {"amdsmi-static-mi308x.txt", "amd-smi"},
	    {"cnmon-table.txt", "cnmon"},
	    {"cnmon-info.txt", "cnmon"},
	    {"kube-nodes-list.json", "kubectl"},
	    {"kube-describe.txt", "kubectl"},
	    {"redfish-processors-expanded.json", "redfish"},
	    {"redfish-pciedevice-ascend.json", "redfish"},
	};
	for (size_t i = 0; i < CG_ARRAY_LEN(inputs); i++)
		for (size_t r = 0; r < CG_ARRAY_LEN(readers); r++) {
			struct strbuf p = STRBUF_INIT;
			sb_printf(&p, "%s/%s", FIX, inputs[i].file);
			struct collect c;
			struct diag d;
			collect_init(&c, &cat, &collect_no_opts, readers[r].source, p.buf);
			int rc = readers[r].parse(&c, p.buf, &d);
			bool own = strcmp(inputs[i].source, readers[r].source) == 0;
			if (own && rc != 0)
				fail_msg("%s refused its own %s: %s", readers[r].source, inputs[i].file, d.msg);
			if (!own && rc == 0)
				fail_msg("%s accepted %s's output %s", readers[r].source, inputs[i].source,
					 inputs[i].file);
			if (!own && (d.file[0] == '\0' || strchr(d.msg, '\n')))
				fail_msg("%s on %s: no one-line diagnostic", readers[r].source, inputs[i].file);
			collect_free(&c);
			sb_release(&p);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_helpers),	   cmocka_unit_test(test_nvsmi_xml),
	    cmocka_unit_test(test_nvsmi_text),	   cmocka_unit_test(test_nvsmi_bad),
	    cmocka_unit_test(test_npusmi_forms),   cmocka_unit_test(test_amd),
	    cmocka_unit_test(test_cnmon),	   cmocka_unit_test(test_kube),
	    cmocka_unit_test(test_redfish),	   cmocka_unit_test(test_hosts_and_keys),
	    cmocka_unit_test(test_identity),	   cmocka_unit_test(test_wrong_tool),
	};
	return cmocka_run_group_tests(tests, catalog_setup, catalog_teardown);
}
