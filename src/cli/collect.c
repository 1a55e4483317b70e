/* chipgate collect: build an inventory of the accelerators of machines —
 * from this machine's PCI bus (libpci), or from saved output of lspci,
 * nvidia-smi, npu-smi, rocm-smi, amd-smi, cnmon, kubectl or a Redfish
 * service, several files or directories of them in one call — one asset
 * per (host, site, model) with a quantity of physical units and the keys
 * that identify them in attrs, written as libconfig (or CSV when -o names
 * a .csv file), atomically. Warnings go to standard error and into the
 * output's comments; an input that is not what its option says is an
 * error and nothing is written. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "cli/cli.h"
#include "cli/pipeline.h"
#include "collect/collect.h"

typedef int (*source_fn)(struct collect *c, const char *path, struct diag *d);

/* The sources, in the order of their option codes (OPT_LSPCI ...). */
static const struct source {
	int opt;
	const char *option; /* without "--" */
	const char *name;   /* attrs.source */
	const char *role; /* what the file is, for messages */
	source_fn read;
} sources[] = {
	{OPT_LSPCI, "lspci", "lspci", "the lspci output", collect_lspci},
	{OPT_NVIDIA_SMI, "nvidia-smi", "nvidia-smi", "the nvidia-smi output", collect_nvidia_smi},
	{OPT_NPU_SMI, "npu-smi", "npu-smi", "the npu-smi output", collect_npu_smi},
	{OPT_PCI_DUMP, "pci-dump", "libpci", "the PCI dump", collect_libpci},
	{OPT_ROCM_SMI, "rocm-smi", "rocm-smi", "the rocm-smi output", collect_rocm_smi},
	{OPT_AMD_SMI, "amd-smi", "amd-smi", "the amd-smi output", collect_amd_smi},
	{OPT_CNMON, "cnmon", "cnmon", "the cnmon output", collect_cnmon},
	{OPT_KUBE, "kube", "kubectl", "the kubectl output", collect_kube},
	{OPT_REDFISH, "redfish", "redfish", "the Redfish resource", collect_redfish},
};

static const struct source *source_of(int opt)
{
	for (size_t i = 0; i < CG_ARRAY_LEN(sources); i++)
		if (sources[i].opt == opt)
			return &sources[i];
	return NULL;
}

/* One file to read: given as an option's value, or found in a directory
 * given so. */
struct input_file {
	const struct source *src;
	const char *path;
};

struct inputs {
	struct input_file *v;
	size_t n, cap;
	bool dir;  /* a directory was given */
	bool stdin_taken;
	struct arena arena; /* paths found in directories */
};

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

static void push(struct inputs *in, const struct source *src, const char *path)
{
	XGROW(in->v, in->cap, in->n + 1);
	in->v[in->n++] = (struct input_file){src, path};
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The regular files directly in DIR (not those whose names start with a
 * dot), in name order, each an input of SRC. */
static int add_directory(struct inputs *in, const struct source *src, const char *dir)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return cli_error("%s: cannot read the directory", dir);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		const char *path = arena_printf(&in->arena, "%s%s%s", dir,
						dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue; /* subdirectories are not descended into */
		XGROW(names, cap, n + 1);
		names[n++] = (char *)path;
	}
	closedir(dp);
	if (n == 0) {
		free(names);
		return cli_error("%s: no files to read in the directory given to --%s", dir, src->option);
	}
	qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++)
		push(in, src, names[i]);
	free(names);
	in->dir = true;
	return 0;
}

static int add_input(struct inputs *in, int opt, const char *path)
{
	const struct source *src = source_of(opt);
	struct stat st;
	if (strcmp(path, "-") == 0) {
		if (in->stdin_taken)
			return cli_usage_error("collect", "standard input ('-') can be read only once");
		in->stdin_taken = true;
	} else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (opt == OPT_PCI_DUMP)
			return cli_error("%s: a directory: give --pci-dump one lspci -x file at a time", path);
		return add_directory(in, src, path);
	}
	push(in, src, path);
	return 0;
}

/* The host of an input of several: its file name without the directory
 * and the last extension ("dc1/gpu-node-7.xml" -> "gpu-node-7"); standard
 * input has none. Outputs that name their machines (Kubernetes nodes,
 * Redfish systems) override it. */
static const char *host_from_name(struct arena *ar, const char *path)
{
	if (strcmp(path, "-") == 0)
		return NULL;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
	return n ? arena_strndup(ar, base, n) : NULL;
}

/* -o must not replace a file read (tool output, the pci.ids file, a
 * catalog overlay); and it must be writable, before anything is read. */
