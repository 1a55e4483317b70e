/* Unit tests for procurement review (issue #6): the canonical JSON of a
 * justification record (exact bytes), every review state with its
 * reasons and the urgency order, the ranking of domestic alternatives,
 * signed approvals (keys made here with attest_keygen, packs with inline
 * PEM) and the load-time errors of `approvers` and `signed_approval`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attest/attest.h"
#include "policy/policy.h"
#include "report/report.h"

#define SCRATCH_DIR "/tmp/chipgate-review-XXXXXX"

#include "helpers.h"

static char *pem_a, *pem_b; /* public keys of approvers a.li and b.wu */

static char *slurp(const char *path)
{
	char *buf;
	size_t n;
	struct diag d;
	if (file_read_all(path, &buf, &n, &d) != 0)
		fail_msg("cannot read %s: %s", path, d.msg);
	return buf;
}

static char *make_key(const char *name)
{
	struct diag d;
	char *prefix = tmp_path(name), *pub;
	if (attest_keygen(ATTEST_KEY_ED25519, prefix, NULL, NULL, &d) != ATTEST_OK)
		fail_msg("keygen: %s", d.msg);
	struct strbuf p = STRBUF_INIT;
	sb_printf(&p, "%s.pub", prefix);
	pub = slurp(p.buf);
	sb_release(&p);
	free(prefix);
	return pub;
}

static int setup(void **state)
{
	if (!mkdtemp(tmpdir))
		return -1;
	pem_a = make_key("a");
	pem_b = make_key("b");
	return catalog_setup(state);
}

static int teardown(void **state)
{
	(void)state;
	const char *files[] = {"a.key", "a.pub", "b.key", "b.pub", "o1.dsse.json", "inv.cfg", NULL};
	for (size_t i = 0; files[i]; i++) {
		char *p = tmp_path(files[i]);
		unlink(p);
		free(p);
	}
	rmdir(tmpdir);
	free(pem_a);
	free(pem_b);
	catalog_teardown(state);
	return 0;
}

/* ---- canonical JSON ---------------------------------------------------------- */

static void canonical_of(const char *record, const char *want)
{
	struct strbuf inv = STRBUF_INIT, out = STRBUF_INIT;
	sb_printf(&inv,
	          "assets = ( { id = \"o1\"; model = \"H20\"; quantity = 1; } );\n"
	          "justifications = ( { %s } );\n",
	          record);
	struct inventory v;
	struct diag d;
	if (inventory_load_text(&v, "inv.cfg", inv.buf, inv.len, &d) != 0)
		fail_msg("%s:%d: %s", d.file, d.line, d.msg);
	assert_int_equal(justification_canonical_json(&v.justs[0], &out, &d), 0);
	if (strcmp(out.buf, want) != 0)
		print_error("got  %s\nwant %s\n", out.buf, want);
	assert_string_equal(out.buf, want);
	inventory_free(&v);
	sb_release(&inv);
	sb_release(&out);
}

static void test_canonical_record(void **state)
{
	(void)state;
	/* keys sorted bytewise, compact, `approval` left out, lists in order */
	canonical_of(
	    "rule = \"R-1\"; asset = \"o1\"; reason = \"r\"; approval = \"x.dsse.json\";"
	    " alternatives = [\"z-chip\", \"a-chip\"]; approver = \"b\"; requested_by = \"a\";"
	    " approved_on = \"2025-08-01\";",
	    "{\"alternatives\":[\"z-chip\",\"a-chip\"],\"approved_on\":\"2025-08-01\","
	    "\"approver\":\"b\",\"asset\":\"o1\",\"reason\":\"r\",\"requested_by\":\"a\","
	    "\"rule\":\"R-1\"}");
	/* strings: only '"', '\\' and control characters escaped; UTF-8 and '/' as they are */
	canonical_of(
	    "asset = \"o1\"; rule = \"R\"; alternatives = [];"
	    " reason = \"say \\\"hi\\\" \\\\ a/b\\n\\ttab 中文 é\";",
	    "{\"alternatives\":[],\"asset\":\"o1\",\"reason\":\"say \\\"hi\\\" \\\\ a/b\\n\\ttab "
	    "中文 é\",\"rule\":\"R\"}");
	/* numbers: integers plain whatever their notation, others shortest */
	canonical_of(
	    "asset = \"o1\"; rule = \"R\"; alternatives = [\"x\"]; a = 96; b = 96.0; c = 0.1;"
	    " d = -2.5; e = 1e-7; f = 123456789012.0; g = -0.0; h = 320.5;",
	    "{\"a\":96,\"alternatives\":[\"x\"],\"asset\":\"o1\",\"b\":96,\"c\":0.1,\"d\":-2.5,"
	    "\"e\":1e-07,\"f\":123456789012,\"g\":0,\"h\":320.5,\"rule\":\"R\"}");
	/* the need group as an object of its figures */
	canonical_of("asset = \"o1\"; rule = \"R\"; alternatives = \"one\";"
	             " need = { tflops_fp16 = 300; memory_gb = 96.5; };",
	             "{\"alternatives\":\"one\",\"asset\":\"o1\",\"need\":{\"memory_gb\":96.5,"
	             "\"tflops_fp16\":300},\"rule\":\"R\"}");
}

