/* chipgate: the command table and global options only. Each command lives
 * in src/cli/NAME.c as cmd_NAME(argc, argv), beside its option table. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#define EXIT_USAGE "  2  usage, input or I/O error; nothing was written"

const struct cli_command cli_commands[] = {
	{"check", cmd_check,
	 "chipgate check [-p POLICY]... [-C CATALOG]... [-f FORMAT] [-o FILE] [--fail-on SEVERITY]\n"
	 "                [--max-findings N] [--max-results N] [--as-of YYYY-MM-DD]\n"
	 "                [--justifications FILE] [--format-in FORMAT] [--sites FILE]\n"
	 "                [--param [PACK:]NAME=VALUE]... [--approvers FILE] [--enable RULE-ID]...\n"
	 "                [--sign KEY] [--baseline REPORT] [--color[=WHEN]] [-q] INVENTORY...",
	 "check inventories against policy packs and write a report", cli_check_opts, "@file",
	 "  0  passed: no open finding at or above --fail-on\n"
	 "  1  open findings at or above --fail-on\n"
	 "  2  usage, input, policy or I/O error; nothing was written",
	 "chipgate(1)"},
	{"explain", cmd_explain,
	 "chipgate explain [-p POLICY]... [-C CATALOG]... [--as-of YYYY-MM-DD] [--justifications FILE]\n"
	 "                [--format-in FORMAT] [--sites FILE] [--param [PACK:]NAME=VALUE]...\n"
	 "                [--approvers FILE] [--enable RULE-ID]... ASSET-ID INVENTORY...",
	 "show why each rule did or did not fire for one asset", cli_explain_opts, "@file",
	 "  0  the asset was explained\n" EXIT_USAGE " (or no such asset)", "chipgate(1)"},
	{"lint", cmd_lint, "chipgate lint [-C CATALOG]... POLICY...",
	 "compile policy packs, report every error and run their tests", cli_lint_opts, "@file",
	 "  0  every pack compiled and every pack test passed\n"
	 "  1  a pack test failed\n"
	 "  2  a pack does not compile, or a usage or I/O error",
	 "chipgate(1)"},
	{"catalog", cmd_catalog,
	 "chipgate catalog [-C CATALOG]... [-f text|json] [list | show MODEL | match TEXT]",
	 "list, show or match accelerators in the catalog", cli_catalog_opts, "list show match|@model",
	 "  0  listed, shown or matched\n"
	 "  1  match: the text matches no accelerator\n"
	 "  2  show: no such accelerator; or a usage or I/O error",
	 "chipgate(1)"},
	{"collect", cmd_collect,
	 "chipgate collect [--lspci FILE]... [--nvidia-smi FILE]... [--npu-smi FILE]...\n"
	 "                [--rocm-smi FILE]... [--amd-smi FILE]... [--cnmon FILE]... [--kube FILE]...\n"
	 "                [--redfish FILE]... [--pci-dump FILE]... [--pci-ids FILE] [--site SITE]\n"
	 "                [--purpose PURPOSE] [--status STATUS] [--host NAME] [-C CATALOG]...\n"
	 "                [-f cfg|csv] [-q] [-o FILE]",
	 "inventory the accelerators of machines and clusters from their buses or tools' output",
	 cli_collect_opts,
	 NULL, "  0  the inventory was written\n" EXIT_USAGE, "chipgate-collect(1)"},
	{"review", cmd_review,
	 "chipgate review [-p POLICY]... [-C CATALOG]... [--as-of YYYY-MM-DD] [--justifications FILE]\n"
	 "                [--sites FILE] [--param [PACK:]NAME=VALUE]... [--approvers FILE]\n"
	 "                [--enable RULE-ID]... [-f text|json|markdown|html] [-o FILE]\n"
	 "                [--fail-on SEVERITY] [-q] INVENTORY...",
	 "list pending orders, the state of their justifications and what else blocks them",
	 cli_review_opts, "@file",
	 "  0  every order that needs a justification is cleared: a valid one, and no other\n"
	 "     open finding on it at or above --fail-on\n"
	 "  1  an order is not cleared: its justification is missing, incomplete, unapproved or\n"
	 "     out of date, or another open finding at or above --fail-on blocks it\n" EXIT_USAGE,
	 "chipgate-review(1)"},
	{"justify", cmd_justify,
	 "chipgate justify [-p POLICY]... [-C CATALOG]... [--as-of YYYY-MM-DD]\n"
	 "                [--param [PACK:]NAME=VALUE]... [--approvers FILE] [--enable RULE-ID]...\n"
	 "                [-o FILE] ASSET-ID INVENTORY...",
	 "write a justification skeleton for an order", cli_justify_opts, "@file",
	 "  0  the skeleton was written\n" EXIT_USAGE " (or the asset needs no justification)",
	 "chipgate-review(1)"},
	{"approve", cmd_approve, "chipgate approve -k KEY [-p POLICY]... [-C CATALOG]...\n"
	 "                [--param [PACK:]NAME=VALUE]... [--approvers FILE] [-r RULE] [-o FILE]\n"
	 "                [--force] ASSET-ID INVENTORY",
	 "sign an order's justification as its approver", cli_approve_opts, "@file",
	 "  0  the approval was signed and written\n" EXIT_USAGE "\n"
	 "  3  a pack lists another key for the approver, or its rule asks for a signed\n"
	 "     approval and it does not list the approver (or lists no approvers at all);\n"
	 "     nothing was written",
	 "chipgate-review(1)"},
	{"keygen", cmd_keygen, "chipgate keygen [-P] [-t ed25519|ecdsa-p256|rsa-3072] -o PREFIX",
	 "generate a key pair for signing reports", cli_keygen_opts, NULL,
	 "  0  the key pair was written\n" EXIT_USAGE, "chipgate-keygen(1)"},
	{"verify", cmd_verify,
	 "chipgate verify -k PUBKEY... [--threshold N] [--inputs] [--report FILE] [-o FILE]\n"
	 "                ENVELOPE",
	 "verify a signed report or approval against trusted public keys", cli_verify_opts, "@file",
	 "  0  verified (and the report beside it, or --report, is the one signed)\n"
	 "  2  usage or I/O error (a key, the envelope or --report cannot be read)\n"
	 "  3  verification failed, or the report differs from the one signed: the reason\n"
	 "     is printed",
	 "chipgate-verify(1)"},
	{"cosign", cmd_cosign, "chipgate cosign -k KEY [-o FILE] ENVELOPE",
	 "add a signature to a signed report or approval", cli_cosign_opts, "@file",
	 "  0  the signature was added and the envelope written\n" EXIT_USAGE
	 " (a malformed envelope, or the key has signed it already)",
	 "chipgate-verify(1)"},
	{"diff", cmd_diff, "chipgate diff [--fail-on SEVERITY] [-f text|json] OLD-REPORT NEW-REPORT",
	 "compare two JSON reports: new, resolved and changed findings, exposure", cli_diff_opts,
	 "@file",
	 "  0  no finding newly open at or above --fail-on\n"
	 "  1  a finding is newly open at or above --fail-on\n" EXIT_USAGE,
	 "chipgate-diff(1)"},
	{"completion", cmd_completion, "chipgate completion [-o FILE] bash",
	 "print the bash completion script", cli_completion_opts, "bash",
	 "  0  the script was printed\n" EXIT_USAGE, "chipgate(1)"},
	{NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
};

static void usage(FILE *fp)
{
	fputs("usage: chipgate [--version] [--help] COMMAND [ARGS]\n\ncommands:\n", fp);
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(fp, "  %-10s %s\n", c->name, c->summary);
	fputs("\nOptions may come before or after operands; '--' ends them.\n"
	      "Run 'chipgate COMMAND --help' for a command's options; see chipgate(1).\n",
	      fp);
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
		char ex[96];
		const char *near = cli_suggest_command(cmd);
		diag_excerpt(ex, sizeof(ex), cmd, strlen(cmd));
		if (near)
			fprintf(stderr, "chipgate: unknown command '%s' (did you mean '%s'?)\n", ex, near);
		else
			fprintf(stderr, "chipgate: unknown command '%s'\n", ex);
		fputs("Run 'chipgate --help' for the list of commands.\n", stderr);
		return EXIT_ERROR;
	}
	if (cli_wants_help(c->name, argc - 1, argv + 1))
		return cli_help(c->name);
	return c->fn(argc - 1, argv + 1);
}
