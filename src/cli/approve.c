/* chipgate approve: sign an order's justification record as its approver.
 * The payload is the record's canonical JSON (every field but `approval`,
 * see chipgate-review(1)), in a DSSE envelope of payloadType
 * application/vnd.chipgate.approval+json, written atomically to
 * ASSET-ID.approval.dsse.json beside the inventory (or -o FILE). The
 * record then names it with `approval = "PATH";`, which the signature
 * does not cover, so adding that line does not invalidate it; any other
 * edit does.
 *
 * Before it signs, the key is checked against the packs that apply (-p,
 * else the inventory's): where a pack lists a key for the record's
 * approver, the private key's public half must be that key (exit 3
 * otherwise), and where the record's rule asks for a signed approval the
 * approver must be listed. It says what it checked.
 *
 * Must never sign a record that names no approver or whose approver is
 * the requester, or with a key the pack does not list for that approver;
 * never overwrite an existing file without --force; never keep the
 * private key longer than the one signature. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attest/attest.h"
#include "cli/cli.h"
#include "cli/pipeline.h"
#include "policy/policy.h"

struct approve_opts {
	const char *key, *rule, *out;
	bool force;
	struct pipeline_opts packs; /* -p, -C, --param and --approvers only */
};

/* The catalog and the packs approve checks the key against. */
struct packs {
	struct catalog cat;
	bool cat_loaded;
	struct policy *pols[PIPELINE_MAX];
	size_t n;
	struct pipeline pl; /* --param parsed, --approvers read: as check reads them */
};

/* The inventory, or a companion justifications file (no assets). */
static int load_records(struct inventory *inv, const char *path)
{
	struct diag d, d2;
	if (inventory_load(inv, path, &d) == 0)
		return 0;
	inventory_init_empty(inv, path);
	if (inventory_load_justifications(inv, path, &d2) == 0)
		return 0;
	inventory_free(inv);
	cli_diag(&d);
	return EXIT_ERROR;
}

/* The one record to sign: ASSET's, of RULE when given. */
static int pick(const struct inventory *inv, const char *asset, const char *rule,
                const struct justification **out, size_t *nasset)
{
	size_t n = 0;
	const struct justification *j = NULL;
	struct strbuf which = STRBUF_INIT;
	char ex[96];
	diag_excerpt(ex, sizeof(ex), asset, strlen(asset));
	*nasset = 0;
	for (size_t i = 0; i < inv->njusts; i++) {
		const struct justification *k = &inv->justs[i];
		if (strcmp(k->asset, asset) != 0)
			continue;
		(*nasset)++;
		if (rule && strcmp(k->rule, rule) != 0)
			continue;
		sb_printf(&which, "%s%s at line %d", n ? ", " : "", k->rule, k->line);
		j = k;
		n++;
	}
	int rc = 0;
	struct suggest near;
	suggest_init(&near, asset);
	for (size_t i = 0; n == 0 && *nasset == 0 && i < inv->njusts; i++)
		suggest_offer(&near, inv->justs[i].asset);
	if (n == 0 && near.best)
		rc = cli_error("%s: no justification for asset '%s' (did you mean '%s'?)", inv->path,
		               ex, near.best);
	else if (n == 0)
		rc = cli_error("%s: no justification for asset '%s'%s%s", inv->path, ex,
		               rule ? " and rule " : "", rule ? rule : "");
	else if (n > 1 && !rule)
		rc =
		    cli_error("%s: %zu justifications for asset '%s' (%s): choose one with -r RULE",
		              inv->path, n, ex, which.buf);
	else if (n > 1)
		rc = cli_error("%s: %zu justifications for asset '%s' and rule %s (%s): keep one",
		               inv->path, n, ex, rule, which.buf);
	sb_release(&which);
	*out = j;
	return rc;
}

