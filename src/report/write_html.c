/* One self-contained HTML page for people: the verdict and counts, the
 * foreign share of every exposure group as inline SVG bar charts (by units
 * and by TPP, the maximum and the breach marked on the share the rule
 * measures, an indeterminate group saying which unknowns could reverse
 * it), units and TPP by origin, at most max_findings findings of each
 * severity (REPORT_HTML_MAX_FINDINGS), the rules applied and the inputs
 * with their digests. Each chart says what it counts; TPP is defined
 * where it first appears; labels are laid out for the widest numbers a
 * fleet gives, so none is clipped.
 *
 * Must never: load anything (no script, no external stylesheet, font or
 * image; a Content-Security-Policy of default-src 'none' says so to the
 * browser too), or write a string from the input without
 * report_xml_escape(). */
#include <math.h>
#include <string.h>

#include "report/report.h"

#define esc report_xml_escape

static const char CSS[] =
    "body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:#1f2328;"
    "margin:0;background:#f6f8fa}\n"
    "main{max-width:1100px;margin:0 auto;padding:24px}\n"
    "section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:16px "
    "20px;margin:16px 0}\n"
    "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:0 0 "
    "12px}h3{font-size:15px;margin:16px 0 8px}\n"
    ".verdict{display:inline-block;padding:2px "
    "12px;border-radius:12px;color:#fff;font-weight:600}\n"
    ".fail{background:#cf222e}.pass{background:#1a7f37}\n"
    ".meta{color:#57606a}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}\n"
    ".card{border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;min-width:90px}\n"
    ".card b{display:block;font-size:22px}\n"
    ".card.e b{color:#cf222e}.card.w b{color:#9a6700}.card.i b{color:#0969da}\n"
    "table{border-collapse:collapse;width:100%;margin:8px 0}\n"
    "th,td{border-bottom:1px solid #d8dee4;padding:5px 8px;text-align:left;vertical-align:top}\n"
    "th{background:#f6f8fa;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "\n"
    "code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}\n"
    ".hash{word-break:break-all}\n"
    ".st{display:inline-block;padding:0 6px;border-radius:4px;font-size:12px;border:1px solid "
    "#d0d7de}\n"
    ".st.open{background:#ffebe9;border-color:#ff8182}.st.waived,.st.justified{background:#ddf4ff}"
    "\n"
    ".st.baseline{background:#eaeef2}\n"
    ".note{color:#57606a;font-size:12px;display:block}\n"
    ".breach{color:#cf222e;font-weight:600}.indet{color:#9a6700;font-weight:600}\n"
    ".legend span{display:inline-block;margin-right:16px}\n"
    ".sw{display:inline-block;width:12px;height:12px;vertical-align:-1px;margin-right:4px}\n"
    "svg{max-width:100%;height:auto;display:block}\n"
    "svg text{font:12px system-ui,sans-serif;fill:#1f2328}\n"
    "svg text.breach{fill:#cf222e}svg text.indet{fill:#9a6700}\n"
    ".nw{white-space:nowrap}\n"
    ".why{color:#57606a;font-size:12px}\n"
    "dfn{font-style:normal;font-weight:600}\n"
    "details summary{cursor:pointer;font-weight:600}\n"
    "footer{color:#57606a;font-size:12px;text-align:center;margin:16px}\n";

static const char DOM[] = "#2e7d32", FOR[] = "#c62828", UNK[] = "#9e9e9e";

/* 1234567 as "1,234,567". */
static void thousands(struct strbuf *sb, double v)
{
	if (isnan(v)) {
		sb_puts(sb, "\xE2\x80\x93");
		return;
	}
	char d[64];
	snprintf(d, sizeof(d), "%.0f", fabs(v));
	size_t n = strlen(d);
	if (v < 0 && d[0] != '0')
		sb_putc(sb, '-');
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			sb_putc(sb, ',');
		sb_putc(sb, d[i]);
	}
}

static void pct(struct strbuf *sb, double v)
{
	if (isnan(v))
		sb_puts(sb, "\xE2\x80\x93");
	else
		sb_printf(sb, "%.1f%%", v * 100.0);
}

/* ---- summary ---------------------------------------------------------------- */

