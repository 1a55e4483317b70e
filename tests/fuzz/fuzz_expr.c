/* libFuzzer target: the expression language alone — expr_compile, then
 * expr_eval and expr_eval_trace three times (every name loaded, every name
 * null, a mix), with a small resolver that offers a name of every type.
 * The first input byte picks the wanted result type; the rest is source.
 * Checks: a failed compile has a message and an offset inside the source;
 * a compiled expression evaluates to its static type or null. */
#include "fuzz_common.h"

#include "policy/expr.h"

enum { S_SITE, S_QTY, S_FOREIGN, S_ASOF, S_TAGS, S_SIZES, S_RACK };

static const struct value gov_items[] = {
	{.t = VT_STR, .u.s = {"government", 10}},
	{.t = VT_STR, .u.s = {"critical-infrastructure", 23}},
};
static const struct value tag_items[] = {
	{.t = VT_STR, .u.s = {"training", 8}},
	{.t = VT_STR, .u.s = {"", 0}},
	{.t = VT_STR, .u.s = {"h20*", 4}},
};
static const struct value size_items[] = {
	{.t = VT_NUM, .u.n = 8},
	{.t = VT_NUM, .u.n = -0.0},
	{.t = VT_NUM, .u.n = 1e308},
};

struct symdef {
	const char *name;
	enum vtype type, item_type;
	int slot; /* -1: constant */
	struct value constant;
};

static const struct symdef symdefs[] = {
	{"asset.site", VT_STR, VT_NULL, S_SITE, {0}},
	{"asset.quantity", VT_NUM, VT_NULL, S_QTY, {0}},
	{"chip.foreign", VT_BOOL, VT_NULL, S_FOREIGN, {0}},
	{"as_of", VT_DATE, VT_NULL, S_ASOF, {0}},
	{"asset.tags", VT_LIST, VT_STR, S_TAGS, {0}},
	{"asset.sizes", VT_LIST, VT_NUM, S_SIZES, {0}},
	{"asset.attrs.rack", VT_STR, VT_NULL, S_RACK, {0}},
	{"lists.gov", VT_LIST, VT_STR, -1, {.t = VT_LIST, .u.l = {gov_items, 2}}},
	{"lists.sizes", VT_LIST, VT_NUM, -1, {.t = VT_LIST, .u.l = {size_items, 3}}},
	{"lists.empty", VT_LIST, VT_STR, -1, {.t = VT_LIST, .u.l = {NULL, 0}}},
	{"policy.id", VT_STR, VT_NULL, -1, {.t = VT_STR, .u.s = {"cn-cac-2025", 11}}},
	{"policy.effective", VT_DATE, VT_NULL, -1, {.t = VT_DATE, .u.d = 20300}},
	{"policy.missing", VT_STR, VT_NULL, -1, {.t = VT_NULL}},
	{"policy.share", VT_NUM, VT_NULL, -1, {.t = VT_NUM, .u.n = 0.5}},
	{"policy.strict", VT_BOOL, VT_NULL, -1, {.t = VT_BOOL, .u.b = true}},
};

/* The engine's names (DESIGN §6) by type, so the packs' own expressions
 * compile here and make good seeds. */
static const struct {
	const char *name;
	enum vtype type;
	int slot;
} engine_names[] = {
	{"asset.id", VT_STR, S_SITE}, {"asset.model", VT_STR, S_SITE},
	{"asset.purpose", VT_STR, S_SITE}, {"asset.status", VT_STR, S_SITE},
	{"asset.order", VT_STR, S_SITE}, {"asset.destination", VT_STR, S_SITE},
	{"asset.owner", VT_STR, S_SITE}, {"chip.id", VT_STR, S_SITE},
	{"chip.vendor", VT_STR, S_SITE}, {"chip.model", VT_STR, S_SITE},
	{"chip.origin", VT_STR, S_SITE}, {"chip.vendor_country", VT_STR, S_SITE},
	{"chip.fab_country", VT_STR, S_SITE}, {"chip.eccn", VT_STR, S_SITE},
	{"inventory.jurisdiction", VT_STR, S_SITE}, {"chip.datacenter", VT_BOOL, S_FOREIGN},
	{"chip.entity_listed", VT_BOOL, S_FOREIGN}, {"chip.tpp", VT_NUM, S_QTY},
	{"chip.pd", VT_NUM, S_QTY}, {"chip.memory_gb", VT_NUM, S_QTY},
	{"chip.memory_bw_gbs", VT_NUM, S_QTY}, {"chip.tflops_fp16", VT_NUM, S_QTY},
	{"chip.entity_listed_on", VT_DATE, S_ASOF},
};

