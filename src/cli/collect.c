/* chipgate collect: build an inventory of the accelerators of one machine
 * — from its PCI bus (libpci), or from saved lspci, nvidia-smi or npu-smi
 * output — one asset per (model, site) with a quantity and the PCI
 * addresses or UUIDs in attrs, written as libconfig (or CSV when -o names
 * a .csv file), atomically. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "cli/cli.h"
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

static bool csv_path(const char *out)
{
	size_t n = out ? strlen(out) : 0;
	return n > 4 && strcmp(out + n - 4, ".csv") == 0;
}

static int put_cfg(FILE *fp, const void *c)
{
	return collect_write_cfg(c, fp);
}

static int put_csv(FILE *fp, const void *c)
{
	return collect_write_csv(c, fp);
}

static int write_inventory(const struct collect *c, const char *out)
{
	return cli_write_output(out, csv_path(out) ? put_csv : put_cfg, c);
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

int cmd_collect(int argc, char **argv)
{
	enum { OPT_LSPCI = 256, OPT_NVSMI, OPT_NPUSMI, OPT_DUMP, OPT_SITE, OPT_PURPOSE, OPT_STATUS,
	       OPT_HOST };
	static const struct option opts[] = {
		{"lspci", required_argument, NULL, OPT_LSPCI},
		{"nvidia-smi", required_argument, NULL, OPT_NVSMI},
		{"npu-smi", required_argument, NULL, OPT_NPUSMI},
		{"pci-dump", required_argument, NULL, OPT_DUMP},
		{"site", required_argument, NULL, OPT_SITE},
		{"purpose", required_argument, NULL, OPT_PURPOSE},
		{"status", required_argument, NULL, OPT_STATUS},
		{"host", required_argument, NULL, OPT_HOST},
		{"catalog", required_argument, NULL, 'C'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	struct collect_opts co = {.purpose = PURPOSE_UNSET, .status = STATUS_UNSET};
	enum source src = SRC_BUS;
	const char *file = NULL, *out = NULL, *catalogs[64];
	size_t ncatalogs = 0;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+C:o:", opts, NULL)) != -1) {
		switch (c) {
		case OPT_LSPCI:
		case OPT_NVSMI:
		case OPT_NPUSMI:
		case OPT_DUMP: {
			static const enum source map[] = {SRC_LSPCI, SRC_NVIDIA_SMI, SRC_NPU_SMI, SRC_DUMP};
			if (set_source(&src, &file, map[c - OPT_LSPCI], optarg) != 0)
				return EXIT_ERROR;
			break;
		}
		case OPT_SITE:
			if (!*optarg)
				return cli_usage_error("collect", "--site must not be empty");
			co.site = optarg;
			break;
		case OPT_PURPOSE:
			if (purpose_parse(optarg, &co.purpose) != 0)
				return cli_usage_error("collect",
						       "invalid --purpose '%s' (commercial, government, "
						       "critical-infrastructure, research, other)",
						       optarg);
			break;
		case OPT_STATUS:
			if (status_parse(optarg, &co.status) != 0)
				return cli_usage_error("collect",
						       "invalid --status '%s' (deployed, ordered, planned, "
						       "decommissioned)",
						       optarg);
			break;
		case OPT_HOST:
			if (strlen(optarg) > 128)
				return cli_usage_error("collect", "--host is longer than 128 bytes");
			co.host = *optarg ? optarg : NULL;
			break;
		case 'C':
			if (ncatalogs >= CG_ARRAY_LEN(catalogs))
				return cli_usage_error("collect", "too many -C options");
			catalogs[ncatalogs++] = optarg;
			break;
		case 'o': out = strcmp(optarg, "-") == 0 ? NULL : optarg; break;
		default: return cli_usage_error("collect", "bad option");
		}
	}
	if (optind < argc)
		return cli_usage_error("collect", "unexpected argument '%s'", argv[optind]);
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
		rc = write_inventory(&col, out);
	}
	collect_free(&col);
	catalog_free(&cat);
	return cli_finish(rc);
}
