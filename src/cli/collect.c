/* chipgate collect: build an inventory of the accelerators of one machine
 * — from its PCI bus (libpci), or from saved lspci, nvidia-smi or npu-smi
 * output — one asset per (model, site) with a quantity and the PCI
 * addresses or UUIDs in attrs, written as libconfig (or CSV when -o names
 * a .csv file), atomically. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "cli/cli.h"
#include "cli/pipeline.h"
#include "ingest/ingest.h"

enum source { SRC_BUS, SRC_DUMP, SRC_LSPCI, SRC_NVIDIA_SMI, SRC_NPU_SMI };

static const char *const source_names[] = {"libpci", "libpci", "lspci", "nvidia-smi", "npu-smi"};

static int run_source(struct collect *c, enum source src, const char *file, struct diag *d)
{
	switch (src) {
	case SRC_BUS: return collect_libpci(c, NULL, d);
	case SRC_DUMP: return collect_libpci(c, file, d);
	case SRC_LSPCI: return collect_lspci(c, file, d);
	case SRC_NVIDIA_SMI: return collect_nvidia_smi(c, file, d);
	case SRC_NPU_SMI: return collect_npu_smi(c, file, d);
	}
	return -1;
}

static int put_cfg(FILE *fp, const void *c)
{
	return collect_write_cfg(c, fp);
}

static int put_csv(FILE *fp, const void *c)
{
	return collect_write_csv(c, fp);
}

/* -f, else the extension of -o in any case (.csv; .cfg or .conf), else
 * libconfig on standard output. 0, or -1 when the name tells nothing. */
static int output_format(const char *fmt, const char *out, bool *csv)
{
	*csv = fmt ? strcmp(fmt, "csv") == 0 : false;
	if (fmt || !out)
		return 0;
	const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
	if (!dot || (slash && dot < slash))
		return -1;
	*csv = strcasecmp(dot, ".csv") == 0;
	return *csv || strcasecmp(dot, ".cfg") == 0 || strcasecmp(dot, ".conf") == 0 ? 0 : -1;
}

static int set_source(enum source *src, const char **file, enum source s, const char *arg)
{
	if (*src != SRC_BUS)
		return cli_usage_error("collect", "give only one of --lspci, --nvidia-smi, --npu-smi, "
						  "--pci-dump");
	*src = s;
	*file = arg;
	return 0;
}

const struct cli_opt cli_collect_opts[] = {
	{OPT_LSPCI, "lspci", "FILE", "read saved 'lspci -nn' output (also -nnk, -vvv)", "@file"},
	{OPT_NVIDIA_SMI, "nvidia-smi", "FILE",
	 "read saved 'nvidia-smi --query-gpu=... --format=csv' output", "@file"},
	{OPT_NPU_SMI, "npu-smi", "FILE", "read saved 'npu-smi info' output", "@file"},
	{OPT_PCI_DUMP, "pci-dump", "FILE",
	 "scan saved 'lspci -x' output with libpci (default: this machine's PCI bus)", "@file"},
	{OPT_PCI_IDS, "pci-ids", "FILE",
	 "name PCI devices from this pci.ids file, as lspci -i does (default: the system's)",
	 "@file"},
	{OPT_SITE, "site", "SITE", "the site of every asset (default: none)", NULL},
	{OPT_PURPOSE, "purpose", "PURPOSE",
	 "commercial, government, critical-infrastructure, research or other (default: unset)",
	 "commercial government critical-infrastructure research other"},
	{OPT_STATUS, "status", "STATUS",
	 "deployed, ordered, planned or decommissioned (default: unset)",
	 "deployed ordered planned decommissioned"},
	{OPT_HOST, "host", "NAME",
	 "prefix asset ids with NAME and record it (default: this machine's name for a scan)",
	 NULL},
	PIPE_OPT_CATALOG,
	{'f', "format", "FORMAT",
	 "write the inventory as cfg (libconfig) or csv (default: from the extension of -o, "
	 "else cfg)",
	 "cfg csv"},
	{'o', "output", "FILE", "write the inventory to FILE, atomically (default: standard output)",
	 "@file"},
	{0, NULL, NULL, NULL, NULL},
};

/* -o must not replace the tool output read, the pci.ids file or a
 * catalog overlay; and it must be writable, before the bus is scanned. */
static int refuse_overwrites(const char *out, enum source src, const char *file,
			     const char *pci_ids, const char *const *catalogs, size_t ncatalogs)
{
	static const char *const roles[] = {"the PCI scan", "the PCI dump", "the lspci output",
					    "the nvidia-smi output", "the npu-smi output"};
	struct cli_input in[PIPELINE_MAX + 2];
	size_t n = 0;
	if (file)
		in[n++] = (struct cli_input){file, roles[src]};
	if (pci_ids)
		in[n++] = (struct cli_input){pci_ids, "the pci.ids file"};
	for (size_t i = 0; i < ncatalogs; i++)
		in[n++] = (struct cli_input){catalogs[i], "the catalog overlay"};
	if (cli_refuse_overwrite(out, in, n) != 0)
		return EXIT_ERROR;
	return cli_check_output(out, NULL);
}

