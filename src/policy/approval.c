/* Signed approvals: the canonical JSON of a justification
 * record, the approvers' keys of a pack, and the check that a record's
 * approval envelope was signed by the approver it names, over exactly the
 * record as it is now.
 *
 * The canonical form is the contract between `chipgate approve` and every
 * later check, so it is defined once, here, and documented in
 * chipgate-review(1): change it and every approval ever signed breaks.
 * Must never accept an approval on the word of the envelope: the keyid is
 * a hint, the payload is compared only after the signature verified, and
 * the signer is identified by the pack's list, never by the record. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy/internal.h"

/* ---- canonical JSON --------------------------------------------------------- */

static void canon_string(struct strbuf *out, const char *s, size_t n)
{
	sb_putc(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':
			sb_puts(out, "\\\"");
			break;
		case '\\':
			sb_puts(out, "\\\\");
			break;
		case '\b':
			sb_puts(out, "\\b");
			break;
		case '\t':
			sb_puts(out, "\\t");
			break;
		case '\n':
			sb_puts(out, "\\n");
			break;
		case '\f':
			sb_puts(out, "\\f");
			break;
		case '\r':
			sb_puts(out, "\\r");
			break;
		default:
			if (c < 0x20)
				sb_printf(out, "\\u%04x", c);
			else
				sb_putc(out, (char)c);
		}
	}
	sb_putc(out, '"');
}

/* Integers below 2^53 as integers; anything else in the fewest
 * significant digits (1 to 17) that read back to the same double. */
static void canon_number(struct strbuf *out, double x)
{
	char buf[40];
	if (x == 0) {
		sb_putc(out, '0'); /* and -0 */
		return;
	}
	if (x == trunc(x) && fabs(x) < 9007199254740992.0) {
		snprintf(buf, sizeof(buf), "%.0f", x);
		sb_puts(out, buf);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	sb_puts(out, buf);
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The canonical text of any JSON value. */
static void canon_json(json_t *v, struct strbuf *out)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		size_t n = json_object_size(v), k = 0;
		const char **keys = xcalloc(n + 1, sizeof(*keys));
		const char *key;
		json_t *m;
		json_object_foreach(v, key, m) keys[k++] = key;
		qsort(keys, k, sizeof(*keys), key_cmp);
		sb_putc(out, '{');
		for (size_t i = 0; i < k; i++) {
			if (i)
				sb_putc(out, ',');
			canon_string(out, keys[i], strlen(keys[i]));
			sb_putc(out, ':');
			canon_json(json_object_get(v, keys[i]), out);
		}
		sb_putc(out, '}');
		free(keys);
		break;
	}
	case JSON_ARRAY:
		sb_putc(out, '[');
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i)
				sb_putc(out, ',');
			canon_json(json_array_get(v, i), out);
		}
		sb_putc(out, ']');
		break;
	case JSON_STRING:
		canon_string(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER: {
		json_int_t i = json_integer_value(v);
		if (i > -9007199254740992LL && i < 9007199254740992LL)
			canon_number(out, (double)i);
		else
			sb_printf(out, "%" JSON_INTEGER_FORMAT, i);
		break;
	}
	case JSON_REAL:
		canon_number(out, json_real_value(v));
		break;
	case JSON_TRUE:
		sb_puts(out, "true");
		break;
	case JSON_FALSE:
		sb_puts(out, "false");
		break;
	default:
		sb_puts(out, "null");
		break;
	}
}

static json_t *str_or_fail(const char *s, const char *field, struct diag *d)
{
	json_t *v = json_string(s);
	if (!v)
		diag_set(d, NULL, 0, 0, "field '%s' is not valid UTF-8", field);
	return v;
}

