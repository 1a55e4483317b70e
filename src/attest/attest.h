/* attest: keys, DSSE envelopes, in-toto Statements, signing and
 * verification — the last stage of the pipeline (DESIGN §9).
 *
 * Two layers:
 *   - generic DSSE: sign any payload bytes with any payloadType, verify an
 *     envelope against a keyring and get back the verified payload bytes
 *     and which keys verified (signed reports and signed approvals both
 *     stand on it);
 *   - chipgate reports: an in-toto v1 Statement whose predicate is the JSON
 *     report, signed and verified on top of the generic layer.
 *
 * Nothing here prints or exits. Functions return ATTEST_OK (0),
 * ATTEST_ERROR (usage, key, input or I/O trouble: the caller exits 2) or
 * ATTEST_REJECTED (the envelope failed verification: exit 3), and fill a
 * struct diag with one lowercase reason. The one exception to "nothing
 * prints" is a passphrase prompt, which only happens through OpenSSL's UI
 * on the controlling terminal (/dev/tty), and only when the caller passes
 * ATTEST_PASS_PROMPT. */
#ifndef CHIPGATE_ATTEST_H
#define CHIPGATE_ATTEST_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

/* The DSSE payloadType of an in-toto Statement. */
#define ATTEST_INTOTO_PAYLOAD_TYPE "application/vnd.in-toto+json"
/* The Statement's _type (in-toto attestation framework v1). */
#define ATTEST_STATEMENT_TYPE "https://in-toto.io/Statement/v1"
/* The DSSE payloadType of a signed approval: the canonical JSON of a
 * justification record (chipgate-review(1)), written by `approve`. */
#define ATTEST_APPROVAL_PAYLOAD_TYPE "application/vnd.chipgate.approval+json"
/* The predicateType of a chipgate report. The version names the
 * predicate's layout: bump it only when its meaning changes
 * incompatibly, never for additions. v2: the predicate is
 * {"rendered": {name, format, sha256}, "report": <the JSON report>}, the
 * report file the envelope stands beside and the report itself, so that
 * the envelope binds the file a reader opens; v1, the JSON report alone,
 * is still verified, so envelopes written in that layout stay valid. */
#define ATTEST_REPORT_PREDICATE_TYPE "https://chipgate.dev/report/v2"
#define ATTEST_REPORT_PREDICATE_TYPE_V1 "https://chipgate.dev/report/v1"
/* Environment variable that holds the passphrase of an encrypted key. */
#define ATTEST_PASSPHRASE_ENV "CHIPGATE_KEY_PASSPHRASE"
/* Longest passphrase accepted (bytes, without the NUL). */
#define ATTEST_PASSPHRASE_MAX 1023

enum attest_status {
	ATTEST_OK = 0,
	ATTEST_ERROR = -1,    /* usage, key, input or I/O error (exit 2) */
	ATTEST_REJECTED = -2, /* verification failed (exit 3) */
};

/* ---- keys --------------------------------------------------------------- */

enum attest_key_type {
	ATTEST_KEY_ED25519,    /* default; deterministic signatures */
	ATTEST_KEY_ECDSA_P256, /* ECDSA over SHA-256, DER signature */
	ATTEST_KEY_RSA,        /* RSA-PSS, SHA-256, MGF1-SHA-256, salt 32; keygen makes 3072 bits */
};

/* "ed25519", "ecdsa-p256", "rsa-3072" (the keygen -t names). 0 or -1. */
int attest_key_type_parse(const char *name, enum attest_key_type *out);
const char *attest_key_type_name(enum attest_key_type t);

/* Where the passphrase of an encrypted private key comes from: always
 * CHIPGATE_KEY_PASSPHRASE first; with ATTEST_PASS_PROMPT, when that is
 * unset and stdin is a terminal, a prompt on /dev/tty. */
enum attest_pass_mode {
	ATTEST_PASS_ENV = 0,
	ATTEST_PASS_PROMPT = 1,
};

/* A key pair with a usable private half, or a trusted public key. */
struct attest_key;

/* Load a private key from KEY_URI: a file path, a file: URI (RFC 8089:
 * the scheme in any case, file:/PATH, file:///PATH or
 * file://localhost/PATH, percent-encoded; any other host is refused) or
 * another OSSL_STORE URI such as a provider's. A file is opened once,
 * refused when it is not a regular file or when group or others can
 * access it (checked with fstat on the descriptor read), and its bytes
 * are what OpenSSL decodes. On success *out is a new key that the caller
 * owns and releases with attest_key_free(). Passphrase buffers and the
 * file's bytes are wiped before returning. */