/* Refuse what no pack would accept: no approver, or the requester's own. */
static int check_record(const struct justification *j)
{
	if (!j->approver || !*j->approver)
		return cli_error(
		    "%s:%d: the justification names no approver: set approver = \"NAME\" "
		    "(the one who signs) first",
		    j->file, j->line);
	if (j->requested_by && strcasecmp(j->approver, j->requested_by) == 0)
		return cli_error(
		    "%s:%d: approver '%s' is also the requester: an approval must come from "
		    "someone else",
		    j->file, j->line, j->approver);
	return 0;
}

/* File-name-safe copy of S: [A-Za-z0-9._-], others as '_', no leading dot. */
static void safe_name(struct strbuf *out, const char *s)
{
	if (*s == '.')
		sb_putc(out, '_');
	for (; *s; s++) {
		char c = *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		sb_putc(out, ok ? c : '_');
	}
}

/* The directory part of PATH ("." when none). */
static void dir_of(struct strbuf *out, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		sb_puts(out, ".");
	else if (slash == path)
		sb_puts(out, "/");
	else
		sb_add(out, path, (size_t)(slash - path));
}

/* Write BUF to PATH atomically: a temporary file beside it (removed on
 * SIGINT, SIGTERM and SIGHUP, see tempfile.c), synced, then linked into
 * place, refusing an existing PATH, or with FORCE renamed over it. */