static void test_canonical_refuses_groups(void **state)
{
	(void)state;
	const char *text = "assets = ( { id = \"o1\"; model = \"H20\"; quantity = 1; } );\n"
	                   "justifications = ( { asset = \"o1\"; rule = \"R\"; alternatives = [];\n"
	                   "  extra = { x = 1; }; } );\n";
	struct inventory v;
	struct diag d;
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(inventory_load_text(&v, "inv.cfg", text, strlen(text), &d), 0);
	assert_int_equal(justification_canonical_json(&v.justs[0], &out, &d), -1);
	assert_string_equal(d.msg, "field 'extra' is a group: only 'need' can be signed");
	assert_int_equal(d.line, 3);
	inventory_free(&v);
	sb_release(&out);
}

static void test_canonical_text(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT;
	const char *in =
	    "{ \"b\": 1, \"a\": [1.50, \"x\\u0001\\/\", true, null, 2e3], \"\\u00e9\": {} }";
	assert_int_equal(canonical_json_text(in, strlen(in), &out), 0);
	assert_string_equal(out.buf, "{\"a\":[1.5,\"x\\u0001/\",true,null,2000],\"b\":1,\"é\":{}}");
	sb_reset(&out);
	assert_int_equal(canonical_json_text("{\"a\":1,\"a\":2}", 13, &out), -1); /* duplicates */
	assert_int_equal(canonical_json_text("{", 1, &out), -1);
	sb_release(&out);
}

/* ---- review states --------------------------------------------------------------- */

static const char *PACK =
    "policy = { id = \"t\"; title = \"T\"; jurisdiction = \"CN\"; version = \"1\"; };\n"
    "rules = (\n"
    "  { id = \"T-JUST\"; title = \"order\"; severity = \"error\";\n"
    "    when = \"chip.foreign && asset.status in ['ordered', 'planned', 'deployed']\";\n"
    "    require = \"justification\";\n"
    "    justification = { fields = [\"reason\", \"alternatives\", \"approver\", "
    "\"approved_on\"];\n"
    "                      max_age_days = 365; alternatives_domestic = true; }; }\n"
    ");\n";

#define ORDER(id)                                                                                  \
	"{ id = \"" id                                                                             \
	"\"; model = \"H20\"; quantity = 8; purpose = \"commercial\"; status = \"ordered\"; },"
#define J(id, rest) "{ asset = \"" id "\"; rule = \"T-JUST\"; requested_by = \"li\"; " rest " },"
#define OK_J "reason = \"r\"; alternatives = [\"huawei-ascend-910b\"]; approver = \"zhang\"; "