int attest_key_load_private(const char *key_uri, enum attest_pass_mode pass,
                            struct attest_key **out, struct diag *d);
/* The same, for a command that says what it needs: when KEY_URI is a
 * public key the message is "NEED; 'KEY_URI' is a public key" (NEED such
 * as "approve needs the approver's private key"; NULL: "signing needs a
 * private key"). */
int attest_key_load_signing(const char *key_uri, enum attest_pass_mode pass, const char *need,
                            struct attest_key **out, struct diag *d);
/* Load a public key (PEM or DER SubjectPublicKeyInfo) from PATH. The
 * caller owns *out (attest_key_free). */
int attest_key_load_public(const char *path, struct attest_key **out, struct diag *d);
/* Free a key and wipe its private half; NULL is fine. */
void attest_key_free(struct attest_key *k);
/* The keyid: lowercase hex SHA-256 (all 64 digits) of the DER
 * SubjectPublicKeyInfo in its canonical form — an EC point uncompressed
 * on the named curve — so one key has one keyid however its file encodes
 * it. The string lives as long as the key. */
const char *attest_key_id(const struct attest_key *k);
/* True when A and B are the same public key (the same public value,
 * however either was encoded). */
bool attest_key_equal(const struct attest_key *a, const struct attest_key *b);
enum attest_key_type attest_key_get_type(const struct attest_key *k);

/* The signature primitives under the envelopes. Sign MSG with K's
 * algorithm (Ed25519 one-shot, ECDSA P-256 over SHA-256 in DER, RSA-PSS
 * over SHA-256); *sig is malloc'd and the caller frees it. Use the
 * envelope functions instead: they sign the PAE, which binds the
 * payloadType, and a bare signature does not. */
int attest_key_sign_raw(const struct attest_key *k, const void *msg, size_t len,
                        unsigned char **sig, size_t *siglen, struct diag *d);
/* True when SIG is K's valid signature over MSG. */
bool attest_key_verify_raw(const struct attest_key *k, const void *msg, size_t len,
                           const unsigned char *sig, size_t siglen);

/* Generate a key pair of type T and write PREFIX.key (PKCS#8 PEM, mode
 * 0600, AES-256-CBC encrypted when PASSPHRASE is not NULL) and PREFIX.pub
 * (SubjectPublicKeyInfo PEM, 0644 less the umask). Refuses to overwrite
 * either file; on failure neither is left behind. If KEYID is not NULL it
 * receives the new key's keyid. The caller keeps and wipes PASSPHRASE. */
int attest_keygen(enum attest_key_type t, const char *prefix, const char *passphrase,
                  char keyid[SHA256_HEX_LEN + 1], struct diag *d);

/* ---- encodings ------------------------------------------------------------ */

/* Standard base64 with padding. Returns a malloc'd NUL-terminated string
 * the caller frees. */
char *attest_b64_encode(const void *buf, size_t len);
/* Strict decoding: the standard alphabet only, no whitespace, length a
 * multiple of 4, correct padding and zero pad bits. On success *out is a
 * malloc'd buffer (NUL-terminated, *outlen excludes the NUL) the caller
 * frees. Returns 0 or -1. */
int attest_b64_decode(const char *s, size_t len, unsigned char **out, size_t *outlen);
/* Strict base64 decoding in pieces, with attest_b64_decode's rules: feed
 * the characters in any split; 3 bytes come out for every 4 in. */
struct attest_b64_stream {
	unsigned char q[4]; /* a group not yet complete */
	size_t nq;
	bool padded; /* the last group had '=': nothing may follow */
	bool bad;
	size_t total; /* bytes decoded so far */
};
void attest_b64_stream_init(struct attest_b64_stream *b);
/* Decode N characters of S into OUT (room for 3 * (N + 3) / 4 bytes; NULL
 * to check and count only). The bytes written, or -1 at a character that
 * breaks the rules (and ever after). */
ssize_t attest_b64_stream_update(struct attest_b64_stream *b, const char *s, size_t n,
                                 unsigned char *out);
/* All the characters were fed: 0 when they were canonical base64. */
int attest_b64_stream_final(struct attest_b64_stream *b);
/* DSSE pre-authentication encoding:
 * "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, appended to OUT. */
void attest_pae(struct strbuf *out, const char *payload_type, const void *body, size_t len);

/* ---- limits ------------------------------------------------------------------ */

/* The largest Statement (signed payload) chipgate signs or verifies:
 * CHIPGATE_MAX_INPUT bytes (1 GiB by default), as for any input. */
size_t attest_payload_limit(void);
/* The largest envelope file read: the base64 of the payload limit, and
 * 1 MiB for the rest. A larger one is refused by its size, unread. */