static int write_envelope(const char *path, const char *buf, size_t len, bool force)
{
	struct outfile of;
	struct diag d;
	if (outfile_open(&of, path, 0644, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	if (len && fwrite(buf, 1, len, of.fp) != len) {
		outfile_write_error(&of, &d);
		outfile_abort(&of);
		cli_diag(&d);
		return EXIT_ERROR;
	}
	if ((force ? outfile_commit(&of, &d) : outfile_commit_new(&of, &d)) == 0)
		return 0;
	if (!force && errno == EEXIST)
		return cli_error("%s: already exists (use --force to replace it)", path);
	cli_diag(&d);
	return EXIT_ERROR;
}

/* Load the catalog and the packs: -p, else those INV names, else the
 * embedded packs for its jurisdiction (none for a companion file without
 * -p). Prints the first error and returns EXIT_ERROR, or 0. */
static int load_packs(struct packs *pk, const struct approve_opts *o, const struct inventory *inv)
{
	struct diag d;
	const char *names[PIPELINE_MAX];
	size_t n = 0;
	memset(pk, 0, sizeof(*pk));
	for (size_t i = 0; i < o->packs.npolicies; i++)
		names[n++] = o->packs.policies[i];
	if (n == 0)
		for (size_t i = 0; i < inv->npolicies && i < PIPELINE_MAX; i++)
			names[n++] = inv->policies[i];
	if (n == 0 && inv->jurisdiction)
		n = policy_embedded_for(inv->jurisdiction, names, PIPELINE_MAX);
	if (n == 0)
		return 0;
	if (catalog_load_embedded(&pk->cat, &d) != 0) {
		cli_diag(&d);
		return EXIT_ERROR;
	}
	pk->cat_loaded = true;
	for (size_t i = 0; i < o->packs.ncatalogs; i++)
		if (catalog_overlay_file(&pk->cat, o->packs.catalogs[i], &d) != 0) {
			cli_diag(&d);
			return EXIT_ERROR;
		}
	struct diag_list errs = {0};
	for (size_t i = 0; i < o->packs.nparams; i++)
		param_override_parse(o->packs.params[i], &pk->pl.params[pk->pl.nparams++]);
	struct policy_options popt = {pk->pl.params, pk->pl.nparams, NULL, NULL, 0, 0};
	int rc = pipeline_read_approvers(&pk->pl, &o->packs, &popt);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct policy *p = policy_load_with(names[i], &pk->cat, &popt, &errs);
		if (p)
			pk->pols[pk->n++] = p;
	}
	if (errs.n) {
		cli_diag(&errs.v[0]);
		diag_list_release(&errs);
		return EXIT_ERROR;
	}
	for (size_t i = 0; i < pk->pl.nparams; i++)
		if (pk->pl.params[i].used == 0) {
			params_unknown(pk->pols, pk->n, &pk->pl.params[i], &d);
			cli_diag(&d);
			return EXIT_ERROR;
		}
	return pipeline_approvers_used(pk->pols, pk->n, &o->packs, &popt);
}

static void packs_free(struct packs *pk)
{
	for (size_t i = 0; i < pk->n; i++)
		policy_free(pk->pols[i]);
	if (pk->cat_loaded)
		catalog_free(&pk->cat);
	pipeline_free(&pk->pl);
}

/* The packs' ids, comma-separated, into OUT. */
static void pack_ids(const struct packs *pk, struct strbuf *out)
{
	for (size_t i = 0; i < pk->n; i++)
		sb_printf(out, "%s%s", i ? ", " : "", policy_id(pk->pols[i]));
}

/* Check KEY against every pack before it signs J: where a pack lists a key
 * for J's approver it must be KEY; where J's rule asks for a signed
 * approval the approver must be listed. Fills CHECKED with what was
 * checked; prints why not and returns EXIT_VERIFY, or 0. */
static int check_key(const struct packs *pk, const struct justification *j,
                     const struct attest_key *key, struct strbuf *checked)
{
	struct strbuf ok = STRBUF_INIT, ids = STRBUF_INIT;
	bool has_rule = false;
	for (size_t i = 0; i < pk->n; i++) {
		const struct attest_key *want;
		const char *id = policy_id(pk->pols[i]);
		switch (approval_key_fit(pk->pols[i], j, key, &want)) {
		case APPROVAL_FIT_NO_RULE: break;
		case APPROVAL_FIT_NOT_ASKED: has_rule = true; break;
		case APPROVAL_FIT_OK: {
			const char *from = policy_approvers_file(pk->pols[i]);
			has_rule = true;
			sb_printf(&ok, "%s%s", ok.len ? ", " : "", id);
			if (from)
				sb_printf(&ok, " (approvers from %s)", from);
			break;
		}
		case APPROVAL_FIT_WRONG_KEY:
			sb_release(&ok);
			cli_error("approve: key %s is not a key of approver '%s' (expected keyid %s)",
			          attest_key_id(key), j->approver, attest_key_id(want));
			return EXIT_VERIFY;
		case APPROVAL_FIT_UNLISTED: {
			const char *from = policy_approvers_file(pk->pols[i]);
			sb_release(&ok);
			cli_error("approve: approver '%s' is not one of the approvers of %s%s%s%s, whose "
			          "rule %s asks for a signed approval",
			          j->approver, id, from ? " (from " : "", from ? from : "",
			          from ? ")" : "", j->rule);
			return EXIT_VERIFY;
		}
		case APPROVAL_FIT_NO_KEYRING: {
			struct strbuf why = STRBUF_INIT;
			sb_release(&ok);
			approval_no_keyring(pk->pols[i], j->rule, &why);
			cli_error("approve: %s", why.buf);
			sb_release(&why);
			return EXIT_VERIFY;
		}
		}
	}
	pack_ids(pk, &ids);
	if (ok.len)
		sb_printf(checked, "checked: keyid %s is the key of approver '%s' in %s", attest_key_id(key),
		          j->approver, ok.buf);
	else if (pk->n == 0)
		sb_printf(checked,
		          "not checked: no policy pack applies to %s (give -p POLICY), so the key was "
		          "compared with no approvers list",
		          j->file);
	else if (!has_rule)
		sb_printf(checked,
		          "not checked: no pack applied (%s) has the justification rule %s, so the "
		          "key was compared with no approvers list (give its pack with -p)",
		          ids.buf, j->rule);
	else
		sb_printf(checked,
		          "not checked: rule %s asks for no signed approval and no pack applied (%s) "
		          "lists a key for approver '%s'",
		          j->rule, ids.buf, j->approver);
	sb_release(&ok);
	sb_release(&ids);
	return 0;
}

/* Load the private key, check it against the packs, and sign the
 * canonical record with it. The key is wiped before returning. */
static int sign(const struct justification *j, const char *key_uri, const struct packs *pk,
                char **env, size_t *envlen, char keyid[SHA256_HEX_LEN + 1], struct strbuf *checked)
{
	struct strbuf canon = STRBUF_INIT;
	struct diag d;
	diag_clear(&d);
	if (justification_canonical_json(j, &canon, &d) != 0) {
		cli_diag(&d);
		sb_release(&canon);
		return EXIT_ERROR;
	}
	struct attest_key *k = NULL;
	int rc = attest_key_load_signing(key_uri, ATTEST_PASS_PROMPT,
	                                 "approve needs the approver's private key", &k, &d);
	if (rc != ATTEST_OK) {
		cli_diag(&d);
		sb_release(&canon);
		return EXIT_ERROR;
	}
	memcpy(keyid, attest_key_id(k), SHA256_HEX_LEN + 1);
	rc = check_key(pk, j, k, checked);
	if (rc == 0 && attest_envelope_sign(canon.buf, canon.len, ATTEST_APPROVAL_PAYLOAD_TYPE, &k, 1,
	                                    env, envlen, &d) != ATTEST_OK) {
		cli_diag(&d);
		rc = EXIT_ERROR;
	}
	attest_key_free(k); /* wipes the private key */
	sb_release(&canon);
	return rc;
}

/* The value for `approval = "..."`: relative to the record's file. */
static void approval_value(struct strbuf *out, const char *record_file, const char *written)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	dir_of(&a, record_file);
	dir_of(&b, written);
	char ra[PATH_MAX], rb[PATH_MAX];
	const char *base = strrchr(written, '/') ? strrchr(written, '/') + 1 : written;
	if (realpath(a.buf, ra) && realpath(b.buf, rb) && strcmp(ra, rb) == 0)
		sb_puts(out, base);
	else if (realpath(b.buf, rb))
		sb_printf(out, "%s/%s", rb, base);
	else
		sb_puts(out, written);
	sb_release(&a);
	sb_release(&b);
}