static const char *INV = "assets = (" ORDER("a-approved") ORDER("b-missing") ORDER(
    "c-incomplete") ORDER("d-awaiting") ORDER("e-self") ORDER("f-expired") ORDER("g-weak")
    ORDER("h-expiring") ORDER("i-foreign-alt") ORDER(
        "j-future") "{ id = \"k-deployed\"; model = \"H20\"; quantity = 1; status = \"deployed\"; "
                    "},"
                    "{ id = \"l-domestic\"; model = \"Ascend 910B\"; quantity = 1; status = "
                    "\"ordered\"; } );\n"
                    "justifications = (" J("a-approved", OK_J "approved_on = \"2025-06-01\"; "
                                                              "expires = \"2026-06-01\";")
                        J("c-incomplete",
                          "reason = \"\"; alternatives = [\"huawei-ascend-910b\"]; "
                          "approver = \"zhang\";"
                          " approved_on = \"2025-06-01\";") J("d-awaiting",
                                                              "reason = \"r\"; alternatives = "
                                                              "[\"huawei-ascend-910b\"];")
                            J("e-self",
                              "reason = \"r\"; alternatives = [\"huawei-ascend-910b\"]; approver = "
                              "\"LI\";"
                              " approved_on = \"2025-06-01\";") J("f-expired", OK_J
                                                                  "approved_on = \"2024-06-01\"; "
                                                                  "expires = \"2025-07-01\";")
                                J("g-weak", OK_J "approved_on = \"2025-06-01\"; need = { "
                                                 "tflops_fp16 = 200.0; };")
                                    J("h-expiring",
                                      OK_J "approved_on = \"2025-06-01\"; expires = "
                                           "\"2025-09-01\";") J("i-foreign-alt",
                                                                "reason = \"r\"; alternatives = "
                                                                "[\"nvidia-a100\"]; approver = "
                                                                "\"zhang\";"
                                                                " approved_on = \"2025-06-01\";")
                                        J("j-future", OK_J "approved_on = \"2025-09-01\";") J(
                                            "k-deployed", OK_J
                                            "approved_on = \"2025-06-01\";") "{ asset = "
                                                                             "\"a-approved\"; rule "
                                                                             "= \"T-JUST\"; reason "
                                                                             "= \"\"; alternatives "
                                                                             "= []; } );\n";

struct fixture {
	struct policy *p;
	struct inventory inv;
	struct report r;
	struct engine *e;
};

static void open_fixture(struct fixture *f, const char *pack, const char *inv_name, const char *inv,
                         const char *as_of)
{
	struct diag_list errs = {0};
	struct diag d;
	f->p = policy_load_text("pack.cfg", pack, strlen(pack), &cat, &errs);
	if (!f->p)
		fail_msg("%s:%d: %s", errs.v[0].file, errs.v[0].line, errs.v[0].msg);
	diag_list_release(&errs);
	if (inventory_load_text(&f->inv, inv_name, inv, strlen(inv), &d) != 0)
		fail_msg("%s:%d: %s", d.file, d.line, d.msg);
	cg_date day;
	assert_int_equal(date_parse(as_of, &day), 0);
	report_init(&f->r, day, 0, SEV_ERROR);
	f->e = engine_new(&f->p, 1, &cat, &f->r, day);
}

static void close_fixture(struct fixture *f)
{
	engine_free(f->e);
	report_free(&f->r);
	inventory_free(&f->inv);
	policy_free(f->p);
}

static const struct review_item *item(const struct review *rv, const char *asset)
{
	for (size_t i = 0; i < rv->n; i++)
		if (strcmp(rv->items[i].asset->id, asset) == 0)
			return &rv->items[i];
	fail_msg("no review item for %s", asset);
	return NULL;
}

static void expect(const struct review *rv, const char *asset, enum jstate s, const char *reasons)
{
	const struct review_item *it = item(rv, asset);
	struct strbuf why = STRBUF_INIT;
	jverdict_reasons(&it->verdict, &why);
	if (it->verdict.state != s || strcmp(sb_str(&why), reasons) != 0)
		print_error("%s: %s '%s', expected %s '%s'\n", asset,
		            jstate_name(it->verdict.state), sb_str(&why), jstate_name(s), reasons);
	assert_int_equal(it->verdict.state, s);
	assert_string_equal(sb_str(&why), reasons);
	sb_release(&why);
}