/* The record as a JSON object: every field but `approval`. */
static json_t *record_json(const struct justification *j, struct diag *d)
{
	json_t *o = json_object();
	for (size_t i = 0; i < j->nfields; i++) {
		const struct jfield *f = &j->fields[i];
		json_t *v = NULL;
		if (strcmp(f->name, "approval") == 0)
			continue;
		switch (f->type) {
		case JF_STRING:
			v = str_or_fail(f->str, f->name, d);
			break;
		case JF_LIST:
			v = json_array();
			for (size_t k = 0; k < f->nlist; k++) {
				json_t *s = str_or_fail(f->list[k], f->name, d);
				if (!s) {
					json_decref(v);
					v = NULL;
					break;
				}
				json_array_append_new(v, s);
			}
			break;
		case JF_NUMBER:
			v = json_real(f->num);
			break;
		case JF_GROUP:
			if (strcmp(f->name, "need") != 0) {
				diag_set(d, j->file, f->line, 0,
				         "field '%s' is a group: only 'need' can be signed",
				         f->name);
				break;
			}
			v = json_object();
			if (!isnan(j->need_memory_gb))
				json_object_set_new(v, "memory_gb", json_real(j->need_memory_gb));
			if (!isnan(j->need_tflops_fp16))
				json_object_set_new(v, "tflops_fp16",
				                    json_real(j->need_tflops_fp16));
			if (!isnan(j->need_tpp))
				json_object_set_new(v, "tpp", json_real(j->need_tpp));
			break;
		}
		if (!v) {
			json_decref(o);
			return NULL;
		}
		json_object_set_new(o, f->name, v);
	}
	return o;
}

int justification_canonical_json(const struct justification *j, struct strbuf *out, struct diag *d)
{
	json_t *o = record_json(j, d);
	if (!o)
		return -1;
	canon_json(o, out);
	json_decref(o);
	return 0;
}

int canonical_json_text(const char *text, size_t len, struct strbuf *out)
{
	json_error_t err;
	json_t *v =
	    json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	if (!v)
		return -1;
	canon_json(v, out);
	json_decref(v);
	return 0;
}

/* ---- the approvers' keys ----------------------------------------------------- */

/* attest loads public keys from files only; inline PEM goes through a
 * pipe. At most PIPE_BUF bytes, so the write can neither block nor be
 * split. */
static int key_load_inline(const char *pem, struct attest_key **out, struct strbuf *why)
{
	size_t n = strlen(pem);
	if (n > PIPE_BUF) {
		sb_printf(why, "inline key is %zu bytes, more than a public key needs (limit %d)",
		          n, PIPE_BUF);
		return -1;
	}
	int fds[2];
	if (pipe(fds) != 0) {
		sb_printf(why, "cannot read the inline key: %s", strerror(errno));
		return -1;
	}
	ssize_t w = write(fds[1], pem, n);
	close(fds[1]);
	int rc = -1;
	if (w != (ssize_t)n) {
		sb_printf(why, "cannot read the inline key: %s",
		          w < 0 ? strerror(errno) : "short write");
	} else {
		char name[32];
		struct diag d;
		snprintf(name, sizeof(name), "/dev/fd/%d", fds[0]);
		if (attest_key_load_public(name, out, &d) == ATTEST_OK)
			rc = 0;
		else
			sb_printf(why, "inline key: %s", d.msg);
	}
	close(fds[0]);
	return rc;
}

int approval_key_load(const char *dir, bool inline_only, const char *key, struct attest_key **out,
                      struct strbuf *why)
{
	const char *s = key;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	*out = NULL;
	if (strncmp(s, "-----BEGIN ", 11) == 0)
		return key_load_inline(s, out, why);
	if (inline_only) {
		sb_printf(why, "key '%s': an embedded pack can hold only inline PEM keys", key);
		return -1;
	}
	struct strbuf path = STRBUF_INIT;
	if (key[0] == '/' || strcmp(dir, ".") == 0)
		sb_puts(&path, key);
	else
		sb_printf(&path, "%s/%s", dir, key);
	struct diag d;
	int rc = attest_key_load_public(path.buf, out, &d) == ATTEST_OK ? 0 : -1;
	if (rc != 0)
		sb_printf(why, "key '%s': %s", path.buf, d.msg);
	sb_release(&path);
	return rc;
}

const struct approver *approval_find(const struct policy *p, const char *name)
{
	for (size_t i = 0; name && i < p->napprovers; i++)
		if (strcasecmp(p->approvers[i].name, name) == 0)
			return &p->approvers[i];
	return NULL;
}

/* ---- checking an approval ----------------------------------------------------- */

