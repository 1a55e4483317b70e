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

/* Sign the envelope text ENV of PATH with the key at KEY into *OUT. */
static int cosign(const char *path, const char *env, size_t len, const char *key, char **out,
                  size_t *outlen, const char **what, char keyid[SHA256_HEX_LEN + 1])
{
	struct diag d;
	enum attest_envelope_kind kind;
	struct attest_key *k = NULL;
	diag_clear(&d);
	if (attest_envelope_kind(path, env, len, &kind, &d) != ATTEST_OK) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	*what = kind == ATTEST_KIND_APPROVAL ? "approval" : "report";
	int rc = attest_key_load_signing(key, ATTEST_PASS_PROMPT,
	                                 "cosign needs the cosigner's private key", &k, &d);
	if (rc == ATTEST_OK) {
		rc = attest_envelope_cosign(path, env, len, k, out, outlen, &d);
		memcpy(keyid, attest_key_id(k), SHA256_HEX_LEN + 1);
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
	char *env = NULL, *signed_env = NULL, keyid[SHA256_HEX_LEN + 1];
	size_t len = 0, signed_len = 0;
	struct diag d;
	int rc = EXIT_ERROR;
	if (file_read_all(path, &env, &len, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	if ((rc = cosign(path, env, len, key, &signed_env, &signed_len, &what, keyid)) != 0)
		goto out;
	if (out && strcmp(out, "-") == 0) {
		fwrite(signed_env, 1, signed_len, stdout);
		rc = cli_finish(EXIT_PASS);
		goto out;
	}
	const char *dest = out ? out : path;
	if (write_file_atomic(dest, signed_env, signed_len, 0644, &d) != 0) {
		cli_diag(&d);
		rc = EXIT_ERROR;
		goto out;
	}
	printf("%s: %s cosigned with keyid %s\n", dest, what, keyid);
	rc = cli_finish(EXIT_PASS);
out:
	free(env);
	free(signed_env);
	return rc;
}