static void test_review_states(void **state)
{
	(void)state;
	struct fixture f;
	struct review rv = REVIEW_INIT;
	open_fixture(&f, PACK, "inv.cfg", INV, "2025-08-12");
	engine_review(f.e, &f.inv, NULL, &rv);
	review_sort(&rv);
	assert_int_equal(rv.n, 10); /* not the deployed one, not the domestic one */
	expect(&rv, "a-approved", JSTATE_APPROVED, "");
	assert_int_equal(item(&rv, "a-approved")->verdict.nrecords, 2); /* the better of two */
	expect(&rv, "b-missing", JSTATE_MISSING, "no justification on file");
	expect(&rv, "c-incomplete", JSTATE_INCOMPLETE, "missing 'reason'");
	expect(&rv, "d-awaiting", JSTATE_AWAITING,
	       "missing 'approver'; missing 'approved_on'; no approved_on date to check its age "
	       "against");
	expect(&rv, "e-self", JSTATE_INVALID, "approver 'LI' is also the requester");
	expect(&rv, "f-expired", JSTATE_EXPIRED,
	       "approved on 2024-06-01, 437 days before as_of (limit 365); expired on 2025-07-01");
	expect(&rv, "g-weak", JSTATE_WEAK,
	       "domestic alternative meets the stated need: Huawei Ascend 910B (tflops_fp16 320 >= "
	       "200)");
	expect(&rv, "h-expiring", JSTATE_EXPIRING, "");
	expect(&rv, "i-foreign-alt", JSTATE_INCOMPLETE,
	       "alternative 'nvidia-a100' (NVIDIA A100 SXM4 80GB) is not domestic for CN");
	expect(&rv, "j-future", JSTATE_INVALID, "approved_on 2025-09-01 is after as_of 2025-08-12");
	/* the day an approval stops being in date: expires, or approved_on + max_age_days */
	char d[11];
	date_format(item(&rv, "h-expiring")->verdict.valid_until, d);
	assert_string_equal(d, "2025-09-01");
	date_format(item(&rv, "g-weak")->verdict.valid_until, d);
	assert_string_equal(d, "2026-06-01");
	/* most urgent first; within a state, sooner out of date, then the asset id */
	const char *order[] = {"b-missing",  "c-incomplete", "i-foreign-alt", "e-self",
	                       "j-future",   "f-expired",    "d-awaiting",    "g-weak",
	                       "h-expiring", "a-approved"};
	for (size_t i = 0; i < CG_ARRAY_LEN(order); i++)
		assert_string_equal(rv.items[i].asset->id, order[i]);
	review_release(&rv);
	/* one asset, whatever its status (justify) */
	engine_review(f.e, &f.inv, inventory_find(&f.inv, "k-deployed"), &rv);
	assert_int_equal(rv.n, 1);
	expect(&rv, "k-deployed", JSTATE_APPROVED, "");
	assert_string_equal(rv.items[0].rule->id, "T-JUST");
	assert_int_equal(rv.items[0].nfields, 4);
	assert_int_equal(rv.items[0].max_age_days, 365);
	review_release(&rv);
	engine_review(f.e, &f.inv, inventory_find(&f.inv, "l-domestic"), &rv);
	assert_int_equal(rv.n, 0);
	close_fixture(&f);
}

/* The engine and review judge alike: justified <=> approved or expiring. */
static void test_review_matches_engine(void **state)
{
	(void)state;
	struct fixture f;
	struct review rv = REVIEW_INIT;
	open_fixture(&f, PACK, "inv.cfg", INV, "2025-08-12");
	engine_review(f.e, &f.inv, NULL, &rv);
	engine_begin_inventory(f.e, &f.inv);
	for (size_t i = 0; i < f.inv.nassets; i++)
		engine_asset(f.e, &f.inv.assets[i]);
	engine_end_inventory(f.e);
	engine_finish(f.e);
	report_finish(&f.r);
	size_t checked = 0;
	for (size_t i = 0; i < f.r.nfindings; i++) {
		const struct finding *fd = &f.r.findings[i];
		if (strcmp(fd->ctx->rule->id, "T-JUST") != 0 || strcmp(fd->asset, "k-deployed") == 0)
			continue;
		const struct review_item *it = item(&rv, fd->asset);
		assert_int_equal(fd->status == FS_JUSTIFIED, jstate_satisfied(it->verdict.state));
		assert_int_equal(fd->severity == SEV_WARNING, it->verdict.state == JSTATE_WEAK);
		checked++;
	}
	assert_int_equal(checked, rv.n);
	review_release(&rv);
	close_fixture(&f);
}

/* ---- domestic alternatives ---------------------------------------------------------- */