static int resolve(void *ctx, const char *name, size_t len, struct expr_sym *out, char *hint,
		   size_t hint_size)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < CG_ARRAY_LEN(symdefs); i++) {
		const struct symdef *d = &symdefs[i];
		if (strlen(d->name) != len || memcmp(d->name, name, len) != 0)
			continue;
		out->type = d->type;
		out->item_type = d->item_type;
		if (d->slot < 0) {
			out->is_const = true;
			out->constant = d->constant;
		} else {
			out->slot = d->slot;
		}
		return 0;
	}
	for (size_t i = 0; i < CG_ARRAY_LEN(engine_names); i++)
		if (strlen(engine_names[i].name) == len && memcmp(engine_names[i].name, name, len) == 0) {
			out->type = engine_names[i].type;
			out->slot = engine_names[i].slot;
			return 0;
		}
	if (len > 6 && memcmp(name, "lists.", 6) == 0) { /* any list: of strings */
		out->type = VT_LIST;
		out->item_type = VT_STR;
		out->is_const = true;
		out->constant = symdefs[7].constant;
		return 0;
	}
	if (len > 12 && memcmp(name, "asset.attrs.", 12) == 0) {
		out->type = VT_STR;
		out->slot = S_RACK;
		out->arg = (int)len;
		return 0;
	}
	if (hint_size > 0)
		snprintf(hint, hint_size, "did you mean '%s'?", symdefs[len % CG_ARRAY_LEN(symdefs)].name);
	return -1;
}

struct env {
	int mode; /* 0 all values, 1 all null, 2 alternate */
	int n;
};

static void load(void *p, int slot, int arg, struct value *out)
{
	struct env *env = p;
	env->n++;
	if (env->mode == 1 || (env->mode == 2 && env->n % 2)) {
		out->t = VT_NULL;
		return;
	}
	switch (slot) {
	case S_SITE: out->t = VT_STR; out->u.s.p = "Beijing-DC1"; out->u.s.len = 11; break;
	case S_RACK: out->t = VT_STR; out->u.s.p = "R\0x"; out->u.s.len = 3; break;
	case S_QTY: out->t = VT_NUM; out->u.n = 512; break;
	case S_FOREIGN: out->t = VT_BOOL; out->u.b = true; break;
	case S_ASOF: out->t = VT_DATE; out->u.d = 20312; break;
	case S_TAGS: out->t = VT_LIST; out->u.l.v = tag_items; out->u.l.n = 3; break;
	case S_SIZES: out->t = VT_LIST; out->u.l.v = size_items; out->u.l.n = 3; break;
	default: abort(); /* a slot the resolver never handed out */
	}
}

static void trace(void *ctx, const char *src, size_t len, const struct expr_sym *sym,
		  const struct value *v)
{
	struct strbuf *sb = ctx;
	sb_add(sb, src, len);
	sb_puts(sb, " = ");
	value_format(v, sb);
	sb_putc(sb, '\n');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum vtype wants[] = {VT_NULL, VT_BOOL, VT_NUM, VT_STR, VT_DATE, VT_LIST};
	if (size < 1)
		return 0;
	enum vtype want = wants[data[0] % CG_ARRAY_LEN(wants)];
	size_t len = size - 1;
	char *src = fuzz_copy(data + 1, len);
	struct arena arena;
	arena_init(&arena);
	const struct expr_symbols syms = {resolve, NULL};
	struct expr_error err;
	memset(&err, 0, sizeof(err));
	struct expr *e = expr_compile(&arena, src, len, want, &syms, &err);
	if (!e) {
		if (err.msg[0] == '\0' || err.offset > len || strchr(err.msg, '\n'))
			abort();
	} else {
		enum vtype t = expr_type(e);
		if (want != VT_NULL && t != want && t != VT_NULL)
			abort();
		struct strbuf sb = STRBUF_INIT;
		for (int mode = 0; mode < 3; mode++) {
			struct env env = {mode, 0};
			struct value v;
			expr_eval(e, load, &env, &v);
			if (v.t != VT_NULL && t != VT_NULL && v.t != t)
				abort(); /* the checker's type and the value disagree */
			value_format(&v, &sb);
			struct value v2;
			env.n = 0;
			expr_eval_trace(e, load, &env, &v2, trace, &sb);
			if (v2.t != v.t)
				abort(); /* tracing changed the result */
			sb_reset(&sb);
		}
		sb_release(&sb);
	}
	arena_release(&arena);
	free(src);
	return 0;
}
