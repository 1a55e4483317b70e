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

/* What verify was asked for, besides the keys. */
struct verify_opts {
	size_t threshold;
	bool inputs;
	const char *report; /* --report FILE */
	const char *out;    /* -o FILE: the signed report (or record) */
};

/* One line on stdout (stderr when -o - writes the report there): who
 * signed, how many subjects, what the report says, and whether the
 * rendered report beside the envelope is the one signed. */
static void print_summary(const char *path, const struct attest_report *r,
                          const struct verify_opts *o, enum attest_rendered_state rs,
                          const char *rpath, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT;
	char q[80];
	sb_printf(&sb, "%s: verified; ", path);
	put_signers(&sb, &r->env);
	sb_printf(&sb, "; %zu subject%s%s; verdict ", r->nsubjects, r->nsubjects == 1 ? "" : "s",
	          o->inputs ? " (digests match)" : "");
	if (r->verdict)
		sb_puts(&sb, diag_excerpt(q, sizeof(q), r->verdict, strlen(r->verdict)));
	else
		sb_puts(&sb, "(none)");
	switch (rs) {
	case ATTEST_RENDERED_MATCH:
		sb_printf(&sb, "; report %s (%s) matches", diag_excerpt(q, sizeof(q), rpath, strlen(rpath)),
		          r->rendered_format);
		break;
	case ATTEST_RENDERED_ABSENT:
		sb_printf(&sb, "; report not checked (%s not found)",
		          diag_excerpt(q, sizeof(q), rpath, strlen(rpath)));
		break;
	default: sb_puts(&sb, "; report not checked (the statement names none)"); break;
	}
	sb_putc(&sb, '\n');
	fputs(sb_str(&sb), fp);
	sb_release(&sb);
}

/* One line for an approval: who signed, and what it approves. */
static void print_approval(const char *path, const struct attest_approval *a, bool inputs, FILE *fp)
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
	fputs(sb_str(&sb), fp);
	sb_release(&sb);
}

/* -o: the signed bytes P (N of them) and a newline, atomically. Only
 * called after verification. */
static int write_signed(const char *out, const unsigned char *p, size_t n, struct diag *d)
{
	struct outfile of;
	if (outfile_open(&of, out, 0644, d) != 0)
		return ATTEST_ERROR;
	if ((n && fwrite(p, 1, n, of.fp) != n) || fputc('\n', of.fp) == EOF) {
		outfile_write_error(&of, d);
		outfile_abort(&of);
		return ATTEST_ERROR;
	}
	return outfile_commit(&of, d) == 0 ? ATTEST_OK : ATTEST_ERROR;
}

static int verify_approval(struct attest_envelope *e, const char *path,
                           const struct attest_keyring *kr, const struct verify_opts *o,
                           struct diag *d)
{
	if (o->report) {
		diag_set(d, path, 0, 0, "an approval signs no report: --report does not apply");
		return ATTEST_ERROR;
	}
	struct attest_approval a = ATTEST_APPROVAL_INIT;
	int rc = attest_verify_approval_env(e, kr, o->threshold, &a, d);
	if (rc == ATTEST_OK && o->out)
		rc = write_signed(o->out, a.env.payload, a.env.payload_len, d);
	if (rc == ATTEST_OK)
		print_approval(path, &a, o->inputs, o->out && !strcmp(o->out, "-") ? stderr : stdout);
	attest_approval_release(&a);
	return rc;
}

/* Verify the envelope at PATH as the kind its payloadType says, check
 * the report beside it, write -o, print the summary. Returns the attest
 * status, d filled on failure. */
static int verify_envelope(const char *path, const struct attest_keyring *kr,
                           const struct verify_opts *o, struct diag *d)
{
	struct attest_envelope *e;
	enum attest_envelope_kind kind;
	int rc = attest_envelope_open(path, &e, d);
	if (rc != ATTEST_OK)
		return rc;
	rc = attest_envelope_get_kind(e, &kind, d);
	if (rc == ATTEST_OK && kind == ATTEST_KIND_APPROVAL) {
		rc = verify_approval(e, path, kr, o, d);
		attest_envelope_free(e);
		return rc;
	}
	struct attest_report rep = ATTEST_REPORT_INIT;
	enum attest_rendered_state rs = ATTEST_RENDERED_NONE;
	char *rpath = NULL;
	if (rc == ATTEST_OK)
		rc = attest_verify_report_env(e, kr, o->threshold, o->inputs, &rep, d);
	attest_envelope_free(e);
	if (rc == ATTEST_OK)
		rc = attest_check_rendered(path, &rep, o->report, &rs, &rpath, d);
	if (rc == ATTEST_OK && o->out)
		rc = write_signed(o->out, rep.env.payload + rep.report_off, rep.report_len, d);
	if (rc == ATTEST_OK)
		print_summary(path, &rep, o, rs, rpath,
		              o->out && !strcmp(o->out, "-") ? stderr : stdout);
	free(rpath);
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
	{OPT_REPORT, "report", "FILE",
	 "check FILE as the signed report (default: the report the statement names, beside the "
	 "envelope, when it is there)",
	 "@file"},
	{'o', "output", "FILE",
	 "write the signed JSON report (an approval: its record) to FILE, atomically, after "
	 "verification; - for standard output",
	 "@file"},
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

/* -o must not replace what verify reads: the envelope, a key, --report. */
static int check_out(const char *out, const char *envelope, const char **key_paths, size_t nkeys,
                     const char *report)
{
	if (!out || strcmp(out, "-") == 0)
		return 0;
	struct cli_input *in = xcalloc(nkeys + 2, sizeof(*in));
	size_t n = 0;
	in[n++] = (struct cli_input){envelope, "the envelope"};
	for (size_t i = 0; i < nkeys; i++)
		in[n++] = (struct cli_input){key_paths[i], "a trusted key"};
	if (report)
		in[n++] = (struct cli_input){report, "the report"};
	int rc = cli_check_output(out, NULL) != 0 || cli_refuse_overwrite(out, in, n) != 0 ? EXIT_ERROR
	                                                                              : 0;
	free(in);
	return rc;
}

int cmd_verify(int argc, char **argv)
{
	struct attest_keyring kr = ATTEST_KEYRING_INIT;
	const char **key_paths = xcalloc((size_t)argc + 1, sizeof(*key_paths));
	const char **all_keys = xcalloc((size_t)argc + 1, sizeof(*all_keys));
	size_t nall_keys = 0;
	struct strbuf same = STRBUF_INIT;
	struct diag d;
	long long threshold = 1;
	struct verify_opts o = {0};
	char ex[96];
	struct cli_args args;
	int c, rc = EXIT_ERROR;
	diag_clear(&d);
	kr.label = "the -k keys";
	cli_args_init(&args, "verify", argc, argv);
	while ((c = cli_args_next(&args)) > 0) {
		switch (c) {
		case 'k':
			all_keys[nall_keys++] = args.arg; /* every -k, for -o's check */
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
		case OPT_INPUTS: o.inputs = true; break;
		case OPT_REPORT: o.report = args.arg; break;
		case 'o': o.out = args.arg; break;
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
	o.threshold = (size_t)threshold;
	const char *path = args.ops[0];
	if (check_out(o.out, path, all_keys, nall_keys, o.report) != 0)
		goto out;
	switch (verify_envelope(path, &kr, &o, &d)) {
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
	free(key_paths);
	free(all_keys);
	sb_release(&same);
	attest_keyring_release(&kr);
	return rc;
}