size_t attest_envelope_limit(void);

/* ---- generic DSSE --------------------------------------------------------- */

/* Sign PAYLOAD (LEN bytes) as PAYLOAD_TYPE with every key in SIGNERS (in
 * order; at least one) and return the envelope as JSON text with a final
 * newline in *out (malloc'd, caller frees). Ed25519 envelopes are
 * byte-identical for identical input. */
int attest_envelope_sign(const void *payload, size_t len, const char *payload_type,
                         struct attest_key *const *signers, size_t nsigners, char **out,
                         size_t *outlen, struct diag *d);

/* A set of trusted public keys, each counted once (by its public value,
 * however it was encoded). */
struct attest_keyring {
	struct attest_key **keys; /* owned by the keyring */
	size_t n, cap;
	/* where the keys came from, for messages ("the -k keys"); NULL: "the
	 * trusted keys". Borrowed. */
	const char *label;
};
#define ATTEST_KEYRING_INIT                                                                        \
	{                                                                                          \
		NULL, 0, 0, NULL                                                                   \
	}
/* Load the public key at PATH and add it; a key already present (the same
 * public key) is not added twice. */
int attest_keyring_add_file(struct attest_keyring *kr, const char *path, struct diag *d);
/* Add K; the keyring takes ownership (and frees K if it is a duplicate). */
void attest_keyring_add(struct attest_keyring *kr, struct attest_key *k);
/* The index of the key in KR equal to K (attest_key_equal), or KR->n. */
size_t attest_keyring_find(const struct attest_keyring *kr, const struct attest_key *k);
void attest_keyring_release(struct attest_keyring *kr);

/* What a verified envelope yields. Fill it with attest_envelope_verify;
 * release with attest_verified_release. */
struct attest_verified {
	unsigned char *payload; /* the verified bytes, NUL-terminated, inside mem */
	size_t payload_len;
	const struct attest_key **signers; /* distinct keyring keys that verified */
	size_t nsigners;
	unsigned char *mem; /* malloc'd: the PAE the payload ends */
};
#define ATTEST_VERIFIED_INIT                                                                       \
	{                                                                                          \
		NULL, 0, NULL, 0, NULL                                                             \
	}
void attest_verified_release(struct attest_verified *v);

/* Verify the envelope JSON in ENV (LEN bytes; NAME is used in messages):
 * the payloadType must equal EXPECTED_TYPE and at least THRESHOLD (>= 1)
 * distinct keys of KR must have a valid signature over the PAE. A
 * signature's keyid is only a hint: the hinted key is tried first, then
 * every other key. The payload is not parsed. Returns ATTEST_OK and
 * fills OUT (owned by the caller), ATTEST_REJECTED with the reason in d,
 * or ATTEST_ERROR for bad arguments. */
int attest_envelope_verify(const char *name, const char *env, size_t len, const char *expected_type,
                           const struct attest_keyring *kr, size_t threshold,
                           struct attest_verified *out, struct diag *d);

/* An envelope whose form was checked -- valid JSON, a payloadType, a
 * payload in strict base64, a non-empty signatures array of valid base64
 * signatures -- and nothing verified. Read in two passes, never as a
 * tree: the payload is decoded only when it is verified. */
struct attest_envelope;
/* Open the envelope at PATH ("-": standard input). A regular file larger
 * than attest_envelope_limit() is refused unread. ATTEST_OK with *OUT
 * (free it with attest_envelope_free), ATTEST_ERROR (cannot be read, too
 * large) or ATTEST_REJECTED (malformed), with d. */
int attest_envelope_open(const char *path, struct attest_envelope **out, struct diag *d);
/* The same for envelope text in memory (LEN bytes; NAME for messages),
 * which must outlive *OUT. */
int attest_envelope_open_text(const char *name, const char *text, size_t len,
                              struct attest_envelope **out, struct diag *d);
void attest_envelope_free(struct attest_envelope *e);
/* Read the envelope at PATH into *TEXT (malloc'd, NUL-terminated, *LEN
 * bytes), within attest_envelope_limit(). */
int attest_envelope_load(const char *path, char **text, size_t *len, struct diag *d);
/* Verify E as attest_envelope_verify does. */
int attest_envelope_check(struct attest_envelope *e, const char *expected_type,
                          const struct attest_keyring *kr, size_t threshold,
                          struct attest_verified *out, struct diag *d);

