/* chipgate: the command table and global options only. Each command lives
 * in src/cli/NAME.c as cmd_NAME(argc, argv). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

const struct cli_command cli_commands[] = {
	{"check", cmd_check,
	 "chipgate check [-p POLICY]... [-C CATALOG]... [-f FORMAT] [-o FILE] [--fail-on SEVERITY]\n"
	 "                [--as-of YYYY-MM-DD] [--justifications FILE] [--format-in FORMAT]\n"
	 "                [--sign KEY] [--baseline REPORT] INVENTORY...",
	 "check inventories against policy packs and write a report"},
	{"explain", cmd_explain, "chipgate explain [-p POLICY]... [-C CATALOG]... [--as-of YYYY-MM-DD] [--justifications FILE]\n"
	 "                [--format-in FORMAT] ASSET-ID INVENTORY...",
	 "show why each rule did or did not fire for one asset"},
	{"lint", cmd_lint, "chipgate lint [-C CATALOG]... POLICY...",
	 "compile policy packs, report every error and run their tests"},
	{"catalog", cmd_catalog,
	 "chipgate catalog [-C CATALOG]... [-f text|json] [list | show MODEL | match TEXT]",
	 "list, show or match accelerators in the catalog"},
	{"collect", cmd_collect,
	 "chipgate collect [--lspci FILE | --nvidia-smi FILE | --npu-smi FILE | --pci-dump FILE]\n"
	 "                [--site SITE] [--purpose PURPOSE] [--status STATUS] [--host NAME]\n"
	 "                [-C CATALOG]... [-o FILE]",
	 "inventory the accelerators of this machine or of saved tool output"},
	{"review", cmd_review,
	 "chipgate review [-p POLICY]... [-C CATALOG]... [--as-of YYYY-MM-DD] [--justifications FILE]\n"
	 "                [-f text|json|markdown] INVENTORY...",
	 "list pending orders and the state of their justifications"},
	{"justify", cmd_justify,
	 "chipgate justify [-p POLICY]... [-C CATALOG]... [--as-of YYYY-MM-DD] [-o FILE]\n"
	 "                ASSET-ID INVENTORY...",
	 "write a justification skeleton for an order"},
	{"approve", cmd_approve, "chipgate approve -k KEY [-r RULE] [-o FILE] [--force] ASSET-ID INVENTORY",
	 "sign an order's justification as its approver"},
	{"keygen", cmd_keygen, "chipgate keygen [-P] [-t ed25519|ecdsa-p256|rsa-3072] -o PREFIX",
	 "generate a key pair for signing reports"},
	{"verify", cmd_verify, "chipgate verify -k PUBKEY... [--threshold N] [--inputs] ENVELOPE",
	 "verify a signed report against trusted public keys"},
	{"diff", cmd_diff, "chipgate diff [--fail-on SEVERITY] [-f text|json] OLD-REPORT NEW-REPORT",
	 "compare two JSON reports: new, resolved and changed findings, exposure"},
	{NULL, NULL, NULL, NULL},
};

static void usage(FILE *fp)
{
	fputs("usage: chipgate [--version] [--help] COMMAND [ARGS]\n\ncommands:\n", fp);
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(fp, "  %-9s %s\n", c->name, c->summary);
	fputs("\nRun 'chipgate COMMAND --help' for a command's options; see chipgate(1).\n", fp);
}

static int version(void)
{
	printf("chipgate %s\n", CHIPGATE_VERSION);
	for (size_t i = 0; i < embedded_files_count; i++) {
		char hex[SHA256_HEX_LEN + 1];
		sha256_hex(embedded_files[i].data, embedded_files[i].len, hex);
		printf("embedded %-20s sha256:%s\n", embedded_files[i].name, hex);
	}
	return cli_finish(EXIT_PASS);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_ERROR;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		if (argc > 2 && cli_find(argv[2]))
			return cli_help(argv[2]);
		usage(stdout);
		return cli_finish(EXIT_PASS);
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0)
		return version();
	const struct cli_command *c = cli_find(cmd);
	if (!c) {
		fprintf(stderr, "chipgate: unknown command '%s'\n", cmd);
		usage(stderr);
		return EXIT_ERROR;
	}
	if (cli_wants_help(argc - 1, argv + 1))
		return cli_help(c->name);
	return c->fn(argc - 1, argv + 1);
}
