/* chipgate verify: check a signed report (a DSSE envelope holding an
 * in-toto Statement) against the public keys the auditor trusts, and
 * optionally the inputs it names. Maps the attest stage's result to exit
 * 0 (verified), 3 (rejected, with the reason) or 2 (usage or I/O). It
 * must never accept without an explicit -k: the envelope's own keyid is
 * not a reason to trust anything. */
#include <limits.h>
#include <string.h>

#include "attest/attest.h"
#include "cli/cli.h"

/* One line on stdout: who signed, how many subjects, what the report says. */
static void print_summary(const char *path, const struct attest_report *r, bool inputs)
{
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%s: verified; keyid ", path);
	for (size_t i = 0; i < r->env.nsigners; i++)
		sb_printf(&sb, "%s%s", i ? "," : "", attest_key_id(r->env.signers[i]));
	sb_printf(&sb, "; %zu subject%s%s; verdict ", r->nsubjects, r->nsubjects == 1 ? "" : "s",
	          inputs ? " (digests match)" : "");
	if (r->verdict) {
		char q[80];
		sb_puts(&sb, diag_excerpt(q, sizeof(q), r->verdict, strlen(r->verdict)));
	} else {
		sb_puts(&sb, "(none)");
	}
	sb_putc(&sb, '\n');
	fputs(sb_str(&sb), stdout);
	sb_release(&sb);
}

const struct cli_opt cli_verify_opts[] = {
	{'k', "key", "PUBKEY", "trust this public key; repeatable (at least one is required)",
	 "@file"},
	{OPT_THRESHOLD, "threshold", "N",
	 "require signatures by N distinct trusted keys (default: 1)", NULL},
	{OPT_INPUTS, "inputs", NULL,
	 "also check that every input file named in the statement has its recorded SHA-256", NULL},
	{0, NULL, NULL, NULL, NULL},
};

int cmd_verify(int argc, char **argv)
{
	struct attest_keyring kr = ATTEST_KEYRING_INIT;
	struct attest_report rep = ATTEST_REPORT_INIT;
	struct diag d;
	long long threshold = 1;
	bool inputs = false;
	char ex[96];
	struct cli_args args;
	int c, rc = EXIT_ERROR;
	diag_clear(&d);
	cli_args_init(&args, "verify", argc, argv);
	while ((c = cli_args_next(&args)) > 0) {
		switch (c) {
		case 'k':
			if (attest_keyring_add_file(&kr, args.arg, &d) != ATTEST_OK) {
				cli_diag(&d);
				goto out;
			}
			break;
		case OPT_THRESHOLD:
			if (parse_ll(args.arg, 1, INT_MAX, &threshold) != 0) {
				rc = cli_usage_error("verify", "bad --threshold '%s'",
				                     diag_excerpt(ex, sizeof(ex), args.arg,
				                                  strlen(args.arg)));
				goto out;
			}
			break;
		case OPT_INPUTS: inputs = true; break;
		default: rc = cli_usage_error("verify", "bad option"); goto out;
		}
	}
	if (c < 0)
		goto out;
	if (args.nops != 1) {
		rc = cli_usage_error("verify", args.nops == 0 ? "no envelope given"
		                                              : "more than one envelope given");
		goto out;
	}
	if (kr.n == 0) {
		rc = cli_usage_error("verify", "no trusted key: give at least one -k PUBKEY");
		goto out;
	}
	if ((size_t)threshold > kr.n) {
		rc = cli_usage_error("verify",
		                     "--threshold %lld needs %lld distinct trusted keys, got %zu",
		                     threshold, threshold, kr.n);
		goto out;
	}
	const char *path = args.ops[0];
	switch (attest_verify_report(path, &kr, (size_t)threshold, inputs, &rep, &d)) {
	case ATTEST_OK:
		print_summary(path, &rep, inputs);
		rc = cli_finish(EXIT_PASS);
		break;
	case ATTEST_REJECTED:
		cli_diag(&d);
		rc = EXIT_VERIFY;
		break;
	default:
		cli_diag(&d);
		rc = EXIT_ERROR;
		break;
	}
out:
	attest_report_release(&rep);
	attest_keyring_release(&kr);
	return rc;
}
