#!/usr/bin/env python3
"""Compares picket's verdict on model files with the truth and with picklescan/modelscan.

usage: scripts/eval-models.py PICKET_BIN [EVAL_DIR]   (default ../shared/eval/models)

EVAL_DIR holds `files/` and `verdicts.json` (per file: truth dangerous|safe|corrupt, and
what picklescan and modelscan said). picket's verdict for a file: dangerous if it has a
`models/dangerous-import` finding, corrupt if `models/corrupt`, otherwise safe; findings
above low severity on a safe file count as false alarms.
"""
import collections, json, os, subprocess, sys

binary = sys.argv[1]
root = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval", "models")
verdicts = json.load(open(os.path.join(root, "verdicts.json")))
out = subprocess.run([binary, "scan", "--checks", "models", "--format", "json", "--min-severity", "info",
                      "--fail-on", "never", "--quiet", os.path.join(root, "files")],
                     capture_output=True, text=True, check=True)
by_file = collections.defaultdict(list)
for f in json.loads(out.stdout)["findings"]:
    by_file[os.path.basename(f["path"])].append(f)
table = collections.Counter()
alarms = []
tool_miss = collections.Counter()
for v in verdicts:
    fs = by_file.get(v["file"], [])
    ids = {f["rule_id"] for f in fs}
    ours = "dangerous" if "models/dangerous-import" in ids else "corrupt" if "models/corrupt" in ids else "safe"
    table[(v["truth"], ours)] += 1
    if v["truth"] == "safe":
        alarms += [(v["file"], f["rule_id"], f["severity"]) for f in fs if f["severity"] not in ("info", "low")]
    if v["truth"] == "dangerous":
        tool_miss["picklescan"] += not v.get("picklescan_dangerous")
        tool_miss["modelscan"] += not v.get("modelscan")
    if ours != v["truth"]:
        print(f"  {v['file']}: truth {v['truth']}, picket {ours}: {sorted(ids)}")
print(f"{'truth':10} {'picket: dangerous':>18} {'safe':>6} {'corrupt':>8}")
for t in ("dangerous", "safe", "corrupt"):
    print(f"{t:10} {table[(t, 'dangerous')]:18} {table[(t, 'safe')]:6} {table[(t, 'corrupt')]:8}")
print(f"findings above low on safe files: {len(alarms)}", *alarms, sep="\n  ")
print(f"dangerous files missed: picket {sum(table[('dangerous', x)] for x in ('safe', 'corrupt'))}, "
      f"picklescan {tool_miss['picklescan']}, modelscan {tool_miss['modelscan']}")
