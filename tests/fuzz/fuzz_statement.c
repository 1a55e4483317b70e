/* libFuzzer target: what `chipgate verify` does with a payload after the
 * signature verified — the in-toto Statement checks of
 * attest_verify_report. The input is the Statement; it is signed here with
 * the committed Ed25519 test key, written to a temporary envelope file and
 * verified (without --inputs: subjects are not read from disk). A
 * rejection must have a one-line reason; acceptance needs the right _type,
 * predicateType and subjects. */
#include "fuzz_common.h"

#include <sys/stat.h>
#include <unistd.h>

#include "attest/attest.h"

static struct attest_keyring kr = ATTEST_KEYRING_INIT;
static struct attest_key *signer;
static char env_path[] = "/tmp/chipgate-fuzz-env-XXXXXX";

static void remove_tmp(void)
{
	unlink(env_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag d;
	char path[4096], *buf;
	size_t len;
	fuzz_limit_inputs();
	/* git does not keep the key's 0600 mode: load it from a private copy */
	snprintf(path, sizeof(path), "%s/attest/ed25519.key", FIXTURES);
	char key_copy[] = "/tmp/chipgate-fuzz-key-XXXXXX";
	int fd = mkstemp(key_copy);
	if (fd < 0 || file_read_all(path, &buf, &len, &d) != 0 || write(fd, buf, len) != (ssize_t)len)
		abort();
	close(fd);
	free(buf);
	if (attest_key_load_private(key_copy, ATTEST_PASS_ENV, &signer, &d) != 0) {
		fprintf(stderr, "fuzz: %s\n", d.msg);
		abort();
	}
	unlink(key_copy);
	snprintf(path, sizeof(path), "%s/attest/ed25519.pub", FIXTURES);
	if (attest_keyring_add_file(&kr, path, &d) != 0)
		abort();
	if ((fd = mkstemp(env_path)) < 0)
		abort();
	close(fd);
	atexit(remove_tmp);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *env;
	size_t envlen;
	struct diag d;
	if (attest_envelope_sign(data, size, ATTEST_INTOTO_PAYLOAD_TYPE, &signer, 1, &env, &envlen,
				 &d) != 0)
		abort();
	FILE *fp = fopen(env_path, "wb");
	if (!fp || fwrite(env, 1, envlen, fp) != envlen || fclose(fp) != 0)
		abort();
	free(env);
	struct attest_report r = ATTEST_REPORT_INIT;
	diag_clear(&d);
	int rc = attest_verify_report(env_path, &kr, 1, false, &r, &d);
	if (rc == ATTEST_OK) {
		if (r.nsubjects == 0 || !r.env.payload || r.env.payload_len != size ||
		    memcmp(r.env.payload, data, size) != 0)
			abort();
	} else if (rc == ATTEST_REJECTED) {
		fuzz_check_diag(&d);
	} else {
		abort();
	}
	attest_report_release(&r);
	return 0;
}
