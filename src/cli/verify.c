/* chipgate verify: check a chipgate envelope — a signed report (an
 * in-toto Statement) or a signed approval (a justification record), told
 * apart by its payloadType — against the public keys the auditor trusts,
 * and optionally the inputs a report names. Maps the attest stage's
 * result to exit 0 (verified), 3 (rejected, with the reason) or 2 (usage
 * or I/O). It must never accept without an explicit -k: the envelope's
 * own keyid is not a reason to trust anything. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "attest/attest.h"
#include "cli/cli.h"

/* The keyids that verified, comma-separated. */
static void put_signers(struct strbuf *sb, const struct attest_verified *v)
{
	sb_puts(sb, "keyid ");
	for (size_t i = 0; i < v->nsigners; i++)
		sb_printf(sb, "%s%s", i ? "," : "", attest_key_id(v->signers[i]));
}

/* One line on stdout: who signed, how many subjects, what the report says. */
static void print_summary(const char *path, const struct attest_report *r, bool inputs)
{
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%s: verified; ", path);
	put_signers(&sb, &r->env);
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

/* One line on stdout for an approval: who signed, and what it approves. */
static void print_approval(const char *path, const struct attest_approval *a, bool inputs)
{
	struct strbuf sb = STRBUF_INIT;
	char q[4][80];
	sb_printf(&sb, "%s: verified approval; ", path);
	put_signers(&sb, &a->env);
	sb_printf(&sb, "; asset '%s', rule '%s', approver '%s', approved_on %s%s\n",
	          diag_excerpt(q[0], sizeof(q[0]), a->asset, strlen(a->asset)),
	          diag_excerpt(q[1], sizeof(q[1]), a->rule, strlen(a->rule)),
	          diag_excerpt(q[2], sizeof(q[2]), a->approver, strlen(a->approver)),
	          a->approved_on ? diag_excerpt(q[3], sizeof(q[3]), a->approved_on,
	                                        strlen(a->approved_on))
	                         : "(none)",
	          inputs ? " (an approval names no input files)" : "");
	fputs(sb_str(&sb), stdout);
	sb_release(&sb);
}

/* Verify the envelope text ENV of PATH as the kind its payloadType says;
 * print the summary. Returns the attest status, d filled on failure. */
static int verify_envelope(const char *path, const char *env, size_t len,
                           const struct attest_keyring *kr, size_t threshold, bool inputs,
                           struct diag *d)
{
	enum attest_envelope_kind kind;
	int rc = attest_envelope_kind(path, env, len, &kind, d);
	if (rc != ATTEST_OK)
		return rc;
	if (kind == ATTEST_KIND_APPROVAL) {
		struct attest_approval a = ATTEST_APPROVAL_INIT;
		rc = attest_verify_approval(path, env, len, kr, threshold, &a, d);
		if (rc == ATTEST_OK)
			print_approval(path, &a, inputs);
		attest_approval_release(&a);
		return rc;
	}
	struct attest_report rep = ATTEST_REPORT_INIT;
	rc = attest_verify_report_text(path, env, len, kr, threshold, inputs, &rep, d);
	if (rc == ATTEST_OK)
		print_summary(path, &rep, inputs);
	attest_report_release(&rep);
	return rc;
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

/* Trust the public key at PATH. A key given twice, however encoded, is
 * one key: SAME collects " (B is the same key as A)" for the message when
 * the threshold cannot be met. */
static int add_key(struct attest_keyring *kr, const char **key_paths, const char *path,
                   struct strbuf *same, struct diag *d)
{
	struct attest_key *k;
	if (attest_key_load_public(path, &k, d) != ATTEST_OK)
		return ATTEST_ERROR;
	size_t i = attest_keyring_find(kr, k);
	if (i < kr->n) {
		sb_printf(same, " (%s is the same key as %s)", path, key_paths[i]);
		attest_key_free(k);
		return ATTEST_OK;
	}
	key_paths[kr->n] = path;
	attest_keyring_add(kr, k);
	return ATTEST_OK;
}

int cmd_verify(int argc, char **argv)
{
	struct attest_keyring kr = ATTEST_KEYRING_INIT;
	const char **key_paths = xcalloc((size_t)argc + 1, sizeof(*key_paths));
	struct strbuf same = STRBUF_INIT;
	struct diag d;
	char *env = NULL;
	size_t envlen = 0;
	long long threshold = 1;
	bool inputs = false;
	char ex[96];
	struct cli_args args;
	int c, rc = EXIT_ERROR;
	diag_clear(&d);
	kr.label = "the -k keys";
	cli_args_init(&args, "verify", argc, argv);
	while ((c = cli_args_next(&args)) > 0) {
		switch (c) {
		case 'k':
			if (add_key(&kr, key_paths, args.arg, &same, &d) != ATTEST_OK) {
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
		                     "--threshold %lld needs %lld distinct trusted keys, got %zu%s",
		                     threshold, threshold, kr.n, sb_str(&same));
		goto out;
	}
	const char *path = args.ops[0];
	if (file_read_all(path, &env, &envlen, &d) != 0) {
		cli_diag(&d);
		goto out;
	}
	switch (verify_envelope(path, env, envlen, &kr, (size_t)threshold, inputs, &d)) {
	case ATTEST_OK:
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
	free(env);
	free(key_paths);
	sb_release(&same);
	attest_keyring_release(&kr);
	return rc;
}