static int refuse_overwrites(const char *out, const struct inputs *in, const char *pci_ids,
			     const char *const *catalogs, size_t ncatalogs)
{
	struct cli_input *v = xcalloc(in->n + ncatalogs + 2, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < in->n; i++)
		v[n++] = (struct cli_input){in->v[i].path, in->v[i].src->role};
	if (pci_ids)
		v[n++] = (struct cli_input){pci_ids, "the pci.ids file"};
	for (size_t i = 0; i < ncatalogs; i++)
		v[n++] = (struct cli_input){catalogs[i], "the catalog overlay"};
	int rc = cli_refuse_overwrite(out, v, n);
	free(v);
	if (rc != 0)
		return EXIT_ERROR;
	return cli_check_output(out, NULL);
}

const struct cli_opt cli_collect_opts[] = {
	{OPT_LSPCI, "lspci", "FILE", "read saved 'lspci -nn' output (also -nnk, -vvv)", "@file"},
	{OPT_NVIDIA_SMI, "nvidia-smi", "FILE",
	 "read saved nvidia-smi output: --query-gpu --format=csv, -q -x, -q, -L or the table",
	 "@file"},
	{OPT_NPU_SMI, "npu-smi", "FILE",
	 "read saved 'npu-smi info' output (also info -m, info -t board -i N)", "@file"},
	{OPT_ROCM_SMI, "rocm-smi", "FILE", "read saved 'rocm-smi --json' output", "@file"},
	{OPT_AMD_SMI, "amd-smi", "FILE", "read saved 'amd-smi static' output (text or --json)",
	 "@file"},
	{OPT_CNMON, "cnmon", "FILE", "read saved Cambricon 'cnmon' or 'cnmon info' output", "@file"},
	{OPT_KUBE, "kube", "FILE",
	 "read 'kubectl get nodes -o json' or 'kubectl describe nodes' output: a host per node",
	 "@file"},
	{OPT_REDFISH, "redfish", "FILE",
	 "read a Redfish Processor, GraphicsController or PCIeDevice resource or collection",
	 "@file"},
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
	 "the host of one input that names none (default: this machine's name for a scan)", NULL},
	PIPE_OPT_CATALOG,
	{'f', "format", "FORMAT",
	 "write the inventory as cfg (libconfig) or csv (default: from the extension of -o, "
	 "else cfg)",
	 "cfg csv"},
	{'q', "quiet", NULL, "do not print warnings on standard error (they stay in the output)",
	 NULL},
	{'o', "output", "FILE", "write the inventory to FILE, atomically (default: standard output)",
	 "@file"},
	{0, NULL, NULL, NULL, NULL},
};

/* Print the collection's warnings: "chipgate: warning: FILE:LINE: text". */
static void print_warnings(const struct collect *c)
{
	for (size_t i = 0; i < c->nwarnings; i++) {
		const struct collect_warning *w = &c->warnings[i];
		struct diag d;
		diag_set(&d, w->file ? w->file : "", w->line, 0, "%s", w->text);
		struct strbuf sb = STRBUF_INIT;
		diag_format(&d, &sb);
		fputs("chipgate: warning: ", stderr);
		cli_put_text(w->file ? sb_str(&sb) : w->text, stderr);
		fputc('\n', stderr);
		sb_release(&sb);
	}
	if (c->warnings_left_out)
		fprintf(stderr, "chipgate: warning: %zu more warnings left out\n", c->warnings_left_out);
}

/* Read every input into COL, the host of each from --host, its name (with
 * several) or this machine (a scan). 0, or EXIT_ERROR after printing. */
static int read_inputs(struct collect *col, const struct inputs *in, const struct collect_opts *co)
{
	struct diag d;
	if (in->n == 0) { /* this machine's bus */
		char host[256];
		const char *h = co->host;
		if (!h && gethostname(host, sizeof(host)) == 0) {
			host[sizeof(host) - 1] = '\0';
			h = host;
		}
		collect_input(col, "libpci", NULL, h);
		if (collect_libpci(col, NULL, &d) != 0) {
			cli_diag(&d);
			return EXIT_ERROR;
		}
		return 0;
	}
	bool named = in->n > 1 || in->dir;
	for (size_t i = 0; i < in->n; i++) {
		const struct input_file *f = &in->v[i];
		const char *host = named ? host_from_name(&col->inv.arena, f->path) : co->host;
		collect_input(col, f->src->name, f->path, host);
		if (f->src->read(col, f->path, &d) != 0) {
			cli_diag(&d);
			return EXIT_ERROR;
		}
	}
	return 0;
}