/* Where the envelope goes: -o, else ASSET-ID[.RULE].approval.dsse.json
 * beside the inventory PATH. */
static void output_path(struct strbuf *out, const struct approve_opts *o, const char *asset,
                        const struct justification *j, size_t nasset, const char *path)
{
	if (o->out) {
		sb_puts(out, o->out);
		return;
	}
	if (strchr(path, '/')) {
		dir_of(out, path);
		sb_putc(out, '/');
	}
	safe_name(out, asset);
	if (nasset > 1) {
		sb_putc(out, '.');
		safe_name(out, j->rule);
	}
	sb_puts(out, ".approval.dsse.json");
}

/* The envelope must not replace what approve reads: the inventory, the
 * key, the packs and catalogs given. */
static int refuse_overwrite(const struct approve_opts *o, const char *out, const char *path)
{
	struct cli_input in[3 + 2 * PIPELINE_MAX];
	size_t n = 0;
	in[n++] = (struct cli_input){path, "the inventory"};
	in[n++] = (struct cli_input){o->key, "the approver's key"};
	for (size_t i = 0; i < o->packs.npolicies; i++)
		in[n++] = (struct cli_input){o->packs.policies[i], "the policy pack"};
	for (size_t i = 0; i < o->packs.ncatalogs; i++)
		in[n++] = (struct cli_input){o->packs.catalogs[i], "the catalog overlay"};
	if (o->packs.approvers)
		in[n++] = (struct cli_input){o->packs.approvers, "the approvers file"};
	return cli_refuse_overwrite(out, in, n);
}