/* What a chipgate envelope holds, by its payloadType. */
enum attest_envelope_kind {
	ATTEST_KIND_REPORT,   /* an in-toto Statement of a report */
	ATTEST_KIND_APPROVAL, /* a signed justification record */
};
/* Check that ENV (LEN bytes; NAME for messages) is a well-formed DSSE
 * envelope and say which kind of chipgate envelope its payloadType
 * claims it is. Nothing is verified: this only chooses how to verify it
 * (the payloadType is covered by the signatures, and the verification
 * asks for that type again). ATTEST_REJECTED with the reason for a
 * malformed envelope or another payloadType. */
int attest_envelope_kind(const char *name, const char *env, size_t len,
                         enum attest_envelope_kind *kind, struct diag *d);
/* The same for an opened envelope. */
int attest_envelope_get_kind(const struct attest_envelope *e, enum attest_envelope_kind *kind,
                             struct diag *d);

/* Add K's signature to the envelope ENV (LEN bytes; NAME for messages):
 * the envelope must be well formed (as attest_envelope_kind checks) but
 * nothing about trust is verified. K signs the PAE of the same
 * payloadType and payload; a new signature {keyid, sig} is appended and
 * the envelope is returned as JSON text with a final newline in *out
 * (malloc'd, caller frees). Refused (ATTEST_ERROR) when a signature K
 * verifies is already there, or one names K's keyid without verifying;
 * ATTEST_REJECTED for a malformed envelope. */
int attest_envelope_cosign(const char *name, const char *env, size_t len,
                           const struct attest_key *k, char **out, size_t *outlen, struct diag *d);
/* The same, writing the envelope to FP: the text of ENV unchanged, the new
 * signature inserted after the last one. Nothing is written on failure. */
int attest_envelope_cosign_write(const char *name, const char *env, size_t len,
                                 const struct attest_key *k, FILE *fp, struct diag *d);

/* ---- signed approvals ------------------------------------------------------ */

/* What a verified approval envelope says (the signed record's fields that
 * identify it; the values are malloc'd). Release with
 * attest_approval_release. */
struct attest_approval {
	struct attest_verified env; /* payload = the record's canonical JSON */
	char *asset, *rule, *approver;
	char *approved_on; /* NULL when the record has none */
};
#define ATTEST_APPROVAL_INIT                                                                       \
	{                                                                                          \
		ATTEST_VERIFIED_INIT, NULL, NULL, NULL, NULL                                       \
	}
void attest_approval_release(struct attest_approval *a);
/* Verify the approval envelope ENV (LEN bytes; NAME for messages): DSSE
 * as attest_envelope_verify with the approval payloadType, then — only
 * then — the payload must be a JSON object with 'asset', 'rule' and
 * 'approver' strings (and 'approved_on' a string when present). It is not
 * compared with any inventory: `review` and `check` do that. Returns as
 * attest_envelope_verify. */
int attest_verify_approval(const char *name, const char *env, size_t len,
                           const struct attest_keyring *kr, size_t threshold,
                           struct attest_approval *out, struct diag *d);

/* The same for an opened envelope. */
int attest_verify_approval_env(struct attest_envelope *e, const struct attest_keyring *kr,
                               size_t threshold, struct attest_approval *out, struct diag *d);

/* ---- chipgate reports as in-toto Statements ---------------------------- */

/* One input the report was made from. NAME is the path as the report
 * names it (relative to the envelope's directory or the working
 * directory), or "embedded:NAME" for a file compiled into the binary. */
struct attest_subject {
	const char *name;
	char sha256[SHA256_HEX_LEN + 1]; /* lowercase hex */
};

/* The rendered report a Statement binds (predicate.rendered): the file
 * `check -o` wrote beside the envelope, in any format. */
struct attest_rendered {
	const char *name;   /* its name relative to the envelope's directory: no '/' */
	const char *format; /* as -f names it: json, sarif, junit, ... */
	char sha256[SHA256_HEX_LEN + 1];
};

/* Where the JSON report of a Statement comes from: the file at PATH
 * (check -f json: the report itself, whose bytes must then have the
 * digest EXPECT_SHA256 when that is not NULL), or WRITE, which writes it
 * into FP (0, or -1 on an error) and is run into a scratch file. */
struct attest_report_json {
	const char *path;
	const char *expect_sha256;
	int (*write)(FILE *fp, void *ctx);
	void *ctx;
};

/* Build the Statement (v2) for the JSON report REPORT_JSON (a JSON
 * object, LEN bytes), SUBJECTS (at least one, in the given order) and
 * RENDERED:
 *   {"_type":..., "subject":[...], "predicateType":"...report/v2",
 *    "predicate":{"rendered":{...},"report":REPORT_JSON}}
 * with REPORT_JSON's bytes as they are, so the signed report is the file
 * `check -f json` writes, byte for byte. Identical input gives identical
 * bytes. *out is malloc'd; the caller frees it. */
