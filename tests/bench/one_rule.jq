# The obvious alternative in jq, for the benchmark: CN-GOV-001 alone (a
# foreign accelerator in a government-related or critical-infrastructure
# deployment, not decommissioned) over the CSV fleet read as raw lines
# (jq -R: naive comma splitting, which is all jq offers for CSV; the
# generated fleet has no quoted fields). Column order as gen_fleet.py
# writes it: id,model,quantity,site,purpose,status,...
# usage: jq -R -n -f one_rule.jq FLEET.csv
def domestic: IN("Huawei Ascend 910B", "Ascend 910C", "Cambricon MLU370-X8", "Hygon DCU K100",
                 "Kunlunxin R200", "MetaX C500", "Enflame S60", "Iluvatar BI-V100",
                 "Huawei Ascend 910", "NVIDIA H20", "Nvidia H1OO");
reduce (inputs | split(",")) as $r (0;
  if $r[0] == "id" then .
  elif ($r[1] | domestic) then .
  elif ($r[4] == "government" or $r[4] == "critical-infrastructure") and $r[5] != "decommissioned"
  then . + 1 else . end)
| "CN-GOV-001: \(.) findings"