static void test_alternatives_ranked(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture(&f, PACK, "inv.cfg", "assets = ();", "2025-08-12");
	const struct chip *h20 = catalog_find_id(&cat, "nvidia-h20");
	struct alternative *alts;
	size_t n = policy_domestic_alternatives(f.p, &cat, h20, &alts);
	assert_true(n > 5);
	bool seen_910b = false;
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(alts[i].chip->vendor->country, "CN");
		if (i) { /* fewest unknown figures, then nearest, unknown distance last */
			assert_true(alts[i - 1].unknown <= alts[i].unknown);
			if (alts[i - 1].unknown == alts[i].unknown && !isnan(alts[i].distance))
				assert_true(alts[i - 1].distance <= alts[i].distance);
		}
		if (strcmp(alts[i].chip->id, "huawei-ascend-910b") == 0) {
			seen_910b = true;
			const struct chip *c = alts[i].chip;
			double want = (fabs(log(c->tpp / h20->tpp)) +
			               fabs(log(chip_tflops_fp16(c) / chip_tflops_fp16(h20))) +
			               fabs(log(c->memory_gb / h20->memory_gb))) /
			              3;
			assert_true(fabs(alts[i].distance - want) < 1e-12);
			assert_int_equal(alts[i].unknown, 0);
		}
	}
	assert_true(seen_910b);
	assert_true(isnan(alts[n - 1].distance)); /* a chip with no figures at all ranks last */
	free(alts);
	/* an unknown ordered chip: nothing compares, everything by id */
	n = policy_domestic_alternatives(f.p, &cat, NULL, &alts);
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(alts[i - 1].chip->id, alts[i].chip->id) < 0);
	free(alts);
	close_fixture(&f);
}

/* ---- signed approvals ------------------------------------------------------------------- */

/* A pack whose rule needs a signed approval; approvers a.li and b.wu with
 * their keys inline. */
static char *signed_pack(void)
{
	struct strbuf sb = STRBUF_INIT;
	sb_printf(
	    &sb,
	    "policy = { id = \"s\"; title = \"S\"; jurisdiction = \"CN\"; version = \"1\"; };\n"
	    "approvers = ( { name = \"a.li\"; key = \"%s\"; },\n"
	    "              { name = \"b.wu\"; key = \"%s\"; } );\n"
	    "rules = ( { id = \"S-JUST\"; title = \"order\"; severity = \"error\";\n"
	    "  when = \"chip.foreign\"; require = \"justification\";\n"
	    "  justification = { fields = [\"reason\", \"approver\"]; signed_approval = true; }; } "
	    ");\n",
	    pem_a, pem_b);
	return sb_detach(&sb);
}

/* An order ASSET with a record by requester c, signed approval in o1.dsse.json. */
#define SIGNED_INV                                                                                 \
	"assets = ( { id = \"%s\"; model = \"H20\"; quantity = 1; status = \"ordered\"; } );\n"    \
	"justifications = ( { asset = \"%s\"; rule = \"S-JUST\"; reason = \"%s\"; requested_by = " \
	"\"c\";\n"                                                                                 \
	"  approver = \"%s\"; alternatives = []; approval = \"%s\"; } );\n"

static void inv_text(char *buf, size_t size, const char *asset, const char *reason,
                     const char *approver, const char *approval)
{
	snprintf(buf, size, SIGNED_INV, asset, asset, reason, approver, approval);
}

/* Sign the record of INV with the private key NAME ("a" or "b") into o1.dsse.json. */
static void sign_record(const char *inv, const char *key)
{
	struct inventory v;
	struct diag d;
	struct strbuf canon = STRBUF_INIT, kf = STRBUF_INIT;
	char *kp = tmp_path(key), *out = tmp_path("o1.dsse.json"), *env;
	sb_printf(&kf, "%s.key", kp);
	assert_int_equal(inventory_load_text(&v, "inv.cfg", inv, strlen(inv), &d), 0);
	assert_int_equal(justification_canonical_json(&v.justs[0], &canon, &d), 0);
	struct attest_key *k;
	size_t len;
	assert_int_equal(attest_key_load_private(kf.buf, ATTEST_PASS_ENV, &k, &d), ATTEST_OK);
	assert_int_equal(attest_envelope_sign(canon.buf, canon.len, APPROVAL_PAYLOAD_TYPE, &k, 1,
	                                      &env, &len, &d),
	                 ATTEST_OK);
	attest_key_free(k);
	assert_int_equal(write_file_atomic(out, env, len, 0644, &d), 0);
	free(env);
	free(kp);
	free(out);
	sb_release(&kf);
	sb_release(&canon);
	inventory_free(&v);
}

/* The state of the one order of INV (read as TMPDIR/inv.cfg, so the
 * approval path is relative to TMPDIR); reasons into WHY, the verified
 * signer into SIGNER. */
