/* libFuzzer target: the DSSE envelope parser and verifier
 * (attest_envelope_verify) with a keyring of the committed test keys
 * (Ed25519, ECDSA P-256, RSA-3072), at threshold 1 and 2. Whatever the
 * input, the result is ATTEST_OK only for an envelope one of those keys
 * really signed; a rejection has a one-line reason. */
#include "fuzz_common.h"

#include "attest/attest.h"

static struct attest_keyring kr = ATTEST_KEYRING_INIT;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const pubs[] = {"ed25519.pub", "ecdsa-p256.pub", "rsa-3072.pub",
					   "other-ed25519.pub"};
	struct diag d;
	fuzz_limit_inputs();
	for (size_t i = 0; i < CG_ARRAY_LEN(pubs); i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/attest/%s", FIXTURES, pubs[i]);
		if (attest_keyring_add_file(&kr, path, &d) != 0) {
			fprintf(stderr, "fuzz: %s: %s\n", path, d.msg);
			abort();
		}
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_copy(data, size);
	for (size_t threshold = 1; threshold <= 2; threshold++) {
		struct attest_verified v = ATTEST_VERIFIED_INIT;
		struct diag d;
		diag_clear(&d);
		int rc = attest_envelope_verify("fuzz.dsse.json", text, size, ATTEST_INTOTO_PAYLOAD_TYPE,
						&kr, threshold, &v, &d);
		if (rc == ATTEST_OK) {
			if (!v.payload || v.nsigners < threshold)
				abort();
		} else if (rc == ATTEST_REJECTED) {
			fuzz_check_diag(&d);
		} else {
			abort(); /* the arguments are fine: only OK or REJECTED */
		}
		attest_verified_release(&v);
	}
	free(text);
	return 0;
}
