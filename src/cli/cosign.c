/* chipgate cosign: add a signature to a chipgate envelope (a signed
 * report or a signed approval), so that `verify --threshold N` can ask for
 * several signers. It checks that the envelope is well formed and that
 * the key has not signed it yet, signs the same pre-authentication
 * encoding and writes the envelope back atomically (in place unless -o).
 * It verifies nothing about trust: whoever cosigns vouches for the
 * payload themselves (run `chipgate verify` first). Must never write a
 * partial envelope, change the payload or an existing signature, or keep
 * the private key longer than the one signature. */
#include <stdlib.h>
#include <string.h>

#include "attest/attest.h"
#include "cli/cli.h"

const struct cli_opt cli_cosign_opts[] = {
	{'k', "key", "KEY", "the cosigner's private key: a file or a provider URI (required)", "@file"},
	{'o', "output", "FILE",
	 "write the envelope to FILE, - for standard output (default: replace ENVELOPE)", "@file"},
	{0, NULL, NULL, NULL, NULL},
};

/* Sign the envelope text ENV of PATH with the key at KEY, writing the
 * envelope to OUT (NULL: standard output). */
static int cosign(const char *path, const char *env, size_t len, const char *key, const char *out,
                  const char **what, char keyid[SHA256_HEX_LEN + 1])
{
	struct diag d;
	enum attest_envelope_kind kind;
	struct attest_key *k = NULL;
	struct outfile of;
	diag_clear(&d);
	if (attest_envelope_kind(path, env, len, &kind, &d) != ATTEST_OK) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	*what = kind == ATTEST_KIND_APPROVAL ? "approval" : "report";
	int rc = attest_key_load_signing(key, ATTEST_PASS_PROMPT,
	                                 "cosign needs the cosigner's private key", &k, &d);
	if (rc == ATTEST_OK && outfile_open(&of, out, 0644, &d) != 0)
		rc = ATTEST_ERROR;
	if (rc == ATTEST_OK) {
		memcpy(keyid, attest_key_id(k), SHA256_HEX_LEN + 1);
		rc = attest_envelope_cosign_write(path, env, len, k, of.fp, &d);
		if (rc != ATTEST_OK)
			outfile_abort(&of);
		else if (outfile_commit(&of, &d) != 0)
			rc = ATTEST_ERROR;
	}
	attest_key_free(k); /* wipes the private key */
	if (rc != ATTEST_OK) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	return 0;
}

int cmd_cosign(int argc, char **argv)
{
	const char *key = NULL, *out = NULL, *what = "";
	struct cli_args args;
	int c;
	cli_args_init(&args, "cosign", argc, argv);
	while ((c = cli_args_next(&args)) > 0) {
		switch (c) {
		case 'k': key = args.arg; break;
		case 'o': out = args.arg; break;
		default: return cli_usage_error("cosign", "bad option");
		}
	}
	if (c < 0)
		return EXIT_ERROR;
	if (!key)
		return cli_usage_error("cosign", "-k KEY is required: the cosigner's private key");
	if (args.nops != 1)
		return cli_usage_error("cosign", args.nops == 0 ? "no envelope given"
		                                                : "more than one envelope given");
	const char *path = args.ops[0];
	if (strcmp(path, "-") == 0 && !out)
		return cli_usage_error("cosign", "an envelope read from standard input needs -o FILE "
		                                 "(or -o - for standard output)");
	const char *dest = out ? out : path;
	bool to_stdout = strcmp(dest, "-") == 0;
	const struct cli_input in[] = {{key, "the cosigner's key"}};
	if (cli_check_output(to_stdout ? NULL : dest, NULL) != 0 ||
	    cli_refuse_overwrite(dest, in, CG_ARRAY_LEN(in)) != 0)
		return EXIT_ERROR;
	char *env = NULL, keyid[SHA256_HEX_LEN + 1];
	size_t len = 0;
	struct diag d;
	if (attest_envelope_load(path, &env, &len, &d) != ATTEST_OK) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	int rc = cosign(path, env, len, key, to_stdout ? NULL : dest, &what, keyid);
	free(env);
	if (rc != 0)
		return rc;
	if (!to_stdout)
		printf("%s: %s cosigned with keyid %s\n", dest, what, keyid);
	return cli_finish(EXIT_PASS);
}
