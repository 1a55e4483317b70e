#!/usr/bin/env python3
"""Generate a deterministic N-row accelerator fleet for chipgate's benchmark.

The same N and seed always give byte-identical files (a private LCG, no
dependence on Python's random module). The fleet is a global operator's:
one row per server (quantity 1-16), sites in CN, the US, the EU and Asia,
a realistic model mix (mostly domestic chips in CN sites, mostly NVIDIA/AMD
elsewhere, a few unknown model spellings), mostly deployed and commercial,
so that most rows are clean and there are about 0.3 findings per row under
cn-cac-2025 + us-ear-2025 (a CN row has about two: the packs disagree on
domestic chips; a row elsewhere about 0.1) -- the figure that drives
check's memory.

--mix dense puts most rows in CN sites (a CN operator's fleet): most rows
then break some rule, about 1.3 findings per row -- the fleet whose report
costs the most to write.

usage: gen_fleet.py [-n ROWS] [--seed S] [--mix light|dense] [--format csv|cfg] [-o FILE]
       gen_fleet.py --header FILE     (the companion --justifications file)
"""
import argparse
import sys

# (site, country, weight): about a tenth of the rows are in CN sites
SITES = [(f"cn-{c}-dc1", "CN", 1) for c in ("bj", "sh", "sz", "hz", "cd", "gy")]
SITES += [(f"us-{c}-dc{i}", "US", 4) for c in ("va", "or", "tx", "oh") for i in (1, 2)]
SITES += [(f"eu-{c}-dc1", c.upper(), 3) for c in ("de", "fr", "nl", "ie")]
SITES += [("sg-dc1", "SG", 2), ("jp-dc1", "JP", 2), ("in-dc1", "IN", 2), ("ae-dc1", "AE", 2),
          ("mo-dc1", "MO", 2)]

# model mixes by region: (model text as inventories spell it, weight)
CN_MODELS = [("Huawei Ascend 910B", 30), ("Ascend 910C", 8), ("Cambricon MLU370-X8", 8),
             ("Hygon DCU K100", 8), ("Kunlunxin R200", 5), ("MetaX C500", 3), ("Enflame S60", 2),
             ("Iluvatar BI-V100", 2), ("NVIDIA H20", 12), ("NVIDIA A800", 6), ("H800 SXM5", 4),
             ("NVIDIA L20", 5), ("RTX 4090D", 4), ("NVIDIA A100 SXM4 80GB", 2),
             ("Huawei Ascend 910", 1)]
WORLD_MODELS = [("NVIDIA H100 SXM5", 25), ("NVIDIA H200", 12), ("NVIDIA B200", 6),
                ("NVIDIA A100 SXM4 80GB", 15), ("NVIDIA L40S", 10), ("NVIDIA L40", 4),
                ("AMD Instinct MI300X", 10), ("MI250X", 3), ("Instinct MI210", 3),
                ("GeForce RTX 4090", 4), ("NVIDIA GH200", 3), ("H100 PCIe", 4),
                ("Nvidia H1OO", 1)]  # a typo: CG-UNKNOWN-MODEL with a suggestion
STATUS = [("deployed", 90), ("decommissioned", 5), ("ordered", 3), ("planned", 2)]
PURPOSE = [("commercial", 78), ("research", 14), ("other", 3), ("government", 2),
           ("critical-infrastructure", 1), ("", 2)]
OWNERS = [f"team-{i:02d}" for i in range(24)]
TAGS = ["training", "inference", "training;inference", "batch", ""]


class Lcg:
    """Numerical Recipes' 64-bit LCG; the top bits are good enough here."""

    def __init__(self, seed):
        self.x = (seed * 6364136223846793005 + 1442695040888963407) & (2**64 - 1)

    def next(self, n):
        self.x = (self.x * 6364136223846793005 + 1442695040888963407) & (2**64 - 1)
        return (self.x >> 33) % n


