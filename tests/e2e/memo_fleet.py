"""Write a fleet that exercises every kind of rule, for tests/e2e/memo.sh.

The engine memoises rule verdicts, evidence and message parts per asset
signature (model text, purpose, status, destination); CHIPGATE_NO_MEMO=1
turns that off. This fleet gives the memo every chance to be wrong: every
catalog chip and a few spellings, unknown and ambiguous models, every
purpose, status and workload, destinations inside and outside the packs'
country groups, sites with and without facts (and some not in the sites
file), the attributes the packs name (and some they do not), quantities
and order dates that per-asset message parts and conditions read;
justifications (valid, expired, self-approved, incomplete, for a missing
asset), waivers (of assets, of exposure groups, of a whole rule, expired,
stale). The same arguments always give the same files.

usage: memo_fleet.py -n ROWS --models FILE --just-rules IDS --expo-rules IDS --rules IDS -o DIR
  FILE: catalog ids, one a line; IDS: comma-separated rule ids (the packs'
  justification rules, exposure rules, every rule)
  writes DIR/fleet.csv, DIR/sites.csv, DIR/header.cfg
"""
import argparse
import os


class Lcg:
    def __init__(self, seed):
        self.x = seed

    def next(self, n):
        self.x = (self.x * 6364136223846793005 + 1442695040888963407) & (2**64 - 1)
        return (self.x >> 33) % n

    def pick(self, seq):
        return seq[self.next(len(seq))]


SITES = [  # id, country, province, funding, completion, owner_hq, public_hub, programme
    ("cn-bj-dc1", "CN", "Beijing", "state", "0.25", "CN", "true", "east-data-west-compute"),
    ("cn-sh-dc1", "CN", "Shanghai", "public", "1", "CN", "false", ""),
    ("cn-gs-dc1", "CN", "Gansu", "state", "0.6", "", "true", "east-data-west-compute"),
    ("cn-sz-dc1", "CN", "Guangdong", "private", "", "US", "", ""),
    ("us-va-dc1", "US", "", "private", "1", "US", "false", ""),
    ("us-or-dc1", "US", "", "", "", "CN", "", ""),
    ("sg-dc1", "SG", "", "private", "1", "CN", "", ""),
    ("mo-dc1", "MO", "", "", "", "", "", ""),
]
UNLISTED_SITES = ["hk-dc1", "ru-dc1"]  # not in sites.csv: CG-UNKNOWN-SITE
EXTRA_MODELS = ["H100 PCIe", "NVIDIA H20", "H20 96GB", "Huawei Ascend 910B", "Ascend 910C",
                "nvidia a800", "RTX 4090D", "MI308X", "Nvidia H1OO", "Mystery Accelerator X1",
                "Ascend", "pci:10de:2330"]
# two sites whose exposure is decided: foreign chips of known TPP only (a
# breach), domestic ones only (a pass); the rest have every model
SITE_MODELS = {"cn-sh-dc1": ["H100 PCIe", "NVIDIA H20", "nvidia a800", "NVIDIA L20"],
               "cn-bj-dc1": ["Huawei Ascend 910B", "Ascend 910C", "Cambricon MLU370-X8"]}
PURPOSES = ["commercial", "research", "government", "critical-infrastructure", "military",
            "public-institution", "other", ""]