static enum jstate judge_signed(const char *inv, struct strbuf *why, struct strbuf *signer)
{
	char *pack = signed_pack(), *name = tmp_path("inv.cfg");
	struct fixture f;
	struct review rv = REVIEW_INIT;
	open_fixture(&f, pack, name, inv, "2025-08-12");
	engine_review(f.e, &f.inv, NULL, &rv);
	assert_int_equal(rv.n, 1);
	enum jstate s = rv.items[0].verdict.state;
	sb_reset(why);
	sb_reset(signer);
	jverdict_reasons(&rv.items[0].verdict, why);
	if (rv.items[0].verdict.signer)
		sb_puts(signer, rv.items[0].verdict.signer);
	review_release(&rv);
	close_fixture(&f);
	free(pack);
	free(name);
	return s;
}

static void test_signed_approval(void **state)
{
	(void)state;
	char inv[1024], edited[1024], other[1024], replay[1024], moved[1024];
	struct strbuf why = STRBUF_INIT, who = STRBUF_INIT;
	inv_text(inv, sizeof(inv), "o1", "r", "a.li", "o1.dsse.json");
	inv_text(edited, sizeof(edited), "o1", "r2", "a.li", "o1.dsse.json");
	inv_text(other, sizeof(other), "o1", "r", "b.wu", "o1.dsse.json");
	inv_text(replay, sizeof(replay), "o2", "r", "a.li", "o1.dsse.json");
	inv_text(moved, sizeof(moved), "o1", "r", "a.li", "./o1.dsse.json");
	sign_record(inv, "a");
	assert_int_equal(judge_signed(inv, &why, &who), JSTATE_APPROVED);
	assert_string_equal(sb_str(&why), "");
	assert_string_equal(sb_str(&who), "a.li");
	/* the approval path is not signed: changing it changes nothing */
	assert_int_equal(judge_signed(moved, &why, &who), JSTATE_APPROVED);
	/* any other edit invalidates it */
	assert_int_equal(judge_signed(edited, &why, &who), JSTATE_INVALID);
	assert_string_equal(sb_str(&why), "the record was edited after approval 'o1.dsse.json' was "
	                                  "signed ('reason' changed)");
	assert_string_equal(sb_str(&who), "");
	/* and so does using it for another order */
	assert_int_equal(judge_signed(replay, &why, &who), JSTATE_INVALID);
	assert_string_equal(sb_str(&why), "approval 'o1.dsse.json' was signed for another record "
	                                  "('asset' changed)");
	/* a.li's signature over a record naming b.wu is not b.wu's approval */
	sign_record(other, "a");
	assert_int_equal(judge_signed(other, &why, &who), JSTATE_INVALID);
	assert_string_equal(sb_str(&why),
	                    "approval 'o1.dsse.json' is signed by the key of 'a.li', not "
	                    "by the key of the approver 'b.wu'");
	/* b.wu's own is */
	sign_record(other, "b");
	assert_int_equal(judge_signed(other, &why, &who), JSTATE_APPROVED);
	assert_string_equal(sb_str(&who), "b.wu");
	/* no file */
	char *out = tmp_path("o1.dsse.json");
	unlink(out);
	free(out);
	assert_int_equal(judge_signed(inv, &why, &who), JSTATE_INVALID);
	assert_string_equal(sb_str(&why),
	                    "approval 'o1.dsse.json': cannot open: No such file or directory");
	/* "-" is a file name, not standard input; a directory is not an envelope */
	inv_text(inv, sizeof(inv), "o1", "r", "a.li", "-");
	assert_int_equal(judge_signed(inv, &why, &who), JSTATE_INVALID);
	assert_string_equal(sb_str(&why), "approval '-': cannot open: No such file or directory");
	inv_text(inv, sizeof(inv), "o1", "r", "a.li", ".");
	assert_int_equal(judge_signed(inv, &why, &who), JSTATE_INVALID);
	assert_string_equal(sb_str(&why), "approval '.' is not a regular file");
	/* no approval named yet: awaiting it */
	inv_text(inv, sizeof(inv), "o1", "r", "a.li", "");
	assert_int_equal(judge_signed(inv, &why, &who), JSTATE_AWAITING);
	assert_string_equal(sb_str(&why), "no signed approval ('approval' is not set)");
	sb_release(&why);
	sb_release(&who);
}

/* ---- load-time errors ----------------------------------------------------------------- */