static int approve(const struct approve_opts *o, const char *asset, const char *path)
{
	struct inventory inv;
	int rc = load_records(&inv, path);
	if (rc != 0)
		return rc;
	const struct justification *j;
	size_t nasset;
	char *env = NULL, keyid[SHA256_HEX_LEN + 1];
	size_t envlen = 0;
	struct strbuf out = STRBUF_INIT, val = STRBUF_INIT, checked = STRBUF_INIT;
	struct packs pk = {0};
	if ((rc = pick(&inv, asset, o->rule, &j, &nasset)) != 0 || (rc = check_record(j)) != 0)
		goto out;
	output_path(&out, o, asset, j, nasset, path);
	bool to_stdout = strcmp(out.buf, "-") == 0;
	if (!to_stdout && (rc = refuse_overwrite(o, out.buf, path)) != 0)
		goto out;
	if ((rc = load_packs(&pk, o, &inv)) != 0 ||
	    (rc = sign(j, o->key, &pk, &env, &envlen, keyid, &checked)) != 0)
		goto out;
	if (to_stdout) {
		fwrite(env, 1, envlen, stdout);
		goto out;
	}
	if ((rc = write_envelope(out.buf, env, envlen, o->force)) != 0)
		goto out;
	approval_value(&val, j->file, out.buf);
	printf("%s: signed the justification of %s for %s (%s:%d), approver %s, with keyid %s\n",
	       out.buf, j->asset, j->rule, j->file, j->line, j->approver, keyid);
	printf("%s\n", checked.buf);
	printf("add to that record: approval = \"%s\";\n", val.buf);
out:
	free(env);
	packs_free(&pk);
	sb_release(&out);
	sb_release(&val);
	sb_release(&checked);
	inventory_free(&inv);
	return rc;
}

const struct cli_opt cli_approve_opts[] = {
	{'k', "key", "KEY", "the approver's private key (required)", "@file"},
	{'p', "policy", "POLICY",
	 "check the key against this pack's approvers: an embedded pack's name or a file; "
	 "repeatable (default: the inventory's policies, else the embedded packs for its "
	 "jurisdiction)",
	 "@pack"},
	PIPE_OPT_CATALOG,
	PIPE_OPT_PARAM,
	PIPE_OPT_APPROVERS,
	{'r', "rule", "RULE",
	 "the rule whose justification to sign, when the asset has several (default: the only one)",
	 NULL},
	{'o', "output", "FILE",
	 "write the approval envelope to FILE, - for standard output (default: "
	 "ASSET-ID.approval.dsse.json beside the inventory)",
	 "@file"},
	{OPT_FORCE, "force", NULL, "replace an existing approval file", NULL},
	{0, NULL, NULL, NULL, NULL},
};

int cmd_approve(int argc, char **argv)
{
	struct approve_opts o = {0};
	struct cli_args args;
	int c;
	cli_args_init(&args, "approve", argc, argv);
	while ((c = cli_args_next(&args)) > 0) {
		switch (c) {
		case 'k': o.key = args.arg; break;
		case 'p':
		case 'C':
		case OPT_PARAM:
		case OPT_APPROVERS:
			if (pipeline_parse_opt(&o.packs, c, args.arg, "approve") != 0)
				return EXIT_ERROR;
			break;
		case 'r': o.rule = args.arg; break;
		case 'o': o.out = args.arg; break;
		case OPT_FORCE: o.force = true; break;
		default: return cli_usage_error("approve", "bad option");
		}
	}
	if (c < 0)
		return EXIT_ERROR;
	if (!o.key)
		return cli_usage_error("approve", "-k KEY is required: the approver's private key");
	if (args.nops != 2)
		return cli_usage_error("approve", args.nops < 2
							  ? "need an asset id and an inventory"
							  : "too many arguments: one asset id and one inventory");
	return cli_finish(approve(&o, args.ops[0], args.ops[1]));
}