/* Name which fields of the signed record differ from the record now. */
static void describe_change(const struct justification *j, const unsigned char *payload, size_t len,
                            const char *path, struct jverdict *v)
{
	struct diag d;
	json_error_t err;
	json_t *was = json_loadb((const char *)payload, len, JSON_REJECT_DUPLICATES, &err);
	json_t *now = record_json(j, &d);
	if (!json_is_object(was) || !now) {
		jverdict_add(v, JSTATE_INVALID, "approval",
		             "approval '%s' does not hold a justification record", path);
		goto out;
	}
	struct strbuf what = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	bool other = false;
	const char *key;
	json_t *m;
	json_object_foreach(was, key, m)
	{
		json_t *cur = json_object_get(now, key);
		sb_reset(&a);
		sb_reset(&b);
		canon_json(m, &a);
		if (cur)
			canon_json(cur, &b);
		if (cur && strcmp(sb_str(&a), sb_str(&b)) == 0)
			continue;
		other = other || strcmp(key, "asset") == 0 || strcmp(key, "rule") == 0 ||
		        strcmp(key, "approver") == 0;
		sb_printf(&what, "%s'%s' %s", what.len ? ", " : "", key,
		          cur ? "changed" : "removed");
	}
	json_object_foreach(now, key, m)
	{
		if (!json_object_get(was, key))
			sb_printf(&what, "%s'%s' added", what.len ? ", " : "", key);
	}
	if (!what.len)
		jverdict_add(v, JSTATE_INVALID, "approval",
		             "approval '%s': the signed record is not in canonical form", path);
	else if (other)
		jverdict_add(v, JSTATE_INVALID, "approval",
		             "approval '%s' was signed for another record (%s)", path, what.buf);
	else
		jverdict_add(v, JSTATE_INVALID, "approval",
		             "the record was edited after approval '%s' was signed (%s)", path,
		             what.buf);
	sb_release(&what);
	sb_release(&a);
	sb_release(&b);
out:
	json_decref(was);
	json_decref(now);
}

/* Which listed approvers' keys made the signatures, when not the one named. */
static void wrong_signer(const struct policy *p, const struct attest_verified *ok,
                         const struct approver *named, const char *path, struct jverdict *v)
{
	struct strbuf who = STRBUF_INIT;
	for (size_t i = 0; i < ok->nsigners; i++)
		for (size_t k = 0; k < p->napprovers; k++)
			if (p->approvers[k].key == ok->signers[i])
				sb_printf(&who, "%s'%s'", who.len ? ", " : "",
				          p->approvers[k].name);
	jverdict_add(
	    v, JSTATE_INVALID, "approval",
	    "approval '%s' is signed by the key of %s, not by the key of the approver '%s'", path,
	    who.buf, named->name);
	sb_release(&who);
}

/* P's justification rule ID, or NULL. */
static const struct rule *jrule(const struct policy *p, const char *id)
{
	for (size_t i = 0; id && i < p->nrules; i++)
		if (p->rules[i].kind == RK_JUSTIFICATION && strcmp(p->rules[i].info.id, id) == 0)
			return &p->rules[i];
	return NULL;
}

void approval_no_keyring(const struct policy *p, const char *rule, struct strbuf *out)
{
	const struct rule *r = jrule(p, rule);
	sb_printf(out, "rule %s asks for a signed approval", rule);
	if (r && r->jreq.signed_param)
		sb_printf(out, " (params.%s is true)", r->jreq.signed_param);
	if (strncmp(p->source, "embedded:", 9) == 0)
		sb_printf(out, " but no approvers are known for %s, a built-in pack: give the "
			       "organisation's approvers with --approvers FILE",
			  p->id);
	else
		sb_printf(out, " but %s lists no approvers: list them in its 'approvers' or give the "
			       "organisation's with --approvers FILE",
			  p->id);
}

/* " (from FILE)" when P's approvers came from --approvers. */
static const char *keyring_from(const struct policy *p, struct strbuf *sb)
{
	if (p->approvers_file)
		sb_printf(sb, " (from %s)", p->approvers_file);
	return sb_str(sb);
}