static void expect_load_error(const char *pack, const char *want)
{
	struct diag_list errs = {0};
	struct policy *p = policy_load_text("pack.cfg", pack, strlen(pack), &cat, &errs);
	assert_null(p);
	bool found = false;
	for (size_t i = 0; i < errs.n; i++) {
		struct strbuf sb = STRBUF_INIT;
		diag_format(&errs.v[i], &sb);
		found = found || strstr(sb.buf, want);
		if (!found)
			print_error("error: %s\n", sb.buf);
		sb_release(&sb);
	}
	if (!found)
		print_error("no error contains '%s'\n", want);
	assert_true(found);
	diag_list_release(&errs);
}

static void test_load_errors(void **state)
{
	(void)state;
	const char *head =
	    "policy = { id = \"s\"; title = \"S\"; jurisdiction = \"CN\"; version = \"1\"; };\n";
	const char *rule =
	    "rules = ( { id = \"S-J\"; title = \"o\"; severity = \"error\"; when = \"true\";\n"
	    "  require = \"justification\";\n"
	    "  justification = { signed_approval = true; }; } );\n";
	struct strbuf sb = STRBUF_INIT;
	/* signed_approval without approvers */
	sb_printf(&sb, "%s%s", head, rule);
	expect_load_error(sb.buf, "pack.cfg:4:");
	expect_load_error(sb.buf, "'signed_approval' needs a top-level 'approvers' list");
	/* a key file that is not there (relative to the pack's directory) */
	sb_reset(&sb);
	sb_printf(&sb, "%sapprovers = (\n { name = \"a\"; key = \"keys/none.pub\"; } );\n%s", head,
	          rule);
	expect_load_error(sb.buf, "pack.cfg:3:");
	expect_load_error(
	    sb.buf, "approver 'a': key 'keys/none.pub': cannot open: No such file or directory");
	/* the same name twice, ignoring case */
	sb_reset(&sb);
	sb_printf(&sb,
	          "%sapprovers = (\n { name = \"a.li\"; key = \"%s\"; },\n { name = \"A.Li\"; key "
	          "= \"%s\"; } );\n%s",
	          head, pem_a, pem_b, rule);
	expect_load_error(sb.buf, "duplicate approver 'A.Li' (first at line 3)");
	/* one key under two names */
	sb_reset(&sb);
	sb_printf(&sb,
	          "%sapprovers = (\n { name = \"a.li\"; key = \"%s\"; },\n { name = \"b.wu\"; key "
	          "= \"%s\"; } );\n%s",
	          head, pem_a, pem_a, rule);
	expect_load_error(sb.buf, "approver 'b.wu' has the same key as 'a.li' (line 3)");
	/* not a key */
	sb_reset(&sb);
	sb_printf(&sb,
	          "%sapprovers = ( { name = \"a\"; key = \"-----BEGIN PUBLIC "
	          "KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\\n\"; } );\n%s",
	          head, rule);
	expect_load_error(sb.buf, "approver 'a': inline key: not a public key");
	/* an approver without a key */
	sb_reset(&sb);
	sb_printf(&sb, "%sapprovers = ( { name = \"a\"; } );\n", head);
	expect_load_error(sb.buf, "'key'");
	/* an empty list */
	sb_reset(&sb);
	sb_printf(&sb, "%sapprovers = ();\n", head);
	expect_load_error(sb.buf,
	                  "'approvers' is empty: list who may sign approvals, or remove it");
	/* an embedded pack has no directory to find key files in */
	sb_reset(&sb);
	sb_printf(&sb, "%sapprovers = ( { name = \"a\"; key = \"a.pub\"; } );\n", head);
	struct diag_list errs = {0};
	assert_null(policy_load_text("embedded:x.cfg", sb.buf, sb.len, &cat, &errs));
	bool found = false;
	for (size_t i = 0; i < errs.n; i++)
		found = found ||
		        strcmp(errs.v[i].msg, "approver 'a': key 'a.pub': an embedded pack can "
		                              "hold only inline PEM keys") == 0;
	assert_true(found);
	diag_list_release(&errs);
	sb_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_canonical_record),
	    cmocka_unit_test(test_canonical_refuses_groups),
	    cmocka_unit_test(test_canonical_text),
	    cmocka_unit_test(test_review_states),
	    cmocka_unit_test(test_review_matches_engine),
	    cmocka_unit_test(test_alternatives_ranked),
	    cmocka_unit_test(test_signed_approval),
	    cmocka_unit_test(test_load_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
