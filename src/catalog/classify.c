/* TPP, PD and the ECCN 3A090 class, exactly as reference §1 states them:
 * "or more" is >=, "less than" is <. PD thresholds are compared by cross
 * multiplication (tpp*100 >= 592*area) rather than after a division, so a
 * chip sitting exactly on a boundary is classified as the rule says.
 *
 * "Exactly" is in the decimal arithmetic of the figures, not in binary
 * floating point: 149.7 x 16 is 2395.1999999999998 as a double. A value
 * within a relative 1e-12 of a threshold counts as on it; catalog figures
 * have far fewer significant digits, so no real difference is that small. */
#include "catalog/catalog.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int bits;
} precs[PREC_COUNT] = {
	[PREC_FP4] = {"fp4", 4},   [PREC_INT4] = {"int4", 4}, [PREC_FP8] = {"fp8", 8},
	[PREC_INT8] = {"int8", 8}, [PREC_FP16] = {"fp16", 16}, [PREC_BF16] = {"bf16", 16},
	[PREC_TF32] = {"tf32", 32}, [PREC_FP32] = {"fp32", 32},
};

const char *prec_name(enum prec p)
{
	return p < PREC_COUNT ? precs[p].name : "?";
}

int prec_bits(enum prec p)
{
	return p < PREC_COUNT ? precs[p].bits : 0;
}

const char *eccn_name(enum eccn e)
{
	switch (e) {
	case ECCN_3A090A: return "3A090.a";
	case ECCN_3A090B: return "3A090.b";
	case ECCN_NONE: return "none";
	default: return "indeterminate";
	}
}

/* A >= B, in the decimal arithmetic of the figures (see above). */
static bool at_least(double a, double b)
{
	return a >= b - fabs(b) * 1e-12;
}

/* PD compared with a threshold given in hundredths: pd >= t/100. With the
 * area known the comparison is done without dividing. */
static bool pd_at_least(double tpp, double pd, double area, double hundredths)
{
	if (!isnan(area))
		return at_least(tpp * 100.0, hundredths * area);
	return at_least(pd, hundredths / 100.0);
}

/* The class of a part designed or marketed for datacenters. */
static enum eccn classify_dc(double tpp, double pd, double area, const char **why)
{
	if (!at_least(tpp, 1600)) {
		*why = "TPP below 1600: outside 3A090.a and 3A090.b";
		return ECCN_NONE;
	}
	if (isnan(pd)) {
		*why = "TPP between 1600 and 4800 needs PD, and the die area is unknown";
		return ECCN_INDETERMINATE;
	}
	if (pd_at_least(tpp, pd, area, 592)) {
		*why = "3A090.a.2: TPP >= 1600 and PD >= 5.92";
		return ECCN_3A090A;
	}
	if (at_least(tpp, 2400) && pd_at_least(tpp, pd, area, 160)) {
		*why = "3A090.b.1: TPP >= 2400 and < 4800, PD >= 1.6 and < 5.92";
		return ECCN_3A090B;
	}
	if (pd_at_least(tpp, pd, area, 320)) {
		*why = "3A090.b.2: TPP >= 1600, PD >= 3.2 and < 5.92";
		return ECCN_3A090B;
	}
	*why = at_least(tpp, 2400) ? "PD below 1.6: outside 3A090.b.1 and b.2"
			   : "TPP below 2400 (not b.1) and PD below 3.2 (not b.2)";
	return ECCN_NONE;
}

/* The whole rule; AREA is NAN when only the quotient PD is known. */
static enum eccn classify(double tpp, double pd, double area, enum tri datacenter, const char **why)
{
	if (isnan(tpp)) {
		*why = "TPP unknown: no dense performance figure in the catalog";
		return ECCN_INDETERMINATE;
	}
	if (at_least(tpp, 4800)) {
		*why = "3A090.a.1: TPP >= 4800";
		return ECCN_3A090A;
	}
	if (datacenter == TRI_FALSE) {
		*why = "Note 2: not designed or marketed for datacenters and TPP below 4800";
		return ECCN_NONE;
	}
	enum eccn e = classify_dc(tpp, pd, area, why);
	if (datacenter == TRI_UNKNOWN && e != ECCN_NONE) {
		*why = "datacenter use unknown and TPP below 4800 (Note 2 may apply)";
		return ECCN_INDETERMINATE;
	}
	return e;
}

enum eccn eccn_classify(double tpp, double pd, enum tri datacenter, const char **why)
{
	const char *dummy;
	return classify(tpp, pd, NAN, datacenter, why ? why : &dummy);
}