static void card(struct strbuf *sb, const char *cls, size_t n, const char *label)
{
	sb_printf(sb, "<div class=\"card %s\"><b>%zu</b>%s</div>", cls, n, label);
}

void report_html_policies(const struct report *r, struct strbuf *sb)
{
	sb_puts(sb, "<table><tr><th>Policy</th><th>Version</th><th>Jurisdiction</th><th>Title</th>"
	            "</tr>\n");
	for (size_t i = 0; i < r->npolicies; i++) {
		const struct report_policy *p = &r->policies[i];
		sb_puts(sb, "<tr><td><code>");
		esc(sb, p->id);
		sb_puts(sb, "</code></td><td>");
		esc(sb, p->version ? p->version : "");
		sb_puts(sb, "</td><td>");
		esc(sb, p->jurisdiction ? p->jurisdiction : "");
		sb_puts(sb, "</td><td>");
		esc(sb, p->title ? p->title : "");
		sb_puts(sb, "</td></tr>\n");
	}
	sb_puts(sb, "</table>\n");
}

static void summary(struct strbuf *sb, const struct report *r)
{
	sb_printf(sb,
	          "<section id=\"summary\">\n<h1>chipgate report <span class=\"verdict "
	          "%s\">%s</span></h1>\n",
	          r->failed ? "fail" : "pass", r->failed ? "FAIL" : "PASS");
	sb_printf(
	    sb,
	    "<p class=\"meta\">as of %s &middot; generated %s &middot; fail on <b>%s</b> &middot; ",
	    r->as_of, r->generated_at, severity_name(r->fail_on));
	sb_printf(sb, "%zu assets, ", r->assets);
	thousands(sb, (double)r->units);
	sb_puts(sb, " units</p>\n<div class=\"cards\">");
	card(sb, "e", r->open[SEV_ERROR], "open errors");
	card(sb, "w", r->open[SEV_WARNING], "open warnings");
	card(sb, "i", r->open[SEV_INFO], "open info");
	card(sb, "", r->waived, "waived");
	card(sb, "", r->justified, "justified");
	card(sb, "", r->baseline, "baseline");
	sb_puts(sb, "</div>\n");
	report_html_policies(r, sb);
	sb_puts(sb, "</section>\n");
}

/* ---- charts ------------------------------------------------------------------ */

/* The SVG is 960 wide: names left of BAR_X (22 characters), the bars,
 * then their values, which take at most 30 characters (about 210 px). */
#define SVG_W 960.0
#define BAR_X 200.0
#define BAR_W 500.0

/* A bar segment from fraction A to B of the bar, with a tooltip. */
static void seg(struct strbuf *sb, double y, double a, double b, const char *fill, const char *tip)
{
	if (!(b > a))
		return;
	sb_printf(sb,
	          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"%s\"><title>",
	          BAR_X + a * BAR_W, y, (b - a) * BAR_W, fill);
	esc(sb, tip);
	sb_puts(sb, "</title></rect>");
}

/* Text cut to about MAX characters (not bytes), escaped. */
static void short_text(struct strbuf *sb, const char *s, size_t max)
{
	size_t chars = 0, i = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
			break;
	}
	struct strbuf t = STRBUF_INIT;
	sb_add(&t, s, i);
	if (s[i])
		sb_puts(&t, "\xE2\x80\xA6");
	esc(sb, sb_str(&t));
	sb_release(&t);
}

static double frac(double part, double total)
{
	return total > 0 ? part / total : 0;
}

/* Which share the rule measures: 0 units, 1 TPP, 2 its own weight (a
 * third bar). The report keeps the share by the rule's weight; the
 * shipped packs weigh by units or by quantity x TPP, which give those
 * shares exactly. */
static int measured(const struct exposure_row *e)
{
	double w = e->share_weight;
	if ((isnan(w) && isnan(e->share_tpp)) || w == e->share_tpp)
		return w == e->share_units && !isnan(w) && e->share_units != e->share_tpp ? 0 : 1;
	if ((isnan(w) && isnan(e->share_units)) || w == e->share_units)
		return 0;
	return 2;
}

#define ROW_H 64.0 /* one group: two or three bars */