int cmd_collect(int argc, char **argv)
{
	struct collect_opts co = {.purpose = PURPOSE_UNSET, .status = STATUS_UNSET};
	const char *out = NULL, *fmt = NULL, *catalogs[PIPELINE_MAX];
	size_t ncatalogs = 0;
	bool csv, quiet = false, non_scan = false;
	char ex[96];
	struct inputs in = {0};
	arena_init(&in.arena);
	struct cli_args args;
	int c, rc = 0;
	cli_args_init(&args, "collect", argc, argv);
	while (rc == 0 && (c = cli_args_next(&args)) > 0) {
		const char *v = args.arg ? args.arg : "";
		diag_excerpt(ex, sizeof(ex), v, strlen(v));
		if (source_of(c)) {
			non_scan = non_scan || c != OPT_PCI_DUMP;
			rc = add_input(&in, c, v);
			continue;
		}
		switch (c) {
		case OPT_PCI_IDS: co.pci_ids = v; break;
		case OPT_SITE:
			if (!*v)
				rc = cli_usage_error("collect", "--site must not be empty");
			else if (strlen(v) > field_limit("site"))
				rc = cli_usage_error("collect", "--site is %zu bytes; the limit is %zu",
						     strlen(v), field_limit("site"));
			co.site = v;
			break;
		case OPT_PURPOSE:
			if (purpose_parse(v, &co.purpose) != 0)
				rc = cli_usage_error("collect",
						     "invalid --purpose '%s' (commercial, government, "
						     "critical-infrastructure, research, other)",
						     ex);
			break;
		case OPT_STATUS:
			if (status_parse(v, &co.status) != 0)
				rc = cli_usage_error("collect",
						     "invalid --status '%s' (deployed, ordered, planned, "
						     "decommissioned)",
						     ex);
			break;
		case OPT_HOST:
			if (strlen(v) > 128)
				rc = cli_usage_error("collect", "--host is longer than 128 bytes");
			co.host = *v ? v : NULL;
			break;
		case 'C':
			if (ncatalogs >= CG_ARRAY_LEN(catalogs))
				rc = cli_usage_error("collect", "too many -C options (limit %d)",
						     PIPELINE_MAX);
			else
				catalogs[ncatalogs++] = v;
			break;
		case 'f':
			if (strcmp(v, "cfg") != 0 && strcmp(v, "csv") != 0)
				rc = cli_usage_error("collect", "unknown format '%s' (cfg, csv)", ex);
			fmt = v;
			break;
		case 'q': quiet = true; break;
		case 'o': out = strcmp(v, "-") == 0 ? NULL : v; break;
		default: rc = cli_usage_error("collect", "bad option");
		}
	}
	if (rc == 0 && c < 0)
		rc = EXIT_ERROR;
	if (rc == 0 && args.nops > 0)
		rc = cli_usage_error("collect", "unexpected argument '%s'",
				     diag_excerpt(ex, sizeof(ex), args.ops[0], strlen(args.ops[0])));
	if (rc == 0 && co.pci_ids && non_scan)
		rc = cli_usage_error("collect", "--pci-ids names devices of a PCI scan or --pci-dump "
						"only; the other sources print their own names");
	if (rc == 0 && co.host && (in.n > 1 || in.dir))
		rc = cli_usage_error("collect", "--host names the machine of one input; with several, "
						"each is named by its output or its file name");
	if (rc == 0 && output_format(fmt, out, &csv) != 0)
		rc = cli_usage_error("collect",
				     "cannot tell the inventory format from the name '%s'; give -f cfg "
				     "or -f csv, or use its extension",
				     diag_excerpt(ex, sizeof(ex), out, strlen(out)));
	if (rc == 0)
		rc = refuse_overwrites(out, &in, co.pci_ids, catalogs, ncatalogs);
	if (rc != 0) {
		free(in.v);
		arena_release(&in.arena);
		return rc;
	}

	struct catalog cat;
	struct diag d;
	if (catalog_load_embedded(&cat, &d) != 0) {
		cli_diag(&d);
		free(in.v);
		arena_release(&in.arena);
		return EXIT_ERROR;
	}
	for (size_t i = 0; i < ncatalogs && rc == 0; i++)
		if (catalog_overlay_file(&cat, catalogs[i], &d) != 0) {
			cli_diag(&d);
			rc = EXIT_ERROR;
		}
	struct collect col;
	collect_init(&col, &cat, &co, NULL, NULL);
	if (rc == 0)
		rc = read_inputs(&col, &in, &co);
	if (rc == 0) {
		collect_finish(&col);
		if (!quiet) {
			print_warnings(&col);
			if (col.inv.nassets == 0)
				fprintf(stderr, "chipgate: note: no accelerators found\n");
		}
		rc = cli_write_output(out, csv ? put_csv : put_cfg, &col);
	}
	collect_free(&col);
	catalog_free(&cat);
	free(in.v);
	arena_release(&in.arena);
	return cli_finish(rc);
}