void catalog_derive(struct chip *c)
{
	double best = NAN;
	enum prec bp = PREC_FP16;
	int dies = c->dies > 0 ? c->dies : 1;
	for (int p = 0; p < PREC_COUNT; p++) {
		if (isnan(c->dense[p]))
			continue;
		double v = c->dense[p] * precs[p].bits * dies;
		if (isnan(best) || v > best || (v == best && precs[p].bits > precs[bp].bits)) {
			best = v;
			bp = (enum prec)p;
		}
	}
	c->tpp = best;
	c->tpp_prec = bp;
	c->area_mm2 = isnan(c->die_area_mm2) ? NAN : c->die_area_mm2 * dies;
	c->pd = isnan(best) || isnan(c->area_mm2) || c->area_mm2 <= 0 ? NAN : best / c->area_mm2;
	c->eccn = classify(best, c->pd, isnan(c->pd) ? NAN : c->area_mm2, c->datacenter, &c->eccn_why);
}

/* The PD thresholds of 3A090, in hundredths. */
static const double pd_limits[] = {160, 320, 592};

int catalog_pd_decimals(const struct chip *c)
{
	if (isnan(c->pd))
		return 2;
	for (int d = 2; d < 6; d++) {
		bool hides = false;
		for (size_t i = 0; i < CG_ARRAY_LEN(pd_limits) && !hides; i++) {
			char got[64], lim[64];
			snprintf(got, sizeof(got), "%.*f", d, c->pd);
			snprintf(lim, sizeof(lim), "%.*f", d, pd_limits[i] / 100.0);
			bool on = isnan(c->area_mm2)
					  ? at_least(c->pd, pd_limits[i] / 100.0) &&
						    at_least(pd_limits[i] / 100.0, c->pd)
					  : at_least(c->tpp * 100.0, pd_limits[i] * c->area_mm2) &&
						    at_least(pd_limits[i] * c->area_mm2, c->tpp * 100.0);
			hides = strcmp(got, lim) == 0 && !on;
		}
		if (!hides)
			return d;
	}
	return 6;
}

static void num(struct strbuf *sb, double v)
{
	if (isnan(v))
		sb_puts(sb, "unknown");
	else if (v == floor(v) && fabs(v) < 1e15)
		sb_printf(sb, "%.0f", v);
	else
		sb_printf(sb, "%.2f", v);
}

void catalog_explain_chip(const struct chip *c, struct strbuf *out)
{
	int dies = c->dies > 0 ? c->dies : 1;
	sb_puts(out, "TPP = max over precisions of dense TOPS x bit length");
	if (dies > 1)
		sb_printf(out, " x %d dies", dies);
	sb_puts(out, ":\n");
	bool any = false;
	for (int p = 0; p < PREC_COUNT; p++) {
		if (isnan(c->dense[p]))
			continue;
		any = true;
		sb_printf(out, "  %-5s ", precs[p].name);
		num(out, c->dense[p]);
		sb_printf(out, " x %d", precs[p].bits);
		if (dies > 1)
			sb_printf(out, " x %d", dies);
		sb_puts(out, " = ");
		num(out, c->dense[p] * precs[p].bits * dies);
		sb_putc(out, '\n');
	}
	if (!any)
		sb_puts(out, "  no dense figure is known\n");
	sb_puts(out, "  TPP = ");
	num(out, c->tpp);
	if (!isnan(c->tpp))
		sb_printf(out, " (%s)", precs[c->tpp_prec].name);
	if (!isnan(c->tpp_reported)) {
		sb_puts(out, "; reported ");
		num(out, c->tpp_reported);
	}
	sb_putc(out, '\n');
	sb_puts(out, "PD  = TPP / die area = ");
	if (isnan(c->pd)) {
		sb_puts(out, isnan(c->area_mm2) ? "unknown (die area unknown)" : "unknown (TPP unknown)");
	} else {
		num(out, c->tpp);
		sb_puts(out, " / ");
		num(out, c->area_mm2);
		sb_puts(out, " mm2 = ");
		sb_printf(out, "%.*f", catalog_pd_decimals(c), c->pd);
	}
	if (!isnan(c->pd_reported))
		sb_printf(out, "; reported %.2f", c->pd_reported);
	sb_putc(out, '\n');
	sb_printf(out, "datacenter: %s\n",
		  c->datacenter == TRI_TRUE ? "yes" : c->datacenter == TRI_FALSE ? "no" : "unknown");
	sb_printf(out, "ECCN: %s (%s)\n", eccn_name(c->eccn), c->eccn_why ? c->eccn_why : "");
}

double chip_tflops_fp16(const struct chip *c)
{
	double v = isnan(c->dense[PREC_FP16]) ? c->dense[PREC_BF16] : c->dense[PREC_FP16];
	return isnan(v) ? v : v * (c->dies > 0 ? c->dies : 1);
}