static double group_height(const struct exposure_row *e)
{
	return measured(e) == 2 ? ROW_H + 20 : ROW_H;
}

/* Why an indeterminate group is neither a breach nor clear: which
 * unknowns could reverse it. UNKNOWN_MODELS lists model names the
 * catalog lacks, or is empty. */
static void why_indeterminate(struct strbuf *sb, const struct exposure_row *e,
			      const char *unknown_models)
{
	bool above = !isnan(e->share_weight) && e->share_weight > e->max_share;
	sb_puts(sb, above ? "Above the maximum of " : "Within the maximum of ");
	pct(sb, e->max_share);
	sb_puts(sb, " on what is known, but ");
	if (e->units_unknown) {
		thousands(sb, (double)e->units_unknown);
		sb_puts(sb, " units of unknown origin");
	}
	if (e->units_tpp_unknown) {
		sb_puts(sb, e->units_unknown ? " and " : "");
		thousands(sb, (double)e->units_tpp_unknown);
		sb_puts(sb, " units without a known TPP");
	}
	if (!e->units_unknown && !e->units_tpp_unknown)
		sb_puts(sb, "assets whose weight is unknown");
	sb_puts(sb, above ? " are not counted: were they domestic, with enough TPP, the share would "
			    "fall to the maximum or below."
			  : " could be foreign and raise the share above it.");
	if (*unknown_models) {
		sb_puts(sb, " Models not in the catalog: ");
		sb_puts(sb, unknown_models);
		sb_puts(sb, "; name them as the catalog does (CG-UNKNOWN-MODEL) to decide.");
	}
}

/* One bar: foreign, unknown origin (units only), the rest; LABEL left of
 * it, its share and VALUE right of it. */
static void bar(struct strbuf *sb, double y, const char *label, bool bold, double f, double u,
		double total, const char *tip_f, const char *tip_u, const char *tip_d)
{
	sb_printf(sb, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\"%s>%s</text>", BAR_X - 6,
		  y + 13, bold ? " font-weight=\"bold\"" : "", label);
	sb_printf(sb, "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.0f\" height=\"16\" fill=\"#eaeef2\"/>",
		  BAR_X, y, BAR_W);
	seg(sb, y, 0, f, FOR, tip_f);
	seg(sb, y, f, u, UNK, tip_u);
	seg(sb, y, u, total > 0 ? 1 : 0, DOM, tip_d);
	sb_putc(sb, '\n');
}

