/* chipgate keygen: make a signing key pair for `check --sign` and
 * `verify -k`. Reads the options, finds a passphrase when one is asked
 * for (-P), and leaves the rest to attest_keygen(). It must never write
 * an unencrypted key when the user has supplied a passphrase, never
 * overwrite an existing key, and never keep the passphrase around. */
#include <openssl/crypto.h>
#include <openssl/ui.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attest/attest.h"
#include "cli/cli.h"

/* Fill BUF with the passphrase for a new key: CHIPGATE_KEY_PASSPHRASE,
 * or typed twice on the terminal. Returns 0 or an exit code. */
static int new_passphrase(char *buf, size_t size, const char *prefix)
{
	const char *env = getenv(ATTEST_PASSPHRASE_ENV);
	if (env && *env) {
		size_t n = strlen(env);
		if (n >= size)
			return cli_error("%s is longer than %zu bytes", ATTEST_PASSPHRASE_ENV,
			                 size - 1);
		memcpy(buf, env, n + 1);
		return 0;
	}
	if (!isatty(STDIN_FILENO))
		return cli_error("-P needs a passphrase: set %s or run on a terminal",
		                 ATTEST_PASSPHRASE_ENV);
	struct strbuf prompt = STRBUF_INIT;
	sb_printf(&prompt, "passphrase for %s.key: ", prefix);
	int r = EVP_read_pw_string_min(buf, 1, (int)size, sb_str(&prompt), 1);
	sb_release(&prompt);
	if (r != 0 || !*buf) {
		OPENSSL_cleanse(buf, size);
		return cli_error("no passphrase: empty, not confirmed, or the terminal was closed");
	}
	return 0;
}

const struct cli_opt cli_keygen_opts[] = {
	{'t', "type", "TYPE", "the key type: ed25519, ecdsa-p256 or rsa-3072 (default: ed25519)",
	 "ed25519 ecdsa-p256 rsa-3072"},
	{'o', "output", "PREFIX", "write PREFIX.key (mode 0600) and PREFIX.pub (required)", "@file"},
	{'P', "passphrase", NULL,
	 "encrypt the private key with a passphrase from " ATTEST_PASSPHRASE_ENV
	 " or typed twice on the terminal",
	 NULL},
	{0, NULL, NULL, NULL, NULL},
};

int cmd_keygen(int argc, char **argv)
{
	enum attest_key_type type = ATTEST_KEY_ED25519;
	const char *prefix = NULL;
	bool encrypt = false;
	char ex[96];
	struct cli_args args;
	int c;
	cli_args_init(&args, "keygen", argc, argv);
	while ((c = cli_args_next(&args)) > 0) {
		switch (c) {
		case 't':
			if (attest_key_type_parse(args.arg, &type) != 0)
				return cli_usage_error(
				    "keygen", "unknown key type '%s' (ed25519, ecdsa-p256, rsa-3072)",
				    diag_excerpt(ex, sizeof(ex), args.arg, strlen(args.arg)));
			break;
		case 'o': prefix = args.arg; break;
		case 'P': encrypt = true; break;
		default: return cli_usage_error("keygen", "bad option");
		}
	}
	if (c < 0)
		return EXIT_ERROR;
	if (args.nops > 0)
		return cli_usage_error("keygen", "unexpected argument '%s'",
		                       diag_excerpt(ex, sizeof(ex), args.ops[0], strlen(args.ops[0])));
	if (!prefix || !*prefix)
		return cli_usage_error("keygen", "-o PREFIX is required");
	const char *env = getenv(ATTEST_PASSPHRASE_ENV);
	if (!encrypt && env && *env)
		return cli_usage_error("keygen",
		                       "%s is set but -P was not given: add -P to encrypt the key "
		                       "with it, or unset it",
		                       ATTEST_PASSPHRASE_ENV);

	char pass[ATTEST_PASSPHRASE_MAX + 1];
	int rc = encrypt ? new_passphrase(pass, sizeof(pass), prefix) : 0;
	if (rc != 0)
		return rc;
	struct diag d;
	char keyid[SHA256_HEX_LEN + 1];
	diag_clear(&d);
	rc = attest_keygen(type, prefix, encrypt ? pass : NULL, keyid, &d);
	OPENSSL_cleanse(pass, sizeof(pass));
	if (rc != ATTEST_OK) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	printf("%s.key %s.pub: %s%s key, keyid %s\n", prefix, prefix, attest_key_type_name(type),
	       encrypt ? " encrypted" : "", keyid);
	return cli_finish(EXIT_PASS);
}