int cmd_collect(int argc, char **argv)
{
	struct collect_opts co = {.purpose = PURPOSE_UNSET, .status = STATUS_UNSET};
	enum source src = SRC_BUS;
	const char *file = NULL, *out = NULL, *fmt = NULL, *catalogs[PIPELINE_MAX];
	size_t ncatalogs = 0;
	bool csv;
	char ex[96];
	struct cli_args args;
	int c;
	cli_args_init(&args, "collect", argc, argv);
	while ((c = cli_args_next(&args)) > 0) {
		const char *v = args.arg;
		diag_excerpt(ex, sizeof(ex), v, strlen(v));
		switch (c) {
		case OPT_LSPCI:
		case OPT_NVIDIA_SMI:
		case OPT_NPU_SMI:
		case OPT_PCI_DUMP: {
			static const enum source map[] = {SRC_LSPCI, SRC_NVIDIA_SMI, SRC_NPU_SMI, SRC_DUMP};
			if (set_source(&src, &file, map[c - OPT_LSPCI], v) != 0)
				return EXIT_ERROR;
			break;
		}
		case OPT_PCI_IDS: co.pci_ids = v; break;
		case OPT_SITE:
			if (!*v)
				return cli_usage_error("collect", "--site must not be empty");
			if (strlen(v) > field_limit("site"))
				return cli_usage_error("collect", "--site is %zu bytes; the limit is %zu",
						       strlen(v), field_limit("site"));
			co.site = v;
			break;
		case OPT_PURPOSE:
			if (purpose_parse(v, &co.purpose) != 0)
				return cli_usage_error("collect",
						       "invalid --purpose '%s' (commercial, government, "
						       "critical-infrastructure, research, other)",
						       ex);
			break;
		case OPT_STATUS:
			if (status_parse(v, &co.status) != 0)
				return cli_usage_error("collect",
						       "invalid --status '%s' (deployed, ordered, planned, "
						       "decommissioned)",
						       ex);
			break;
		case OPT_HOST:
			if (strlen(v) > 128)
				return cli_usage_error("collect", "--host is longer than 128 bytes");
			co.host = *v ? v : NULL;
			break;
		case 'C':
			if (ncatalogs >= CG_ARRAY_LEN(catalogs))
				return cli_usage_error("collect", "too many -C options (limit %d)",
						       PIPELINE_MAX);
			catalogs[ncatalogs++] = v;
			break;
		case 'f':
			if (strcmp(v, "cfg") != 0 && strcmp(v, "csv") != 0)
				return cli_usage_error("collect", "unknown format '%s' (cfg, csv)", ex);
			fmt = v;
			break;
		case 'o': out = strcmp(v, "-") == 0 ? NULL : v; break;
		default: return cli_usage_error("collect", "bad option");
		}
	}
	if (c < 0)
		return EXIT_ERROR;
	if (args.nops > 0)
		return cli_usage_error("collect", "unexpected argument '%s'",
				       diag_excerpt(ex, sizeof(ex), args.ops[0], strlen(args.ops[0])));
	if (co.pci_ids && src != SRC_BUS && src != SRC_DUMP)
		return cli_usage_error("collect", "--pci-ids names devices of a PCI scan or --pci-dump "
						  "only; the other sources print their own names");
	if (output_format(fmt, out, &csv) != 0)
		return cli_usage_error("collect",
				       "cannot tell the inventory format from the name '%s'; give -f cfg "
				       "or -f csv, or use its extension",
				       diag_excerpt(ex, sizeof(ex), out, strlen(out)));
	if (refuse_overwrites(out, src, file, co.pci_ids, catalogs, ncatalogs) != 0)
		return EXIT_ERROR;
	char host[256];
	if (src == SRC_BUS && !co.host && gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = '\0';
		co.host = host;
	}

	struct catalog cat;
	struct diag d;
	if (catalog_load_embedded(&cat, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	int rc = 0;
	for (size_t i = 0; i < ncatalogs && rc == 0; i++)
		if (catalog_overlay_file(&cat, catalogs[i], &d) != 0) {
			cli_diag(&d);
			rc = EXIT_ERROR;
		}
	struct collect col;
	collect_init(&col, &cat, &co, source_names[src], file);
	if (rc == 0 && run_source(&col, src, file, &d) != 0) {
		cli_diag(&d);
		rc = EXIT_ERROR;
	}
	if (rc == 0) {
		collect_finish(&col);
		if (col.inv.nassets == 0)
			fprintf(stderr, "chipgate: note: no accelerators found\n");
		rc = cli_write_output(out, csv ? put_csv : put_cfg, &col);
	}
	collect_free(&col);
	catalog_free(&cat);
	return cli_finish(rc);
}