static void group_bars(struct strbuf *sb, const struct exposure_row *e, double y,
		       const char *unknown_models)
{
	struct strbuf tip = STRBUF_INIT, tip2 = STRBUF_INIT, tip3 = STRBUF_INIT;
	int m = measured(e);
	/* the name, and under it what the rule concluded */
	sb_printf(sb, "<text x=\"0\" y=\"%.1f\"%s>", y + 13,
		  e->breach ? " class=\"breach\"" : e->indeterminate ? " class=\"indet\"" : "");
	short_text(sb, e->group, 22);
	sb_puts(sb, "<title>");
	esc(sb, e->group);
	sb_puts(sb, "</title></text>\n");
	if (e->breach || e->indeterminate) {
		sb_printf(sb, "<text x=\"0\" y=\"%.1f\" class=\"%s\" fill=\"%s\">%s<title>", y + 33,
			  e->breach ? "breach" : "indet", e->breach ? "#cf222e" : "#9a6700",
			  e->breach ? "breach" : "indeterminate");
		if (e->indeterminate) {
			why_indeterminate(&tip, e, unknown_models);
			esc(sb, sb_str(&tip));
		} else {
			sb_puts(sb, "the share the rule measures is above the maximum");
		}
		sb_puts(sb, "</title></text>\n");
	}
	/* units: foreign, unknown origin, domestic */
	double t = (double)e->units_total, f = frac((double)e->units_foreign, t),
	       u = frac((double)(e->units_foreign + e->units_unknown), t);
	sb_reset(&tip);
	sb_printf(&tip, "foreign: %lld of %lld units", e->units_foreign, e->units_total);
	sb_printf(&tip2, "unknown origin: %lld units", e->units_unknown);
	sb_printf(&tip3, "domestic: %lld units", e->units_total - e->units_foreign - e->units_unknown);
	bar(sb, y, "units", m == 0, f, u, t, sb_str(&tip), sb_str(&tip2), sb_str(&tip3));
	/* TPP: foreign, the rest */
	double tf = frac(e->tpp_foreign, e->tpp_total);
	sb_reset(&tip);
	sb_printf(&tip, "foreign: TPP %.0f of %.0f", e->tpp_foreign, e->tpp_total);
	sb_reset(&tip3);
	sb_printf(&tip3, "not foreign: TPP %.0f", e->tpp_total - e->tpp_foreign);
	bar(sb, y + 20, "TPP", m == 1, tf, tf, e->tpp_total, sb_str(&tip), "", sb_str(&tip3));
	if (m == 2) {
		double wf = isnan(e->share_weight) ? 0 : e->share_weight;
		bar(sb, y + 40, "weight", true, wf, wf, isnan(e->share_weight) ? 0 : 1,
		    "foreign share by the rule's weight", "", "the rest, by the rule's weight");
	}
	/* the values: at most 30 characters right of the bars */
	double vx = BAR_X + BAR_W + 8;
	sb_printf(sb, "<text x=\"%.0f\" y=\"%.1f\"%s>", vx, y + 13, m == 0 ? " font-weight=\"bold\"" : "");
	pct(sb, e->share_units);
	sb_puts(sb, " (");
	thousands(sb, (double)e->units_foreign);
	sb_puts(sb, " of ");
	thousands(sb, (double)e->units_total);
	sb_printf(sb, ")</text><text x=\"%.0f\" y=\"%.1f\"%s>", vx, y + 33,
		  m == 1 ? " font-weight=\"bold\"" : "");
	pct(sb, e->share_tpp);
	sb_puts(sb, "</text>\n");
	if (m == 2) {
		sb_printf(sb, "<text x=\"%.0f\" y=\"%.1f\" font-weight=\"bold\">", vx, y + 53);
		pct(sb, e->share_weight);
		sb_puts(sb, "</text>\n");
	}
	/* the maximum, on the bar the rule measures only */
	if (!isnan(e->max_share) && e->max_share >= 0 && e->max_share <= 1) {
		double x = BAR_X + e->max_share * BAR_W, by = y + 20.0 * m;
		sb_printf(sb,
			  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1f2328\" "
			  "stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\n",
			  x, by - 3, x, by + 19);
		if (e->breach)
			sb_printf(sb,
				  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"20\" fill=\"none\" "
				  "stroke=\"#cf222e\" stroke-width=\"2\"/>\n",
				  BAR_X - 2, by - 2, BAR_W + 4);
	}
	sb_release(&tip);
	sb_release(&tip2);
	sb_release(&tip3);
}

static void legend(struct strbuf *sb, bool unknown, bool maximum)
{
	sb_printf(
	    sb,
	    "<p class=\"legend\"><span><i class=\"sw\" style=\"background:%s\"></i>foreign</span>"
	    "<span><i class=\"sw\" style=\"background:%s\"></i>domestic</span>",
	    FOR, DOM);
	if (unknown)
		sb_printf(sb,
		          "<span><i class=\"sw\" style=\"background:%s\"></i>unknown origin</span>",
		          UNK);
	sb_puts(sb, maximum ? "<span><strong>bold</strong>: the share the rule measures; - - - its maximum; "
			      "a red frame: breach</span></p>\n"
			    : "</p>\n");
}

/* Up to five distinct model names the catalog lacks, from the
 * CG-UNKNOWN-MODEL findings the report holds, quoted and escaped later. */
static void unknown_models(struct strbuf *sb, const struct report *r)
{
	const char *seen[5];
	size_t n = 0;
	for (size_t i = 0; i < r->nfindings && n < CG_ARRAY_LEN(seen); i++) {
		const struct finding *f = &r->findings[i];
		if (strcmp(f->ctx->rule->id, "CG-UNKNOWN-MODEL") != 0)
			continue;
		const char *m = report_finding_model(f);
		bool dup = !m;
		for (size_t k = 0; k < n && !dup; k++)
			dup = strcmp(seen[k], m) == 0;
		if (dup)
			continue;
		sb_printf(sb, "%s'%s'", n ? ", " : "", m);
		seen[n++] = m;
	}
}

