/* Signed approvals as DSSE envelopes, seen from `verify`: check the
 * signatures and then read which record was approved. Which record an
 * approval must match, and whose key must have signed it, is the policy
 * stage's business (src/policy/approval.c); this file must never parse
 * the payload before the signatures verified, nor accept a payload that
 * does not name the record it approves. */
#include "attest/internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void attest_approval_release(struct attest_approval *a)
{
	attest_verified_release(&a->env);
	free(a->asset);
	free(a->rule);
	free(a->approver);
	free(a->approved_on);
	a->asset = a->rule = a->approver = a->approved_on = NULL;
}

/* Member KEY of OBJ as a malloc'd copy in *OUT: required (a non-empty
 * string) or optional (absent is NULL, anything but a string is wrong). */
static int record_string(json_t *obj, const char *key, bool required, char **out, const char *name,
                         struct diag *d)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v && !required)
		return ATTEST_OK;
	if (!json_is_string(v) || (required && json_string_length(v) == 0)) {
		diag_set(d, name, 0, 0, "the signed record has no '%s' string", key);
		return ATTEST_REJECTED;
	}
	*out = xstrdup(json_string_value(v));
	return ATTEST_OK;
}

/* The record of a verified approval OUT->env: its fields into OUT. */
static int read_record(const char *name, struct attest_approval *out, struct diag *d)
{
	json_error_t jerr;
	int rc;
	/* without JSON_ALLOW_NUL: no string can hold a NUL byte */
	json_t *rec = json_loadb((const char *)out->env.payload, out->env.payload_len,
	                         JSON_REJECT_DUPLICATES, &jerr);
	if (!rec) {
		diag_set(d, name, 0, 0, "signed payload is not valid JSON (offset %d): %s",
		         jerr.position, jerr.text);
		rc = ATTEST_REJECTED;
	} else if (!json_is_object(rec)) {
		diag_set(d, name, 0, 0, "signed payload is not a justification record (a JSON object)");
		rc = ATTEST_REJECTED;
	} else if ((rc = record_string(rec, "asset", true, &out->asset, name, d)) == ATTEST_OK &&
	           (rc = record_string(rec, "rule", true, &out->rule, name, d)) == ATTEST_OK &&
	           (rc = record_string(rec, "approver", true, &out->approver, name, d)) ==
	               ATTEST_OK) {
		rc = record_string(rec, "approved_on", false, &out->approved_on, name, d);
	}
	json_decref(rec);
	if (rc != ATTEST_OK)
		attest_approval_release(out);
	return rc;
}

int attest_verify_approval(const char *name, const char *env, size_t len,
                           const struct attest_keyring *kr, size_t threshold,
                           struct attest_approval *out, struct diag *d)
{
	int rc = attest_envelope_verify(name, env, len, ATTEST_APPROVAL_PAYLOAD_TYPE, kr, threshold,
	                                &out->env, d);
	return rc == ATTEST_OK ? read_record(name, out, d) : rc;
}

int attest_verify_approval_env(struct attest_envelope *e, const struct attest_keyring *kr,
                               size_t threshold, struct attest_approval *out, struct diag *d)
{
	int rc = attest_envelope_check(e, ATTEST_APPROVAL_PAYLOAD_TYPE, kr, threshold, &out->env, d);
	return rc == ATTEST_OK ? read_record(e->name, out, d) : rc;
}