void approval_check(const struct policy *p, const struct justification *j, struct jverdict *v)
{
	const char *path = j->approval;
	if (p->napprovers == 0) {
		/* never a silent pass: no keyring, no approval can count */
		struct strbuf why = STRBUF_INIT;
		approval_no_keyring(p, j->rule, &why);
		jverdict_add(v, JSTATE_INVALID, "approval", "%s", why.buf);
		sb_release(&why);
		return;
	}
	if (!path || !*path) {
		jverdict_add(v, JSTATE_AWAITING, "approval",
		             "no signed approval ('approval' is not set)");
		return;
	}
	const struct approver *ap = approval_find(p, j->approver);
	if (!ap) {
		struct strbuf from = STRBUF_INIT;
		jverdict_add(v, JSTATE_INVALID, "approver",
		             "approver '%s' is not one of the approvers of %s%s", j->approver, p->id,
		             keyring_from(p, &from));
		sb_release(&from);
		return;
	}
	struct strbuf full = STRBUF_INIT, canon = STRBUF_INIT;
	const char *slash = strrchr(j->file, '/');
	if (path[0] == '/')
		sb_puts(&full, path);
	else if (!slash)
		sb_printf(&full, "./%s", path); /* "-" is a file here, not stdin */
	else
		sb_printf(&full, "%.*s/%s", (int)(slash - j->file), j->file, path);
	char *buf = NULL;
	size_t len = 0;
	struct diag d;
	struct stat st;
	struct attest_verified ok = ATTEST_VERIFIED_INIT;
	if (stat(full.buf, &st) == 0 && !S_ISREG(st.st_mode)) {
		jverdict_add(v, JSTATE_INVALID, "approval", "approval '%s' is not a regular file",
		             path);
		goto out;
	}
	if (file_read_all(full.buf, &buf, &len, &d) != 0) {
		jverdict_add(v, JSTATE_INVALID, "approval", "approval '%s': %s", path, d.msg);
		goto out;
	}
	if (justification_canonical_json(j, &canon, &d) != 0) {
		jverdict_add(v, JSTATE_INVALID, "approval", "approval '%s': %s", path, d.msg);
		goto out;
	}
	/* the pack's keyring, named as the pack's for the messages */
	struct attest_keyring kr = p->approver_keys;
	struct strbuf label = STRBUF_INIT;
	sb_printf(&label, "the approvers' keys of %s", p->id);
	kr.label = label.buf;
	int rc = attest_envelope_verify(path, buf, len, APPROVAL_PAYLOAD_TYPE, &kr, 1, &ok, &d);
	sb_release(&label);
	if (rc != ATTEST_OK) {
		jverdict_add(v, JSTATE_INVALID, "approval", "approval '%s': %s", path, d.msg);
		goto out;
	}
	bool by_named = false;
	for (size_t i = 0; i < ok.nsigners; i++)
		by_named = by_named || ok.signers[i] == ap->key;
	if (!by_named) {
		wrong_signer(p, &ok, ap, path, v);
		goto out;
	}
	if (ok.payload_len != canon.len || memcmp(ok.payload, canon.buf, canon.len) != 0) {
		describe_change(j, ok.payload, ok.payload_len, path, v);
		goto out;
	}
	v->signer = ap->name;
	v->signer_keyid = attest_key_id(ap->key);
out:
	attest_verified_release(&ok);
	free(buf);
	sb_release(&full);
	sb_release(&canon);
}

/* ---- before signing (approve) -------------------------------------------------- */

enum approval_fit approval_key_fit(const struct policy *p, const struct justification *j,
                                   const struct attest_key *key, const struct attest_key **expected)
{
	const struct rule *r = jrule(p, j->rule);
	*expected = NULL;
	if (!r)
		return APPROVAL_FIT_NO_RULE;
	const struct approver *ap = approval_find(p, j->approver);
	if (!ap && r->jreq.signed_approval && p->napprovers == 0)
		return APPROVAL_FIT_NO_KEYRING;
	if (!ap)
		return r->jreq.signed_approval ? APPROVAL_FIT_UNLISTED : APPROVAL_FIT_NOT_ASKED;
	*expected = ap->key;
	return attest_key_equal(ap->key, key) ? APPROVAL_FIT_OK : APPROVAL_FIT_WRONG_KEY;
}