/* One chart per exposure rule: rows [from, to) of r->exposure. */
static void exposure_chart(struct strbuf *sb, const struct report *r, size_t from, size_t to,
			   const char *unknown)
{
	const struct exposure_row *e0 = &r->exposure[from];
	const struct rule_info *ri = report_find_rule(r, e0->policy, e0->rule);
	bool unk = false;
	int m = measured(e0);
	for (size_t i = from; i < to; i++)
		unk = unk || r->exposure[i].units_unknown > 0;
	sb_puts(sb, "<h3><code>");
	esc(sb, e0->rule);
	sb_puts(sb, "</code> (");
	esc(sb, e0->policy);
	sb_puts(sb, "): foreign share by group, maximum ");
	pct(sb, e0->max_share);
	sb_puts(sb, "</h3>\n<p class=\"meta\">Counts the assets the rule applies to");
	if (ri && ri->when && ri->when[0]) {
		sb_puts(sb, ", <code>");
		esc(sb, ri->when);
		sb_puts(sb, "</code>");
		if (strstr(ri->when, "status != 'decommissioned'"))
			sb_puts(sb, " (deployed, ordered and planned; not decommissioned)");
	}
	sb_printf(sb, ". The rule measures the foreign share %s, the bar in bold.</p>\n",
		  m == 0 ? "of units" : m == 1 ? "of TPP" : "by its own weight");
	legend(sb, unk, true);
	double h = 8;
	for (size_t i = from; i < to; i++)
		h += group_height(&r->exposure[i]);
	sb_printf(sb,
	          "<svg width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
	          "role=\"img\">\n<title>",
	          SVG_W, h, SVG_W, h);
	esc(sb, e0->rule);
	sb_puts(sb, ": foreign share by group</title>\n");
	double y = 8;
	for (size_t i = from; i < to; i++) {
		group_bars(sb, &r->exposure[i], y, unknown);
		y += group_height(&r->exposure[i]);
	}
	sb_puts(sb, "</svg>\n");
	sb_puts(sb, "<table><tr><th>Group</th><th>Foreign / all units</th><th>Unknown origin</th>"
	            "<th>Share (units)</th><th>Share (TPP)</th><th>Share (rule "
	            "weight)</th><th></th></tr>\n");
	struct strbuf why = STRBUF_INIT;
	for (size_t i = from; i < to; i++) {
		const struct exposure_row *e = &r->exposure[i];
		sb_puts(sb, "<tr><td>");
		esc(sb, e->group);
		sb_printf(sb,
		          "</td><td class=\"n\">%lld / %lld</td><td class=\"n\">%lld</td><td "
		          "class=\"n\">",
		          e->units_foreign, e->units_total, e->units_unknown);
		pct(sb, e->share_units);
		sb_puts(sb, "</td><td class=\"n\">");
		pct(sb, e->share_tpp);
		sb_puts(sb, "</td><td class=\"n\">");
		pct(sb, e->share_weight);
		sb_printf(sb, "</td><td>%s",
		          e->breach          ? "<span class=\"breach\">breach</span>"
		          : e->indeterminate ? "<span class=\"indet\">indeterminate</span>"
		                             : "");
		if (e->indeterminate) {
			sb_reset(&why);
			why_indeterminate(&why, e, unknown);
			sb_puts(sb, "<span class=\"why note\">");
			esc(sb, sb_str(&why));
			sb_puts(sb, "</span>");
		}
		sb_puts(sb, "</td></tr>\n");
	}
	sb_release(&why);
	sb_puts(sb, "</table>\n");
}

static const char *const FOR_SHADES[] = {"#c62828", "#ef6c00", "#ad1457", "#6a1b9a", "#e53935"};
static const char *const DOM_SHADES[] = {"#2e7d32", "#00897b", "#558b2f"};

/* One origin's part of a bar, at least 2 pixels wide when not empty so a
 * small foreign share stays visible (the tooltip and table are exact). */
