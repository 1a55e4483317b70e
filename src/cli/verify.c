/* chipgate verify: check a signed report (a DSSE envelope holding an
 * in-toto Statement) against the public keys the auditor trusts, and
 * optionally the inputs it names. Maps the attest stage's result to exit
 * 0 (verified), 3 (rejected, with the reason) or 2 (usage or I/O). It
 * must never accept without an explicit -k: the envelope's own keyid is
 * not a reason to trust anything. */
#include <getopt.h>
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

int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"key", required_argument, NULL, 'k'},
	    {"threshold", required_argument, NULL, 'T'},
	    {"inputs", no_argument, NULL, 'I'},
	    {NULL, 0, NULL, 0},
	};
	struct attest_keyring kr = ATTEST_KEYRING_INIT;
	struct attest_report rep = ATTEST_REPORT_INIT;
	struct diag d;
	long long threshold = 1;
	bool inputs = false;
	int c, rc = EXIT_ERROR;
	diag_clear(&d);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:k:", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (attest_keyring_add_file(&kr, optarg, &d) != ATTEST_OK) {
				cli_diag(&d);
				goto out;
			}
			break;
		case 'T':
			if (parse_ll(optarg, 1, INT_MAX, &threshold) != 0) {
				rc = cli_usage_error(argv[0], "bad --threshold '%s'", optarg);
				goto out;
			}
			break;
		case 'I':
			inputs = true;
			break;
		case ':':
			rc =
			    cli_usage_error(argv[0], "option '%s' needs a value", argv[optind - 1]);
			goto out;
		default:
			rc = cli_usage_error(argv[0], "bad option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (optind + 1 != argc) {
		rc = cli_usage_error(argv[0], optind == argc ? "no envelope given"
		                                             : "more than one envelope given");
		goto out;
	}
	if (kr.n == 0) {
		rc = cli_usage_error(argv[0], "no trusted key: give at least one -k PUBKEY");
		goto out;
	}
	if ((size_t)threshold > kr.n) {
		rc = cli_usage_error(argv[0],
		                     "--threshold %lld needs %lld distinct trusted keys, got %zu",
		                     threshold, threshold, kr.n);
		goto out;
	}
	const char *path = argv[optind];
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