def table(choices):
    """Expand (value, weight) pairs into a list to index uniformly."""
    out = []
    for value, weight in choices:
        out.extend([value] * weight)
    return out


def rows(n, seed, mix="light"):
    rng = Lcg(seed)
    cn_weight = 12 if mix == "dense" else None  # per CN site; the others keep theirs
    sites = table([(s[:2], cn_weight if cn_weight and s[1] == "CN" else s[2]) for s in SITES])
    cn, world = table(CN_MODELS), table(WORLD_MODELS)
    status, purpose = table(STATUS), table(PURPOSE)
    for i in range(n):
        site, country = sites[rng.next(len(sites))]
        models = cn if country == "CN" else world
        model = models[rng.next(len(models))]
        st = status[rng.next(len(status))]
        pu = purpose[rng.next(len(purpose))]
        qty = (1, 2, 4, 8, 8, 8, 16)[rng.next(7)]
        rack = f"R{rng.next(400):03d}"
        order = f"PO-2025-{rng.next(9000) + 1000}" if st in ("ordered", "planned") else ""
        yield (f"srv-{i:07d}", model, qty, site, pu, st, order, country, OWNERS[rng.next(len(OWNERS))],
               TAGS[rng.next(len(TAGS))], rack)


def write_csv(out, n, seed, mix):
    out.write("id,model,quantity,site,purpose,status,order,destination,owner,tags,rack\n")
    for r in rows(n, seed, mix):
        out.write(",".join(str(x) for x in r) + "\n")


def cfg_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_cfg(out, n, seed, mix):
    out.write(HEADER)
    out.write("assets = (\n")
    for k, (aid, model, qty, site, pu, st, order, dest, owner, tags, rack) in enumerate(rows(n, seed, mix)):
        f = [f"id = {cfg_str(aid)}", f"model = {cfg_str(model)}", f"quantity = {qty}",
             f"site = {cfg_str(site)}"]
        if pu:
            f.append(f"purpose = {cfg_str(pu)}")
        f.append(f"status = {cfg_str(st)}")
        if order:
            f.append(f"order = {cfg_str(order)}")
        f.append(f"destination = {cfg_str(dest)}")
        f.append(f"owner = {cfg_str(owner)}")
        if tags:
            f.append("tags = [" + ", ".join(cfg_str(t) for t in tags.split(";")) + "]")
        f.append(f"attrs = {{ rack = {cfg_str(rack)}; }}")
        out.write(("  { " if k == 0 else ", { ") + "; ".join(f) + "; }\n")
    out.write(");\n" + RECORDS)


HEADER = """inventory = {
  organization = "Benchmark Global Cloud";
  jurisdiction = "CN";
  as_of = "2025-08-12";
};
"""

# A few justifications and waivers, as a real companion file would have.
RECORDS = """justifications = (
  { asset = "srv-0000042"; rule = "CN-JUST-001"; reason = "training cluster extension";
    alternatives = ["huawei-ascend-910b"]; requested_by = "li.wei"; approver = "zhang.min";
    approved_on = "2025-07-20"; expires = "2026-07-20"; }
);
waivers = (
  { rule = "CN-SUBST-001"; asset = "srv-0000007"; reason = "refresh planned 2026";
    approver = "zhang.min"; expires = "2026-03-31"; }
);
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--format", choices=("csv", "cfg"), default="csv")
    ap.add_argument("--mix", choices=("light", "dense"), default="light")
    ap.add_argument("-o", default="-")
    ap.add_argument("--header", metavar="FILE", help="write the companion header file and exit")
    a = ap.parse_args()
    if a.header:
        with open(a.header, "w") as f:
            f.write(HEADER + RECORDS)
        return
    out = sys.stdout if a.o == "-" else open(a.o, "w", buffering=1 << 20)
    (write_csv if a.format == "csv" else write_cfg)(out, a.n, a.seed, a.mix)
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