static void origin_segment(struct strbuf *sb, const struct origin_row *o, double y, double at,
                           double w, int bar, const char *fill)
{
	struct strbuf tip = STRBUF_INIT;
	sb_printf(&tip, "%s (%s): ", o->origin ? o->origin : "unknown",
	          !o->origin   ? "unknown"
	          : o->foreign ? "foreign"
	                       : "domestic");
	if (bar)
		sb_printf(&tip, "TPP %.0f", o->tpp);
	else
		sb_printf(&tip, "%lld units", o->units);
	double min = 2.0 / BAR_W;
	seg(sb, y, at, at + (w > 0 && w < min ? min : w), fill, sb_str(&tip));
	if (w * BAR_W >= 28) {
		sb_printf(sb, "<text x=\"%.1f\" y=\"%.1f\" style=\"fill:#fff\">",
		          BAR_X + at * BAR_W + 4, y + 12.5);
		short_text(sb, o->origin ? o->origin : "?", 8);
		sb_puts(sb, "</text>");
	}
	sb_release(&tip);
}

/* Units and TPP by origin, for one jurisdiction: rows [from, to). */
static void origin_chart(struct strbuf *sb, const struct report *r, size_t from, size_t to)
{
	double units = 0, tpp = 0;
	for (size_t i = from; i < to; i++) {
		units += (double)r->origins[i].units;
		tpp += r->origins[i].tpp;
	}
	sb_puts(sb, "<h3>Inventories of ");
	esc(sb, r->origins[from].jurisdiction ? r->origins[from].jurisdiction : "(unknown)");
	sb_puts(sb, ": units and TPP by country of origin</h3>\n<p class=\"meta\">Every asset "
		    "listed, whatever its status: deployed, ordered, planned and decommissioned "
		    "alike; the charts above count only what each rule applies to.</p>\n");
	bool unknown = false;
	for (size_t i = from; i < to; i++)
		unknown = unknown || !r->origins[i].origin;
	legend(sb, unknown, false);
	sb_printf(sb, "<svg width=\"%.0f\" height=\"60\" viewBox=\"0 0 %.0f 60\" "
		      "role=\"img\">\n<title>units and TPP by origin</title>\n",
		  SVG_W, SVG_W);
	for (int bar = 0; bar < 2; bar++) {
		double y = 6 + 26.0 * bar, at = 0, total = bar ? tpp : units, foreign = 0;
		size_t nf = 0, nd = 0;
		sb_printf(sb, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
		          BAR_X - 6, y + 13, bar ? "TPP" : "units");
		sb_printf(
		    sb,
		    "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.0f\" height=\"16\" fill=\"#eaeef2\"/>",
		    BAR_X, y, BAR_W);
		/* foreign first, as in the exposure charts, then unknown, then domestic */
		for (int kind = 0; kind < 3; kind++)
			for (size_t i = from; i < to; i++) {
				const struct origin_row *o = &r->origins[i];
				int k = !o->origin ? 1 : o->foreign ? 0 : 2;
				if (k != kind)
					continue;
				double w = frac(bar ? o->tpp : (double)o->units, total);
				if (k == 0)
					foreign += w;
				origin_segment(sb, o, y, at, w, bar,
				               k == 1 ? UNK
				               : k == 0
				                   ? FOR_SHADES[nf++ % CG_ARRAY_LEN(FOR_SHADES)]
				                   : DOM_SHADES[nd++ % CG_ARRAY_LEN(DOM_SHADES)]);
				at += w;
			}
		sb_printf(sb, "<text x=\"%.0f\" y=\"%.1f\">", BAR_X + BAR_W + 8, y + 13);
		thousands(sb, total);
		sb_puts(sb, ", foreign ");
		pct(sb, total > 0 ? foreign : NAN);
		sb_puts(sb, "</text>\n");
	}
	sb_puts(sb, "</svg>\n<table><tr><th>Origin</th><th></th><th>Units</th><th>TPP</th>"
	            "<th>Units with unknown TPP</th></tr>\n");
	for (size_t i = from; i < to; i++) {
		const struct origin_row *o = &r->origins[i];
		sb_puts(sb, "<tr><td>");
		esc(sb, o->origin ? o->origin : "unknown");
		sb_printf(sb, "</td><td>%s</td><td class=\"n\">",
		          !o->origin   ? ""
		          : o->foreign ? "foreign"
		                       : "domestic");
		thousands(sb, (double)o->units);
		sb_puts(sb, "</td><td class=\"n\">");
		thousands(sb, o->tpp);
		sb_printf(sb, "</td><td class=\"n\">%lld</td></tr>\n", o->units_tpp_unknown);
	}
	sb_puts(sb, "</table>\n");
}

