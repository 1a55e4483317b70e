/* chipgate cosign: add a signature to a chipgate envelope (a signed
 * report or a signed approval), so that `verify --threshold N` can ask for
 * several signers. It checks that the envelope is well formed and that
 * the key has not signed it yet, signs the same pre-authentication
 * encoding and writes the envelope back atomically (in place unless -o).
 * It verifies nothing about trust: whoever cosigns vouches for the
 * payload themselves (run `chipgate verify` first). Must never write a
 * partial envelope, change the payload or an existing signature, or keep
 * the private key longer than the one signature. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Cosigning in place is read, sign, rename: two cosigners of one envelope
 * would each add their signature to the envelope they read, and the
 * second rename would drop the first signature. So the envelope itself
 * is locked (flock on the file, no lock file beside it) from before it is
 * read until the new one is renamed over it. A cosigner that waited holds
 * the lock of a file that was replaced: it opens the path again until the
 * file it locked is the one the path names, and then reads the envelope
 * with the first signature in it. Returns the locked descriptor (closed
 * by the caller after the commit), -1 for a PATH that is not a regular
 * file (nothing to lock: it is not replaced in place), or -2 with a
 * message. */
static int lock_envelope(const char *path)
{
	for (;;) {
		int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		struct stat held, named;
		if (fd < 0)
			return -1; /* loading it says why */
		if (fstat(fd, &held) != 0 || !S_ISREG(held.st_mode)) {
			close(fd);
			return -1;
		}
		while (flock(fd, LOCK_EX) != 0) {
			if (errno != EINTR) {
				int err = errno;
				close(fd);
				cli_error("%s: cannot lock: %s", path, strerror(err));
				return -2;
			}
		}
		if (stat(path, &named) == 0 && named.st_dev == held.st_dev && named.st_ino == held.st_ino)
			return fd;
		close(fd); /* replaced while we waited: lock the new one */
	}
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
	int lock = strcmp(dest, path) == 0 ? lock_envelope(path) : -1;
	if (lock == -2)
		return EXIT_ERROR;
	if (attest_envelope_load(path, &env, &len, &d) != ATTEST_OK) {
		if (lock >= 0)
			close(lock);
		cli_diag(&d);
		return EXIT_ERROR;
	}
	int rc = cosign(path, env, len, key, to_stdout ? NULL : dest, &what, keyid);
	free(env);
	if (lock >= 0)
		close(lock); /* after the rename: the next cosigner reads our envelope */
	if (rc != 0)
		return rc;
	if (!to_stdout)
		printf("%s: %s cosigned with keyid %s\n", dest, what, keyid);
	return cli_finish(EXIT_PASS);
}