int attest_statement_build(const char *report_json, size_t len,
                           const struct attest_subject *subjects, size_t nsubjects,
                           const struct attest_rendered *rendered, char **out, size_t *outlen,
                           struct diag *d);

/* Sign the Statement of the JSON report SRC with KEY and write its DSSE
 * envelope to FP (with a final newline), streaming: the report is never
 * held in memory as a tree or twice. ECDSA and RSA-PSS hash the PAE as it
 * is encoded; Ed25519, which signs in one shot, maps it once (the JSON
 * report's file pages, not a copy). A report written by SRC->write goes
 * to an unlinked scratch file in the directory of NEAR. The JSON report
 * is checked (a JSON object, valid as jansson reads it) before the
 * envelope is complete; a Statement over attest_payload_limit() is
 * refused. ATTEST_OK or ATTEST_ERROR with d; on failure FP holds part of
 * an envelope: abort it. */
int attest_sign_report_stream(const struct attest_key *key, const struct attest_subject *subjects,
                              size_t nsubjects, const struct attest_rendered *rendered,
                              const struct attest_report_json *src, const char *near, FILE *fp,
                              struct diag *d);

/* The same for a JSON report in memory, into ENVELOPE_PATH atomically
 * (mode 0644). Nothing is written on failure. */
int attest_sign_report(const char *report_json, size_t len, const struct attest_subject *subjects,
                       size_t nsubjects, const struct attest_rendered *rendered,
                       const struct attest_key *key, const char *envelope_path, struct diag *d);

/* The outcome of verifying a report envelope; release with
 * attest_report_release. */
struct attest_report {
	struct attest_verified env; /* payload = the Statement bytes */
	int version;                /* of the predicateType: 1 or 2 */
	size_t nsubjects;
	char *verdict; /* the report's "verdict" (malloc'd), NULL if absent */
	/* v2: the rendered report (malloc'd), NULL for v1 */
	char *rendered_name, *rendered_format;
	char rendered_sha256[SHA256_HEX_LEN + 1];
	/* the signed JSON report: bytes [report_off, report_off + report_len)
	 * of env.payload (v2: predicate.report; v1: the predicate) */
	size_t report_off, report_len;
};
#define ATTEST_REPORT_INIT                                                                         \
	{                                                                                          \
		ATTEST_VERIFIED_INIT, 0, 0, NULL, NULL, NULL, "", 0, 0                             \
	}
void attest_report_release(struct attest_report *r);

/* Verify the report envelope at PATH: DSSE as attest_envelope_verify with
 * the in-toto payloadType, then -- only then -- the Statement, scanned
 * (never loaded as a tree): its _type and predicateType (v2, or v1), its
 * subjects (non-empty, each with a sha256), a v2 predicate's rendered
 * report and report object, and with CHECK_INPUTS every subject's bytes
 * on disk (see struct attest_subject) or in the binary. ATTEST_ERROR when
 * a file cannot be read. */
int attest_verify_report(const char *path, const struct attest_keyring *kr, size_t threshold,
                         bool check_inputs, struct attest_report *out, struct diag *d);
/* The same for the envelope text ENV (LEN bytes) read from PATH. */
int attest_verify_report_text(const char *path, const char *env, size_t len,
                              const struct attest_keyring *kr, size_t threshold, bool check_inputs,
                              struct attest_report *out, struct diag *d);
/* The same for an opened envelope. */
int attest_verify_report_env(struct attest_envelope *e, const struct attest_keyring *kr,
                             size_t threshold, bool check_inputs, struct attest_report *out,
                             struct diag *d);

/* How the rendered report of a verified Statement compares with a file. */
enum attest_rendered_state {
	ATTEST_RENDERED_MATCH,  /* the file has the signed digest */
	ATTEST_RENDERED_ABSENT, /* the recorded file is not beside the envelope */
	ATTEST_RENDERED_NONE,   /* a v1 Statement records none */
};
/* Compare the report R records with the file GIVEN, or (GIVEN NULL) the
 * file of the recorded name in the directory of the envelope ENV_PATH;
 * *PATH gets the file looked at (malloc'd, or NULL). ATTEST_OK with
 * *STATE; ATTEST_REJECTED "PATH: differs from what was signed", or GIVEN
 * when R records no report; ATTEST_ERROR when a file that is there (or
 * GIVEN) cannot be read. */
int attest_check_rendered(const char *env_path, const struct attest_report *r, const char *given,
                          enum attest_rendered_state *state, char **path, struct diag *d);

#endif