static int strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static void charts(struct strbuf *sb, const struct report *r)
{
	sb_puts(sb, "<section id=\"exposure\">\n<h2>Foreign exposure</h2>\n"
		    "<p class=\"meta\"><dfn><abbr title=\"Total Processing Performance\">TPP</abbr>"
		    "</dfn>, Total Processing Performance, is the measure of a chip's compute that "
		    "US export controls use (ECCN 3A090): 2 &times; its dense multiply-accumulate "
		    "operations per second, in tera, &times; the bit length of the operation. A "
		    "share of TPP is a share of compute; a share of units counts chips whatever "
		    "their power.</p>\n");
	if (!r->nexposure)
		sb_puts(sb, "<p class=\"meta\">No exposure rule applied.</p>\n");
	struct strbuf unknown = STRBUF_INIT;
	unknown_models(&unknown, r);
	for (size_t i = 0; i < r->nexposure;) {
		size_t j = i + 1;
		while (j < r->nexposure &&
		       strcmp(r->exposure[j].policy, r->exposure[i].policy) == 0 &&
		       strcmp(r->exposure[j].rule, r->exposure[i].rule) == 0)
			j++;
		exposure_chart(sb, r, i, j, sb_str(&unknown));
		i = j;
	}
	sb_release(&unknown);
	for (size_t i = 0; i < r->norigins;) {
		size_t j = i + 1;
		while (j < r->norigins &&
		       strcmp0(r->origins[j].jurisdiction, r->origins[i].jurisdiction) == 0)
			j++;
		origin_chart(sb, r, i, j);
		i = j;
	}
	sb_puts(sb, "</section>\n");
}

/* ---- findings, rules, inputs ------------------------------------------------- */

static void finding_row(struct strbuf *sb, const struct finding *f)
{
	sb_printf(sb, "<tr><td><span class=\"st %s\">%s</span></td><td class=\"nw\"><code>",
	          fstatus_name(f->status), fstatus_name(f->status));
	esc(sb, f->ctx->rule->id);
	sb_puts(sb, "</code></td><td class=\"nw\">");
	if (f->asset) {
		esc(sb, f->asset);
	} else {
		sb_puts(sb, "group ");
		esc(sb, f->ctx->group ? f->ctx->group : "");
	}
	sb_puts(sb, "</td><td class=\"mono\">");
	if (f->ctx->file) {
		esc(sb, f->ctx->file);
		if (f->line)
			sb_printf(sb, ":%d", f->line);
	}
	sb_puts(sb, "</td><td>");
	{
		struct strbuf scratch = STRBUF_INIT;
		const char *m = report_message(f, &scratch);
		esc(sb, m ? m : "");
		sb_release(&scratch);
	}
	if (f->ctx->note) {
		sb_puts(sb, "<span class=\"note\">");
		esc(sb, f->ctx->note);
		sb_puts(sb, "</span>");
	}
	sb_puts(sb, "</td></tr>\n");
}

/* At most max_findings findings of each severity (a browser page, not an
 * archive: the JSON report has every finding), open ones first. */