STATUSES = ["deployed", "deployed", "ordered", "planned", "decommissioned"]
WORKLOADS = ["training", "inference", "mixed", ""]
DESTS = ["CN", "CN", "US", "MO", "HK", "RU", "NL", "SG", "AE", "IR", ""]
HQS = ["CN", "US", "MO", "", "", ""]
DATES = ["2025-03-01", "2025-09-15", "2026-02-01", "2026-06-15", ""]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=6000)
    ap.add_argument("--models", required=True)
    ap.add_argument("--just-rules", default="")
    ap.add_argument("--expo-rules", default="")
    ap.add_argument("--rules", default="")
    ap.add_argument("-o", required=True)
    a = ap.parse_args()
    with open(a.models) as f:
        models = [m.strip() for m in f if m.strip()] + EXTRA_MODELS
    just_rules = [r for r in a.just_rules.split(",") if r]
    expo_rules = [r for r in a.expo_rules.split(",") if r]
    rules = [r for r in a.rules.split(",") if r]
    rng = Lcg(20261204)
    sites = [s[0] for s in SITES] + UNLISTED_SITES + [""]
    os.makedirs(a.o, exist_ok=True)

    with open(os.path.join(a.o, "sites.csv"), "w") as f:
        f.write("id,country,province,funding,completion,owner_hq,public_hub,programme\n")
        for s in SITES:
            f.write(",".join(s) + "\n")

    ordered, assets = [], []
    with open(os.path.join(a.o, "fleet.csv"), "w") as f:
        f.write("id,model,quantity,site,purpose,status,order,ordered_on,workload,destination,"
                "owner,tags,end_user_hq,end_user,remote_access_from,end_user_listed_owner,"
                "identity_conflict,memory_mib,rack\n")
        for i in range(a.n):
            aid = f"a-{i:06d}"
            st = rng.pick(STATUSES)
            site = rng.pick(sites)
            row = [aid, rng.pick(SITE_MODELS.get(site, models)), str(rng.pick([1, 2, 4, 8, 8, 16, 64, 512])),
                   site, rng.pick(PURPOSES), st,
                   f"PO-{rng.next(9000) + 1000}" if st in ("ordered", "planned") else "",
                   rng.pick(DATES) if st != "deployed" or rng.next(4) == 0 else "",
                   rng.pick(WORKLOADS), rng.pick(DESTS), f"team-{rng.next(7)}",
                   rng.pick(["training", "inference;llm", ""]),
                   rng.pick(HQS), rng.pick(["", "", "Acme Cloud", "Listed Co"]),
                   rng.pick(["", "", "", "CN", "US"]), rng.pick(["", "", "", "Huawei"]),
                   ("reported 24576 MiB contradicts the model's 81920 MiB"
                    if rng.next(50) == 0 else ""),
                   rng.pick(["", "81920", "24576"]), f"R{rng.next(40)}"]
            f.write(",".join(row) + "\n")
            assets.append(aid)
            if st in ("ordered", "planned"):
                ordered.append(aid)

    def rec(fields):
        return "  { " + " ".join(f"{k} = {v};" for k, v in fields) + " }"

    def q(s):
        return '"' + s + '"'

    justs = []
    for k, aid in enumerate(ordered[:120]):
        for rule in just_rules:
            kind = k % 6
            fields = [("asset", q(aid)), ("rule", q(rule)),
                      ("reason", q("capacity for the training cluster"))]
            if kind != 3:  # 3: incomplete, no alternatives
                fields.append(("alternatives", '["huawei-ascend-910b", "cambricon-mlu370-x8"]'))
            if kind == 4:  # a stated need a domestic alternative meets
                fields.append(("need", "{ tflops_fp16 = 100.0; }"))
            fields.append(("requested_by", q("li.wei")))
            fields.append(("approver", q("li.wei" if kind == 2 else "zhang.min")))
            fields.append(("approved_on", q("2025-07-20")))
            fields.append(("expires", q("2025-08-01" if kind == 1 else "2027-07-20")))
            justs.append(rec(fields))
    justs.append(rec([("asset", q("no-such-asset")), ("rule", q(just_rules[0] if just_rules else "X")),
                      ("reason", q("stale")), ("requested_by", q("a")), ("approver", q("b")),
                      ("approved_on", q("2025-07-20")), ("expires", q("2027-07-20"))]))
    waivers = []
    for k, aid in enumerate(assets[:4000:37]):
        rule = rules[k % len(rules)] if rules else "CG-UNKNOWN-MODEL"
        waivers.append(rec([("rule", q(rule)), ("asset", q(aid)), ("reason", q("migration planned")),
                            ("approver", q("security-office")),
                            ("expires", q("2025-01-31" if k % 5 == 0 else "2027-03-31"))]))
    for site in ("cn-bj-dc1", "cn-sh-dc1", "sg-dc1"):
        for rule in expo_rules:
            waivers.append(rec([("rule", q(rule)), ("group", q(site)), ("reason", q("plan")),
                                ("approver", q("cio")), ("expires", q("2027-01-01"))]))
    if rules:
        waivers.append(rec([("rule", q(rules[-1])), ("reason", q("whole rule")),
                            ("approver", q("cio")), ("expires", q("2027-01-01"))]))
    waivers.append(rec([("rule", q("CG-UNKNOWN-MODEL")), ("asset", q("no-such-asset")),
                        ("reason", q("stale")), ("approver", q("cio")), ("expires", q("2027-01-01"))]))
    with open(os.path.join(a.o, "header.cfg"), "w") as f:
        f.write('inventory = {\n  organization = "Memo Test Cloud";\n  jurisdiction = "CN";\n'
                '  kind = "state-owned";\n  as_of = "2025-08-12";\n};\n')
        f.write("justifications = (\n" + ",\n".join(justs) + "\n);\n")
        f.write("waivers = (\n" + ",\n".join(waivers) + "\n);\n")


main()
