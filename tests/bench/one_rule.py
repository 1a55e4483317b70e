#!/usr/bin/env python3
"""The obvious alternative to `chipgate check` for one rule, for the benchmark.

Applies only the logic of CN-GOV-001 (a foreign -- not Chinese -- accelerator
in a government-related or critical-infrastructure deployment that is not
decommissioned) to a CSV fleet with Python's csv module, and prints the
findings count. The model -> vendor-country table covers the models that
tests/bench/gen_fleet.py writes; it is what a quick script would hard-code.

usage: one_rule.py FLEET.csv
"""
import csv
import sys

CN = {"Huawei Ascend 910B", "Ascend 910C", "Cambricon MLU370-X8", "Hygon DCU K100",
      "Kunlunxin R200", "MetaX C500", "Enflame S60", "Iluvatar BI-V100", "Huawei Ascend 910"}
WATCH = {"NVIDIA H20"}  # CN-GOV-001 leaves the H20 to its own rules
GOV = {"government", "critical-infrastructure"}


def main():
    findings = 0
    with open(sys.argv[1], newline="") as f:
        for row in csv.DictReader(f):
            model = row["model"]
            if model in CN or model in WATCH or model == "Nvidia H1OO":
                continue  # domestic, watched, or unknown to the table
            if row["purpose"] in GOV and row["status"] != "decommissioned":
                findings += 1
    print(f"CN-GOV-001: {findings} findings")


if __name__ == "__main__":
    main()