static void findings(struct strbuf *sb, const struct report *r)
{
	static const char *const titles[] = {"Info", "Warnings", "Errors"};
	struct report_listing l;
	report_listing(r, report_max_findings(&r->view, REPORT_HTML_MAX_FINDINGS), &l);
	sb_puts(sb, "<section id=\"findings\">\n<h2>Findings</h2>\n");
	if (!r->total[SEV_ERROR] && !r->total[SEV_WARNING] && !r->total[SEV_INFO])
		sb_puts(sb, "<p>No findings.</p>\n");
	for (int s = SEV_ERROR; s >= SEV_INFO; s--) {
		if (!r->total[s])
			continue;
		sb_printf(sb, "<h3>%s (", titles[s]);
		thousands(sb, (double)r->open[s]);
		sb_puts(sb, " open, ");
		thousands(sb, (double)r->total[s]);
		sb_puts(sb, " in all)</h3>\n");
		if (l.listed[s])
			sb_puts(sb, "<table><tr><th>Status</th><th>Rule</th><th>Asset</th><th>Location</th>"
				    "<th>Message</th></tr>\n");
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < r->nfindings; i++) {
				const struct finding *f = &r->findings[i];
				if (f->severity == (enum severity)s && (f->status == FS_OPEN) == (pass == 0) &&
				    report_listed(&l, f, i))
					finding_row(sb, f);
			}
		if (l.listed[s])
			sb_puts(sb, "</table>\n");
		if (r->total[s] > l.listed[s]) {
			sb_puts(sb, "<p class=\"meta\">&hellip; and ");
			thousands(sb, (double)(r->total[s] - l.listed[s]));
			sb_puts(sb, " more not listed (");
			thousands(sb, (double)l.open_left[s]);
			sb_puts(sb, " of them open): at most ");
			thousands(sb, (double)l.max);
			sb_puts(sb, " of each severity are, open ones first; the JSON report lists "
				    "every finding.</p>\n");
		}
	}
	sb_puts(sb, "</section>\n");
}

static void rules(struct strbuf *sb, const struct report *r)
{
	sb_puts(sb, "<section id=\"rules\">\n<details><summary>Rules applied</summary>\n"
	            "<table><tr><th>Rule</th><th>Policy</th><th>Severity</th><th>Title and "
	            "references</th></tr>\n");
	for (size_t i = 0; i < r->nrules; i++) {
		const struct rule_info *ri = r->rules[i];
		sb_puts(sb, "<tr><td class=\"nw\"><code>");
		esc(sb, ri->id);
		sb_puts(sb, "</code></td><td>");
		esc(sb, ri->policy);
		sb_printf(sb, "</td><td>%s</td><td>", severity_name(ri->severity));
		esc(sb, ri->title ? ri->title : "");
		if (!ri->evaluated && strcmp(ri->policy, "chipgate") != 0)
			sb_puts(sb, " <span class=\"note\">(applied to no asset)</span>");
		for (size_t k = 0; k < ri->nreferences; k++) {
			sb_puts(sb, "<span class=\"note\">");
			esc(sb, ri->references[k]);
			sb_puts(sb, "</span>");
		}
		sb_puts(sb, "</td></tr>\n");
	}
	sb_puts(sb, "</table>\n</details>\n</section>\n");
}

static void inputs(struct strbuf *sb, const struct report *r)
{
	sb_puts(sb, "<section id=\"inputs\">\n<h2>Inputs</h2>\n"
	            "<table><tr><th>Path</th><th>Role</th><th>SHA-256</th></tr>\n");
	for (size_t i = 0; i < r->ninputs; i++) {
		sb_puts(sb, "<tr><td class=\"mono\">");
		esc(sb, r->inputs[i].path);
		sb_puts(sb, "</td><td>");
		esc(sb, r->inputs[i].role);
		sb_puts(sb, "</td><td class=\"mono hash\">");
		esc(sb, r->inputs[i].sha256);
		sb_puts(sb, "</td></tr>\n");
	}
	sb_puts(sb, "</table>\n</section>\n");
}

int report_write_html(const struct report *r, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	             "style-src 'unsafe-inline'\">\n"
	             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	sb_printf(&sb,
	          "<title>chipgate report: %s, as of "
	          "%s</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n",
	          r->failed ? "FAIL" : "PASS", r->as_of, CSS);
	summary(&sb, r);
	charts(&sb, r);
	findings(&sb, r);
	rules(&sb, r);
	inputs(&sb, r);
	sb_printf(&sb,
	          "</main>\n<footer>chipgate %s &middot; report schema %s &middot; generated "
	          "%s</footer>\n"
	          "</body>\n</html>\n",
	          CHIPGATE_VERSION, REPORT_SCHEMA, r->generated_at);
	int rc = fwrite(sb_str(&sb), 1, sb.len, fp) == sb.len && !ferror(fp) ? 0 : -1;
	sb_release(&sb);
	return rc;
}
