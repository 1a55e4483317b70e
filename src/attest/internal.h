/* What the files of src/attest share and nobody else uses: envelopes read
 * in two passes (envelope_read.c), the layout chipgate writes them in
 * (envelope.c), the signature primitives over a PAE (keys.c), and how
 * key_load.c makes a key of what it loaded (keys.c). */
#ifndef CHIPGATE_ATTEST_INTERNAL_H
#define CHIPGATE_ATTEST_INTERNAL_H

#include <openssl/evp.h>
#include <stdio.h>

#include "attest/attest.h"

/* Most signatures an envelope may carry: each one can cost a pass of
 * SHA-512 over the payload per trusted key. */
#define ENVELOPE_MAX_SIGNATURES 256

/* One signature of an envelope, decoded. */
struct env_sig {
	char *keyid; /* NULL when the signature names none */
	unsigned char *sig;
	size_t siglen;
};

/* An envelope whose form was checked (pass 1) and whose payload is read
 * when asked (pass 2): from the file it came from, or from memory. See
 * envelope_read.c. */
struct attest_envelope {
	char *name; /* for messages */
	char *type; /* the payloadType */
	struct env_sig *sigs;
	size_t nsigs;
	size_t payload_off, payload_end; /* the payload string's bytes, without quotes */
	size_t payload_len;              /* decoded */
	bool payload_escaped;            /* the string has JSON escapes (say "\/") */
	size_t sigs_end;                 /* just past the last signature */
	int fd;                          /* the source: a regular file, or -1 */
	char *mem;                       /* or this copy of it (owned) */
	const char *text;                /* or this text (borrowed) */
	size_t size;
};

/* Read the payload (pass 2) as a PAE: *BUF (malloc'd, the caller frees
 * it) holds the pre-authentication encoding, *HDR bytes of header then
 * the E->payload_len bytes of the payload, then a NUL. ATTEST_OK, or
 * ATTEST_REJECTED when the file changed since it was checked. */
int env_read_pae(struct attest_envelope *e, unsigned char **buf, size_t *hdr, struct diag *d);
/* The PAE header of a payload of LEN bytes of TYPE, into OUT. */
void env_pae_header(struct strbuf *out, const char *type, size_t len);

/* The envelope layout chipgate writes (two-space indentation), in
 * pieces: the head up to the opening quote of the payload, then the
 * base64 payload, then the signatures and the end. */
void env_write_head(FILE *fp, const char *type);
int env_write_tail(FILE *fp, struct attest_key *const *signers, unsigned char *const *sigs,
                   const size_t *siglens, size_t n);

/* Streaming base64 encoding to FP: the bytes in any split, the carry
 * kept between calls. */
struct b64_out {
	FILE *fp;
	unsigned char carry[3];
	size_t ncarry;
};
int b64_out_put(struct b64_out *b, const void *p, size_t n);
int b64_out_end(struct b64_out *b);

/* The Statement of a report up to its JSON report, into OUT (statement.c):
 * _type, subject, predicateType and the predicate's rendered member; the
 * Statement ends with the report and "}}". */
int statement_prefix(struct strbuf *out, const struct attest_subject *subjects, size_t n,
                     const struct attest_rendered *rendered, struct diag *d);

/* The signature of K over MSG (LEN bytes), its SHA-256 DIGEST (computed
 * once for all keys and signatures) standing in for it with ECDSA and
 * RSA-PSS, which sign that digest. */
bool key_verify_pae(const struct attest_key *k, const void *msg, size_t len,
                    const unsigned char digest[32], const unsigned char *sig, size_t siglen);
/* An incremental signature: ECDSA and RSA-PSS only (Ed25519 signs in
 * one shot). NULL with d on failure; the caller frees the context. */
struct key_signer;
struct key_signer *key_signer_new(const struct attest_key *k, struct diag *d);
int key_signer_update(struct key_signer *s, const void *p, size_t n);
int key_signer_final(struct key_signer *s, unsigned char **sig, size_t *siglen, struct diag *d);
void key_signer_free(struct key_signer *s);

/* Wrap PK (taking ownership, freed on failure too) into a new attest_key
 * in *OUT, or ATTEST_ERROR with d when it is not an accepted key (NAME
 * in messages). A public key is replaced by its canonical form; a
 * private key is kept as it is, its keyid taken from the canonical form
 * of its public half. */
int key_wrap(EVP_PKEY *pk, const char *name, bool is_private, struct attest_key **out,
             struct diag *d);
/* The last OpenSSL error as text in BUF (SIZE bytes), for messages; the
 * error queue is cleared. Returns BUF. */
const char *key_ossl_reason(char *buf, size_t size);

#endif
